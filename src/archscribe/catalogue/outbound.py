"""Catalogue: the calls that leave the system: HTTP client functions and clients, SDK clients
and the services they reach, e-mail sending."""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["OutboundKnowledge", "outbound_knowledge"]


@dataclass(frozen=True, slots=True)
class OutboundKnowledge:
    """The calls that leave the system: HTTP client functions and clients, SDK clients and the
    services they reach, e-mail sending."""


@functools.cache
def outbound_knowledge() -> OutboundKnowledge:
    """The shipped knowledge."""
    return OutboundKnowledge()
