"""The code-interfaces catalogue: task queues, CLI frameworks, consumers, signals, gRPC and
GraphQL as data, its technologies named as the technology catalogue names them."""

from __future__ import annotations

from typing import Any

import pytest

from archscribe.catalogue import read_toml
from archscribe.catalogue.code_interfaces import (
    SOURCE,
    CallRole,
    interface_knowledge,
    parse_interface_knowledge,
)
from archscribe.catalogue.technologies import technology_index
from archscribe.errors import InternalError


def test_the_shipped_file_loads_with_the_common_libraries() -> None:
    knowledge = interface_knowledge()
    assert knowledge.tasks["celery.shared_task"] == CallRole("Celery")
    assert knowledge.tasks["huey.RedisHuey.periodic_task"].schedule == 0
    assert knowledge.commands["typer.Typer.command"].dashes
    assert knowledge.commands["flask.Flask.cli.command"].prefix == "flask"
    assert knowledge.consumer_methods["basic_consume"].module == "pika"
    assert "django.core.management.base.BaseCommand" in knowledge.management.bases
    assert knowledge.signals.is_signal("django.db.models.signals.post_save")
    assert knowledge.signals.is_signal("django.dispatch.Signal")
    assert not knowledge.signals.is_signal("sqlite3.connect")
    assert knowledge.graphql.ariadne["ariadne.QueryType"] == "Query"


def test_every_technology_is_one_the_technology_catalogue_names() -> None:
    knowledge = interface_knowledge()
    names = set(technology_index().names) | {"argparse"}  # the standard library's
    tables = [
        knowledge.tasks,
        knowledge.scheduled,
        knowledge.enqueue,
        knowledge.schedule_calls,
        knowledge.schedule_methods,
        knowledge.commands,
        knowledge.command_groups,
        knowledge.command_adders,
        knowledge.subcommands,
        knowledge.consumers,
        knowledge.consumer_methods,
        knowledge.socket_consumers,
    ]
    used = {role.technology for table in tables for role in table.values()}
    used |= {knowledge.worker_settings.technology, knowledge.grpc[0]}
    used |= {knowledge.management.technology, knowledge.signals.technology}
    assert used - names == set()


def _data(**changes: Any) -> dict[str, object]:
    data = read_toml(SOURCE)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tasks": {"x.task": {"what": "no technology"}}}, r"\[tasks\] 'x.task'"),
        ({"tasks": {"x.task": {"technology": "X", "argument": "0"}}}, r"'argument'"),
        ({"tasks": {"x.task": {"technology": "X", "colour": "red"}}}, r"'colour'"),
        ({"commands": "not a table"}, r"\[commands\] is missing"),
        ({"signals": {"technology": "Django"}}, r"\[signals\] receivers"),
        ({"grpc": {"technology": "gRPC", "module_suffix": ""}}, r"\[grpc\] module_suffix"),
    ],
)
def test_a_malformed_entry_names_itself(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InternalError, match=message):
        parse_interface_knowledge(_data(**changes))
