"""Analysis: routes registered by calls: on a route table (``app.add_url_rule("/x",
view_func=f)`` on Flask, ``router.add_api_route("/x", f)`` on FastAPI, ``app.add_route(
"/things", ThingsResource())`` on Falcon, ``app.router.add_get("/health", health)`` on aiohttp),
or by a function that declares routes wherever it is called (aiohttp's ``web.get("/ping",
ping)``, Tornado's ``Application([(r"/", MainHandler)])``).

A table counts only when the object the method is called on resolves, through the module's
imports or its own assignments (an application factory's too), to one a known callable made
(:mod:`archscribe.analysis.routes` resolves them, with the prefixes its mounts give); a
``SiteMap().add_route`` of a static-site builder is nothing. The methods come from the call
(``methods=[...]``, ``add_post``), from the view class (a Falcon resource's ``on_get``, a
Tornado handler's ``post``) or from the registration's default.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.routes import RouteOwners
from archscribe.analysis.web_routes_values import Node, list_items, string_list
from archscribe.analysis.web_routes_views import ANY, WS, ViewReader, display, placed
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.route_owners import RouteOwner
from archscribe.catalogue.routing import Registration
from archscribe.model.facts import CallFact, literal

__all__ = ["table_routes"]

_COMPUTED = "{computed}"
_PATH_KEYWORDS = ("path", "rule", "uri")
_VIEW_KEYWORDS = ("view_func", "endpoint", "route", "handler", "view", "resource")
_HANDLER_ENTRIES = frozenset({"url", "URLSpec"})  # Tornado's url(...) entries


@dataclass(frozen=True, slots=True)
class _Declared:
    """One route a registration declares, before any prefix: ``path`` as written."""

    method: str
    path: str
    detail: str


def table_routes(index: CodeIndex, catalogue: Catalogue, views: ViewReader) -> list[Placed]:
    """Every route the system and its tests register by calls."""
    knowledge = catalogue.routing
    modules = [m for m in index if m.source or m.test]
    owners: dict[str, RouteOwner] = dict(catalogue.route_owners)
    for name, family in knowledge.tables.items():
        owners.setdefault(name, RouteOwner(name, family, "", "GET"))
    table = RouteOwners([(m.module, m.facts) for m in modules], owners)
    by_last: dict[str, list[tuple[str, str, Registration]]] = {}
    for family, methods in knowledge.registrations.items():
        for key, registration in methods.items():
            by_last.setdefault(key.rpartition(".")[2], []).append((key, family, registration))
    found: list[Placed] = []
    for module in modules:
        for call in module.facts.calls:
            scope = table.scope(module.module, call.function)
            qualified = table.qualify(module.module, call.callee, scope) or module.resolve(
                call.callee
            )
            function = knowledge.functions.get(qualified)
            if function is not None:
                for route in _declared(call, function, module, views):
                    found.append(placed(module, route.method, route.path, call.line, route.detail))
                continue
            for key, family, registration in by_last.get(call.callee.rpartition(".")[2], ()):
                if not call.callee.endswith(f".{key}"):
                    continue
                owner = table.resolve(module.module, call.callee[: -len(key) - 1], scope)
                if owner is None or owner.owner.technology != family:
                    continue
                for route in _declared(call, registration, module, views):
                    for full in table.paths(owner, route.path):
                        found.append(placed(module, route.method, full, call.line, route.detail))
                break
    return found


def _declared(
    call: CallFact, registration: Registration, module: IndexedModule, views: ViewReader
) -> Iterator[_Declared]:
    """The routes one registration call declares."""
    args = list(call.args)
    keywords = dict(call.keywords)
    style = registration.style
    if style == "handler-list":
        handlers = args[0] if args else keywords.get("handlers", "")
        yield from _handler_list(handlers, module, views)
        return
    method_text = ""
    if style == "method-path-view":
        method_text = args.pop(0) if args else keywords.get("method", "")
    path = _path(args[0] if args else _first(keywords, _PATH_KEYWORDS))
    view_text = _view_text(style, args, keywords)
    if style == "path-class":
        qualified = views.class_of(module, view_text)
        suffix = literal(keywords.get("suffix", "")) or ""
        methods, websocket = (
            views.class_methods(qualified, registration.responder, suffix)
            if qualified
            else ((), False)
        )
        detail = view_text.removesuffix("()")
        for method in (WS,) if websocket else methods or (registration.method,):
            yield _Declared(method, path, detail)
        return
    given = string_list(keywords.get("methods", ""))
    view = views.view(module, view_text) if view_text else None
    detail = view.detail if view is not None else ""
    if style == "method-path-view":
        word = (literal(method_text) or "").upper()
        chosen: tuple[str, ...] = (ANY if word == "*" else word,) if word else (ANY,)
    elif given:
        chosen = tuple(m.upper() for m in given)
    elif registration.method == WS or view is None or not view.methods:
        chosen = (registration.method,)
    else:
        chosen = view.methods  # a class-based view (Flask's MethodView) says its own
    for method in chosen:
        yield _Declared(method, path, detail)


def _handler_list(text: str, module: IndexedModule, views: ViewReader) -> Iterator[_Declared]:
    """Tornado's ``[(r"/", MainHandler), url(r"/x", XHandler)]``: each pair's path and the
    methods its handler class answers."""
    for item in list_items(text):
        pair = _pair(item, module, views)
        if pair is None:
            continue
        path, handler = pair
        qualified = views.class_of(module, handler)
        methods, websocket = views.class_methods(qualified) if qualified else ((), False)
        detail = handler.rpartition(".")[2]
        for method in (WS,) if websocket else methods or (ANY,):
            yield _Declared(method, _regex_path(path), detail)


def _pair(item: Node, module: IndexedModule, views: ViewReader) -> tuple[str, str] | None:
    """The (path, handler text) of one handler-list entry, or None."""
    if item.kind == "list":
        parts = item.items
    elif item.kind == "call" and item.text.rpartition(".")[2] in _HANDLER_ENTRIES:
        if module.resolve(item.text) not in views.knowledge.handler_list_entries:
            return None
        parts = item.items
    else:
        return None
    if len(parts) < 2 or parts[0].kind != "str" or parts[1].kind not in {"name", "str"}:
        return None
    return parts[0].text, parts[1].text


def _path(text: str) -> str:
    """A route's path as written: the literal, or what is literal of it and ``{computed}``."""
    value = literal(text)
    return display(value) if value is not None else _COMPUTED


def _regex_path(route: str) -> str:
    return display(route.removeprefix("^").removesuffix("$"))


def _view_text(style: str, args: list[str], keywords: Mapping[str, str]) -> str:
    """The view argument: after the path (Flask's rule takes an endpoint name between)."""
    if style == "rule":
        return keywords.get("view_func") or (args[2] if len(args) > 2 else "")
    return args[1] if len(args) > 1 else _first(keywords, _VIEW_KEYWORDS)


def _first(keywords: Mapping[str, str], names: tuple[str, ...]) -> str:
    return next((keywords[name] for name in names if name in keywords), "")
