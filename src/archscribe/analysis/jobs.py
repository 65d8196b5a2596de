"""Analysis: the interfaces that are not HTTP routes: command-line commands (click, Typer,
argparse, Django management commands), background tasks (Celery, RQ, Dramatiq, Huey, arq) and
their schedules, signal receivers, message consumers (Kafka, AMQP, Channels), gRPC servicers and
GraphQL schemas.

Each kind has its module (``jobs_cli``, ``jobs_tasks``, ``jobs_messages``, ``jobs_schemas``);
what makes a decorator, call or base class count is data
(:mod:`archscribe.catalogue.code_interfaces`), matched against names resolved through the
imports, so a look-alike the repository defines itself (a local ``Celery`` class, a test's
``KafkaConsumer``) is never taken for the library.
"""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, Placed
from archscribe.analysis.jobs_cli import describe_commands
from archscribe.analysis.jobs_common import Objects
from archscribe.analysis.jobs_messages import describe_messages
from archscribe.analysis.jobs_schemas import describe_schemas
from archscribe.analysis.jobs_tasks import describe_tasks
from archscribe.catalogue.bundle import Catalogue

__all__ = ["describe_jobs"]


def describe_jobs(index: CodeIndex, catalogue: Catalogue) -> list[Placed]:
    """Every such interface, placed in its component, in (kind, name, evidence) order; the
    same interface found twice is reported once."""
    knowledge = catalogue.interfaces
    objects = Objects(index)
    found = [
        *describe_commands(index, objects, knowledge),
        *describe_tasks(index, objects, knowledge),
        *describe_messages(index, objects, knowledge),
        *describe_schemas(index, objects, knowledge),
    ]
    return sorted(set(found), key=_key)


def _key(item: Placed) -> tuple[str, str, str, int, str]:
    interface = item.interface
    evidence = interface.evidence
    return (interface.kind, interface.name, evidence.path, evidence.line, interface.detail)
