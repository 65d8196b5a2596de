"""Catalogue: what in settings, middleware, classes, decorators and calls is a security
measure: authentication, hashing, authorization, sessions, transport and headers."""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["SecurityKnowledge", "security_knowledge"]


@dataclass(frozen=True, slots=True)
class SecurityKnowledge:
    """What in settings, middleware, classes, decorators and calls is a security measure:
    authentication, hashing, authorization, sessions, transport and headers."""


@functools.cache
def security_knowledge() -> SecurityKnowledge:
    """The shipped knowledge."""
    return SecurityKnowledge()
