"""Analysis: routes declared in URL lists: Django's ``urlpatterns`` (``path``, ``re_path``,
``url``, ``include`` followed across modules with the prefixes joined), Channels'
``websocket_urlpatterns``, Starlette's ``routes`` (``Route``, ``WebSocketRoute``, ``Mount``),
and the routes of Django REST framework routers where ``include(router.urls)`` (or
``urlpatterns += router.urls``) mounts them.

An entry counts only when its callee resolves to a known one through its module's imports (a
local ``path()`` helper building a static site is no route). Lists that no list of the system
includes are read from the root: the one ``ROOT_URLCONF`` names, and each other list on its
own paths. An include is followed a few levels deep, never around a cycle; an include that
cannot be followed is said so at its prefix (``ANY /accounts/``), and the Django admin is one
route at its prefix, not its internals. A route that is not a literal is shown as
``{computed}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.web_routes_views import ANY, WS, View, ViewReader, placed
from archscribe.catalogue.routing import RoutingKnowledge, UrlEntry
from archscribe.model.facts import CallAssignment, CallFact, UrlPatternFact, literal

__all__ = ["url_list_routes"]

_URLCONF = "urlpatterns"
_INCLUDE_DEPTH = 8
_COMPUTED = "{computed}"
_ROUTER_INCLUDE = "include"  # the kind of ``urlpatterns += router.urls``


@dataclass(frozen=True, slots=True)
class _Entry:
    """One resolved entry of a URL list; ``entry`` is None for ``+= router.urls``."""

    module: IndexedModule
    fact: UrlPatternFact
    entry: UrlEntry | None


@dataclass(slots=True)
class _Router:
    """A Django REST framework router object and where viewsets are registered on it."""

    module: IndexedModule
    assignment: CallAssignment
    api_root: bool
    registrations: list[tuple[IndexedModule, CallFact]] = field(default_factory=list)
    mounted: bool = False


def url_list_routes(index: CodeIndex, views: ViewReader) -> list[Placed]:
    """Every route the URL lists of the system and its tests declare."""
    return _UrlLists(index, views).routes()


class _UrlLists:
    """The URL lists by ``(module, variable)``, the routers by qualified name, and what is
    found while expanding them from their roots."""

    __slots__ = ("found", "groups", "index", "knowledge", "routers", "suffixes", "views")

    def __init__(self, index: CodeIndex, views: ViewReader) -> None:
        self.index = index
        self.views = views
        self.knowledge: RoutingKnowledge = views.knowledge
        self.groups: dict[tuple[str, str], list[_Entry]] = {}
        self.routers: dict[str, _Router] = {}
        self.found: list[Placed] = []
        self.suffixes: dict[str, list[str]] | None = None  # built on the first need
        for module in index:
            if module.source or module.test:
                self._read(module)

    def _read(self, module: IndexedModule) -> None:
        facts = module.facts
        knowledge = self.knowledge
        for fact in facts.url_patterns:
            if fact.kind == _ROUTER_INCLUDE:
                entry = None
            else:
                entry = knowledge.url_entries.get(module.resolve(fact.kind))
                if entry is None:
                    continue
                if fact.include and module.resolve("include") not in knowledge.includes:
                    continue
            self.groups.setdefault((module.name, fact.variable), []).append(
                _Entry(module, fact, entry)
            )
        for assignment in facts.call_assignments:
            api_root = knowledge.routers.get(module.resolve(assignment.callee))
            if api_root is not None:
                key = f"{module.name}.{assignment.target}"
                self.routers[key] = _Router(module, assignment, api_root)

    def routes(self) -> list[Placed]:
        """Each list expanded from its roots, then the routers no list mounts."""
        if not self.groups and not self.routers:
            return []
        for module in self.index:
            if not (module.source or module.test):
                continue
            for call in module.facts.calls:
                owner, _, method = call.callee.rpartition(".")
                if method == "register" and owner and not call.function:
                    router = self.routers.get(module.resolve(owner))
                    if router is not None:
                        router.registrations.append((module, call))
        visited: set[tuple[str, str]] = set()
        for group in self._roots():
            self._expand(group, "", 0, (), visited, test=self.groups[group][0].module.test)
        for group in sorted(self.groups):  # lists only a cycle reaches
            entries = self.groups[group]
            if group not in visited and entries[0].module.source:
                self._expand(group, "", 0, (), visited, test=False)
        for key in sorted(self.routers):
            router = self.routers[key]
            if not router.mounted:  # registered, mounted nowhere: its own prefixes
                self._router_routes(router, "", test=router.module.test)
        return self.found

    def _roots(self) -> list[tuple[str, str]]:
        """The root URLconf(s) ``ROOT_URLCONF`` names, then every list of the system no list
        of the system includes, then the tests' lists no other list includes (a test's list
        including one of the system's leaves it a root)."""
        included: set[tuple[str, str]] = set()
        for entries in self.groups.values():
            for item in entries:
                if not (item.fact.include or item.fact.kind == _ROUTER_INCLUDE):
                    continue
                target = self._target(item)
                if isinstance(target, tuple) and (
                    item.module.source or not self.groups[target][0].module.source
                ):
                    included.add(target)
        named: list[tuple[str, str]] = []
        for module in self.index.source_modules():
            for setting in module.facts.settings:
                if setting.setting == self.knowledge.root_setting and setting.value:
                    group = (setting.value, _URLCONF)
                    if group in self.groups and group not in named:
                        named.append(group)
        rest = sorted(g for g in self.groups if g not in included and g not in named)
        source = [g for g in rest if self.groups[g][0].module.source]
        tests = [g for g in rest if not self.groups[g][0].module.source]
        return [*named, *source, *tests]

    def _target(self, item: _Entry) -> tuple[str, str] | _Router | str | None:
        """What an include names: a list (``(module, variable)``), a router, ``"admin"``,
        the text itself when it names nothing the repository holds, or None when it names
        nothing at all or a module of the repository that declares no routes."""
        module, text = item.module, item.fact.include
        if not text or text.startswith("["):  # an inline list: its entries are read already
            return None
        named = literal(text)
        if named is not None:
            found = self._module_named(named)
            if (found, _URLCONF) in self.groups:
                return (found, _URLCONF)
            return None if found else text  # a module of the repository without routes
        if module.resolve(text) in self.knowledge.admin_urls:
            return "admin"
        owner, _, attribute = text.rpartition(".")
        if attribute == "urls" and owner:
            router = self.routers.get(module.resolve(owner))
            if router is not None:
                return router
        if (module.name, text) in self.groups:  # ``include(api_urls)``, a list of this module
            return (module.name, text)
        qualified = module.resolve(text)
        if (qualified, _URLCONF) in self.groups:  # ``include(api.urls)``, a module
            return (qualified, _URLCONF)
        if qualified in self.index.by_name:  # a module of the repository without routes
            return None
        head, _, variable = qualified.rpartition(".")
        if (head, variable) in self.groups:  # ``include(api_urls)``, a list
            return (head, variable)
        return text

    def _module_named(self, named: str) -> str:
        """The repository's module an include names by its dotted name: that very module, or
        the one module whose name ends with it (a URLconf named from a folder the project
        puts on the import path, ``tests/``, ``src/``); ``""`` when none or several."""
        if named in self.index.by_name:
            return named
        if self.suffixes is None:
            self.suffixes = {}
            for name in self.index.by_name:
                parts = name.split(".")
                for start in range(1, len(parts)):
                    self.suffixes.setdefault(".".join(parts[start:]), []).append(name)
        matches = self.suffixes.get(named, [])
        return matches[0] if len(matches) == 1 else ""

    def _expand(
        self,
        group: tuple[str, str],
        prefix: str,
        depth: int,
        stack: tuple[tuple[str, str], ...],
        visited: set[tuple[str, str]],
        test: bool,
    ) -> None:
        visited.add(group)
        stack = (*stack, group)
        for item in self.groups[group]:
            fact, entry = item.fact, item.entry
            full = prefix + _segment(fact, entry)
            if fact.include or fact.kind == _ROUTER_INCLUDE:
                target = self._target(item)
                if isinstance(target, tuple):
                    # a test's list including the system's would list the system's routes again
                    into_source = test and self.groups[target][0].module.source
                    if target not in stack and depth < _INCLUDE_DEPTH and not into_source:
                        self._expand(target, full, depth + 1, stack, visited, test)
                elif isinstance(target, _Router):
                    target.mounted = True
                    self._router_routes(target, full, test)
                elif target == "admin":
                    self._add(item.module, ANY, full, fact.line, "Django admin", test)
                elif target:
                    outside = literal(target) is not None
                    detail = f"include({target}), " + (
                        "outside the repository" if outside else "not followed"
                    )
                    self._add(item.module, ANY, full, fact.line, detail, test)
                continue
            if entry is None:
                continue
            if item.module.resolve(fact.view) in self.knowledge.admin_urls:
                self._add(item.module, ANY, full, fact.line, "Django admin", test)
            elif entry.role == "mount":
                what = fact.view.partition("(")[0]
                detail = f"mounts {what}" if what else "mounts routes"
                self._add(item.module, ANY, full, fact.line, detail, test)
            else:
                view = self.views.view(item.module, fact.view)
                for method in _methods(fact, entry, view):
                    self._add(item.module, method, full, fact.line, view.detail, test)

    def _router_routes(self, router: _Router, prefix: str, test: bool) -> None:
        """The routes a router serves under ``prefix``: its API root (a DefaultRouter that is
        mounted), then each registered viewset's actions, each citing its registration."""
        if router.api_root and router.mounted:
            self._add(router.module, "GET", prefix, router.assignment.line, "API root", test)
        for module, call in router.registrations:
            keywords = dict(call.keywords)
            given = call.args[0] if call.args else keywords.get("prefix", "")
            literal_prefix = literal(given)
            base = prefix + (_regex(literal_prefix) if literal_prefix is not None else _COMPUTED)
            viewset = call.args[1] if len(call.args) > 1 else keywords.get("viewset", "")
            qualified = self.views.class_of(module, viewset)
            if qualified not in self.index.classes:
                detail = f"{viewset} (viewset not analysed)"
                self._add(module, ANY, base + "/", call.line, detail, test)
                continue
            lookup = "{" + self.views.lookup(qualified) + "}/"
            name = qualified.rpartition(".")[2]
            for action in self.views.viewset_actions(qualified):
                path = base + "/" + (lookup if action.detail else "")
                path += f"{action.url_path}/" if action.url_path else ""
                for method in action.methods:
                    self._add(module, method, path, call.line, f"{name}.{action.name}", test)

    def _add(
        self, module: IndexedModule, method: str, path: str, line: int, detail: str, test: bool
    ) -> None:
        self.found.append(placed(module, method, path, line, detail, test))


def _segment(fact: UrlPatternFact, entry: UrlEntry | None) -> str:
    """The part of the path an entry adds: its route, anchors dropped for a regular
    expression, and ``{computed}`` after what is literal of a route that is not."""
    route = _regex(fact.route) if entry is not None and entry.regex else fact.route
    return route + _COMPUTED if fact.computed else route


def _regex(route: str) -> str:
    """A regular expression route shown without its ``^`` and ``$`` anchors (an inline
    include's parts keep theirs where they were joined: ``^api/^x/$``)."""
    return route.removeprefix("^").replace("/^", "/").removesuffix("$")


def _methods(fact: UrlPatternFact, entry: UrlEntry, view: View) -> Iterator[str]:
    if entry.role == "websocket" or view.websocket or "websocket" in fact.variable:
        yield WS
    elif fact.methods:
        yield from fact.methods
    elif view.methods:
        yield from view.methods
    else:
        yield entry.default
