"""Catalogue: error handler registrations, retry and circuit-breaker libraries, error tracking,
the errors a failed outbound call raises and the calls that block an event loop, read from
``data/resilience.toml`` (the shapes of ORM queries come from ``data/scan_calls.toml``)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from archscribe.catalogue import data_error, read_toml
from archscribe.catalogue.scan_calls import call_scan

__all__ = [
    "CallPolicy",
    "DjangoHandlers",
    "ResilienceKnowledge",
    "parse_resilience_knowledge",
    "resilience_knowledge",
]

SOURCE = "resilience.toml"


@dataclass(frozen=True, slots=True)
class CallPolicy:
    """What a decorator or call makes: ``kind`` ``retry`` or ``circuit-breaker``, the
    library, what it says in a few words, the keywords worth quoting (``args``: the
    positional arguments too) and a keyword that must be given for it to count."""

    kind: str
    technology: str
    what: str = ""
    show: tuple[str, ...] = ()
    args: bool = False
    needs: str = ""


@dataclass(frozen=True, slots=True)
class DjangoHandlers:
    """Django's error views, DRF's exception-handler setting and exception middleware."""

    technology: str = ""
    views: frozenset[str] = frozenset()
    drf_setting: str = ""
    drf_technology: str = ""
    middleware_method: str = ""
    middleware_bases: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ResilienceKnowledge:
    """Error handler registrations, retry and circuit-breaker libraries, error tracking,
    outbound errors, blocking calls and the shapes of ORM queries."""

    exception_builtins: frozenset[str] = frozenset()
    exception_libraries: frozenset[str] = frozenset()
    exception_suffixes: tuple[str, ...] = ()
    handler_decorators: Mapping[str, frozenset[str]] = field(default_factory=dict)
    handler_calls: Mapping[str, tuple[frozenset[str], int]] = field(default_factory=dict)
    django: DjangoHandlers = field(default_factory=DjangoHandlers)
    sides: Mapping[str, str] = field(default_factory=dict)
    decorators: Mapping[str, CallPolicy] = field(default_factory=dict)
    tasks: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    calls: Mapping[str, CallPolicy] = field(default_factory=dict)
    tracker_calls: Mapping[str, str] = field(default_factory=dict)
    tracker_middleware: Mapping[str, str] = field(default_factory=dict)
    outbound_errors: Mapping[str, str] = field(default_factory=dict)
    blocking: frozenset[str] = frozenset()  # qualified callables: ``requests.Session.get``
    orm_evaluating: frozenset[str] = frozenset()
    orm_managers: frozenset[str] = frozenset()
    orm_sessions: frozenset[str] = frozenset()
    orm_methods: frozenset[str] = frozenset()

    def is_exception_base(self, qualified: str, external: bool) -> bool:
        """Whether an ancestor named ``qualified`` makes a class an exception (``external``:
        it is not one of the repository's own classes)."""
        if qualified in self.exception_builtins or qualified in self.exception_libraries:
            return True
        return external and "." in qualified and qualified.endswith(self.exception_suffixes)

    def outbound_library(self, caught: str) -> str:
        """The library whose failed call raises ``caught`` (qualified), or ``""``."""
        if caught in self.outbound_errors:
            return self.outbound_errors[caught]
        for prefix, library in self.outbound_errors.items():
            if prefix.endswith(".") and caught.startswith(prefix):
                return library
        return ""

    def orm_query(self, callee: str) -> bool:
        """Whether ``callee`` as written reads as an ORM query (``Check.objects.filter``,
        ``db.session.execute``)."""
        parts = callee.split(".")
        if any(part in self.orm_managers for part in parts[1:-1]):
            return True
        return parts[-1] in self.orm_methods and any(p in self.orm_sessions for p in parts[:-1])


@functools.cache
def resilience_knowledge() -> ResilienceKnowledge:
    """The shipped knowledge."""
    scan = call_scan()
    return replace(
        parse_resilience_knowledge(read_toml(SOURCE)),
        orm_managers=scan.orm_managers,
        orm_sessions=scan.orm_sessions,
        orm_methods=scan.orm_methods,
    )


def parse_resilience_knowledge(data: Mapping[str, object]) -> ResilienceKnowledge:
    """The data file read; a malformed entry is a bug in archscribe (InternalError naming
    it)."""
    exceptions = _table(data, "exceptions")
    handlers = _table(data, "handlers")
    django = _table(handlers, "django", "handlers.")
    trackers = _table(data, "trackers")
    blocking = _table(data, "blocking")
    return ResilienceKnowledge(
        exception_builtins=frozenset(_names(exceptions, "builtins", "exceptions")),
        exception_libraries=frozenset(_names(exceptions, "libraries", "exceptions")),
        exception_suffixes=tuple(_names(exceptions, "suffixes", "exceptions")),
        handler_decorators={
            name: frozenset(_names(_entry(value, name), "technologies", name))
            for name, value in _table(handlers, "decorators", "handlers.").items()
        },
        handler_calls={
            name: (
                frozenset(_names(_entry(value, name), "technologies", name)),
                _int(_entry(value, name), "handler", name),
            )
            for name, value in _table(handlers, "calls", "handlers.").items()
        },
        django=DjangoHandlers(
            technology=_text(django, "technology", "handlers.django"),
            views=frozenset(_names(django, "views", "handlers.django")),
            drf_setting=_text(django, "drf_setting", "handlers.django"),
            drf_technology=_text(django, "drf_technology", "handlers.django"),
            middleware_method=_text(django, "middleware_method", "handlers.django"),
            middleware_bases=frozenset(_names(django, "middleware_bases", "handlers.django")),
        ),
        sides=_strings(_table(handlers, "sides", "handlers."), "handlers.sides"),
        decorators={k: _policy(v, k) for k, v in _table(data, "decorators").items()},
        tasks={
            name: (
                _text(_entry(value, name), "technology", name),
                tuple(_names(_entry(value, name), "keywords", name)),
            )
            for name, value in _table(data, "tasks").items()
        },
        calls={k: _policy(v, k) for k, v in _table(data, "calls").items()},
        tracker_calls=_strings(_table(trackers, "calls", "trackers."), "trackers.calls"),
        tracker_middleware=_strings(
            _table(trackers, "middleware", "trackers."), "trackers.middleware"
        ),
        outbound_errors=_strings(_table(data, "outbound-errors"), "outbound-errors"),
        blocking=frozenset(
            f"{owner}.{name}" for owner in blocking for name in _names(blocking, owner, "blocking")
        ),
        orm_evaluating=frozenset(_names(_table(data, "orm"), "evaluating", "orm")),
    )


_POLICY_KEYS = frozenset({"kind", "technology", "what", "show", "args", "needs"})
_KINDS = frozenset({"retry", "circuit-breaker"})


def _policy(value: object, where: str) -> CallPolicy:
    entry = _entry(value, where)
    kind = _text(entry, "kind", where)
    args = entry.get("args", False)
    if kind not in _KINDS or not isinstance(args, bool) or not set(entry) <= _POLICY_KEYS:
        raise data_error(SOURCE, f"entry {where!r} needs a known kind and only {_POLICY_KEYS}")
    return CallPolicy(
        kind=kind,
        technology=_text(entry, "technology", where),
        what=_text(entry, "what", where, ""),
        show=tuple(_names(entry, "show", where)),
        args=args,
        needs=_text(entry, "needs", where, ""),
    )


def _table(data: Mapping[str, object], name: str, parent: str = "") -> dict[str, object]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"[{parent}{name}] is missing")
    return value


def _entry(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"entry {where!r} is not a table")
    return value


def _names(table: Mapping[str, object], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise data_error(SOURCE, f"{where}: {key} must be a list of names")
    return value


def _text(table: Mapping[str, object], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise data_error(SOURCE, f"{where}: {key} must be a non-empty string")
    return value


def _int(table: Mapping[str, object], key: str, where: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise data_error(SOURCE, f"{where}: {key} must be a position")
    return value


def _strings(table: Mapping[str, object], where: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise data_error(SOURCE, f"[{where}] {key} is not a non-empty string")
        found[key] = value
    return found
