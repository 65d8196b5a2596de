"""Scanners: what the Pipfile, lock-file and other-language manifest scanners share.

Loading TOML and JSON into a document or a :class:`ScanProblem` (never an exception, whatever
the bytes: nesting too deep and over-long integers included), narrowing the loaded values to
the types a scanner expects, and finding lines again (``json`` and ``tomllib`` give none): every
JSON object key's in one linear pass, a TOML key's through :class:`TomlLines`. Text decoding
and problems come from :mod:`.manifest_text`.
"""

from __future__ import annotations

import json
import re

from archscribe.model.facts import ProblemKind, ScanProblem
from archscribe.scanners.manifest_text import load_toml, problem
from archscribe.scanners.pyproject import TomlLines

__all__ = [
    "as_table",
    "as_text",
    "json_key_lines",
    "load_json",
    "load_toml",
    "quoted_value",
    "toml_key_line",
]

# A JSON string (a key when a colon follows on the same line), a bracket, or a line break.
_JSON_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"([ \t\r]*:)?|[{}\[\]\n]')
_OPENERS = frozenset("{[")
_CLOSERS = frozenset("}]")


def load_json(text: str, problems: list[ScanProblem]) -> dict[str, object] | None:
    """The JSON object, or ``None`` with a problem when the text is not one."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON: {error.msg}"
        problems.append(problem(ProblemKind.MALFORMED, reason, error.lineno))
        return None
    except ValueError as error:  # an integer too long to convert
        problems.append(problem(ProblemKind.MALFORMED, f"unreadable JSON value: {error}"))
        return None
    except RecursionError:
        problems.append(problem(ProblemKind.MALFORMED, "JSON nested too deeply to read"))
        return None
    if not isinstance(document, dict):
        reason = f"the JSON document is a {type(document).__name__}, not an object"
        problems.append(problem(ProblemKind.MALFORMED, reason, 1))
        return None
    return document


def json_key_lines(text: str, max_depth: int) -> dict[tuple[str, ...], int]:
    """The line of every object key down to ``max_depth``, by its path of keys.

    ``{"a": {"b": 1}}`` gives ``{("a",): 1, ("a", "b"): 1}`` with ``max_depth=2``; an array
    adds an empty key to the path. One pass over the text, so a lock file of thousands of
    packages costs no more than reading it; the first of duplicate keys wins. Meant for text
    ``json`` has already accepted: strings never hold a raw line break then.
    """
    found: dict[tuple[str, ...], int] = {}
    path: list[str] = []  # the keys of the open containers, the root's being ""
    pending = ""  # the last key read: it names the container that opens next
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token == "\n":
            line += 1
        elif token in _OPENERS:
            path.append(pending)
            pending = ""
        elif token in _CLOSERS:
            if path:
                path.pop()
        elif match.group(2) is not None:
            pending = _json_string(match.group(1))
            if len(path) <= max_depth:
                found.setdefault((*path[1:], pending), line)
    return found


def _json_string(raw: str) -> str:
    """A JSON string's value from its text between the quotes (escapes decoded)."""
    if "\\" not in raw:
        return raw
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def as_table(value: object, *keys: str) -> dict[str, object]:
    """The table (dict) reached through ``keys``, or an empty one when it is not there."""
    for key in keys:
        if not isinstance(value, dict):
            return {}
        value = value.get(key)
    return value if isinstance(value, dict) else {}


def as_text(value: object) -> str:
    """A string value stripped, or ``""`` for anything else."""
    return value.strip() if isinstance(value, str) else ""


def quoted_value(match: re.Match[str]) -> str:
    """The text of a ``"double"`` (group 1) or ``'single'`` (group 2) quoted match."""
    return match.group(1) if match.group(1) is not None else (match.group(2) or "")


def toml_key_line(lines: TomlLines, table: tuple[str, ...], key: str) -> int:
    """The line of ``key`` in ``table``: a ``[table.key]`` header's, the key's own, or else the
    first header below it (``[table.key.more]`` creates ``table.key`` without naming it)."""
    found = lines.headers.get((*table, key)) or lines.key_line(table, key)
    if not found:
        prefix = (*table, key)
        below = (line for parts, line in lines.headers.items() if parts[: len(prefix)] == prefix)
        found = min(below, default=0)
    return found
