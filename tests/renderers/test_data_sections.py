"""The Data Models section: a summary, the stored models by component with fields and
relations, schemas and records in brief, and a Mermaid erDiagram, from hand-built models."""

from __future__ import annotations

import re
from dataclasses import replace

from archscribe.model.architecture import Architecture, Overview, SystemKind
from archscribe.model.evidence import Evidence
from archscribe.model.semantics import (
    CodeSemantics,
    DataField,
    DataModel,
    DataRelation,
    Migrations,
)
from archscribe.renderers.data_sections import DIAGRAM_LIMIT, data_models_section


def _arch(semantics: CodeSemantics) -> Architecture:
    overview = Overview("x", None, "", None, SystemKind.WEB_APPLICATION, (), (), 0, 0, 0)
    return Architecture(1, overview, (), (), (), (), (), (), (), (), semantics=semantics)


def _model(
    label: str,
    component: str = "checks",
    kind: str = "table",
    line: int = 1,
    technology: str = "Django ORM",
    **extra: object,
) -> DataModel:
    name = label.rpartition(".")[2]
    return DataModel(
        name=name,
        qualified=f"{component}.models.{name}",
        label=label,
        technology=technology,
        kind=kind,
        component=component,
        evidence=Evidence(f"{component}/models.py", line),
        **extra,  # type: ignore[arg-type]
    )


def _relation(
    source: DataModel, target: str, field: str, cardinality: str, resolved: bool = True
) -> DataRelation:
    evidence = Evidence(source.evidence.path, 9)
    return DataRelation(source.qualified, target, field, cardinality, evidence, resolved)


TEAM = _model(
    "accounts.Team",
    "accounts",
    line=3,
    fields=(DataField("id", "BigAutoField", 4, key=True), DataField("name", "CharField", 5)),
)
STAMPED = _model("checks.Stamped", abstract=True, line=2)
CHECK = _model(
    "checks.Check",
    line=10,
    table="monitor_check",
    bases=(STAMPED.qualified,),
    fields=tuple(DataField(f"f{n}", "CharField", 11 + n) for n in range(8)),
)
PING = _model("checks.Ping", line=30, fields=(DataField("owner", "ForeignKey", 31),))
SCHEMA = _model("CheckIn", "api", kind="schema", technology="Pydantic", line=5)
RECORD = _model("Window", "checks", kind="record", technology="dataclass", line=50)
FAKE = _model("checks.Fake", "", line=7, test=True)
SEMANTICS = CodeSemantics(
    models=(TEAM, STAMPED, CHECK, PING, SCHEMA, RECORD, FAKE),
    relations=(
        _relation(CHECK, TEAM.qualified, "team", "many-to-one"),
        _relation(PING, CHECK.qualified, "owner", "many-to-one"),
        _relation(CHECK, PING.qualified, "pings", "one-to-many"),  # the same, seen back
        _relation(STAMPED, "django.contrib.auth.models.User", "author", "many-to-one"),
        _relation(PING, "Elsewhere", "other", "many-to-one", resolved=False),
        _relation(FAKE, CHECK.qualified, "check", "many-to-one"),
    ),
    migrations=(Migrations("Django", "checks/migrations", 4),),
)


def test_the_summary_counts_only_the_systems_concrete_models() -> None:
    text = data_models_section(_arch(SEMANTICS))
    first = text.splitlines()[0]
    assert first == (
        "3 models stored in database tables (Django ORM) in 2 components; "
        "1 abstract base model; 1 schema (Pydantic); 1 record (dataclass); "
        "migrations: Django in `checks/migrations` (4 files)."
    )
    assert "Found only in tests, not counted: `checks.Fake` (`/models.py:7`)." in text


def test_stored_models_are_listed_by_component_with_fields_and_relations() -> None:
    text = data_models_section(_arch(SEMANTICS))
    assert "**`accounts`**" in text and "**`checks`**" in text
    assert text.index("**`accounts`**") < text.index("**`checks`**")
    assert (
        "- `accounts.Team` (`accounts/models.py:3`): `id` BigAutoField (key), `name` CharField"
        in text
    )
    check_line = next(line for line in text.splitlines() if line.startswith("- `checks.Check`"))
    assert "table `monitor_check`" in check_line
    assert "`f5` CharField and 2 more" in check_line and "`f6`" not in check_line
    assert check_line.endswith("; inherits `checks.Stamped`")
    assert "  - → `accounts.Team` via `team`: many-to-one (`checks/models.py:9`)" in text
    assert "- `checks.Stamped` (`checks/models.py:2`), abstract base" in text
    assert "→ `django.contrib.auth.models.User` (outside the repository)" in text
    assert "→ `Elsewhere` (not resolved to a model of the repository)" in text
    assert "- `api`: `CheckIn` (`api/models.py:5`)" in text
    assert "- `checks`: `Window` (`checks/models.py:50`)" in text
    assert "via `check`" not in text  # the test model's relation


