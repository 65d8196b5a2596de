"""Data models: which classes are models (through imports, never by name alone), their fields,
their relations with targets resolved, migrations folders and links between components."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse

from archscribe.model.architecture import Architecture
from archscribe.model.semantics import DataModel

DJANGO_SETTINGS = """
INSTALLED_APPS = [
    "django.contrib.auth",
    "accounts.apps.AccountsConfig",
    "checks",
]
AUTH_USER_MODEL = "people.Person"
"""
ACCOUNTS_APPS = """
from django.apps import AppConfig

class AccountsConfig(AppConfig):
    name = "accounts"
    label = "people"
"""
ACCOUNTS_MODELS = """
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

class Person(AbstractUser):
    phone = models.CharField(max_length=20)

class Team(models.Model):
    id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)

class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    objects = models.Manager()
"""
CHECKS_MODELS = """
from django.contrib.auth import get_user_model
from django.db import models

User = get_user_model()

class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

class Channel(TimeStamped):
    team = models.ForeignKey("people.Team", on_delete=models.CASCADE)

class Check(TimeStamped):
    channels = models.ManyToManyField("Channel")
    owner = models.OneToOneField(User, on_delete=models.CASCADE)
    helper = models.ForeignKey(to="Nowhere", on_delete=models.CASCADE)

    class Meta:
        db_table = "monitor_check"
