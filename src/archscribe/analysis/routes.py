"""Analysis: HTTP routes declared with decorators (Flask, Quart, FastAPI, Sanic, Bottle…), with
their full paths.

A route's owner (``app`` in ``@app.get("/items")``) counts only when it resolves, through the
module's own assignments or its imports, to an object a known framework callable made
(``Flask(__name__)``, ``APIRouter(prefix="/items")``): a local function called ``route`` or a
``cache.get("k")`` decorator is no route. A router's prefix is its own (``url_prefix=``,
``prefix=``) joined to where it is mounted (``app.include_router(router, prefix="/api")``,
``app.register_blueprint(bp, url_prefix="/admin")``), followed up to a few levels. A path that
is not a literal is said to be computed, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from archscribe.analysis.modules import bindings, qualify
from archscribe.catalogue.route_owners import RouteOwner
from archscribe.model.architecture import CodeRole, Interface, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import PythonFacts

__all__ = ["Route", "describe_routes"]

_VERB_METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "head": "HEAD",
    "options": "OPTIONS",
    "trace": "TRACE",
    "websocket": "WS",
    "websocket_route": "WS",
}
_ANY_METHOD_VERBS = frozenset({"route", "api_route"})
_MOUNT_PREFIX_DEPTH = 5
_COMPUTED = "{computed}"


@dataclass(frozen=True, slots=True)
class Route:
    """One method and full path, the component that declares it, and the decorator's line."""

    method: str
    path: str
    technology: str
    component: str
    evidence: Evidence

    def interface(self) -> Interface:
        return Interface("http-route", f"{self.method} {self.path}", self.evidence)


@dataclass(frozen=True, slots=True)
class _Owner:
    key: str  # module.target
    owner: RouteOwner
    prefix: str


def describe_routes(
    modules: Sequence[tuple[Module, PythonFacts]], owners: Mapping[str, RouteOwner]
) -> list[Route]:
    """Every route of the system's own modules, in (path, method, evidence) order."""
    source = [(m, f) for m, f in modules if m.role is CodeRole.SOURCE and (f.routes or f.mounts)]
    made = _owners(modules, owners)
    if not made:
        return []
    mounted: dict[str, list[tuple[str, str]]] = {}  # owner key -> (parent key, prefix)
    routes: list[Route] = []
    for module, facts in source:
        bound = _bound(module, facts)
        for mount in facts.mounts:
            child = _resolve(mount.mounted, module, bound, made)
            parent = _resolve(mount.owner, module, bound, made)
            if child is not None and parent is not None and child is not parent:
                mounted.setdefault(child.key, []).append((parent.key, mount.prefix))
    for module, facts in source:
        bound = _bound(module, facts)
        for route in facts.routes:
            found = _resolve(route.owner, module, bound, made)
            if found is None:
                continue
            path = _COMPUTED if route.computed else route.path
            for prefix in _prefixes(found.key, made, mounted):
                for method in _methods(route.verb, route.methods, found.owner):
                    full = _join(prefix, found.prefix, path)
                    evidence = Evidence(module.path, route.line)
                    routes.append(
                        Route(method, full, found.owner.technology, module.component, evidence)
                    )
    return sorted(set(routes), key=lambda r: (r.path, r.method, r.evidence))


def _owners(
    modules: Sequence[tuple[Module, PythonFacts]], owners: Mapping[str, RouteOwner]
) -> dict[str, _Owner]:
    """Every module-level ``name = Framework(...)`` route owner, by ``module.name``."""
    made: dict[str, _Owner] = {}
    for module, facts in modules:
        if module.role is not CodeRole.SOURCE or not facts.call_assignments:
            continue
        bound = _bound(module, facts)
        for assignment in facts.call_assignments:
            owner = owners.get(qualify(assignment.callee, bound))
            if owner is None:
                continue
            keywords = dict(assignment.keywords)
            prefix = keywords.get(owner.prefix, "") if owner.prefix else ""
            key = f"{module.name}.{assignment.target}"
            made[key] = _Owner(key, owner, prefix)
    return made


def _bound(module: Module, facts: PythonFacts) -> dict[str, str]:
    bound = dict(bindings(facts.imports, module.name, module.is_package))
    for local in (*(f.name for f in facts.functions), *(c.name for c in facts.classes)):
        bound.pop(local, None)  # a module's own def or class shadows an import
    return bound


def _resolve(
    dotted: str, module: Module, bound: Mapping[str, str], made: Mapping[str, _Owner]
) -> _Owner | None:
    """The owner ``dotted`` names in ``module``: its own assignment, or one it imports."""
    local = made.get(f"{module.name}.{dotted}")
    if local is not None:
        return local
    qualified = qualify(dotted, bound)
    return made.get(qualified) if qualified else None


def _prefixes(
    key: str, made: Mapping[str, _Owner], mounted: Mapping[str, list[tuple[str, str]]]
) -> list[str]:
    """Every prefix the owner is reached under: the mounts above it, joined, outermost first;
    ``[""]`` when it is mounted nowhere (an application, or a router used directly)."""
    found: list[str] = []

    def walk(current: str, suffix: str, depth: int) -> None:
        parents = mounted.get(current, [])
        if not parents or depth >= _MOUNT_PREFIX_DEPTH:
            found.append(suffix)
            return
        for parent, prefix in parents:
            above = made[parent].prefix if parent in made else ""
            walk(parent, _join(above, prefix, suffix), depth + 1)

    walk(key, "", 0)
    return sorted(set(found))


def _methods(verb: str, methods: tuple[str, ...], owner: RouteOwner) -> tuple[str, ...]:
    if verb in _VERB_METHODS:
        return (_VERB_METHODS[verb],)
    if verb in _ANY_METHOD_VERBS:
        return methods or (owner.default,)
    return ()


def _join(*parts: str) -> str:
    """Path parts joined with one ``/`` between them; ``/`` alone for nothing."""
    joined = "/".join(part.strip("/") for part in parts if part.strip("/"))
    last = next((part for part in reversed(parts) if part), "")
    trailing = "/" if last.endswith("/") and joined else ""
    return "/" + joined + trailing if joined else "/"
