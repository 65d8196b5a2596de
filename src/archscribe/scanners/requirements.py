"""Scanners: pip requirements files in, manifest facts out: one dependency a line.

Lines are read as pip reads them (``\\`` continuations joined, comments dropped, options and
includes passed over); a line that is no requirement is a :class:`ScanProblem`.
"""

from __future__ import annotations

from collections.abc import Iterator

from archscribe.model.facts import ManifestFacts
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import (
    ManifestBuilder,
    decode,
    read_requirement_line,
    without_comment,
)

__all__ = ["REQUIREMENTS_SCANNER", "scan_requirements"]


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with ``\\`` continuations joined, each with the number of its first line."""
    pending: list[str] = []
    first = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not pending:
            first = number
        if line.endswith("\\") and not line.lstrip().startswith("#"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        yield first, " ".join(pending)
        pending = []
    if pending:
        yield first, " ".join(pending)


def scan_requirements(data: bytes) -> ManifestFacts:
    """Read a pip requirements file (``requirements*.txt``, ``*.in``): one dependency a line.

    ``-r`` includes are recorded for the caller to follow; ``-c`` and other options record
    nothing; an editable or URL requirement
    counts when it names itself with ``#egg=``. Every dependency is in group ``runtime``: only
    the caller knows the file name that might say otherwise.
    """
    text, problems = decode(data)
    out = ManifestBuilder("requirements", problems)
    for number, logical in _logical_lines(text):
        read_requirement_line(without_comment(logical), "runtime", number, out)
    return out.build()


REQUIREMENTS_SCANNER = Scanner(
    name="requirements", version=2, fact_type=ManifestFacts, scan=scan_requirements
)
