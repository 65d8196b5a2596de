"""Analysis: HTTP routes declared with decorators (Flask, Quart, FastAPI, Sanic, Bottle…), with
their full paths.

A route's owner (``app`` in ``@app.get("/items")``) counts only when it resolves, through the
module's own assignments or its imports, to an object a known framework callable made
(``Flask(__name__)``, ``APIRouter(prefix="/items")``): a local function called ``route`` or a
``cache.get("k")`` decorator is no route. A router's prefix is its own (``url_prefix=``,
``prefix=``) joined to where it is mounted (``app.include_router(router, prefix="/api")``,
``app.register_blueprint(bp, url_prefix="/admin")``), followed up to a few levels. A path that
is not a literal is said to be computed, never guessed.

An application factory counts too: an owner its body makes (``app = Flask(__name__)`` in
``create_app()``), a route on a function nested in it, and a mount in its body whose names come
from the factory's own imports (``from shop.auth import auth_bp`` inside ``create_app()``).
:class:`RouteOwners` is shared with :mod:`archscribe.analysis.web_routes`, which reads the routes
these owners register by method calls (``app.add_url_rule``, ``router.add_api_route``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from archscribe.analysis.modules import bindings, qualify
from archscribe.catalogue.route_owners import RouteOwner
from archscribe.model.architecture import CodeRole, Interface, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ImportFact, PythonFacts, literal

__all__ = ["Owner", "Route", "RouteOwners", "describe_routes", "join_path"]

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
# What a bare route() given its method first reads as instead of a path (aiohttp's
# ``routes.route("GET", "/x")``): no path, so no route read.
_METHOD_WORDS = frozenset({*(m for m in _VERB_METHODS.values() if m != "WS"), "*"})
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
class Owner:
    """A route owner a module makes: ``key`` is ``module.name`` (``module.function.name`` for
    one an application factory makes), ``prefix`` the prefix its own call gives."""

    key: str
    owner: RouteOwner
    prefix: str


def describe_routes(
    modules: Sequence[tuple[Module, PythonFacts]],
    owners: Mapping[str, RouteOwner],
    table: RouteOwners | None = None,
) -> list[Route]:
    """Every route of the system's own modules, in (path, method, evidence) order; ``table``
    is their :class:`RouteOwners` when the caller has made it already."""
    source = [(m, f) for m, f in modules if m.role is CodeRole.SOURCE]
    if table is None:
        table = RouteOwners(source, owners)
    if not table:
        return []
    routes: list[Route] = []
    for module, facts in source:
        for route in facts.routes:
            # the decorator is evaluated where the function is defined: the module, or the
            # application factory a nested function stands in
            scope = table.scope(module, route.function.rpartition(".")[0])
            found = table.resolve(module, route.owner, scope)
            if found is None:
                continue
            path = _COMPUTED if route.computed else route.path
            methods = _methods(route.verb, route.methods, found.owner, path)
            for full in table.paths(found, path):
                for method in methods:
                    evidence = Evidence(module.path, route.line)
                    routes.append(
                        Route(method, full, found.owner.technology, module.component, evidence)
                    )
    return sorted(set(routes), key=lambda r: (r.path, r.method, r.evidence))


class RouteOwners:
    """The route owners a set of modules makes, where each is mounted, and what a name in a
    module's scope stands for.

    An owner is made by a module-level call (``app = Flask(__name__)``) or by a call in a
    top-level function (an application factory's ``app = Flask(__name__)``). A mount counts
    only in the system's own modules; one in an application factory resolves its names through
    the factory's own owners and imports first (``from shop.auth import bp`` inside
    ``create_app()``), then the module's.
    """

    __slots__ = ("_facts", "_made", "_mounted", "_scopes")

    def __init__(
        self, modules: Sequence[tuple[Module, PythonFacts]], owners: Mapping[str, RouteOwner]
    ) -> None:
        self._made: dict[str, Owner] = {}
        self._scopes: _Scopes = _Scopes(modules)
        self._mounted: dict[str, list[tuple[str, str]]] = {}  # owner key -> (parent, prefix)
        # a call can make an owner only when it names one's class, or through an alias
        names = frozenset(name.rpartition(".")[2] for name in owners)
        for module, facts in modules:
            made = [(a, "") for a in facts.call_assignments]
            made += [(a, a.target.partition(".")[0]) for a in facts.local_assignments]
            if not made:
                continue
            aliases = {i.alias for i in facts.imports if i.alias}
            made = [
                (a, f)
                for a, f in made
                if a.callee.rpartition(".")[2] in names or a.callee.partition(".")[0] in aliases
            ]
            if not made:
                continue
            scope = self._scopes[module.path]
            for assignment, function in made:
                owner = owners.get(scope.qualify(assignment.callee, function))
                if owner is None:
                    continue
                prefix = dict(assignment.keywords).get(owner.prefix, "") if owner.prefix else ""
                key = f"{module.name}.{assignment.target}"
                self._made[key] = Owner(key, owner, prefix)
        if not self._made:
            return
        constants: _Constants | None = None  # made when a prefix is given by name
        for module, facts in modules:
            if module.role is not CodeRole.SOURCE or not facts.mounts:
                continue
            scope = self._scopes[module.path]
            for mount in facts.mounts:
                function = mount.function or scope.enclosing(mount.line)
                child = self.resolve(module, mount.mounted, function)
                parent = self.resolve(module, mount.owner, function)
                if child is not None and parent is not None and child is not parent:
                    prefix = mount.prefix
                    if not prefix and mount.prefix_value:
                        if constants is None:
                            constants = _Constants(modules, self._scopes)
                        prefix = constants.find(scope.qualify(mount.prefix_value, function))
                        prefix = prefix or constants.find(f"{module.name}.{mount.prefix_value}")
                        prefix = prefix or _COMPUTED  # named, but not found: never dropped
                    self._mounted.setdefault(child.key, []).append((parent.key, prefix))

    def __bool__(self) -> bool:
        return bool(self._made)

    def scope(self, module: Module, qualified: str) -> str:
        """The top-level function whose locals a name in ``qualified`` (a function's dotted
        name within the module, ``create_app.index``) may be; ``""`` for the module's."""
        head = qualified.partition(".")[0]
        scope = self._scopes.get(module.path)
        return head if scope is not None and head in scope.functions else ""

    def resolve(self, module: Module, dotted: str, function: str = "") -> Owner | None:
        """The owner ``dotted`` names in ``module`` (within its top-level ``function`` when
        given): one made there, or one its imports name."""
        scope = self._scopes.get(module.path)
        if scope is None or not dotted:
            return None
        if function:
            local = self._made.get(f"{module.name}.{function}.{dotted}")
            if local is not None:
                return local
            imported = scope.qualify_local(dotted, function)
            if imported:
                return self._made.get(imported)
        local = self._made.get(f"{module.name}.{dotted}")
        if local is not None:
            return local
        qualified = scope.qualify(dotted, "")
        return self._made.get(qualified) if qualified else None

    def qualify(self, module: Module, dotted: str, function: str = "") -> str:
        """The fully qualified name ``dotted`` stands for through the imports of ``module``
        (those of its top-level ``function`` first, when given); ``""`` when none binds it."""
        scope = self._scopes.get(module.path)
        return scope.qualify(dotted, function) if scope is not None and dotted else ""

    def paths(self, owner: Owner, path: str) -> list[str]:
        """Every full path ``path`` of ``owner`` is reached under, through its mounts."""
        return sorted(
            {join_path(prefix, owner.prefix, path) for prefix in self._prefixes(owner.key)}
        )

    def _prefixes(self, key: str) -> list[str]:
        """Every prefix the owner is reached under: the mounts above it, joined, outermost
        first; ``[""]`` when it is mounted nowhere (an application, or a router used
        directly)."""
        found: list[str] = []

        def walk(current: str, suffix: str, depth: int) -> None:
            parents = self._mounted.get(current, [])
            if not parents or depth >= _MOUNT_PREFIX_DEPTH:
                found.append(suffix)
                return
            for parent, prefix in parents:
                above = self._made[parent].prefix if parent in self._made else ""
                walk(parent, join_path(above, prefix, suffix), depth + 1)

        walk(key, "", 0)
        return sorted(set(found))


