"""describe(): dependencies between components, TYPE_CHECKING-only imports, cycles, layers."""

from __future__ import annotations

from hand_facts import find_component, imp, run, source

from archscribe.model.architecture import (
    Architecture,
    ComponentDependency,
    Cycle,
    ImportEdge,
    ImportHub,
)
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ScannedFile
from archscribe.model.settings import ComponentSpec, Settings


def test_dependencies_count_import_statements_and_cite_the_first_three() -> None:
    arch = run(
        source("a/__init__.py"),
        source(
            "a/x.py",
            imp("b.m", line=9),
            imp("b.m", "f", line=3),
            imp("b", "m", line=5),
            imp("b", "g", line=7),
        ),
        source("a/y.py", imp("b.m", line=2)),
        source("b/__init__.py"),
        source("b/m.py"),
    )
    assert find_component(arch, "a").dependencies == (
        ComponentDependency(
            source="a",
            target="b",
            imports=5,
            evidence=(Evidence("a/x.py", 3), Evidence("a/x.py", 5), Evidence("a/x.py", 7)),
        ),
    )
    assert find_component(arch, "b").dependencies == ()


def test_names_imported_together_from_one_module_are_one_import() -> None:
    arch = run(
        source("a/__init__.py", imp("b.m", "f", line=4), imp("b.m", "g", line=4)),
        source("b/__init__.py"),
        source("b/m.py"),
    )
    assert find_component(arch, "a").dependencies == (
        ComponentDependency("a", "b", 1, (Evidence("a/__init__.py", 4),)),
    )


def test_one_statement_importing_two_modules_of_a_component_is_one_import() -> None:
    arch = run(
        source("a/__init__.py", imp("b", "m1", line=3), imp("b", "m2", line=3)),
        source("b/__init__.py"),
        source("b/m1.py"),
        source("b/m2.py"),
    )
    assert find_component(arch, "a").dependencies == (
        ComponentDependency("a", "b", 1, (Evidence("a/__init__.py", 3),)),
    )


def test_imports_inside_a_component_are_edges_but_no_dependency() -> None:
    arch = run(
        source("a/__init__.py", imp("a.core", line=1)),
        source("a/core.py", imp("", "helper", line=2, level=1), imp("a", line=3)),
    )
    assert find_component(arch, "a").dependencies == ()
    assert arch.imports == (
        ImportEdge("a", "a.core", "a/__init__.py", 1, "top_level"),
        ImportEdge("a.core", "a", "a/core.py", 2, "top_level"),
        ImportEdge("a.core", "a", "a/core.py", 3, "top_level"),
    )


def test_a_module_importing_itself_and_future_imports_leave_no_edge() -> None:
    arch = run(
        source("a/__init__.py", imp("__future__", "annotations", line=1), imp("a", line=2)),
    )
    assert arch.imports == ()
    assert find_component(arch, "a").stdlib == ()


def test_edges_keep_the_context_of_the_import() -> None:
    arch = run(
        source(
            "a/__init__.py",
            imp("b.one", line=1),
            imp("b.two", line=2, in_function=True),
            imp("b.three", line=3, type_checking=True),
            imp("b.four", line=4, guarded=True),
        ),
        source("b/__init__.py"),
        *(source(f"b/{n}.py") for n in ("one", "two", "three", "four")),
    )
    assert {e.target: e.context for e in arch.imports} == {
        "b.one": "top_level",
        "b.two": "function",
        "b.three": "type_checking",
        "b.four": "try_except",
    }


# --- TYPE_CHECKING and cycles ---------------------------------------------------------------


def test_a_type_checking_only_dependency_is_flagged_and_closes_no_cycle() -> None:
    arch = run(
        source("a/__init__.py", imp("b", "Thing", line=5, type_checking=True)),
        source("b/__init__.py", imp("a", "helper", line=2)),
    )
    assert find_component(arch, "a").dependencies == (
        ComponentDependency("a", "b", 1, (Evidence("a/__init__.py", 5),), type_checking_only=True),
    )
    assert find_component(arch, "b").dependencies == (
        ComponentDependency("b", "a", 1, (Evidence("b/__init__.py", 2),)),
    )
    assert arch.cycles == ()
    # b sits above a: only the runtime import counts for layers
    assert {c.name: c.layer for c in arch.components} == {"a": 1, "b": 0}


def test_one_runtime_import_beside_type_checking_ones_makes_a_runtime_dependency() -> None:
    arch = run(
        source(
            "a/__init__.py",
            imp("b", "Thing", line=5, type_checking=True),
            imp("b", "make", line=9, in_function=True),
        ),
        source("b/__init__.py", imp("a", "helper", line=2)),
    )
    (dep,) = find_component(arch, "a").dependencies
    assert dep.type_checking_only is False
    assert dep.imports == 2
    assert [c.components for c in arch.cycles] == [("a", "b")]


