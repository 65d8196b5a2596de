"""Analysis: reading value texts back (see :func:`archscribe.model.facts.literal`): the parts
of a call, list or union the scanner wrote down, split where they stand at the top level."""

from __future__ import annotations

__all__ = ["split_top"]

_OPENING = {"(": ")", "[": "]", "{": "}"}


def split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it stands outside brackets and string literals,
    each part stripped."""
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    for position, char in enumerate(text):
        if quote:
            if char == quote and text[position - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in _OPENING:
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:position].strip())
            start = position + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]
