"""Analysis: the main data flows, derived from the graphs the other steps built.

A flow starts at a group of entry points of one component (its HTTP routes, its tasks, its
commands, its consumers) and follows the import graph from the modules that declare them
(runtime imports only, a few hops): the other components it reaches, the data models those
modules define, the storage, caches and brokers those components use, and the external
services they call. Each step carries the evidence that makes it: the entry's declaration, the
import that reaches a component, the model's class, the setting or dependency that names the
storage, the outbound call.

Every flow goes into the JSON model; the document shows the three to seven that reach most of
the system. A flow is a reading of the graphs, not a trace of one request: it says what an
entry *can* reach, which is what a newcomer and a reviewer need first.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from archscribe.model.architecture import (
    BROKER_CATEGORIES,
    CACHE_CATEGORIES,
    MONITORING_CATEGORIES,
    STORAGE_CATEGORIES,
    CodeRole,
    Component,
    ImportEdge,
    Interface,
    Module,
    TechnologyUse,
)
from archscribe.model.evidence import Evidence
from archscribe.model.semantics import CodeSemantics, DataFlow, FlowStep

__all__ = ["describe_flows"]


_HOPS = 4
_NAMES_SHOWN = 4

# Entry kinds grouped into flows, with how a flow of that group is named.
_ENTRY_GROUPS: dict[str, tuple[str, str]] = {
    "http-route": ("http", "HTTP requests"),
    "websocket": ("websocket", "WebSocket connections"),
    "grpc": ("grpc", "gRPC calls"),
    "graphql": ("graphql", "GraphQL operations"),
    "task": ("task", "Background tasks"),
    "schedule": ("task", "Background tasks"),
    "consumer": ("consumer", "Consumed messages"),
    "cli-command": ("command", "Commands"),
}
_KEPT = (*STORAGE_CATEGORIES, *CACHE_CATEGORIES, *BROKER_CATEGORIES)


@dataclass(frozen=True, slots=True)
class _Entry:
    component: str
    group: str
    label: str
    interfaces: tuple[Interface, ...]


def describe_flows(
    components: Sequence[Component],
    modules: Sequence[Module],
    imports: Sequence[ImportEdge],
    semantics: CodeSemantics,
    stack: Sequence[TechnologyUse],
) -> tuple[DataFlow, ...]:
    """Every flow, the widest-reaching first (then by name)."""
    by_path = {m.path: m for m in modules if m.role is CodeRole.SOURCE}
    graph: dict[str, list[ImportEdge]] = defaultdict(list)
    for edge in imports:
        if edge.context != "type_checking":
            graph[edge.source].append(edge)
    flows = [
        flow
        for entry in _entries(components)
        if (flow := _flow(entry, by_path, graph, semantics, stack)) is not None
    ]
    return tuple(sorted(flows, key=lambda f: (-f.reach, f.name)))


def _entries(components: Sequence[Component]) -> list[_Entry]:
    found: list[_Entry] = []
    for component in components:
        groups: dict[str, list[Interface]] = defaultdict(list)
        labels: dict[str, str] = {}
        for interface in component.interfaces:
            grouped = _ENTRY_GROUPS.get(interface.kind)
            # a task that is also scheduled is one entry
            if grouped is not None and all(i.name != interface.name for i in groups[grouped[0]]):
                groups[grouped[0]].append(interface)
                labels[grouped[0]] = grouped[1]
        for group, interfaces in sorted(groups.items()):
            found.append(_Entry(component.name, group, labels[group], tuple(interfaces)))
    return found


def _flow(
    entry: _Entry,
    by_path: Mapping[str, Module],
    graph: Mapping[str, list[ImportEdge]],
    semantics: CodeSemantics,
    stack: Sequence[TechnologyUse],
) -> DataFlow | None:
    starts = sorted(
        {by_path[i.evidence.path].name for i in entry.interfaces if i.evidence.path in by_path}
    )
    if not starts:
        return None
    reached, via = _reach(starts, graph)
    names = {m.name for m in by_path.values()}
    module_of = {m.name: m for m in by_path.values()}
    reached = {name for name in reached if name in names}
    paths = {module_of[name].path for name in reached}
    first = entry.interfaces[0]
    shown = ", ".join(f"`{i.name}`" for i in entry.interfaces[:_NAMES_SHOWN])
    more = len(entry.interfaces) - _NAMES_SHOWN
    steps = [
        FlowStep(
            f"{entry.label} enter `{entry.component}`: {shown}"
            + (f" and {more} more" if more > 0 else ""),
            first.evidence,
        )
    ]
    # other components reached, each by the first import that reaches it
    components_reached: dict[str, Evidence] = {}
    for name, evidence in via.items():  # in the order the walk reached them: nearest first
        if name not in reached:
            continue
        component = module_of[name].component
        if component and component != entry.component:
            components_reached.setdefault(component, evidence)
    for component, evidence in sorted(components_reached.items()):
        steps.append(FlowStep(f"reaches `{component}`", evidence))
    # data models defined in reached modules
    models = [
        m for m in semantics.models if not m.test and m.evidence.path in paths and not m.abstract
    ]
    stored = [m for m in models if m.kind in ("table", "document")]
    if stored:
        steps.append(
            FlowStep(
                f"reaches the models {_names([m.name for m in stored])} ({stored[0].technology})",
                stored[0].evidence,
            )
        )
    elif models:
        steps.append(FlowStep(f"validates {_names([m.name for m in models])}", models[0].evidence))
    # storage, caches and brokers of the components reached
    # (a model stored in tables is kept in the system's databases, wherever their settings
    # stand: Django's DATABASES sit in the settings package, not beside the models)
    touched = {entry.component, *components_reached}
    kept = [
        use
        for use in stack
        if use.category in _KEPT
        and not use.test_only
        and (touched & set(use.components) or (stored and use.category == "database"))
    ]
    for use in sorted(kept, key=lambda u: (_KEPT.index(u.category), u.technology)):
        if use.sources:
            verb = "kept in" if use.category in STORAGE_CATEGORIES else "uses"
            steps.append(
                FlowStep(f"{verb} {use.technology} ({use.category})", use.sources[0].evidence)
            )
    # external services called from reached modules
    targets: dict[str, Evidence] = {}
    monitoring = {u.technology for u in stack if u.category in MONITORING_CATEGORIES}
    for call in semantics.outbound:
        if call.evidence.path in paths and call.target not in monitoring:
            targets.setdefault(call.target or "a computed destination", call.evidence)
    for target, evidence in sorted(targets.items()):
        steps.append(FlowStep(f"calls {target}", evidence))
    reach = len(components_reached) + len(stored or models) + len(kept) + len(targets)
    return DataFlow(
        name=f"{entry.label} into {entry.component}",
        entry=entry.group,
        steps=tuple(steps),
        reach=reach,
    )


def _reach(
    starts: Sequence[str], graph: Mapping[str, list[ImportEdge]]
) -> tuple[set[str], dict[str, Evidence]]:
    """The modules ``starts`` reach within :data:`_HOPS` imports, and for each the import
    that first reached it."""
    seen = set(starts)
    via: dict[str, Evidence] = {}
    queue = deque((start, 0) for start in starts)
    while queue:
        current, hops = queue.popleft()
        if hops >= _HOPS:
            continue
        for edge in sorted(graph.get(current, ()), key=lambda e: (e.target, e.line)):
            if edge.target not in seen:
                seen.add(edge.target)
                via[edge.target] = Evidence(edge.path, edge.line)
                queue.append((edge.target, hops + 1))
    return seen, via


def _names(names: Sequence[str]) -> str:
    unique = sorted(dict.fromkeys(names))
    shown = ", ".join(f"`{n}`" for n in unique[:_NAMES_SHOWN])
    more = len(unique) - _NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")
