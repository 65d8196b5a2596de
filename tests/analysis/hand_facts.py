"""Hand-built facts for the analysis tests: the model's own types, no files and no temp dirs.

The analysis layer is pure (facts in, architecture out), so each test states the few facts that
matter and reads the part of the architecture that answers. Imported by the test modules beside
it (pytest puts this folder on ``sys.path``, as it has no ``__init__.py``).
"""

from __future__ import annotations

from typing import Any

from archscribe.analysis.describe import describe
from archscribe.catalogue.bundle import load_catalogue
from archscribe.model.architecture import Architecture, Component
from archscribe.model.facts import (
    DeclaredDependency,
    DeclaredEntryPoint,
    FactSet,
    ImportFact,
    LanguageStat,
    ManifestFacts,
    PythonFacts,
    ReadmeFacts,
    ScannedFile,
    ScanProblem,
)
from archscribe.model.settings import Settings

CATALOGUE = load_catalogue()  # the shipped catalogue, loaded once for every test

__all__ = [
    "dep",
    "facts_of",
    "find_component",
    "imp",
    "manifest",
    "readme",
    "run",
    "script",
    "source",
]


def imp(module: str, name: str = "", line: int = 1, **flags: Any) -> ImportFact:
    """``import module`` (no name) or ``from module import name``; flags as keywords."""
    return ImportFact(module=module, name=name, line=line, **flags)


def source(path: str, *imports: ImportFact, code_lines: int = 10, **facts: Any) -> ScannedFile:
    """A Python file with the given imports and any other ``PythonFacts`` fields."""
    python = PythonFacts(imports=imports, lines=code_lines, code_lines=code_lines, **facts)
    return ScannedFile(path=path, language="Python", size=40 * code_lines, python=python)


def dep(
    name: str, specifier: str = "", group: str = "runtime", line: int = 0
) -> DeclaredDependency:
    return DeclaredDependency(name=name, specifier=specifier, group=group, line=line)


def script(
    name: str, target: str, line: int = 0, group: str = "console_scripts"
) -> DeclaredEntryPoint:
    return DeclaredEntryPoint(name=name, target=target, group=group, line=line)


def manifest(path: str, kind: str = "pyproject", **fields: Any) -> ScannedFile:
    """A manifest file (``pyproject.toml``, ``requirements*.txt``…) with ``ManifestFacts``."""
    return ScannedFile(
        path=path, language="TOML", size=100, manifest=ManifestFacts(kind, **fields)
    )


def readme(path: str, title: str = "", summary: str = "") -> ScannedFile:
    facts = ReadmeFacts(title=title, title_line=1 if title else 0, summary=summary, summary_line=3)
    return ScannedFile(path=path, language="Markdown", size=100, readme=facts)


def facts_of(
    *files: ScannedFile,
    problems: tuple[ScanProblem, ...] = (),
    other_paths: tuple[str, ...] = (),
    languages: tuple[LanguageStat, ...] | None = None,
) -> FactSet:
    """A FactSet in path order, the way the scanners hand it over; ``other_paths`` are files
    discovered but not scanned (a Dockerfile)."""
    ordered = tuple(sorted(files, key=lambda f: f.path))
    if languages is None:
        python = [f for f in ordered if f.python is not None]
        languages = (
            (LanguageStat("Python", len(python), sum(f.size for f in python)),) if python else ()
        )
    return FactSet(
        files=ordered,
        problems=problems,
        languages=languages,
        paths=tuple(sorted({*(f.path for f in ordered), *other_paths})),
    )


def run(*files: ScannedFile, settings: Settings | None = None, **kwargs: Any) -> Architecture:
    """``describe`` on a FactSet of these files."""
    return describe(facts_of(*files, **kwargs), settings or Settings(), CATALOGUE)


def find_component(arch: Architecture, name: str) -> Component:
    """The component called ``name``; fails listing the names there are."""
    for component in arch.components:
        if component.name == name:
            return component
    raise AssertionError(f"no component {name!r} in {[c.name for c in arch.components]}")
