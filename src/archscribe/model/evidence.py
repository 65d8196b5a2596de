"""Model: where a claim comes from (a repository-relative path and a line, or a config key)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """A place in the repository that supports a claim.

    ``path`` is relative to the repository root, with ``/`` separators. ``line`` is 1-based;
    0 means the whole file. ``key`` names a configuration key when the claim comes from one
    (``project.scripts.archscribe``).
    """

    path: str
    line: int = 0
    key: str = ""

    def cite(self) -> str:
        """``path:line`` (or ``path`` for a whole file), the form every document uses."""
        return f"{self.path}:{self.line}" if self.line > 0 else self.path
