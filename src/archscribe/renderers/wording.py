"""Renderers: small wording helpers shared by the Markdown sections (citations, lists,
"not detected" sentences, human-owned hints)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archscribe.model.evidence import Evidence

TODO_MARK = "<!-- archscribe:todo -->"


def code(text: str) -> str:
    """``text`` as inline code, safe for backticks inside."""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cite(evidence: Evidence | None) -> str:
    """A citation: ``(`path:line`)``, or the config key, or nothing."""
    if evidence is None:
        return ""
    where = evidence.cite()
    if evidence.key:
        return f"({code(where)}, key {code(evidence.key)})"
    return f"({code(where)})"


def cite_all(evidence: Sequence[Evidence], limit: int = 3) -> str:
    """Up to ``limit`` citations in parentheses, then how many more."""
    listed = list_citations(evidence, limit)
    return f"({listed})" if listed else ""


def list_citations(evidence: Sequence[Evidence], limit: int = 3, total: int = 0) -> str:
    """Up to ``limit`` citations, then how many more of ``total`` (default: all given)."""
    shown = ", ".join(code(e.cite()) for e in evidence[:limit])
    rest = max(total, len(evidence)) - min(limit, len(evidence))
    return f"{shown}, +{rest} more" if shown and rest > 0 else shown


def not_detected(looked_for: str) -> str:
    """The one way archscribe says it found nothing: what it looked for, and where."""
    return f"Not detected: {looked_for}"


def not_analysed(what: str) -> str:
    """For a field this version of archscribe does not read yet."""
    return f"Not detected: this version of archscribe does not analyse {what} yet."


def hint(text: str) -> str:
    """A human-owned field's first content: a marked hint the team replaces."""
    return f"_To fill: {text}_ {TODO_MARK}"


def join_names(names: Iterable[str], limit: int = 12) -> str:
    """``a``, ``b``, … and N more."""
    items = list(names)
    shown = ", ".join(code(n) for n in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def plural(count: int, word: str, many: str = "") -> str:
    """``1 module``, ``3 modules``."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
