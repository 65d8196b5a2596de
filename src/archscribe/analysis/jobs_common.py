"""Analysis: what the detectors of non-HTTP interfaces share: the objects calls make, followed
to the callable that made them, and the reading of value texts (lists, calls, arguments).

An object is named by the callable that made it and the attributes used on it:
``app = Celery("x")`` makes ``app.task`` read ``celery.Celery.task``, and
``sub = parser.add_subparsers()`` after ``parser = argparse.ArgumentParser()`` makes
``sub.add_parser`` read ``argparse.ArgumentParser.add_subparsers.add_parser``. A name bound by
nothing (a parameter, a builtin) reads as ``""``: it is never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.modules import bindings, qualify
from archscribe.analysis.value_texts import split_top
from archscribe.catalogue.code_interfaces import CallRole
from archscribe.model.architecture import CodeRole, Interface
from archscribe.model.facts import CallAssignment

__all__ = [
    "Objects",
    "argument",
    "call_parts",
    "imports_module",
    "list_items",
    "modules_of",
    "place",
    "resolve_anywhere",
]

_DEPTH = 6
_OPENING = {"(": ")", "[": "]", "{": "}"}
# Roles whose modules declare interfaces: the system's, its scripts, and its tests (reported
# apart); never migrations.
_ROLES = frozenset({CodeRole.SOURCE, CodeRole.SCRIPT, CodeRole.TEST})


class Objects:
    """What the objects made by module-level and function-local call assignments are."""

    __slots__ = ("_index", "_made")

    def __init__(self, index: CodeIndex) -> None:
        self._index = index
        self._made: dict[str, tuple[IndexedModule, str, CallAssignment]] = {}
        for module in index:
            for made in module.facts.call_assignments:
                self._made.setdefault(f"{module.name}.{made.target}", (module, "", made))
            for made in module.facts.local_assignments:
                function = made.target.partition(".")[0]
                self._made.setdefault(f"{module.name}.{made.target}", (module, function, made))

    def qualify(self, module: IndexedModule, dotted: str, function: str = "") -> str:
        """``dotted`` as a fully qualified name, an object a call made standing for that
        callable (``celery.Celery.task``); ``function`` is the enclosing function (its
        top-level one holds the locals); ``""`` when nothing binds the name."""
        return self._qualify(module, dotted, function, 0)

    def assignment(
        self, module: IndexedModule, name: str, function: str = ""
    ) -> tuple[IndexedModule, str, CallAssignment] | None:
        """The call assignment that made the plain ``name`` (a local of ``function`` first),
        with its module and function."""
        top = function.partition(".")[0]
        if top:
            local = self._made.get(f"{module.name}.{top}.{name}")
            if local is not None:
                return local
        return self._made.get(module.resolve(name))

    def _qualify(self, module: IndexedModule, dotted: str, function: str, depth: int) -> str:
        if not dotted or depth > _DEPTH:
            return ""
        head, _, rest = dotted.partition(".")
        top = function.partition(".")[0]
        local = self._made.get(f"{module.name}.{top}.{head}") if top else None
        if local is not None:
            return self._joined(local, rest.split(".") if rest else [], depth)
        qualified = module.resolve(dotted)
        if not qualified:
            return ""
        parts = qualified.split(".")
        for end in range(len(parts), 0, -1):
            made = self._made.get(".".join(parts[:end]))
            if made is not None:
                return self._joined(made, parts[end:], depth)
        return qualified

    def _joined(
        self, made: tuple[IndexedModule, str, CallAssignment], rest: list[str], depth: int
    ) -> str:
        owner, function, assignment = made
        callee = self._qualify(owner, assignment.callee, function, depth + 1)
        if callee in self._index.classes:
            # an instance of the repository's own subclass (``class _Parser(ArgumentParser)``)
            # is an instance of the library class it derives from
            callee = next(
                (a for a in self._index.ancestors(callee) if a not in self._index.classes),
                callee,
            )
        return ".".join([callee, *rest]) if callee else ""


def modules_of(index: CodeIndex) -> list[IndexedModule]:
    """The modules whose declarations count (not migrations), in path order."""
    return sorted((m for m in index if m.module.role in _ROLES), key=lambda m: m.path)


def place(module: IndexedModule, kind: str, name: str, line: int, detail: str) -> Placed:
    """An interface ``module`` declares at ``line``, placed in its component."""
    interface = Interface(kind, name, module.evidence(line), detail)
    return Placed(module.component, interface, module.test)


def imports_module(module: IndexedModule, top: str) -> bool:
    """Whether ``module`` imports ``top`` or something under it."""
    return any(v == top or v.startswith(top + ".") for v in module.bound.values())


def argument(
    role: CallRole, args: Sequence[str], keywords: Sequence[tuple[str, str]], position: int = -2
) -> str:
    """The value text the role's keyword, or its argument position (``position`` when given),
    holds; ``""`` when the call gives neither."""
    if role.keyword:
        for key, value in keywords:
            if key == role.keyword:
                return value
    at = role.argument if position == -2 else position
    return args[at] if 0 <= at < len(args) else ""


def list_items(text: str) -> list[str]:
    """The items of a list or tuple value text (``[a, b(c, d)]``); the text itself when it is
    not one."""
    if len(text) >= 2 and text[0] in "[(" and text[-1] == _OPENING[text[0]]:
        return [item for item in split_top(text[1:-1], ",") if item]
    return [text] if text else []


def call_parts(text: str) -> tuple[str, list[str], list[tuple[str, str]]] | None:
    """A call value text (``cron(cleanup, hour=3)``) as callee, arguments and keywords; None
    when it is not a call."""
    open_at = text.find("(")
    if open_at <= 0 or not text.endswith(")"):
        return None
    callee = text[:open_at]
    if not all(part.isidentifier() for part in callee.split(".")):
        return None
    args: list[str] = []
    keywords: list[tuple[str, str]] = []
    for item in split_top(text[open_at + 1 : -1], ","):
        key, equals, value = item.partition("=")
        if equals and key.isidentifier() and not value.startswith("="):
            keywords.append((key, value))
        elif item:
            args.append(item)
    return callee, args, keywords


def resolve_anywhere(module: IndexedModule, dotted: str) -> str:
    """``dotted`` resolved through the module's imports, then through an import a function of
    it makes (``from shop.commands import init_db`` or ``from .models import f`` inside
    ``create_app()`` or ``ready()``); ``""`` when none binds it."""
    found = module.resolve(dotted)
    if found or not dotted:
        return found
    local = [replace(f, in_function=False) for f in module.facts.imports if f.in_function]
    if not local:
        return ""
    return qualify(dotted, bindings(local, module.name, module.module.is_package))
