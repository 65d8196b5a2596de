"""Scanners: Python source in, facts out: imports, classes, functions, __all__, settings, routes,
size, problems.

``scan_python`` parses the bytes once with :func:`ast.parse` (which honours a PEP 263 coding
cookie and a UTF-8 BOM) and walks statement bodies only, never every expression node: imports
can stand in any block, so every block is visited, but classes, functions, call assignments,
``__all__`` and the main guard are read at module scope only (the module body and the blocks of
module-level ``if``/``try``/``for``/``while``/``with``/``match``, never inside a ``def`` or a
``class``). The same walk hands :mod:`.python_settings` the simple statements of the module scope
and of top-level functions and classes, where settings are set, and :mod:`.python_routes` the
decorators of top-level functions and of the methods of top-level classes (routes) and the
expression statements of the module scope and of top-level functions (mounts). No AST outlives
the call.

It never raises: a file that cannot be read in full gives a :class:`ScanProblem` (path left
empty for the caller to fill in; why parsing failed is worked out in :mod:`.python_problems`)
beside whatever could still be read: line counts and the generated marker, for instance, come
from the raw bytes before parsing (:mod:`.source_lines`).
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Sequence

from archscribe.model.facts import (
    CallAssignment,
    CallFact,
    ClassFact,
    DecoratorFact,
    FunctionFact,
    HandlerFact,
    ImportFact,
    ProblemKind,
    PythonFacts,
    ScanProblem,
)
from archscribe.scanners.base import Scanner
from archscribe.scanners.python_calls import read_calls, wants_calls
from archscribe.scanners.python_declarations import (
    ITEMS_MAX,
    ClassBody,
    ModuleDeclarations,
    decorator_facts,
    handler_fact,
)
from archscribe.scanners.python_problems import describe, parse_problem, problem
from archscribe.scanners.python_routes import MOUNT_METHODS, RouteReader, string_keywords
from archscribe.scanners.python_settings import SettingsReader, dotted_name
from archscribe.scanners.python_values import value_text
from archscribe.scanners.source_lines import count_lines, looks_generated

__all__ = ["PYTHON_SCANNER", "scan_python"]

_DOCSTRING_MAX = 300
_PATH_CONSTANT_MAX = 200
# Names of constants that may hold a route prefix, and of those that hold a folder instead.
_PREFIX_NAME = re.compile(r"PREFIX|URL|ROUTE|API|ENDPOINT|PATH|MOUNT|BASE", re.IGNORECASE)
_FOLDER_NAME = re.compile(r"ROOT|DIR|FOLDER|FILE|LOG", re.IGNORECASE)
_UNPARSE_MAX = 200

# A blank line inside a docstring: where its first paragraph ends.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

# What an ``except`` must catch for the ``try`` around an import to count as a guard.
_IMPORT_ERROR_CATCHERS = frozenset(
    {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
)


def scan_python(data: bytes) -> PythonFacts:
    """Read the facts of one Python file from its bytes; never raises."""
    try:
        return _scan(data)
    except Exception as exc:  # a scanner must never stop a run
        return PythonFacts(problems=(problem(ProblemKind.MALFORMED, describe(exc)),))


PYTHON_SCANNER = Scanner(name="python", version=13, fact_type=PythonFacts, scan=scan_python)


def _scan(data: bytes) -> PythonFacts:
    if b"\x00" in data:
        return PythonFacts(
            problems=(problem(ProblemKind.BINARY, "contains NUL bytes; looks binary"),)
        )
    lines, code_lines = count_lines(data)
    generated = looks_generated(data)
    try:
        with warnings.catch_warnings():
            # Invalid escapes and the like warn while parsing; a scanner must stay silent.
            warnings.simplefilter("ignore")
            tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:  # UnicodeError too
        return PythonFacts(
            lines=lines,
            code_lines=code_lines,
            generated=generated,
            problems=(parse_problem(data, exc),),
        )

    collector = _Collector(SettingsReader(data))
    problems: tuple[ScanProblem, ...] = ()
    try:
        collector.walk(tree.body, True, False, False, False)
    except Exception as exc:  # e.g. RecursionError on pathological nesting: keep what was read
        problems = (problem(ProblemKind.MALFORMED, f"read only in part: {describe(exc)}"),)
    all_names = collector.all_names
    calls: tuple[CallFact, ...] = ()
    if wants_calls(collector.imports, data):
        calls = read_calls(tree, collector.imports, data, collector.call_assignments)
    return PythonFacts(
        docstring=_docstring(tree.body),
        imports=tuple(collector.imports),
        classes=tuple(collector.classes),
        functions=tuple(collector.functions),
        call_assignments=tuple(collector.call_assignments),
        all_names=None if all_names is None else tuple(all_names),
        has_main_guard=collector.main_guard_line > 0,
        main_guard_line=collector.main_guard_line,
        lines=lines,
        code_lines=code_lines,
        generated=generated,
        problems=problems,
        settings=tuple(collector.settings.settings),
        routes=tuple(collector.routes.routes),
        mounts=tuple(collector.routes.mounts),
        decorators=tuple(collector.decorators),
        calls=calls,
        handlers=tuple(collector.handlers),
        url_patterns=tuple(collector.declarations.url_patterns),
        schedules=tuple(collector.declarations.schedules),
        local_assignments=tuple(collector.local_assignments),
        path_constants=tuple(collector.path_constants),
    )


# --- the statement walk --------------------------------------------------------------------


class _Collector:
    """Accumulates facts while walking statement bodies in source order."""

    __slots__ = (
        "all_names",
        "call_assignments",
        "class_body",
        "classes",
        "declarations",
        "decorators",
        "function_name",
        "functions",
        "handlers",
        "imports",
        "local_assignments",
        "main_guard_line",
        "path_constants",
        "route_class",
        "routes",
        "scoped_settings",
        "settings",
    )

    def __init__(self, settings: SettingsReader) -> None:
        self.imports: list[ImportFact] = []
        self.classes: list[ClassFact] = []
        self.functions: list[FunctionFact] = []
        self.call_assignments: list[CallAssignment] = []
        self.all_names: list[str] | None = None
        self.main_guard_line = 0
        self.settings = settings
        self.routes = RouteReader()
        # What reads the simple statements of the top-level function or class being walked;
        # None elsewhere below module scope (methods, nested functions), where none are read.
        self.scoped_settings: Callable[[ast.stmt], None] | None = None
        # The name of the top-level class whose body is being walked (its methods may declare
        # routes); "" elsewhere.
        self.route_class = ""
        self.decorators: list[DecoratorFact] = []
        self.local_assignments: list[CallAssignment] = []
        self.path_constants: list[tuple[str, str, int]] = []
        self.handlers: list[HandlerFact] = []
        self.declarations = ModuleDeclarations()
        # What reads the simple statements directly in a top-level class's body (or its Meta);
        # None elsewhere.
        self.class_body: ClassBody | None = None
        # The function whose body is being walked (``Class.method``, ``outer.inner``).
        self.function_name = ""

    def walk(
        self,
        body: Sequence[ast.stmt],
        module_scope: bool,
        in_function: bool,
        type_checking: bool,
        guarded: bool,
    ) -> None:
        """Visit ``body`` and every block nested in it, carrying where the statements stand."""
        for node in body:
            if type(node) in _LEAF_STATEMENTS:  # most statements: checked first
                if module_scope:
                    self._module_statement(node)
                    self.settings.module_statement(node)
                else:
                    if self.scoped_settings is not None:  # a top-level function or class
                        self.scoped_settings(node)
                        if not self.route_class:
                            if type(node) is ast.Expr:
                                self.routes.expression(node.value, self._top_function())
                            elif type(node) is ast.Assign:
                                self._local_assignment(node)
                    if self.class_body is not None:
                        self.class_body.statement(node)
            elif type(node) is ast.ImportFrom:
                module = node.module or ""
                level = node.level or 0
                for alias in node.names:
                    self.imports.append(
                        ImportFact(
                            module=module,
                            name=alias.name,
                            line=node.lineno,
                            level=level,
                            alias=alias.asname or "",
                            in_function=in_function,
                            type_checking=type_checking,
                            guarded=guarded,
                        )
                    )
            elif type(node) is ast.Import:
                for alias in node.names:
                    self.imports.append(
                        ImportFact(
                            module=alias.name,
                            name="",
                            line=node.lineno,
                            alias=alias.asname or "",
                            in_function=in_function,
                            type_checking=type_checking,
                            guarded=guarded,
                        )
                    )
            elif type(node) is ast.If:
                test = node.test
                if _is_type_checking(test):
                    self.walk(node.body, module_scope, in_function, True, guarded)
                    self.walk(node.orelse, module_scope, in_function, type_checking, guarded)
                elif (
                    type(test) is ast.UnaryOp
                    and type(test.op) is ast.Not
                    and _is_type_checking(test.operand)
                ):
                    self.walk(node.body, module_scope, in_function, type_checking, guarded)
                    self.walk(node.orelse, module_scope, in_function, True, guarded)
                else:
                    if module_scope and not self.main_guard_line and _is_main_guard(test):
                        self.main_guard_line = node.lineno
                    self.walk(node.body, module_scope, in_function, type_checking, guarded)
                    if node.orelse:
                        self.walk(node.orelse, module_scope, in_function, type_checking, guarded)
            elif type(node) is ast.FunctionDef or type(node) is ast.AsyncFunctionDef:
                scoped = self.scoped_settings
                enclosing = self.class_body
                outer = self.function_name
                is_async = type(node) is ast.AsyncFunctionDef
                if module_scope:
                    self.functions.append(
                        FunctionFact(
                            name=node.name,
                            line=node.lineno,
                            decorators=tuple(map(_decorator_text, node.decorator_list)),
                            is_async=is_async,
                            docstring=_docstring(node.body),
                        )
                    )
                    if node.decorator_list:
                        self.routes.function(node.name, node.decorator_list)
                        self._decorators(node.name, "function", node.decorator_list, is_async)
                    self.function_name = node.name
                elif enclosing is not None and not enclosing.nested:
                    # a method of a top-level class (in a method's body nothing is scoped)
                    enclosing.methods.append(node.name)
                    qualified = f"{self.route_class}.{node.name}"
                    if node.decorator_list:
                        self.routes.function(node.name, node.decorator_list, self.route_class)
                        self._decorators(qualified, "method", node.decorator_list, is_async)
                    self.function_name = qualified
                else:
                    if scoped is not None and node.decorator_list and not self.route_class:
                        # a function defined in a top-level function (an application factory)
                        self.routes.function(node.name, node.decorator_list, outer)
                        self._decorators(
                            f"{outer}.{node.name}", "function", node.decorator_list, is_async
                        )
                    self.function_name = f"{outer}.{node.name}" if outer else node.name
                self.scoped_settings = self.settings.function_statement if module_scope else None
                self.class_body = None
                self.walk(node.body, False, True, type_checking, guarded)
                self.scoped_settings = scoped
                self.class_body = enclosing
                self.function_name = outer
            elif type(node) is ast.ClassDef:
                scoped = self.scoped_settings
                enclosing = self.class_body
                self.scoped_settings = None
                if module_scope:
                    bases = tuple(map(_base_text, node.bases))
                    self.scoped_settings = self.settings.class_reader(bases)
                    self.route_class = node.name
                    self.class_body = ClassBody()
                    if node.decorator_list:
                        self._decorators(node.name, "class", node.decorator_list)
                    self.walk(node.body, False, in_function, type_checking, guarded)
                    self.classes.append(
                        ClassFact(
                            name=node.name,
                            line=node.lineno,
                            bases=bases,
                            decorators=tuple(map(_decorator_text, node.decorator_list)),
                            docstring=_docstring(node.body),
                            attributes=tuple(self.class_body.attributes),
                            methods=tuple(self.class_body.methods),
                            keywords=tuple(
                                (k.arg, value_text(k.value))
                                for k in node.keywords
                                if k.arg is not None
                            ),
                        )
                    )
                    self.route_class = ""
                elif enclosing is not None and not enclosing.nested and ClassBody.nests(node.name):
                    enclosing.nested = node.name  # ``class Meta:`` read with its class
                    self.walk(node.body, False, in_function, type_checking, guarded)
                    enclosing.nested = ""
                else:
                    self.class_body = None
                    self.walk(node.body, False, in_function, type_checking, guarded)
                self.scoped_settings = scoped
                self.class_body = enclosing
            elif type(node) is ast.Try or type(node) is ast.TryStar:
                catching = [_catches_import_error(handler.type) for handler in node.handlers]
                if in_function and len(self.handlers) < ITEMS_MAX:
                    for handler in node.handlers:
                        fact = handler_fact(handler, self.function_name)
                        if fact is not None:
                            self.handlers.append(fact)
                self.walk(
                    node.body, module_scope, in_function, type_checking, guarded or any(catching)
                )
                for handler, catches in zip(node.handlers, catching, strict=True):
                    self.walk(
                        handler.body, module_scope, in_function, type_checking, guarded or catches
                    )
                if node.orelse:
                    self.walk(node.orelse, module_scope, in_function, type_checking, guarded)
                if node.finalbody:
                    self.walk(node.finalbody, module_scope, in_function, type_checking, guarded)
            elif type(node) is ast.For or type(node) is ast.AsyncFor or type(node) is ast.While:
                self.walk(node.body, module_scope, in_function, type_checking, guarded)
                if node.orelse:
                    self.walk(node.orelse, module_scope, in_function, type_checking, guarded)
            elif type(node) is ast.With or type(node) is ast.AsyncWith:
                self.walk(node.body, module_scope, in_function, type_checking, guarded)
            elif type(node) is ast.Match:
                for case in node.cases:
                    self.walk(case.body, module_scope, in_function, type_checking, guarded)

    def _path_constant(self, targets: Sequence[ast.expr], value: str, line: int) -> None:
        """``API_PREFIX = "/api"``: kept when the string reads as a URL path and the name as a
        route prefix (``STATIC_ROOT = "/var/www"`` is a folder, not a prefix)."""
        if value.startswith("/") and len(value) <= _PATH_CONSTANT_MAX and " " not in value:
            for target in targets:
                if (
                    type(target) is ast.Name
                    and _PREFIX_NAME.search(target.id)
                    and not _FOLDER_NAME.search(target.id)
                    and len(self.path_constants) < ITEMS_MAX
                ):
                    self.path_constants.append((target.id, value, line))

    def _top_function(self) -> str:
        """The top-level function whose body is being walked."""
        return self.function_name.partition(".")[0]

    def _local_assignment(self, node: ast.Assign) -> None:
        """``app = Flask(__name__)`` in a top-level function: kept as ``create_app.app``."""
        value = node.value
        if type(value) is not ast.Call or len(self.local_assignments) >= ITEMS_MAX:
            return
        callee = dotted_name(value.func)
        if callee is None:
            return
        for target in node.targets:
            if type(target) is ast.Name:
                self.local_assignments.append(
                    CallAssignment(
                        target=f"{self.function_name}.{target.id}",
                        callee=callee,
                        line=node.lineno,
                        keywords=string_keywords(value),
                    )
                )

    def _decorators(
        self, target: str, kind: str, decorators: Sequence[ast.expr], is_async: bool = False
    ) -> None:
        if len(self.decorators) < ITEMS_MAX:
            self.decorators.extend(decorator_facts(target, kind, decorators, is_async))

    def _module_statement(self, node: ast.stmt) -> None:
        """Read a simple statement at module scope: call assignments, mounts, ``__all__``,
        URL lists and schedules."""
        if type(node) is ast.Assign:
            value = node.value
            for target in node.targets:
                if type(target) is ast.Name and target.id == "__all__":
                    self.all_names = _literal_names(value, self.all_names)
                self.declarations.assignment(target, value, node.lineno)
            if type(value) is ast.Constant and type(value.value) is str:
                self._path_constant(node.targets, value.value, node.lineno)
            if type(value) is ast.Call:
                callee = dotted_name(value.func)
                if callee is not None:
                    for target in node.targets:
                        if type(target) is ast.Name:
                            self.call_assignments.append(
                                CallAssignment(
                                    target=target.id,
                                    callee=callee,
                                    line=node.lineno,
                                    keywords=string_keywords(value),
                                )
                            )
        elif type(node) is ast.AnnAssign:
            annotated = node.target
            assigned = node.value
            if assigned is None or type(annotated) is not ast.Name:
                return
            if annotated.id == "__all__":
                self.all_names = _literal_names(assigned, self.all_names)
            self.declarations.assignment(annotated, assigned, node.lineno)
            if type(assigned) is ast.Call:
                callee = dotted_name(assigned.func)
                if callee is not None:
                    self.call_assignments.append(
                        CallAssignment(
                            target=annotated.id,
                            callee=callee,
                            line=node.lineno,
                            keywords=string_keywords(assigned),
                        )
                    )
        elif type(node) is ast.AugAssign:
            target = node.target
            if type(target) is ast.Name and target.id == "__all__" and type(node.op) is ast.Add:
                self._extend_all(_literal_names(node.value, self.all_names))
            elif type(node.op) is ast.Add:
                self.declarations.assignment(target, node.value, node.lineno)
        elif type(node) is ast.Expr:
            call = node.value
            if type(call) is not ast.Call:
                return
            func = call.func
            if type(func) is ast.Attribute and func.attr in MOUNT_METHODS:
                self.routes.mount(call, func)
                return
            if len(call.args) != 1 or call.keywords:
                return
            if (
                type(func) is ast.Attribute
                and type(func.value) is ast.Name
                and func.value.id == "__all__"
            ):
                item = call.args[0]
                if func.attr == "extend":
                    self._extend_all(_literal_names(item, self.all_names))
                elif (
                    func.attr == "append"
                    and type(item) is ast.Constant
                    and type(item.value) is str
                ):
                    self._extend_all([item.value])

    def _extend_all(self, names: list[str] | None) -> None:
        if names is not None:
            self.all_names = [*(self.all_names or ()), *names]


# Statements holding no block: at module scope they may carry a call assignment or ``__all__``.
_LEAF_STATEMENTS: frozenset[type[ast.stmt]] = frozenset(
    {
        ast.Expr,
        ast.Assign,
        ast.AugAssign,
        ast.AnnAssign,
        ast.Return,
        ast.Pass,
        ast.Break,
        ast.Continue,
        ast.Raise,
        ast.Assert,
        ast.Delete,
        ast.Global,
        ast.Nonlocal,
    }
)


def _literal_names(node: ast.expr, current: list[str] | None) -> list[str] | None:
    """The string literals of an ``__all__`` value, or None when no part of it is literal.

    ``current`` is what ``__all__`` held before, for ``__all__ + [...]``.
    """
    if type(node) is ast.List or type(node) is ast.Tuple:
        return [
            elt.value for elt in node.elts if type(elt) is ast.Constant and type(elt.value) is str
        ]
    if type(node) is ast.BinOp:
        if type(node.op) is not ast.Add:
            return None
        left = _literal_names(node.left, current)
        right = _literal_names(node.right, current)
        if left is None and right is None:
            return None
        return [*(left or ()), *(right or ())]
    if type(node) is ast.Name:
        return None if node.id != "__all__" or current is None else list(current)
    if type(node) is ast.Call:
        func = node.func
        if (
            type(func) is ast.Name
            and func.id in {"list", "tuple", "sorted"}
            and len(node.args) == 1
            and not node.keywords
        ):
            return _literal_names(node.args[0], current)
    return None


def _is_type_checking(test: ast.expr) -> bool:
    """``TYPE_CHECKING`` or ``<anything>.TYPE_CHECKING``; a call or a comparison is no guard."""
    if type(test) is ast.Name:
        return test.id == "TYPE_CHECKING"
    if type(test) is ast.Attribute:
        return test.attr == "TYPE_CHECKING"
    return False


def _is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` either way round."""
    if type(test) is not ast.Compare:
        return False
    if len(test.ops) != 1 or type(test.ops[0]) is not ast.Eq:
        return False
    left, right = test.left, test.comparators[0]
    return (_is_name(left, "__name__") and _is_str(right, "__main__")) or (
        _is_str(left, "__main__") and _is_name(right, "__name__")
    )