def test_the_diagram_draws_stored_models_once_per_relation() -> None:
    text = data_models_section(_arch(SEMANTICS))
    diagram = text[text.index("```mermaid") :]
    assert diagram.startswith("```mermaid\nerDiagram\n")
    assert (
        "    accounts_Team {\n        BigAutoField id PK\n        CharField name\n    }" in diagram
    )
    assert "        ForeignKey owner FK" in diagram
    assert '    checks_Check }o--|| accounts_Team : "team"' in diagram
    assert '    checks_Ping }o--|| checks_Check : "owner"' in diagram
    assert '"pings"' not in diagram  # the one-to-many side of owner is not drawn again
    # the abstract model's relation is drawn from the model deriving from it
    assert '    checks_Check }o--|| User : "author"' in diagram
    assert "Elsewhere" not in diagram
    for absent in ("checks_Stamped", "checks_Fake", "CheckIn", "Window"):
        assert absent not in diagram
    entities = re.findall(r"^    (\w+)(?: \{)?$", diagram, re.MULTILINE)
    assert entities == [*sorted(entities[:-1]), "User"]  # external entities last


def test_cardinalities_use_mermaid_notation_and_names_are_made_safe() -> None:
    a = _model("shop.Order-Line", "shop", technology="SQLAlchemy", line=1)
    b = _model("Tag", "shop", technology="SQLAlchemy", line=2)
    c = _model("Tag", "blog", technology="SQLAlchemy", line=3)
    semantics = CodeSemantics(
        models=(a, b, c),
        relations=(
            _relation(a, b.qualified, "tags", "many-to-many"),
            _relation(b, a.qualified, "lines", "many-to-many"),  # the same, seen back
            _relation(a, c.qualified, "blog_tag", "one-to-one"),
            _relation(c, a.qualified, "line", "one-to-many"),
        ),
    )
    diagram = data_models_section(_arch(semantics))
    assert '    shop_Order_Line }o--o{ shop_models_Tag : "tags"' in diagram
    assert '"lines"' not in diagram
    assert '    shop_Order_Line ||--|| blog_models_Tag : "blog_tag"' in diagram
    assert '    blog_models_Tag ||--o{ shop_Order_Line : "line"' in diagram


def test_a_large_schema_draws_the_most_connected_models() -> None:
    hub = _model("core.Hub", "core", line=1)
    others = [_model(f"core.M{n:02}", "core", line=n + 2) for n in range(DIAGRAM_LIMIT + 4)]
    relations = tuple(_relation(m, hub.qualified, "hub", "many-to-one") for m in others[:3])
    text = data_models_section(_arch(CodeSemantics(models=(hub, *others), relations=relations)))
    diagram = text[text.index("```mermaid") :]
    drawn = re.findall(r"^    (core_\w+)$", diagram, re.MULTILINE)
    assert len(drawn) == DIAGRAM_LIMIT
    assert {"core_Hub", "core_M00", "core_M01", "core_M02"} <= set(drawn)
    assert f"The diagram draws the {DIAGRAM_LIMIT} most connected of 35 stored models; " in text
    assert "5 models are left out (the full list is in the JSON model" in text


def test_nothing_found_says_what_was_looked_for_and_counts_test_models() -> None:
    assert data_models_section(_arch(CodeSemantics())) == (
        "Not detected: looked for Django, SQLAlchemy, SQLModel, Peewee, Tortoise, MongoEngine, "
        "Beanie and ODMantic models, Pydantic schemas, dataclasses and attrs records in the "
        "Python source."
    )
    only_tests = data_models_section(_arch(CodeSemantics(models=(FAKE, FAKE))))
    assert only_tests.startswith("Not detected: looked for")
    assert only_tests.endswith("2 models found only in tests are not counted.")


def test_schemas_alone_draw_no_diagram_and_the_output_is_stable() -> None:
    semantics = CodeSemantics(models=(SCHEMA, RECORD))
    text = data_models_section(_arch(semantics))
    assert text.startswith(
        "1 schema (Pydantic); 1 record (dataclass). Not detected: models stored in a database: "
        "looked for Django, SQLAlchemy, SQLModel tables, Peewee"
    )
    assert "```mermaid" not in text and "migrations:" not in text
    reordered = replace(
        SEMANTICS,
        models=tuple(reversed(SEMANTICS.models)),
        relations=tuple(reversed(SEMANTICS.relations)),
    )
    assert data_models_section(_arch(reordered)) == data_models_section(_arch(SEMANTICS))


def test_tables_and_documents_are_counted_apart() -> None:
    table = _model("Order", "shop", technology="SQLAlchemy", table="orders")
    documents = tuple(
        _model(name, "shop", kind="document", technology="Beanie", line=n)
        for n, name in enumerate(("Cart", "Event"), start=2)
    )
    text = data_models_section(_arch(CodeSemantics(models=(table, *documents))))
    assert text.splitlines()[0] == (
        "1 model stored in a database table (SQLAlchemy) and 2 documents stored in a document "
        "database (Beanie) in 1 component; migrations: none found (looked for Django "
        "`migrations/NNNN_*.py` files and Alembic `versions/` folders)."
    )
    assert "- `Order` (`shop/models.py:1`), SQLAlchemy, table `orders`" in text
    assert "- `Cart` (`shop/models.py:2`), Beanie" in text
