"""Catalogue: the technology catalogue, read from ``data/technologies.toml``.

Each technology has a canonical name, a category and the keys it is recognised by: PyPI
distributions, Python imports, container images, npm packages, URL schemes, dotted paths in
settings, Terraform and CloudFormation resource types, other ecosystems' packages (RubyGems, Go
modules, crates, Maven artifacts), deployment-file kinds and cloud providers. A client library
may name the technology it ``reaches`` (psycopg reaches PostgreSQL). The categories, with
whether each is development tooling, are data too: code never spells them out.

The file is read once per process, on first use, and checked whole: a malformed entry, an
unknown category, a ``reaches`` naming no entry, a name given twice or a key claimed by two
technologies is a bug in archscribe, reported as :class:`~archscribe.errors.InternalError`
naming the file and every bad entry. :func:`build_index` builds an index from entries already
made (the user's technologies are merged in by :mod:`archscribe.catalogue.bundle`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from archscribe.catalogue import data_error, read_toml

__all__ = [
    "KEY_KINDS",
    "KEY_KIND_DESCRIPTIONS",
    "PACKAGE_ECOSYSTEMS",
    "Category",
    "TechnologyEntry",
    "TechnologyIndex",
    "build_index",
    "by_distribution",
    "by_image",
    "by_import",
    "by_npm",
    "canonical_key",
    "categories",
    "is_tooling",
    "lookup_key",
    "normalise_distribution",
    "normalise_image",
    "parse_technologies",
    "technologies",
    "technology_index",
    "technology_named",
]

SOURCE = "technologies.toml"
KEY_KINDS = (
    "distributions",
    "imports",
    "images",
    "npm",
    "schemes",
    "python_paths",
    "terraform",
    "gems",
    "go",
    "cargo",
    "maven",
    "platforms",
    "providers",
    "cloudformation",
    "nuget",
)
"""The kinds of key a technology is recognised by, as the data file spells them."""

PACKAGE_ECOSYSTEMS: Mapping[str, str] = MappingProxyType(
    {
        "python": "distributions",
        "npm": "npm",
        "rubygems": "gems",
        "go": "go",
        "cargo": "cargo",
        "maven": "maven",
        "nuget": "nuget",
    }
)
"""The ecosystems :meth:`TechnologyIndex.by_package` knows -> the kind of key of their names."""

KEY_KIND_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "distributions": "a PyPI distribution name",
        "imports": "a dotted Python import name",
        "images": "a container image name",
        "npm": "an npm package name (lower case, with its @scope if it has one)",
        "schemes": "a URL scheme (a letter, then letters, digits, '+', '-' or '.')",
        "python_paths": "a dotted Python path",
        "terraform": "a Terraform resource type or prefix (lower-case words joined by '_')",
        "gems": "a RubyGems name",
        "go": "a Go module path (a host name, then its path)",
        "cargo": "a crate name (lower case)",
        "maven": "a Maven 'groupId:artifactId', or a 'groupId'",
        "platforms": "a kind of deployment file (lower-case words joined by '-')",
        "providers": "a provider name (lower-case words joined by '-')",
        "cloudformation": "a CloudFormation resource type ('AWS::Service::Resource')",
        "nuget": "a NuGet package id (e.g. 'Npgsql', 'Microsoft.EntityFrameworkCore')",
    }
)
"""What a key of each kind is, for messages about a key that is not one."""

_TOP_LEVEL = frozenset({"categories", "technology"})
_ENTRY_FIELDS = frozenset({"name", "category", "reaches", *KEY_KINDS})
_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_MAVEN_PART = r"[A-Za-z0-9_][A-Za-z0-9._-]*"
_CANONICAL = {
    "distributions": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "imports": re.compile(rf"{_IDENTIFIER}(?:\.{_IDENTIFIER})*"),
    "images": re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*"),
    "npm": re.compile(r"(?:@[a-z0-9~][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*"),
    "schemes": re.compile(r"[a-z][a-z0-9+.-]*"),
    "python_paths": re.compile(rf"{_IDENTIFIER}(?:\.{_IDENTIFIER})*"),
    "terraform": re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"),
    "gems": re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*"),
    "go": re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[A-Za-z0-9._~-]+)*"),
    "cargo": re.compile(r"[a-z0-9][a-z0-9_-]*"),
    "maven": re.compile(rf"{_MAVEN_PART}(?::{_MAVEN_PART})?"),
    "platforms": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "providers": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "cloudformation": re.compile(r"[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+"),
    "nuget": re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*"),
}
_GO_MAJOR = re.compile(r"/v[0-9]+$")
_DOCKER_HUB = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of technology; ``tooling`` ones (tests, linters, builds) never run in production."""

    name: str
    description: str
    tooling: bool


