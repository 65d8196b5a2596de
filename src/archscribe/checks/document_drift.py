"""Checks: has the document drifted from the code? Compares each generated block of the
checked-in document with what archscribe writes now, and finds template placeholders and
unfilled hints left in."""

from __future__ import annotations

import re
from collections.abc import Mapping

from archscribe.model.evidence import Evidence
from archscribe.model.findings import Finding, Severity

# The bracketed placeholders of the architecture template, word for word (numbered ones such as
# "[Component 2 Name]" for any number). Other brackets ("[PEP 8]", a shortcut link) are text.
_TEMPLATE_PLACEHOLDERS = frozenset(
    {
        "ASCII diagram or description of component relationships",
        "Backup and recovery approach",
        "Caching strategy if applicable",
        "Core data structures and their relationships",
        "Database/storage type and rationale",
        "Description and mitigation",
        "Dev environment setup",
        "Expected throughput",
        "Fallback approaches",
        "File/directory paths",
        "High-level description of the system architecture and design principles",
        "How client errors are handled",
        "How external failures are handled",
        "How it's integrated",
        "How other components interact with it",
        "How permissions are managed",
        "How server errors are handled",
        "How the system scales",
        "How users are authenticated",
        "If used, where and how",
        "Long-term scaling considerations",
        "MVC, Microservices, Layered, etc.",
        "Monitoring and observability setup",
        "Near-term scaling plans",
        "Production environment setup",
        "Purpose and integration method",
        "Retry strategies",
        "Scaling targets",
        "Security measures at this layer",
        "Session handling approach",
        "Staging environment setup",
        "Target response times",
        "Use case and rationale",
        "What else was considered",
        "What it depends on",
        "What this component does",
        "What was decided",
        "What was gained/lost",
        "Where the system is hosted",
        "Why chosen over alternatives",
        "Why this pattern was chosen",
        "Why this was chosen",
    }
)
_NUMBERED_PLACEHOLDER = re.compile(
    r"\[(?:API|Architectural improvement|Component|Decision|Layer|Pattern|"
    r"Potential future migration|Service|Step|Technology) \d+(?: Name| in data processing)?\]"
)
_BRACKETED = re.compile(r"\[([^\]\n]{2,120})\]")
_TODO = "<!-- archscribe:todo -->"
_BEGIN = "<!-- archscribe:begin "
_END = "<!-- archscribe:end "
_REGENERATE = "run `archscribe write` and commit the result"


# Figures that move with every edit without changing what the document claims: the line of a
# citation, and sizes in lines and files. A block that differs only in these is "stale
# figures", a note; with ``strict`` it is an error like any other difference.
_VOLATILE = (
    (re.compile(r"(`[^`\s]+?\.[A-Za-z0-9]+):\d+`"), r"\1:#`"),
    (re.compile(r"\b\d[\d,]*(?= (?:lines?|files?|Python (?:modules?|files?))\b)"), "#"),
    (re.compile(r"\+\d+ more\b"), "+# more"),
)


def _figures_only(body: str) -> str:
    for pattern, replacement in _VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def check_drift(
    document: str,
    fresh: Mapping[str, str],
    existing: Mapping[str, tuple[int, str]],
    *,
    strict: bool = False,
) -> list[Finding]:
    """Findings for one document.

    ``fresh`` maps each block id archscribe writes now to its body; ``existing`` maps each
    block id of the checked-in ``document`` to (line of its begin marker, body).
    """
    findings: list[Finding] = []
    for block_id, body in fresh.items():
        old = existing.get(block_id)
        if old is None:
            findings.append(
                Finding(
                    "missing-block",
                    Severity.ERROR,
                    f"the document lacks the generated block `{block_id}`: the code has "
                    "something the document does not describe",
                    Evidence("", 0),
                    _REGENERATE,
                )
            )
        elif old[1] != body and not strict and _figures_only(old[1]) == _figures_only(body):
            findings.append(
                Finding(
                    "stale-figures",
                    Severity.NOTE,
                    f"line numbers or sizes in the block `{block_id}` have moved"
                    f"{_first_difference(old[1], body)}",
                    Evidence("", old[0]),
                    "run `archscribe write` to refresh them (`check --strict` fails on this)",
                )
            )
        elif old[1] != body:
            shown = (old[1], body) if strict else (_figures_only(old[1]), _figures_only(body))
            findings.append(
                Finding(
                    "stale-block",
                    Severity.ERROR,
                    f"the generated block `{block_id}` no longer matches the code"
                    f"{_first_difference(*shown)}",
                    Evidence("", old[0]),
                    _REGENERATE,
                )
            )
    for block_id, (line, _) in existing.items():
        if block_id not in fresh:
            findings.append(
                Finding(
                    "extra-block",
                    Severity.ERROR,
                    f"the document describes `{block_id}`, which the code no longer has",
                    Evidence("", line),
                    _REGENERATE,
                )
            )
    findings.extend(_text_findings(document))
    return sorted(findings, key=lambda f: (f.evidence.line, f.rule, f.message))


def _first_difference(old: str, new: str) -> str:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)):
        if a != b:
            at = next(
                (j for j, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            start = max(0, at - 30)
            return (
                f" (its line {i + 1} says {_short(a[start:])!r}, the code now gives "
                f"{_short(b[start:])!r})"
            )
    if len(old_lines) != len(new_lines):
        return f" ({len(old_lines)} lines were written, {len(new_lines)} are now)"
    return ""


def _short(text: str, limit: int = 70) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _placeholders(line: str) -> list[re.Match[str]]:
    found = [m for m in _BRACKETED.finditer(line) if m.group(1) in _TEMPLATE_PLACEHOLDERS]
    return sorted([*found, *_NUMBERED_PLACEHOLDER.finditer(line)], key=lambda m: m.start())


def _text_findings(document: str) -> list[Finding]:
    """Placeholders and hints in the human-owned text (generated blocks quote the code and
    READMEs, where brackets are not placeholders)."""
    findings = []
    in_fence = in_block = False
    for number, line in enumerate(document.splitlines(), start=1):
        marker = line.strip()
        if marker.startswith(_BEGIN):
            in_block = True
        elif marker.startswith(_END):
            in_block = False
        if in_block:
            continue
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        for match in () if in_fence else _placeholders(line):
            findings.append(
                Finding(
                    "placeholder",
                    Severity.ERROR,
                    f"template placeholder {match.group(0)} is still unfilled",
                    Evidence("", number),
                    "replace it with what it asks for, or delete the line",
                )
            )
        if _TODO in line:
            findings.append(
                Finding(
                    "unfilled-hint",
                    Severity.NOTE,
                    "a field only people can fill still holds archscribe's hint",
                    Evidence("", number),
                    "write the team's answer in place of the _To fill_ text and its marker",
                )
            )
    return findings
