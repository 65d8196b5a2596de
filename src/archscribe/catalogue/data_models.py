"""Catalogue: what makes a class a data model (ORM and ODM bases, schema bases, record
decorators) and which field calls are relations, read from ``data/data_models.toml``.

The analysis asks this knowledge with fully qualified names (``django.db.models.ForeignKey``),
having resolved what the code writes through its imports; nothing here looks at code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from archscribe.catalogue import data_error, read_toml
from archscribe.catalogue.technologies import by_import

__all__ = [
    "CARDINALITIES",
    "KINDS",
    "AppRegistry",
    "MigrationTool",
    "ModelFamily",
    "ModelKnowledge",
    "RelationCall",
    "model_knowledge",
    "parse_model_knowledge",
]

SOURCE = "data_models.toml"

KINDS = frozenset({"table", "document", "schema", "record"})
"""What a model is for: stored in a table or a document database, a schema, a record."""

CARDINALITIES = frozenset({"many-to-one", "one-to-one", "many-to-many", "one-to-many"})
"""How many of the target one model reaches through a relation."""

_FIELD_STYLES = frozenset({"calls", "annotations", "both"})
_LABELS = frozenset({"class", "app"})
_IMPLICIT_TABLES = frozenset({"", "snake", "lower"})
_TARGETS = frozenset({"argument", "table", "annotation"})
_COLUMN_TYPES = frozenset({"argument", "annotation"})

_FAMILY_KEYS = frozenset(
    {
        "technology",
        "kind",
        "bases",
        "roots",
        "factories",
        "instances",
        "namespaces",
        "decorators",
        "fields",
        "field_callees",
        "wrappers",
        "labels",
        "table",
        "abstract",
        "table_keyword",
        "implicit_table",
        "empty_is_base",
    }
)
_FIELDS_KEYS = frozenset(
    {
        "suffix",
        "key_keywords",
        "key_callees",
        "columns",
        "not_types",
        "collections",
        "optionals",
        "ignored",
        "self_reference",
    }
)
_RELATION_KEYS = frozenset({"cardinality", "target", "keywords", "positional", "field"})
_APPS_KEYS = frozenset(
    {
        "app_config",
        "installed_apps",
        "app_label",
        "user_model_setting",
        "user_model_references",
        "default_user_model",
        "builtin",
    }
)
_MIGRATION_KEYS = frozenset({"tool", "folder", "files", "above", "beside"})


@dataclass(frozen=True, slots=True)
class ModelFamily:
    """One way of declaring data models (Django's ``models.Model``, SQLAlchemy's declarative
    base, pydantic's ``BaseModel``, ``@dataclass``…); see the data file's header."""

    key: str
    technology: str
    kind: str
    bases: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()
    factories: tuple[str, ...] = ()
    instances: tuple[tuple[str, str], ...] = ()  # (callable, attribute holding the base)
    namespaces: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()
    fields: str = "calls"
    field_callees: frozenset[str] = frozenset()
    wrappers: frozenset[str] = frozenset()
    labels: str = "class"
    table: tuple[str, ...] = ()
    abstract: tuple[str, ...] = ()
    table_keyword: str = ""
    implicit_table: str = ""
    empty_is_base: bool = False


@dataclass(frozen=True, slots=True)
class RelationCall:
    """A call that declares a relation: where its target is written and how many it
    reaches (``""`` when the annotation and the foreign keys tell)."""

    qualified_name: str
    cardinality: str
    target: str  # argument, table, annotation
    keywords: tuple[str, ...] = ()
    positional: bool = True
    field: bool = True


@dataclass(frozen=True, slots=True)
class AppRegistry:
    """Django's app registry: what makes ``app_label.Model`` and names the user model."""

    app_config: str = ""
    installed_apps: str = ""
    app_label: str = ""
    user_model_setting: str = ""
    user_model_references: frozenset[str] = frozenset()
    default_user_model: str = ""
    builtin: Mapping[str, str] = field(default_factory=dict)  # label -> qualified class


@dataclass(frozen=True, slots=True)
class MigrationTool:
    """A folder of schema migrations: its name, what its files are called, where it sits."""

    tool: str
    folder: str
    files: re.Pattern[str]
    above: frozenset[str] = frozenset()
    beside: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ModelKnowledge:
    """What makes a class a data model (ORM and ODM bases, schema bases, record decorators)
    and which field calls are relations.

    The families' classes and callables are indexed by qualified name (``by_base``,
    ``by_root``, ``by_factory``, ``by_instance``, ``by_decorator``) so that asking costs a
    dictionary read.
    """

    families: tuple[ModelFamily, ...] = ()
    skip: frozenset[str] = frozenset()
    by_base: Mapping[str, ModelFamily] = field(default_factory=dict)
    by_root: Mapping[str, ModelFamily] = field(default_factory=dict)
    by_factory: Mapping[str, ModelFamily] = field(default_factory=dict)
    by_instance: Mapping[str, tuple[ModelFamily, str]] = field(default_factory=dict)
    by_decorator: Mapping[str, ModelFamily] = field(default_factory=dict)
    relations: Mapping[str, RelationCall] = field(default_factory=dict)
    containers: frozenset[str] = frozenset()
    annotations: Mapping[str, str] = field(default_factory=dict)  # Link -> cardinality
    field_suffix: str = ""
    key_keywords: frozenset[str] = frozenset()
    key_callees: frozenset[str] = frozenset()
    columns: Mapping[str, str] = field(default_factory=dict)  # callable -> argument|annotation
    not_types: frozenset[str] = frozenset()
    collections: frozenset[str] = frozenset()
    optionals: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    self_reference: str = ""
    apps: AppRegistry = field(default_factory=AppRegistry)
    migrations: tuple[MigrationTool, ...] = ()


@functools.cache
def model_knowledge() -> ModelKnowledge:
    """The shipped knowledge."""
    return parse_model_knowledge(read_toml(SOURCE))


def parse_model_knowledge(document: Mapping[str, object]) -> ModelKnowledge:
    """The data file read; a malformed part is a bug in archscribe (InternalError naming
    it)."""
    families = tuple(
        _family(key, value) for key, value in _table(document, "families", "[families]").items()
    )
    skip = _strings(_table(document, "skip", "[skip]"), "classes", "[skip]")
    fields = _table(document, "fields", "[fields]")
    _only(fields, _FIELDS_KEYS, "[fields]")
    relations = {
        name: _relation(name, value)
        for name, value in _table(document, "relations", "[relations]").items()
    }
    annotations = _table(document, "annotations", "[annotations]")
    for name, value in annotations.items():
        if value not in CARDINALITIES:
            raise data_error(SOURCE, f"[annotations] {name} has no known cardinality")
    columns = _table(fields, "columns", "[fields] columns")
    for name, value in columns.items():
        if value not in _COLUMN_TYPES:
            raise data_error(SOURCE, f"[fields] columns {name} is neither argument nor annotation")
    migrations = document.get("migrations")
    if not isinstance(migrations, list) or not migrations:
        raise data_error(SOURCE, "[[migrations]] is missing")
    return ModelKnowledge(
        families=families,
        skip=frozenset(skip),
        by_base=_index(families, lambda f: f.bases),
        by_root=_index(families, lambda f: f.roots),
        by_factory=_index(families, lambda f: f.factories),
        by_instance=MappingProxyType(
            {name: (f, attribute) for f in families for name, attribute in f.instances}
        ),
        by_decorator=_index(families, lambda f: f.decorators),
        relations=MappingProxyType(relations),
        containers=frozenset(
            _strings(_table(document, "containers", "[containers]"), "callables", "[containers]")
        ),
        annotations=MappingProxyType({k: str(v) for k, v in annotations.items()}),
        field_suffix=_string(fields, "suffix", "[fields]", required=True),
        key_keywords=frozenset(_strings(fields, "key_keywords", "[fields]")),
        key_callees=frozenset(_strings(fields, "key_callees", "[fields]")),
        columns=MappingProxyType({k: str(v) for k, v in columns.items()}),
        not_types=frozenset(_strings(fields, "not_types", "[fields]")),
        collections=frozenset(_strings(fields, "collections", "[fields]")),
        optionals=frozenset(_strings(fields, "optionals", "[fields]")),
        ignored=frozenset(_strings(fields, "ignored", "[fields]")),
        self_reference=_string(fields, "self_reference", "[fields]", required=True),
        apps=_apps(_table(document, "apps", "[apps]")),
        migrations=tuple(_migration(n, entry) for n, entry in enumerate(migrations)),
    )


def _family(key: str, value: object) -> ModelFamily:
    where = f"[families.{key}]"
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"{where} is not a table")
    _only(value, _FAMILY_KEYS, where)
    kind = _string(value, "kind", where, required=True)
    if kind not in KINDS:
        raise data_error(SOURCE, f"{where} has unknown kind {kind!r}")
    instances = _table(value, "instances", f"{where} instances", required=False)
    if not all(isinstance(v, str) and v for v in instances.values()):
        raise data_error(SOURCE, f"{where} instances must map callables to attribute names")
    family = ModelFamily(
        key=key,
        technology="",
        kind=kind,
        bases=_strings(value, "bases", where),
        roots=_strings(value, "roots", where),
        factories=_strings(value, "factories", where),
        instances=tuple((k, str(v)) for k, v in instances.items()),
        namespaces=_strings(value, "namespaces", where),
        decorators=_strings(value, "decorators", where),
        fields=_string(value, "fields", where, required=True),
        field_callees=frozenset(_strings(value, "field_callees", where)),
        wrappers=frozenset(_strings(value, "wrappers", where)),
        labels=_string(value, "labels", where) or "class",
        table=_strings(value, "table", where),
        abstract=_strings(value, "abstract", where),
        table_keyword=_string(value, "table_keyword", where),
        implicit_table=_string(value, "implicit_table", where),
        empty_is_base=_bool(value, "empty_is_base", where),
    )
    if family.fields not in _FIELD_STYLES:
        raise data_error(SOURCE, f"{where} fields must be calls, annotations or both")
    if family.labels not in _LABELS:
        raise data_error(SOURCE, f"{where} labels must be class or app")
    if family.implicit_table not in _IMPLICIT_TABLES:
        raise data_error(SOURCE, f"{where} implicit_table must be snake or lower")
    named = (*family.bases, *family.roots, *family.factories, *instances, *family.decorators)
    if not named:
        raise data_error(SOURCE, f"{where} names no base, root, factory, instance or decorator")
    technology = _string(value, "technology", where)
    if not technology:
        entry = by_import(named[0])
        if entry is None:
            raise data_error(SOURCE, f"{where} needs a technology (the catalogue has none)")
        technology = entry.name
    return replace(family, technology=technology)


