"""Analysis: bottleneck candidates in the code: blocking calls inside ``async def``,
outbound calls without a timeout, ORM queries inside loops. Candidates, never verdicts.

A blocking call counts only when its callee resolves, through the imports (or the client
object a call made, ``http = requests.Session()``), to one the catalogue lists as blocking
(``requests.get``, ``time.sleep``): a local ``get`` is nothing. A Django query that runs at
once (``Check.objects.get``) inside ``async def`` blocks too. A query inside a loop is read
from the call's shape (``Ping.objects.create``, ``session.execute``), which runs once per
turn of the loop. Only the system's own modules count.
"""

from __future__ import annotations

from collections.abc import Sequence

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.analysis.resilience import callable_of, made_objects
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.resilience import ResilienceKnowledge
from archscribe.model.facts import CallFact
from archscribe.model.semantics import Bottleneck, OutboundCall

__all__ = ["describe_bottlenecks"]


def describe_bottlenecks(
    index: CodeIndex, catalogue: Catalogue, outbound: Sequence[OutboundCall]
) -> tuple[Bottleneck, ...]:
    """Every candidate of the system's own code, in (kind, evidence) order."""
    knowledge = catalogue.resilience
    made = made_objects(index)
    found: list[Bottleneck] = []
    for module in index.source_modules():
        for call in module.facts.calls:
            if call.in_async and _blocks(module, call, knowledge, made):
                what = f"`{call.callee}` inside `async def {call.function}`"
                found.append(_candidate(module, "blocking-in-async", what, call))
            if call.in_loop and knowledge.orm_query(call.callee):
                where = f"`{call.function}`" if call.function else "module-level code"
                what = f"`{call.callee}` inside a loop in {where}"
                found.append(_candidate(module, "query-in-loop", what, call))
    for sent in outbound:
        if sent.timeout == "missing":
            where = f" in `{sent.function}`" if sent.function else ""
            target = sent.target or "a computed URL"
            what = f"{sent.client} call to {target} without a timeout{where}"
            found.append(
                Bottleneck("no-timeout", what, sent.component, sent.evidence, sent.function)
            )
    return tuple(sorted(set(found), key=lambda b: (b.kind, b.evidence, b.what)))


def _blocks(
    module: IndexedModule, call: CallFact, knowledge: ResilienceKnowledge, made: dict[str, str]
) -> bool:
    """Whether ``call`` blocks an event loop: a known blocking callable, or a Django query
    that runs at once."""
    if callable_of(module, call.callee, made) in knowledge.blocking:
        return True
    parts = call.callee.split(".")
    return (
        len(parts) >= 3
        and parts[-2] in knowledge.orm_managers
        and parts[-1] in knowledge.orm_evaluating
    )


def _candidate(module: IndexedModule, kind: str, what: str, call: CallFact) -> Bottleneck:
    return Bottleneck(kind, what, module.component, module.evidence(call.line), call.function)
