"""Catalogue: how web frameworks declare routes other than by decorators: URL-list entries
(Django, Starlette), route-table calls (aiohttp, Falcon, Tornado, ``add_url_rule``,
``add_api_route``), Django REST framework routers and viewset actions, and the HTTP methods of
class-based views, read from ``data/routing.toml``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from archscribe.catalogue import data_error, read_toml

__all__ = [
    "STYLES",
    "DrfAction",
    "Registration",
    "RoutingKnowledge",
    "UrlEntry",
    "parse_routing",
    "routing_knowledge",
]

SOURCE = "routing.toml"

ROLES = frozenset({"route", "websocket", "mount"})
STYLES = frozenset({"path-view", "method-path-view", "rule", "path-class", "handler-list"})
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"})
_ANY = "ANY"
_WS = "WS"


@dataclass(frozen=True, slots=True)
class UrlEntry:
    """What a call in a URL list declares: a ``route`` to a view, a ``websocket`` endpoint or a
    ``mount``; ``regex`` when its route is a regular expression; ``default`` the method when the
    view tells none."""

    role: str
    regex: bool
    default: str


@dataclass(frozen=True, slots=True)
class Registration:
    """How a registration call gives its route (``style``, see :data:`STYLES`), the method
    when it gives none, and the prefix of a class's responder methods (Falcon's ``on_``)."""

    style: str
    method: str
    responder: str = ""


@dataclass(frozen=True, slots=True)
class DrfAction:
    """A standard viewset action: its method, and whether it acts on one object."""

    method: str
    detail: bool


@dataclass(frozen=True, slots=True)
class RoutingKnowledge:
    """How web frameworks declare routes other than by decorators (see the data file)."""

    url_entries: Mapping[str, UrlEntry] = field(default_factory=dict)
    includes: frozenset[str] = frozenset()
    admin_urls: frozenset[str] = frozenset()
    root_setting: str = ""
    view_decorators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    method_list_decorators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    class_views: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    handler_methods: Mapping[str, str] = field(default_factory=dict)
    method_attributes: Mapping[str, str] = field(default_factory=dict)  # name -> mode
    websocket_bases: frozenset[str] = frozenset()
    routers: Mapping[str, bool] = field(default_factory=dict)  # router class -> API root
    viewsets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    actions: Mapping[str, DrfAction] = field(default_factory=dict)
    action_decorators: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, str] = field(default_factory=dict)  # callable -> family
    registrations: Mapping[str, Mapping[str, Registration]] = field(default_factory=dict)
    functions: Mapping[str, Registration] = field(default_factory=dict)
    handler_list_entries: frozenset[str] = frozenset()  # Tornado's url(...) in a handler list


@functools.cache
def routing_knowledge() -> RoutingKnowledge:
    """The shipped knowledge."""
    return parse_routing(read_toml(SOURCE))


def parse_routing(document: Mapping[str, object]) -> RoutingKnowledge:
    """The data file read; anything malformed is a bug in archscribe (InternalError naming
    the table and the entry)."""
    django = _table(document, "django")
    drf = _table(document, "drf")
    return RoutingKnowledge(
        url_entries={
            name: _url_entry(name, value)
            for name, value in _table(document, "url-entries").items()
        },
        includes=frozenset(_names(django, "includes", "[django]")),
        admin_urls=frozenset(_names(django, "admin", "[django]")),
        root_setting=_text(django.get("root-setting"), "[django] root-setting"),
        view_decorators=_method_lists(document, "view-decorators", allow_empty=False),
        method_list_decorators=_method_lists(document, "method-list-decorators"),
        class_views=_method_lists(document, "class-views", allow_empty=False, allow_any=True),
        handler_methods={
            name: _method(value, f"[handler-methods] {name}")
            for name, value in _table(document, "handler-methods").items()
        },
        method_attributes={
            name: _choice(value, {"declare", "restrict"}, f"[method-attributes] {name}")
            for name, value in _table(document, "method-attributes").items()
        },
        websocket_bases=frozenset(
            _names(_table(document, "websocket-bases"), "bases", "[websocket-bases]")
        ),
        routers={
            name: _flag(value, "api-root", f"[drf.routers] {name}")
            for name, value in _table(drf, "routers", "drf.").items()
        },
        viewsets={
            name: tuple(_names({"v": value}, "v", f"[drf.viewsets] {name}"))
            for name, value in _table(drf, "viewsets", "drf.").items()
        },
        actions={
            name: _action(name, value) for name, value in _table(drf, "actions", "drf.").items()
        },
        action_decorators={
            name: _choice(value, {"keyword", "detail", "list"}, f"[drf.action-decorators] {name}")
            for name, value in _table(drf, "action-decorators", "drf.").items()
        },
        tables={
            name: _text(value, f"[tables] {name}")
            for name, value in _table(document, "tables").items()
        },
        registrations={
            family: {
                name: _registration(entry, f"[registrations.{family}] {name}")
                for name, entry in _as_table(methods, f"[registrations.{family}]").items()
            }
            for family, methods in _table(document, "registrations").items()
        },
        functions={
            name: _registration(value, f"[functions] {name}")
            for name, value in _table(document, "functions").items()
        },
        handler_list_entries=frozenset(
            _names(_table(document, "handler-list"), "entries", "[handler-list]")
        ),
    )


def _table(document: Mapping[str, object], name: str, parent: str = "") -> dict[str, object]:
    return _as_table(document.get(name), f"[{parent}{name}]")


def _as_table(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"{where} is missing or not a table")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise data_error(SOURCE, f"{where} is not a non-empty string")
    return value


def _names(table: Mapping[str, object], key: str, where: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise data_error(SOURCE, f"{where} {key} is not a list of names")
    return list(value)


def _method(value: object, where: str, allow_any: bool = False) -> str:
    if value in METHODS or (allow_any and value == _ANY):
        return str(value)
    raise data_error(SOURCE, f"{where} has an unknown HTTP method {value!r}")


def _method_lists(
    document: Mapping[str, object], name: str, allow_empty: bool = True, allow_any: bool = False
) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for key, value in _table(document, name).items():
        where = f"[{name}] {key}"
        if not isinstance(value, list) or (not value and not allow_empty):
            raise data_error(SOURCE, f"{where} is not a list of HTTP methods")
        found[key] = tuple(_method(m, where, allow_any) for m in value)
    return found


def _flag(value: object, key: str, where: str) -> bool:
    fields = _as_table(value, where)
    flag = fields.get(key)
    if not isinstance(flag, bool) or set(fields) != {key}:
        raise data_error(SOURCE, f"{where} needs {key} = true or false, and nothing else")
    return flag


def _choice(value: object, choices: set[str], where: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise data_error(SOURCE, f"{where} is not one of {sorted(choices)}")
    return value


def _url_entry(name: str, value: object) -> UrlEntry:
    where = f"[url-entries] {name}"
    fields = _as_table(value, where)
    role, regex, default = (fields.get(k) for k in ("role", "regex", "default"))
    if (
        role not in ROLES
        or not isinstance(regex, bool)
        or not (default in METHODS or default in {_ANY, _WS})
        or set(fields) != {"role", "regex", "default"}
    ):
        raise data_error(SOURCE, f"{where} needs role, regex and default, and nothing else")
    return UrlEntry(str(role), regex, str(default))


def _action(name: str, value: object) -> DrfAction:
    where = f"[drf.actions] {name}"
    fields = _as_table(value, where)
    detail = fields.get("detail")
    if not isinstance(detail, bool) or set(fields) != {"method", "detail"}:
        raise data_error(SOURCE, f"{where} needs method and detail, and nothing else")
    return DrfAction(_method(fields.get("method"), where), detail)


def _registration(value: object, where: str) -> Registration:
    fields = _as_table(value, where)
    style, method, responder = (fields.get(k) for k in ("style", "method", "responder"))
    if (
        style not in STYLES
        or not (method in METHODS or method in {_ANY, _WS})
        or not isinstance(responder, str | None)
        or not set(fields) <= {"style", "method", "responder"}
    ):
        raise data_error(SOURCE, f"{where} needs a known style and method (and a responder)")
    return Registration(str(style), str(method), responder or "")
