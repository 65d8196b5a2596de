"""Scanners: the calls a Python file makes that the analysis may care about (:class:`CallFact`).

Walking every expression of a file costs about as much as parsing it, so :func:`read_calls`
first asks :func:`wants_calls`: only a file that imports one of the catalogue's call roots
(HTTP clients, SDKs, mail, ``time``, task queues… see ``data/scan_calls.toml``), or whose bytes
show an ORM query or a registration method, is walked. The walk then records a call when:

- the callee's first name is bound by an import from one of those roots (``requests.get``,
  ``get`` after ``from requests import get``, ``Client`` after ``from twilio.rest import
  Client``): a local variable called ``requests`` is not the library;
- the callee's last name is a registration method (``app.add_route``, ``sub.add_parser``,
  ``post_save.connect``, ``send_alert.delay``), whatever it is called on;
- the callee reads as an ORM query: ``Check.objects.filter``, ``session.query``,
  ``db.session.execute``.

Each call keeps the enclosing function, whether it is ``async def`` and whether the call
stands in a loop or a comprehension of that function (what the bottleneck checks need). At most
:data:`CALLS_MAX` calls are kept per file.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from archscribe.catalogue.scan_calls import CallScan, call_scan
from archscribe.model.facts import CallAssignment, CallFact, ImportFact
from archscribe.scanners.python_settings import dotted_name
from archscribe.scanners.python_values import call_parts, value_text

__all__ = ["CALLS_MAX", "read_calls", "wants_calls"]

CALLS_MAX = 500


@functools.cache
def _gate_pattern(scan: CallScan) -> re.Pattern[bytes]:
    """A registration method or an ORM manager in a file's bytes (``.add_route(``,
    ``.objects.``): with its literal first character, the pattern searches fast."""
    methods = "|".join(sorted(map(re.escape, scan.registrations | scan.orm_managers)))
    return re.compile(rf"\.(?:{methods})[.(]".encode())


@functools.cache
def _session_needles(scan: CallScan) -> tuple[bytes, ...]:
    """``session.`` and the like, searched as plain substrings."""
    return tuple(f"{name}.".encode() for name in sorted(scan.orm_sessions))


def _bound_roots(imports: Iterable[ImportFact], roots: frozenset[str]) -> frozenset[str]:
    """The dotted callee prefixes through which the file's absolute imports reach ``roots``:
    ``requests`` after ``import requests``, ``get`` after ``from requests import get``,
    ``time.sleep`` after ``import time`` when only ``time.sleep`` is a root."""
    prefixes: set[str] = set()
    for fact in imports:
        if fact.level or fact.name == "*":
            continue
        module = fact.module
        full = f"{module}.{fact.name}" if fact.name else module
        if fact.name:
            local = fact.alias or fact.name
        else:  # import a.b [as c]: binds c, or a (whose attribute b reaches a.b)
            local = fact.alias or module.partition(".")[0]
            if not fact.alias:
                full = local
        if _under(full, roots):
            prefixes.add(local)
            continue
        for root in _deeper_roots(roots).get(full, ()):
            prefixes.add(local + root[len(full) :])
    return frozenset(prefixes)


@functools.cache
def _deeper_roots(roots: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each module above a root -> the roots below it (``time`` -> ``time.sleep``)."""
    found: dict[str, list[str]] = {}
    for root in sorted(roots):
        head = root
        while "." in head:
            head = head.rpartition(".")[0]
            found.setdefault(head, []).append(root)
    return {head: tuple(below) for head, below in found.items()}


def _under(module: str, roots: frozenset[str]) -> bool:
    """Whether ``module`` is one of ``roots`` or inside one."""
    head = module
    while True:
        if head in roots:
            return True
        head, dot, _tail = head.rpartition(".")
        if not dot:
            return False


def wants_calls(imports: Sequence[ImportFact], data: bytes) -> bool:
    """Whether the file's calls are worth walking (see the module's docstring)."""
    scan = call_scan()
    if _bound_roots(imports, scan.roots):
        return True
    if _gate_pattern(scan).search(data) is not None:
        return True
    return any(needle in data for needle in _session_needles(scan))


def read_calls(
    tree: ast.Module,
    imports: Sequence[ImportFact],
    data: bytes,
    assignments: Sequence[CallAssignment] = (),
) -> tuple[CallFact, ...]:
    """The calls worth keeping in ``tree``; what was read before a failure is kept.

    Only the statements spanning a line where such a call may stand (a bound name followed by
    ``.`` or ``(``, a registration method, an ORM manager or session) have their expressions
    walked; the rest cost a type check each. A module-level object made by a wanted call
    (``http = requests.Session()``, from ``assignments``) is followed like the import: its
    method calls are kept too.
    """
    scan = call_scan()
    names = _bound_roots(imports, scan.roots)
    if names and assignments:
        made = {a.target for a in assignments if _reaches(a.callee, names)}
        names = names | made
    reader = _CallReader(names, scan, _candidate_lines(data, names, scan), data)
    if reader.lines:
        with contextlib.suppress(RecursionError, _Full):
            reader.statements(tree.body, "", "", False, False)
    return tuple(reader.calls)