def test_a_cycle_names_its_members_and_the_lighter_imports_that_close_it() -> None:
    arch = run(
        source("core/__init__.py", imp("web.views", "render", line=12)),
        source("web/__init__.py"),
        source(
            "web/views.py",
            imp("core", "a", line=1),
            imp("core", "b", line=2),
            imp("core", "c", line=3),
        ),
        source("cli/__init__.py", imp("web", line=1)),
    )
    closing = ComponentDependency("core", "web", 1, (Evidence("core/__init__.py", 12),))
    assert arch.cycles == (Cycle(("core", "web"), (closing,)),)
    layer = {c.name: c.layer for c in arch.components}
    assert layer["core"] == layer["web"]
    assert layer["cli"] < layer["web"]


def test_a_three_part_cycle_is_one_cycle() -> None:
    arch = run(
        source("a/__init__.py", imp("b", line=1), imp("b", "x", line=2)),
        source("b/__init__.py", imp("c", line=1), imp("c", "x", line=2)),
        source("c/__init__.py", imp("a", line=1)),
        source("d/__init__.py", imp("a", line=1)),
    )
    (cycle,) = arch.cycles
    assert cycle.components == ("a", "b", "c")
    assert [(d.source, d.target) for d in cycle.closing_imports] == [("c", "a")]


def test_no_cycle_without_a_way_back() -> None:
    arch = run(
        source("a/__init__.py", imp("b", line=1)),
        source("b/__init__.py", imp("c", line=1)),
        source("c/__init__.py"),
    )
    assert arch.cycles == ()
    assert [(c.name, c.layer) for c in arch.components] == [("a", 0), ("b", 1), ("c", 2)]


def test_imports_from_tests_are_no_dependency_of_any_component() -> None:
    arch = run(
        source("a/__init__.py"),
        source("b/__init__.py"),
        source("tests/test_a.py", imp("a", line=1), imp("b", line=2)),
    )
    assert [c.name for c in arch.components] == ["a", "b"]
    assert all(c.dependencies == () for c in arch.components)
    assert arch.cycles == ()


def test_configured_components_carry_the_dependencies_of_their_modules() -> None:
    settings = Settings(
        components=(
            ComponentSpec("api", ("pkg/api",)),
            ComponentSpec("store", ("pkg/db", "pkg/cache.py")),
        )
    )
    arch = run(
        source("pkg/__init__.py"),
        source("pkg/api/__init__.py", imp("pkg.db.models", line=3), imp("pkg.cache", line=4)),
        source("pkg/db/__init__.py"),
        source("pkg/db/models.py"),
        source("pkg/cache.py"),
        settings=settings,
    )
    assert [(d.source, d.target, d.imports) for d in find_component(arch, "api").dependencies] == [
        ("api", "store", 2)
    ]
    assert find_component(arch, "store").configured is True
    assert find_component(arch, "store").paths == ("pkg/db", "pkg/cache.py")


# --- import hubs ----------------------------------------------------------------------------


def hub_repo(importers: int, *extra: ScannedFile) -> Architecture:
    return run(
        source("pkg/__init__.py"),
        source("pkg/core.py"),
        *(source(f"pkg/m{i:02d}.py", imp("pkg.core", line=1)) for i in range(importers)),
        *extra,
    )


def test_a_module_that_ten_others_import_is_a_hub() -> None:
    assert hub_repo(10).hubs == (ImportHub("pkg.core", "pkg/core.py", 10),)


def test_nine_importers_make_no_hub_and_tests_do_not_count() -> None:
    tests = [source(f"tests/test_{i}.py", imp("pkg.core", line=1)) for i in range(5)]
    assert hub_repo(9, *tests).hubs == ()


def test_repeated_imports_from_one_module_count_once() -> None:
    again = source("pkg/again.py", *(imp("pkg.core", line=n) for n in range(1, 12)))
    assert hub_repo(9, again).hubs == (ImportHub("pkg.core", "pkg/core.py", 10),)


def test_the_three_most_imported_modules_are_the_hubs() -> None:
    targets = ["pkg.a", "pkg.b", "pkg.c", "pkg.d"]
    importers = [
        source(
            f"pkg/u{i:02d}.py", *(imp(t, line=n) for n, t in enumerate(targets[: 1 + i % 4], 1))
        )
        for i in range(48)
    ]
    arch = run(
        source("pkg/__init__.py"), *(source(f"pkg/{t[4:]}.py") for t in targets), *importers
    )
    assert [(h.module, h.importers) for h in arch.hubs] == [
        ("pkg.a", 48),
        ("pkg.b", 36),
        ("pkg.c", 24),
    ]
