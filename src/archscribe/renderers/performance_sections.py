"""Renderers: Performance Characteristics: bottleneck candidates (import hubs, cycles, blocking
calls in async code, calls without timeouts, queries in loops)."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import code, not_analysed, plural

__all__ = ["bottlenecks_section"]


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
    lines.append(
        "- Other candidates: "
        + not_analysed("blocking calls in async code, calls without timeouts and queries in loops")
    )
    return "\n".join(lines)
