"""Renderers: Data Flow: the flows that reach most of the system, as numbered steps with their
evidence (the rest are in the JSON model)."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import cite, not_detected, plural

__all__ = ["FLOWS_SHOWN", "data_flow_section"]

FLOWS_SHOWN = 7


def data_flow_section(arch: Architecture) -> str:
    flows = arch.semantics.flows
    if not flows:
        return "1. " + not_detected(
            "entry points (HTTP routes, tasks, commands, consumers) whose code reaches other "
            "components, data models, storage or external services."
        )
    lines: list[str] = []
    for number, flow in enumerate(flows[:FLOWS_SHOWN], start=1):
        lines.append(f"{number}. **{flow.name}**")
        for step_number, step in enumerate(flow.steps, start=1):
            lines.append(f"    {step_number}. {step.text} {cite(step.evidence)}")
    rest = len(flows) - FLOWS_SHOWN
    if rest > 0:
        lines.append(
            f"\n{plural(rest, 'more flow')} reach less of the system; they are in the JSON "
            "model (`archscribe scan --format json`)."
        )
    return "\n".join(lines)
