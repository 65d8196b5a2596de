"""Renderers: Data Architecture: data models (a list by component and a Mermaid
``erDiagram``).

The section opens with one summary sentence (how many models are stored, in which
technologies and components; schemas, records and migrations), lists the stored models of each
component with their key fields and relations, then schemas and records more briefly, and
draws the stored models as an entity-relationship diagram. Abstract models and models found
only in tests are never counted or drawn as the system's; every claim cites its line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from archscribe.model.architecture import Architecture
from archscribe.model.semantics import DataField, DataModel, DataRelation, Migrations
from archscribe.renderers.wording import cite, code, join_names, not_detected, plural

__all__ = ["DIAGRAM_LIMIT", "data_models_section"]

DIAGRAM_LIMIT = 30
"""The most stored models the diagram draws (the most connected first)."""

_FIELDS_SHOWN = 6
_ATTRIBUTES_DRAWN = 5
_STORED_SHOWN = 40  # stored models listed per component
_BRIEF_SHOWN = 15  # schemas or records listed per component
_MIGRATIONS_SHOWN = 3
_STORED = ("table", "document")
_LOOKED_FOR = (
    "looked for Django, SQLAlchemy, SQLModel, Peewee, Tortoise, MongoEngine, Beanie and "
    "ODMantic models, Pydantic schemas, dataclasses and attrs records in the Python source."
)
_LOOKED_FOR_STORED = (
    "models stored in a database: looked for Django, SQLAlchemy, SQLModel tables, Peewee, "
    "Tortoise, MongoEngine, Beanie and ODMantic models in the Python source."
)
_NOTATION = {
    "many-to-one": "}o--||",
    "one-to-one": "||--||",
    "many-to-many": "}o--o{",
    "one-to-many": "||--o{",
}
_UNSAFE = re.compile(r"[^0-9A-Za-z_]+")
_OUTSIDE = "(outside components)"


def data_models_section(arch: Architecture) -> str:
    semantics = arch.semantics
    system = [m for m in semantics.models if not m.test]
    tests = [m for m in semantics.models if m.test]
    if not system:
        text = not_detected(_LOOKED_FOR)
        if tests:
            text += f" {_only_in_tests(tests)}"
        return text
    by_qualified = {m.qualified: m for m in semantics.models}
    relations = [r for r in semantics.relations if r.source in by_qualified]
    parts = [_summary(system, semantics.migrations)]
    stored = [m for m in system if m.kind in _STORED]
    if stored:
        parts.append(_stored_list(stored, relations, by_qualified))
    for kind, title in (("schema", "Schemas"), ("record", "Records")):
        brief = [m for m in system if m.kind == kind]
        if brief:
            parts.append(_brief_list(title, brief))
    if tests:
        shown = ", ".join(f"{code(m.label)} {cite(m.evidence)}" for m in tests[:5])
        more = f" and {len(tests) - 5} more" if len(tests) > 5 else ""
        parts.append(f"Found only in tests, not counted: {shown}{more}.")
    drawn = [m for m in stored if not m.abstract]
    if drawn:
        parts.append(_diagram(drawn, relations, by_qualified))
    return "\n\n".join(parts)


def _only_in_tests(tests: Sequence[DataModel]) -> str:
    verb = "is" if len(tests) == 1 else "are"
    return f"{plural(len(tests), 'model')} found only in tests {verb} not counted."


# --- summary -------------------------------------------------------------------------------------


def _summary(system: Sequence[DataModel], migrations: Sequence[Migrations]) -> str:
    """One sentence: what is stored and where, then schemas, records and migrations; a
    "not detected" sentence after it when nothing is stored."""
    concrete = [m for m in system if not m.abstract]
    stored: list[str] = []
    for kind, word, where, places in (
        ("table", "model", "stored in a database table", "stored in database tables"),
        ("document", "document", "stored in a document database", ""),
    ):
        found = [m for m in concrete if m.kind == kind]
        if found:
            said = where if len(found) == 1 else places or where
            stored.append(f"{plural(len(found), word)} {said} ({_technologies(found)})")
    clauses: list[str] = []
    if stored:
        components = {m.component for m in concrete if m.kind in _STORED and m.component}
        where = f" in {plural(len(components), 'component')}" if components else ""
        clauses.append(" and ".join(stored) + where)
    abstract = [m for m in system if m.abstract and m.kind in _STORED]
    if abstract:
        clauses.append(f"{plural(len(abstract), 'abstract base model')}")
    for kind, word in (("schema", "schema"), ("record", "record")):
        found = [m for m in concrete if m.kind == kind]
        if found:
            clauses.append(f"{plural(len(found), word)} ({_technologies(found)})")
    if migrations:
        clauses.append("migrations: " + _migrations(migrations))
    elif stored:
        clauses.append(
            "migrations: none found (looked for Django `migrations/NNNN_*.py` files and "
            "Alembic `versions/` folders)"
        )
    sentence = "; ".join(clauses) + "." if clauses else ""
    sentence = sentence[:1].upper() + sentence[1:]
    if not stored:
        sentence += " " + not_detected(_LOOKED_FOR_STORED)
    return sentence.strip()


def _technologies(models: Iterable[DataModel]) -> str:
    return ", ".join(sorted({m.technology for m in models}))


def _migrations(migrations: Sequence[Migrations]) -> str:
    shown = ", ".join(
        f"{m.tool} in {code(m.path)} ({plural(m.files, 'file')})"
        for m in migrations[:_MIGRATIONS_SHOWN]
    )
    rest = len(migrations) - _MIGRATIONS_SHOWN
    return shown + (f" and {plural(rest, 'more folder')}" if rest > 0 else "")


# --- lists ---------------------------------------------------------------------------------------


def _by_component(models: Iterable[DataModel]) -> dict[str, list[DataModel]]:
    grouped: dict[str, list[DataModel]] = defaultdict(list)
    for model in sorted(models, key=lambda m: (m.component or "~", m.label, m.qualified)):
        grouped[model.component or _OUTSIDE].append(model)
    return grouped


def _stored_list(
    stored: Sequence[DataModel],
    relations: Sequence[DataRelation],
    by_qualified: dict[str, DataModel],
) -> str:
    outgoing: dict[str, list[DataRelation]] = defaultdict(list)
    for relation in sorted(relations, key=lambda r: (r.field, r.target, r.evidence)):
        outgoing[relation.source].append(relation)
    several = len({m.technology for m in stored}) > 1
    lines: list[str] = []
    for component, models in _by_component(stored).items():
        lines.append(f"**{code(component) if component != _OUTSIDE else component}**\n")
        for model in models[:_STORED_SHOWN]:
            lines.append(_model_line(model, several, by_qualified))
            for relation in outgoing.get(model.qualified, []):
                lines.append(f"  - {_relation_text(relation, by_qualified)}")
        if len(models) > _STORED_SHOWN:
            rest = len(models) - _STORED_SHOWN
            lines.append(f"- and {plural(rest, 'more model')} (in the JSON model)")
        lines.append("")
    return "\n".join(lines).rstrip()


def _model_line(model: DataModel, several: bool, by_qualified: dict[str, DataModel]) -> str:
    """``- `label` (`path:line`), table `name`: fields; inherits …``."""
    parts = ["abstract base"] if model.abstract else []
    if several:
        parts.append(model.technology)
    if model.table:
        parts.append(
            f"{'collection' if model.kind == 'document' else 'table'} {code(model.table)}"
        )
    text = f"- {code(model.label)} {cite(model.evidence)}"
    text += (", " + ", ".join(parts)) if parts else ""
    if model.fields:
        text += ": " + _fields(model.fields)
    if model.bases:
        bases = [by_qualified[b].label if b in by_qualified else b for b in model.bases]
        text += f"; inherits {join_names(bases, 3)}"
    return text


def _shown_type(text: str) -> str:
    """A field's type; one with brackets (``Link[Shelf]``) as code, never read as a
    template placeholder."""
    return code(text) if "[" in text else text


def _fields(fields: Sequence[DataField]) -> str:
    ordered = sorted(fields, key=lambda f: not f.key)  # the key first, the rest as written
    shown = ", ".join(
        code(f.name) + (f" {_shown_type(f.type)}" if f.type else "") + (" (key)" if f.key else "")
        for f in ordered[:_FIELDS_SHOWN]
    )
    rest = len(fields) - _FIELDS_SHOWN
    return shown + (f" and {rest} more" if rest > 0 else "")


def _relation_text(relation: DataRelation, by_qualified: dict[str, DataModel]) -> str:
    target = by_qualified.get(relation.target)
    if target is not None:
        name = code(target.label)
    elif relation.resolved:
        name = f"{code(relation.target)} (outside the repository)"
    else:
        name = f"{code(relation.target)} (not resolved to a model of the repository)"
    return f"→ {name} via {code(relation.field)}: {relation.cardinality} {cite(relation.evidence)}"


def _brief_list(title: str, models: Sequence[DataModel]) -> str:
    lines = [f"{title} ({_technologies(models)}):\n"]
    for component, grouped in _by_component(models).items():
        shown = ", ".join(f"{code(m.label)} {cite(m.evidence)}" for m in grouped[:_BRIEF_SHOWN])
        rest = len(grouped) - _BRIEF_SHOWN
        more = f" and {rest} more" if rest > 0 else ""
        label = code(component) if component != _OUTSIDE else component
        lines.append(f"- {label}: {shown}{more}")
    return "\n".join(lines)


# --- diagram -------------------------------------------------------------------------------------


def _diagram(
    drawn: Sequence[DataModel],
    relations: Sequence[DataRelation],
    by_qualified: dict[str, DataModel],
) -> str:
    edges = _edges(drawn, relations, by_qualified)
    degree: dict[str, int] = defaultdict(int)
    for source, target, _, _ in edges:
        degree[source] += 1
        degree[target] += 1
    ranked = sorted(drawn, key=lambda m: (-degree[m.qualified], m.label, m.qualified))
    kept = {m.qualified for m in ranked[:DIAGRAM_LIMIT]}
    models = [m for m in drawn if m.qualified in kept]
    edges = [e for e in edges if e[0] in kept and (e[1] in kept or e[1] not in by_qualified)]
    externals = sorted({e[1] for e in edges if e[1] not in by_qualified})
    names = _entity_names(
        [(m.qualified, m.label) for m in models] + [(q, q.rpartition(".")[2]) for q in externals]
    )
    holding = {
        (r.source, r.field)
        for r in relations
        if r.cardinality in ("many-to-one", "one-to-one") and r.resolved
    }
    lines = ["```mermaid", "erDiagram"]
    for model in sorted(models, key=lambda m: names[m.qualified]):
        attributes = _attributes(model, holding)
        if attributes:
            lines.append(f"    {names[model.qualified]} {{")
            lines += [f"        {a}" for a in attributes]
            lines.append("    }")
        else:
            lines.append(f"    {names[model.qualified]}")
    for qualified in externals:
        lines.append(f"    {names[qualified]}")
    for source, target, cardinality, field in sorted(
        edges, key=lambda e: (names[e[0]], e[3], names[e[1]])
    ):
        lines.append(f'    {names[source]} {_NOTATION[cardinality]} {names[target]} : "{field}"')
    lines.append("```")
    text = "\n".join(lines)
    left = len(drawn) - len(models)
    if left > 0:
        text += (
            f"\n\nThe diagram draws the {DIAGRAM_LIMIT} most connected of "
            f"{plural(len(drawn), 'stored model')}; {plural(left, 'model')} "
            f"{'is' if left == 1 else 'are'} left out (the full list is in the JSON model, "
            "`archscribe scan --format json`)."
        )
    if externals:
        text += (
            "\n\n"
            + "Drawn without fields, defined outside the repository: "
            + ", ".join(code(q) for q in externals)
            + "."
        )
    return text


def _edges(
    drawn: Sequence[DataModel],
    relations: Sequence[DataRelation],
    by_qualified: dict[str, DataModel],
) -> list[tuple[str, str, str, str]]:
    """(source, target, cardinality, field) for each relation between drawn models (or to a
    model outside the repository), an abstract model's drawn from each model deriving from it;
    a relation seen from both sides is drawn once, from the side holding the key."""
    drawn_names = {m.qualified for m in drawn}
    heirs: dict[str, list[str]] = defaultdict(list)
    for model in drawn:
        for base in model.bases:
            heirs[base].append(model.qualified)
    order = {"many-to-one": 0, "one-to-one": 1, "many-to-many": 2, "one-to-many": 3}
    found: list[tuple[str, str, str, str]] = []
    pairs: set[tuple[str, str, str]] = set()
    for relation in sorted(
        relations, key=lambda r: (order[r.cardinality], r.source, r.field, r.target)
    ):
        if not relation.resolved:
            continue
        target = relation.target
        if target not in drawn_names and target in by_qualified:
            continue  # an abstract or test model, or a schema
        sources = (
            heirs.get(relation.source, [])
            if relation.source not in drawn_names
            else [relation.source]
        )
        for source in sources:
            if relation.cardinality == "one-to-many" and (target, source, "many-to-one") in pairs:
                continue
            if (
                relation.cardinality in ("one-to-one", "many-to-many")
                and (target, source, relation.cardinality) in pairs
            ):
                continue
            pairs.add((source, target, relation.cardinality))
            found.append((source, target, relation.cardinality, relation.field))
    return sorted(found, key=lambda e: (e[0], e[3], e[1]))


def _entity_names(models: Sequence[tuple[str, str]]) -> dict[str, str]:
    """A Mermaid-safe entity name for each (qualified, label): the label's, or the qualified
    name's where two labels would read alike."""
    plain = {q: _safe(label) for q, label in models}
    counts: dict[str, int] = defaultdict(int)
    for name in plain.values():
        counts[name] += 1
    return {q: name if counts[name] == 1 else _safe(q) for q, name in plain.items()}


def _attributes(model: DataModel, holding: set[tuple[str, str]]) -> list[str]:
    ordered = sorted(model.fields, key=lambda f: not f.key)[:_ATTRIBUTES_DRAWN]
    drawn: list[str] = []
    for field in ordered:
        marks = [
            m
            for m, on in (("PK", field.key), ("FK", (model.qualified, field.name) in holding))
            if on
        ]
        drawn.append(
            f"{_type(field.type)} {_safe(field.name)}" + (f" {', '.join(marks)}" if marks else "")
        )
    return drawn


def _type(text: str) -> str:
    """A type as one Mermaid word: ``str | None`` is ``str``, ``String(255)`` ``String``."""
    alternatives = [p.strip() for p in text.split("|") if p.strip() not in ("", "None")]
    first = alternatives[0] if alternatives else text
    first = re.sub(r"^(typing\.)?Optional\[(.*)\]$", r"\2", first)
    return _safe(first.strip('"').partition("[")[0].rpartition(".")[2]) or "field"


def _safe(text: str) -> str:
    safe = _UNSAFE.sub("_", text).strip("_")
    return f"E_{safe}" if safe[:1].isdigit() else safe or "E"
