"""Data flows: from a component's entry points through the import graph to other components,
data models, storage and external services, each step with its evidence."""

from __future__ import annotations

from archscribe.analysis.flows import describe_flows
from archscribe.model.architecture import (
    CodeRole,
    Component,
    ImportEdge,
    Interface,
    Module,
    TechnologyUse,
    UseSource,
)
from archscribe.model.evidence import Evidence
from archscribe.model.semantics import CodeSemantics, DataModel, OutboundCall


def _module(name: str, component: str, role: CodeRole = CodeRole.SOURCE) -> Module:
    return Module(name, name.replace(".", "/") + ".py", role, component)


MODULES = [
    _module("api.urls", "api"),
    _module("api.views", "api"),
    _module("core.models", "core"),
    _module("core.slack", "core"),
    _module("jobs.tasks", "jobs"),
    _module("lonely.cli", "lonely"),
]
EDGES = [
    ImportEdge("api.urls", "api.views", "api/urls.py", 1, "top_level"),
    ImportEdge("api.views", "core.models", "api/views.py", 2, "top_level"),
    ImportEdge("api.views", "core.slack", "api/views.py", 3, "type_checking"),
    ImportEdge("jobs.tasks", "core.slack", "jobs/tasks.py", 1, "top_level"),
]
COMPONENTS = [
    Component(
        "api",
        ("api",),
        2,
        10,
        interfaces=(
            Interface("http-route", "GET /checks/", Evidence("api/urls.py", 4)),
            Interface("public-api", "urls", Evidence("api/__init__.py", 1)),
        ),
    ),
    Component("core", ("core",), 2, 10),
    Component(
        "jobs",
        ("jobs",),
        1,
        5,
        interfaces=(Interface("task", "jobs.tasks.ping", Evidence("jobs/tasks.py", 5)),),
    ),
    Component(
        "lonely",
        ("lonely",),
        1,
        5,
        interfaces=(Interface("cli-command", "sync", Evidence("lonely/cli.py", 3)),),
    ),
]
SEMANTICS = CodeSemantics(
    models=(
        DataModel(
            "Check",
            "core.models.Check",
            "core.Check",
            "Django ORM",
            "table",
            "core",
            Evidence("core/models.py", 7),
        ),
        DataModel(
            "Fake",
            "tests.Fake",
            "Fake",
            "Django ORM",
            "table",
            "",
            Evidence("core/models.py", 9),
            test=True,
        ),
    ),
    outbound=(
        OutboundCall(
            "hooks.slack.com", "requests", "http", "core", "notify", Evidence("core/slack.py", 12)
        ),
    ),
)
STACK = [
    TechnologyUse(
        "PostgreSQL",
        "database",
        (UseSource("setting", "DATABASES.default.ENGINE", Evidence("settings.py", 3)),),
        components=("core",),
    ),
    TechnologyUse(
        "SQLite",
        "database",
        (UseSource("setting", "X", Evidence("test_settings.py", 1)),),
        ("core",),
        test_only=True,
    ),
]


def _flows() -> dict[str, list[str]]:
    flows = describe_flows(COMPONENTS, MODULES, EDGES, SEMANTICS, STACK)
    return {f.name: [f"{s.text} @{s.evidence.cite()}" for s in f.steps] for f in flows}


def test_a_route_reaches_models_storage_through_runtime_imports_only() -> None:
    flows = _flows()
    assert flows["HTTP requests into api"] == [
        "HTTP requests enter `api`: `GET /checks/` @api/urls.py:4",
        "reaches `core` @api/views.py:2",
        "reaches the models `Check` (Django ORM) @core/models.py:7",
        "kept in PostgreSQL (database) @settings.py:3",
    ]  # core.slack is imported only under TYPE_CHECKING: no Slack call; no test model, no SQLite


def test_a_task_reaches_an_external_service() -> None:
    assert _flows()["Background tasks into jobs"] == [
        "Background tasks enter `jobs`: `jobs.tasks.ping` @jobs/tasks.py:5",
        "reaches `core` @jobs/tasks.py:1",
        "kept in PostgreSQL (database) @settings.py:3",
        "calls hooks.slack.com @core/slack.py:12",
    ]


def test_flows_are_ordered_by_reach_and_a_lonely_command_still_has_its_entry_step() -> None:
    flows = describe_flows(COMPONENTS, MODULES, EDGES, SEMANTICS, STACK)
    assert [f.name for f in flows] == [
        "Background tasks into jobs",
        "HTTP requests into api",
        "Commands into lonely",
    ]
    assert [f.reach for f in flows] == [3, 3, 0]
    assert [s.text for s in flows[-1].steps] == ["Commands enter `lonely`: `sync`"]


def test_stored_models_are_kept_in_the_databases_wherever_their_settings_stand() -> None:
    stack = [
        TechnologyUse(
            "PostgreSQL",
            "database",
            (UseSource("setting", "DATABASES.default.ENGINE", Evidence("site/settings.py", 3)),),
            components=("site",),  # the settings package, which no flow reaches
        ),
        TechnologyUse(
            "Redis",
            "cache",
            (UseSource("setting", "CACHES", Evidence("site/settings.py", 9)),),
            components=("site",),
        ),
    ]
    flows = describe_flows(COMPONENTS, MODULES, EDGES, SEMANTICS, stack)
    steps = {f.name: [s.text for s in f.steps] for f in flows}
    assert "kept in PostgreSQL (database)" in steps["HTTP requests into api"]
    assert "uses Redis (cache)" not in steps["HTTP requests into api"]  # no model says cache
    assert "kept in PostgreSQL (database)" not in steps["Background tasks into jobs"]
