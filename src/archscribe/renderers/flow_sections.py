"""Renderers: Data Flow: the main flows, as numbered steps with their evidence."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import not_analysed

__all__ = ["data_flow_section"]


def data_flow_section(arch: Architecture) -> str:
    return "1. " + not_analysed("data flows")