def _reaches(callee: str, names: frozenset[str]) -> bool:
    """Whether ``callee`` is reached through one of ``names`` (a bound name or prefix)."""
    head = callee
    while True:
        if head in names:
            return True
        head, dot, _tail = head.rpartition(".")
        if not dot:
            return False


def _candidate_lines(data: bytes, names: frozenset[str], scan: CallScan) -> frozenset[int]:
    """The 1-based numbers of the lines where a wanted call may stand: a registration method
    or ORM manager, or a bound name or session name followed by ``.`` or ``(`` (found by plain
    substring search, much faster than a pattern without a literal start)."""
    offsets = [match.start() for match in _gate_pattern(scan).finditer(data)]
    for name in (*sorted(names), *sorted(scan.orm_sessions)):
        needle = name.encode()
        size = len(needle)
        at = data.find(needle)
        while at >= 0:
            before = data[at - 1 : at] if at else b" "
            after = data[at + size : at + size + 1]
            if after in _FOLLOWERS and not (before.isalnum() or before in _WORD_EDGES):
                offsets.append(at)
            at = data.find(needle, at + size)
    if not offsets:
        return frozenset()
    starts = [m.end() for m in _NEWLINE.finditer(data)]
    return frozenset(bisect_right(starts, offset) + 1 for offset in offsets)


_FOLLOWERS = frozenset({b".", b"("})
_WORD_EDGES = frozenset({b"_", b"."})
_NEWLINE = re.compile(rb"\n")


class _Full(Exception):
    """Raised when :data:`CALLS_MAX` calls are kept: the rest of the file is not walked."""