@dataclass(frozen=True, slots=True)
class TechnologyEntry:
    """A technology and the keys it is recognised by, one tuple per kind of :data:`KEY_KINDS`;
    ``reaches`` names the technology a client library connects to (another entry), or is
    ``None``."""

    name: str
    category: str
    reaches: str | None
    distributions: tuple[str, ...]
    imports: tuple[str, ...]
    images: tuple[str, ...]
    npm: tuple[str, ...]
    schemes: tuple[str, ...] = ()
    python_paths: tuple[str, ...] = ()
    terraform: tuple[str, ...] = ()
    gems: tuple[str, ...] = ()
    go: tuple[str, ...] = ()
    cargo: tuple[str, ...] = ()
    maven: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    cloudformation: tuple[str, ...] = ()
    nuget: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TechnologyIndex:
    """The categories, the entries in file order, and each kind of key -> its entry (keyed by
    :func:`lookup_key`). Every lookup is a few dictionary reads; none raises."""

    categories: Mapping[str, Category]
    entries: tuple[TechnologyEntry, ...]
    names: Mapping[str, TechnologyEntry]
    distributions: Mapping[str, TechnologyEntry]
    imports: Mapping[str, TechnologyEntry]
    images: Mapping[str, TechnologyEntry]
    npm: Mapping[str, TechnologyEntry]
    schemes: Mapping[str, TechnologyEntry]
    python_paths: Mapping[str, TechnologyEntry]
    terraform: Mapping[str, TechnologyEntry]
    gems: Mapping[str, TechnologyEntry]
    go: Mapping[str, TechnologyEntry]
    cargo: Mapping[str, TechnologyEntry]
    maven: Mapping[str, TechnologyEntry]
    platforms: Mapping[str, TechnologyEntry]
    providers: Mapping[str, TechnologyEntry]
    cloudformation: Mapping[str, TechnologyEntry]
    nuget: Mapping[str, TechnologyEntry]

    def by_distribution(self, name: str) -> TechnologyEntry | None:
        """The technology a PyPI distribution belongs to, compared PEP 503 normalised."""
        return self.distributions.get(normalise_distribution(name))

    def by_import(self, dotted: str) -> TechnologyEntry | None:
        """The technology an import reveals, by its longest dotted prefix in the catalogue:
        ``google.cloud.storage.blob`` finds Google Cloud Storage; ``flask_sqlalchemy`` is not
        ``flask``. For ``from a import b``, pass ``"a.b"``."""
        return _longest_prefix(self.imports, dotted.strip(), ".")

    def by_image(self, reference: str) -> TechnologyEntry | None:
        """The technology a container image reference runs, whatever its registry, tag or
        digest: ``docker.io/library/postgres:16-alpine`` is PostgreSQL."""
        return self.images.get(normalise_image(reference))

    def by_npm(self, name: str) -> TechnologyEntry | None:
        """The technology an npm package belongs to, by its exact name (with its @scope)."""
        return self.npm.get(name.strip())

    def by_scheme(self, scheme: str) -> TechnologyEntry | None:
        """The technology a connection URL's scheme reaches (``postgres``, ``amqp``, ``s3``),
        compared lower-cased, anything from a ``:`` on ignored. The whole scheme is tried
        first (``mongodb+srv`` is a key), then the part before a ``+`` (``postgresql+psycopg``
        is ``postgresql``). Schemes that reach anything (``http``, ``https``, ``file``,
        ``ftp``) are no key: they find nothing."""
        lowered = scheme.strip().lower().partition(":")[0]
        return self.schemes.get(lowered) or self.schemes.get(lowered.partition("+")[0])

    def by_python_path(self, dotted: str) -> TechnologyEntry | None:
        """The technology a dotted path given as a settings value names (a Django database
        ENGINE, cache, e-mail, storage or channel-layer BACKEND), by its longest dotted prefix
        in the catalogue: ``django.core.cache.backends.redis.RedisCache`` is Redis. Only the
        catalogue's paths count, never its imports: ``django.db.backends`` alone is
        nothing, and so is ``django.core.cache.backends.locmem.LocMemCache``."""
        return _longest_prefix(self.python_paths, dotted.strip(), ".")

    def by_terraform(self, resource_type: str) -> TechnologyEntry | None:
        """The technology a Terraform resource type manages, by its longest ``_``-separated
        prefix in the catalogue: ``aws_elasticache_replication_group`` finds the entry of
        ``aws_elasticache``, ``cloudflare_record`` that of ``cloudflare``; a provider with
        many services (``aws``, ``google``, ``azurerm``) is never a key by itself."""
        return _longest_prefix(self.terraform, resource_type.strip().lower(), "_")

    def by_platform(self, file_kind: str) -> TechnologyEntry | None:
        """The platform a kind of deployment file deploys to (``fly`` is Fly.io, ``kubernetes``
        Kubernetes), by the file kinds the scanners give."""
        return self.platforms.get(file_kind)

    def by_provider(self, name: str) -> TechnologyEntry | None:
        """The cloud a Terraform or serverless provider manages (``aws``, ``google``)."""
        return self.providers.get(name.strip().lower())

    def by_cloudformation(self, resource_type: str) -> TechnologyEntry | None:
        """The service a CloudFormation resource type creates (``AWS::SQS::Queue``)."""
        return self.cloudformation.get(resource_type.strip())

    def by_package(self, ecosystem: str, name: str) -> TechnologyEntry | None:
        """The technology a package of an ecosystem of :data:`PACKAGE_ECOSYSTEMS` belongs to;
        ``None`` for an ecosystem it does not know.

        - ``python``: a PyPI distribution, as :meth:`by_distribution`;
        - ``npm``: the exact package name, as :meth:`by_npm`;
        - ``rubygems``: the exact gem name;
        - ``go``: a module path, its ``/vN`` major-version suffix ignored, matched by its
          longest path prefix (``github.com/aws/aws-sdk-go-v2/service/s3`` before
          ``github.com/aws/aws-sdk-go-v2``);
        - ``cargo``: a crate name, ``-`` and ``_`` alike as crates.io has them;
        - ``maven``: ``groupId:artifactId`` (a ``:version`` after it ignored), else the
          entry of the whole ``groupId``;
        - ``nuget``: a package id, compared case-insensitively as NuGet does, matched by its
          longest dotted prefix (``Microsoft.AspNetCore.Mvc`` finds ``Microsoft.AspNetCore``).
        """
        kind = PACKAGE_ECOSYSTEMS.get(ecosystem)
        if kind == "distributions":
            return self.by_distribution(name)
        if kind == "go":
            return _longest_prefix(self.go, _GO_MAJOR.sub("", name.strip()), "/")
        if kind == "maven":
            group, _, rest = name.strip().partition(":")
            artifact = rest.partition(":")[0]
            return self.maven.get(f"{group}:{artifact}") or self.maven.get(group)
        if kind == "nuget":
            return _longest_prefix(self.nuget, name.strip().lower(), ".")
        if kind is None:
            return None
        table: Mapping[str, TechnologyEntry] = getattr(self, kind)
        text = name.strip().lower() if kind == "cargo" else name.strip()
        return table.get(lookup_key(kind, text))


