"""Catalogue: the callables whose module-level result starts a system (Flask(), FastAPI(),
get_wsgi_application(), Celery()…), read from ``data/app_factories.toml``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from archscribe.catalogue import read_table

KINDS = frozenset({"wsgi", "asgi", "web-app", "worker", "cli-app"})


@dataclass(frozen=True, slots=True)
class AppFactory:
    """What calling ``qualified_name`` gives: an application of ``kind`` built on
    ``technology``."""

    qualified_name: str
    kind: str
    technology: str


@functools.cache
def app_factories() -> Mapping[str, AppFactory]:
    """Fully qualified callable name -> the application it makes."""
    table = read_table("app_factories.toml", "factories")
    found: dict[str, AppFactory] = {}
    for name, value in table.items():
        if not isinstance(value, dict):
            continue
        kind, technology = value.get("kind"), value.get("technology")
        if isinstance(kind, str) and isinstance(technology, str) and kind in KINDS:
            found[name] = AppFactory(name, kind, technology)
    return found
