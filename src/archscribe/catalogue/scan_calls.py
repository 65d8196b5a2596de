"""Catalogue: which calls the Python scanner records (``data/scan_calls.toml``): the modules
whose calls matter, the registration methods and the shapes of ORM queries."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from archscribe.catalogue import data_error, read_table

__all__ = ["CallScan", "call_scan", "parse_call_scan"]

SOURCE = "scan_calls.toml"
_LISTS = ("roots", "registrations", "orm_managers", "orm_sessions", "orm_methods")


@dataclass(frozen=True, slots=True)
class CallScan:
    """What makes a call worth recording (see the data file's header)."""

    roots: frozenset[str]
    registrations: frozenset[str]
    orm_managers: frozenset[str]
    orm_sessions: frozenset[str]
    orm_methods: frozenset[str]


@functools.cache
def call_scan() -> CallScan:
    """The shipped call-scan lists."""
    return parse_call_scan(read_table(SOURCE, "calls"))


def parse_call_scan(table: Mapping[str, object]) -> CallScan:
    """The ``[calls]`` table read; a malformed one is a bug in archscribe (InternalError)."""
    lists: list[frozenset[str]] = []
    for name in _LISTS:
        value = table.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise data_error(SOURCE, f"[calls] {name} must be a list of names")
        lists.append(frozenset(value))
    if set(table) != set(_LISTS):
        raise data_error(SOURCE, f"[calls] holds exactly {', '.join(_LISTS)}")
    return CallScan(*lists)
