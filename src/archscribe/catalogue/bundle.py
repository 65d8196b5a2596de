"""Catalogue: everything the analysis knows about the outside world, loaded once and handed
to it as a value (the analysis itself reads no file), with the technologies the user adds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from archscribe.catalogue import import_name_map, namespace_packages, stdlib_modules
from archscribe.catalogue.code_interfaces import InterfaceKnowledge, interface_knowledge
from archscribe.catalogue.data_models import ModelKnowledge, model_knowledge
from archscribe.catalogue.factories import AppFactory, app_factories
from archscribe.catalogue.outbound import OutboundKnowledge, outbound_knowledge
from archscribe.catalogue.resilience import ResilienceKnowledge, resilience_knowledge
from archscribe.catalogue.route_owners import RouteOwner, route_owners
from archscribe.catalogue.routing import RoutingKnowledge, routing_knowledge
from archscribe.catalogue.security import SecurityKnowledge, security_knowledge
from archscribe.catalogue.technologies import (
    KEY_KINDS,
    TechnologyEntry,
    TechnologyIndex,
    build_index,
    canonical_key,
    lookup_key,
    technology_index,
)
from archscribe.errors import ConfigError
from archscribe.model.settings import TechnologySetting

__all__ = ["Catalogue", "extend_technologies", "load_catalogue"]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Standard-library module names, import names of distributions whose names differ, and
    the callables that make applications."""

    stdlib: frozenset[str]
    import_names: Mapping[str, str]
    factories: Mapping[str, AppFactory]
    namespaces: frozenset[str] = frozenset()  # top-level names many distributions share
    technologies: TechnologyIndex | None = None  # what each distribution or import is
    route_owners: Mapping[str, RouteOwner] = field(default_factory=dict)  # Flask(), APIRouter()
    routing: RoutingKnowledge = field(default_factory=RoutingKnowledge)
    interfaces: InterfaceKnowledge = field(default_factory=InterfaceKnowledge)
    data_models: ModelKnowledge = field(default_factory=ModelKnowledge)
    outbound: OutboundKnowledge = field(default_factory=OutboundKnowledge)
    security: SecurityKnowledge = field(default_factory=SecurityKnowledge)
    resilience: ResilienceKnowledge = field(default_factory=ResilienceKnowledge)

    def with_user_technologies(
        self, user: Sequence[TechnologySetting], where: str = "technologies"
    ) -> Catalogue:
        """This catalogue with the user's technologies merged into its technology index (the
        shipped one when it has none), as :func:`extend_technologies` does; itself when there
        are none."""
        if not user:
            return self
        index = self.technologies if self.technologies is not None else technology_index()
        return replace(self, technologies=extend_technologies(index, user, where))


def load_catalogue() -> Catalogue:
    """The catalogue shipped with archscribe."""
    return Catalogue(
        stdlib_modules(),
        import_name_map(),
        app_factories(),
        namespace_packages(),
        technology_index(),
        route_owners(),
        routing_knowledge(),
        interface_knowledge(),
        model_knowledge(),
        outbound_knowledge(),
        security_knowledge(),
        resilience_knowledge(),
    )


def extend_technologies(
    index: TechnologyIndex, user: Sequence[TechnologySetting], where: str = "technologies"
) -> TechnologyIndex:
    """``index`` with the user's technologies, which win over the shipped ones.

    A user technology named like a catalogue entry extends it: its keys are added, and its
    category and ``reaches``, when given, replace the entry's. Any other is a new entry (it
    needs a category), listed after the catalogue's in the user's order. A key the user gives
    one technology is taken from whichever catalogue entry had it. A ConfigError at ``where``
    (the settings' file and table) lists every problem: an unknown category or kind of key, a
    key not in canonical form or given to two user technologies, a name given twice, a
    ``reaches`` naming no technology. :mod:`archscribe.app.config` has checked them all, so
    it is raised only for settings made by hand.
    """
    problems: list[str] = []
    named: dict[str, TechnologySetting] = {}
    claimed: dict[tuple[str, str], str] = {}  # (kind, lookup key) -> the user technology
    for number, setting in enumerate(user):
        label = f"technologies[{number}] ({setting.name})"
        if named.setdefault(setting.name, setting) is not setting:
            problems.append(f"{label}: the name is given to two technologies")
        if setting.category is None and setting.name not in index.names:
            problems.append(f"{label}: a new technology needs a category")
        if setting.category is not None and setting.category not in index.categories:
            problems.append(f"{label}: unknown category {setting.category!r}")
        for kind, keys in setting.keys:
            if kind not in KEY_KINDS:
                problems.append(f"{label}: unknown kind of key {kind!r}")
                continue
            for key in keys:
                if canonical_key(kind, key) != key:
                    problems.append(f"{label}: {kind} {key!r} is not in canonical form")
                holder = claimed.setdefault((kind, lookup_key(kind, key)), setting.name)
                if holder != setting.name:
                    problems.append(f"{label}: {kind} {key!r} is also given to {holder}")
    entries = [_merged(entry, named.get(entry.name), claimed) for entry in index.entries]
    entries += [_merged(None, s, claimed) for s in named.values() if s.name not in index.names]
    extended, found = build_index(index.categories, entries)
    problems += [f"technologies: {problem}" for problem in found]
    if problems:
        raise ConfigError(
            problems, where=where, hint="fix the [[tool.archscribe.technologies]] entries"
        )
    return extended


def _merged(
    entry: TechnologyEntry | None,
    setting: TechnologySetting | None,
    claimed: Mapping[tuple[str, str], str],
) -> TechnologyEntry:
    """The catalogue's entry with the keys other user technologies claim taken away and the
    user's own setting of it applied, or the user's new technology (``entry`` is None)."""
    name = entry.name if entry is not None else setting.name if setting is not None else ""
    given = dict(setting.keys) if setting is not None else {}
    keys: dict[str, tuple[str, ...]] = {}
    for kind in KEY_KINDS:
        kept = tuple(
            key
            for key in (getattr(entry, kind) if entry is not None else ())
            if claimed.get((kind, lookup_key(kind, key)), name) == name
        )
        added = tuple(key for key in given.get(kind, ()) if key not in kept)
        keys[kind] = kept + added
    category = setting.category if setting is not None else None
    reaches = setting.reaches if setting is not None else None
    if entry is not None:
        category = category or entry.category
        reaches = reaches if reaches is not None else entry.reaches
    return TechnologyEntry(name, category or "", reaches or None, **keys)
