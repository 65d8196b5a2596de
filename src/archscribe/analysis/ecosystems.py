"""Analysis: dependencies of the repository's other languages (npm, Go, Cargo, Maven/Gradle,
RubyGems), and the versions lock files pin.

A polyglot repository's non-Python manifests declare technologies too (a React front end, a Go
worker using Redis). They are read as declarations only: archscribe analyses no code in those
languages, so nothing is said of which component uses them. Names are looked up in the
catalogue under their own ecosystem, never as PyPI names (npm's ``redis`` is not redis-py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from archscribe.analysis.distributions import normalize
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import ExternalDependency
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ManifestFacts

__all__ = ["foreign_externals", "locked_versions"]


def foreign_externals(
    manifests: Sequence[tuple[str, ManifestFacts]], catalogue: Catalogue
) -> list[ExternalDependency]:
    """One dependency per (ecosystem, name) the non-Python manifests declare, identified by
    the catalogue under that ecosystem, in (ecosystem, name) order."""
    merged: dict[tuple[str, str], list[tuple[str, str, str, Evidence]]] = defaultdict(list)
    for path, manifest in manifests:
        if manifest.ecosystem == "python":
            continue
        for dep in manifest.dependencies:
            ev = Evidence(path, dep.line)
            merged[manifest.ecosystem, dep.name].append((dep.name, dep.specifier, dep.group, ev))
    index = catalogue.technologies
    result = []
    for (ecosystem, name), declared in sorted(merged.items()):
        declared.sort(key=lambda d: d[3])
        entry = index.by_package(ecosystem, name) if index is not None else None
        category = index.categories.get(entry.category) if index and entry else None
        result.append(
            ExternalDependency(
                distribution=name,
                import_names=(),
                declared_in=tuple(d[3] for d in declared),
                groups=tuple(sorted({d[2] for d in declared})),
                specifier=next((d[1] for d in declared if d[1]), ""),
                used_by=(),
                imports=0,
                technology=entry.name if entry else "",
                category=entry.category if entry else "",
                tooling=bool(category and category.tooling),
                reaches=(entry.reaches or "") if entry else "",
                ecosystem=ecosystem,
            )
        )
    return result


def locked_versions(
    externals: Sequence[ExternalDependency], manifests: Sequence[tuple[str, ManifestFacts]]
) -> list[ExternalDependency]:
    """The dependencies with the version a lock file of their ecosystem pins, when exactly one
    version is pinned for the name across the repository's lock files."""
    pinned: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _path, manifest in manifests:
        for package in manifest.locked:
            pinned[manifest.ecosystem, _key(manifest.ecosystem, package.name)].add(package.version)
    if not pinned:
        return list(externals)
    result = []
    for external in externals:
        versions = pinned.get(
            (external.ecosystem, _key(external.ecosystem, external.distribution))
        )
        if versions is not None and len(versions) == 1:
            result.append(replace(external, locked=min(versions)))
        else:
            result.append(external)
    return result


def _key(ecosystem: str, name: str) -> str:
    return normalize(name) if ecosystem == "python" else name
