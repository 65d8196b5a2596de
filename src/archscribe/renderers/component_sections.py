"""Renderers: the sections drawn from the component graph (patterns, diagram, one section per
component)."""

from __future__ import annotations

from archscribe.model.architecture import (
    Architecture,
    Component,
    ExternalUse,
    Interface,
)
from archscribe.model.evidence import Evidence
from archscribe.renderers.diagrams import ascii_component_diagram, mermaid_component_flowchart
from archscribe.renderers.wording import (
    cite,
    code,
    join_names,
    list_citations,
    not_analysed,
    not_detected,
    plural,
)


def primary_pattern_section(arch: Architecture) -> str:
    layers = len({c.layer for c in arch.components})
    seen = (
        f"{plural(len(arch.components), 'component')} in {plural(layers, 'layer')} of imports"
        f" and {plural(len(arch.cycles), 'cycle')} between components (see System Components)"
    )
    return "**Pattern**: " + not_analysed("architecture patterns") + f" What it saw: {seen}."


def diagram_section(arch: Architecture) -> str:
    if not arch.components:
        return "```\n(no components)\n```"
    text = "```\n" + ascii_component_diagram(arch.components) + "\n```\n\n"
    text += (
        "```mermaid\n"
        + mermaid_component_flowchart(
            arch.components,
            arch.cycles,
            [u for u in arch.stack if not u.category.startswith("monitoring")],
        )
        + "\n```"
    )
    notes = [
        "Layers read top-down: a component sits above every component it imports. Counts are "
        "import statements; imports only under `TYPE_CHECKING` are drawn dashed and do not "
        "count towards layers or cycles."
    ]
    if arch.cycles:
        notes.append("")
        notes.append(f"**Cycles** ({len(arch.cycles)}): components that import each other.")
        for cycle in arch.cycles:
            members = " ↔ ".join(code(c) for c in cycle.components)
            closing = "; ".join(
                f"{code(d.source)} → {code(d.target)} ({plural(d.imports, 'import')}: "
                f"{list_citations(d.evidence, 3, d.imports)})"
                for d in cycle.closing_imports
            )
            notes.append(f"- {members}: closed by {closing}")
    else:
        notes.append("")
        notes.append("No cycles between components.")
    return text + "\n\n" + "\n".join(notes)


def _purpose_sources(comp: Component) -> str:
    """Where a component's purpose was looked for, in words."""
    if comp.package_init:
        folder = comp.package_init.rpartition("/")[0] or "."
        return f"a docstring in {code(comp.package_init)}, or a README in {code(folder + '/')}"
    if comp.configured:
        return (
            "a `description` in the configuration, or an `__init__.py` docstring for a "
            "component of one package folder"
        )
    if len(comp.paths) == 1 and comp.paths[0].endswith(".py") and "*" not in comp.paths[0]:
        return f"a module docstring in {code(comp.paths[0])}"
    folder = (comp.paths[0] if comp.paths else comp.name).removesuffix("*.py")
    return (
        f"an `__init__.py` in {code(folder)} (there is none: a namespace package or a folder "
        "of modules), or a README there"
    )


def component_section(comp: Component, arch: Architecture) -> str:
    if comp.purpose:
        purpose = f"{comp.purpose} {cite(comp.purpose_evidence)}".rstrip()
    else:
        purpose = not_detected(
            f"{_purpose_sources(comp)}; "
            f"it holds {plural(comp.modules, 'module')} ({plural(comp.code_lines, 'line')})."
        )
    location = ", ".join(code(p) for p in comp.paths)
    lines = [
        f"#### {comp.name}",
        f"**Purpose**: {purpose}  ",
        f"**Location**: {location} ({plural(comp.modules, 'module')}, "
        f"{plural(comp.code_lines, 'line')})  ",
        f"**Dependencies**: {_dependencies(comp)}{_links(comp, arch)}  ",
        f"**Interfaces**: {_interfaces(comp)}",
    ]
    return "\n".join(lines)


