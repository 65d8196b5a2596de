"""Scanners: YAML read as node trees, so every value keeps its line.

PyYAML's composer (the C one when LibYAML is there) builds nodes without constructing Python
objects, which keeps the marks (lines) that evidence needs and never runs a tag's constructor:
a ``!!python/object`` tag stays an inert node. Multi-document files give one tree per document.

Helm chart templates are YAML with Go template actions in them (``{{ .Values.image }}``). They
are read as far as they are valid: a line that is only an action (``{{- if .Values.x }}``) is
blanked, an action inside a value becomes the placeholder :data:`TEMPLATED`, and the problem
says that the file is templated. Nothing here raises: a document that does not parse is a
:class:`ScanProblem` with its line, and the documents before it are kept.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from archscribe.model.facts import TEMPLATED
from archscribe.model.problems import ProblemKind, ScanProblem

__all__ = [
    "TEMPLATED",
    "Node",
    "entries",
    "get",
    "items",
    "line",
    "load_documents",
    "scalar",
    "strings",
]


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_documents(text: str) -> tuple[list[Node], list[ScanProblem]]:
    """Every document of ``text`` that parses, as a node tree, with a problem for the rest."""
    problems: list[ScanProblem] = []
    if "{{" in text:
        text = "\n".join(_untemplated(line) for line in text.split("\n"))
        problems.append(
            ScanProblem(
                "",
                ProblemKind.MALFORMED,
                "templated YAML (Go/Helm template actions): read as far as it is plain YAML",
            )
        )
    documents: list[Node] = []
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                documents.append(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = str(getattr(error, "problem", None) or "not valid YAML")
        problems.append(
            ScanProblem("", ProblemKind.MALFORMED, f"YAML: {reason}", mark.line + 1 if mark else 0)
        )
    except (RecursionError, ValueError) as error:  # deep nesting, odd bytes
        problems.append(ScanProblem("", ProblemKind.MALFORMED, f"YAML: {error}"))
    finally:
        loader.dispose()
    return documents, problems


def _untemplated(text: str) -> str:
    """A line with its template actions read as plain YAML: a line that is only actions is
    blanked, and each action inside a value becomes :data:`TEMPLATED`. Linear in the line's
    length, whatever braces it holds."""
    if "{{" not in text:
        return text
    pieces: list[str] = []
    position = 0
    while (start := text.find("{{", position)) >= 0:
        end = text.find("}}", start + 2)
        if end < 0:
            break
        pieces += [text[position:start], TEMPLATED]
        position = end + 2
    pieces.append(text[position:])
    if not "".join(p for p in pieces if p is not TEMPLATED).strip():
        return ""
    return "".join(pieces)


def line(node: Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def scalar(node: Node | None) -> str:
    """A scalar node's text, ``""`` for anything else (a mapping, a list, nothing)."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    return ""


def items(
    node: Node | None, _seen: frozenset[int] = frozenset()
) -> Iterator[tuple[str, Node, Node]]:
    """A mapping's (key text, key node, value node) in file order; nothing for other nodes.

    Keys that are not scalars (``? [a, b]``) are skipped. Merge keys (``<<: *base`` or
    ``<<: [*a, *b]``) are followed as YAML says: a key written in the mapping wins over a merged
    one, the first merged mapping wins over later ones, and a mapping merged into itself is read
    once.
    """
    if not isinstance(node, MappingNode) or id(node) in _seen:
        return
    seen = _seen | {id(node)}
    taken = {str(k.value) for k, _ in node.value if isinstance(k, ScalarNode) and k.value != "<<"}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.value != "<<":
            yield str(key.value), key, value
            continue
        for merged in [value] if isinstance(value, MappingNode) else entries(value):
            for name, merged_key, merged_value in items(merged, seen):
                if name not in taken:
                    taken.add(name)
                    yield name, merged_key, merged_value


def get(node: Node | None, key: str) -> Node | None:
    """The value under ``key`` in a mapping node, or ``None``."""
    for name, _key, value in items(node):
        if name == key:
            return value
    return None


def entries(node: Node | None) -> list[Node]:
    """A sequence node's entries; nothing for other nodes."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def strings(node: Node | None) -> list[tuple[str, int]]:
    """The scalar texts of a scalar or a list of scalars, each with its line."""
    if isinstance(node, ScalarNode):
        return [(str(node.value), line(node))]
    return [(str(n.value), line(n)) for n in entries(node) if isinstance(n, ScalarNode)]
