"""Platform scanners: fly.toml, render.yaml, App Engine app.yaml and serverless.yml."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProblemKind,
    ProcessCommand,
    ResourceFact,
    ServiceFact,
)
from archscribe.scanners.platforms import (
    APP_ENGINE_SCANNER,
    FLY_SCANNER,
    RENDER_SCANNER,
    SERVERLESS_SCANNER,
    scan_app_engine,
    scan_fly,
    scan_render,
    scan_serverless,
)

FLY = b"""\
app = "bookings"
primary_region = "ams"

[build]
  dockerfile = "Dockerfile"

[deploy]
  release_command = "python manage.py migrate"

[env]
  DJANGO_SETTINGS_MODULE = "bookings.settings.production"
  REDIS_URL = "redis://redis:6379/0"

[processes]
  web = "gunicorn bookings.wsgi --workers 2"
  worker = "celery -A bookings worker"

[http_service]
  internal_port = 8000
  auto_stop_machines = true
  min_machines_running = 1
  processes = ["web"]

[[services]]
  internal_port = 5555
  processes = ["worker"]

[[vm]]
  size = "shared-cpu-1x"
  memory = "512mb"
  processes = ["web", "worker"]

[mounts]
  source = "media"
  destination = "/data/media"
"""


def test_fly_app_processes_and_machines() -> None:
    assert scan_fly(FLY) == InfraFacts(
        kind="fly",
        services=(
            ServiceFact(
                "bookings",
                1,
                "fly-app",
                build=True,
                commands=(ProcessCommand("release", "python manage.py migrate", "python", 8),),
                ports=(8000, 5555),
                env=(
                    EnvSetting("DJANGO_SETTINGS_MODULE", 11),
                    EnvSetting("REDIS_URL", 12, "redis", "redis"),
                ),
                volumes=("media",),
            ),
            ServiceFact(
                "web",
                15,
                "fly-process",
                build=True,
                commands=(
                    ProcessCommand("web", "gunicorn bookings.wsgi --workers 2", "gunicorn", 15, 2),
                ),
                ports=(8000,),
            ),
            ServiceFact(
                "worker",
                16,
                "fly-process",
                build=True,
                commands=(ProcessCommand("worker", "celery -A bookings worker", "celery", 16),),
                ports=(5555,),
            ),
        ),
        resources=(
            ResourceFact("fly-region", "ams", 2, "bookings"),
            ResourceFact(
                "fly-scaling",
                "bookings",
                18,
                "web",
                (("min_replicas", "1"), ("auto_stop_machines", "true")),
            ),
            ResourceFact(
                "fly-vm", "bookings", 28, "web", (("size", "shared-cpu-1x"), ("memory", "512mb"))
            ),
            ResourceFact(
                "fly-vm",
                "bookings",
                28,
                "worker",
                (("size", "shared-cpu-1x"), ("memory", "512mb")),
            ),
        ),
    )


def test_fly_image_app_without_processes() -> None:
    facts = scan_fly(
        b'[build]\n  image = "flyio/hellofly:latest"\n[[services]]\n  internal_port = 8080\n'
        b"  min_machines_running = 2\n[[services]]\n  internal_port = 9090\n"
    )
    assert facts == InfraFacts(
        kind="fly",
        services=(ServiceFact("app", 1, "fly-app", "flyio/hellofly:latest", ports=(8080, 9090)),),
        resources=(ResourceFact("fly-scaling", "app", 3, "app", (("min_replicas", "2"),)),),
    )


def test_fly_bad_input() -> None:
    assert scan_fly(b"") == InfraFacts(kind="")
    assert scan_fly(b"# app = 'commented'\n") == InfraFacts(kind="")
    broken = scan_fly(b'app = "x"\n[processes\n')
    assert broken.kind == "fly"
    assert broken.services == ()
    assert [(p.kind, p.line) for p in broken.problems] == [(ProblemKind.MALFORMED, 2)]
    deep = scan_fly(b"app = " + b"[" * 5000)
    assert deep.kind == "fly"
    assert [p.kind for p in deep.problems] == [ProblemKind.MALFORMED]
    latin = scan_fly(b'# caf\xe9\napp = "x"\n')
    assert latin.services == (ServiceFact("x", 2, "fly-app", build=True),)
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    odd = scan_fly(b'app = 3\nprocesses = "web"\nvm = [1, {size = 2}]\nhttp_service = "x"\n')
    assert odd.services == (ServiceFact("3", 1, "fly-app", build=True),)
    assert odd.resources == (ResourceFact("fly-vm", "3", 3, "3", (("size", "2"),)),)


RENDER = b"""\
services:
  - type: web
    name: shipyard-api
    runtime: python
    buildCommand: pip install -r requirements.txt
    startCommand: uvicorn shipyard.main:app --host 0.0.0.0 --port $PORT --workers 2
    numInstances: 2
    scaling:
      minInstances: 1
      maxInstances: 4
    disk:
      name: uploads
      mountPath: /var/data
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: shipyard-db
          property: connectionString
      - key: REDIS_URL
        fromService:
          type: keyvalue
          name: cache
          property: connectionString
      - key: SECRET_KEY
        generateValue: true
      - key: SENTRY_DSN
        sync: false
      - key: LOG_LEVEL
        value: info
      - fromGroup: shared
  - type: cron
    name: nightly-backup
    runtime: image
    image:
      url: docker.io/acme/backup:1
    schedule: "0 3 * * *"
    dockerCommand: pg_dump --format=custom
  - type: keyvalue
    name: cache
    plan: starter
  - type: worker
