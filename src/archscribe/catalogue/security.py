"""Catalogue: what in settings, middleware, classes, decorators and calls is a security
measure: authentication, hashing, authorization, sessions, transport and headers
(``data/security.toml``)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from archscribe.catalogue import data_error, read_toml

__all__ = [
    "CodeRule",
    "ListRule",
    "Measure",
    "SecurityKnowledge",
    "SettingRule",
    "parse_security",
    "security_knowledge",
]

SOURCE = "security.toml"
LAYERS = frozenset({"transport", "application", "data"})
AREAS = frozenset(
    {
        "authentication",
        "authorization",
        "session",
        "hashing",
        "transport",
        "headers",
        "cors",
        "csrf",
        "hosts",
        "secrets",
    }
)


@dataclass(frozen=True, slots=True)
class Measure:
    """How to say one measure: its layer and area, the words (``{name}``/``{value}`` filled
    in by the analysis) and the library."""

    layer: str
    area: str
    what: str
    technology: str = ""


@dataclass(frozen=True, slots=True)
class SettingRule:
    """A setting with one value: ``measure.what`` when set (a flag set to True), ``off`` when
    a flag is False (``""``: not reported), ``values`` a value's words."""

    measure: Measure
    off: str = ""
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListRule:
    """A setting listing hosts (``any`` is said when ``"*"`` is among them) or classes
    (``known`` says a class the catalogue knows, ``{what}`` its words; ``first``: only the
    first counts)."""

    measure: Measure
    any: str = ""
    known: str = "{what}"
    first: bool = False


@dataclass(frozen=True, slots=True)
class CodeRule:
    """A callable whose call or object is a measure; ``keyword``'s value fills ``detail``;
    ``imported``: importing the name is evidence enough."""

    measure: Measure
    detail: str = ""
    keyword: str = ""
    imported: bool = False


@dataclass(frozen=True, slots=True)
class SecurityKnowledge:
    """The shipped knowledge, by the fully qualified names the analysis resolves."""

    settings: Mapping[str, SettingRule] = field(default_factory=dict)
    host_lists: Mapping[str, ListRule] = field(default_factory=dict)
    class_lists: Mapping[str, ListRule] = field(default_factory=dict)
    classes: Mapping[str, Measure] = field(default_factory=dict)
    custom_bases: Mapping[str, Measure] = field(default_factory=dict)
    mixins: frozenset[str] = frozenset()
    view_attributes: Mapping[str, str] = field(default_factory=dict)
    role_bases: frozenset[str] = frozenset()
    role_fields: frozenset[str] = frozenset()
    decorators: Mapping[str, Measure] = field(default_factory=dict)
    code: Mapping[str, CodeRule] = field(default_factory=dict)
    dependency_schemes: frozenset[str] = frozenset()
    authentication_words: tuple[str, ...] = ()
    authorization_words: tuple[str, ...] = ()
    non_production: frozenset[str] = frozenset()

    def class_measure(self, qualified: str) -> Measure | None:
        """What a class named in settings or code is; an entry ending in ``.`` covers the
        classes under it."""
        found = self.classes.get(qualified)
        head = qualified
        while found is None and "." in head:
            head = head.rpartition(".")[0]
            found = self.classes.get(head + ".")
        return found


@functools.cache
def security_knowledge() -> SecurityKnowledge:
    """The shipped knowledge."""
    return parse_security(read_toml(SOURCE))


