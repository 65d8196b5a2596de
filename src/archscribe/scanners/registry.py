"""Scanners: which scanners read a file, by its name (a table, not if-chains).

Called once per discovered file (36,000 times on a large repository), so the common case is
a dictionary lookup on the lower-cased name and a suffix test, with no pattern matching.
"""

from __future__ import annotations

import functools

from archscribe.scanners.base import Scanner


@functools.cache
def _tables() -> tuple[dict[str, tuple[Scanner, ...]], dict[str, Scanner]]:
    """(exact lower-cased file name -> scanners, lower-cased suffix -> scanner)."""
    from archscribe.scanners.dockerfile import DOCKERFILE_SCANNER
    from archscribe.scanners.manifests import (
        PYPROJECT_SCANNER,
        SETUP_CFG_SCANNER,
        SETUP_PY_SCANNER,
    )
    from archscribe.scanners.procfile import PROCFILE_SCANNER
    from archscribe.scanners.python_source import PYTHON_SCANNER
    from archscribe.scanners.readme import README_SCANNER

    by_name: dict[str, tuple[Scanner, ...]] = {
        "pyproject.toml": (PYPROJECT_SCANNER,),
        "setup.cfg": (SETUP_CFG_SCANNER,),
        # setup.py is Python source and a manifest at once.
        "setup.py": (PYTHON_SCANNER, SETUP_PY_SCANNER),
    }
    for name in ("readme", "readme.md", "readme.rst", "readme.txt", "readme.markdown"):
        by_name[name] = (README_SCANNER,)
    by_name["dockerfile"] = by_name["containerfile"] = (DOCKERFILE_SCANNER,)
    by_name["procfile"] = (PROCFILE_SCANNER,)
    return by_name, {".py": PYTHON_SCANNER, ".dockerfile": DOCKERFILE_SCANNER}


@functools.cache
def _requirements() -> Scanner:
    from archscribe.scanners.manifests import REQUIREMENTS_SCANNER

    return REQUIREMENTS_SCANNER


def scanners_for(path: str) -> tuple[Scanner, ...]:
    """The scanners that read the file at ``path`` (repository-relative, ``/``-separated).

    Requirements files are ``requirements*.txt`` or ``requirements*.in`` anywhere, and any
    ``.txt`` or ``.in`` file in a folder named ``requirements``.
    """
    folder, _, name = path.rpartition("/")
    lowered = name.lower()
    by_name, by_suffix = _tables()
    found = by_name.get(lowered)
    if found is not None:
        return found
    dot = lowered.rfind(".")
    suffix = lowered[dot:] if dot >= 0 else ""
    scanner = by_suffix.get(suffix)
    if scanner is not None:
        return (scanner,)
    if lowered.startswith(("dockerfile.", "containerfile.")):  # Dockerfile.prod
        return by_name["dockerfile"]
    if suffix in (".txt", ".in") and (
        lowered.startswith("requirements") or folder.rpartition("/")[2] == "requirements"
    ):
        return (_requirements(),)
    return ()


def all_scanners() -> tuple[Scanner, ...]:
    """Every scanner, once each."""
    by_name, by_suffix = _tables()
    seen: dict[str, Scanner] = {}
    for scanners in (*by_name.values(), tuple(by_suffix.values()), (_requirements(),)):
        for scanner in scanners:
            seen.setdefault(scanner.name, scanner)
    return tuple(seen[name] for name in sorted(seen))
