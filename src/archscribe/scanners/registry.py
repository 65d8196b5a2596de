"""Scanners: which scanners read a file, by its name (data, not if-chains)."""

from __future__ import annotations

import fnmatch
import functools

from archscribe.scanners.base import Scanner


@functools.cache
def _table() -> tuple[tuple[tuple[str, ...], Scanner], ...]:
    """(file-name patterns, scanner) pairs; a file may be read by several scanners
    (``setup.py`` is both Python source and a manifest)."""
    from archscribe.scanners.manifests import (
        PYPROJECT_SCANNER,
        REQUIREMENTS_SCANNER,
        SETUP_CFG_SCANNER,
        SETUP_PY_SCANNER,
    )
    from archscribe.scanners.python_source import PYTHON_SCANNER
    from archscribe.scanners.readme import README_SCANNER

    return (
        (("*.py",), PYTHON_SCANNER),
        (("pyproject.toml",), PYPROJECT_SCANNER),
        (("setup.cfg",), SETUP_CFG_SCANNER),
        (("setup.py",), SETUP_PY_SCANNER),
        (("requirements*.txt", "requirements*.in"), REQUIREMENTS_SCANNER),
        (("readme", "readme.md", "readme.rst", "readme.txt", "readme.markdown"), README_SCANNER),
    )


@functools.cache
def _requirements_dir_scanner() -> Scanner:
    from archscribe.scanners.manifests import REQUIREMENTS_SCANNER

    return REQUIREMENTS_SCANNER


def scanners_for(path: str) -> tuple[Scanner, ...]:
    """The scanners that read the file at ``path`` (repository-relative)."""
    folder, _, name = path.rpartition("/")
    lowered = name.lower()
    found = tuple(
        scanner
        for patterns, scanner in _table()
        if any(fnmatch.fnmatchcase(lowered if p.islower() else name, p) for p in patterns)
    )
    if (
        not found
        and folder.rsplit("/", 1)[-1] == "requirements"
        and lowered.endswith((".txt", ".in"))
    ):
        return (_requirements_dir_scanner(),)
    return found


def all_scanners() -> tuple[Scanner, ...]:
    """Every scanner, for cache keys and ``--version`` style reports."""
    return tuple(scanner for _, scanner in _table())
