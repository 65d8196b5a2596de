"""Model: the architecture of one repository, as analysis derives it from facts.

Every claim holds its evidence. Collections are tuples in a stable order, so two runs on the same
input compare and serialise identically.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from archscribe.model.evidence import Evidence
from archscribe.model.facts import LanguageStat, ScanProblem
from archscribe.model.semantics import CodeSemantics

SCHEMA_VERSION = 1


class CodeRole(StrEnum):
    """What a file is for; only ``source`` code makes up the system's components."""

    SOURCE = "source"
    TEST = "test"
    EXAMPLE = "example"
    DOCS = "docs"
    MIGRATION = "migration"
    VENDORED = "vendored"
    GENERATED = "generated"
    BENCH = "benchmark"
    SCRIPT = "script"  # in scripts/, tools/, bin/, or manage.py
    BUILD = "build"  # setup.py, noxfile.py, docs conf.py and other tooling


class SystemKind(StrEnum):
    """The kind of system, from what the repository deploys or ships."""

    LIBRARY = "library"
    CLI = "command-line tool"
    WEB_APPLICATION = "web application"
    WORKER = "worker"
    MULTI_SERVICE = "repository of several deployables"
    SCRIPTS = "collection of scripts"
    UNKNOWN = "unknown"


class EntryPointKind(StrEnum):
    """How the system is started."""

    CONSOLE_SCRIPT = "console script"
    GUI_SCRIPT = "gui script"
    MAIN_MODULE = "__main__ module"
    MAIN_GUARD = "script with a __main__ guard"
    MANAGE_PY = "Django manage.py"
    WSGI = "WSGI application"
    ASGI = "ASGI application"
    WEB_APP = "web application object"
    WORKER = "worker application"
    CLI_APP = "command-line application object"


@dataclass(frozen=True, slots=True)
class Reason:
    """A statement with the evidence that supports it."""

    text: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Module:
    """One Python module (a file) with its dotted name and role."""

    name: str
    path: str
    role: CodeRole
    component: str = ""  # empty for modules outside every component
    is_package: bool = False  # an ``__init__.py``
    code_lines: int = 0
    docstring: str = ""


@dataclass(frozen=True, slots=True)
class ImportEdge:
    """A resolved import between two modules of the repository."""

    source: str
    target: str
    path: str
    line: int
    context: str  # top_level, function, type_checking, try_except


@dataclass(frozen=True, slots=True)
class ComponentDependency:
    """``source`` imports ``target``: how many import statements, and the first few of them."""

    source: str
    target: str
    imports: int
    evidence: tuple[Evidence, ...] = ()
    type_checking_only: bool = False


@dataclass(frozen=True, slots=True)
class ExternalUse:
    """A third-party distribution (or a top-level import name not mapped to one) a part uses."""

    distribution: str
    import_name: str
    imports: int
    evidence: tuple[Evidence, ...] = ()
    declared: bool = False  # named in a manifest
    optional: bool = False  # every import of it is guarded by ``except ImportError``


@dataclass(frozen=True, slots=True)
class Interface:
    """How other parts reach a component: public names, console scripts, entry points."""

    # public-api, console-script, entry-point, main-module, http-route, websocket, cli-command,
    # task, schedule, signal, consumer, grpc, graphql, api-spec
    kind: str
    name: str
    evidence: Evidence
    detail: str = ""  # what serves it (the view, task function, handler), in a few words


@dataclass(frozen=True, slots=True)
class Component:
    """A part of the system: one or more paths of source code that belong together."""

    name: str
    paths: tuple[str, ...]
    modules: int
    code_lines: int
    purpose: str = ""
    purpose_evidence: Evidence | None = None
    package_init: str = ""  # the ``__init__.py`` that speaks for the component, if any
    configured: bool = False  # declared in [tool.archscribe] components
    layer: int = 0  # 0 is the top (depends on others, nothing depends on it)
    dependencies: tuple[ComponentDependency, ...] = ()
    externals: tuple[ExternalUse, ...] = ()
    interfaces: tuple[Interface, ...] = ()
    stdlib: tuple[str, ...] = ()  # standard-library modules it imports (top-level names)


@dataclass(frozen=True, slots=True)
class Cycle:
    """Components that import each other, with the imports that close the cycle."""

    components: tuple[str, ...]
    closing_imports: tuple[ComponentDependency, ...]


@dataclass(frozen=True, slots=True)
class ImportHub:
    """A module of the system that many of its other modules import."""

    module: str
    path: str
    importers: int


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """A way the system is started."""

    kind: EntryPointKind
    name: str
    target: str
    evidence: Evidence
    component: str = ""
    technology: str = ""  # Flask, Django, Celery… when a framework object starts it
    missing: str = ""  # what the target names that the repository lacks, if anything