def _longest_prefix(
    table: Mapping[str, TechnologyEntry], text: str, separator: str
) -> TechnologyEntry | None:
    parts = text.split(separator)
    for end in range(len(parts), 0, -1):
        found = table.get(separator.join(parts[:end]))
        if found is not None:
            return found
    return None


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


def canonical_key(kind: str, key: str) -> str | None:
    """``key`` written as the catalogue writes keys of ``kind`` (a distribution PEP 503
    normalised, an image without registry or tag, a scheme or Terraform type lower case, a Go
    module without its ``/vN``), or ``None`` when it is no key of that kind (or the kind is
    unknown). The shipped file must write every key so; the user's keys are made so."""
    pattern = _CANONICAL.get(kind)
    text = key.strip()
    if kind == "distributions":
        text = normalise_distribution(text)
    elif kind == "images":
        text = normalise_image(text)
    elif kind in ("schemes", "terraform", "cargo", "providers"):
        text = text.lower()
    elif kind == "go":
        text = _GO_MAJOR.sub("", text)
    if pattern is None or pattern.fullmatch(text) is None:
        return None
    return text


def lookup_key(kind: str, key: str) -> str:
    """The form a key of ``kind``, written in canonical form, is indexed and looked up by:
    itself, but a crate's ``_`` read as ``-`` (crates.io treats them alike) and a NuGet id
    lower case (NuGet ignores case)."""
    if kind == "nuget":
        return key.lower()
    return key.replace("_", "-") if kind == "cargo" else key


