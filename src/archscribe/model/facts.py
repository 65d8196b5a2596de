"""Model: facts, what a scanner reads out of one file's bytes (no path inside, so they cache by
content; the path travels beside them in ``ScannedFile``)."""

from __future__ import annotations

from dataclasses import dataclass

from archscribe.model.problems import ProblemKind, ScanProblem

__all__ = [
    "TEMPLATED",
    "ApiFacts",
    "ApiOperation",
    "AttributeFact",
    "CallAssignment",
    "CallFact",
    "ClassFact",
    "DeclaredDependency",
    "DeclaredEntryPoint",
    "DecoratorFact",
    "DeployFacts",
    "EnvSetting",
    "FactSet",
    "FunctionFact",
    "HandlerFact",
    "ImageRef",
    "ImportFact",
    "InfraFacts",
    "LanguageStat",
    "LockedPackage",
    "ManifestFacts",
    "MountFact",
    "ProblemKind",
    "ProcessCommand",
    "PythonFacts",
    "ReadmeFacts",
    "ResourceFact",
    "RouteFact",
    "ScanProblem",
    "ScannedFile",
    "ScheduleFact",
    "ServiceFact",
    "SettingValue",
    "UrlPatternFact",
    "literal",
    "literal_prefix",
]

TEMPLATED = "<templated>"
"""What a value computed by a template action (Helm's ``{{ .Values.image }}``) reads as."""


def literal(text: str) -> str | None:
    """The string a *value text* stands for when it is a string literal (``"x"``), else None.

    Value texts (the ``args``, ``keywords`` and ``value`` of the facts below) write a Python
    expression compactly: a string literal in double quotes (``"auth.User"``), a number,
    ``True``/``False``/``None`` as written, a dotted name as written (``models.CASCADE``), a
    call as ``callee(arg, key=value)``, a list, tuple or set as ``[a, b]``, an f-string as
    ``f"https://api.example.com/{…}"`` (its literal parts kept, each expression as ``{…}``),
    and anything else as ``<expr>``. Long texts end in ``…``.
    """
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    return None


