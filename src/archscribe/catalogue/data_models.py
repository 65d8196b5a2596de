"""Catalogue: what makes a class a data model (ORM and ODM bases, schema bases, record
decorators) and which field calls are relations."""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["ModelKnowledge", "model_knowledge"]


@dataclass(frozen=True, slots=True)
class ModelKnowledge:
    """What makes a class a data model (ORM and ODM bases, schema bases, record decorators) and
    which field calls are relations."""


@functools.cache
def model_knowledge() -> ModelKnowledge:
    """The shipped knowledge."""
    return ModelKnowledge()
