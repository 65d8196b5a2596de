"""Renderers: component diagrams from the model, as plain ASCII and as a Mermaid flowchart.

Both read the components' ``dependencies`` and draw only those between the components given
(a subset draws the subsystem it names). Neither ends with a line break, so a caller can put
either inside a code fence as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby

from archscribe.model.architecture import Component, Cycle, TechnologyUse

__all__ = ["ascii_component_diagram", "mermaid_component_flowchart"]

MAX_WIDTH = 96
"""The ASCII diagram's widest line; a layer wider than this continues on the next row."""

MAX_NAME = 40
"""Longer names are cut to this many characters (ending in ``...``) inside ASCII boxes."""

_GAP = "  "
_STORES = frozenset({"database", "cache", "search", "object storage"})  # drawn as cylinders
_NODE_ID_UNSAFE = re.compile(r"[^0-9A-Za-z_]")
_LABEL_ESCAPES = {
    '"': "#quot;",
    "#": "#35;",
    "<": "#lt;",
    ">": "#gt;",
    "[": "#91;",
    "]": "#93;",
    "(": "#40;",
    ")": "#41;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    "`": "#96;",
}

_Edges = dict[
    tuple[str, str], tuple[int, bool]
]  # (source, target) -> (imports, TYPE_CHECKING only)


def ascii_component_diagram(components: Sequence[Component]) -> str:
    """Boxes in layers, top-down, then one line per dependency.

    Each layer (``Component.layer``, 0 at the top) is a row of boxes, in name order, wrapped
    onto continuation rows to stay within ``MAX_WIDTH`` columns. Between layers a ``v`` sits
    under each box of the row above that imports a component further down (one ``v`` under the
    middle of the row when none of that row's boxes does). Below the boxes each dependency reads
    ``a --> b (N imports)``, or ``a <-> b (--> N imports; <-- M imports)`` when the two import
    each other; imports made only under ``TYPE_CHECKING`` say so.
    """
    if not components:
        return "(no components)"
    ordered = sorted(components, key=lambda c: (c.layer, c.name, c.paths))
    edges = _edges(ordered)
    layer_of = {c.name: c.layer for c in ordered}
    imports_down = {
        source
        for (source, target), (_, type_checking) in edges.items()
        if not type_checking and layer_of[target] > layer_of[source]
    }

    rows: list[tuple[int, list[str]]] = []
    for layer, group in groupby(ordered, key=lambda c: c.layer):
        row: list[str] = []
        for component in group:
            if row and _row_width([*row, component.name]) > MAX_WIDTH:
                rows.append((layer, row))
                row = []
            row.append(component.name)
        rows.append((layer, row))

    lines: list[str] = []
    for index, (layer, row) in enumerate(rows):
        if index and rows[index - 1][0] != layer:
            lines.append(_arrows(rows[index - 1][1], imports_down))
        lines.extend(_boxes(row))
    lines.append("")
    lines.extend(_edge_lines(edges) or ["(no imports between components)"])
    return "\n".join(line.rstrip() for line in lines)


def mermaid_component_flowchart(
    components: Sequence[Component],
    cycles: Sequence[Cycle] = (),
    systems: Sequence[TechnologyUse] = (),
) -> str:
    """A ``flowchart TD``: a node per component, an edge per dependency labelled with its count,
    and the storage and external systems the components reach.

    Node ids are the names made safe (``billing.api`` -> ``c_billing_api``), with ``_2``,
    ``_3``... added when two names come out the same. Imports made only under ``TYPE_CHECKING``
    are dashed; components in a cycle get the ``cycle`` class. Each system in ``systems`` (a
    database, a cache, a broker, an external API) is a cylinder or a rounded node with a dotted
    edge from every component that reaches it; test infrastructure is left out.
    """
    ordered = sorted(components, key=lambda c: (c.name, c.paths))
    shown = [u for u in systems if not u.test_only]
    if not ordered and not shown:
        return 'flowchart TD\n    empty["(no components)"]'
    ids = _node_ids(c.name for c in ordered)
    lines = ["flowchart TD"]
    lines.extend(f'    {node}["{_mermaid_label(name)}"]' for name, node in ids.items())
    for (source, target), (imports, type_checking) in sorted(_edges(ordered).items()):
        arrow = "-.->" if type_checking else "-->"
        lines.append(f"    {ids[source]} {arrow}|{imports}| {ids[target]}")
    for number, use in enumerate(sorted(shown, key=lambda u: (u.category, u.technology)), 1):
        node = f"s_{number}"
        label = _mermaid_label(use.technology)
        shape = f'[("{label}")]' if use.category in _STORES else f'(["{label}"])'
        lines.append(f"    {node}{shape}")
        lines.extend(f"    {ids[c]} -.-> {node}" for c in use.components if c in ids)
    in_cycle = sorted({name for cycle in cycles for name in cycle.components if name in ids})
    if in_cycle:
        lines.append("    classDef cycle fill:#fdecea,stroke:#c62828,stroke-width:2px")
        lines.append(f"    class {','.join(ids[name] for name in in_cycle)} cycle")
    return "\n".join(lines)


def _edges(components: Sequence[Component]) -> _Edges:
    """Dependencies between the given components (self-imports aside), summed per pair."""
    names = {c.name for c in components}
    edges: _Edges = {}
    for component in components:
        for dependency in component.dependencies:
            target = dependency.target
            if target == component.name or target not in names:
                continue
            imports, type_checking = edges.get((component.name, target), (0, True))
            edges[component.name, target] = (
                imports + dependency.imports,
                type_checking and dependency.type_checking_only,
            )
    return edges


def _edge_lines(edges: _Edges) -> list[str]:
    lines = []
    for (source, target), there in sorted(edges.items()):
        back = edges.get((target, source))
        if back is None:
            lines.append(f"{source} --> {target} ({_imports(*there)})")
        elif source < target:
            lines.append(f"{source} <-> {target} (--> {_imports(*there)}; <-- {_imports(*back)})")
    return lines


def _imports(count: int, type_checking: bool) -> str:
    text = f"{count} import" if count == 1 else f"{count} imports"
    return f"{text}, only under TYPE_CHECKING" if type_checking else text


def _box_label(name: str) -> str:
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 3] + "..."


def _row_width(names: Sequence[str]) -> int:
    return sum(len(_box_label(name)) + 4 for name in names) + len(_GAP) * (len(names) - 1)


def _boxes(names: Sequence[str]) -> list[str]:
    labels = [_box_label(name) for name in names]
    edge = _GAP.join("+" + "-" * (len(label) + 2) + "+" for label in labels)
    middle = _GAP.join(f"| {label} |" for label in labels)
    return [edge, middle, edge]


def _arrows(names: Sequence[str], imports_down: set[str]) -> str:
    """``v`` under the middle of each box whose component imports something lower down."""
    line = [" "] * _row_width(names)
    start = 0
    for name in names:
        width = len(_box_label(name)) + 4
        if name in imports_down:
            line[start + width // 2] = "v"
        start += width + len(_GAP)
    if "v" not in line:
        line[len(line) // 2] = "v"
    return "".join(line)


def _node_ids(names: Iterable[str]) -> dict[str, str]:
    """Name -> Mermaid node id, unique, in the order given."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        if name in ids:
            continue
        base = "c_" + _NODE_ID_UNSAFE.sub("_", name)
        node, suffix = base, 2
        while node in used:
            node, suffix = f"{base}_{suffix}", suffix + 1
        ids[name] = node
        used.add(node)
    return ids


def _mermaid_label(name: str) -> str:
    text = "".join(_LABEL_ESCAPES.get(char, char) for char in name)
    return " ".join(text.split())