def literal_prefix(text: str) -> str | None:
    """The leading literal part of a value text that is a string or an f-string: ``"x"`` gives
    ``x``, ``f"https://h/{…}/y"`` gives ``https://h/``; None for anything else."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    if text.startswith('f"') and text.endswith('"'):
        return text[2:-1].partition("{…}")[0]
    return None


@dataclass(frozen=True, slots=True)
class ImportFact:
    """One imported name as written.

    ``import a.b`` gives ``module="a.b", name=""``; ``from a import b`` gives ``module="a",
    name="b"``; ``from . import b`` gives ``module="", name="b", level=1``; ``from a import *``
    gives ``name="*"``. The flags say where the statement stands.
    """

    module: str
    name: str
    line: int
    level: int = 0
    alias: str = ""  # the ``as`` name, when there is one
    in_function: bool = False
    type_checking: bool = False
    guarded: bool = False  # inside ``try`` with an ``except ImportError`` (or ModuleNotFoundError)

    @property
    def context(self) -> str:
        """The most telling label: type_checking, try_except, function or top_level."""
        if self.type_checking:
            return "type_checking"
        if self.guarded:
            return "try_except"
        if self.in_function:
            return "function"
        return "top_level"


@dataclass(frozen=True, slots=True)
class AttributeFact:
    """A class-level assignment or annotation of a top-level class: ``email = models.
    EmailField(unique=True)``, ``id: Mapped[int] = mapped_column(primary_key=True)``,
    ``name: str``, ``permission_classes = [IsAuthenticated]``.

    ``name`` is ``Meta.db_table`` (``Config.…``, ``Settings.…``) for an attribute of a nested
    class. When the value is a call, ``callee`` is its dotted name and ``args``/``keywords`` its
    arguments as value texts (see :func:`literal`); otherwise ``value`` is the value text
    (``""`` for a bare annotation). ``annotation`` is the annotation's text, shortened.
    """

    name: str
    line: int
    value: str = ""
    annotation: str = ""
    callee: str = ""
    args: tuple[str, ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ClassFact:
    """A top-level class: its bases and decorators as dotted source text, its class-level
    attributes and the names of its methods (``async`` ones too), in source order."""

    name: str
    line: int
    bases: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()
    docstring: str = ""
    attributes: tuple[AttributeFact, ...] = ()
    methods: tuple[str, ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()  # class keywords: ``metaclass=``, ``table=True``


@dataclass(frozen=True, slots=True)
class DecoratorFact:
    """A decorator of a top-level function, of a method of a top-level class, or of a
    top-level class, other than the plain builtins (``property``, ``staticmethod``…).

    ``target`` is what it decorates (``send_alert``, ``CheckViewSet.pause``, ``Query``);
    ``name`` the decorator's dotted text, for a call the callee's (``shared_task``,
    ``app.task``, ``click.command``, ``receiver``); ``call`` whether it is called; ``args`` and
    ``keywords`` its arguments as value texts (see :func:`literal`). ``kind`` is
    ``function``, ``method`` or ``class``.
    """

    target: str
    name: str
    line: int
    kind: str = "function"
    call: bool = False
    args: tuple[str, ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()
    is_async: bool = False


@dataclass(frozen=True, slots=True)
class CallFact:
    """A call made inside a function (or at module scope) that the analysis may care about.

    Recorded when the callee's first name is bound by one of the file's imports from a module
    in the scanner's list of interesting modules (HTTP clients, SDKs, mail, sleep, subprocess,
    JWT, retry and breaker libraries, task queues, signal senders…), or when the callee reads as
    an ORM query (``Check.objects.filter``, ``session.query``, ``db.session.execute``), or its
    last name is one of a few registration methods (``add_route``, ``add_parser``,
    ``connect``, ``add_exception_handler``, ``add_periodic_task``, ``register``…).

    ``callee`` is the dotted text as written (``requests.get``, ``httpx.AsyncClient``,
    ``boto3.client``, ``Check.objects.filter``); ``function`` the enclosing function
    (``Class.method``, ``outer.inner``; ``""`` at module scope); ``in_async`` whether that
    function is ``async def``; ``in_loop`` whether the call stands inside a ``for``/``while``
    loop or a comprehension of that function. ``args``/``keywords`` are value texts.
    """

    callee: str
    line: int
    function: str = ""
    args: tuple[str, ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()
    in_async: bool = False
    in_loop: bool = False


@dataclass(frozen=True, slots=True)
class HandlerFact:
    """An ``except`` clause inside a function: what it catches and what its body does.

    ``caught`` holds the dotted names caught (``()`` for a bare ``except:``); ``action`` is
    one of ``reraise`` (a bare ``raise``), ``raise`` (raises another error), ``return-value``
    (returns something other than None: a fallback), ``return``, ``continue``, ``pass``,
    ``log`` (only logs) or ``other``. ``try … except ImportError`` guards are not recorded.
    """

    function: str
    line: int
    caught: tuple[str, ...] = ()
    action: str = "other"
    returned: str = ""  # the value text a ``return-value`` clause returns


@dataclass(frozen=True, slots=True)
class UrlPatternFact:
    """An entry of a module-level Django-style URL list (``urlpatterns = [...]``,
    ``websocket_urlpatterns = [...]``, also ``+=``), or a ``handler404 = ...`` assignment.

    ``kind`` is the callee's last name (``path``, ``re_path``, ``url``) or ``handler404``…;
    ``route`` the route literal, with the routes of inline ``include([...])`` lists already
    joined to their prefix; ``computed`` when it is not a literal. ``view`` is the view's value
    text (``views.home``, ``HomeView.as_view``, ``consumers.ChatConsumer.as_asgi``);
    ``include`` what an ``include(...)`` names instead (``"checks.urls"`` as a literal,
    ``router.urls`` as dotted text). ``variable`` is the list's name (``urlpatterns``).
    """

    kind: str
    route: str
    line: int
    view: str = ""
    include: str = ""
    name: str = ""
    computed: bool = False
    variable: str = "urlpatterns"
    methods: tuple[str, ...] = ()  # ``methods=[...]`` literal strings, upper case (Starlette)


@dataclass(frozen=True, slots=True)
class ScheduleFact:
    """A periodic job a literal schedule declares: an entry of Celery's ``beat_schedule``
    (``CELERY_BEAT_SCHEDULE = {"name": {"task": "app.tasks.x", "schedule": crontab(...)}}``,
    ``app.conf.beat_schedule = {...}``).

    ``name`` the entry's key, ``task`` the task's dotted name, ``schedule`` the schedule's
    value text (``crontab(minute="*/5")``, ``300.0``, ``timedelta(hours=1)``).
    """

    name: str
    task: str
    schedule: str
    line: int


@dataclass(frozen=True, slots=True)
class FunctionFact:
    """A top-level function."""

    name: str
    line: int
    decorators: tuple[str, ...] = ()
    is_async: bool = False
    docstring: str = ""


@dataclass(frozen=True, slots=True)
class CallAssignment:
    """A top-level ``target = callee(...)``, e.g. ``app = Flask(__name__)`` or
    ``application = get_wsgi_application()``: how WSGI/ASGI objects are found.

    ``keywords`` keeps the keyword arguments given as string literals, as written
    (``(("url_prefix", "/admin"),)`` for ``Blueprint("admin", __name__, url_prefix="/admin")``,
    ``(("prefix", "/items"),)`` for ``APIRouter(prefix="/items")``).
    """

    target: str
    callee: str
    line: int
    keywords: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RouteFact:
    """A route a decorator declares on a top-level function or method:
    ``@app.route("/items", methods=["GET", "POST"])``, ``@router.get("/items/{id}")``,
    ``@bp.post("/")``, ``@app.websocket("/ws")``.

    ``owner`` is the decorated object's dotted source text (``app``, ``router``, ``bp``,
    ``api.v1``); ``verb`` the decorator's last name (``route``, ``get``, ``post``,
    ``api_route``, ``websocket``…); ``path`` the first argument or ``path=``/``rule=`` as a
    string literal (``""`` is a literal empty path, FastAPI's way to name a router's prefix
    itself); ``computed`` is set when the path is not a literal (the analysis says so);
    ``methods`` the ``methods=[...]`` literal strings, upper case. ``function`` is the decorated
    function (``Class.method`` for a method). Whether ``owner`` is Flask, FastAPI or something
    else entirely is the analysis's to decide, through the imports.
    """

    owner: str
    verb: str
    path: str
    function: str
    line: int
    methods: tuple[str, ...] = ()
    computed: bool = False


@dataclass(frozen=True, slots=True)
class MountFact:
    """A call that mounts routes under a prefix: ``app.include_router(router, prefix="/api")``,
    ``app.register_blueprint(bp, url_prefix="/admin")``, ``app.mount("/static", ...)``, at
    module level or inside a top-level function (an application factory).

    ``owner`` is the object the method is called on, ``method`` its name, ``mounted`` the first
    argument's dotted source text (``router``, ``items.router``), ``prefix`` the prefix keyword
    (``prefix``/``url_prefix``) or, for ``mount``, the first argument, as a literal (``""``
    when none is given or it is not a literal).
    """

    owner: str
    method: str
    mounted: str
    prefix: str
    line: int
    function: str = ""  # the top-level function it stands in (``create_app``), "" at module level
    prefix_value: str = ""  # the prefix's value text when it is not a literal (``settings.API``)


@dataclass(frozen=True, slots=True)
class SettingValue:
    """A configuration value a Python file sets, reduced to what is safe to show.

    Read from settings modules (``DATABASES = {"default": {"ENGINE": ...}}``), configuration
    classes (``class Config: SQLALCHEMY_DATABASE_URI = ...``), ``app.config[...]`` assignments and
    calls given a URL literal (``create_engine("postgresql://...")``, ``Redis.from_url(...)``).

    ``setting`` is the dotted path of the setting (``DATABASES.default.ENGINE``,
    ``CACHES.default.BACKEND``, ``CELERY_BROKER_URL``, ``MIDDLEWARE``, ``SESSION_ENGINE``), or
    ``call:<callee>`` for a call (``call:create_engine``). ``value`` is kept only when it is a
    dotted Python path or a bare word (a backend, an app label); a URL keeps only its
    ``scheme`` (``postgresql``, ``redis``, ``amqp``), never its host, user or password.
    """

    setting: str
    line: int
    value: str = ""
    scheme: str = ""


@dataclass(frozen=True, slots=True)
class PythonFacts:
    """What one Python file says about itself."""

    docstring: str = ""
    imports: tuple[ImportFact, ...] = ()
    classes: tuple[ClassFact, ...] = ()
    functions: tuple[FunctionFact, ...] = ()
    call_assignments: tuple[CallAssignment, ...] = ()
    all_names: tuple[str, ...] | None = None  # ``__all__`` when it is a literal list or tuple
    has_main_guard: bool = False  # ``if __name__ == "__main__":``
    main_guard_line: int = 0
    lines: int = 0
    code_lines: int = 0  # lines that are neither blank nor only a comment
    generated: bool = False  # a "generated by … / do not edit" marker in the first lines
    problems: tuple[ScanProblem, ...] = ()  # path left empty; filled in by whoever knows it
    settings: tuple[SettingValue, ...] = ()
    routes: tuple[RouteFact, ...] = ()
    mounts: tuple[MountFact, ...] = ()
    decorators: tuple[DecoratorFact, ...] = ()
    calls: tuple[CallFact, ...] = ()
    handlers: tuple[HandlerFact, ...] = ()
    url_patterns: tuple[UrlPatternFact, ...] = ()
    schedules: tuple[ScheduleFact, ...] = ()
    # ``x = f(...)`` in the body of a top-level function, as ``function.x`` (an application
    # factory's ``create_app.app = Flask(__name__)``)
    local_assignments: tuple[CallAssignment, ...] = ()
    # module-level ``NAME = "/api/v1"``: string constants that read as URL paths (a route
    # prefix given by name), as (name, value, line)
    path_constants: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class DeclaredDependency:
    """A distribution a manifest asks for."""

    name: str  # as written
    specifier: str = ""
    group: str = "runtime"  # runtime, dev, test, docs, optional:<extra>, build
    line: int = 0


@dataclass(frozen=True, slots=True)
class DeclaredEntryPoint:
    """A console script or another entry point declared in a manifest."""

    name: str
    target: str  # ``module:function``
    group: str = "console_scripts"
    line: int = 0


@dataclass(frozen=True, slots=True)
class LockedPackage:
    """A package version a lock file pins: ``name`` as written, ``version`` exact."""

    name: str
    version: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class ManifestFacts:
    """What a project manifest (pyproject.toml, setup.cfg, setup.py, requirements) declares."""

    kind: str  # pyproject, setup.cfg, setup.py, requirements
    name: str = ""
    name_line: int = 0
    version: str = ""
    description: str = ""
    description_line: int = 0
    requires_python: str = ""
    dependencies: tuple[DeclaredDependency, ...] = ()
    entry_points: tuple[DeclaredEntryPoint, ...] = ()
    package_dirs: tuple[str, ...] = ()  # where the manifest says the packages live (``src``)
    includes: tuple[str, ...] = ()  # other requirements files it takes in (``-r base.txt``)
    problems: tuple[ScanProblem, ...] = ()
    ecosystem: str = "python"  # python, npm, go, cargo, maven, rubygems
    locked: tuple[LockedPackage, ...] = ()  # versions a lock file pins (uv.lock, poetry.lock…)


@dataclass(frozen=True, slots=True)
class ReadmeFacts:
    """The title and first descriptive paragraph of a README."""

    title: str = ""
    title_line: int = 0
    summary: str = ""
    summary_line: int = 0


@dataclass(frozen=True, slots=True)
class ImageRef:
    """A container image a build or a service starts from, as written (``python:3.12-slim``)."""

    reference: str
    line: int
    stage: str = ""  # the build stage's name (``FROM x AS build``), if any


@dataclass(frozen=True, slots=True)
class ProcessCommand:
    """A command a deployment runs: a Dockerfile's CMD or ENTRYPOINT, or a Procfile line.

    ``program`` is the executable (``gunicorn``, ``uvicorn``, ``celery``, ``python``);
    ``workers`` the worker count the command sets (``--workers 4``, ``-w 4``,
    ``--concurrency 8``), 0 when it sets none.
    """

    name: str  # CMD, ENTRYPOINT, or the Procfile process type (web, worker…)
    command: str
    program: str
    line: int
    workers: int = 0


@dataclass(frozen=True, slots=True)
class DeployFacts:
    """What a Dockerfile or a Procfile says about how the system is built and started."""

    kind: str  # dockerfile, procfile
    images: tuple[ImageRef, ...] = ()
    ports: tuple[tuple[int, int], ...] = ()  # (port, line) from EXPOSE
    commands: tuple[ProcessCommand, ...] = ()
    problems: tuple[ScanProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class EnvSetting:
    """An environment variable a file sets or names, with what its value points at, never the
    value itself.

    ``scheme`` is the URL scheme when the value is a URL (``postgres``, ``redis``, ``amqp``,
    ``s3``). ``host`` is kept only when it is a bare name with no dot (a compose or Kubernetes
    service name such as ``db`` or ``redis``), so that "who talks to whom" can be told without
    printing a real address. ``secret`` is set when the name or the value looks like a secret
    (``*_KEY``, ``*_TOKEN``, ``*PASSWORD*``, a URL with a password); nothing of the value is kept
    then but the scheme.
    """

    name: str
    line: int
    scheme: str = ""
    host: str = ""
    secret: bool = False


@dataclass(frozen=True, slots=True)
class ServiceFact:
    """A unit an infrastructure file runs.

    A compose service, a Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job, CronJob),
    a CI job or a CI job's service container, a platform service (a render.yaml service, a
    fly.toml app or process, an App Engine service, a serverless function), a supervisor
    program or a systemd unit.

    ``kind`` says which: ``compose-service``, the Kubernetes kind (``Deployment``,
    ``CronJob``…), ``ci-job``, ``ci-service``, ``render-web``/``render-worker``/``render-cron``,
    ``fly-app``/``fly-process``, ``app-engine``, ``function``, ``supervisor-program``,
    ``systemd-service``. ``image`` is the container image as written; ``build`` is true when
    the unit is built from the repository (compose ``build:``, a Dockerfile). ``replicas`` is
    the fixed count the file sets (0 when it sets none). ``environment`` is the deployment
    environment the file says the unit belongs to (a CI job's ``environment:``); ``test_only``
    is true for units that exist only for tests or CI (CI service containers, compose services
    of a test file or profile).
    """

    name: str
    line: int
    kind: str
    image: str = ""
    build: bool = False
    commands: tuple[ProcessCommand, ...] = ()
    replicas: int = 0
    ports: tuple[int, ...] = ()
    depends_on: tuple[str, ...] = ()
    env: tuple[EnvSetting, ...] = ()
    volumes: tuple[str, ...] = ()  # named volumes or mount targets, never host paths
    profiles: tuple[str, ...] = ()
    schedule: str = ""  # cron schedule (CronJob, render cron, serverless schedule)
    environment: str = ""
    test_only: bool = False


@dataclass(frozen=True, slots=True)
class ResourceFact:
    """A declared piece of infrastructure that is not a running unit.

    A Terraform provider (``kind="provider"``, ``name="aws"``) or resource (``kind`` is the
    resource type, ``aws_db_instance``; ``name`` its label), a Kubernetes Service, Ingress or
    HorizontalPodAutoscaler (``kind`` is the Kubernetes kind), a platform's managed database or
    cache (``render-database``, ``render-redis``), a CI deploy step (``deploy-step``, ``name``
    the tool: ``kubectl``, ``helm``, ``flyctl``), an nginx ``upstream`` or ``proxy_pass``
    (``nginx-upstream``, ``nginx-proxy``). ``target`` is what it points at (an HPA's scaled
    workload, an Ingress backend service, a proxy's upstream). ``detail`` holds a few telling
    key/value pairs as written (``("engine", "postgres")``, ``("min_replicas", "2")``,
    ``("max_replicas", "10")``, ``("host", "example.com")``, ``("backup_retention_period", "7")``),
    never a secret.
    """

    kind: str
    name: str
    line: int
    target: str = ""
    detail: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class InfraFacts:
    """What an infrastructure or environment file declares.

    ``kind``: ``compose``, ``kubernetes``, ``helm-chart``, ``helm-values``, ``terraform``,
    ``github-actions``, ``gitlab-ci``, ``fly``, ``render``, ``app-engine``, ``serverless``,
    ``nginx``, ``supervisor``, ``systemd``, ``env-file``.
    ``environments`` lists the deployment environments the file names (CI ``environment:``,
    compose override per environment), in order of appearance.
    """

    kind: str
    services: tuple[ServiceFact, ...] = ()
    resources: tuple[ResourceFact, ...] = ()
    env: tuple[EnvSetting, ...] = ()  # an env file's variables, or a file's top-level env
    environments: tuple[str, ...] = ()
    problems: tuple[ScanProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class ApiOperation:
    """One operation an API description declares: ``GET /items/{id}`` (OpenAPI),
    ``SUBSCRIBE orders`` (AsyncAPI), ``Inventory.GetItem`` (protobuf), ``Query.books``
    (GraphQL)."""

    name: str
    line: int


@dataclass(frozen=True, slots=True)
class ApiFacts:
    """An API description file: ``kind`` is ``openapi``, ``swagger``, ``asyncapi``,
    ``protobuf`` or ``graphql``; ``title`` the described API's title (OpenAPI ``info.title``,
    the proto package), and its operations in file order (at most 1,000)."""

    kind: str
    title: str = ""
    version: str = ""  # of the description format (``3.0.3``, ``2.6.0``, ``proto3``)
    operations: tuple[ApiOperation, ...] = ()
    problems: tuple[ScanProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class ScannedFile:
    """A file's path beside the facts its scanner read (exactly one of the fact fields is set)."""

    path: str
    language: str
    size: int
    python: PythonFacts | None = None
    manifest: ManifestFacts | None = None
    readme: ReadmeFacts | None = None
    deploy: DeployFacts | None = None
    infra: InfraFacts | None = None
    api: ApiFacts | None = None


@dataclass(frozen=True, slots=True)
class LanguageStat:
    """How much of one language the repository holds (every discovered file counts)."""

    language: str
    files: int
    bytes: int


@dataclass(frozen=True, slots=True)
class FactSet:
    """Everything the scanners read from one repository, in path order."""

    files: tuple[ScannedFile, ...] = ()
    problems: tuple[ScanProblem, ...] = ()
    languages: tuple[LanguageStat, ...] = ()
    paths: tuple[str, ...] = ()  # every discovered file, scanned or not, sorted
