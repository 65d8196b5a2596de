"""A small repository written from source strings, scanned and described: for the tests of the
semantic detectors, which need real facts from real code (imports resolved, classes, calls).

Imported by the test modules beside it (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from archscribe.analysis.describe import describe
from archscribe.app.config import load_settings
from archscribe.app.ports import SilentProgress
from archscribe.app.scanning import scan_repository
from archscribe.catalogue.bundle import load_catalogue
from archscribe.model.architecture import Architecture, Interface

__all__ = ["analyse", "interfaces_of"]

_CATALOGUE = load_catalogue()


def analyse(root: Path, files: dict[str, str]) -> Architecture:
    """Write ``files`` (path -> source, dedented) under ``root`` and describe the repository."""
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    settings = load_settings(root)
    facts, _ = scan_repository(root, settings, cache=None, jobs=1, progress=SilentProgress())
    return describe(facts, settings, _CATALOGUE)


def interfaces_of(arch: Architecture, kind: str) -> list[Interface]:
    """Every interface of ``kind`` of every component, in component order."""
    return [i for c in arch.components for i in c.interfaces if i.kind == kind]
