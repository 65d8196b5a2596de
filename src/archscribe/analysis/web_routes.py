"""Analysis: HTTP routes declared in URL lists and route tables rather than by decorators:
Django ``urls.py`` (``path``, ``re_path``, ``include`` with prefixes resolved across modules,
class-based views), Django REST framework routers and viewsets, Starlette, aiohttp, Falcon,
Tornado, Flask's ``add_url_rule`` and FastAPI's ``add_api_route``.

Two readers do the work: :mod:`.web_routes_urls` (URL lists and the routers they mount) and
:mod:`.web_routes_tables` (registration calls); :mod:`.web_routes_views` tells what each view
answers. What the frameworks are and do is data (``catalogue/data/routing.toml``). Routes
declared in test modules are marked as such; scripts and migrations declare none.
"""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, Placed
from archscribe.analysis.web_routes_tables import table_routes
from archscribe.analysis.web_routes_urls import url_list_routes
from archscribe.analysis.web_routes_views import ViewReader
from archscribe.catalogue.bundle import Catalogue

__all__ = ["describe_web_routes"]


def describe_web_routes(index: CodeIndex, catalogue: Catalogue) -> list[Placed]:
    """Every such route, as an ``http-route`` (or ``websocket``) interface of its component,
    in (path, method, evidence) order, each once."""
    views = ViewReader(index, catalogue.routing)
    found = {*url_list_routes(index, views), *table_routes(index, catalogue, views)}
    return sorted(found, key=_key)


def _key(item: Placed) -> tuple[str, str, str, int, str, bool]:
    method, _, path = item.interface.name.partition(" ")
    evidence = item.interface.evidence
    return (path, method, evidence.path, evidence.line, item.interface.detail, item.test)