def build_index(
    known: Mapping[str, Category], entries: Iterable[TechnologyEntry]
) -> tuple[TechnologyIndex, list[str]]:
    """The index of ``entries`` (kept in their order) and the problems that make it unsound:
    an unknown category, a name given twice, a key claimed by two technologies, a ``reaches``
    naming no other entry. The index is complete only when there is no problem."""
    problems: list[str] = []
    listed = tuple(entries)
    names: dict[str, TechnologyEntry] = {}
    claimed: dict[str, dict[str, TechnologyEntry]] = {kind: {} for kind in KEY_KINDS}
    for entry in listed:
        if entry.category not in known:
            problems.append(f"{entry.name} has unknown category {entry.category!r}")
        if names.setdefault(entry.name, entry) is not entry:
            problems.append(f"the name {entry.name!r} is given to two technologies")
        for kind, table in claimed.items():
            for key in getattr(entry, kind):
                holder = table.setdefault(lookup_key(kind, key), entry)
                if holder is not entry:
                    problems.append(f"{kind} {key!r} is claimed by {holder.name} and {entry.name}")
    for entry in listed:
        if entry.reaches is not None and (
            entry.reaches == entry.name or entry.reaches not in names
        ):
            problems.append(f"{entry.name} reaches {entry.reaches!r}, which is no other entry")
    frozen = {kind: MappingProxyType(table) for kind, table in claimed.items()}
    built = TechnologyIndex(
        MappingProxyType(dict(known)), listed, MappingProxyType(names), **frozen
    )
    return built, problems


def parse_technologies(document: Mapping[str, object], source: str) -> TechnologyIndex:
    """The index of a catalogue document as ``technologies.toml`` lays it out, or an
    InternalError naming ``source`` and every bad entry.

    Beyond :func:`build_index`'s checks, a string that is both an import and a settings path
    must name the same technology in both."""
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
    index, found = build_index(known, entries)
    problems += found
    for path, entry in index.python_paths.items():
        other = index.imports.get(path)
        if other is not None and other is not entry:
            problems.append(
                f"{path!r} is an import of {other.name} but a python_paths key of {entry.name}"
            )
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        shown = "; ".join(problems[:20]) + ("; …" if len(problems) > 20 else "")
        raise data_error(source, f"has {count}: {shown}")
    return index


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
    keys = {
        kind: _parse_keys(item[kind], kind, where, problems) if kind in item else ()
        for kind in KEY_KINDS
    }
    if len(problems) > before or not isinstance(category, str):
        return None
    return TechnologyEntry(name, category, reaches if isinstance(reaches, str) else None, **keys)


def _parse_keys(raw: object, kind: str, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(key, str) for key in raw):
        problems.append(f"{where} {kind} is not a list of names")
        return ()
    keys: tuple[str, ...] = tuple(raw)
    for key in keys:
        if canonical_key(kind, key) != key:
            problems.append(f"{where} {kind} {key!r} is not written in canonical form")
    if len({lookup_key(kind, key) for key in keys}) != len(keys):
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
