"""Renderers: Data Architecture: data models (a list by component and a Mermaid
``erDiagram``)."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import not_analysed

__all__ = ["data_models_section"]


def data_models_section(arch: Architecture) -> str:
    return "```\n" + not_analysed("data models (ORM models, schemas)") + "\n```"
