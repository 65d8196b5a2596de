"""Catalogue: error handler registrations, retry and circuit-breaker libraries, timeouts and
error tracking."""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["ResilienceKnowledge", "resilience_knowledge"]


@dataclass(frozen=True, slots=True)
class ResilienceKnowledge:
    """Error handler registrations, retry and circuit-breaker libraries, timeouts and error
    tracking."""


@functools.cache
def resilience_knowledge() -> ResilienceKnowledge:
    """The shipped knowledge."""
    return ResilienceKnowledge()
