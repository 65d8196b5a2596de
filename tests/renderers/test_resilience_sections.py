"""Error Handling, Resilience Patterns and the bottleneck candidates of Performance
Characteristics, from hand-built semantics: cited items, the most telling first, counts of
the rest, and what was looked for when nothing was found."""

from __future__ import annotations

from archscribe.model.architecture import (
    Architecture,
    Overview,
    SystemKind,
    TechnologyUse,
    UseSource,
)
from archscribe.model.evidence import Evidence
from archscribe.model.semantics import (
    Bottleneck,
    CodeSemantics,
    ErrorHandler,
    ExceptionClass,
    OutboundCall,
    ResiliencePattern,
)
from archscribe.renderers.performance_sections import bottlenecks_section
from archscribe.renderers.resilience_sections import (
    error_handling_section,
    resilience_patterns_section,
)


def _arch(semantics: CodeSemantics, stack: tuple[TechnologyUse, ...] = ()) -> Architecture:
    overview = Overview("x", None, "", None, SystemKind.WEB_APPLICATION, (), (), 0, 0, 0)
    return Architecture(
        1, overview, (), (), (), (), (), (), (), (), stack=stack, semantics=semantics
    )


def _exception(name: str, base: str, line: int) -> ExceptionClass:
    return ExceptionClass(name, f"app.errors.{name}", base, "app", Evidence("app/errors.py", line))


def _pattern(kind: str, what: str, technology: str, line: int) -> ResiliencePattern:
    return ResiliencePattern(kind, what, technology, "app", Evidence("app/x.py", line))


def _lines(text: str) -> dict[str, str]:
    return {
        line.split("**")[1]: line.split("**: ", 1)[1]
        for line in text.splitlines()
        if line.startswith("- **")
    }


SEMANTICS = CodeSemantics(
    exceptions=(
        _exception("MonitorError", "Exception", 1),
        _exception("CheckFailed", "app.errors.MonitorError", 5),
        _exception("RateLimited", "app.errors.CheckFailed", 9),
        _exception("Lonely", "ValueError", 12),
    ),
    error_handlers=(
        ErrorHandler("404", "client", "Flask", "not_found", Evidence("app/web.py", 3)),
        ErrorHandler("500", "server", "Flask", "crashed", Evidence("app/web.py", 7)),
        ErrorHandler("", "any", "Django REST framework", "api_handler", Evidence("s.py", 2)),
    ),
    resilience=(
        _pattern("fallback", "`parse` returns a fallback value on `ValueError`", "", 2),
        _pattern("fallback", "`fetch` returns a fallback value on `requests.X`", "requests", 9),
        _pattern("retry", "`charge` retried (stop=3)", "tenacity", 4),
        _pattern("error-tracking", "Sentry error tracking (`sentry_sdk.init`)", "Sentry", 1),
    ),
    outbound=(
        OutboundCall("a.com", "requests", "http", "app", "f", Evidence("app/x.py", 9), "set"),
        OutboundCall("b.com", "requests", "http", "app", "g", Evidence("app/x.py", 12), "missing"),
    ),
)


def test_error_handling_by_side_with_the_hierarchy() -> None:
    lines = _lines(error_handling_section(_arch(SEMANTICS)))
    assert lines["Client Errors"].startswith("`404` → `not_found` (Flask) (`app/web.py:3`); ")
    assert "`api_handler` for every error (`s.py:2`)" in lines["Client Errors"]
    assert "`500` → `crashed` (Flask) (`app/web.py:7`)" in lines["Server Errors"]
    assert "`404`" not in lines["Server Errors"]
    assert lines["External Service Failures"] == (
        "`fetch` returns a fallback value on `requests.X` (`app/x.py:9`); 1 retry policy "
        "(see Resilience Patterns)."
    )
    assert lines["Exception Hierarchy"] == (
        "4 exception classes of the system's own: `MonitorError` (`app/errors.py:1`) with "
        "2 subclasses: `CheckFailed`, `RateLimited`; standalone: `Lonely` (`app/errors.py:12`)."
    )


def test_nothing_found_says_what_was_looked_for() -> None:
    lines = _lines(error_handling_section(_arch(CodeSemantics())))
    assert lines["Client Errors"].startswith("Not detected: handlers of 4xx responses: looked")
    assert lines["External Service Failures"].startswith("Not detected: looked for `except`")
    assert "Exception Hierarchy" not in lines
    patterns = _lines(resilience_patterns_section(_arch(CodeSemantics())))
    assert set(patterns) == {
        "Circuit Breaker",
        "Retry Logic",
        "Fallback Mechanisms",
        "Timeouts",
        "Error Tracking",
    }
    assert all(text.startswith("Not detected: looked for") for text in patterns.values())


def test_resilience_patterns() -> None:
    lines = _lines(resilience_patterns_section(_arch(SEMANTICS)))
    assert lines["Retry Logic"] == "`charge` retried (stop=3), tenacity (`app/x.py:4`)."
    assert lines["Fallback Mechanisms"] == (
        "`fetch` returns a fallback value on `requests.X` (around requests calls) "
        "(`app/x.py:9`); `parse` returns a fallback value on `ValueError` (`app/x.py:2`)."
    )
    assert lines["Timeouts"] == (
        "Set on 1 of 2 outbound calls that take one (`app/x.py:9`); 1 without one "
        "(see Performance Characteristics)."
    )
    assert lines["Error Tracking"] == "Sentry error tracking (`sentry_sdk.init`) (`app/x.py:1`)."
    assert lines["Circuit Breaker"].startswith("Not detected")


def test_an_error_tracker_in_the_stack_without_its_set_up() -> None:
    use = TechnologyUse(
        "Rollbar",
        "monitoring: error tracking",
        (UseSource("dependency", "rollbar", Evidence("requirements.txt", 4)),),
    )
    lines = _lines(resilience_patterns_section(_arch(CodeSemantics(), (use,))))
    assert lines["Error Tracking"] == (
        "Rollbar is used (`requirements.txt:4`); its set-up was not found."
    )


def test_bottleneck_groups_list_a_few_and_count_the_rest() -> None:
    blocking = tuple(
        Bottleneck(
            "blocking-in-async",
            f"`time.sleep` inside `async def f{n}`",
            "app",
            Evidence("app/a.py", n),
            f"f{n}",
        )
        for n in range(1, 11)
    )
    loop = Bottleneck(
        "query-in-loop",
        "`Ping.objects.create` inside a loop in `run`",
        "app",
        Evidence("app/q.py", 4),
        "run",
    )
    lines = _lines(bottlenecks_section(_arch(CodeSemantics(bottlenecks=(*blocking, loop)))))
    assert lines["Blocking calls in async code"].startswith(
        "`time.sleep` inside `async def f1` (`app/a.py:1`); "
    )
    assert lines["Blocking calls in async code"].endswith("(`app/a.py:8`); and 2 more.")
    assert lines["Queries inside loops"] == (
        "`Ping.objects.create` inside a loop in `run` (`app/q.py:4`)."
    )
    assert lines["Calls without a timeout"].startswith("Not detected: looked for outbound")
