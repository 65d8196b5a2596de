"""Catalogue: how web frameworks declare routes other than by decorators: URL-list entries
(Django, Starlette), route-table calls (aiohttp, Falcon, Tornado, ``add_url_rule``,
``add_api_route``), Django REST framework routers and viewset actions, and the HTTP methods of
class-based views."""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["RoutingKnowledge", "routing_knowledge"]


@dataclass(frozen=True, slots=True)
class RoutingKnowledge:
    """How web frameworks declare routes other than by decorators."""


@functools.cache
def routing_knowledge() -> RoutingKnowledge:
    """The shipped knowledge."""
    return RoutingKnowledge()
