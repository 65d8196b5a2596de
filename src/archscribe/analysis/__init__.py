"""Analysis: facts in, architecture out; pure and deterministic."""

from __future__ import annotations

from archscribe.analysis.describe import describe

__all__ = ["describe"]