class _Constants:
    """The string values a route prefix may be named by: module-level path constants
    (``API_PREFIX = "/api"``) and string attributes of a class reached through a module-level
    instance (``settings.API_V1_STR`` where ``settings = Settings()`` and ``class Settings:
    API_V1_STR: str = "/api/v1"``)."""

    __slots__ = ("_attributes", "_instances", "_values")

    def __init__(self, modules: Sequence[tuple[Module, PythonFacts]], scopes: _Scopes) -> None:
        self._values: dict[str, str] = {}
        self._attributes: dict[str, str] = {}
        self._instances: dict[str, str] = {}  # module.instance -> module.Class
        for module, facts in modules:
            for name, value, _line in facts.path_constants:
                self._values[f"{module.name}.{name}"] = value
            classes = {c.name for c in facts.classes}
            for cls in facts.classes:
                for attribute in cls.attributes:
                    text = literal(attribute.value)
                    if text is not None and "." not in attribute.name:
                        self._attributes[f"{module.name}.{cls.name}.{attribute.name}"] = text
            scope = scopes.get(module.path)
            for assignment in facts.call_assignments:
                callee = assignment.callee
                if callee in classes:
                    target = f"{module.name}.{callee}"
                else:
                    target = scope.qualify(callee, "") if scope is not None else ""
                if target:
                    self._instances[f"{module.name}.{assignment.target}"] = target

    def find(self, qualified: str) -> str:
        """The string ``qualified`` names, or ``""``."""
        if not qualified:
            return ""
        if qualified in self._values:
            return self._values[qualified]
        head, _, attribute = qualified.rpartition(".")
        cls = self._instances.get(head)
        return self._attributes.get(f"{cls}.{attribute}", "") if cls else ""


