"""Analysis: data models (Django, SQLAlchemy, SQLModel, Pydantic, dataclasses, attrs, Peewee,
Tortoise, MongoEngine, Beanie, ODMantic), their fields and relations with targets resolved, the
migrations folders that keep the schema, and relations that cross components.

Which classes are models is :mod:`~archscribe.analysis.data_models_classes`'s to say, how
they relate :mod:`~archscribe.analysis.data_models_relations`'s; this module puts the two
together with the migrations folders and the links between components. Everything found in
tests is kept with ``test`` set, never linked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from archscribe.analysis.code_index import CodeIndex
from archscribe.analysis.data_models_classes import find_models, setting_value
from archscribe.analysis.data_models_names import Names
from archscribe.analysis.data_models_relations import describe_relations
from archscribe.analysis.roles import RoleClassifier
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.data_models import MigrationTool
from archscribe.model.architecture import CodeRole
from archscribe.model.semantics import (
    CodeSemantics,
    CrossComponentLink,
    DataModel,
    DataRelation,
    Migrations,
)

__all__ = ["describe_data_models", "find_migrations"]

# Migrations in these places are the system's (not a test's, an example's or a vendored one's).
_MIGRATION_ROLES = frozenset({CodeRole.MIGRATION, CodeRole.SOURCE})


def describe_data_models(
    index: CodeIndex, catalogue: Catalogue, paths: Sequence[str]
) -> CodeSemantics:
    """``models``, ``relations``, ``migrations`` and ``links`` filled in."""
    knowledge = catalogue.data_models
    names = Names(index, knowledge)
    found = find_models(index, names)
    apps = knowledge.apps
    user_model = next(iter(setting_value(index, apps.user_model_setting)), "")
    relations = describe_relations(found, names, user_model or apps.default_user_model)
    models = sorted(
        (f.model for f in found),
        key=lambda m: (m.test, m.component, m.label, m.qualified),
    )
    return CodeSemantics(
        models=tuple(models),
        relations=tuple(relations),
        migrations=find_migrations(paths, knowledge.migrations),
        links=_links(models, relations),
    )


def _links(
    models: Iterable[DataModel], relations: Iterable[DataRelation]
) -> tuple[CrossComponentLink, ...]:
    """A relation from one component's model to another component's model, both the
    system's."""
    system = {m.qualified: m for m in models if not m.test}
    links: set[CrossComponentLink] = set()
    for relation in relations:
        source = system.get(relation.source)
        target = system.get(relation.target)
        if source is None or target is None or not relation.resolved:
            continue
        if source.component and target.component and source.component != target.component:
            links.add(
                CrossComponentLink(
                    source.component, target.component, "relation", relation.evidence
                )
            )
    return tuple(sorted(links, key=lambda k: (k.source, k.target, k.evidence)))


def find_migrations(
    paths: Sequence[str], tools: Sequence[MigrationTool]
) -> tuple[Migrations, ...]:
    """Each folder of migration files the tools write, with how many files it holds; folders
    in tests, examples or vendored code are not the system's."""
    present = frozenset(paths)
    roles = RoleClassifier(paths)
    counts: Counter[tuple[str, str]] = Counter()
    for path in paths:
        folder, _, name = path.rpartition("/")
        parent, _, folder_name = folder.rpartition("/")
        for tool in tools:
            if folder_name != tool.folder or not tool.files.match(name):
                continue
            if (tool.above or tool.beside) and not (
                parent.rpartition("/")[2] in tool.above
                or any(_join(parent, f) in present for f in tool.beside)
            ):
                continue
            if roles.role_of(path) in _MIGRATION_ROLES:
                counts[(tool.tool, folder)] += 1
            break
    return tuple(
        Migrations(tool, folder, files)
        for (tool, folder), files in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    )


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name