databases:
  - name: shipyard-db
    plan: basic-256mb
    postgresMajorVersion: "16"
envVarGroups:
  - name: shared
    envVars:
      - key: API_TOKEN
        value: not-kept
"""


def test_render_services_databases_and_env() -> None:
    assert scan_render(RENDER) == InfraFacts(
        kind="render",
        services=(
            ServiceFact(
                "shipyard-api",
                3,
                "render-web",
                build=True,
                commands=(
                    ProcessCommand(
                        "start",
                        "uvicorn shipyard.main:app --host 0.0.0.0 --port $PORT --workers 2",
                        "uvicorn",
                        6,
                        2,
                    ),
                ),
                replicas=2,
                env=(
                    EnvSetting("DATABASE_URL", 15, "postgresql", "shipyard-db", secret=True),
                    EnvSetting("REDIS_URL", 19, "redis", "cache", secret=True),
                    EnvSetting("SECRET_KEY", 24, secret=True),
                    EnvSetting("SENTRY_DSN", 26, secret=True),
                    EnvSetting("LOG_LEVEL", 28),
                ),
                volumes=("uploads",),
            ),
            ServiceFact(
                "nightly-backup",
                32,
                "render-cron",
                "docker.io/acme/backup:1",
                commands=(ProcessCommand("start", "pg_dump --format=custom", "pg_dump", 37),),
                schedule="0 3 * * *",
            ),
        ),
        resources=(
            ResourceFact(
                "render-autoscaling",
                "shipyard-api",
                9,
                "shipyard-api",
                (("min_replicas", "1"), ("max_replicas", "4")),
            ),
            ResourceFact("render-redis", "cache", 39, detail=(("plan", "starter"),)),
            ResourceFact(
                "render-database",
                "shipyard-db",
                43,
                detail=(("engine", "postgres"), ("version", "16"), ("plan", "basic-256mb")),
            ),
        ),
        env=(EnvSetting("API_TOKEN", 49, secret=True),),
    )


def test_render_project_environments() -> None:
    facts = scan_render(
        b"projects:\n  - name: shop\n    environments:\n      - name: production\n"
        b"        services:\n          - {type: pserv, name: api, startCommand: ./api}\n"
        b"        databases:\n          - name: db\n"
    )
    assert facts == InfraFacts(
        kind="render",
        services=(
            ServiceFact(
                "api",
                6,
                "render-pserv",
                build=True,
                commands=(ProcessCommand("start", "./api", "api", 6),),
                environment="production",
            ),
        ),
        resources=(ResourceFact("render-database", "db", 8, detail=(("engine", "postgres"),)),),
        environments=("production",),
    )


def test_render_look_alikes_and_bad_input() -> None:
    assert scan_render(b"") == InfraFacts(kind="")
    assert scan_render(b"name: x\nitems: [1]\n") == InfraFacts(kind="")
    assert scan_render(b"# services:\n#  - type: web\nfoo: 1\n") == InfraFacts(kind="")
    broken = scan_render(b"services:\n  - type: web\n    name: [\n")
    assert broken.kind == "render"
    assert [(p.kind, p.line) for p in broken.problems] == [(ProblemKind.MALFORMED, 4)]
    tagged = scan_render(b"services:\n  - !!python/object:os.system {type: web, name: a}\n")
    assert [s.name for s in tagged.services] == ["a"]
    assert scan_render(b"services: " + b"[" * 3000).services == ()


APP_ENGINE = b"""\
runtime: python312
service: shipyard-admin
entrypoint: gunicorn -b :$PORT shipyard.main:app -w 3
automatic_scaling:
  min_instances: 0
  max_instances: 5