@dataclass(frozen=True, slots=True)
class ExternalDependency:
    """A third-party distribution: whether a manifest declares it, and who imports it."""

    distribution: str
    import_names: tuple[str, ...]
    declared_in: tuple[Evidence, ...]
    groups: tuple[str, ...]  # runtime, dev, test, optional:<extra>
    specifier: str
    used_by: tuple[str, ...]  # components
    imports: int
    first_import: Evidence | None = None
    technology: str = ""  # the catalogue's name for it ("" when the catalogue does not know it)
    category: str = ""  # web framework, database driver, testing…
    tooling: bool = False  # a category that never runs in production (tests, linters, builds)
    reaches: str = ""  # what a client library connects to (psycopg reaches PostgreSQL)
    ecosystem: str = "python"  # python, npm, go, cargo, maven, rubygems
    locked: str = ""  # the version a lock file pins, when one does


@dataclass(frozen=True, slots=True)
class DeployImage:
    """A container image the system is built from (the final stage of a Dockerfile)."""

    reference: str
    technology: str  # what the catalogue knows the image to be ("" when it does not)
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DeployProcess:
    """A process a deployment file starts: a Dockerfile's CMD or ENTRYPOINT, a Procfile line."""

    name: str
    program: str
    technology: str  # Gunicorn, Uvicorn, Celery… ("" when the catalogue does not know it)
    workers: int
    command: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class UseSource:
    """One piece of evidence that the system uses a technology.

    ``kind`` says what kind of evidence: ``dependency`` (a declared or imported client library,
    ``name`` its distribution), ``setting`` (a Python setting, ``name`` its dotted path),
    ``env`` (an environment variable whose URL scheme names it), ``service`` (a compose,
    Kubernetes or platform service running its image, ``name`` the service), ``ci-service`` (a
    CI job's service container), ``terraform`` (a resource, ``name`` ``type.label``),
    ``platform`` (a platform file), ``managed`` (a managed database or cache a platform file
    declares, such as a render.yaml database), ``provider``
    (a Terraform or serverless provider), ``chart`` (a Helm chart dependency),
    ``cloudformation`` (a CloudFormation resource in serverless.yml), ``setting-url`` (a
    Python setting whose URL's scheme names it).
    ``environment`` is the deployment environment the evidence belongs to (``production``,
    ``development``, ``staging``, ``test``), empty when it is not specific to one.
    """

    kind: str
    name: str
    evidence: Evidence
    detail: str = ""  # the image, the setting's value or the URL scheme, as written
    environment: str = ""
    test_only: bool = False


@dataclass(frozen=True, slots=True)
class TechnologyUse:
    """A technology the system relies on, with every piece of evidence that says so.

    ``test_only`` is true when every source is a test's or CI's (a CI service container, a test
    compose file, a test dependency): such a technology is test infrastructure, never
    production storage. ``components`` are the components that reach it (they import its
    client library or hold the setting that names it).
    """

    technology: str
    category: str
    sources: tuple[UseSource, ...]
    components: tuple[str, ...] = ()
    test_only: bool = False


@dataclass(frozen=True, slots=True)
class Service:
    """A unit the infrastructure files run: a compose service, a Kubernetes workload, a
    platform service (render, fly, App Engine, a serverless function), a CI service container.

    ``talks_to`` names the other services it reaches, with the setting that says so: a
    ``depends_on`` entry, or an environment variable whose URL names the service as its host.
    """

    name: str
    kind: str
    source: str  # the file kind: compose, kubernetes, render, fly, app-engine, serverless…
    evidence: Evidence
    image: str = ""
    technology: str = ""  # what the catalogue knows the image to be
    built: bool = False  # built from the repository rather than pulled
    replicas: int = 0
    ports: tuple[int, ...] = ()
    talks_to: tuple[tuple[str, str], ...] = ()  # (service, how: depends_on or VARIABLE)
    schedule: str = ""
    environment: str = ""
    test_only: bool = False


@dataclass(frozen=True, slots=True)
class ScalingRule:
    """How one unit scales: a fixed replica count, an autoscaler's bounds or a worker count."""

    target: str
    kind: str  # replicas, autoscaler, workers
    minimum: int
    maximum: int
    evidence: Evidence


