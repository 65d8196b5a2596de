"""Catalogue: the callables whose result owns decorator-declared HTTP routes (Flask(),
Blueprint(), FastAPI(), APIRouter()…), read from ``data/route_owners.toml``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from archscribe.catalogue import data_error, read_table

__all__ = ["RouteOwner", "parse_route_owners", "route_owners"]

SOURCE = "route_owners.toml"


@dataclass(frozen=True, slots=True)
class RouteOwner:
    """What calling ``qualified_name`` makes: an object of ``technology`` whose decorators
    declare routes; ``prefix`` is the keyword that prefixes them all, ``default`` the method of
    a route declared without ``methods=``."""

    qualified_name: str
    technology: str
    prefix: str
    default: str


@functools.cache
def route_owners() -> Mapping[str, RouteOwner]:
    """Fully qualified callable name -> the route owner it makes, from the shipped file."""
    return parse_route_owners(read_table(SOURCE, "owners"))


def parse_route_owners(table: Mapping[str, object]) -> dict[str, RouteOwner]:
    """The ``[owners]`` table read; a malformed entry is a bug in archscribe (InternalError
    naming the entry)."""
    found: dict[str, RouteOwner] = {}
    for name, value in table.items():
        fields = value if isinstance(value, dict) else {}
        technology, prefix, default = (fields.get(k) for k in ("technology", "prefix", "default"))
        if not (
            isinstance(technology, str)
            and technology
            and isinstance(prefix, str)
            and isinstance(default, str)
            and set(fields) == {"technology", "prefix", "default"}
        ):
            raise data_error(SOURCE, f"entry {name!r} needs technology, prefix and default")
        found[name] = RouteOwner(name, technology, prefix, default)
    return found
