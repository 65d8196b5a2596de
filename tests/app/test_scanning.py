"""Tests for app.scanning: the same facts however the files are scanned (a pool fed while the
walk goes on, one process, through the cache), and the walk's report of each file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archscribe.app.cache import FactCache
from archscribe.app.discovery import Discovery, FoundFile, discover
from archscribe.app.ports import SilentProgress
from archscribe.app.scanning import POOL_THRESHOLD, Walk, scan_repository
from archscribe.app.usecases import _discover
from archscribe.model.facts import FactSet, ProblemKind
from archscribe.model.settings import Settings

SETTINGS = Settings(max_file_bytes=4_000)


def make_repo(root: Path, modules: int) -> None:
    """A package of ``modules`` modules importing each other, with a manifest, a README, a
    file that does not parse, one over the size limit and files no scanner reads."""
    (root / "pyproject.toml").write_text('[project]\nname = "pkg"\ndependencies = ["attrs"]\n')
    (root / "README.md").write_text("# pkg\n\nA package.\n")
    (root / "notes.txt").write_text("nothing to scan\n")
    package = root / "src" / "pkg"
    for index in range(modules):
        folder = package / f"sub{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text('"""A subpackage."""\n')
        (folder / f"mod{index}.py").write_text(
            f'"""Module {index}."""\nimport attrs\nfrom pkg.sub{(index + 1) % 7} import '
            f"mod{index + 1}\nfrom . import mod{index - 1}\n\n\ndef f{index}():\n    pass\n"
        )
    (package / "__init__.py").write_text("")
    (package / "broken.py").write_text("def broken(:\n")
    (package / "big.py").write_text("x = 1\n" * 1_000)
    (package / "data.json").write_text("{}\n")


def scan(
    root: Path,
    jobs: int,
    cache: FactCache | None = None,
    *,
    found: Discovery | None = None,
    walk: Walk | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> FactSet:
    facts, _ = scan_repository(
        root,
        SETTINGS,
        cache=cache,
        jobs=jobs,
        progress=SilentProgress(),
        found=found,
        walk=walk,
        meanwhile=meanwhile,
    )
    return facts


@pytest.mark.parametrize("modules", [POOL_THRESHOLD + 30, 20])
def test_facts_are_the_same_however_the_files_are_scanned(tmp_path: Path, modules: int) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root, modules)

    in_process = scan(root, jobs=1)
    pool, stats = scan_repository(root, SETTINGS, cache=None, jobs=2, progress=SilentProgress())
    given = scan(root, jobs=2, found=discover(root, SETTINGS))
    with FactCache.open(tmp_path / "cache.sqlite3") as cache:
        cold = scan(root, jobs=2, cache=cache)
    with FactCache.open(tmp_path / "cache.sqlite3") as cache:
        warm = scan(root, jobs=2, cache=cache)

    assert pool == in_process == given == cold == warm
    assert stats.workers == (2 if modules >= POOL_THRESHOLD else 1)
    assert (
        stats.scanned == modules + 7 + 4
    )  # the modules, 7 + 1 __init__, broken, pyproject, README
    kinds = {(p.path, p.kind) for p in pool.problems}
    assert ("src/pkg/big.py", ProblemKind.TOO_LARGE) in kinds
    assert any(p.path == "src/pkg/broken.py" for p in pool.problems)
    assert [f.path for f in pool.files] == sorted(f.path for f in pool.files)
    assert {lang.language for lang in pool.languages} >= {"Python"}


def test_a_file_gone_before_it_is_read_is_reported_not_raised(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root, POOL_THRESHOLD + 5)
    real = discover(root, SETTINGS)
    ghost = FoundFile("src/pkg/ghost.py", 10, 1)

    def walk(on_file: Callable[[FoundFile], object] | None) -> Discovery:
        for file in real.files:
            if on_file is not None:
                on_file(file)
        if on_file is not None:
            on_file(ghost)
        return Discovery(tuple(sorted([*real.files, ghost], key=lambda f: f.path)), ())

    for jobs in (1, 2):
        facts = scan(root, jobs=jobs, walk=walk)
        gone = [p for p in facts.problems if p.path == ghost.path]
        assert [p.kind for p in gone] == [ProblemKind.UNREADABLE]
        assert gone[0].reason.startswith("cannot read: ")
        assert ghost.path in facts.paths
        assert all(f.path != ghost.path for f in facts.files)


def test_the_walk_tells_of_each_file_it_lists(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root, 12)
    (root / ".gitignore").write_text("*.json\n")
    told: list[FoundFile] = []

    found = discover(root, SETTINGS, told.append)

    assert sorted(told, key=lambda f: f.path) == list(found.files)
    assert all(not f.path.endswith(".json") for f in told)


def test_the_document_being_written_is_neither_told_nor_listed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root, 3)
    (root / "ARCHITECTURE.md").write_text("# old\n")
    told: list[str] = []

    found = _discover(root.resolve(), SETTINGS, None, lambda f: told.append(f.path))

    assert "ARCHITECTURE.md" not in told
    assert "ARCHITECTURE.md" not in {f.path for f in found.files}
    assert sorted(told) == [f.path for f in found.files]


def test_meanwhile_runs_once_while_the_workers_scan(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root, POOL_THRESHOLD + 5)
    calls: list[int] = []

    scan(root, jobs=2, meanwhile=lambda: calls.append(1))

    assert calls == [1]