env_variables:
  DATABASE_URL: postgresql://app:pw@/app?host=/cloudsql/x
  FEATURE_FLAG: "on"
"""


def test_app_engine_service() -> None:
    assert scan_app_engine(APP_ENGINE) == InfraFacts(
        kind="app-engine",
        services=(
            ServiceFact(
                "shipyard-admin",
                2,
                "app-engine",
                build=True,
                commands=(
                    ProcessCommand(
                        "entrypoint",
                        "gunicorn -b :$PORT shipyard.main:app -w 3",
                        "gunicorn",
                        3,
                        3,
                    ),
                ),
                env=(
                    EnvSetting("DATABASE_URL", 8, "postgresql", secret=True),
                    EnvSetting("FEATURE_FLAG", 9),
                ),
            ),
        ),
        resources=(
            ResourceFact(
                "app-engine-scaling",
                "shipyard-admin",
                5,
                "shipyard-admin",
                (("min_replicas", "0"), ("max_replicas", "5")),
            ),
        ),
    )


def test_app_engine_default_service_and_look_alikes() -> None:
    facts = scan_app_engine(b"runtime: go122\nmanual_scaling:\n  instances: 2\n")
    assert facts == InfraFacts(
        kind="app-engine",
        services=(ServiceFact("default", 1, "app-engine", build=True, replicas=2),),
    )
    assert scan_app_engine(b"") == InfraFacts(kind="")
    assert scan_app_engine(b"name: app\nport: 8080\n") == InfraFacts(kind="")
    assert scan_app_engine(b"settings:\n  runtime: python\n") == InfraFacts(kind="")
    assert scan_app_engine(b"# runtime: python312\nname: x\n") == InfraFacts(kind="")
    broken = scan_app_engine(b"runtime: [\n")
    assert broken.kind == "app-engine"
    assert broken.problems


SERVERLESS = b"""\
service: shipyard-events
provider:
  name: aws
  runtime: python3.12
  region: eu-west-1
  environment:
    TABLE: shipments
    QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/000/shipments
functions:
  ingest:
    handler: handler.ingest
    environment:
      API_KEY: not-kept
    events:
      - sqs: arn:aws:sqs:eu-west-1:000000000000:shipments
  nightly:
    handler: handler.nightly
    events:
      - http: {path: /x, method: get}
      - schedule: cron(0 2 * * ? *)
  hourly:
    image: {name: appimage}
    events:
      - schedule:
          rate: [rate(1 hour), rate(2 hours)]
          enabled: true
