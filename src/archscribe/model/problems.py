"""Model: a file that could not be read in full, and why (data, never an exception)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemKind(StrEnum):
    """Why a file could not be read in full."""

    SYNTAX_ERROR = "syntax-error"
    PYTHON2 = "python2"
    NOT_UTF8 = "not-utf8"
    BINARY = "binary"
    TOO_LARGE = "too-large"
    GENERATED = "generated"
    UNREADABLE = "unreadable"
    SYMLINK = "symlink"
    MALFORMED = "malformed"
    SHADOWED = "shadowed"  # another file has the same module name and wins


@dataclass(frozen=True, slots=True)
class ScanProblem:
    """A file that was skipped or read only in part, with the reason; a run never stops on one."""

    path: str
    kind: ProblemKind
    reason: str
    line: int = 0
