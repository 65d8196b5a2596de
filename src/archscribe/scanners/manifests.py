"""Scanners: the four manifest scanners in one place: pyproject.toml, setup.cfg, setup.py, pip.

Each reads one file's bytes into :class:`ManifestFacts`: the project's name, version,
description and Python requirement, the dependencies it declares (grouped: ``runtime``,
``optional:<extra>``, a dependency group's own name, ``build``), its entry points and where its
packages live. Nothing is executed or imported, and no scanner raises: what cannot be read
becomes a :class:`ScanProblem` beside whatever could still be read. The scanners live in
:mod:`.pyproject`, :mod:`.setup_files` and :mod:`.requirements`, what they share in
:mod:`.manifest_text`; this module gathers them for the registry.
"""

from __future__ import annotations

from archscribe.scanners.manifest_text import parse_requirement
from archscribe.scanners.pyproject import PYPROJECT_SCANNER, scan_pyproject
from archscribe.scanners.requirements import REQUIREMENTS_SCANNER, scan_requirements
from archscribe.scanners.setup_files import (
    SETUP_CFG_SCANNER,
    SETUP_PY_SCANNER,
    scan_setup_cfg,
    scan_setup_py,
)

__all__ = [
    "PYPROJECT_SCANNER",
    "REQUIREMENTS_SCANNER",
    "SETUP_CFG_SCANNER",
    "SETUP_PY_SCANNER",
    "parse_requirement",
    "scan_pyproject",
    "scan_requirements",
    "scan_setup_cfg",
    "scan_setup_py",
]
