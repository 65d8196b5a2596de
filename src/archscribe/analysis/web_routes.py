"""Analysis: HTTP routes declared in URL lists and route tables rather than by decorators:
Django ``urls.py`` (``path``, ``re_path``, ``include`` with prefixes resolved across modules,
class-based views), Django REST framework routers and viewsets, Starlette, aiohttp, Falcon,
Tornado."""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, Placed
from archscribe.catalogue.bundle import Catalogue

__all__ = ["describe_web_routes"]


def describe_web_routes(index: CodeIndex, catalogue: Catalogue) -> list[Placed]:
    """Every such route, as an ``http-route`` (or ``websocket``) interface of its component."""
    return []
