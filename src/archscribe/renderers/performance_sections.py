"""Renderers: Performance Characteristics: bottleneck candidates (import hubs, cycles, blocking
calls in async code, calls without timeouts, queries in loops).

Candidates, never verdicts: each group lists the first few with their citations and counts the
rest, or says what was looked for when it holds none."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.model.semantics import Bottleneck
from archscribe.renderers.wording import cite, code, not_detected, plural

__all__ = ["bottlenecks_section"]

_SHOWN = 8
_GROUPS = (
    (
        "blocking-in-async",
        "Blocking calls in async code",
        "blocking calls (requests, `time.sleep`, `subprocess`, `urlopen`, database connects, "
        "Django queries) inside `async def` in the Python source.",
    ),
    (
        "no-timeout",
        "Calls without a timeout",
        "outbound HTTP calls that take a timeout but are given none in the Python source.",
    ),
    (
        "query-in-loop",
        "Queries inside loops",
        "ORM queries (`Model.objects.…`, `session.execute`/`query`/`scalars`) inside `for`/"
        "`while` loops and comprehensions in the Python source.",
    ),
)


def bottlenecks_section(arch: Architecture) -> str:
    lines = [
        f"- **Import hub {code(hub.module)}**: imported by {plural(hub.importers, 'module')} "
        f"({code(hub.path)}); a change here reaches much of the system."
        for hub in arch.hubs
    ]
    for cycle in arch.cycles:
        lines.append(
            f"- **Cycle {' ↔ '.join(code(c) for c in cycle.components)}**: these components "
            "import each other (see System Components); they load and change together."
        )
    for kind, title, looked_for in _GROUPS:
        found = [b for b in arch.semantics.bottlenecks if b.kind == kind]
        lines.append(f"- **{title}**: {_group(found, looked_for)}")
    return "\n".join(lines)


def _group(found: list[Bottleneck], looked_for: str) -> str:
    if not found:
        return not_detected(f"looked for {looked_for}")
    shown = "; ".join(f"{b.what} {cite(b.evidence)}" for b in found[:_SHOWN])
    if len(found) > _SHOWN:
        shown += f"; and {len(found) - _SHOWN} more"
    return shown + "."
