"""Analysis: which classes of the repository are data models, with their fields, storage
names and labels.

A class is a model when one of its bases, followed through the repository's own classes and
resolved through the imports, is a base the catalogue knows (``django.db.models.Model``,
``pydantic.BaseModel``, a ``declarative_base()`` result, Flask-SQLAlchemy's ``db.Model``), or
when a record decorator the catalogue knows (``dataclasses.dataclass``, ``attrs.define``)
decorates it. Models in tests are kept, flagged; records in tests, and private records
(``_Entry``, a module's own helper), are left out.

Django models are labelled ``app_label.Model``: the app label is the ``Meta.app_label`` the
model sets, else the label of the installed app whose package holds it (an ``AppConfig``'s
``label``, else the last part of the app's name), else the package above its ``models``
module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.analysis.data_models_names import Names, last_name, parse_call
from archscribe.catalogue.data_models import AppRegistry, ModelFamily
from archscribe.model.facts import AttributeFact, ClassFact, literal
from archscribe.model.semantics import DataField, DataModel

__all__ = ["FoundModel", "django_apps", "find_models", "setting_value"]

_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


@dataclass(frozen=True, slots=True)
class FoundModel:
    """A model with what the relation step needs: its family, module and class, its Django
    app label (``""`` elsewhere) and its storage name (set by the code, or the one the
    family derives from the class name)."""

    model: DataModel
    family: ModelFamily
    module: IndexedModule
    cls: ClassFact
    app: str = ""
    storage: str = ""


def find_models(index: CodeIndex, names: Names) -> list[FoundModel]:
    """Every data model of the system's source and of its tests, in module order."""
    knowledge = names.knowledge
    apps = django_apps(index, knowledge.apps)
    found: list[FoundModel] = []
    for module in index:
        if not (module.source or module.test):
            continue
        for cls in module.facts.classes:
            family = names.family_of(module, cls)
            if family is None:
                continue
            if family.kind == "record" and (module.test or cls.name.startswith("_")):
                continue  # a test's record, or a module's private helper, is no domain record
            found.append(_model(module, cls, family, names, apps))
    return _with_bases(index, found)


def _model(
    module: IndexedModule,
    cls: ClassFact,
    family: ModelFamily,
    names: Names,
    apps: Mapping[str, str],
) -> FoundModel:
    values = {a.name: a.value for a in cls.attributes if not a.callee}
    kind = family.kind
    if family.table_keyword and (family.table_keyword, "True") in cls.keywords:
        kind = "table"
    table = next((v for a in family.table if (v := literal(values.get(a, ""))) is not None), "")
    app = ""
    label = cls.name
    if family.labels == "app":
        app = _app_label(module, values, apps, names.knowledge.apps)
        label = f"{app}.{cls.name}"
    storage = table or _implicit_table(cls.name, family.implicit_table)
    model = DataModel(
        name=cls.name,
        qualified=f"{module.name}.{cls.name}",
        label=label,
        technology=family.technology,
        kind=kind,
        component=module.component,
        evidence=module.evidence(cls.line),
        table=table,
        abstract=any(values.get(a) == "True" for a in family.abstract),
        fields=tuple(_fields(module, cls.attributes, family, names)),
        test=module.test,
    )
    return FoundModel(model, family, module, cls, app, storage)


def _with_bases(index: CodeIndex, found: list[FoundModel]) -> list[FoundModel]:
    """Each model with the models it derives from, nearest first; a model with no fields of
    its own that others derive from is their base when its family says so."""
    known = {f.model.qualified for f in found}
    bases = {
        f.model.qualified: [a for a in index.ancestors(f.model.qualified) if a in known]
        for f in found
    }
    derived = {base for found_bases in bases.values() for base in found_bases}
    result: list[FoundModel] = []
    for item in found:
        model = item.model
        abstract = model.abstract or (
            item.family.empty_is_base and not model.fields and model.qualified in derived
        )
        model = replace(model, bases=tuple(bases[model.qualified]), abstract=abstract)
        result.append(replace(item, model=model))
    return result


