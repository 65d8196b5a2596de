"""Golden documents: each fixture repository gives exactly the checked-in ARCHITECTURE.md and
architecture.json, run after run, whatever order its files are found in."""

from __future__ import annotations

import difflib
import random
from dataclasses import replace
from pathlib import Path

import pytest

from archscribe.analysis import describe
from archscribe.app.config import load_settings
from archscribe.app.ports import SilentProgress
from archscribe.app.scanning import scan_repository
from archscribe.app.usecases import RunOptions, scan_json, write_document
from archscribe.catalogue.bundle import load_catalogue
from archscribe.renderers.markdown_document import render_document

from ..conftest import EXPECTED, REPOS

NAMES = sorted(p.name for p in REPOS.iterdir() if p.is_dir())


def _compare(actual: str, golden: Path, update: bool) -> None:
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden}; run pytest --update-goldens and review it"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{golden.name} (golden)",
                tofile=f"{golden.name} (now)",
            )
        )
        pytest.fail(f"{golden} differs; if the change is right, run --update-goldens\n{diff}")


@pytest.mark.parametrize("name", NAMES)
def test_document_matches_golden(name: str, update_goldens: bool) -> None:
    options = RunOptions(use_cache=False)
    text = write_document(REPOS / name, None, options, to_stdout=True).text
    _compare(text, EXPECTED / name / "ARCHITECTURE.md", update_goldens)


@pytest.mark.parametrize("name", NAMES)
def test_model_matches_golden(name: str, update_goldens: bool) -> None:
    text = scan_json(REPOS / name, RunOptions(use_cache=False))
    _compare(text, EXPECTED / name / "architecture.json", update_goldens)


@pytest.mark.parametrize("name", NAMES)
def test_output_does_not_depend_on_discovery_order(name: str) -> None:
    root = (REPOS / name).resolve()
    settings = load_settings(root)
    facts, _ = scan_repository(root, settings, cache=None, jobs=1, progress=SilentProgress())
    baseline = render_document(describe(facts, settings, load_catalogue()))
    shuffled_files = list(facts.files)
    shuffled_paths = list(facts.paths)
    random.Random(7).shuffle(shuffled_files)
    random.Random(11).shuffle(shuffled_paths)
    shuffled = replace(facts, files=tuple(shuffled_files), paths=tuple(shuffled_paths))
    assert render_document(describe(shuffled, settings, load_catalogue())) == baseline


@pytest.mark.parametrize("name", NAMES)
def test_output_has_no_machine_paths(name: str) -> None:
    root = (REPOS / name).resolve()
    text = write_document(root, None, RunOptions(use_cache=False), to_stdout=True).text
    model = scan_json(root, RunOptions(use_cache=False))
    for output in (text, model):
        assert str(root) not in output
        assert str(Path.home()) not in output


def test_cached_runs_give_the_same_bytes(tmp_path: Path) -> None:
    import os
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(REPOS / "src_cli", repo)
    old = 1_600_000_000
    for file in repo.rglob("*"):
        os.utime(file, (old, old))  # older than the racy window, so the caches trust stats
    options = RunOptions(use_cache=True)
    first = write_document(repo, None, options, to_stdout=True)
    assert not first.summary.reused
    again = write_document(repo, None, options, to_stdout=True)
    assert again.summary.reused  # nothing changed: the whole output is reused
    assert again.text == first.text
    counter = repo / "src" / "tally" / "engine" / "counter.py"
    counter.write_text(counter.read_text() + "\n\ndef extra() -> None:\n    pass\n")
    os.utime(counter, (old + 10, old + 10))
    changed = write_document(repo, None, options, to_stdout=True)
    assert not changed.summary.reused
    assert changed.summary.scanned == 1  # only the changed file is read again
    assert changed.summary.from_cache > 0
    assert changed.text != first.text
    assert scan_json(repo, options) == scan_json(repo, RunOptions(use_cache=False))


def test_damaged_cache_entries_are_read_again(tmp_path: Path) -> None:
    import os
    import shutil
    import sqlite3

    from archscribe.app.usecases import cache_path

    repo = tmp_path / "repo"
    shutil.copytree(REPOS / "flat_lib", repo)
    for file in repo.rglob("*"):
        os.utime(file, (1_600_000_000, 1_600_000_000))
    options = RunOptions(use_cache=True)
    first = write_document(repo, None, options, to_stdout=True).text
    with sqlite3.connect(cache_path()) as db:
        db.execute("UPDATE facts SET blob = x'c1c1c1'")
        db.execute("UPDATE results SET blob = x'c1c1c1'")
    again = write_document(repo, None, options, to_stdout=True)
    assert again.text == first
    assert again.summary.scanned > 0


def test_a_new_file_anywhere_is_seen_without_listing_again(tmp_path: Path) -> None:
    import os
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(REPOS / "src_cli", repo)
    old = 1_600_000_000

    def age() -> None:
        for item in [repo, *repo.rglob("*")]:
            os.utime(item, (old, old))

    age()
    options = RunOptions(use_cache=True)
    first = write_document(repo, None, options, to_stdout=True)
    assert write_document(repo, None, options, to_stdout=True).summary.reused
    # A new module: its folder's mtime moves, so the stored tree no longer holds.
    (repo / "src" / "tally" / "engine" / "extra.py").write_text('"""Extra."""\n')
    os.utime(repo / "src" / "tally" / "engine" / "extra.py", (old, old))
    after_add = write_document(repo, None, options, to_stdout=True)
    assert not after_add.summary.reused
    assert "extra" in scan_json(repo, options)
    # The same size and a new mtime: the file's own stat tells.
    age()
    write_document(repo, None, options, to_stdout=True)
    counter = repo / "src" / "tally" / "engine" / "patterns.py"
    counter.write_text(counter.read_text().replace("error", "ERROR"))
    os.utime(counter, (old + 5, old + 5))
    changed = write_document(repo, None, options, to_stdout=True)
    assert not changed.summary.reused
    assert first.text != after_add.text