"""


def _django(tmp_path: Path) -> Architecture:
    return analyse(
        tmp_path,
        {
            "site/__init__.py": "",
            "site/settings.py": DJANGO_SETTINGS,
            "accounts/__init__.py": "",
            "accounts/apps.py": ACCOUNTS_APPS,
            "accounts/models.py": ACCOUNTS_MODELS,
            "checks/__init__.py": "",
            "checks/models.py": CHECKS_MODELS,
            "checks/migrations/__init__.py": "",
            "checks/migrations/0001_initial.py": "",
            "checks/migrations/0002_more.py": "",
            "tests/__init__.py": "",
            "tests/test_models.py": """
                from django.db import models

                class FakeCheck(models.Model):
                    name = models.CharField(max_length=5)

                    class Meta:
                        app_label = "checks"
            """,
        },
    )


def _models(arch: Architecture) -> dict[str, DataModel]:
    return {m.label: m for m in arch.semantics.models}


def _relations(arch: Architecture) -> set[tuple[str, str, str, str]]:
    """(source label, field, target label or as written, cardinality)."""
    labels = {m.qualified: m.label for m in arch.semantics.models}
    return {
        (labels[r.source], r.field, labels.get(r.target, r.target), r.cardinality)
        for r in arch.semantics.relations
    }


def test_django_models_are_labelled_by_app_and_their_relations_resolved(tmp_path: Path) -> None:
    arch = _django(tmp_path)
    models = _models(arch)
    assert set(models) == {
        "people.Person",
        "people.Team",
        "people.Membership",
        "checks.TimeStamped",
        "checks.Channel",
        "checks.Check",
        "checks.FakeCheck",
    }
    assert models["checks.TimeStamped"].abstract
    assert models["checks.Channel"].bases == ("checks.models.TimeStamped",)
    assert models["checks.Check"].table == "monitor_check"
    assert models["people.Person"].technology == "Django ORM"
    assert models["people.Person"].kind == "table"
    assert models["checks.FakeCheck"].test and not models["checks.Check"].test
    team = models["people.Team"]
    assert [(f.name, f.type, f.key) for f in team.fields] == [
        ("id", "BigAutoField", True),
        ("name", "CharField", False),
        ("parent", "ForeignKey", False),
    ]
    assert "objects" not in {f.name for f in models["people.Membership"].fields}
    assert _relations(arch) == {
        ("people.Team", "parent", "people.Team", "many-to-one"),  # "self"
        ("people.Membership", "user", "people.Person", "many-to-one"),  # AUTH_USER_MODEL
        ("people.Membership", "team", "people.Team", "many-to-one"),
        ("checks.Channel", "team", "people.Team", "many-to-one"),
        ("checks.Check", "channels", "checks.Channel", "many-to-many"),  # same app
        ("checks.Check", "owner", "people.Person", "one-to-one"),  # get_user_model()
        ("checks.Check", "helper", "Nowhere", "many-to-one"),  # as written
    }
    unresolved = [r for r in arch.semantics.relations if not r.resolved]
    assert [r.target for r in unresolved] == ["Nowhere"]


def test_relations_across_components_are_links_and_migrations_are_counted(
    tmp_path: Path,
) -> None:
    arch = _django(tmp_path)
    links = {(k.source, k.target, k.how, k.evidence.path) for k in arch.semantics.links}
    assert ("checks", "accounts", "relation", "checks/models.py") in links
    assert all(k.source != k.target for k in arch.semantics.links)
    assert [(m.tool, m.path, m.files) for m in arch.semantics.migrations] == [
        ("Django", "checks/migrations", 2)
    ]


def test_sqlalchemy_declarative_models_and_their_foreign_keys(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import ForeignKey, String
                from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

                class Base(DeclarativeBase):
                    pass

                class Stamped(Base):
                    __abstract__ = True
                    created: Mapped[str]

                class User(Stamped):
                    __tablename__ = "users"
                    id: Mapped[int] = mapped_column(primary_key=True)
                    email: Mapped[str | None] = mapped_column(String(255))
                    items: Mapped[list["Item"]] = relationship(back_populates="owner")
                    profile: Mapped["Profile"] = relationship(back_populates="user")

                class Item(Base):
                    __tablename__ = "items"
                    id: Mapped[int] = mapped_column(primary_key=True)
                    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
                    owner: Mapped["User"] = relationship(back_populates="items")

                class Profile(Base):
                    __tablename__ = "profiles"
                    id: Mapped[int] = mapped_column(primary_key=True)
                    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
                    user: Mapped[User] = relationship(back_populates="profile")
            """,
            "app/legacy.py": """
                from sqlalchemy import Column, ForeignKey, Integer, String
                from sqlalchemy.ext.declarative import declarative_base
                from sqlalchemy.orm import relationship

                Legacy = declarative_base()

                class Tag(Legacy):
                    __tablename__ = "tags"
                    id = Column(Integer, primary_key=True)
                    name = Column("tag_name", String(50))

                class Note(Legacy):
                    __tablename__ = "notes"
                    id = Column(Integer, primary_key=True)
                    tag_id = Column(Integer, ForeignKey("tags.id"))
                    tag = relationship("Tag")
                    author_id = Column(Integer, ForeignKey("authors.id"))
            """,
            "alembic/env.py": "",
            "alembic/versions/abc123_first.py": "",
            "alembic/versions/def456_second.py": "",
        },
    )
    models = _models(arch)
    assert set(models) == {"Stamped", "User", "Item", "Profile", "Tag", "Note"}  # not Base
    assert models["Stamped"].abstract and not models["User"].abstract
    assert models["User"].bases == ("app.models.Stamped",)
    assert models["User"].table == "users"
    assert [(f.name, f.type, f.key) for f in models["User"].fields] == [
        ("id", "int", True),
        ("email", "str | None", False),
    ]
    assert [(f.name, f.type) for f in models["Tag"].fields] == [
        ("id", "Integer"),
        ("name", "String"),
    ]
    assert _relations(arch) == {
        ("User", "items", "Item", "one-to-many"),
        ("User", "profile", "Profile", "one-to-one"),  # only Profile holds the key
        ("Item", "owner", "User", "many-to-one"),  # owner_id is not repeated
        ("Profile", "user", "User", "many-to-one"),
        ("Note", "tag", "Tag", "many-to-one"),
        ("Note", "author_id", "authors.id", "many-to-one"),  # no model has that table
    }
    assert [(m.tool, m.path, m.files) for m in arch.semantics.migrations] == [
        ("Alembic", "alembic/versions", 2)
    ]