def _fields(
    module: IndexedModule,
    attributes: Iterable[AttributeFact],
    family: ModelFamily,
    names: Names,
) -> Iterable[DataField]:
    """The attributes that declare fields, the way the family declares them."""
    knowledge = names.knowledge
    for attribute in attributes:
        if "." in attribute.name or attribute.name.startswith("_"):
            continue
        callee = names.canonical(module, attribute.callee) if attribute.callee else ""
        relation = knowledge.relations.get(callee)
        if relation is not None and not relation.field:
            continue
        by_call = (
            family.fields != "annotations"
            and bool(attribute.callee)
            and (
                callee in knowledge.columns
                or relation is not None
                or callee in knowledge.key_callees
                or callee in family.field_callees
                or last_name(attribute.callee).endswith(knowledge.field_suffix)
            )
        )
        inner = _annotated(module, attribute.annotation, family, names)
        if not (by_call or inner is not None):
            continue
        if by_call and knowledge.columns.get(callee) == "argument":
            kind = _column_type(module, attribute.args, names) or (inner or "")
        elif by_call and knowledge.columns.get(callee) == "annotation":
            kind = inner or _column_type(module, attribute.args, names)
        elif inner is not None:
            kind = inner
        elif callee in family.field_callees or family.fields == "both":
            kind = ""
        else:
            kind = last_name(attribute.callee)
        keywords = dict(attribute.keywords)
        key = callee in knowledge.key_callees or any(
            keywords.get(k) == "True" for k in knowledge.key_keywords
        )
        yield DataField(attribute.name, kind, attribute.line, key)


def _annotated(
    module: IndexedModule, annotation: str, family: ModelFamily, names: Names
) -> str | None:
    """The type an annotation declares a field of (unwrapped from ``Mapped[...]``), or None
    when the family does not declare fields so or the annotation declares none
    (``ClassVar``)."""
    if not annotation or family.fields == "calls":
        return None
    head, bracket, rest = annotation.partition("[")
    if last_name(head.strip()) in names.knowledge.ignored:
        return None
    if not family.wrappers:
        return annotation
    if bracket and names.canonical(module, head.strip()) in family.wrappers:
        return rest[:-1].strip() if rest.endswith("]") else rest
    return None


def _column_type(module: IndexedModule, args: Iterable[str], names: Names) -> str:
    """A column's type: the last name of its first argument that names one
    (``String(255)`` is ``String``; a column's name and its ``ForeignKey`` are skipped)."""
    knowledge = names.knowledge
    for arg in args:
        if literal(arg) is not None:
            continue
        call = parse_call(arg)
        head = call[0] if call is not None else arg
        if not re.match(r"^[A-Za-z_][\w.]*$", head) or last_name(head) in knowledge.not_types:
            continue
        if names.canonical(module, head) in knowledge.relations:
            continue
        return last_name(head)
    return ""


def _implicit_table(name: str, rule: str) -> str:
    if rule == "snake":
        return _SNAKE.sub(r"_\1", name).lower().lstrip("_")
    if rule == "lower":
        return name.lower()
    return ""


def django_apps(index: CodeIndex, registry: AppRegistry) -> dict[str, str]:
    """Each Django app's package -> its label: the apps the settings install (a package, or
    an ``AppConfig`` class) and the ``AppConfig`` classes of the source."""
    if not registry.app_config:
        return {}
    configs: dict[str, tuple[str, str]] = {}  # the AppConfig class -> (app package, label)
    for module in index.source_modules():
        for cls in module.facts.classes:
            qualified = f"{module.name}.{cls.name}"
            if not index.inherits(qualified, frozenset({registry.app_config})):
                continue
            values = {a.name: literal(a.value) for a in cls.attributes}
            name = values.get("name")
            if name:
                configs[qualified] = (name, values.get("label") or last_name(name))
    apps = dict(sorted(configs.values()))
    for value in setting_value(index, registry.installed_apps, every=True):
        if value not in configs:
            apps.setdefault(value, last_name(value))
    return apps


def setting_value(index: CodeIndex, setting: str, every: bool = False) -> list[str]:
    """The values the system's settings give ``setting``, in path and line order (the first
    alone unless ``every``)."""
    found: list[str] = []
    for module in sorted(index.source_modules(), key=lambda m: m.path):
        for value in module.facts.settings:
            if value.setting == setting and value.value:
                found.append(value.value)
                if not every:
                    return found
    return found


def _app_label(
    module: IndexedModule,
    values: Mapping[str, str],
    apps: Mapping[str, str],
    registry: AppRegistry,
) -> str:
    explicit = literal(values.get(registry.app_label, ""))
    if explicit:
        return explicit
    holding = [p for p in apps if module.name == p or module.name.startswith(p + ".")]
    if holding:
        return apps[max(holding, key=len)]
    parts = module.name.split(".")
    if "models" in parts[1:]:
        return parts[len(parts) - 1 - parts[::-1].index("models") - 1]
    return parts[-2] if len(parts) > 1 else parts[0]
