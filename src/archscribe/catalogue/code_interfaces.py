"""Catalogue: what makes a function or class an interface other than a decorated HTTP route:
URL-list entries (Django, Starlette), route-table calls (aiohttp, Falcon, Tornado), DRF routers
and viewsets, CLI frameworks, task queues, schedules, signals, consumers, gRPC and GraphQL."""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["InterfaceKnowledge", "interface_knowledge"]


@dataclass(frozen=True, slots=True)
class InterfaceKnowledge:
    """What makes a function or class an interface other than a decorated HTTP route: URL-list
    entries (Django, Starlette), route-table calls (aiohttp, Falcon, Tornado), DRF routers and
    viewsets, CLI frameworks, task queues, schedules, signals, consumers, gRPC and GraphQL."""


@functools.cache
def interface_knowledge() -> InterfaceKnowledge:
    """The shipped knowledge."""
    return InterfaceKnowledge()
