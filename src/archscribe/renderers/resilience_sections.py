"""Renderers: Error Handling & Resilience: handlers for client and server errors,
external-failure handling and the system's exception hierarchy; circuit breakers, retry logic,
fallbacks, timeouts and error tracking.

Every claim cites its line; a list shows the most telling items first (fallbacks around
outbound calls before the others) and counts the rest. What was not found says what was
looked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from archscribe.model.architecture import Architecture
from archscribe.model.semantics import ErrorHandler, ExceptionClass, ResiliencePattern
from archscribe.renderers.wording import cite, code, list_citations, not_detected, plural

__all__ = ["error_handling_section", "resilience_patterns_section"]

_SHOWN = 8
_HIERARCHIES_SHOWN = 5
_SUBCLASSES_SHOWN = 6
_TRACKING = "monitoring: error tracking"
_LOOKED_FOR_HANDLERS = (
    "looked for Flask and Quart `errorhandler`/`register_error_handler`, FastAPI and Starlette "
    "`exception_handler`/`add_exception_handler`, Django `handler4xx`/`handler5xx` views, "
    "DRF's `EXCEPTION_HANDLER` and `process_exception` middleware in the Python source"
)
_LOOKED_FOR_EXTERNAL = (
    "looked for `except` clauses that return a fallback value when an outbound call fails "
    "(requests, httpx, aiohttp, urllib3, botocore, SDK errors, `ConnectionError`, "
    "`TimeoutError`), and for retries and circuit breakers"
)


def error_handling_section(arch: Architecture) -> str:
    semantics = arch.semantics
    handlers = semantics.error_handlers
    lines = [
        "- **Client Errors**: " + _handlers(handlers, "client", "4xx responses"),
        "- **Server Errors**: " + _handlers(handlers, "server", "5xx responses"),
        "- **External Service Failures**: " + _external(arch),
    ]
    if semantics.exceptions:
        lines.append("- **Exception Hierarchy**: " + _hierarchy(semantics.exceptions))
    return "\n".join(lines)


def resilience_patterns_section(arch: Architecture) -> str:
    patterns = arch.semantics.resilience
    return "\n".join(
        [
            "- **Circuit Breaker**: "
            + _patterns(
                _of(patterns, "circuit-breaker"),
                "looked for pybreaker, aiobreaker, purgatory and circuitbreaker breakers "
                "in the Python source.",
            ),
            "- **Retry Logic**: "
            + _patterns(
                _of(patterns, "retry"),
                "looked for tenacity, backoff, retrying and stamina decorators, urllib3 "
                "`Retry`, requests `HTTPAdapter(max_retries=…)`, httpx transports' `retries=` "
                "and task retry options (Celery, Dramatiq, Huey) in the Python source.",
            ),
            "- **Fallback Mechanisms**: " + _fallbacks(_of(patterns, "fallback")),
            "- **Timeouts**: " + _timeouts(arch),
            "- **Error Tracking**: " + _tracking(arch),
        ]
    )


def _of(patterns: Sequence[ResiliencePattern], kind: str) -> list[ResiliencePattern]:
    return [p for p in patterns if p.kind == kind]


def _more(shown: list[str], total: int) -> str:
    text = "; ".join(shown)
    return f"{text}; and {total - len(shown)} more" if total > len(shown) else text


# --- error handling -------------------------------------------------------------------------


def _handlers(handlers: Sequence[ErrorHandler], side: str, what: str) -> str:
    chosen = [h for h in handlers if h.side == side] + [h for h in handlers if h.side == "any"]
    if not chosen:
        return not_detected(f"handlers of {what}: {_LOOKED_FOR_HANDLERS}.")
    shown = [_handler(h) for h in chosen[:_SHOWN]]
    return _more(shown, len(chosen)) + "."


def _handler(handler: ErrorHandler) -> str:
    where = cite(handler.evidence)
    if not handler.handles:
        return f"{handler.technology} handler {code(handler.function)} for every error {where}"
    return f"{code(handler.handles)} → {code(handler.function)} ({handler.technology}) {where}"


def _external(arch: Architecture) -> str:
    patterns = arch.semantics.resilience
    fallbacks = [p for p in _of(patterns, "fallback") if p.technology]
    guards = _of(patterns, "retry") + _of(patterns, "circuit-breaker")
    parts = [f"{p.what} {cite(p.evidence)}" for p in fallbacks[:_SHOWN]]
    text = _more(parts, len(fallbacks))
    if guards:
        counts = [
            plural(len(_of(patterns, kind)), noun, many)
            for kind, noun, many in (
                ("retry", "retry policy", "retry policies"),
                ("circuit-breaker", "circuit breaker", ""),
            )
            if _of(patterns, kind)
        ]
        guarded = f"{' and '.join(counts)} (see Resilience Patterns)"
        text = f"{text}; {guarded}" if text else guarded[0].upper() + guarded[1:]
    if not text:
        calls = len(arch.semantics.outbound)
        found = f" ({plural(calls, 'outbound call')} found)" if calls else ""
        return not_detected(f"{_LOOKED_FOR_EXTERNAL}{found}.")
    return text + "."


def _hierarchy(exceptions: Sequence[ExceptionClass]) -> str:
    """Each root of the system's own exceptions with its subclasses; standalone ones
    together."""
    own = {e.qualified: e for e in exceptions}
    children: dict[str, list[str]] = defaultdict(list)
    for exception in exceptions:
        if exception.base in own:
            children[exception.base].append(exception.qualified)
    roots = [e for e in exceptions if e.base not in own]

    def descendants(qualified: str) -> list[str]:
        found: list[str] = []
        for child in children.get(qualified, []):
            found.append(child)
            found.extend(descendants(child))
        return found

    families: list[str] = []
    standalone: list[ExceptionClass] = []
    for root in roots:
        below = [own[q].name for q in descendants(root.qualified)]
        if not below:
            standalone.append(root)
            continue
        names = ", ".join(code(n) for n in below[:_SUBCLASSES_SHOWN])
        if len(below) > _SUBCLASSES_SHOWN:
            names += f" and {len(below) - _SUBCLASSES_SHOWN} more"
        count = plural(len(below), "subclass", "subclasses")
        families.append(f"{code(root.name)} {cite(root.evidence)} with {count}: {names}")
    parts = families[:_HIERARCHIES_SHOWN]
    if len(families) > _HIERARCHIES_SHOWN:
        parts.append(f"{len(families) - _HIERARCHIES_SHOWN} more families")
    if standalone:
        shown = ", ".join(
            f"{code(e.name)} {cite(e.evidence)}" for e in standalone[:_SUBCLASSES_SHOWN]
        )
        if len(standalone) > _SUBCLASSES_SHOWN:
            shown += f" and {len(standalone) - _SUBCLASSES_SHOWN} more"
        parts.append(f"standalone: {shown}" if families else shown)
    total = plural(len(exceptions), "exception class", "exception classes")
    return f"{total} of the system's own: " + "; ".join(parts) + "."


# --- resilience patterns --------------------------------------------------------------------


def _patterns(patterns: Sequence[ResiliencePattern], looked_for: str) -> str:
    if not patterns:
        return not_detected(looked_for)
    shown = [f"{p.what}, {p.technology} {cite(p.evidence)}" for p in patterns[:_SHOWN]]
    return _more(shown, len(patterns)) + "."


def _fallbacks(fallbacks: Sequence[ResiliencePattern]) -> str:
    if not fallbacks:
        return not_detected(
            "looked for `except` clauses that return a value instead of failing in the Python "
            "source."
        )
    ordered = [p for p in fallbacks if p.technology] + [p for p in fallbacks if not p.technology]
    shown = [
        f"{p.what}{f' (around {p.technology} calls)' if p.technology else ''} {cite(p.evidence)}"
        for p in ordered[:_SHOWN]
    ]
    return _more(shown, len(ordered)) + "."


def _timeouts(arch: Architecture) -> str:
    calls = [o for o in arch.semantics.outbound if o.timeout in ("set", "missing")]
    if not calls:
        return not_detected(
            "looked for outbound HTTP and e-mail calls that take a timeout in the Python source."
        )
    with_timeout = [o.evidence for o in calls if o.timeout == "set"]
    missing = len(calls) - len(with_timeout)
    text = f"set on {len(with_timeout)} of {plural(len(calls), 'outbound call')} that take one"
    if with_timeout:
        text += f" ({list_citations(with_timeout)})"
    if missing:
        text += f"; {missing} without one (see Performance Characteristics)"
    return text[0].upper() + text[1:] + "."


def _tracking(arch: Architecture) -> str:
    patterns = _of(arch.semantics.resilience, "error-tracking")
    shown = [f"{p.what} {cite(p.evidence)}" for p in patterns[:_SHOWN]]
    named = {p.technology for p in patterns}
    for use in arch.stack:
        if use.category == _TRACKING and use.technology not in named and not use.test_only:
            evidence = use.sources[0].evidence if use.sources else None
            shown.append(f"{use.technology} is used {cite(evidence)}; its set-up was not found")
    if not shown:
        return not_detected(
            "looked for Sentry, Rollbar, Bugsnag and Honeybadger set-up calls and middleware, "
            "and error-tracking services among the technologies."
        )
    return "; ".join(shown) + "."
