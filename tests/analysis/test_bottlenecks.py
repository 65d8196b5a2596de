"""Bottleneck candidates: blocking calls inside ``async def`` (resolved through the imports
and the clients a call made), outbound calls without a timeout, ORM queries inside loops;
never a look-alike, never a test's."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse
from hand_facts import CATALOGUE

from archscribe.analysis.bottlenecks import describe_bottlenecks
from archscribe.analysis.code_index import CodeIndex
from archscribe.model.evidence import Evidence
from archscribe.model.semantics import Bottleneck, OutboundCall

FILES = {
    "app/__init__.py": "",
    "app/geo.py": """\
        import asyncio
        import time

        import httpx
        import requests

        http = requests.Session()
        client = httpx.AsyncClient()

        async def lookup(ip):
            return requests.get("https://geo.example.com", timeout=3)

        async def pause():
            time.sleep(1)
            await asyncio.sleep(1)

        async def session_call():
            return http.get("https://geo.example.com", timeout=3)

        async def fine():
            return await client.get("https://geo.example.com")

        def sync_lookup(ip):
            return requests.get("https://geo.example.com", timeout=3)
    """,
    "app/lookalike.py": """\
        async def local(requests):
            return requests.get("x")

        def sleep(seconds):
            pass

        async def own_sleep():
            sleep(1)
    """,
    "app/queries.py": """\
        from app.models import Check, Ping

        def run(ids, session):
            for check in Check.objects.filter(active=True):
                Ping.objects.create(owner=check)
            users = [session.execute(i) for i in ids]
            Check.objects.filter(id__in=ids).update(seen=True)
            return users

        async def view(pk):
            return Check.objects.get(pk=pk)

        async def lazy():
            return Check.objects.filter(pk=1)
    """,
    "app/models.py": """\
        from django.db import models

        class Check(models.Model):
            pass

        class Ping(models.Model):
            pass
    """,
    "tests/__init__.py": "",
    "tests/test_geo.py": """\
        import requests
        from app.models import Ping

        async def test_lookup():
            requests.get("https://geo.example.com")
            for i in range(3):
                Ping.objects.create()
    """,
}


def test_candidates_of_the_systems_own_code(tmp_path: Path) -> None:
    found = analyse(tmp_path, FILES).semantics.bottlenecks
    assert [(b.kind, f"{b.evidence.path}:{b.function}", b.what) for b in found] == [
        ("blocking-in-async", "app/geo.py:lookup", "`requests.get` inside `async def lookup`"),
        ("blocking-in-async", "app/geo.py:pause", "`time.sleep` inside `async def pause`"),
        (
            "blocking-in-async",
            "app/geo.py:session_call",
            "`http.get` inside `async def session_call`",
        ),
        (
            "blocking-in-async",
            "app/queries.py:view",
            "`Check.objects.get` inside `async def view`",
        ),
        (
            "query-in-loop",
            "app/queries.py:run",
            "`Ping.objects.create` inside a loop in `run`",
        ),
        ("query-in-loop", "app/queries.py:run", "`session.execute` inside a loop in `run`"),
    ]


def test_calls_without_a_timeout_come_from_the_outbound_calls() -> None:
    def call(timeout: str, line: int, target: str = "api.example.com") -> OutboundCall:
        evidence = Evidence("app/hooks.py", line)
        return OutboundCall(target, "requests", "http", "app", "notify", evidence, timeout)

    calls = [call("set", 3), call("missing", 5, ""), call("", 7)]
    assert describe_bottlenecks(CodeIndex([]), CATALOGUE, calls) == (
        Bottleneck(
            "no-timeout",
            "requests call to a computed URL without a timeout in `notify`",
            "app",
            Evidence("app/hooks.py", 5),
            "notify",
        ),
    )
