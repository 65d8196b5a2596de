"""Analysis: the security measures settings, middleware and code show: authentication,
password hashing, authorization, sessions, transport and headers, by layer."""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.semantics import SecurityMeasure

__all__ = ["describe_security"]


def describe_security(index: CodeIndex, catalogue: Catalogue) -> tuple[SecurityMeasure, ...]:
    """Every measure found, in (layer, area, evidence) order."""
    return ()
