"""Catalogue: everything the analysis knows about the outside world, loaded once and handed
to it as a value (the analysis itself reads no file)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from archscribe.catalogue import import_name_map, namespace_packages, stdlib_modules
from archscribe.catalogue.factories import AppFactory, app_factories
from archscribe.catalogue.technologies import TechnologyIndex, technology_index


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Standard-library module names, import names of distributions whose names differ, and
    the callables that make applications."""

    stdlib: frozenset[str]
    import_names: Mapping[str, str]
    factories: Mapping[str, AppFactory]
    namespaces: frozenset[str] = frozenset()  # top-level names many distributions share
    technologies: TechnologyIndex | None = None  # what each distribution or import is


def load_catalogue() -> Catalogue:
    """The catalogue shipped with archscribe."""
    return Catalogue(
        stdlib_modules(),
        import_name_map(),
        app_factories(),
        namespace_packages(),
        technology_index(),
    )