def _is_name(node: ast.expr, name: str) -> bool:
    return type(node) is ast.Name and node.id == name


def _is_str(node: ast.expr, value: str) -> bool:
    return type(node) is ast.Constant and node.value == value


def _catches_import_error(handler_type: ast.expr | None) -> bool:
    """Whether an ``except`` clause would catch a failed import (a bare ``except:`` does)."""
    if handler_type is None:
        return True
    if type(handler_type) is ast.Tuple:
        return any(_catches_import_error(elt) for elt in handler_type.elts)
    if type(handler_type) is ast.Name:
        return handler_type.id in _IMPORT_ERROR_CATCHERS
    if type(handler_type) is ast.Attribute:
        return handler_type.attr in _IMPORT_ERROR_CATCHERS
    return False


def _decorator_text(node: ast.expr) -> str:
    """A decorator as a dotted name; a call decorator as the dotted name of what it calls."""
    target = node.func if type(node) is ast.Call else node
    dotted = dotted_name(target)
    return dotted if dotted is not None else _unparse(target)


def _base_text(node: ast.expr) -> str:
    """A base class as a dotted name; ``Generic[T]`` as ``Generic``."""
    target = node.value if type(node) is ast.Subscript else node
    dotted = dotted_name(target)
    return dotted if dotted is not None else _unparse(target)


def _unparse(node: ast.expr) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # deep or odd expressions; never worth failing the file for
        return "<expression>"
    return _shorten(" ".join(text.split()), _UNPARSE_MAX)


# --- docstrings ----------------------------------------------------------------------------


def _docstring(body: Sequence[ast.stmt]) -> str:
    """The first paragraph of the docstring opening ``body``, on one line; "" when none."""
    if not body:
        return ""
    first = body[0]
    if type(first) is not ast.Expr:
        return ""
    value = first.value
    if type(value) is not ast.Constant or type(value.value) is not str:
        return ""
    return _summary(value.value)


def _summary(text: str) -> str:
    paragraph = _BLANK_LINE.split(text.strip(), maxsplit=1)[0]
    return _shorten(" ".join(paragraph.split()), _DOCSTRING_MAX)


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"