class _CallReader:
    __slots__ = (
        "calls",
        "data",
        "lines",
        "local_clients",
        "local_function",
        "local_texts",
        "names",
        "ordered",
        "scan",
    )

    def __init__(
        self, names: frozenset[str], scan: CallScan, lines: frozenset[int], data: bytes = b""
    ) -> None:
        self.names = names
        self.scan = scan
        self.lines = lines
        self.data = data
        self.ordered = sorted(lines)
        # the string texts local names of ``local_function`` were last set to, and the
        # objects its wanted calls made (``client`` -> ``httpx.AsyncClient``)
        self.local_function = ""
        self.local_texts: dict[str, str] = {}
        self.local_clients: dict[str, str] = {}
        self.calls: list[CallFact] = []

    def statements(
        self, body: Sequence[ast.stmt], prefix: str, function: str, is_async: bool, loop: bool
    ) -> None:
        for node in body:
            self.statement(node, prefix, function, is_async, loop)

    def statement(
        self, node: ast.stmt, prefix: str, function: str, is_async: bool, loop: bool
    ) -> None:
        """Visit a statement: ``prefix`` names what a def here would be nested in,
        ``function`` the enclosing function (``""`` outside any)."""
        if type(node) is ast.Assign and function:
            self._local_text(node, function)
        if not self._spans_candidate(node):
            return
        if (
            type(node) is ast.Assign
            and function
            and len(node.targets) == 1
            and type(node.targets[0]) is ast.Name
        ):
            self._local_client(node.targets[0].id, node.value, function)
        if type(node) is ast.FunctionDef or type(node) is ast.AsyncFunctionDef:
            # decorators are DecoratorFacts already; defaults are evaluated where defined
            for default in (*node.args.defaults, *node.args.kw_defaults):
                if default is not None:
                    self.expression(default, function, is_async, loop)
            name = f"{prefix}.{node.name}" if prefix else node.name
            self.statements(node.body, name, name, type(node) is ast.AsyncFunctionDef, False)
        elif type(node) is ast.ClassDef:
            name = f"{prefix}.{node.name}" if prefix else node.name
            self.statements(node.body, name, function, is_async, loop)
        elif type(node) is ast.For or type(node) is ast.AsyncFor:
            self.expression(node.iter, function, is_async, loop)
            self.statements(node.body, prefix, function, is_async, True)
            self.statements(node.orelse, prefix, function, is_async, loop)
        elif type(node) is ast.While:
            self.expression(node.test, function, is_async, True)
            self.statements(node.body, prefix, function, is_async, True)
            self.statements(node.orelse, prefix, function, is_async, loop)
        elif type(node) is ast.If:
            self.expression(node.test, function, is_async, loop)
            self.statements(node.body, prefix, function, is_async, loop)
            self.statements(node.orelse, prefix, function, is_async, loop)
        elif type(node) is ast.With or type(node) is ast.AsyncWith:
            for item in node.items:
                self.expression(item.context_expr, function, is_async, loop)
                if function and type(item.optional_vars) is ast.Name:
                    self._local_client(item.optional_vars.id, item.context_expr, function)
            self.statements(node.body, prefix, function, is_async, loop)
        elif type(node) is ast.Try or type(node) is ast.TryStar:
            self.statements(node.body, prefix, function, is_async, loop)
            for handler in node.handlers:
                self.statements(handler.body, prefix, function, is_async, loop)
            self.statements(node.orelse, prefix, function, is_async, loop)
            self.statements(node.finalbody, prefix, function, is_async, loop)
        elif type(node) is ast.Match:
            self.expression(node.subject, function, is_async, loop)
            for case in node.cases:
                self.statements(case.body, prefix, function, is_async, loop)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expression(child, function, is_async, loop)

    def _local_text(self, node: ast.Assign, function: str) -> None:
        """``url = f"https://api.example.com/{x}"`` in a function: remembered, so that a call
        given ``url`` keeps the text it was last set to."""
        value = node.value
        if len(node.targets) != 1 or type(node.targets[0]) is not ast.Name:
            return
        if type(value) is ast.JoinedStr or (
            type(value) is ast.Constant and type(value.value) is str
        ):
            if self.local_function != function:
                self.local_function = function
                self.local_texts = {}
                self.local_clients = {}
            self.local_texts[node.targets[0].id] = value_text(value)

    def _local_client(self, name: str, value: ast.expr, function: str) -> None:
        """``client = httpx.Client(...)`` or ``async with httpx.AsyncClient() as client:`` in a
        function: the calls on ``client`` there are kept, as ``httpx.AsyncClient.get``."""
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return
        callee = dotted_name(value.func)
        if callee is None or callee in self.names or not self._through_import(callee):
            return
        if self.local_function != function:
            self.local_function = function
            self.local_texts = {}
            self.local_clients = {}
        self.local_clients[name] = callee
        needle = f"{name}.".encode()
        found = [m.start() for m in re.finditer(rb"(?<![\w.])" + re.escape(needle), self.data)]
        if found:
            starts = [m.end() for m in _NEWLINE.finditer(self.data)]
            self.lines = self.lines | {bisect_right(starts, at) + 1 for at in found}
            self.ordered = sorted(self.lines)

    def _through_import(self, callee: str) -> bool:
        head = callee
        while True:
            if head in self.names:
                return True
            head, dot, _tail = head.rpartition(".")
            if not dot:
                return False

    def _spans_candidate(self, node: ast.stmt) -> bool:
        ordered = self.ordered
        index = bisect_left(ordered, node.lineno)
        return index < len(ordered) and ordered[index] <= (node.end_lineno or node.lineno)

    def expression(self, node: ast.expr, function: str, is_async: bool, loop: bool) -> None:
        """Visit an expression and everything in it."""
        if (
            type(node) is ast.ListComp
            or type(node) is ast.SetComp
            or type(node) is ast.GeneratorExp
            or type(node) is ast.DictComp
        ):
            generators = node.generators
            self.expression(generators[0].iter, function, is_async, loop)
            for index, generator in enumerate(generators):
                if index:
                    self.expression(generator.iter, function, is_async, True)
                for condition in generator.ifs:
                    self.expression(condition, function, is_async, True)
            if type(node) is ast.DictComp:
                self.expression(node.key, function, is_async, True)
                self.expression(node.value, function, is_async, True)
            elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
                self.expression(node.elt, function, is_async, True)
            return
        if type(node) is ast.Lambda:
            self.expression(node.body, function, is_async, loop)
            return
        if type(node) is ast.Call:
            self.call(node, function, is_async, loop)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child, function, is_async, loop)
            elif type(child) is ast.keyword:
                self.expression(child.value, function, is_async, loop)

    def call(self, call: ast.Call, function: str, is_async: bool, loop: bool) -> None:
        if call.lineno not in self.lines and (call.end_lineno or 0) == call.lineno:
            return
        callee = dotted_name(call.func)
        if callee is None:
            return
        if function == self.local_function and self.local_clients:
            head, dot, rest = callee.partition(".")
            made = self.local_clients.get(head)
            if made is not None and dot:
                callee = f"{made}.{rest}"  # a call on a client the function made
        if not self.wanted(callee):
            return
        args, keywords = call_parts(call)
        if function == self.local_function and self.local_texts:
            texts = self.local_texts
            args = tuple(texts.get(arg, arg) for arg in args)
            keywords = tuple((key, texts.get(value, value)) for key, value in keywords)
        self.calls.append(
            CallFact(
                callee=callee,
                line=call.lineno,
                function=function,
                args=args,
                keywords=keywords,
                in_async=is_async,
                in_loop=loop,
            )
        )
        if len(self.calls) >= CALLS_MAX:
            raise _Full

    def wanted(self, callee: str) -> bool:
        names = self.names
        if callee in names:
            return True
        if "." not in callee:
            return False
        parts = callee.split(".")
        head = parts[0]
        for part in parts[1:]:
            if head in names:
                return True
            head += "." + part
        scan = self.scan
        if parts[-1] in scan.registrations:
            return True
        if any(part in scan.orm_managers for part in parts[1:-1]):
            return True
        return parts[-1] in scan.orm_methods and any(
            part in scan.orm_sessions for part in parts[:-1]
        )
