"""Scanners: lock files in, the versions they pin out (uv.lock, poetry.lock, Pipfile.lock,
package-lock.json).

A lock file declares nothing: its facts hold no dependencies, only ``locked``, the name, exact
version and line of every package it pins, and nothing else of it (hashes, sources and markers
are dropped), so a lock file of thousands of packages stays small. Lines are found in one pass
over the text, never by searching it once a package. What cannot be read is a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archscribe.model.facts import LockedPackage, ManifestFacts, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import decode
from archscribe.scanners.polyglot_text import (
    as_table,
    as_text,
    json_key_lines,
    load_json,
    load_toml,
    quoted_value,
)

__all__ = [
    "PACKAGE_LOCK_SCANNER",
    "PIPFILE_LOCK_SCANNER",
    "POETRY_LOCK_SCANNER",
    "UV_LOCK_SCANNER",
    "scan_package_lock",
    "scan_pipfile_lock",
    "scan_poetry_lock",
    "scan_uv_lock",
]

_PACKAGE_HEADER = re.compile(r"^\s*\[\[\s*package\s*\]\]\s*(?:#.*)?$")
_NAME_KEY = re.compile(r"""^\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')""")
_NODE_MODULES = "node_modules/"
_Reader = Callable[[str, list[ScanProblem]], list[LockedPackage]]


def _scan(data: bytes, kind: str, ecosystem: str, read: _Reader) -> ManifestFacts:
    """Decode, let ``read`` pick the packages, and wrap them in facts."""
    text, problems = decode(data)
    locked = read(text, problems)
    return ManifestFacts(
        kind=kind, ecosystem=ecosystem, locked=tuple(locked), problems=tuple(problems)
    )


# --- TOML: uv.lock and poetry.lock -----------------------------------------------------------


def scan_uv_lock(data: bytes) -> ManifestFacts:
    """Read a ``uv.lock``: every ``[[package]]``'s name and version."""
    return _scan(data, "uv.lock", "python", _toml_packages)


def scan_poetry_lock(data: bytes) -> ManifestFacts:
    """Read a ``poetry.lock``: every ``[[package]]``'s name and version."""
    return _scan(data, "poetry.lock", "python", _toml_packages)


def _toml_packages(text: str, problems: list[ScanProblem]) -> list[LockedPackage]:
    """The ``[[package]]`` array's names and versions, each on its ``name =`` line."""
    document = load_toml(text, problems)
    if document is None:
        return []
    packages = document.get("package")
    if not isinstance(packages, list):
        return []
    found = _package_name_lines(text)
    locked: list[LockedPackage] = []
    for index, package in enumerate(packages):
        name = as_text(as_table(package).get("name"))
        if name:
            version = as_text(as_table(package).get("version"))
            line = found[index][1] if index < len(found) and found[index][0] == name else 0
            locked.append(LockedPackage(name, version, line))
    return locked


def _package_name_lines(text: str) -> list[tuple[str, int]]:
    """For each ``[[package]]`` header in order, the name its ``name =`` line gives, and the line.

    One pass over the lines: the i-th header is the i-th element of tomllib's ``package``
    list. A header with no ``name`` line before the next header gives ``("", header line)``.
    """
    found: list[tuple[str, int]] = []
    in_package = False
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("["):
            in_package = _PACKAGE_HEADER.match(line) is not None
            if in_package:
                found.append(("", number))
        elif in_package:
            match = _NAME_KEY.match(line)
            if match:
                found[-1] = (quoted_value(match), number)
                in_package = False
    return found


# --- JSON: Pipfile.lock and package-lock.json -----------------------------------------------


def scan_pipfile_lock(data: bytes) -> ManifestFacts:
    """Read a ``Pipfile.lock``: the ``default``, ``develop`` and custom category packages.

    Versions lose their ``==`` (``"==1.2.3"`` is ``1.2.3``); a package locked from git or a
    path has no version.
    """
    return _scan(data, "Pipfile.lock", "python", _pipfile_lock_packages)


def _pipfile_lock_packages(text: str, problems: list[ScanProblem]) -> list[LockedPackage]:
    document = load_json(text, problems)
    if document is None:
        return []
    lines = json_key_lines(text, max_depth=2)
    locked: list[LockedPackage] = []
    for category, packages in document.items():
        if category == "_meta" or not isinstance(packages, dict):
            continue
        for name, details in packages.items():
            version = as_text(as_table(details).get("version")).lstrip("=").strip()
            locked.append(LockedPackage(name, version, lines.get((category, name), 0)))
    return locked


def scan_package_lock(data: bytes) -> ManifestFacts:
    """Read a ``package-lock.json``: the top-level ``node_modules/<name>`` packages.

    Lock files of version 2 and 3 list them under ``packages``; nested copies
    (``node_modules/a/node_modules/b``) and workspace folders are left out. A version 1 file,
    which has no ``packages``, gives its top-level ``dependencies`` instead.
    """
    return _scan(data, "package-lock.json", "npm", _package_lock_packages)


def _package_lock_packages(text: str, problems: list[ScanProblem]) -> list[LockedPackage]:
    document = load_json(text, problems)
    if document is None:
        return []
    lines = json_key_lines(text, max_depth=2)
    locked: list[LockedPackage] = []
    if "packages" in document:
        for key, details in as_table(document, "packages").items():
            name = key.removeprefix(_NODE_MODULES)
            if key.startswith(_NODE_MODULES) and f"/{_NODE_MODULES}" not in key and name:
                version = as_text(as_table(details).get("version"))
                locked.append(LockedPackage(name, version, lines.get(("packages", key), 0)))
        return locked
    for name, details in as_table(document, "dependencies").items():
        version = as_text(as_table(details).get("version"))
        locked.append(LockedPackage(name, version, lines.get(("dependencies", name), 0)))
    return locked


UV_LOCK_SCANNER = Scanner(name="uv.lock", version=1, fact_type=ManifestFacts, scan=scan_uv_lock)
POETRY_LOCK_SCANNER = Scanner(
    name="poetry.lock", version=1, fact_type=ManifestFacts, scan=scan_poetry_lock
)
PIPFILE_LOCK_SCANNER = Scanner(
    name="Pipfile.lock", version=1, fact_type=ManifestFacts, scan=scan_pipfile_lock
)
PACKAGE_LOCK_SCANNER = Scanner(
    name="package-lock.json", version=1, fact_type=ManifestFacts, scan=scan_package_lock
)
