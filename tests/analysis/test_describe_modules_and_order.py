"""describe(): module names and roles, code set aside, problems split by role, the overview's
name and description, and the same Architecture whatever the order of the facts."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hand_facts import (
    CATALOGUE,
    dep,
    facts_of,
    find_component,
    imp,
    manifest,
    readme,
    run,
    script,
    source,
)

from archscribe.analysis.describe import describe
from archscribe.model.architecture import CodeRole, Module, SetAside
from archscribe.model.evidence import Evidence
from archscribe.model.facts import CallAssignment, FactSet, ProblemKind, ScanProblem
from archscribe.model.settings import ComponentSpec, Settings

# --- module names and roles ---------------------------------------------------------------------


def test_a_src_layout_names_modules_below_src() -> None:
    arch = run(
        source("src/pkg/__init__.py"), source("src/pkg/core.py"), source("tests/test_core.py")
    )
    assert [(m.name, m.path) for m in arch.modules] == [
        ("pkg", "src/pkg/__init__.py"),
        ("pkg.core", "src/pkg/core.py"),
        ("tests.test_core", "tests/test_core.py"),
    ]
    assert [c.name for c in arch.components] == ["pkg"]


def test_a_manifest_names_its_package_folder_as_a_root() -> None:
    files = (
        manifest("backend/pyproject.toml", package_dirs=("source",)),
        source("backend/source/app/__init__.py"),
        source("backend/source/app/models.py"),
    )
    assert [m.name for m in run(*files).modules] == ["app", "app.models"]


def test_configured_source_roots_replace_the_manifest_ones() -> None:
    files = (
        manifest("pyproject.toml", package_dirs=("pkgs",)),
        source("pkgs/app/__init__.py"),
        source("code/tool.py"),
    )
    assert [m.name for m in run(*files).modules] == ["app", "code.tool"]
    arch = run(*files, settings=Settings(source_roots=("code",)))
    assert [m.name for m in arch.modules] == ["pkgs.app", "tool"]


def test_each_project_of_a_monorepo_names_its_own_modules() -> None:
    arch = run(
        manifest("services/api/pyproject.toml", name="api"),
        source("services/api/app/__init__.py"),
        source("services/api/app/routes.py", imp("app", "create", line=1)),
        manifest("services/worker/pyproject.toml", name="worker"),
        source("services/worker/src/jobs/__init__.py"),
    )
    assert [m.name for m in arch.modules] == ["app", "app.routes", "jobs"]
    assert [c.name for c in arch.components] == ["app", "jobs"]


def test_when_two_files_claim_one_name_source_code_wins() -> None:
    arch = run(
        source("src/pkg/__init__.py"),
        source("tests/pkg/__init__.py"),  # shorter path, but a test
        settings=Settings(source_roots=("src", "tests")),
    )
    assert [(m.name, m.path, m.role) for m in arch.modules] == [
        ("pkg", "src/pkg/__init__.py", CodeRole.SOURCE)
    ]
    assert [(p.path, p.kind) for p in arch.set_aside_problems] == [
        ("tests/pkg/__init__.py", ProblemKind.SHADOWED)
    ]
    assert arch.problems == ()


@pytest.mark.parametrize(
    ("paths", "winner", "loser"),
    [
        # a file under a source root beats a stray copy at the top
        (
            ("src/pkg/__init__.py", "src/pkg/core.py", "pkg/core.py"),
            "src/pkg/core.py",
            "pkg/core.py",
        ),
        # a package beats a module of the same name
        (("pkg/__init__.py", "pkg.py"), "pkg/__init__.py", "pkg.py"),
    ],
)
def test_the_file_python_would_import_wins_and_the_other_is_reported(
    paths: tuple[str, ...], winner: str, loser: str
) -> None:
    facts = facts_of(*(source(p) for p in paths))
    for files in (facts.files, facts.files[::-1]):
        arch = describe(replace(facts, files=files), Settings(), CATALOGUE)
        kept = {m.path for m in arch.modules}
        assert winner in kept
        assert loser not in kept
        (shadowed,) = arch.problems
        assert (shadowed.path, shadowed.kind) == (loser, ProblemKind.SHADOWED)
        assert f"`{winner}`" in shadowed.reason


def test_modules_carry_their_role_and_only_source_has_a_component() -> None:
    arch = run(
        source("pkg/__init__.py", code_lines=4, docstring="The package."),
        source("pkg/api_pb2.py"),
        source("pkg/models.py", generated=True),
        source("pkg/migrations/0001_initial.py"),
        source("tests/test_pkg.py"),
        source("setup.py"),
        source("manage.py"),
    )
    assert {m.path: (m.role, m.component) for m in arch.modules} == {
        "pkg/__init__.py": (CodeRole.SOURCE, "pkg"),
        "pkg/api_pb2.py": (CodeRole.GENERATED, ""),
        "pkg/models.py": (CodeRole.GENERATED, ""),
        "pkg/migrations/0001_initial.py": (CodeRole.MIGRATION, ""),
        "tests/test_pkg.py": (CodeRole.TEST, ""),
        "setup.py": (CodeRole.BUILD, ""),
        "manage.py": (CodeRole.SCRIPT, ""),
    }
    assert arch.modules[0] == Module("manage", "manage.py", CodeRole.SCRIPT, "", False, 10, "")
    pkg = find_component(arch, "pkg")
    assert (pkg.modules, pkg.code_lines, pkg.purpose) == (1, 4, "The package.")
    assert pkg.purpose_evidence == Evidence("pkg/__init__.py", 1)


def test_code_set_aside_is_summed_up_by_role() -> None:
    arch = run(
        source("pkg/__init__.py"),
        source("tests/test_a.py", code_lines=5),
        source("tests/unit/test_b.py", code_lines=7),
        source("pkg/tests/test_c.py", code_lines=1),
        source("examples/demo.py", code_lines=3),
    )
    assert arch.set_aside == (
        SetAside(CodeRole.TEST, ("pkg/tests", "tests"), 3, 13),
        SetAside(CodeRole.EXAMPLE, ("examples",), 1, 3),
    )


def test_configured_descriptions_are_the_purpose() -> None:
    settings = Settings(
        components=(ComponentSpec("core", ("pkg",), "Does the work."),),
        config_path="pyproject.toml",
    )
    arch = run(source("pkg/__init__.py", docstring="Ignored."), settings=settings)
    core = find_component(arch, "core")
    assert (core.purpose, core.configured) == ("Does the work.", True)
    assert core.purpose_evidence == Evidence("pyproject.toml", 0, "components.core")


# --- problems -------------------------------------------------------------------------------


def problem(path: str, line: int = 0) -> ScanProblem:
    return ScanProblem(path, ProblemKind.SYNTAX_ERROR, "invalid syntax", line)


def test_problems_are_split_into_the_systems_own_and_set_aside_ones() -> None:
    problems = (
        problem("tests/test_bad.py", 3),
        problem("pkg/bad.py", 9),
        problem("examples/old.py", 1),
        problem("pkg/aaa.py", 2),
        problem("setup.py", 4),
        problem("docs/conf.py", 1),
    )
    arch = run(source("pkg/__init__.py"), problems=problems)
    assert arch.problems == (problem("pkg/aaa.py", 2), problem("pkg/bad.py", 9))
    assert arch.set_aside_problems == (
        problem("docs/conf.py", 1),
        problem("examples/old.py", 1),
        problem("setup.py", 4),
        problem("tests/test_bad.py", 3),
    )


# --- overview ---------------------------------------------------------------------------------


def test_name_and_description_come_from_the_root_manifest() -> None:
    arch = run(
        manifest(
            "pyproject.toml", name="tool", name_line=2, description="Counts.", description_line=4
        ),
        readme("README.md", title="Tool", summary="Short."),
        source("tool/__init__.py"),
    )
    overview = arch.overview
    assert (overview.name, overview.name_evidence) == ("tool", Evidence("pyproject.toml", 2))
    assert (overview.description, overview.description_evidence) == (
        "Counts.",
        Evidence("pyproject.toml", 4),
    )


def test_without_a_manifest_name_the_readme_title_names_the_system() -> None:
    arch = run(readme("README.md", title="Tool", summary="What it does."), source("tool.py"))
    assert (arch.overview.name, arch.overview.description) == ("Tool", "What it does.")


def test_without_a_manifest_or_readme_the_system_has_no_name() -> None:
    """Without metadata no name is made up (not even the checkout folder's)."""
    arch = run(source("pkg/__init__.py"))
    assert (arch.overview.name, arch.overview.name_evidence) == ("", None)


def test_a_nested_readme_does_not_name_the_system() -> None:
    arch = run(readme("pkg/README.md", title="Inner", summary="Inner."), source("pkg/__init__.py"))
    assert (arch.overview.name, arch.overview.description) == ("", "")
    assert find_component(arch, "pkg").purpose == "Inner."


# --- determinism ------------------------------------------------------------------------------


def rich_facts() -> FactSet:
    """A repository with most of what describe() reads: components in a cycle, a split
    package, externals, entry points, manifests, tests, examples and problems."""
    return facts_of(
        manifest(
            "pyproject.toml",
            name="shop",
            description="A shop.",
            dependencies=(dep("flask", line=5), dep("PyYAML", line=6), dep("celery", line=7)),
            entry_points=(script("shop", "shop.cli:main", line=9),),
            package_dirs=("src",),
        ),
        manifest("requirements-dev.txt", kind="requirements", dependencies=(dep("pytest"),)),
        manifest("examples/pyproject.toml", name="demo", dependencies=(dep("leak"),)),
        readme("README.md", title="Shop", summary="Sells things."),
        source("src/shop/__init__.py", all_names=("Cart", "Order"), docstring="The shop."),
        source("src/shop/cli.py", imp("shop.core", "run", line=2), imp("argparse", line=1)),
        source("src/shop/__main__.py", imp("shop.cli", "main", line=1)),
        source(
            "src/shop/web/__init__.py",
            imp("flask", "Flask", line=1),
            imp("shop.core.cart", "Cart", line=2),
            call_assignments=(CallAssignment("app", "Flask", 4),),
            code_lines=40,
        ),
        source("src/shop/web/views.py", imp("", "app", level=1, line=1), code_lines=30),
        source(
            "src/shop/core/__init__.py",
            imp("yaml", line=1),
            imp("shop.web", "views", line=7, in_function=True),
            code_lines=30,
        ),
        source("src/shop/core/cart.py", imp("ujson", line=2, guarded=True), code_lines=30),
        source(
            "src/shop/tasks.py",
            imp("celery", "Celery", line=1),
            imp("shop.core", line=2, type_checking=True),
            call_assignments=(CallAssignment("worker", "Celery", 5),),
        ),
        source("tests/test_cart.py", imp("shop.core.cart", line=1), imp("pytest", line=2)),
        source("examples/demo.py", imp("shop", line=1)),
        source("scripts/release.py", has_main_guard=True, main_guard_line=20),
        problems=(
            ScanProblem("src/shop/legacy.py", ProblemKind.PYTHON2, "print statement", 3),
            ScanProblem("tests/test_old.py", ProblemKind.SYNTAX_ERROR, "invalid syntax", 1),
        ),
        other_paths=("Dockerfile", "src/shop/legacy.py", "tests/test_old.py"),
    )


def test_the_rich_repository_is_described_as_expected() -> None:
    """Guards the determinism test below: the facts exercise what they are meant to."""
    arch = describe(rich_facts(), Settings(), CATALOGUE)
    assert [c.name for c in arch.components] == ["shop", "shop.core", "shop.web"]
    assert [c.components for c in arch.cycles] == [("shop.core", "shop.web")]
    assert len(arch.entry_points) == 4
    assert {e.distribution for e in arch.externals} >= {"flask", "PyYAML", "celery", "ujson"}
    assert "leak" not in {e.distribution for e in arch.externals}
    assert arch.problems and arch.set_aside_problems


@pytest.mark.parametrize("seed", range(8))
def test_the_order_of_the_files_does_not_change_the_architecture(seed: int) -> None:
    facts = rich_facts()
    rng = random.Random(seed)
    files, paths, problems = list(facts.files), list(facts.paths), list(facts.problems)
    for items in (files, paths, problems):
        rng.shuffle(items)
    shuffled = replace(facts, files=tuple(files), paths=tuple(paths), problems=tuple(problems))
    assert describe(shuffled, Settings(), CATALOGUE) == describe(facts, Settings(), CATALOGUE)


def test_describing_twice_gives_equal_architectures() -> None:
    facts = rich_facts()
    assert describe(facts, Settings(), CATALOGUE) == describe(facts, Settings(), CATALOGUE)


def test_two_root_readmes_in_either_order_give_one_architecture() -> None:
    facts = facts_of(
        readme("README.md", title="From Markdown", summary="Markdown summary."),
        readme("README.rst", title="From reST", summary="reST summary."),
        source("pkg/__init__.py"),
    )
    reversed_files = replace(facts, files=facts.files[::-1])
    assert describe(reversed_files, Settings(), CATALOGUE) == describe(
        facts, Settings(), CATALOGUE
    )


def test_a_configured_component_over_one_folder_speaks_through_its_init() -> None:
    settings = Settings(components=(ComponentSpec("engine", ("src/tally/engine",)),))
    arch = run(
        source("src/tally/__init__.py"),
        source("src/tally/engine/__init__.py", docstring="Counts.", all_names=("count",)),
        source("src/tally/engine/core.py"),
        settings=settings,
    )
    engine = find_component(arch, "engine")
    assert (engine.purpose, engine.package_init) == ("Counts.", "src/tally/engine/__init__.py")
    assert [i.name for i in engine.interfaces if i.kind == "public-api"] == ["count"]


def test_a_configured_component_over_several_paths_has_no_init_to_speak_for_it() -> None:
    settings = Settings(
        components=(ComponentSpec("engine", ("src/tally/engine", "src/tally/extra.py")),)
    )
    arch = run(
        source("src/tally/__init__.py"),
        source("src/tally/engine/__init__.py", docstring="Counts.", all_names=("count",)),
        source("src/tally/extra.py"),
        settings=settings,
    )
    engine = find_component(arch, "engine")
    assert (engine.purpose, engine.package_init, engine.interfaces) == ("", "", ())


def test_a_configured_component_without_python_yet_is_still_described() -> None:
    settings = Settings(components=(ComponentSpec("ui", ("frontend",), "The web client."),))
    arch = run(source("pkg/__init__.py"), settings=settings)
    ui = find_component(arch, "ui")
    assert (ui.modules, ui.code_lines, ui.paths, ui.purpose) == (
        0,
        0,
        ("frontend",),
        "The web client.",
    )
    assert [c.name for c in arch.components] == ["pkg", "ui"]
