"""analysis.graph: strongly connected parts, layers and the edges that close a cycle."""

from __future__ import annotations

import itertools
import random

import pytest

from archscribe.analysis.graph import closing_edges, layers, strongly_connected

Edges = dict[str, list[str]]


def reachable(start: str, edges: Edges, nodes: set[str]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt in nodes and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def reference_parts(nodes: list[str], edges: Edges) -> list[list[str]]:
    """Strongly connected parts by mutual reachability: slow, plainly right."""
    known = set(nodes)
    reach = {n: reachable(n, edges, known) for n in known}
    parts = {tuple(sorted(m for m in known if m in reach[n] and n in reach[m])) for n in known}
    return sorted(list(p) for p in parts)


def shuffled(nodes: list[str], edges: Edges, seed: int) -> tuple[list[str], Edges]:
    rng = random.Random(seed)
    order = list(nodes)
    rng.shuffle(order)
    keys = list(edges)
    rng.shuffle(keys)
    return order, {k: rng.sample(edges[k], len(edges[k])) for k in keys}


# --- strongly connected parts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nodes", "edges", "expected"),
    [
        ([], {}, []),
        (["b", "a"], {}, [["a"], ["b"]]),
        (["a", "b", "c"], {"a": ["b"], "b": ["a", "c"]}, [["a", "b"], ["c"]]),
        (["a"], {"a": ["a"]}, [["a"]]),  # a self-loop is a part of one
        (["a"], {"a": ["zzz"], "zzz": ["a"]}, [["a"]]),  # edges to unknown nodes are ignored
        (
            ["a", "b", "c", "d", "e"],
            {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": ["e"], "e": ["d"]},
            [["a", "b", "c"], ["d", "e"]],
        ),
    ],
)
def test_strongly_connected(nodes: list[str], edges: Edges, expected: list[list[str]]) -> None:
    assert strongly_connected(nodes, edges) == expected


def test_strongly_connected_on_the_textbook_graph() -> None:
    edges = {
        "1": ["2"],
        "2": ["3"],
        "3": ["1"],
        "4": ["2", "3", "5"],
        "5": ["4", "6"],
        "6": ["3", "7"],
        "7": ["6"],
        "8": ["5", "7", "8"],
    }
    parts = strongly_connected(list(edges), edges)
    assert parts == [["1", "2", "3"], ["4", "5"], ["6", "7"], ["8"]]


def test_strongly_connected_agrees_with_reachability_on_random_graphs() -> None:
    rng = random.Random(20240607)
    for _ in range(150):
        nodes = [f"n{i}" for i in range(rng.randint(1, 9))]
        edges = {n: [m for m in nodes if rng.random() < 0.25] for n in nodes}
        assert strongly_connected(nodes, edges) == reference_parts(nodes, edges), edges


def test_strongly_connected_does_not_depend_on_input_order() -> None:
    nodes = ["api", "core", "db", "cli", "util", "web"]
    edges = {
        "api": ["core", "web"],
        "web": ["api", "util"],
        "core": ["db", "util"],
        "db": ["core"],
        "cli": ["api", "core"],
    }
    expected = strongly_connected(nodes, edges)
    assert expected == [["api", "web"], ["cli"], ["core", "db"], ["util"]]
    for seed in range(20):
        assert strongly_connected(*shuffled(nodes, edges, seed)) == expected
    for order in itertools.permutations(nodes):
        assert strongly_connected(iter(order), edges) == expected


def test_strongly_connected_walks_a_long_chain_without_recursion() -> None:
    names = [f"n{i:05d}" for i in range(5_000)]
    chain = {a: [b] for a, b in itertools.pairwise(names)}
    assert strongly_connected(names, chain) == [[n] for n in names]
    ring = {**chain, names[-1]: [names[0]]}
    assert strongly_connected(names, ring) == [names]


# --- layers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nodes", "edges", "expected"),
    [
        ([], {}, {}),
        (["a", "b", "c"], {"a": ["b"], "b": ["c"]}, {"a": 0, "b": 1, "c": 2}),
        # a sink that nothing reaches still sits at the bottom; e sits above c only
        (
            ["a", "b", "c", "d", "e"],
            {"a": ["b"], "b": ["c"], "e": ["c"]},
            {"a": 0, "b": 1, "c": 2, "d": 2, "e": 1},
        ),
        # the members of a cycle share a layer
        (
            ["a", "b", "c", "d"],
            {"a": ["b"], "b": ["a", "d"], "c": ["a"]},
            {"c": 0, "a": 1, "b": 1, "d": 2},
        ),
        # a node depending on two levels sits above the deeper one
        (
            ["top", "mid", "low"],
            {"top": ["mid", "low"], "mid": ["low"]},
            {"top": 0, "mid": 1, "low": 2},
        ),
        # unknown nodes on either side of an edge are ignored
        (["a", "b"], {"a": ["b", "ghost"], "ghost": ["a"]}, {"a": 0, "b": 1}),
    ],
)
def test_layers(nodes: list[str], edges: Edges, expected: dict[str, int]) -> None:
    assert layers(nodes, edges) == expected


def test_layers_do_not_depend_on_input_order() -> None:
    nodes = ["cli", "app", "core", "model", "errors", "extra"]
    edges = {"cli": ["app"], "app": ["core", "model"], "core": ["model"], "model": ["errors"]}
    expected = layers(nodes, edges)
    assert expected == {"cli": 0, "app": 1, "core": 2, "model": 3, "errors": 4, "extra": 4}
    for seed in range(20):
        assert layers(*shuffled(nodes, edges, seed)) == expected


def test_layers_of_a_long_chain() -> None:
    names = [f"n{i:05d}" for i in range(5_000)]
    chain = {a: [b] for a, b in itertools.pairwise(names)}
    assert layers(names, chain) == {n: i for i, n in enumerate(names)}


# --- closing edges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "weights", "expected"),
    [
        # two members: the lighter direction closes the cycle
        (["a", "b"], {("a", "b"): 5, ("b", "a"): 1}, [("b", "a")]),
        (["a", "b"], {("a", "b"): 1, ("b", "a"): 5}, [("a", "b")]),
        (["b", "a"], {("a", "b"): 1, ("b", "a"): 5}, [("a", "b")]),
        # a tie is broken by name, so the answer is stable
        (["a", "b"], {("a", "b"): 2, ("b", "a"): 2}, [("b", "a")]),
        # three members: the edge against the dominant direction
        (["a", "b", "c"], {("a", "b"): 3, ("b", "c"): 3, ("c", "a"): 1}, [("c", "a")]),
        # weights outside the cycle do not count
        (["a", "b"], {("a", "b"): 1, ("b", "a"): 3, ("a", "x"): 50}, [("a", "b")]),
        (["a", "b"], {("a", "b"): 1, ("b", "a"): 3, ("x", "b"): 50}, [("a", "b")]),
        # a self-edge closes nothing
        (["a", "b"], {("a", "a"): 9, ("a", "b"): 4, ("b", "a"): 2}, [("b", "a")]),
    ],
)
def test_closing_edges(
    members: list[str], weights: dict[tuple[str, str], int], expected: list[tuple[str, str]]
) -> None:
    assert closing_edges(members, weights) == expected