def _relation(name: str, value: object) -> RelationCall:
    where = f"[relations] {name}"
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"{where} is not a table")
    _only(value, _RELATION_KEYS, where)
    cardinality = _string(value, "cardinality", where)
    target = _string(value, "target", where, required=True)
    if cardinality and cardinality not in CARDINALITIES:
        raise data_error(SOURCE, f"{where} has unknown cardinality {cardinality!r}")
    if target not in _TARGETS:
        raise data_error(SOURCE, f"{where} has unknown target {target!r}")
    positional = value.get("positional", True)
    is_field = value.get("field", True)
    if not isinstance(positional, bool) or not isinstance(is_field, bool):
        raise data_error(SOURCE, f"{where} positional and field must be true or false")
    return RelationCall(
        name, cardinality, target, _strings(value, "keywords", where), positional, is_field
    )


def _apps(value: dict[str, object]) -> AppRegistry:
    where = "[apps]"
    _only(value, _APPS_KEYS, where)
    builtin = _table(value, "builtin", "[apps.builtin]")
    if not all(isinstance(v, str) and v for v in builtin.values()):
        raise data_error(SOURCE, "[apps.builtin] must map labels to classes")
    return AppRegistry(
        app_config=_string(value, "app_config", where, required=True),
        installed_apps=_string(value, "installed_apps", where, required=True),
        app_label=_string(value, "app_label", where, required=True),
        user_model_setting=_string(value, "user_model_setting", where, required=True),
        user_model_references=frozenset(_strings(value, "user_model_references", where)),
        default_user_model=_string(value, "default_user_model", where, required=True),
        builtin=MappingProxyType({k: str(v) for k, v in builtin.items()}),
    )


