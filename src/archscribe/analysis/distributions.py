"""Analysis: third-party distributions, from manifests' declarations and source imports.

An import's top-level name maps to a distribution through the manifests (a declared name that
normalises to it), then the catalogue (``yaml`` is PyYAML), and otherwise stands for itself,
marked undeclared. No network and no installed metadata are consulted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from archscribe.model.evidence import Evidence
from archscribe.model.facts import DeclaredDependency

# Words in a requirements file's name (or its folder's) that name its group, matched as whole
# words: "requirements-docker.txt" is not documentation, nor "requirements-latest.txt" tests.
_GROUP_WORDS = {
    "test": "test",
    "tests": "test",
    "testing": "test",
    "ci": "test",
    "dev": "dev",
    "develop": "dev",
    "development": "dev",
    "lint": "dev",
    "linting": "dev",
    "typing": "dev",
    "mypy": "dev",
    "bench": "dev",
    "benchmark": "dev",
    "benchmarks": "dev",
    "doc": "docs",
    "docs": "docs",
    "documentation": "docs",
}


def normalize(name: str) -> str:
    """PEP 503 name normalisation, with ``_`` and ``.`` folded like ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def group_for_requirements(path: str) -> str:
    """The dependency group a requirements file's name implies (``requirements-dev.txt``,
    ``requirements/test.txt``); runtime when no word of its name or folder says otherwise."""
    folder, _, name = path.lower().rpartition("/")
    stem = name.rsplit(".", 1)[0]
    for word in re.split(r"[-_.]+", stem):
        if word in _GROUP_WORDS:
            return _GROUP_WORDS[word]
    if folder.rpartition("/")[2] in _GROUP_WORDS:
        return _GROUP_WORDS[folder.rpartition("/")[2]]
    return "runtime"


@dataclass(frozen=True, slots=True)
class Declaration:
    """A distribution as the manifests declare it."""

    name: str
    specifier: str
    groups: tuple[str, ...]
    evidence: tuple[Evidence, ...]


def collect_declarations(
    declared: Sequence[tuple[str, str, DeclaredDependency]],
) -> dict[str, Declaration]:
    """Merge ``(manifest path, manifest kind, dependency)`` triples into one declaration per
    normalised name; requirements files take their group from their file name."""
    merged: dict[str, Declaration] = {}
    for path, kind, dep in sorted(declared, key=lambda t: (t[0], t[2].line, t[2].name)):
        key = normalize(dep.name)
        if not key:
            continue
        group = group_for_requirements(path) if kind == "requirements" else dep.group
        ev = Evidence(path, dep.line)
        old = merged.get(key)
        if old is None:
            merged[key] = Declaration(dep.name, dep.specifier, (group,), (ev,))
        else:
            groups = tuple(sorted({*old.groups, group}))
            merged[key] = Declaration(
                old.name, old.specifier or dep.specifier, groups, (*old.evidence, ev)
            )
    return merged


def distribution_for(
    import_name: str, declarations: Mapping[str, Declaration], known: Mapping[str, str]
) -> tuple[str, bool]:
    """The distribution behind an import name, and whether a manifest declares it.

    A dotted name (a namespace package's, ``google.cloud.storage``) is tried from its longest
    prefix down to two parts; what matches nothing stands for itself at two parts, undeclared.
    """
    parts = import_name.split(".")
    for size in range(len(parts), 1 if len(parts) > 1 else 0, -1):
        candidate = ".".join(parts[:size])
        direct = declarations.get(normalize(candidate))
        if direct is not None:
            return direct.name, True
        mapped = known.get(candidate)
        if mapped is not None:
            decl = declarations.get(normalize(mapped))
            return (decl.name if decl else mapped), decl is not None
    return ".".join(parts[:2]), False
