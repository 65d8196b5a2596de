"""Model: what a check found, with where and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from archscribe.model.evidence import Evidence


class Severity(StrEnum):
    """Errors fail ``archscribe check``; notes are reported and pass."""

    ERROR = "error"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found."""

    rule: str  # stale-block, missing-block, extra-block, placeholder, unfilled-hint, …
    severity: Severity
    message: str
    evidence: Evidence
    hint: str = ""
