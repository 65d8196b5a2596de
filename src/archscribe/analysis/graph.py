"""Analysis: graph algorithms on component graphs (strongly connected parts, layers, the
imports that close a cycle); deterministic for any input order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def strongly_connected(
    nodes: Iterable[str], edges: Mapping[str, Iterable[str]]
) -> list[list[str]]:
    """Tarjan's algorithm, iterative; each part sorted, parts sorted by their first node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    parts: list[list[str]] = []
    counter = 0
    ordered = sorted(set(nodes))
    succ = {n: sorted(set(edges.get(n, ()))) for n in ordered}
    for start in ordered:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = succ.get(node, [])
            descended = False
            while i < len(targets):
                nxt = targets[i]
                i += 1
                if nxt not in succ:
                    continue
                if nxt not in index:
                    work.append((node, i))
                    work.append((nxt, 0))
                    descended = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if descended:
                continue
            if low[node] == index[node]:
                part: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                parts.append(sorted(part))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(parts)


def layers(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Layer of each node, 0 at the top: a node sits above everything it depends on, and the
    members of a cycle share a layer. Sinks that nothing reaches still sit at the bottom."""
    parts = strongly_connected(nodes, edges)
    part_of = {n: i for i, part in enumerate(parts) for n in part}
    dag: dict[int, set[int]] = {i: set() for i in range(len(parts))}
    for src, targets in edges.items():
        if src not in part_of:
            continue
        for dst in targets:
            if dst in part_of and part_of[dst] != part_of[src]:
                dag[part_of[src]].add(part_of[dst])
    height: dict[int, int] = {}
    for i in range(len(parts)):
        _height(i, dag, height)
    top = max(height.values(), default=0)
    return {n: top - height[part_of[n]] for n in part_of}


def _height(start: int, dag: Mapping[int, set[int]], height: dict[int, int]) -> None:
    work = [start]
    while work:
        node = work[-1]
        if node in height:
            work.pop()
            continue
        pending = [d for d in dag[node] if d not in height]
        if pending:
            work.extend(sorted(pending))
            continue
        height[node] = 1 + max((height[d] for d in dag[node]), default=-1)
        work.pop()


def closing_edges(
    members: list[str], weights: Mapping[tuple[str, str], int]
) -> list[tuple[str, str]]:
    """The edges inside a cycle that point against its dominant direction.

    Members are ordered by how much more they import from the others than the others import
    from them (a greedy feedback-arc-set order); edges from a later member to an earlier one
    close the cycle. With two members, the lighter direction closes it.
    """
    inside = {(a, b): w for (a, b), w in weights.items() if a in members and b in members}

    def balance(node: str) -> tuple[int, str]:
        out = sum(w for (a, _), w in inside.items() if a == node)
        into = sum(w for (_, b), w in inside.items() if b == node)
        return (-(out - into), node)

    order = {n: i for i, n in enumerate(sorted(members, key=balance))}
    return sorted((a, b) for (a, b) in inside if a != b and order[a] > order[b])