class _Scopes:
    """Each module's :class:`_Scope`, made when first asked for (most modules never are)."""

    __slots__ = ("_made", "_modules")

    def __init__(self, modules: Sequence[tuple[Module, PythonFacts]]) -> None:
        self._modules = {module.path: (module, facts) for module, facts in modules}
        self._made: dict[str, _Scope] = {}

    def __getitem__(self, path: str) -> _Scope:
        scope = self._made.get(path)
        if scope is None:
            module, facts = self._modules[path]
            scope = self._made[path] = _Scope(module, facts)
        return scope

    def get(self, path: str) -> _Scope | None:
        return self[path] if path in self._modules else None


class _Scope:
    """What the names of one module are bound to: at module level, and within each top-level
    function by the imports it makes itself. Which function a line stands in is told by the
    top-level definitions' first lines (the facts hold no last lines)."""

    __slots__ = ("_lines", "_local", "_names", "bound", "functions")

    def __init__(self, module: Module, facts: PythonFacts) -> None:
        self.bound = _bound(module, facts)
        self.functions = frozenset(f.name for f in facts.functions)
        starts = sorted(
            [(f.line, f.name) for f in facts.functions] + [(c.line, "") for c in facts.classes]
        )
        self._lines = [line for line, _ in starts]
        self._names = [name for _, name in starts]
        by_function: dict[str, list[ImportFact]] = {}
        for fact in facts.imports:
            if fact.in_function and (function := self.enclosing(fact.line)):
                by_function.setdefault(function, []).append(replace(fact, in_function=False))
        self._local = {
            function: dict(bindings(imports, module.name, module.is_package))
            for function, imports in by_function.items()
        }

    def enclosing(self, line: int) -> str:
        """The top-level function ``line`` stands in, or ``""``."""
        index = bisect_right(self._lines, line) - 1
        return self._names[index] if index >= 0 else ""

    def qualify_local(self, dotted: str, function: str) -> str:
        """``dotted`` through the imports ``function`` makes itself; ``""`` when they do not
        bind it."""
        local = self._local.get(function)
        return qualify(dotted, local) if local else ""

    def qualify(self, dotted: str, function: str) -> str:
        """``dotted`` through the imports of ``function`` (when given), then the module's."""
        return (self.qualify_local(dotted, function) if function else "") or qualify(
            dotted, self.bound
        )


def _bound(module: Module, facts: PythonFacts) -> dict[str, str]:
    bound = dict(bindings(facts.imports, module.name, module.is_package))
    for local in (*(f.name for f in facts.functions), *(c.name for c in facts.classes)):
        bound.pop(local, None)  # a module's own def or class shadows an import
    return bound


def _methods(verb: str, methods: tuple[str, ...], owner: RouteOwner, path: str) -> tuple[str, ...]:
    if verb in _VERB_METHODS:
        return (_VERB_METHODS[verb],)
    if verb in _ANY_METHOD_VERBS and path not in _METHOD_WORDS:
        return methods or (owner.default,)
    return ()


def join_path(*parts: str) -> str:
    """Path parts joined with one ``/`` between them; ``/`` alone for nothing."""
    joined = "/".join(part.strip("/") for part in parts if part.strip("/"))
    last = next((part for part in reversed(parts) if part), "")
    trailing = "/" if last.endswith("/") and joined else ""
    return "/" + joined + trailing if joined else "/"