def _dependencies(comp: Component) -> str:
    parts = []
    if comp.dependencies:
        internal = ", ".join(
            f"{code(d.target)} ({plural(d.imports, 'import')}"
            f"{', TYPE_CHECKING only' if d.type_checking_only else ''}: "
            f"{list_citations(d.evidence, 2, d.imports)})"
            for d in sorted(comp.dependencies, key=lambda d: (-d.imports, d.target))
        )
        parts.append(f"internal: {internal}")
    else:
        parts.append("internal: none")
    if comp.externals:
        external = ", ".join(
            f"{code(u.distribution)} "
            f"({_external_note(u)}{list_citations(u.evidence, 1, u.imports)})"
            for u in sorted(comp.externals, key=lambda u: (-u.imports, u.distribution))
        )
        parts.append(f"external: {external}")
    else:
        parts.append("external: none")
    if comp.stdlib:
        parts.append(f"standard library: {join_names(comp.stdlib, 10)}")
    return "; ".join(parts)


_LINK_WORDS = {"relation": "data-model relations", "include": "URL includes", "task": "tasks sent"}


def _links(comp: Component, arch: Architecture) -> str:
    """The dependencies that are not imports (a model relation to another component's model,
    a URL include of another component's routes), grouped by target; a component also
    imported is listed once, with its imports."""
    imported = {d.target for d in comp.dependencies}
    links = [
        link
        for link in arch.semantics.links
        if link.source == comp.name and link.target not in imported
    ]
    if not links:
        return ""
    by_target: dict[tuple[str, str], list[Evidence]] = {}
    for link in sorted(links, key=lambda k: (k.target, k.how, k.evidence)):
        by_target.setdefault((link.target, link.how), []).append(link.evidence)
    shown = ", ".join(
        f"{code(target)} ({_LINK_WORDS.get(how, how)}: {list_citations(found, 2, len(found))})"
        for (target, how), found in by_target.items()
    )
    return f"; not through imports: {shown}"


def _external_note(use: ExternalUse) -> str:
    notes = []
    if use.optional:
        notes.append("optional import")
    if not use.declared:
        notes.append("not declared in a manifest")
    return "; ".join(notes) + ": " if notes else ""


_SHOWN = 12

# Interfaces listed by kind, after the entry points, in this order, with their label.
_GROUPED: dict[str, str] = {
    "http-route": "HTTP routes",
    "websocket": "WebSocket routes",
    "grpc": "gRPC methods",
    "graphql": "GraphQL fields",
    "cli-command": "commands",
    "task": "tasks",
    "schedule": "schedules",
    "consumer": "consumers",
    "signal": "signal receivers",
    "api-spec": "API descriptions",
}


def _interfaces(comp: Component) -> str:
    entries = [i for i in comp.interfaces if i.kind != "public-api" and i.kind not in _GROUPED]
    api = [i for i in comp.interfaces if i.kind == "public-api"]
    parts = [f"{i.name} {cite(i.evidence)}" for i in entries]
    for kind, label in _GROUPED.items():
        items = [i for i in comp.interfaces if i.kind == kind]
        if items:
            parts.append(f"{label}: {_listed(items)}")
    if api:
        where = api[0].evidence.path
        parts.append(f"public API of {code(where)}: {join_names([i.name for i in api], 15)}")
    if not parts:
        return not_detected(
            "entry points, HTTP routes, commands, tasks, consumers, `__all__`, or public "
            "classes and functions in the package's `__init__.py`."
        )
    return "; ".join(parts)


def _listed(items: list[Interface]) -> str:
    """The first :data:`_SHOWN` interfaces with their evidence, and how many more."""
    shown = ", ".join(
        code(i.name)
        + (f" ({i.detail})" if i.detail else "")
        + ("" if i.evidence.cite() == i.name else f" {cite(i.evidence)}")  # a file names itself
        for i in items[:_SHOWN]
    )
    rest = len(items) - _SHOWN
    return shown + (f" and {rest:,} more" if rest > 0 else "")


def no_components_section() -> str:
    return not_detected(
        "Python packages or modules outside tests, examples, docs and tooling. Declare "
        "components by hand in `[tool.archscribe] components` if the code lives elsewhere."
    )


def test_interfaces_section(arch: Architecture) -> str:
    """What only tests declare (a test app's routes, a test double's tasks): said once, apart,
    so that a reader knows it was seen and not counted."""
    kinds: dict[str, list[Interface]] = {}
    for interface in arch.test_interfaces:
        kinds.setdefault(interface.kind, []).append(interface)
    parts = [
        f"{plural(len(items), _GROUPED.get(kind, kind).removesuffix('s'))} "
        f"({list_citations([i.evidence for i in items], 2, len(items))})"
        for kind, items in sorted(kinds.items())
    ]
    return "Declared only in tests, and not counted as the system's: " + "; ".join(parts) + "."
