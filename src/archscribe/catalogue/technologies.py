"""Catalogue: the technology catalogue, read from ``data/technologies.toml``.

Each technology has a canonical name, a category and the keys it is recognised by: PyPI
distributions, Python imports, container images and npm packages. A client library may name
the technology it ``reaches`` (psycopg reaches PostgreSQL). The categories, with whether each
is development tooling, are data too: code never spells them out.

The file is read once per process, on first use, and checked whole: a malformed entry, an
unknown category, a ``reaches`` naming no entry, a name given twice or a key claimed by two
technologies is a bug in archscribe, reported as :class:`~archscribe.errors.InternalError`
naming the file and every bad entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from archscribe.catalogue import data_error, read_toml

__all__ = [
    "Category",
    "TechnologyEntry",
    "TechnologyIndex",
    "by_distribution",
    "by_image",
    "by_import",
    "by_npm",
    "categories",
    "is_tooling",
    "normalise_distribution",
    "normalise_image",
    "parse_technologies",
    "technologies",
    "technology_index",
    "technology_named",
]

SOURCE = "technologies.toml"
KEY_KINDS = ("distributions", "imports", "images", "npm")
"""The kinds of key a technology is recognised by, as the data file spells them."""

_TOP_LEVEL = frozenset({"categories", "technology"})
_ENTRY_FIELDS = frozenset({"name", "category", "reaches", *KEY_KINDS})
_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_CANONICAL = {
    "imports": re.compile(rf"{_IDENTIFIER}(?:\.{_IDENTIFIER})*"),
    "images": re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*"),
    "npm": re.compile(r"(?:@[a-z0-9~][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*"),
}
_DOCKER_HUB = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of technology; ``tooling`` ones (tests, linters, builds) never run in production."""

    name: str
    description: str
    tooling: bool


@dataclass(frozen=True, slots=True)
class TechnologyEntry:
    """A technology and the keys it is recognised by; ``reaches`` names the technology a client
    library connects to (another entry), or is ``None``."""

    name: str
    category: str
    reaches: str | None
    distributions: tuple[str, ...]
    imports: tuple[str, ...]
    images: tuple[str, ...]
    npm: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TechnologyIndex:
    """The categories, the entries in file order, and each kind of key -> its entry."""

    categories: Mapping[str, Category]
    entries: tuple[TechnologyEntry, ...]
    names: Mapping[str, TechnologyEntry]
    distributions: Mapping[str, TechnologyEntry]
    imports: Mapping[str, TechnologyEntry]
    images: Mapping[str, TechnologyEntry]
    npm: Mapping[str, TechnologyEntry]

    def by_distribution(self, name: str) -> TechnologyEntry | None:
        """The technology a PyPI distribution belongs to, compared PEP 503 normalised."""
        return self.distributions.get(normalise_distribution(name))

    def by_import(self, dotted: str) -> TechnologyEntry | None:
        """The technology an import reveals, by its longest dotted prefix in the catalogue:
        ``google.cloud.storage.blob`` finds Google Cloud Storage; ``flask_sqlalchemy`` is not
        ``flask``. For ``from a import b``, pass ``"a.b"``."""
        parts = dotted.strip().split(".")
        for end in range(len(parts), 0, -1):
            found = self.imports.get(".".join(parts[:end]))
            if found is not None:
                return found
        return None

    def by_image(self, reference: str) -> TechnologyEntry | None:
        """The technology a container image reference runs, whatever its registry, tag or
        digest: ``docker.io/library/postgres:16-alpine`` is PostgreSQL."""
        return self.images.get(normalise_image(reference))

    def by_npm(self, name: str) -> TechnologyEntry | None:
        """The technology an npm package belongs to, by its exact name (with its @scope)."""
        return self.npm.get(name.strip())