def parse_security(data: Mapping[str, object]) -> SecurityKnowledge:
    """The data file read; a malformed entry is a bug in archscribe (InternalError naming
    it)."""
    settings = {
        name: SettingRule(
            _measure(entry, f"settings.{name}"),
            _text(entry, "off", f"settings.{name}"),
            _strings(entry.get("values", {}), f"settings.{name}.values"),
        )
        for name, entry in _entries(data, "settings").items()
    }
    host_lists = {
        name: ListRule(_measure(entry, f"host_lists.{name}"), _text(entry, "any", name))
        for name, entry in _entries(data, "host_lists").items()
    }
    class_lists: dict[str, ListRule] = {}
    for name, entry in _entries(data, "class_lists").items():
        first = entry.get("first", False)
        if not isinstance(first, bool):
            raise data_error(SOURCE, f"[class_lists.{name!r}] first must be true or false")
        known = _text(entry, "known", name) or "{what}"
        class_lists[name] = ListRule(_measure(entry, name, blank=True), known=known, first=first)
    code: dict[str, CodeRule] = {}
    for name, entry in _entries(data, "code").items():
        imported = entry.get("imported", False)
        if not isinstance(imported, bool):
            raise data_error(SOURCE, f"[code.{name!r}] imported must be true or false")
        code[name] = CodeRule(
            _measure(entry, f"code.{name}"),
            _text(entry, "detail", name),
            _text(entry, "keyword", name),
            imported,
        )
    decorators = {
        name: _measure({"layer": "application", **entry}, f"decorators.{name}")
        for name, entry in _entries(data, "decorators").items()
    }
    roles = _table(data, "roles")
    dependencies = _table(data, "dependencies")
    return SecurityKnowledge(
        settings=settings,
        host_lists=host_lists,
        class_lists=class_lists,
        classes={n: _measure(e, n) for n, e in _entries(data, "classes").items()},
        custom_bases={n: _measure(e, n) for n, e in _entries(data, "custom_bases").items()},
        mixins=frozenset(_list(_table(data, "mixins"), "names")),
        view_attributes=_areas(_table(data, "view_attributes")),
        role_bases=frozenset(_list(roles, "user_bases")),
        role_fields=frozenset(_list(roles, "fields")),
        decorators=decorators,
        code=code,
        dependency_schemes=frozenset(_list(dependencies, "schemes")),
        authentication_words=tuple(_list(dependencies, "authentication_words")),
        authorization_words=tuple(_list(dependencies, "authorization_words")),
        non_production=frozenset(_list(_table(data, "non_production"), "words")),
    )


def _table(data: Mapping[str, object], name: str) -> dict[str, object]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"[{name}] is missing")
    return value


def _entries(data: Mapping[str, object], name: str) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for key, entry in _table(data, name).items():
        if not isinstance(entry, dict):
            raise data_error(SOURCE, f"[{name}] {key!r} is not a table")
        found[key] = entry
    return found


def _measure(entry: Mapping[str, object], where: str, blank: bool = False) -> Measure:
    """A measure's fields; ``blank`` lets a list's ``area`` and ``what`` be empty (its items
    say them)."""
    layer, area, what = (entry.get(k) for k in ("layer", "area", "what"))
    if layer not in LAYERS:
        raise data_error(SOURCE, f"[{where}] has no known layer: {layer!r}")
    if not (area in AREAS or (blank and area == "")):
        raise data_error(SOURCE, f"[{where}] has no known area: {area!r}")
    if not isinstance(what, str):
        raise data_error(SOURCE, f"[{where}] needs what")
    return Measure(str(layer), str(area), what, _text(entry, "technology", where))


def _text(entry: Mapping[str, object], key: str, where: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise data_error(SOURCE, f"[{where}] {key} must be a string")
    return value


def _strings(table: object, where: str) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(v, str) and v for v in table.values()):
        raise data_error(SOURCE, f"[{where}] must map names to words")
    return {str(k): str(v) for k, v in table.items()}


def _areas(table: Mapping[str, object]) -> dict[str, str]:
    found = _strings(table, "view_attributes")
    if not set(found.values()) <= AREAS:
        raise data_error(SOURCE, "[view_attributes] names an unknown area")
    return found


def _list(table: Mapping[str, object], key: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise data_error(SOURCE, f"{key} must be a list of names")
    return [str(v) for v in value]
