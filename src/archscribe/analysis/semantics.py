"""Analysis: the semantic step, run after modules and components are known: builds the
cross-file :class:`~archscribe.analysis.code_index.CodeIndex` once and asks each detector in
turn (interfaces, data models, outbound calls, security, resilience, bottlenecks, data flows).

Each detector is a pure function of the index and the catalogue; this module only merges what
they find into the interfaces of each component and one
:class:`~archscribe.model.semantics.CodeSemantics`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from archscribe.analysis.bottlenecks import describe_bottlenecks
from archscribe.analysis.code_index import CodeIndex, Placed
from archscribe.analysis.data_models import describe_data_models
from archscribe.analysis.jobs import describe_jobs
from archscribe.analysis.outbound import describe_outbound
from archscribe.analysis.resilience import describe_resilience
from archscribe.analysis.routes import Route, RouteOwners, describe_routes
from archscribe.analysis.security import describe_security
from archscribe.analysis.web_routes import describe_web_routes
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import CodeRole, Interface, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import FactSet, PythonFacts
from archscribe.model.semantics import ApiDescription, CodeSemantics

__all__ = ["Semantics", "describe_semantics"]


@dataclass(frozen=True, slots=True)
class Semantics:
    """What the semantic step found: interfaces by component, the interfaces tests alone
    declare, and the rest."""

    interfaces: dict[str, list[Interface]]
    test_interfaces: tuple[Interface, ...]
    semantics: CodeSemantics
    index: CodeIndex
    routes: list[Route]  # declared by decorators


def describe_semantics(
    pairs: Sequence[tuple[Module, PythonFacts]],
    facts: FactSet,
    role_of: Callable[[str], CodeRole],
    catalogue: Catalogue,
) -> Semantics:
    """Run every detector over the repository's Python modules (``pairs``); ``facts`` gives
    every file (migrations folders, API description files), ``role_of`` what each is for."""
    index = CodeIndex(pairs)
    paths = facts.paths
    # what owns routes, made once: decorator routes and error handlers both ask it
    owners = RouteOwners(
        [(m.module, m.facts) for m in index.source_modules()], catalogue.route_owners
    )
    routes = describe_routes(pairs, catalogue.route_owners, owners)
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
    descriptions = _api_descriptions(facts, role_of, index)
    for description in descriptions:
        if description.component:
            interfaces[description.component].append(_description_interface(description).interface)
    outbound = describe_outbound(index, catalogue)
    data = describe_data_models(index, catalogue, paths)
    errors = describe_resilience(index, catalogue, outbound, owners)
    semantics = replace(
        data,
        outbound=outbound,
        security=describe_security(index, catalogue),
        exceptions=errors.exceptions,
        error_handlers=errors.error_handlers,
        resilience=errors.resilience,
        bottlenecks=describe_bottlenecks(index, catalogue, outbound),
        api_descriptions=descriptions,
    )
    return Semantics(
        interfaces=dict(interfaces),
        test_interfaces=tuple(sorted(set(tests), key=_interface_key)),
        semantics=semantics,
        index=index,
        routes=routes,
    )


def _interface_key(interface: Interface) -> tuple[str, str, str, int]:
    return (interface.kind, interface.name, interface.evidence.path, interface.evidence.line)


# API descriptions in these places describe the system (a spec under docs/ too).
_DESCRIBING_ROLES = frozenset({CodeRole.SOURCE, CodeRole.DOCS, CodeRole.BUILD})


def _api_descriptions(
    facts: FactSet, role_of: Callable[[str], CodeRole], index: CodeIndex
) -> tuple[ApiDescription, ...]:
    """The system's API description files, each placed in the component whose code shares
    the longest folder with it."""
    folders: dict[str, str] = {}
    for module in index.source_modules():
        if module.component:
            folders.setdefault(module.path.rpartition("/")[0], module.component)
    found: list[ApiDescription] = []
    for scanned in facts.files:
        api = scanned.api
        if api is None or not api.kind or role_of(scanned.path) not in _DESCRIBING_ROLES:
            continue
        found.append(
            ApiDescription(
                kind=api.kind,
                title=api.title,
                evidence=Evidence(scanned.path, 0),
                component=_nearest(scanned.path.rpartition("/")[0], folders),
                version=api.version,
                operations=tuple((o.name, o.line) for o in api.operations),
            )
        )
    return tuple(sorted(found, key=lambda d: d.evidence.path))


def _nearest(folder: str, folders: dict[str, str]) -> str:
    """The component of ``folder`` or of the nearest folder above it that holds code (the
    repository's root counts only for a file at the root)."""
    while folder:
        if folder in folders:
            return folders[folder]
        folder = folder.rpartition("/")[0]
    return ""


_KIND_NAMES = {
    "openapi": "OpenAPI",
    "swagger": "Swagger",
    "asyncapi": "AsyncAPI",
    "protobuf": "protobuf",
    "graphql": "GraphQL schema",
}


def _description_interface(description: ApiDescription) -> Placed:
    kind = _KIND_NAMES.get(description.kind, description.kind)
    title = f" {description.title}" if description.title else ""
    count = len(description.operations)
    detail = f"{kind}{title}, {count} operation{'s' if count != 1 else ''}"
    interface = Interface("api-spec", description.evidence.path, description.evidence, detail)
    return Placed(description.component, interface)