# The catalogue's categories of technology the system stores data in, talks to or reports to,
# grouped as the document's sections use them.
STORAGE_CATEGORIES = ("database", "object storage", "search")
CACHE_CATEGORIES = ("cache",)
BROKER_CATEGORIES = ("message broker",)
API_CATEGORIES = (
    "payments api",
    "email api",
    "sms api",
    "chat api",
    "maps api",
    "llm api",
    "other third-party api",
)
MONITORING_CATEGORIES = (
    "monitoring: error tracking",
    "monitoring: metrics",
    "monitoring: tracing",
    "monitoring: logging",
)
STACK_CATEGORIES = frozenset(
    {
        *STORAGE_CATEGORIES,
        *CACHE_CATEGORIES,
        *BROKER_CATEGORIES,
        *API_CATEGORIES,
        *MONITORING_CATEGORIES,
    }
)
"""What a :class:`TechnologyUse` is recorded for; frameworks, libraries and tooling are the
Technology Choices table's."""

ENVIRONMENTS = ("development", "staging", "production", "test")
"""The normalised deployment environments, in the order the document lists them."""


@dataclass(frozen=True, slots=True)
class EnvironmentTrace:
    """Evidence that the system has a deployment environment: a settings module, an env file,
    a compose file, a CI deploy job, a Kubernetes overlay or namespace, a platform file.

    ``name`` is normalised (``development``, ``staging``, ``production``, ``test``) or the
    name as written when it is none of those.
    """

    name: str
    what: str  # settings module, env file, compose file, CI deploy job, overlay, namespace…
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Proxy:
    """A route into the system: a location an nginx server block passes to an upstream, or
    a Kubernetes Ingress rule's host and path and the service it sends them to."""

    location: str
    target: str  # the upstream or host it passes to
    servers: tuple[str, ...]  # the upstream's servers (``web:8000``), when the file lists them
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Backup:
    """Something that backs data up: a scheduled job running a dump, a backup script, a
    managed-backup setting."""

    what: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Deployment:
    """How the system is packaged, started, hosted and scaled, and the environments it runs in,
    as its Dockerfiles, Procfiles and infrastructure files say."""

    images: tuple[DeployImage, ...] = ()
    processes: tuple[DeployProcess, ...] = ()
    ports: tuple[tuple[int, Evidence], ...] = ()
    files: tuple[str, ...] = ()  # the system's deployment files, read or not yet read
    unread: tuple[str, ...] = ()  # those of them archscribe has no reader for yet
    services: tuple[Service, ...] = ()
    scaling: tuple[ScalingRule, ...] = ()
    environments: tuple[EnvironmentTrace, ...] = ()
    platforms: tuple[TechnologyUse, ...] = ()  # hosting: platforms, orchestrators, clouds
    backups: tuple[Backup, ...] = ()
    deploy_steps: tuple[tuple[str, str, Evidence], ...] = ()  # (tool, environment, evidence)
    proxies: tuple[Proxy, ...] = ()


@dataclass(frozen=True, slots=True)
class SetAside:
    """Code that is not part of the system's components (tests, examples, docs, migrations…)."""

    role: CodeRole
    paths: tuple[str, ...]
    files: int
    code_lines: int


@dataclass(frozen=True, slots=True)
class Overview:
    """What the system is, in the words the evidence allows."""

    name: str
    name_evidence: Evidence | None
    description: str
    description_evidence: Evidence | None
    kind: SystemKind
    kind_reasons: tuple[Reason, ...]
    languages: tuple[LanguageStat, ...]
    python_files: int
    python_code_lines: int
    total_files: int


@dataclass(frozen=True, slots=True)
class Architecture:
    """The architecture model of one repository; ``archscribe schema`` publishes its shape."""

    schema_version: int
    overview: Overview
    components: tuple[Component, ...]
    cycles: tuple[Cycle, ...]
    entry_points: tuple[EntryPoint, ...]
    externals: tuple[ExternalDependency, ...]
    set_aside: tuple[SetAside, ...]
    modules: tuple[Module, ...]
    imports: tuple[ImportEdge, ...]
    problems: tuple[ScanProblem, ...]  # in the system's own files
    set_aside_problems: tuple[ScanProblem, ...] = ()  # in tests, examples, docs and the like
    hubs: tuple[ImportHub, ...] = ()  # the modules with the most importers (bottleneck candidates)
    deployment: Deployment = Deployment()
    stack: tuple[TechnologyUse, ...] = ()  # storage, caches, brokers, external APIs, monitoring
    semantics: CodeSemantics = CodeSemantics()  # data models, outbound calls, security, errors…
    test_interfaces: tuple[Interface, ...] = ()  # routes, tasks… declared only in tests
