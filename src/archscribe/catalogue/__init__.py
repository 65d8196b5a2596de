"""Catalogue: the technology knowledge archscribe ships as data, and its loader.

The knowledge lives in ``data/`` beside this module, as plain text and TOML files a contributor
can extend without touching code:

- ``stdlib.txt``: the standard library's top-level module names (Python 3.11 to 3.13);
- ``import_names.toml``: import names whose distribution is spelled differently (``yaml`` is
  ``PyYAML``);
- ``frameworks.toml``: imports that tell what kind of system a project is, with their role;
- ``languages.toml``: file names and extensions, for counting languages;
- ``technologies.toml``: the technology catalogue (distributions, imports, container images and
  npm packages -> technology and category), read by :mod:`archscribe.catalogue.technologies`.
- ``deploy_tools.toml``: what in a CI job deploys, and with which tool;
- ``route_owners.toml`` and ``routing.toml``: what declares HTTP routes (decorator owners,
  URL lists, route tables, REST framework routers and viewsets, class-based views);
- ``code_interfaces.toml``: commands, tasks, schedules, signals, consumers, gRPC and GraphQL;
- ``data_models.toml``: ORM, ODM and schema bases, relation fields, record decorators;
- ``outbound.toml``: HTTP clients, SDK clients and e-mail sending;
- ``security.toml`` and ``resilience.toml``: security measures, error handlers, retries,
  circuit breakers, blocking calls and error tracking;
- ``scan_calls.toml``: which calls the Python scanner keeps at all.

Each file is read once per process, on first use. A data file that does not load is a bug in
archscribe, reported as :class:`~archscribe.errors.InternalError`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType

from archscribe.errors import InternalError

__all__ = [
    "ROLES",
    "Technology",
    "framework_for",
    "frameworks",
    "import_name_map",
    "language_of",
    "stdlib_modules",
]

ROLES = frozenset(
    {
        "web-framework",
        "asgi-wsgi-server",
        "task-queue",
        "messaging",
        "scheduler",
        "cli-framework",
        "gui",
    }
)
"""The roles a framework may play, as ``frameworks.toml`` spells them."""


@dataclass(frozen=True, slots=True)
class Technology:
    """A technology an import reveals: ``key`` is the dotted import it is known by."""

    key: str
    name: str
    role: str


@functools.cache
def stdlib_modules() -> frozenset[str]:
    """The standard library's top-level module names (3.11, 3.12 and 3.13 together)."""
    text = _read_text("stdlib.txt")
    return frozenset(
        stripped
        for line in text.splitlines()
        if (stripped := line.strip()) and not stripped.startswith("#")
    )


@functools.cache
def import_name_map() -> Mapping[str, str]:
    """Top-level import name -> distribution name, for the names where the two differ."""
    table = read_table("import_names.toml", "import-names")
    return MappingProxyType(_string_values(table, "import_names.toml", "import-names"))


@functools.cache
def namespace_packages() -> frozenset[str]:
    """Top-level names that many distributions share (google, azure, zope…)."""
    names = read_table("import_names.toml", "namespace-packages").get("names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise data_error("import_names.toml", "[namespace-packages] names is not a list of names")
    return frozenset(names)


@functools.cache
def frameworks() -> Mapping[str, Technology]:
    """Dotted import name -> the framework (or server, queue, CLI or GUI toolkit) it reveals."""
    source = "frameworks.toml"
    data = read_toml(source)
    found: dict[str, Technology] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise data_error(source, f"[{key}] is not a table")
        name = entry.get("technology")
        role = entry.get("role")
        if not isinstance(name, str) or not name:
            raise data_error(source, f"[{key}] has no technology name")
        if role not in ROLES:
            raise data_error(source, f"[{key}] has unknown role {role!r}")
        found[key] = Technology(key=key, name=name, role=role)
    return MappingProxyType(found)


def framework_for(dotted_import: str) -> Technology | None:
    """The framework an import reveals, by its longest dotted prefix in the catalogue.

    ``aiohttp.web.Application`` finds ``aiohttp.web``; plain ``aiohttp`` (a client) finds
    nothing. For ``from a import b``, pass ``"a.b"``: ``from gi.repository import Gtk`` is
    ``gi.repository.Gtk``.
    """
    known = frameworks()
    parts = dotted_import.split(".")
    for end in range(len(parts), 0, -1):
        technology = known.get(".".join(parts[:end]))
        if technology is not None:
            return technology
    return None


def language_of(path: str) -> str | None:
    """The language a file is written in, from its name; ``None`` when the catalogue has none.

    Exact file names win (``Dockerfile``, ``CMakeLists.txt``), then name prefixes
    (``Dockerfile.dev``), then the longest known extension, compared lower-case.
    """
    names, prefixes, extensions = _language_tables()
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    exact = names.get(base)
    if exact is not None:
        return exact
    for prefix, prefixed in prefixes:
        if base.startswith(prefix):
            return prefixed
    lowered = base.lower()
    start = lowered.find(".", 1)
    while start != -1:
        by_extension = extensions.get(lowered[start:])
        if by_extension is not None:
            return by_extension
        start = lowered.find(".", start + 1)
    return None


@functools.cache
def _language_tables() -> tuple[Mapping[str, str], tuple[tuple[str, str], ...], Mapping[str, str]]:
    source = "languages.toml"
    data = read_toml(source)

    def table(name: str) -> dict[str, str]:
        value = data.get(name)
        if not isinstance(value, dict):
            raise data_error(source, f"[{name}] is missing")
        return _string_values(value, source, name)

    prefixes = sorted(table("file-name-prefixes").items(), key=lambda item: -len(item[0]))
    extensions = {key.lower(): value for key, value in table("extensions").items()}
    return table("file-names"), tuple(prefixes), extensions


def _read_text(name: str) -> str:
    try:
        return (files("archscribe.catalogue") / "data" / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise data_error(name, f"cannot be read ({error})") from error


def read_toml(name: str) -> dict[str, object]:
    """The data file ``name`` as TOML, or an InternalError naming it."""
    try:
        return tomllib.loads(_read_text(name))
    except tomllib.TOMLDecodeError as error:
        raise data_error(name, f"is not valid TOML ({error})") from error


def read_table(source: str, table: str) -> dict[str, object]:
    """The table ``table`` of the data file ``source``, or an InternalError naming both."""
    value = read_toml(source).get(table)
    if not isinstance(value, dict):
        raise data_error(source, f"[{table}] is missing")
    return value


def _string_values(table: Mapping[str, object], source: str, where: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise data_error(source, f"[{where}] {key} is not a non-empty string")
        result[key] = value
    return result


def data_error(source: str, message: str) -> InternalError:
    """The error for a shipped data file that does not load: ``message`` says what is wrong."""
    return InternalError(
        f"the catalogue file {source} {message}; this is a bug in archscribe",
        where=f"archscribe/catalogue/data/{source}",
        hint="reinstall archscribe; if it persists, please report it",
    )
