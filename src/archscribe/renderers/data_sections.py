"""Renderers: Data Architecture: data models (a list by component and a Mermaid
``erDiagram``) and data flows."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import not_analysed

__all__ = ["data_flow_section", "data_models_section"]


def data_models_section(arch: Architecture) -> str:
    return "```\n" + not_analysed("data models (ORM models, schemas)") + "\n```"


def data_flow_section(arch: Architecture) -> str:
    return "1. " + not_analysed("data flows")