resources:
  Resources:
    ShipmentsTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: !Sub "${self:service}-shipments"
    ShipmentsQueue:
      Type: AWS::SQS::Queue
    Broken: {Properties: {}}
"""


def test_serverless_provider_functions_and_resources() -> None:
    assert scan_serverless(SERVERLESS) == InfraFacts(
        kind="serverless",
        services=(
            ServiceFact(
                "ingest",
                10,
                "function",
                commands=(ProcessCommand("handler", "handler.ingest", "", 11),),
                env=(EnvSetting("API_KEY", 13, secret=True),),
            ),
            ServiceFact(
                "nightly",
                16,
                "function",
                commands=(ProcessCommand("handler", "handler.nightly", "", 17),),
                schedule="cron(0 2 * * ? *)",
            ),
            ServiceFact("hourly", 21, "function", "appimage", schedule="rate(1 hour)"),
        ),
        resources=(
            ResourceFact(
                "provider", "aws", 3, detail=(("runtime", "python3.12"), ("region", "eu-west-1"))
            ),
            ResourceFact("AWS::DynamoDB::Table", "ShipmentsTable", 29),
            ResourceFact("AWS::SQS::Queue", "ShipmentsQueue", 33),
        ),
        env=(EnvSetting("TABLE", 7), EnvSetting("QUEUE_URL", 8, "https")),
    )


def test_serverless_look_alikes_and_bad_input() -> None:
    assert scan_serverless(b"") == InfraFacts(kind="")
    assert scan_serverless(b"service: x\nname: y\n") == InfraFacts(kind="")
    assert scan_serverless(b"provider: aws\nfunctions: {}\n") == InfraFacts(kind="")
    listed = scan_serverless(b"service: x\nprovider: aws\nfunctions:\n  - a: {handler: h.a}\n")
    assert listed.resources == (ResourceFact("provider", "aws", 2),)
    assert listed.services == (
        ServiceFact("a", 4, "function", commands=(ProcessCommand("handler", "h.a", "", 4),)),
    )
    broken = scan_serverless(b"service: x\nprovider: [\n")
    assert broken.kind == "serverless"
    assert broken.problems
    binary = scan_serverless(b"\x00\xff")
    assert (binary.kind, binary.services) == ("serverless", ())
    assert binary.problems


def test_scanner_identity() -> None:
    scanners = (FLY_SCANNER, RENDER_SCANNER, APP_ENGINE_SCANNER, SERVERLESS_SCANNER)
    assert [s.name for s in scanners] == ["fly", "render", "app-engine", "serverless"]
    for scanner in scanners:
        assert scanner.version == 2  # 2: URLs with interpolated passwords, more worker flags
        assert scanner.fact_type is InfraFacts


_PIECES = [
    "services:",
    "  - type: web",
    "    envVars: [{key: A, fromService: {name: [x]}}, {key: B, generateValue: [1]}]",
    "    scaling: 3",
    "functions: [{a: {events: [{schedule: {rate: {}}}]}}, 1]",
    "resources: [{Resources: {A: {Type: [1]}}}]",
    "runtime: x",
    "service: y",
    "provider: {name: [1]}",
    "automatic_scaling: []",
    'app = "x"',
    "[[vm]]",
    "[processes]",
    "web = 1",
    "&a [*a]",
    ":",
    "\t",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=20),
    raw=st.binary(max_size=200),
)
def test_platform_scanners_never_raise(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        for scan in (scan_fly, scan_render, scan_app_engine, scan_serverless):
            facts = scan(data)
            assert facts.kind in ("", "fly", "render", "app-engine", "serverless")
            assert all(p.path == "" for p in facts.problems)
            assert all(s.line > 0 for s in facts.services)
            assert all(r.line >= 0 for r in facts.resources)
