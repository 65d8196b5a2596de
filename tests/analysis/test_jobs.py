"""Interfaces other than HTTP routes: commands, tasks, schedules, consumers, signals, gRPC
and GraphQL, each found only through names that resolve to the library; look-alikes the
repository defines itself are never claimed, and what tests declare is reported apart."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse, interfaces_of

from archscribe.analysis.code_index import CodeIndex
from archscribe.analysis.jobs import describe_jobs
from archscribe.catalogue.bundle import load_catalogue
from archscribe.model.architecture import Architecture, CodeRole, Module
from archscribe.model.facts import (
    CallAssignment,
    DecoratorFact,
    FunctionFact,
    ImportFact,
    PythonFacts,
)

FILES = {
    "pkg/__init__.py": "",
    "pkg/celery_app.py": """\
        from celery import Celery

        app = Celery("pkg")
        app.conf.beat_schedule = {
            "nightly": {"task": "pkg.tasks.prune", "schedule": crontab(hour="4")},
        }
        """,
    "pkg/tasks.py": """\
        import requests
        from celery import shared_task

        from pkg.celery_app import app

        @shared_task(autoretry_for=(requests.RequestException,), max_retries=5)
        def fetch():
            pass

        @app.task(name="custom.prune")
        def prune():
            pass

        @app.on_after_configure.connect
        def setup(sender, **kwargs):
            sender.add_periodic_task(60.0, fetch.s(), name="every minute")
        """,
    "pkg/inline.py": """\
        class Celery:
            def task(self, fn):
                return fn

        local = Celery()

        @local.task
        def rebuild():
            pass
        """,
    "pkg/cli.py": """\
        import argparse

        import click
        import typer

        app = typer.Typer()

        @app.command()
        def create_user():
            pass

        @app.command("seed-db")
        def seed():
            pass

        @click.group()
        def admin():
            pass

        @admin.command()
        def export_all():
            pass

        @click.command("init-db")
        def init_db():
            pass

        @click.command()
        def program():  # the console script's program: its name is the script's
            pass

        @click.command()
        def added_later():
            pass

        admin.add_command(added_later)

        def main():
            parser = argparse.ArgumentParser(prog="tool")
            sub = parser.add_subparsers()
            sub.add_parser("sync")
        """,
    "pkg/lookalike.py": """\
        class Group:
            def command(self, fn):
                return fn

            def add_parser(self, name):
                return name

        group = Group()

        @group.command
        def not_a_command():
            pass

        def run():
            group.add_parser("not-a-subcommand")
        """,
    "pkg/management/__init__.py": "",
    "pkg/management/commands/__init__.py": "",
    "pkg/management/commands/prune.py": """\
        from django.core.management.base import BaseCommand

        class Command(BaseCommand):
            def handle(self, *args, **options):
                pass
        """,
    "pkg/management/commands/_helpers.py": """\
        from django.core.management.base import BaseCommand

        class Command(BaseCommand):
            pass
        """,
    "pkg/queues.py": """\
        import dramatiq
        from huey import RedisHuey, crontab
        from redis import Redis
        from rq import Queue
        from rq.decorators import job

        q = Queue(connection=Redis())
        huey = RedisHuey("pkg")

        def send_mail(order_id):
            pass

        @job("default")
        def refresh():
            pass

        @dramatiq.actor(max_retries=3)
        def resize():
            pass

        @huey.periodic_task(crontab(minute="0"))
        def hourly():
            pass

        def order():
            q.enqueue(send_mail, 1)
        """,
    "pkg/worker.py": """\
        from arq import cron

        async def receipt(ctx):
            pass

        async def cleanup(ctx):
            pass

        class WorkerSettings:
            functions = [receipt]
            cron_jobs = [cron(cleanup, hour=3, minute=0)]
        """,
}


def _names(arch: Architecture, kind: str) -> list[str]:
    return sorted(i.name for i in interfaces_of(arch, kind))


def _detail(arch: Architecture, kind: str, name: str) -> str:
    return next(i.detail for i in interfaces_of(arch, kind) if i.name == name)


def test_tasks_resolve_to_their_queue_and_a_local_celery_is_none(tmp_path: Path) -> None:
    arch = analyse(tmp_path, FILES)
    assert _names(arch, "task") == [
        "custom.prune",
        "pkg.queues.hourly",
        "pkg.queues.refresh",
        "pkg.queues.resize",
        "pkg.queues.send_mail",
        "pkg.tasks.fetch",
        "pkg.worker.receipt",
    ]
    fetch = _detail(arch, "task", "pkg.tasks.fetch")
    assert fetch == "Celery, retries on RequestException, at most 5 retries"
    assert _detail(arch, "task", "pkg.queues.resize") == "Dramatiq, at most 3 retries"
    assert _detail(arch, "task", "pkg.queues.send_mail").startswith(
        "RQ, enqueued at pkg/queues.py"
    )


def test_schedules_name_what_they_run(tmp_path: Path) -> None:
    arch = analyse(tmp_path, FILES)
    assert _names(arch, "schedule") == [
        "pkg.queues.hourly",
        "pkg.tasks.fetch",
        "pkg.tasks.prune",
        "pkg.worker.cleanup",
    ]
    assert _detail(arch, "schedule", "pkg.tasks.fetch") == "Celery: 60.0"
    assert _detail(arch, "schedule", "pkg.queues.hourly") == 'Huey: crontab(minute="0")'
    assert _detail(arch, "schedule", "pkg.worker.cleanup") == "arq cron job: hour=3, minute=0"
    nightly = _detail(arch, "schedule", "pkg.tasks.prune")
    assert nightly == 'Celery beat entry "nightly": crontab(hour="4")'


def test_commands_are_named_as_users_type_them(tmp_path: Path) -> None:
    arch = analyse(tmp_path, FILES)
    assert _names(arch, "cli-command") == [
        "added-later",
        "create-user",
        "export-all",
        "init-db",
        "prune",
        "seed-db",
        "sync",
    ]
    assert _detail(arch, "cli-command", "sync") == "argparse sub-command of tool"
    assert _detail(arch, "cli-command", "export-all") == "Click sub-command of admin"
    assert _detail(arch, "cli-command", "added-later") == (
        "Click command; added at pkg/cli.py:36 as a sub-command of admin"
    )
    assert _detail(arch, "cli-command", "prune") == (
        "Django management command, run as `manage.py prune`"
    )


def test_consumers_signals_grpc_and_graphql(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/kafka_in.py": """\
                import pika
                import sqlite3
                from confluent_kafka import Consumer
                from kafka import KafkaConsumer

                def run(topic):
                    KafkaConsumer("orders", "refunds")
                    consumer = Consumer({"group.id": "g"})
                    consumer.subscribe(["payments"])
                    KafkaConsumer(topic)
                    sqlite3.connect("db")

                def on_open(channel):
                    channel.basic_consume(queue="emails", on_message_callback=print)
                """,
            "svc/local.py": """\
                class KafkaConsumer:
                    def __init__(self, topic):
                        self.topic = topic

                def run():
                    KafkaConsumer("fake-topic")
                """,
            "svc/ws.py": """\
                from channels.generic.websocket import AsyncWebsocketConsumer

                class Base(AsyncWebsocketConsumer):
                    pass

                class Live(Base):
                    pass

                class NotAConsumer:
                    pass
                """,
            "svc/models.py": "class User:\n    pass\n",
            "svc/signals.py": """\
                from django.db.models.signals import post_save
                from django.dispatch import Signal, receiver

                from svc.models import User

                done = Signal()

                @receiver(post_save, sender=User)
                def profile(sender, **kwargs):
                    pass

                def audit(sender, **kwargs):
                    pass

                done.connect(audit)
                """,
            "svc/server.py": """\
                from svc import shop_pb2_grpc

                class Shop(shop_pb2_grpc.ShopServicer):
                    def GetItem(self, request, context):
                        pass

                    def _helper(self):
                        pass
                """,
            "svc/schema.py": """\
                import graphene
                import strawberry
                from ariadne import QueryType

                @strawberry.type
                class Query:
                    books: list[str]

                    @strawberry.field
                    def book(self, id: str) -> str:
                        return id

                @strawberry.type
                class Book:
                    title: str

                class Mutation(graphene.ObjectType):
                    borrow = graphene.Boolean()

                query = QueryType()

                @query.field("authors")
                def authors(*_):
                    return []
                """,
        },
    )
    assert _names(arch, "consumer") == [
        "(computed)",
        "emails",
        "orders",
        "payments",
        "refunds",
        "svc.ws.Base",
        "svc.ws.Live",
    ]
    assert _detail(arch, "consumer", "payments") == "Kafka topic via confluent-kafka"
    assert (
        _detail(arch, "consumer", "(computed)") == "Kafka topic named by `topic`, via kafka-python"
    )
    assert _detail(arch, "consumer", "svc.ws.Live") == "Django Channels AsyncWebsocketConsumer"
    assert _names(arch, "signal") == ["svc.signals.audit", "svc.signals.profile"]
    assert _detail(arch, "signal", "svc.signals.profile") == "Django signal post_save of svc.User"
    assert _detail(arch, "signal", "svc.signals.audit") == "Django signal svc.signals.done"
    assert _names(arch, "grpc") == ["Shop.GetItem"]
    assert _names(arch, "graphql") == [
        "Mutation.borrow",
        "Query.authors",
        "Query.book",
        "Query.books",
    ]


def test_what_tests_declare_is_reported_apart(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/core.py": "def f():\n    pass\n",
            "tests/__init__.py": "",
            "tests/test_tasks.py": """\
                from celery import shared_task

                @shared_task
                def fake_task():
                    pass
                """,
        },
    )
    assert _names(arch, "task") == []
    assert [i.name for i in arch.test_interfaces if i.kind == "task"] == [
        "tests.test_tasks.fake_task"
    ]


def test_a_command_declared_in_an_application_factory() -> None:
    """``@app.cli.command("seed")`` on a function nested in ``create_app()`` (the facts the
    scanner would give), and ``app.cli.add_command`` naming a Click command."""
    facts = PythonFacts(
        imports=(ImportFact("flask", "Flask", 1),),
        functions=(FunctionFact("create_app", 3),),
        local_assignments=(CallAssignment("create_app.app", "Flask", 4),),
        decorators=(
            DecoratorFact("create_app.seed", "app.cli.command", 6, call=True, args=('"seed"',)),
            DecoratorFact("create_app.other", "app.cli.unknown", 9, call=True),
            DecoratorFact("create_app.elsewhere", "other.cli.command", 12, call=True),
        ),
    )
    module = Module("shop", "shop/__init__.py", CodeRole.SOURCE, "shop", is_package=True)
    found = describe_jobs(CodeIndex([(module, facts)]), load_catalogue())
    assert [(p.interface.name, p.interface.detail) for p in found] == [
        ("seed", "Flask command, run as `flask seed`")
    ]


def test_sub_commands_of_a_parser_made_by_the_repositorys_own_subclass(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "tool/__init__.py": "",
            "tool/cli.py": """\
                import argparse

                class Parser(argparse.ArgumentParser):
                    def error(self, message): ...

                class NotAParser:
                    def add_subparsers(self): ...

                def build():
                    parser = Parser(prog="tool")
                    sub = parser.add_subparsers(dest="command")
                    sub.add_parser("sync")
                    other = NotAParser().add_subparsers()
                    other.add_parser("nope")
                """,
        },
    )
    assert [i.name for i in interfaces_of(arch, "cli-command")] == ["sync"]


def test_apscheduler_jobs_and_signals_connected_inside_a_method(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": "def stamp(sender, **kwargs):\n    pass\n",
            "app/apps.py": """\
                from django.apps import AppConfig
                from django.core.signals import request_finished
                from django.db.models.signals import post_migrate

                class Config(AppConfig):
                    def ready(self):
                        from .models import stamp

                        post_migrate.connect(stamp, sender=self)
                        request_finished.connect(self.finished)
                        request_finished.connect(self.inherited)

                    def finished(self, **kwargs):
                        pass
                """,
            "app/jobs.py": """\
                from apscheduler.schedulers.background import BackgroundScheduler

                scheduler = BackgroundScheduler()

                def purge():
                    pass

                @scheduler.scheduled_job("interval", minutes=5)
                def ping():
                    pass

                scheduler.add_job(purge, "cron", hour=2)
                """,
            "app/fake.py": """\
                class BackgroundScheduler:
                    def add_job(self, fn, trigger):
                        pass

                local = BackgroundScheduler()

                def nope():
                    pass

                local.add_job(nope, "cron")
                """,
        },
    )
    assert _names(arch, "schedule") == ["app.jobs.ping", "app.jobs.purge"]
    assert _detail(arch, "schedule", "app.jobs.purge") == 'APScheduler: "cron", hour=2'
    assert _detail(arch, "schedule", "app.jobs.ping") == 'APScheduler: "interval", minutes=5'
    assert _names(arch, "signal") == [
        "app.apps.Config.finished",
        "app.models.stamp",
        "self.inherited",  # not defined by the class: shown as written, not guessed
    ]
    assert _detail(arch, "signal", "app.models.stamp") == "Django signal post_migrate of `self`"


def test_a_blueprint_command_claims_no_flask_prefix(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "web/__init__.py": "",
            "web/admin.py": """\
                from flask import Blueprint

                bp = Blueprint("admin", __name__)

                @bp.cli.command("purge")
                def purge():
                    pass
                """,
        },
    )
    assert [(i.name, i.detail) for i in interfaces_of(arch, "cli-command")] == [
        ("purge", "Flask command")
    ]
