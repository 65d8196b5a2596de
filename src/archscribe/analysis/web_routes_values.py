"""Analysis: value texts (see :func:`archscribe.model.facts.literal`) read back into a small
tree, for the route tables and method lists the facts keep as text: Tornado's
``[["/", MainHandler], url("/story/([0-9]+)", StoryHandler)]``, ``methods=["GET", "POST"]``.

A value text keeps a string literal in double quotes without escaping it, so a string here ends
at the first quote followed by a delimiter (``,``, ``]``, ``)``, a space) or by the end of the
text: a string that itself holds such a quote is misread, which route literals do not do. A
text cut short (it ends in ``…``) gives the items of its lists that are complete before the
cut, never a half-read one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archscribe.model.facts import literal

__all__ = ["Node", "list_items", "parse_value", "string_list"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_KEYWORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*|\*\*)=")
_AFTER_STRING = frozenset(",]) ")
_OPEN = "([{"
_CLOSE = ")]}"
_DEPTH_MAX = 12


@dataclass(frozen=True, slots=True)
class Node:
    """One value: ``kind`` is ``str`` (``text`` is the string), ``name`` (a dotted name),
    ``call`` (``text`` is the callee, ``items`` the positional arguments), ``list`` (``items``)
    or ``other`` (``text`` as written). ``complete`` is unset for a list cut short: its
    ``items`` are the ones read whole."""

    kind: str
    text: str = ""
    items: tuple[Node, ...] = ()
    keywords: tuple[tuple[str, Node], ...] = ()
    complete: bool = True

    def keyword(self, name: str) -> Node | None:
        """The value of the keyword argument ``name`` of a call, or None."""
        return next((value for key, value in self.keywords if key == name), None)


def parse_value(text: str) -> Node | None:
    """The tree of a value text; None when it is malformed, or cut short outside a list."""
    parser = _Parser(text)
    node = parser.value(0)
    if node is None:
        return None
    parser.spaces()
    return node if parser.at_end() or not node.complete else None


def list_items(text: str) -> tuple[Node, ...]:
    """The items of a list text read whole (those before a cut, for a text cut short); ``()``
    for anything else."""
    node = _Parser(text).value(0)
    return node.items if node is not None and node.kind == "list" else ()


def string_list(text: str) -> tuple[str, ...]:
    """The strings of a list of string literals (``["GET", "POST"]``), or of one string
    literal; ``()`` for anything else."""
    single = literal(text)
    if single is not None:
        return (single,)
    return tuple(item.text for item in list_items(text) if item.kind == "str")


class _Parser:
    """A recursive descent over one text; each method returns None on malformed or cut input
    (a list returns what it read, marked incomplete)."""

    __slots__ = ("position", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def at_end(self) -> bool:
        return self.position >= len(self.text)

    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def spaces(self) -> None:
        while self.peek() == " ":
            self.position += 1

    def value(self, depth: int) -> Node | None:
        self.spaces()
        char = self.peek()
        if not char or depth > _DEPTH_MAX:
            return None
        if char == '"':
            return self.string()
        if char == "[":
            return self.sequence(depth)
        if self.text.startswith('f"', self.position):
            self.position += 1
            formatted = self.string()
            return None if formatted is None else Node("other", f'f"{formatted.text}"')
        match = _NAME.match(self.text, self.position)
        if match is not None:
            after = self.text[match.end() : match.end() + 1]
            if after == "(":
                self.position = match.end() + 1
                return self.call(match.group(), depth)
            if after in {"", ",", "]", ")"}:
                self.position = match.end()
                return Node("name", match.group())
        return self.other()

    def string(self) -> Node | None:
        start = self.position + 1
        end = start
        while True:
            end = self.text.find('"', end)
            if end < 0:
                return None
            if end + 1 == len(self.text) or self.text[end + 1] in _AFTER_STRING:
                self.position = end + 1
                return Node("str", self.text[start:end])
            end += 1

    def sequence(self, depth: int) -> Node:
        self.position += 1  # [
        items: list[Node] = []
        while True:
            self.spaces()
            if self.peek() == "]":
                self.position += 1
                return Node("list", items=tuple(items))
            item = self.value(depth + 1)
            if item is None or not item.complete:
                return Node("list", items=tuple(items), complete=False)
            items.append(item)
            self.spaces()
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != "]":
                return Node("list", items=tuple(items), complete=False)

    def call(self, callee: str, depth: int) -> Node | None:
        args: list[Node] = []
        keywords: list[tuple[str, Node]] = []
        while True:
            self.spaces()
            if self.peek() == ")":
                self.position += 1
                return Node("call", callee, tuple(args), tuple(keywords))
            keyword = _KEYWORD.match(self.text, self.position)
            if keyword is not None:
                self.position = keyword.end()
            item = self.value(depth + 1)
            if item is None or not item.complete:
                return None
            if keyword is not None:
                keywords.append((keyword.group(1), item))
            else:
                args.append(item)
            self.spaces()
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != ")":
                return None

    def other(self) -> Node | None:
        """Anything else (a number, ``{…}``, ``<expr>``, ``x[y]``), up to the next delimiter
        outside brackets."""
        start = self.position
        depth = 0
        while self.position < len(self.text):
            char = self.text[self.position]
            if char in _OPEN:
                depth += 1
            elif char in _CLOSE:
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                break
            self.position += 1
        if depth or self.position == start:
            return None
        return Node("other", self.text[start : self.position].rstrip())
