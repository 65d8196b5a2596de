"""The public API is what ``__all__`` says, sorted, and every name in it can be used."""

from __future__ import annotations

import subprocess
import sys

import archscribe
from archscribe.app import usecases

from .conftest import REPOS


def test_all_is_sorted_and_resolvable() -> None:
    assert archscribe.__all__ == sorted(archscribe.__all__)
    for name in archscribe.__all__:
        assert getattr(archscribe, name) is not None


def test_use_cases_are_the_app_layers() -> None:
    assert archscribe.write_document is usecases.write_document
    options = archscribe.RunOptions(use_cache=False)
    model = archscribe.analyse(REPOS / "flat_lib", options)
    assert model.architecture.overview.name == "flatlib"


def test_importing_the_package_loads_no_use_case() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, archscribe; print('archscribe.app' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"
