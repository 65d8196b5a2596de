"""What the code-semantics analysis finds in the four semantic fixtures, and what it must not
claim: ``semantic_expectations.EXPECTATIONS`` read against each fixture's architecture model
and document."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from archscribe.analysis.describe import describe
from archscribe.app.config import load_settings
from archscribe.app.ports import SilentProgress
from archscribe.app.scanning import scan_repository
from archscribe.catalogue.bundle import load_catalogue
from archscribe.model.architecture import Architecture, Interface
from archscribe.renderers.markdown_document import render_document

from ..conftest import REPOS
from .semantic_expectations import EXPECTATIONS

# Kinds an item matches by containing the text (said in prose); the others match exactly.
_PROSE = frozenset({"external", "auth", "hashing", "retry", "breaker"})


@cache
def _document(name: str) -> tuple[Architecture, str]:
    root = (REPOS / name).resolve()
    settings = load_settings(root)
    facts, _ = scan_repository(root, settings, cache=None, jobs=1, progress=SilentProgress())
    arch = describe(facts, settings, load_catalogue())
    return arch, render_document(arch)


def _interfaces(arch: Architecture, *kinds: str) -> list[str]:
    return [i.name for c in arch.components for i in c.interfaces if i.kind in kinds]


def _all(arch: Architecture, kind: str) -> list[Interface]:
    return [i for c in arch.components for i in c.interfaces if i.kind == kind]


def _routes(arch: Architecture) -> list[str]:
    return _interfaces(arch, "http-route", "websocket")


def _bottlenecks(kind: str) -> Callable[[Architecture], list[str]]:
    def found(arch: Architecture) -> list[str]:
        return [
            f"{b.evidence.path}:{b.function}" for b in arch.semantics.bottlenecks if b.kind == kind
        ]

    return found


ITEMS: dict[str, Callable[[Architecture], list[str]]] = {
    "route": _routes,
    "command": lambda a: [
        *_interfaces(a, "cli-command"),
        *(
            i.name.removeprefix("console script: ").split(" -> ")[0]
            for i in _all(a, "console-script")
        ),
    ],
    "task": lambda a: _interfaces(a, "task"),
    "schedule": lambda a: _interfaces(a, "schedule"),
    "signal": lambda a: _interfaces(a, "signal"),
    "consumer": lambda a: _interfaces(a, "consumer"),
    "grpc": lambda a: _interfaces(a, "grpc"),
    "graphql": lambda a: _interfaces(a, "graphql"),
    "api-operation": lambda a: [
        name for d in a.semantics.api_descriptions for name, _line in d.operations
    ],
    "model": lambda a: [
        label
        for m in a.semantics.models
        if not m.test
        for label in dict.fromkeys((m.label, m.name))
    ],
    "relation": lambda a: [
        f"{_label(a, r.source)} -> {_label(a, r.target)}" for r in a.semantics.relations
    ],
    "external": lambda a: [
        *(o.target for o in a.semantics.outbound if o.target),
        *(t.technology for t in a.stack),
    ],
    "auth": lambda a: [f"{s.what} {s.technology}" for s in a.semantics.security],
    "hashing": lambda a: [
        f"{s.what} {s.technology}" for s in a.semantics.security if s.area == "hashing"
    ],
    "exception": lambda a: [e.name for e in a.semantics.exceptions],
    "handler": lambda a: [
        value for h in a.semantics.error_handlers for value in (h.handles, h.function)
    ],
    "retry": lambda a: [
        f"{p.what} {p.technology}" for p in a.semantics.resilience if p.kind == "retry"
    ],
    "breaker": lambda a: [
        f"{p.what} {p.technology}" for p in a.semantics.resilience if p.kind == "circuit-breaker"
    ],
    "timeout-missing": _bottlenecks("no-timeout"),
    "blocking-in-async": _bottlenecks("blocking-in-async"),
    "query-in-loop": _bottlenecks("query-in-loop"),
    "outbound-in": lambda a: [o.evidence.path for o in a.semantics.outbound],
}


def _label(arch: Architecture, qualified: str) -> str:
    for model in arch.semantics.models:
        if model.qualified == qualified:
            return model.label
    return qualified


def _matches(kind: str, text: str, item: str) -> bool:
    if kind in _PROSE:
        return text.lower() in item.lower()
    return item == text


CASES = [
    pytest.param(name, kind, text, id=f"{name}-{kind}-{text}")
    for name, expected in sorted(EXPECTATIONS.items())
    for kind, text in expected["must_find"]
]
LOOK_ALIKES = [
    pytest.param(name, claim, id=f"{name}-not-{claim}")
    for name, expected in sorted(EXPECTATIONS.items())
    for claim in expected["must_not_claim"]
]


@pytest.mark.parametrize(("name", "kind", "text"), CASES)
def test_the_fixture_code_is_found(name: str, kind: str, text: str) -> None:
    arch, _ = _document(name)
    items = ITEMS[kind](arch)
    assert any(_matches(kind, text, item) for item in items), f"{kind} {text!r} in {items}"


@pytest.mark.parametrize(("name", "claim"), LOOK_ALIKES)
def test_look_alikes_are_not_claimed(name: str, claim: str | tuple[str, str]) -> None:
    arch, text = _document(name)
    if isinstance(claim, str):
        assert claim not in text
        return
    kind, needle = claim
    items = ITEMS[kind](arch)
    assert not [item for item in items if needle in item], f"{kind} {needle!r} in {items}"
