"""Scanners: what a Python file declares for the semantic analysis, read during the statement
walk of :mod:`.python_source`:

- the class-level attributes and method names of top-level classes (with the attributes of a
  nested ``Meta``/``Config`` class as ``Meta.db_table``), from which data models, DRF views
  and settings classes are told;
- the decorators of top-level functions, of methods of top-level classes and of top-level
  classes, with their arguments (tasks, commands, receivers, error handlers, retries…);
- the ``except`` clauses inside functions, with what they catch and what they do;
- module-level URL lists (``urlpatterns``, ``websocket_urlpatterns``, Starlette's ``routes``)
  with inline ``include([...])``/``Mount(...)`` lists joined to their prefix, and Django's
  ``handler404 = ...``;
- Celery beat schedules given as literal dicts.

Values are kept as value texts (:mod:`.python_values`); at most :data:`ITEMS_MAX` of each kind
per file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from archscribe.model.facts import (
    AttributeFact,
    DecoratorFact,
    HandlerFact,
    ScheduleFact,
    UrlPatternFact,
)
from archscribe.scanners.python_settings import dotted_name
from archscribe.scanners.python_values import call_parts, kept_value, value_text

__all__ = [
    "ITEMS_MAX",
    "ClassBody",
    "ModuleDeclarations",
    "decorator_facts",
    "handler_fact",
]

ITEMS_MAX = 500
_ATTRIBUTES_MAX = 120
_ANNOTATION_MAX = 120

# Decorators that say nothing about architecture: not recorded.
_PLAIN_DECORATORS = frozenset(
    {
        "property",
        "staticmethod",
        "classmethod",
        "abstractmethod",
        "abc.abstractmethod",
        "cached_property",
        "functools.cached_property",
        "functools.wraps",
        "wraps",
        "overload",
        "typing.overload",
        "override",
        "typing.override",
        "typing_extensions.override",
        "final",
        "typing.final",
        "functools.cache",
        "functools.lru_cache",
        "lru_cache",
        "cache",
        "contextmanager",
        "contextlib.contextmanager",
        "asynccontextmanager",
        "contextlib.asynccontextmanager",
        "pytest.fixture",
        "pytest.mark.parametrize",
    }
)

# Nested classes whose attributes are read with the class's own.
_NESTED = frozenset({"Meta", "Config", "Settings", "Options"})

# Names of module-level lists of URL entries.
_URL_LIST = re.compile(r"(?:[a-z_]*_)?(?:urlpatterns|routes|urls|patterns)\Z")
_URL_HANDLER = re.compile(r"handler[0-9]{3}\Z")
# Callees whose first argument is a route and whose second is a view or an include.
_URL_ENTRIES = frozenset(
    {"path", "re_path", "url", "Route", "WebSocketRoute", "Mount", "Host", "Router"}
)
# Where an inline list of sub-routes is given to an entry.
_SUB_ROUTES = frozenset({"routes", "app"})
_INCLUDE = frozenset({"include"})
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print"}
)
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
_SCHEDULE_NAMES = re.compile(r"(?:CELERY_?)?BEAT_?SCHEDULE\Z|beat_schedule\Z", re.IGNORECASE)


# --- classes -------------------------------------------------------------------------------


class ClassBody:
    """Collects the attributes and method names of one top-level class while its body is
    walked; ``nested`` is the nested class being read (``Meta``), if any."""

    __slots__ = ("attributes", "methods", "nested")

    def __init__(self) -> None:
        self.attributes: list[AttributeFact] = []
        self.methods: list[str] = []
        self.nested = ""

    def statement(self, node: ast.stmt) -> None:
        """A simple statement directly in the class body (or in a nested ``Meta``)."""
        if len(self.attributes) >= _ATTRIBUTES_MAX:
            return
        prefix = self.nested + "." if self.nested else ""
        if type(node) is ast.Assign:
            for target in node.targets:
                if type(target) is ast.Name:
                    self._attribute(prefix + target.id, node.lineno, node.value, None)
        elif type(node) is ast.AnnAssign:
            target = node.target
            if type(target) is ast.Name:
                self._attribute(prefix + target.id, node.lineno, node.value, node.annotation)

    def _attribute(
        self, name: str, line: int, value: ast.expr | None, annotation: ast.expr | None
    ) -> None:
        annotation_text = _short(value_text(annotation)) if annotation is not None else ""
        if type(value) is ast.Call:
            callee = dotted_name(value.func)
            if callee is not None:
                args, keywords = call_parts(value)
                self.attributes.append(
                    AttributeFact(name, line, "", annotation_text, callee, args, keywords)
                )
                return
        self.attributes.append(AttributeFact(name, line, kept_value(name, value), annotation_text))

    @staticmethod
    def nests(name: str) -> bool:
        """Whether a nested class of this name is read with the class."""
        return name in _NESTED


def _short(text: str) -> str:
    return text if len(text) <= _ANNOTATION_MAX else text[: _ANNOTATION_MAX - 1] + "…"


# --- decorators ----------------------------------------------------------------------------


def decorator_facts(
    target: str, kind: str, decorators: Sequence[ast.expr], is_async: bool = False
) -> list[DecoratorFact]:
    """The :class:`DecoratorFact` of each decorator worth keeping, in source order."""
    found: list[DecoratorFact] = []
    for decorator in decorators:
        call = type(decorator) is ast.Call
        target_node = decorator.func if type(decorator) is ast.Call else decorator
        name = dotted_name(target_node)
        if name is None or name in _PLAIN_DECORATORS or name.endswith((".setter", ".getter")):
            continue
        args: tuple[str, ...] = ()
        keywords: tuple[tuple[str, str], ...] = ()
        if type(decorator) is ast.Call:
            args, keywords = call_parts(decorator)
        found.append(
            DecoratorFact(target, name, decorator.lineno, kind, call, args, keywords, is_async)
        )
    return found


# --- except clauses ------------------------------------------------------------------------


def handler_fact(handler: ast.ExceptHandler, function: str) -> HandlerFact | None:
    """What ``handler`` catches and does; None for an import guard."""
    caught = _caught(handler.type)
    if any(name.rpartition(".")[2] in _IMPORT_ERRORS for name in caught):
        return None
    body = handler.body
    action = _action(body)
    returned = ""
    if action == "return-value":
        last = body[-1]
        assert type(last) is ast.Return
        returned = value_text(last.value)
    return HandlerFact(function, handler.lineno, caught, action, returned)


def _caught(node: ast.expr | None) -> tuple[str, ...]:
    if node is None:
        return ()
    items = node.elts if type(node) is ast.Tuple else [node]
    return tuple(name for item in items if (name := dotted_name(item)) is not None)


def _action(body: Sequence[ast.stmt]) -> str:
    last = body[-1] if body else None
    if type(last) is ast.Raise:
        return "reraise" if last.exc is None else "raise"
    if type(last) is ast.Return:
        value = last.value
        if value is None or (type(value) is ast.Constant and value.value is None):
            return "return"
        return "return-value"
    if type(last) is ast.Continue:
        return "continue"
    if all(type(statement) is ast.Pass for statement in body):
        return "pass"
    if all(_is_log(statement) for statement in body):
        return "log"
    return "other"


def _is_log(statement: ast.stmt) -> bool:
    if type(statement) is not ast.Expr or type(statement.value) is not ast.Call:
        return False
    func = statement.value.func
    if type(func) is ast.Attribute:
        return func.attr in _LOG_METHODS
    return type(func) is ast.Name and func.id in _LOG_METHODS


# --- module-level URL lists and schedules --------------------------------------------------


class ModuleDeclarations:
    """Collects URL entries and beat schedules from module-level assignments."""

    __slots__ = ("schedules", "url_patterns")

    def __init__(self) -> None:
        self.url_patterns: list[UrlPatternFact] = []
        self.schedules: list[ScheduleFact] = []

    def assignment(self, target: ast.expr, value: ast.expr, line: int) -> None:
        """``target = value`` or ``target += value`` at module scope."""
        if type(target) is ast.Name:
            name = target.id
            if _URL_LIST.match(name):
                self._url_list(name, value, "")
            elif _URL_HANDLER.match(name):
                self._add(UrlPatternFact(name, "", line, view=value_text(value)))
            elif _SCHEDULE_NAMES.match(name) and type(value) is ast.Dict:
                self._schedule(value)
        elif (
            type(target) is ast.Attribute
            and _SCHEDULE_NAMES.match(target.attr)
            and type(value) is ast.Dict
        ):
            self._schedule(value)

    def _add(self, fact: UrlPatternFact) -> None:
        if len(self.url_patterns) < ITEMS_MAX:
            self.url_patterns.append(fact)

    def _url_list(self, variable: str, value: ast.expr, prefix: str, depth: int = 0) -> None:
        if depth > 4:
            return
        if type(value) is ast.BinOp and type(value.op) is ast.Add:
            self._url_list(variable, value.left, prefix, depth + 1)
            self._url_list(variable, value.right, prefix, depth + 1)
            return
        if type(value) is ast.List or type(value) is ast.Tuple:
            for item in value.elts:
                if type(item) is ast.Call:
                    self._url_entry(variable, item, prefix, depth)
            return
        # ``urlpatterns += router.urls``: everything a router makes, at this prefix
        dotted = dotted_name(value)
        if dotted is not None:
            self._add(
                UrlPatternFact("include", prefix, value.lineno, include=dotted, variable=variable)
            )

    def _url_entry(self, variable: str, call: ast.Call, prefix: str, depth: int) -> None:
        callee = dotted_name(call.func)
        kind = callee.rpartition(".")[2] if callee else ""
        if kind not in _URL_ENTRIES:
            return
        args = call.args
        route_node = args[0] if args else _keyword(call, "route", "path")
        route = ""
        computed = False
        if type(route_node) is ast.Constant and type(route_node.value) is str:
            route = route_node.value
        elif route_node is not None:
            computed = True
        if prefix and route.startswith("^"):  # a regex route joined under a prefix
            route = route[1:]
        full = prefix + route if not computed else prefix
        target = args[1] if len(args) > 1 else _keyword(call, "view", "endpoint", "app")
        name = _keyword(call, "name")
        name_text = name.value if type(name) is ast.Constant and type(name.value) is str else ""
        # an inline list of sub-routes: ``include([...])``, ``Mount("/api", routes=[...])``
        inner = None
        include_text = ""
        if (
            type(target) is ast.Call
            and (dotted_name(target.func) or "").rpartition(".")[2] in _INCLUDE
        ):
            first = target.args[0] if target.args else None
            if type(first) is ast.List:
                inner = first
            elif type(first) is ast.Tuple and first.elts:
                include_text = value_text(first.elts[0])
            else:
                include_text = value_text(first)
        elif type(target) is ast.List:
            inner = target
        for keyword in call.keywords:
            if keyword.arg in _SUB_ROUTES and type(keyword.value) is ast.List:
                inner = keyword.value
        if inner is not None:
            if not computed:
                self._url_list(variable, inner, full, depth + 1)
            return
        view = "" if include_text else value_text(target)
        methods = _keyword(call, "methods")
        self._add(
            UrlPatternFact(
                kind=kind,
                route=full,
                line=call.lineno,
                view=view,
                include=include_text,
                name=name_text,
                computed=computed,
                variable=variable,
                methods=_strings(methods),
            )
        )

    def _schedule(self, value: ast.Dict) -> None:
        for key, entry in zip(value.keys, value.values, strict=True):
            if not (type(key) is ast.Constant and type(key.value) is str):
                continue
            fields: dict[str, ast.expr] = {}
            if type(entry) is ast.Dict:
                for field_key, field_value in zip(entry.keys, entry.values, strict=True):
                    if type(field_key) is ast.Constant and type(field_key.value) is str:
                        fields[field_key.value] = field_value
            elif type(entry) is ast.Call and dotted_name(entry.func) == "dict":
                fields = {k.arg: k.value for k in entry.keywords if k.arg is not None}
            task = fields.get("task")
            if type(task) is not ast.Constant or type(task.value) is not str:
                continue
            if len(self.schedules) < ITEMS_MAX:
                self.schedules.append(
                    ScheduleFact(
                        key.value, task.value, value_text(fields.get("schedule")), key.lineno
                    )
                )


def _strings(node: ast.expr | None) -> tuple[str, ...]:
    """The string literals of a literal list, tuple or set, upper case."""
    if type(node) is ast.List or type(node) is ast.Tuple or type(node) is ast.Set:
        return tuple(
            elt.value.upper()
            for elt in node.elts
            if type(elt) is ast.Constant and type(elt.value) is str
        )
    return ()


def _keyword(call: ast.Call, *names: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg in names:
            return keyword.value
    return None