def test_flask_sqlalchemy_models_through_the_db_object(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
            "shop/models.py": """
                from shop.extensions import db

                order_items = db.Table("order_items")

                class User(db.Model):
                    id = db.Column(db.Integer, primary_key=True)

                class OrderLine(db.Model):
                    id = db.Column(db.Integer, primary_key=True)
                    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
                    user = db.relationship("User", backref="lines")
                    products = db.relationship("Product", secondary=order_items)

                class Product(db.Model):
                    id = db.Column(db.Integer, primary_key=True)
                    line_id = db.Column(db.Integer, db.ForeignKey("order_line.id"))
            """,
        },
    )
    models = _models(arch)
    assert {m.technology for m in models.values()} == {"Flask-SQLAlchemy"}
    assert models["OrderLine"].table == ""  # derived, not set by the code
    assert _relations(arch) == {
        ("OrderLine", "user", "User", "many-to-one"),
        ("OrderLine", "products", "Product", "many-to-many"),
        ("Product", "line_id", "OrderLine", "many-to-one"),  # the snake-case table name
    }
    assert arch.semantics.migrations == ()


def test_sqlmodel_tables_schemas_pydantic_and_records(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                import uuid
                from sqlmodel import Field, Relationship, SQLModel

                class UserBase(SQLModel):
                    email: str

                class User(UserBase, table=True):
                    id: uuid.UUID = Field(primary_key=True)
                    items: list["Item"] = Relationship(back_populates="owner")

                class Item(SQLModel, table=True):
                    id: int = Field(default=None, primary_key=True)
                    owner_id: uuid.UUID = Field(foreign_key="user.id")
                    owner: User | None = Relationship(back_populates="items")
            """,
            "app/schemas.py": """
                from typing import ClassVar
                from pydantic import BaseModel
                from pydantic_settings import BaseSettings

                class ItemIn(BaseModel):
                    title: str
                    registry: ClassVar[dict[str, int]] = {}

                class Settings(BaseSettings):
                    debug: bool = False
            """,
            "app/domain.py": """
                import attr
                from dataclasses import dataclass, field

                @dataclass(frozen=True)
                class Money:
                    amount: int
                    tags: list[str] = field(default_factory=list)

                @attr.s
                class Rating:
                    stars = attr.ib()

                @dataclass
                class _Scratch:
                    x: int
            """,
            "tests/__init__.py": "",
            "tests/test_domain.py": """
                from dataclasses import dataclass
                from pydantic import BaseModel

                @dataclass
                class Case:
                    name: str

                class Payload(BaseModel):
                    title: str
            """,
        },
    )
    models = _models(arch)
    assert set(models) == {"UserBase", "User", "Item", "ItemIn", "Money", "Rating", "Payload"}
    kinds = {label: (m.kind, m.technology) for label, m in models.items()}
    assert kinds["User"] == ("table", "SQLModel")
    assert kinds["UserBase"] == ("schema", "SQLModel")
    assert kinds["ItemIn"] == ("schema", "Pydantic")
    assert kinds["Money"] == ("record", "dataclass")
    assert kinds["Rating"] == ("record", "attrs")
    assert models["Payload"].test  # a test's schema is kept apart; a test's record is not kept
    assert [(f.name, f.type) for f in models["ItemIn"].fields] == [("title", "str")]
    assert [(f.name, f.type) for f in models["Money"].fields] == [
        ("amount", "int"),
        ("tags", "list[str]"),
    ]
    assert [f.name for f in models["Rating"].fields] == ["stars"]
    assert _relations(arch) == {
        ("User", "items", "Item", "one-to-many"),
        ("Item", "owner", "User", "many-to-one"),  # owner_id is not repeated
    }


def test_peewee_tortoise_and_document_models(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "records/__init__.py": "",
            "records/pw.py": """
                from peewee import CharField, ForeignKeyField, Model

                class BaseModel(Model):
                    class Meta:
                        database = None

                class Author(BaseModel):
                    name = CharField()

                class Book(BaseModel):
                    author = ForeignKeyField(Author, backref="books")
                    sequel = ForeignKeyField("self", null=True)
            """,
            "records/tt.py": """
                from tortoise import fields
                from tortoise.models import Model

                class Writer(Model):
                    id = fields.IntField(pk=True)

                    class Meta:
                        table = "writers"

                class Post(Model):
                    writer = fields.ForeignKeyField("models.Writer", related_name="posts")
            """,
            "records/mongo.py": """
                from mongoengine import Document, ListField, ReferenceField, StringField

                class Reader(Document):
                    name = StringField()

                class Club(Document):
                    members = ListField(ReferenceField(Reader))
                    founder = ReferenceField("Reader")
            """,
            "records/bn.py": """
                from beanie import Document, Link

                class Shelf(Document):
                    name: str

                    class Settings:
                        name = "shelves"

                class Loan(Document):
                    shelf: Link[Shelf]
                    extra: list[Link[Shelf]] | None = None
            """,
            "records/om.py": """
                from odmantic import Model, Reference

                class Publisher(Model):
                    name: str

                class Edition(Model):
                    publisher: Publisher = Reference()
            """,
        },
    )
    models = _models(arch)
    assert models["BaseModel"].abstract  # no fields of its own, others derive from it
    assert models["Writer"].table == "writers"
    assert models["Shelf"].table == "shelves"
    assert {m.kind for label, m in models.items() if label in ("Reader", "Loan", "Edition")} == {
        "document"
    }
    assert [(f.name, f.key) for f in models["Writer"].fields] == [("id", True)]
    assert _relations(arch) == {
        ("Book", "author", "Author", "many-to-one"),
        ("Book", "sequel", "Book", "many-to-one"),
        ("Post", "writer", "Writer", "many-to-one"),
        ("Club", "members", "Reader", "many-to-many"),
        ("Club", "founder", "Reader", "many-to-one"),
        ("Loan", "shelf", "Shelf", "many-to-one"),
        ("Loan", "extra", "Shelf", "many-to-many"),
        ("Edition", "publisher", "Publisher", "many-to-one"),
    }


def test_look_alikes_are_no_models(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/local.py": """
                from somewhere import Model as Foreign

                class Model:
                    pass

                def dataclass(cls):
                    return cls

                class Document:
                    pass

                class Fake(Model):
                    name = 1

                @dataclass
                class NotRecord:
                    x: int

                class Page(Document):
                    title: str

                class Other(Foreign):
                    pass
            """,
            "app/orm.py": """
                class Registry:
                    Model = object

                db = Registry()

                class Thing(db.Model):
                    pass
            """,
            "app/real.py": """
                from django.db import models

                def ForeignKey(*args):
                    return args

                class Team(models.Model):
                    name = models.CharField(max_length=5)
                    buddy = ForeignKey("app.Team")
            """,
            "app/ambiguous.py": """
                from sqlalchemy.orm import DeclarativeBase, relationship

                class Base(DeclarativeBase):
                    pass

                class Node(Base):
                    __tablename__ = "nodes"
                    peer = relationship("Peer")
            """,
            "app/peers.py": """
                from pydantic import BaseModel
                from peewee import Model

                class Peer(Model):
                    pass

                class Holder(BaseModel):
                    pass
            """,
            "app/peers2.py": """
                from peewee import Model

                class Peer(Model):
                    pass
            """,
            "app/versions/v1.py": "",
            "tests/__init__.py": "",
            "tests/migrations/0001_initial.py": "",
        },
    )
    models = _models(arch)
    assert set(models) == {"app.Team", "Node", "Peer", "Holder"}
    assert [f.name for f in models["app.Team"].fields] == ["name"]  # a local ForeignKey()
    # two peewee models called Peer, neither of SQLAlchemy: the reference stays unresolved
    assert [(r.target, r.resolved) for r in arch.semantics.relations] == [("Peer", False)]
    assert arch.semantics.migrations == ()  # no env.py beside versions/; tests' migrations
