"""Analysis: what a route's view answers, read through the repository's own code: the methods
of a function view (its ``require_POST``/``require_http_methods``/``api_view`` decorators), of a
view, handler, endpoint or resource class (the HTTP-named methods it and its own bases define,
and what known framework bases answer), whether it is a WebSocket endpoint, and the actions of a
Django REST framework viewset.

Every name is resolved through the module that writes it; a view that does not resolve to the
repository's code or to a known framework class answers methods nobody can tell (the caller
then says ``ANY`` or the framework's default, never a guess).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.web_routes_values import parse_value, string_list
from archscribe.catalogue.routing import RoutingKnowledge
from archscribe.model.architecture import Interface
from archscribe.model.facts import (
    CallAssignment,
    ClassFact,
    DecoratorFact,
    FunctionFact,
    literal,
)

__all__ = ["ANY", "WS", "Action", "View", "ViewReader", "display", "placed"]

ANY = "ANY"
WS = "WS"
_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", ANY, WS)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
_CLASS_CALLS = (".as_view(", ".as_asgi(")
_FOLLOW_DEPTH = 3


@dataclass(frozen=True, slots=True)
class View:
    """What a view text names: ``detail`` says it in a few words (``views.home``,
    ``SignInView``); ``methods`` are the ones it answers, ``()`` when they cannot be told;
    ``websocket`` when it is a WebSocket endpoint; ``qualified`` the class or function it
    resolves to (``""`` when none)."""

    detail: str
    methods: tuple[str, ...] = ()
    websocket: bool = False
    qualified: str = ""


@dataclass(frozen=True, slots=True)
class Action:
    """A viewset action: its name, methods, whether it acts on one object, and the path part
    an extra action adds (``""`` for a standard one)."""

    name: str
    methods: tuple[str, ...]
    detail: bool
    url_path: str = ""


def display(path: str) -> str:
    """A path as a client writes it: with one leading ``/``."""
    return path if path.startswith("/") else "/" + path


def placed(
    module: IndexedModule, method: str, path: str, line: int, detail: str, test: bool = False
) -> Placed:
    """The interface ``METHOD /path`` declared at ``line`` of ``module``, placed in its
    component (a WebSocket's kind is ``websocket``); a test module's, or ``test``, apart."""
    kind = "websocket" if method == WS else "http-route"
    interface = Interface(kind, f"{method} {display(path)}", module.evidence(line), detail)
    return Placed(module.component, interface, test or module.test)


def ordered(methods: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Methods in the usual order (GET first), ``ANY`` alone when it is among them."""
    if ANY in methods:
        return (ANY,)
    return tuple(sorted(methods, key=lambda m: (_ORDER.index(m) if m in _ORDER else 99, m)))


class ViewReader:
    """Reads views, classes and viewsets through the index; the decorators and call
    assignments of each module are gathered once, on first use."""

    __slots__ = ("_decorators", "_made", "index", "knowledge")

    def __init__(self, index: CodeIndex, knowledge: RoutingKnowledge) -> None:
        self.index = index
        self.knowledge = knowledge
        self._decorators: dict[str, dict[str, list[DecoratorFact]]] = {}
        self._made: dict[str, dict[str, CallAssignment]] = {}

    def view(self, module: IndexedModule, text: str, depth: int = 0) -> View:
        """What the view text ``text`` written in ``module`` names."""
        text = text.strip()
        for marker in _CLASS_CALLS:
            if marker in text and text.endswith(")"):
                named = text[: text.index(marker)]
                return self._named(module, named, named.rpartition(".")[2] or named, depth)
        dotted = literal(text)
        if dotted is not None and _NAME.match(dotted):  # an old Django view given as a string
            return self._qualified(dotted, dotted, depth)
        if _NAME.match(text):
            return self._named(module, text, text, depth)
        node = parse_value(text)
        if (
            node is not None
            and node.kind == "call"
            and len(node.items) == 1
            and not node.keywords
            and depth < _FOLLOW_DEPTH
        ):  # a wrapped view: csrf_exempt(views.ping), login_required(X.as_view())
            inner = self.view(module, text[len(node.text) + 1 : -1], depth + 1)
            if inner.qualified:
                return inner
        return View(text.partition("(")[0] or text)

    def class_methods(
        self, qualified: str, responder: str = "", suffix: str = ""
    ) -> tuple[tuple[str, ...], bool]:
        """The methods the class ``qualified`` answers (``()`` when none can be told) and
        whether it is a WebSocket endpoint. Its own and its repository bases' methods named
        ``{responder}{verb}`` (``{responder}{verb}_{suffix}`` with a suffix) count, then
        what known framework bases answer."""
        found: set[str] = set()
        websocket = qualified in self.knowledge.websocket_bases
        tail = f"_{suffix}" if suffix else ""
        said: dict[str, set[str]] = {}  # what the nearest class setting each attribute says
        for name in (qualified, *self.index.ancestors(qualified)):
            websocket = websocket or name in self.knowledge.websocket_bases
            entry = self.index.classes.get(name)
            if entry is None:
                found.update(self.knowledge.class_views.get(name, ()))
                continue
            for attribute, mode in self.knowledge.method_attributes.items():
                value = _attribute(entry[1], attribute, text=True)
                if mode not in said and value:
                    said[mode] = {m.upper() for m in string_list(value)}
            for method in entry[1].methods:
                if not (method.startswith(responder) and method.endswith(tail)):
                    continue
                verb = method[len(responder) : len(method) - len(tail)]
                http = self.knowledge.handler_methods.get(verb)
                if http is not None:
                    found.add(http)
        if "declare" in said:  # Flask's ``methods = ["GET", "POST"]``
            found = said["declare"]
        if "restrict" in said and found:  # Django's ``http_method_names = ["post"]``
            found = said["restrict"] if ANY in found else found & said["restrict"]
        return ordered(found), websocket

    def class_of(self, module: IndexedModule, text: str) -> str:
        """The class a text names: ``Resource`` or ``Resource()`` (an instance made in
        place), or a module-level ``resource = Resource()`` it names; ``""`` when none."""
        text = text.strip()
        if text.endswith("()"):
            text = text[:-2]
        if not _NAME.match(text):
            return ""
        qualified = module.resolve(text)
        if qualified in self.index.classes or qualified in self.knowledge.class_views:
            return qualified
        owner = self.index.module_of(qualified)
        if owner is None:
            return ""
        assignment = self._assignments(owner).get(qualified[len(owner.name) + 1 :])
        if assignment is None or not _NAME.match(assignment.callee):
            return ""
        made = owner.resolve(assignment.callee)
        return made if made in self.index.classes else ""

    def viewset_actions(self, qualified: str) -> list[Action]:
        """The actions of the viewset class ``qualified``: the standard ones its bases give
        and its methods define, then its ``@action`` methods (nearest class first)."""
        knowledge = self.knowledge
        standard: set[str] = set()
        extra: dict[str, Action] = {}
        for name in (qualified, *self.index.ancestors(qualified)):
            standard.update(knowledge.viewsets.get(name, ()))
            entry = self.index.classes.get(name)
            if entry is None:
                continue
            module, cls = entry
            standard.update(m for m in cls.methods if m in knowledge.actions)
            for decorator in self.decorators(module).get(f"{cls.name}.", ()):
                action = self._extra_action(module, decorator)
                if action is not None:
                    extra.setdefault(action.name, action)
        found = [
            Action(name, (knowledge.actions[name].method,), knowledge.actions[name].detail)
            for name in sorted(standard)
        ]
        return found + [extra[name] for name in sorted(extra)]

    def lookup(self, qualified: str) -> str:
        """The name a viewset's detail routes capture: ``lookup_url_kwarg`` or
        ``lookup_field`` when the class or its repository bases set one, else ``pk``."""
        for name in (qualified, *self.index.ancestors(qualified)):
            entry = self.index.classes.get(name)
            if entry is None:
                continue
            for wanted in ("lookup_url_kwarg", "lookup_field"):
                value = _attribute(entry[1], wanted)
                if value:
                    return value
        return "pk"

    def decorators(self, module: IndexedModule) -> dict[str, list[DecoratorFact]]:
        """The decorators of ``module`` by their target; ``Class.`` holds those of every
        method of ``Class``."""
        found = self._decorators.get(module.path)
        if found is None:
            found = {}
            for decorator in module.facts.decorators:
                found.setdefault(decorator.target, []).append(decorator)
                if decorator.kind == "method":
                    owner = decorator.target.partition(".")[0]
                    found.setdefault(f"{owner}.", []).append(decorator)
            self._decorators[module.path] = found
        return found

    def _assignments(self, module: IndexedModule) -> dict[str, CallAssignment]:
        """The module-level call assignments of ``module`` by target (the first of each)."""
        found = self._made.get(module.path)
        if found is None:
            found = {}
            for assignment in module.facts.call_assignments:
                found.setdefault(assignment.target, assignment)
            self._made[module.path] = found
        return found

    # --- helpers -----------------------------------------------------------------------------

    def _named(self, module: IndexedModule, text: str, detail: str, depth: int) -> View:
        qualified = module.resolve(text)
        if not qualified:
            return View(detail)
        return self._qualified(qualified, detail, depth)

    def _qualified(self, qualified: str, detail: str, depth: int) -> View:
        function = self.index.functions.get(qualified)
        if function is not None:
            return View(detail, self._function_methods(*function), qualified=qualified)
        if qualified in self.index.classes or qualified in self.knowledge.class_views:
            methods, websocket = self.class_methods(qualified)
            return View(detail, methods, websocket, qualified)
        owner = self.index.module_of(qualified)
        if owner is None or depth >= _FOLLOW_DEPTH or owner.name == qualified:
            return View(detail)
        target = qualified[len(owner.name) + 1 :]
        assignment = self._assignments(owner).get(target)
        if assignment is not None:  # ``home = HomeView.as_view()``
            found = self.view(owner, f"{assignment.callee}()", depth + 1)
            return View(detail, found.methods, found.websocket, found.qualified)
        imported = owner.resolve(target)  # a name the module imports: ``views.edit``
        if imported and imported != qualified:
            return self._qualified(imported, detail, depth + 1)
        return View(detail)

    def _function_methods(self, module: IndexedModule, function: FunctionFact) -> tuple[str, ...]:
        for decorator in self.decorators(module).get(function.name, ()):
            if decorator.kind != "function":
                continue
            qualified = module.resolve(decorator.name)
            fixed = self.knowledge.view_decorators.get(qualified)
            if fixed is not None:
                return fixed
            listed = self.knowledge.method_list_decorators.get(qualified)
            if listed is not None:
                given = string_list(decorator.args[0]) if decorator.args else ()
                return ordered({m.upper() for m in given}) if given else listed
        return ()

    def _extra_action(self, module: IndexedModule, decorator: DecoratorFact) -> Action | None:
        mode = self.knowledge.action_decorators.get(module.resolve(decorator.name))
        if mode is None:
            return None
        keywords = dict(decorator.keywords)
        detail = keywords.get("detail") == "True" if mode == "keyword" else mode == "detail"
        methods = string_list(keywords.get("methods", "")) or ("get",)
        name = decorator.target.partition(".")[2]
        url_path = literal(keywords.get("url_path", "")) or name
        return Action(name, ordered({m.upper() for m in methods}), detail, url_path)


def _attribute(cls: ClassFact, name: str, text: bool = False) -> str:
    """The string literal (or, with ``text``, the value text) a class attribute is set to."""
    for attribute in cls.attributes:
        if attribute.name == name:
            return attribute.value if text else literal(attribute.value) or ""
    return ""
