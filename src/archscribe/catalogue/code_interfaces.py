"""Catalogue: what makes a function or class an interface other than a decorated HTTP route:
CLI frameworks, task queues, schedules, signals, consumers, gRPC and GraphQL, read from
``data/code_interfaces.toml``.

Every key is a fully qualified name; an object a call made is named by that callable and the
attribute used (``celery.Celery.task`` for ``@app.task`` where ``app = Celery(...)``), so a
look-alike the repository defines itself never matches.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from archscribe.catalogue import data_error, read_toml

__all__ = [
    "CallRole",
    "GraphqlKnowledge",
    "InterfaceKnowledge",
    "ManagementCommands",
    "SignalKnowledge",
    "WorkerSettings",
    "interface_knowledge",
    "parse_interface_knowledge",
]

SOURCE = "code_interfaces.toml"


@dataclass(frozen=True, slots=True)
class CallRole:
    """What a decorator or call declares, and where its arguments say it: ``argument`` the
    position naming the function, topic or command (``-1``: none), ``keyword`` the keyword
    naming it instead, ``schedule`` the position of a schedule (``-1``: not periodic),
    ``module`` the import a name-only match needs, ``dashes`` whether a command's default
    name turns ``_`` into ``-``, ``prefix`` what a user types before the command,
    ``program`` whether the decorator makes a whole program (named only when the decorator
    names it or something adds it)."""

    technology: str
    what: str = ""
    argument: int = -1
    keyword: str = ""
    schedule: int = -1
    module: str = ""
    dashes: bool = False
    prefix: str = ""
    program: bool = False


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """A worker settings class (arq): the module it needs, the attributes listing its
    functions and its cron jobs, and the callables that make a cron job."""

    technology: str = ""
    module: str = ""
    functions: str = ""
    cron_jobs: str = ""
    cron: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ManagementCommands:
    """Django management commands: class ``cls`` deriving from ``bases`` in a module
    ``<app>.<package>.<name>``."""

    technology: str = ""
    package: str = ""
    cls: str = ""
    bases: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SignalKnowledge:
    """Django signals: the receiver decorators, the callables making a signal, the modules
    defining the built-in ones, and the connecting method."""

    technology: str = ""
    receivers: frozenset[str] = frozenset()
    makers: frozenset[str] = frozenset()
    modules: tuple[str, ...] = ()
    method: str = ""

    def is_signal(self, qualified: str) -> bool:
        """Whether ``qualified`` is a signal: one of Django's, or an object one of
        ``makers`` made (named by that maker)."""
        return qualified in self.makers or any(
            qualified.startswith(module + ".") for module in self.modules
        )


@dataclass(frozen=True, slots=True)
class GraphqlKnowledge:
    """GraphQL root type names and how Strawberry, graphene and Ariadne declare their
    fields."""

    roots: frozenset[str] = frozenset()
    strawberry_types: frozenset[str] = frozenset()
    strawberry_fields: frozenset[str] = frozenset()
    graphene_bases: frozenset[str] = frozenset()
    graphene_module: str = ""
    ariadne: Mapping[str, str] = field(default_factory=dict)
    ariadne_method: str = ""


@dataclass(frozen=True, slots=True)
class InterfaceKnowledge:
    """What makes a function or class an interface other than a decorated HTTP route: task
    decorators (periodic ones with a schedule), scheduling decorators and calls, enqueue
    calls, worker settings classes, command decorators, groups, adders and sub-parsers,
    management commands, consumer calls and methods, WebSocket consumer bases, signals,
    gRPC servicers and GraphQL schemas."""

    tasks: Mapping[str, CallRole] = field(default_factory=dict)
    scheduled: Mapping[str, CallRole] = field(default_factory=dict)
    enqueue: Mapping[str, CallRole] = field(default_factory=dict)
    schedule_calls: Mapping[str, CallRole] = field(default_factory=dict)
    schedule_methods: Mapping[str, CallRole] = field(default_factory=dict)
    worker_settings: WorkerSettings = field(default_factory=WorkerSettings)
    commands: Mapping[str, CallRole] = field(default_factory=dict)
    command_groups: Mapping[str, CallRole] = field(default_factory=dict)
    command_adders: Mapping[str, CallRole] = field(default_factory=dict)
    subcommands: Mapping[str, CallRole] = field(default_factory=dict)
    management: ManagementCommands = field(default_factory=ManagementCommands)
    consumers: Mapping[str, CallRole] = field(default_factory=dict)
    consumer_methods: Mapping[str, CallRole] = field(default_factory=dict)
    socket_consumers: Mapping[str, CallRole] = field(default_factory=dict)
    signals: SignalKnowledge = field(default_factory=SignalKnowledge)
    grpc: tuple[str, str, str] = ("", "", "")  # technology, module suffix, class suffix
    graphql: GraphqlKnowledge = field(default_factory=GraphqlKnowledge)


@functools.cache
def interface_knowledge() -> InterfaceKnowledge:
    """The shipped knowledge."""
    return parse_interface_knowledge(read_toml(SOURCE))


_ROLE_TABLES = (
    "tasks",
    "scheduled",
    "enqueue",
    "schedule_calls",
    "schedule_methods",
    "commands",
    "command_groups",
    "command_adders",
    "subcommands",
    "consumers",
    "consumer_methods",
    "socket_consumers",
)


def parse_interface_knowledge(data: Mapping[str, object]) -> InterfaceKnowledge:
    """The data file read; a malformed entry is a bug in archscribe (InternalError naming
    it)."""
    roles = {name: _roles(_table(data, name), name) for name in _ROLE_TABLES}
    worker = _table(data, "worker_settings")
    management = _table(data, "management")
    signals = _table(data, "signals")
    grpc = _table(data, "grpc")
    graphql = _table(data, "graphql")
    ariadne = graphql.get("ariadne")
    if not isinstance(ariadne, dict) or not all(
        isinstance(v, str) and v for v in ariadne.values()
    ):
        raise data_error(SOURCE, "[graphql.ariadne] is not a table of root type names")
    return InterfaceKnowledge(
        **roles,
        worker_settings=WorkerSettings(
            _text(worker, "technology", "worker_settings"),
            _text(worker, "module", "worker_settings"),
            _text(worker, "functions", "worker_settings"),
            _text(worker, "cron_jobs", "worker_settings"),
            frozenset(_names(worker, "cron", "worker_settings")),
        ),
        management=ManagementCommands(
            _text(management, "technology", "management"),
            _text(management, "package", "management"),
            _text(management, "class", "management"),
            frozenset(_names(management, "bases", "management")),
        ),
        signals=SignalKnowledge(
            _text(signals, "technology", "signals"),
            frozenset(_names(signals, "receivers", "signals")),
            frozenset(_names(signals, "makers", "signals")),
            _names(signals, "modules", "signals"),
            _text(signals, "method", "signals"),
        ),
        grpc=(
            _text(grpc, "technology", "grpc"),
            _text(grpc, "module_suffix", "grpc"),
            _text(grpc, "class_suffix", "grpc"),
        ),
        graphql=GraphqlKnowledge(
            frozenset(_names(graphql, "roots", "graphql")),
            frozenset(_names(graphql, "strawberry_types", "graphql")),
            frozenset(_names(graphql, "strawberry_fields", "graphql")),
            frozenset(_names(graphql, "graphene_bases", "graphql")),
            _text(graphql, "graphene_module", "graphql"),
            {str(k): str(v) for k, v in ariadne.items()},
            _text(graphql, "ariadne_method", "graphql"),
        ),
    )


_ROLE_TYPES: dict[str, type] = {
    "technology": str,
    "what": str,
    "argument": int,
    "keyword": str,
    "schedule": int,
    "module": str,
    "dashes": bool,
    "prefix": str,
    "program": bool,
}


def _roles(table: Mapping[str, object], name: str) -> dict[str, CallRole]:
    found: dict[str, CallRole] = {}
    for key, entry in table.items():
        where = f"[{name}] {key!r}"
        if not isinstance(entry, dict) or not isinstance(entry.get("technology"), str):
            raise data_error(SOURCE, f"{where} needs a technology")
        for field_name, value in entry.items():
            kind = _ROLE_TYPES.get(field_name)
            if kind is None or type(value) is not kind:
                raise data_error(SOURCE, f"{where} has an unknown or mistyped {field_name!r}")
        if not entry["technology"]:
            raise data_error(SOURCE, f"{where} needs a technology")
        found[key] = CallRole(**entry)
    return found


def _table(data: Mapping[str, object], name: str) -> dict[str, object]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"[{name}] is missing")
    return value


def _text(table: Mapping[str, object], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        raise data_error(SOURCE, f"[{where}] {key} is not a non-empty string")
    return value


def _names(table: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise data_error(SOURCE, f"[{where}] {key} is not a list of names")
    return tuple(value)