def _migration(number: int, value: object) -> MigrationTool:
    where = f"[[migrations]] #{number + 1}"
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"{where} is not a table")
    _only(value, _MIGRATION_KEYS, where)
    pattern = _string(value, "files", where, required=True)
    try:
        files = re.compile(pattern)
    except re.error as error:
        raise data_error(SOURCE, f"{where} files is no regular expression ({error})") from error
    return MigrationTool(
        tool=_string(value, "tool", where, required=True),
        folder=_string(value, "folder", where, required=True),
        files=files,
        above=frozenset(_strings(value, "above", where)),
        beside=_strings(value, "beside", where),
    )


def _index(
    families: tuple[ModelFamily, ...], names: Callable[[ModelFamily], tuple[str, ...]]
) -> Mapping[str, ModelFamily]:
    """Each name the families list (through ``names``) -> its family; a name two families
    claim is a bug in the data."""
    found: dict[str, ModelFamily] = {}
    for family in families:
        for name in names(family):
            if found.setdefault(name, family) is not family:
                raise data_error(SOURCE, f"{name} belongs to two families")
    return MappingProxyType(found)


def _table(
    value: Mapping[str, object], key: str, where: str, required: bool = True
) -> dict[str, object]:
    found = value.get(key)
    if found is None and not required:
        return {}
    if not isinstance(found, dict):
        raise data_error(SOURCE, f"{where} is missing or not a table")
    return found


def _strings(value: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    found = value.get(key, [])
    if not isinstance(found, list) or not all(isinstance(v, str) and v for v in found):
        raise data_error(SOURCE, f"{where} {key} must be a list of non-empty strings")
    return tuple(found)


def _string(value: Mapping[str, object], key: str, where: str, required: bool = False) -> str:
    found = value.get(key, "")
    if not isinstance(found, str) or (required and not found):
        raise data_error(SOURCE, f"{where} {key} must be a non-empty string")
    return found


def _bool(value: Mapping[str, object], key: str, where: str) -> bool:
    found = value.get(key, False)
    if not isinstance(found, bool):
        raise data_error(SOURCE, f"{where} {key} must be true or false")
    return found


def _only(value: Mapping[str, object], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise data_error(SOURCE, f"{where} has unknown keys {', '.join(unknown)}")
