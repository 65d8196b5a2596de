"""Analysis: the relations between data models, with their targets resolved.

A relation is declared by a call the catalogue knows (``models.ForeignKey("accounts.Team")``,
``ForeignKeyField(Author)``, ``relationship("User")``, ``mapped_column(ForeignKey("users.id"))``,
``Field(foreign_key="user.id")``) or by an annotation (``shelf: Link[Shelf]``,
``items: Mapped[list["Item"]]``). Its target is resolved the way the library resolves it:

- a class name as written, through the module's imports (``ForeignKey(Check)``);
- ``"self"``: the model itself;
- Django's ``"app_label.Model"`` through the app labels, a bare ``"Model"`` in the model's own
  app, ``settings.AUTH_USER_MODEL`` (or ``get_user_model()``) through the ``AUTH_USER_MODEL``
  setting;
- a class name in a string (``relationship("User")``, ``"models.Author"``) among the models
  of the same library, when exactly one fits;
- a ``"table.column"`` foreign key through the tables the models set (``__tablename__``) or
  their library derives from the class name.

What does not resolve stays as written, unresolved. A name that resolves to a class outside
the repository (``django.contrib.auth.models.User``) is a resolved target the repository does
not define; one that resolves to a class of the repository that is no model is unresolved.

SQLAlchemy's ``relationship()`` gets its cardinality the way SQLAlchemy does: ``secondary=``
is many-to-many, ``uselist=False`` one-to-one, a list one-to-many, else many-to-one when the
model holds the foreign key to the target (one-to-one when only the target holds one back;
one-to-many for a relationship with no annotation whose target alone holds the key). A
foreign-key column that a relationship to the same target speaks for is not repeated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archscribe.analysis.data_models_classes import FoundModel
from archscribe.analysis.data_models_names import Annotation, Names, parse_call
from archscribe.catalogue.data_models import RelationCall
from archscribe.model.facts import AttributeFact, literal
from archscribe.model.semantics import DataRelation

__all__ = ["describe_relations"]


@dataclass(frozen=True, slots=True)
class _Declared:
    """A relation as declared, before its target is resolved."""

    source: FoundModel
    field: str
    line: int
    reference: str  # a value text: "Item" (quoted), Shelf (a name) or "users.id"
    by_table: bool  # the reference is a "table.column" foreign key
    cardinality: str  # "" when the foreign keys tell
    many: bool = False  # a list annotation
    scalar: bool = False  # a one-object annotation
    secondary: bool = False
    single: bool = False  # uselist=False


class _Models:
    """The models by qualified name, Django label, class name and storage name."""

    def __init__(self, found: Sequence[FoundModel]) -> None:
        self.by_qualified = {f.model.qualified: f for f in found}
        self.by_label: dict[tuple[str, str], list[FoundModel]] = defaultdict(list)
        self.by_name: dict[str, list[FoundModel]] = defaultdict(list)
        self.by_table: dict[str, list[FoundModel]] = defaultdict(list)
        for item in found:
            if item.app:
                self.by_label[(item.app, item.model.name.lower())].append(item)
            self.by_name[item.model.name].append(item)
            if item.storage:
                self.by_table[item.storage].append(item)


def describe_relations(
    found: Sequence[FoundModel], names: Names, user_model: str
) -> list[DataRelation]:
    """Every relation of the models ``found``, in (source, field, target) order.
    ``user_model`` is the ``AUTH_USER_MODEL`` label."""
    models = _Models(found)
    declared = [d for item in found for d in _declared(item, names)]
    resolved = [(d, *_target(d, models, names, user_model)) for d in declared]
    keys: dict[str, set[str]] = defaultdict(set)  # model -> the models its foreign keys reach
    for item, target, ok in resolved:
        if item.by_table and ok:
            keys[item.source.model.qualified].add(target)
    relations: list[DataRelation] = []
    spoken: set[tuple[str, str]] = set()  # (source, target) a relationship speaks for
    for item, target, ok in resolved:
        source = item.source.model.qualified
        cardinality = item.cardinality or _cardinality(item, source, target, keys)
        if not item.by_table and item.cardinality == "" and cardinality in _HOLDING:
            spoken.add((source, target))
        relations.append(
            DataRelation(
                source=source,
                target=target,
                field=item.field,
                cardinality=cardinality,
                evidence=item.source.module.evidence(item.line),
                resolved=ok,
            )
        )
    kept = {
        r
        for r, (item, _, _) in zip(relations, resolved, strict=True)
        if not (item.by_table and (r.source, r.target) in spoken)
    }
    return sorted(kept, key=lambda r: (r.source, r.field, r.target, r.evidence))


_HOLDING = frozenset({"many-to-one", "one-to-one"})


def _cardinality(item: _Declared, source: str, target: str, keys: dict[str, set[str]]) -> str:
    """How many a ``relationship()`` reaches, told the way SQLAlchemy tells it."""
    if item.secondary:
        return "many-to-many"
    if item.single:
        return "one-to-one"
    if item.many:
        return "one-to-many"
    holds = target in keys[source]
    held = source in keys[target]
    if item.scalar:
        return "one-to-one" if held and not holds else "many-to-one"
    return "one-to-many" if held and not holds else "many-to-one"


def _declared(item: FoundModel, names: Names) -> Iterable[_Declared]:
    knowledge = names.knowledge
    module = item.module
    for attribute in item.cls.attributes:
        if "." in attribute.name:
            continue
        callee = names.canonical(module, attribute.callee) if attribute.callee else ""
        relation = knowledge.relations.get(callee)
        if relation is not None:
            found = _from_call(
                item, attribute, relation, attribute.args, dict(attribute.keywords), names
            )
            if found is not None:
                yield found
            continue
        nested = _nested(item, attribute, callee, names)
        if nested is not None:
            yield nested
            continue
        if attribute.annotation and item.family.fields != "calls":
            annotation = names.annotation(module, attribute.annotation)
            if annotation is not None and annotation.marker:
                yield _from_annotation(item, attribute, annotation, annotation.marker)


def _nested(
    item: FoundModel, attribute: AttributeFact, callee: str, names: Names
) -> _Declared | None:
    """A relation given as an argument: ``Column(Integer, ForeignKey("users.id"))``,
    ``ListField(ReferenceField(Reader))`` (many-to-many)."""
    knowledge = names.knowledge
    for arg in attribute.args:
        call = parse_call(arg)
        if call is None:
            continue
        relation = knowledge.relations.get(names.canonical(item.module, call[0]))
        if relation is None:
            continue
        found = _from_call(item, attribute, relation, call[1], call[2], names)
        if found is not None and callee in knowledge.containers:
            return _Declared(
                found.source, found.field, found.line, found.reference, False, "many-to-many"
            )
        if found is not None and found.by_table:
            return found
    return None


def _from_call(
    item: FoundModel,
    attribute: AttributeFact,
    relation: RelationCall,
    args: Sequence[str],
    keywords: dict[str, str],
    names: Names,
) -> _Declared | None:
    reference = next((keywords[k] for k in relation.keywords if k in keywords), None)
    if reference is None and relation.positional and args and relation.target != "annotation":
        reference = args[0]
    flags = {
        "secondary": "secondary" in keywords,
        "single": keywords.get("uselist") == "False",
    }
    if relation.target == "table":
        if reference is None or literal(reference) is None:
            return None
        return _Declared(
            item, attribute.name, attribute.line, reference, True, relation.cardinality
        )
    if reference is not None:
        return _Declared(
            item, attribute.name, attribute.line, reference, False, relation.cardinality, **flags
        )
    annotation = (
        names.annotation(item.module, attribute.annotation) if attribute.annotation else None
    )
    if annotation is None:
        return None
    return _from_annotation(item, attribute, annotation, relation.cardinality, **flags)


def _from_annotation(
    item: FoundModel,
    attribute: AttributeFact,
    annotation: Annotation,
    cardinality: str,
    secondary: bool = False,
    single: bool = False,
) -> _Declared:
    if cardinality and annotation.many:
        cardinality = "many-to-many" if cardinality == "many-to-one" else cardinality
    return _Declared(
        item,
        attribute.name,
        attribute.line,
        annotation.reference,
        False,
        cardinality,
        many=annotation.many,
        scalar=not annotation.many,
        secondary=secondary,
        single=single,
    )


def _target(item: _Declared, models: _Models, names: Names, user_model: str) -> tuple[str, bool]:
    """The qualified model the reference reaches and whether it resolved; the reference as
    written (a string's content) when it did not."""
    source = item.source
    text = literal(item.reference)
    if item.by_table and text is not None:
        table = text.rpartition(".")[0].rpartition(".")[2] if "." in text else text
        return _pick(source, models.by_table.get(table, []), text)
    if text is None:  # a name, resolved through the imports
        call = parse_call(item.reference)
        qualified = names.canonical(source.module, call[0] if call else item.reference)
        users = names.knowledge.apps.user_model_references
        if qualified in users or names.made_by(qualified) in users:
            return _label(source, user_model, models, names)
        if call is not None:
            return item.reference, False
        if qualified in models.by_qualified:
            return qualified, True
        if qualified:  # a model outside the repository, or a class of it that is none
            return qualified, names.index.module_of(qualified) is None
        return item.reference, False
    if text == names.knowledge.self_reference:
        return source.model.qualified, True
    if source.family.labels == "app":
        return _label(source, text, models, names)
    if text in models.by_qualified:
        return text, True
    return _pick(source, models.by_name.get(text.rpartition(".")[2], []), text)


def _label(source: FoundModel, label: str, models: _Models, names: Names) -> tuple[str, bool]:
    """A Django ``app_label.Model`` (or a bare ``Model`` of the source's own app)."""
    app, _, name = label.rpartition(".")
    app = app or source.app
    found = models.by_label.get((app, name.lower()), [])
    if found:
        return _pick(source, found, label)
    builtin = names.knowledge.apps.builtin.get(f"{app}.{name}")
    return (builtin, True) if builtin else (label, False)


def _pick(source: FoundModel, candidates: Sequence[FoundModel], written: str) -> tuple[str, bool]:
    """The one candidate that fits: the system's own (a test's too, for a test's model),
    of the source's own library, then its module, then its component."""
    fitting = [c for c in candidates if source.model.test or not c.model.test]
    for narrower in (
        lambda c: c.family.key == source.family.key,
        lambda c: c.module is source.module,
        lambda c: c.model.component == source.model.component,
    ):
        if len(fitting) > 1:
            fitting = [c for c in fitting if narrower(c)] or fitting
    if len(fitting) == 1:
        return fitting[0].model.qualified, True
    return written, False
