"""Analysis: calls that leave the system (HTTP requests with the hosts they reach, SDK
clients, e-mail), with whether each sets a timeout."""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.semantics import OutboundCall

__all__ = ["describe_outbound"]


def describe_outbound(index: CodeIndex, catalogue: Catalogue) -> tuple[OutboundCall, ...]:
    """Every outbound call of the system (and, flagged, of its tests)."""
    return ()
