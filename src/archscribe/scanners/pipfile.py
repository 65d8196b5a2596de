"""Scanners: a Pipfile in, manifest facts out: its packages by category and its Python.

``[packages]`` are ``runtime``, ``[dev-packages]`` ``dev``, any other category table (pipenv's
custom categories, ``[docs]``) keeps its own name. A ``"*"`` version is no specifier; a table
value gives its ``version``, or names where the package comes from (``git``, ``path``…) when it
has none. Lines are found again in the text (:class:`TomlLines`); invalid TOML is a problem.
"""

from __future__ import annotations

from dataclasses import replace

from archscribe.model.facts import ManifestFacts, ProblemKind
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import ManifestBuilder, decode, problem
from archscribe.scanners.polyglot_text import as_table, as_text, load_toml, toml_key_line
from archscribe.scanners.pyproject import TomlLines

__all__ = ["PIPFILE_SCANNER", "scan_pipfile"]

_KIND = "pipfile"
# Category tables with a fixed meaning; every other top-level table is a custom category.
_GROUPS = {"packages": "runtime", "dev-packages": "dev"}
_NOT_CATEGORIES = frozenset({"source", "requires", "scripts", "pipenv"})
# Table keys that say where a package comes from, in the order they are looked for; the first
# present is the specifier when there is no version.
_SOURCES = ("git", "hg", "svn", "bzr", "path", "file")


def scan_pipfile(data: bytes) -> ManifestFacts:
    """Read a ``Pipfile``: dependencies by category and ``[requires]`` Python version."""
    text, problems = decode(data)
    document = load_toml(text, problems)
    if document is None:
        return ManifestFacts(kind=_KIND, problems=tuple(problems))
    lines = TomlLines(text)
    out = ManifestBuilder(_KIND, problems)
    for category, packages in document.items():
        if category not in _NOT_CATEGORIES and isinstance(packages, dict):
            group = _GROUPS.get(category, category)
            for name, value in packages.items():
                line = toml_key_line(lines, (category,), name)
                _package(name, value, group, line, out)
    requires = as_table(document, "requires")
    python = as_text(requires.get("python_version")) or as_text(
        requires.get("python_full_version")
    )
    return replace(out.build(requires_python=python), ecosystem="python")


def _package(name: str, value: object, group: str, line: int, out: ManifestBuilder) -> None:
    """One ``name = "spec"`` or ``name = {version = ..., git = ...}`` entry."""
    if isinstance(value, str):
        out.dependency(name, _version(value), group, line)
    elif isinstance(value, dict):
        version = _version(as_text(value.get("version")))
        source = next((key for key in _SOURCES if key in value), "")
        out.dependency(name, version or source, group, line)
    else:
        reason = f"package {name!r} is neither a version string nor a table"
        out.problems.append(problem(ProblemKind.MALFORMED, reason, line))


def _version(text: str) -> str:
    """The specifier as written, ``"*"`` (any version) being none."""
    text = text.strip()
    return "" if text == "*" else "".join(text.split())


PIPFILE_SCANNER = Scanner(name="pipfile", version=1, fact_type=ManifestFacts, scan=scan_pipfile)
