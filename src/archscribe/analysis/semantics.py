"""Analysis: the semantic step, run after modules and components are known: builds the
cross-file :class:`~archscribe.analysis.code_index.CodeIndex` once and asks each detector in
turn (interfaces, data models, outbound calls, security, resilience, bottlenecks, data flows).

Each detector is a pure function of the index and the catalogue; this module only merges what
they find into the interfaces of each component and one
:class:`~archscribe.model.semantics.CodeSemantics`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from archscribe.analysis.bottlenecks import describe_bottlenecks
from archscribe.analysis.code_index import CodeIndex, Placed
from archscribe.analysis.data_models import describe_data_models
from archscribe.analysis.jobs import describe_jobs
from archscribe.analysis.outbound import describe_outbound
from archscribe.analysis.resilience import describe_resilience
from archscribe.analysis.security import describe_security
from archscribe.analysis.web_routes import describe_web_routes
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import Interface, Module
from archscribe.model.facts import PythonFacts
from archscribe.model.semantics import CodeSemantics

__all__ = ["Semantics", "describe_semantics"]


@dataclass(frozen=True, slots=True)
class Semantics:
    """What the semantic step found: interfaces by component, the interfaces tests alone
    declare, and the rest."""

    interfaces: dict[str, list[Interface]]
    test_interfaces: tuple[Interface, ...]
    semantics: CodeSemantics
    index: CodeIndex


def describe_semantics(
    pairs: Sequence[tuple[Module, PythonFacts]], paths: Sequence[str], catalogue: Catalogue
) -> Semantics:
    """Run every detector over the repository's Python modules (``pairs``); ``paths`` are all
    the repository's files (for migrations folders and API description files)."""
    index = CodeIndex(pairs)
    placed: list[Placed] = [
        *describe_web_routes(index, catalogue),
        *describe_jobs(index, catalogue),
    ]
    interfaces: dict[str, list[Interface]] = defaultdict(list)
    tests: list[Interface] = []
    for item in placed:
        if item.test:
            tests.append(item.interface)
        elif item.component:
            interfaces[item.component].append(item.interface)
    outbound = describe_outbound(index, catalogue)
    data = describe_data_models(index, catalogue, paths)
    errors = describe_resilience(index, catalogue, outbound)
    semantics = replace(
        data,
        outbound=outbound,
        security=describe_security(index, catalogue),
        exceptions=errors.exceptions,
        error_handlers=errors.error_handlers,
        resilience=errors.resilience,
        bottlenecks=describe_bottlenecks(index, catalogue, outbound),
    )
    return Semantics(
        interfaces=dict(interfaces),
        test_interfaces=tuple(sorted(set(tests), key=_interface_key)),
        semantics=semantics,
        index=index,
    )


def _interface_key(interface: Interface) -> tuple[str, str, str, int]:
    return (interface.kind, interface.name, interface.evidence.path, interface.evidence.line)
