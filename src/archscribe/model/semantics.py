"""Model: what the code itself says the system does, as the analysis derives it from Python
facts: data models and their relations, outbound calls, security measures, error handling,
resilience patterns, data flows and bottleneck candidates.

Every item holds its evidence; collections are tuples in a stable order. Items found only in
tests (a test's model, a test double's route) are kept apart (``test`` set) and never counted
as the system's.
"""

from __future__ import annotations

from dataclasses import dataclass

from archscribe.model.evidence import Evidence

__all__ = [
    "ApiDescription",
    "Bottleneck",
    "CodeSemantics",
    "CrossComponentLink",
    "DataField",
    "DataFlow",
    "DataModel",
    "DataRelation",
    "ErrorHandler",
    "ExceptionClass",
    "FlowStep",
    "Migrations",
    "OutboundCall",
    "ResiliencePattern",
    "SecurityMeasure",
]


@dataclass(frozen=True, slots=True)
class DataField:
    """One field of a data model: its name and type as the code writes it (``CharField``,
    ``Mapped[int]``, ``str``); ``key`` when it is the primary key."""

    name: str
    type: str
    line: int
    key: bool = False


@dataclass(frozen=True, slots=True)
class DataModel:
    """A data model: an ORM model, a document, a schema or a domain record.

    ``name`` is the class name, ``qualified`` its ``module.Class``; ``label`` how relations
    name it (``app_label.Model`` for Django, the class name elsewhere); ``technology`` the
    library (Django ORM, SQLAlchemy, SQLModel, Pydantic, dataclass, attrs, Peewee, Tortoise
    ORM, MongoEngine, Beanie, ODMantic); ``kind`` one of ``table`` (stored in a database
    table), ``document`` (stored in a document database), ``schema`` (validates data in and
    out) or ``record`` (an in-memory domain record). ``table`` is the storage name when the
    code sets it (``Meta.db_table``, ``__tablename__``).
    """

    name: str
    qualified: str
    label: str
    technology: str
    kind: str
    component: str
    evidence: Evidence
    table: str = ""
    abstract: bool = False
    fields: tuple[DataField, ...] = ()
    bases: tuple[str, ...] = ()  # the data models it inherits from (qualified)
    test: bool = False


@dataclass(frozen=True, slots=True)
class DataRelation:
    """A relation from one data model to another.

    ``cardinality`` is ``many-to-one`` (a foreign key), ``one-to-one``, ``many-to-many`` or
    ``one-to-many`` (a reverse collection, e.g. ``Mapped[list["Item"]]``). ``target`` is the
    qualified name of the model it reaches, or, when that cannot be resolved, the reference as
    written with ``resolved`` unset.
    """

    source: str
    target: str
    field: str
    cardinality: str
    evidence: Evidence
    resolved: bool = True


@dataclass(frozen=True, slots=True)
class Migrations:
    """A migrations folder: evidence of where and how the schema is kept (Alembic, Django)."""

    tool: str
    path: str
    files: int


@dataclass(frozen=True, slots=True)
class CrossComponentLink:
    """A dependency between components that is not an import: a model relation, a task sent
    by name, a URL ``include`` by module name."""

    source: str
    target: str
    how: str  # relation, include, task
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class OutboundCall:
    """A call that leaves the system: an HTTP request, an SDK client, an e-mail sent.

    ``target`` is the host (``api.stripe.com``) when a literal, an f-string's literal prefix or
    a settings constant says so, the service an SDK reaches (``AWS S3``, ``Twilio``), or ``""``
    when the destination is computed. ``client`` is the library (requests, httpx, boto3…);
    ``kind`` ``http``, ``sdk`` or ``mail``. ``timeout`` is ``set``, ``missing`` or ``""``
    when the call takes none (an SDK's own defaults).
    """

    target: str
    client: str
    kind: str
    component: str
    function: str
    evidence: Evidence
    timeout: str = ""
    in_async: bool = False


@dataclass(frozen=True, slots=True)
class SecurityMeasure:
    """A security measure the code or settings show.

    ``layer`` is ``transport``, ``application`` or ``data``; ``area`` one of
    ``authentication``, ``authorization``, ``session``, ``hashing``, ``transport``,
    ``headers``, ``cors``, ``csrf``, ``hosts``, ``secrets``; ``what`` says it in a few words
    (``Token authentication (Django REST framework)``, ``HSTS for 31536000 s``).
    """

    layer: str
    area: str
    what: str
    evidence: Evidence
    technology: str = ""


@dataclass(frozen=True, slots=True)
class ExceptionClass:
    """An exception class the system defines, with its base as written and resolved."""

    name: str
    qualified: str
    base: str  # qualified when it is the system's own, else as written (``Exception``)
    component: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ErrorHandler:
    """Code that turns errors into responses: ``@app.errorhandler(404)``,
    ``@app.exception_handler(DomainError)``, Django's ``handler500``, DRF's
    ``EXCEPTION_HANDLER``.

    ``handles`` is the status code or exception as written; ``side`` ``client`` (4xx, or an
    exception the code maps to one), ``server`` (5xx) or ``any``.
    """

    handles: str
    side: str
    technology: str
    function: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ResiliencePattern:
    """A resilience measure: ``retry``, ``circuit-breaker``, ``timeout``, ``fallback`` or
    ``error-tracking``; ``what`` says it in a few words, ``technology`` the library."""

    kind: str
    what: str
    technology: str
    component: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class FlowStep:
    """One step of a data flow, with its evidence."""

    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DataFlow:
    """A path from an entry point (route, task, command, consumer) through the components it
    reaches to data models, storage and external services; ``reach`` counts what it covers."""

    name: str
    entry: str
    steps: tuple[FlowStep, ...]
    reach: int = 0


@dataclass(frozen=True, slots=True)
class Bottleneck:
    """A bottleneck candidate, never a verdict: ``blocking-in-async``, ``no-timeout``,
    ``query-in-loop``; ``what`` names the call and where it stands, ``function`` the function
    it stands in (``Class.method``)."""

    kind: str
    what: str
    component: str
    evidence: Evidence
    function: str = ""


@dataclass(frozen=True, slots=True)
class ApiDescription:
    """An API description file of the system (OpenAPI, Swagger, AsyncAPI, protobuf, GraphQL):
    its operations as it writes them, and the component beside whose code it stands (``""``
    when none)."""

    kind: str
    title: str
    evidence: Evidence
    component: str = ""
    version: str = ""
    operations: tuple[tuple[str, int], ...] = ()  # (operation, line)


@dataclass(frozen=True, slots=True)
class CodeSemantics:
    """Everything above, for one repository."""

    models: tuple[DataModel, ...] = ()
    relations: tuple[DataRelation, ...] = ()
    migrations: tuple[Migrations, ...] = ()
    links: tuple[CrossComponentLink, ...] = ()
    outbound: tuple[OutboundCall, ...] = ()
    security: tuple[SecurityMeasure, ...] = ()
    exceptions: tuple[ExceptionClass, ...] = ()
    error_handlers: tuple[ErrorHandler, ...] = ()
    resilience: tuple[ResiliencePattern, ...] = ()
    flows: tuple[DataFlow, ...] = ()
    bottlenecks: tuple[Bottleneck, ...] = ()
    api_descriptions: tuple[ApiDescription, ...] = ()