def normalise_distribution(name: str) -> str:
    """PEP 503 name normalisation: ``Flask_SQLAlchemy`` is ``flask-sqlalchemy``."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def normalise_image(reference: str) -> str:
    """A container image reference without registry host, tag or digest, lower case.

    ``docker.io/library/postgres:16-alpine`` is ``postgres``, ``ghcr.io/org/x:1`` is ``org/x``,
    ``localhost:5000/app@sha256:…`` is ``app``. The first part of the path is a registry host
    when it has a ``.`` or a ``:`` or is ``localhost``, as Docker reads it; ``library/`` is Docker
    Hub's namespace of official images, also mirrored under ``public.ecr.aws/docker/library``.
    """
    path = reference.strip().lower().split("@", 1)[0]
    parts = path.split("/")
    registry = ""
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        registry, parts = parts[0], parts[1:]
    parts[-1] = parts[-1].split(":", 1)[0]
    if registry == "public.ecr.aws" and len(parts) == 3 and parts[:2] == ["docker", "library"]:
        parts = parts[2:]
    if len(parts) == 2 and parts[0] == "library" and (not registry or registry in _DOCKER_HUB):
        parts = parts[1:]
    return "/".join(parts)


def parse_technologies(document: Mapping[str, object], source: str) -> TechnologyIndex:
    """The index of a catalogue document as ``technologies.toml`` lays it out, or an
    InternalError naming ``source`` and every bad entry."""
    problems: list[str] = []
    known = _parse_categories(document.get("categories"), problems)
    raw = document.get("technology")
    if not isinstance(raw, list):
        problems.append("[[technology]] is missing or not an array of tables")
        raw = []
    problems += [f"unknown table [{key}]" for key in document if key not in _TOP_LEVEL]
    entries: list[TechnologyEntry] = []
    for number, item in enumerate(raw, start=1):
        entry = _parse_entry(item, known, f"[[technology]] #{number}", problems)
        if entry is not None:
            entries.append(entry)
    names: dict[str, TechnologyEntry] = {}
    claimed: dict[str, dict[str, TechnologyEntry]] = {kind: {} for kind in KEY_KINDS}
    for entry in entries:
        if names.setdefault(entry.name, entry) is not entry:
            problems.append(f"the name {entry.name!r} is given to two technologies")
        for kind, index in claimed.items():
            for key in getattr(entry, kind):
                holder = index.setdefault(key, entry)
                if holder is not entry:
                    problems.append(f"{kind} {key!r} is claimed by {holder.name} and {entry.name}")
    for entry in entries:
        if entry.reaches is not None and (
            entry.reaches == entry.name or entry.reaches not in names
        ):
            problems.append(f"{entry.name} reaches {entry.reaches!r}, which is no other entry")
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        shown = "; ".join(problems[:20]) + ("; …" if len(problems) > 20 else "")
        raise data_error(source, f"has {count}: {shown}")
    frozen = {kind: MappingProxyType(index) for kind, index in claimed.items()}
    return TechnologyIndex(
        MappingProxyType(known), tuple(entries), MappingProxyType(names), **frozen
    )


def _parse_categories(raw: object, problems: list[str]) -> dict[str, Category]:
    if not isinstance(raw, dict) or not raw:
        problems.append("[categories] is missing or empty")
        return {}
    found: dict[str, Category] = {}
    for name, table in raw.items():
        description = table.get("description") if isinstance(table, dict) else None
        tooling = table.get("tooling") if isinstance(table, dict) else None
        if (
            not isinstance(table, dict)
            or set(table) != {"description", "tooling"}
            or not isinstance(description, str)
            or not description
            or not isinstance(tooling, bool)
        ):
            problems.append(f'[categories."{name}"] needs a description and tooling, only')
            continue
        found[name] = Category(name, description, tooling)
    return found


def _parse_entry(
    item: object, known: Mapping[str, Category], where: str, problems: list[str]
) -> TechnologyEntry | None:
    if not isinstance(item, dict):
        problems.append(f"{where} is not a table")
        return None
    name = item.get("name")
    if not isinstance(name, str) or not name or name != name.strip():
        problems.append(f"{where} has no name")
        return None
    where = f"{where} ({name})"
    before = len(problems)
    problems += [f"{where} has unknown field {key!r}" for key in item if key not in _ENTRY_FIELDS]
    category = item.get("category")
    if not isinstance(category, str) or category not in known:
        problems.append(f"{where} has unknown category {category!r}")
    reaches = item.get("reaches")
    if reaches is not None and (not isinstance(reaches, str) or not reaches):
        problems.append(f"{where} has a reaches that is not a name")
    keys = {kind: _parse_keys(item.get(kind, []), kind, where, problems) for kind in KEY_KINDS}
    if len(problems) > before or not isinstance(category, str):
        return None
    return TechnologyEntry(name, category, reaches if isinstance(reaches, str) else None, **keys)


def _parse_keys(raw: object, kind: str, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(key, str) for key in raw):
        problems.append(f"{where} {kind} is not a list of names")
        return ()
    keys: tuple[str, ...] = tuple(raw)
    for key in keys:
        if kind == "distributions":
            canonical = key == normalise_distribution(key) and bool(key)
        else:
            canonical = _CANONICAL[kind].fullmatch(key) is not None
            if kind == "images":
                canonical = canonical and normalise_image(key) == key
        if not canonical:
            problems.append(f"{where} {kind} {key!r} is not written in canonical form")
    if len(set(keys)) != len(keys):
        problems.append(f"{where} {kind} lists a name twice")
    return keys


@functools.cache
def technology_index() -> TechnologyIndex:
    """The catalogue shipped with archscribe, read on first use."""
    return parse_technologies(read_toml(SOURCE), SOURCE)


@functools.cache
def categories() -> Mapping[str, Category]:
    """Category name -> category, in the order of the data file."""
    return technology_index().categories


@functools.cache
def technologies() -> tuple[TechnologyEntry, ...]:
    """Every technology of the catalogue, in the order of the data file."""
    return technology_index().entries


def technology_named(name: str) -> TechnologyEntry | None:
    """The technology of that canonical name (the target of a ``reaches``), if any."""
    return technology_index().names.get(name)


def is_tooling(entry: TechnologyEntry) -> bool:
    """Whether the technology is development tooling, never a production technology."""
    return technology_index().categories[entry.category].tooling


def by_distribution(name: str) -> TechnologyEntry | None:
    """The technology a PyPI distribution belongs to (``psycopg2-binary`` is psycopg)."""
    return technology_index().by_distribution(name)


def by_import(dotted: str) -> TechnologyEntry | None:
    """The technology an import reveals, by its longest dotted prefix in the catalogue."""
    return technology_index().by_import(dotted)


def by_image(reference: str) -> TechnologyEntry | None:
    """The technology a container image runs (registry host, tag and digest ignored)."""
    return technology_index().by_image(reference)


def by_npm(name: str) -> TechnologyEntry | None:
    """The technology an npm package belongs to."""
    return technology_index().by_npm(name)
