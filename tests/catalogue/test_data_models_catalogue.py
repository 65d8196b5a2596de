"""The data-model catalogue: model bases, record decorators, relation calls and migrations
folders as data, and a malformed part of it named in the error."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from archscribe.catalogue import read_toml
from archscribe.catalogue.data_models import (
    CARDINALITIES,
    KINDS,
    SOURCE,
    model_knowledge,
    parse_model_knowledge,
)
from archscribe.errors import InternalError


def test_the_shipped_file_loads_with_every_family() -> None:
    knowledge = model_knowledge()
    assert knowledge.by_base["django.db.models.Model"].technology == "Django ORM"
    assert knowledge.by_root["sqlalchemy.orm.DeclarativeBase"].technology == "SQLAlchemy"
    assert knowledge.by_factory["sqlalchemy.orm.declarative_base"].kind == "table"
    family, attribute = knowledge.by_instance["flask_sqlalchemy.SQLAlchemy"]
    assert (family.technology, attribute) == ("Flask-SQLAlchemy", "Model")
    assert knowledge.by_base["sqlmodel.SQLModel"].table_keyword == "table"
    assert knowledge.by_base["pydantic.BaseModel"].kind == "schema"
    assert knowledge.by_decorator["dataclasses.dataclass"].kind == "record"
    assert knowledge.by_decorator["attrs.define"].technology == "attrs"
    # technologies not given in the file come from the technology catalogue
    assert knowledge.by_base["tortoise.models.Model"].technology == "Tortoise ORM"
    assert knowledge.by_base["beanie.Document"].kind == "document"
    assert "pydantic_settings.BaseSettings" in knowledge.skip
    assert all(f.kind in KINDS and f.technology for f in knowledge.families)


def test_relations_keys_and_migrations_are_known() -> None:
    knowledge = model_knowledge()
    assert knowledge.relations["django.db.models.ForeignKey"].cardinality == "many-to-one"
    assert knowledge.relations["django.db.models.ForeignKey"].keywords == ("to",)
    assert knowledge.relations["sqlalchemy.ForeignKey"].target == "table"
    assert knowledge.relations["sqlalchemy.orm.relationship"].cardinality == ""
    assert not knowledge.relations["sqlalchemy.orm.relationship"].field
    assert not knowledge.relations["sqlmodel.Field"].positional
    assert all(r.cardinality in CARDINALITIES | {""} for r in knowledge.relations.values())
    assert knowledge.annotations["beanie.Link"] == "many-to-one"
    assert "mongoengine.ListField" in knowledge.containers
    assert {"primary_key", "pk"} <= knowledge.key_keywords
    assert knowledge.columns["sqlalchemy.orm.mapped_column"] == "annotation"
    assert knowledge.apps.builtin["auth.User"] == "django.contrib.auth.models.User"
    assert "django.conf.settings.AUTH_USER_MODEL" in knowledge.apps.user_model_references
    tools = {t.tool: t for t in knowledge.migrations}
    assert tools["Django"].files.match("0001_initial.py")
    assert not tools["Django"].files.match("helpers.py")
    assert tools["Alembic"].files.match("abc123_create_users.py")
    assert not tools["Alembic"].files.match("__init__.py")


def _document() -> dict[str, Any]:
    return copy.deepcopy(read_toml(SOURCE))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["families"]["django"].update(kind="view"), r"families\.django"),
        (lambda d: d["families"]["django"].update(fields="some"), r"families\.django"),
        (lambda d: d["families"]["django"].update(bases="x"), r"families\.django"),
        (lambda d: d["families"]["django"].update(extra=1), r"families\.django.*extra"),
        (lambda d: d["families"]["peewee"].update(bases=["nowhere.Model"]), r"peewee"),
        (lambda d: d["families"]["attrs"].update(decorators=[]), r"families\.attrs"),
        (
            lambda d: d["families"]["pydantic"]["bases"].append("django.db.models.Model"),
            r"django\.db\.models\.Model",
        ),
        (
            lambda d: d["relations"]["peewee.ForeignKeyField"].update(cardinality="many"),
            r"peewee\.ForeignKeyField",
        ),
        (
            lambda d: d["relations"]["peewee.ForeignKeyField"].update(target="there"),
            r"peewee\.ForeignKeyField",
        ),
        (
            lambda d: d["relations"]["peewee.ForeignKeyField"].update(field="no"),
            r"peewee\.ForeignKeyField",
        ),
        (lambda d: d["annotations"].update({"beanie.Link": "lots"}), r"beanie\.Link"),
        (lambda d: d["fields"]["columns"].update({"x.Column": "type"}), r"x\.Column"),
        (lambda d: d["fields"].pop("self_reference"), r"self_reference"),
        (lambda d: d["apps"].pop("installed_apps"), r"installed_apps"),
        (lambda d: d["migrations"][0].update(files="(unclosed"), r"migrations"),
        (lambda d: d.pop("migrations"), r"migrations"),
        (lambda d: d.pop("skip"), r"skip"),
    ],
)
def test_a_malformed_part_names_itself(change: Any, named: str) -> None:
    document = _document()
    change(document)
    with pytest.raises(InternalError, match=named):
        parse_model_knowledge(document)
