"""Which scanners read which file names."""

from __future__ import annotations

import pytest

from archscribe.scanners import all_scanners, scanners_for


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("pkg/mod.py", ["python"]),
        ("pkg/MOD.PY", ["python"]),
        ("setup.py", ["python", "setup.py"]),
        ("pyproject.toml", ["pyproject"]),
        ("sub/setup.cfg", ["setup.cfg"]),
        ("requirements.txt", ["requirements"]),
        ("requirements-dev.in", ["requirements"]),
        ("requirements/base.txt", ["requirements"]),
        ("deps/requirements/prod.in", ["requirements"]),
        ("README.md", ["readme"]),
        ("docs/Readme.rst", ["readme"]),
        ("README", ["readme"]),
        ("Dockerfile", ["dockerfile"]),
        ("deploy/Dockerfile.prod", ["dockerfile"]),
        ("web.dockerfile", ["dockerfile"]),
        ("Containerfile", ["dockerfile"]),
        ("Procfile", ["procfile"]),
    ],
)
def test_scanners_for(path: str, names: list[str]) -> None:
    assert [s.name for s in scanners_for(path)] == names


@pytest.mark.parametrize(
    "path",
    ["MANIFEST.in", "notes.txt", "pkg/mod.pyc", "pyproject.toml.bak", "docs/readme.html", "py"],
)
def test_files_no_scanner_reads(path: str) -> None:
    assert scanners_for(path) == ()


def test_all_scanners_are_distinct_and_versioned() -> None:
    scanners = all_scanners()
    names = [s.name for s in scanners]
    assert len(names) == len(set(names)) == 8
    assert all(s.version >= 1 for s in scanners)
