"""Compose scanner: docker-compose bytes in, services and named volumes out."""

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
from archscribe.scanners.compose import COMPOSE_SCANNER, scan_compose

COMPOSE = b"""\
x-app: &app
  build: .
  environment: &env
    REDIS_URL: redis://redis:6379/0
  command: default-command
services:
  web:
    <<: *app
    command: gunicorn bookings.wsgi --workers 4 --bind 0.0.0.0:8000
    entrypoint: ["tini", "--"]
    ports:
      - "8000:8000"
      - "127.0.0.1:5678:5678/tcp"
      - 9000
      - target: 9090
        published: 19090
      - "3000-3005:3000-3005"
      - "${WEB_PORT}:${WEB_PORT}"
    expose: ["8001"]
    depends_on:
      db:
        condition: service_healthy
      redis:
        condition: service_started
    volumes:
      - ./src:/app:ro
      - static:/app/static
      - /var/cache/app
      - type: bind
        source: /srv/media
        target: /app/media
      - type: volume
        source: uploads
        target: /app/uploads
      - C:\\data:/data
    deploy:
      replicas: 2
  worker:
    <<: *app
    command: ["celery", "-A", "bookings", "worker", "-c", "8"]
    environment:
      - DATABASE_URL=postgres://app:hunter2@db:5432/app
      - DEBUG
      - SECRET_KEY=not-kept
    links: ["db:database"]
  db:
    image: postgres:16
    env_file: .env
    volumes:
      - pgdata:/var/lib/postgresql/data
  redis:
    image: redis:7-alpine
    scale: 3
  mailpit:
    image: axllent/mailpit
    profiles: ["test", "ci"]
  adminer:
    image: adminer
    profiles: [debug, test]
#  search:
#    image: elasticsearch:8.13.0
volumes:
  pgdata:
  static:
    driver: local
  uploads:
    external: true
"""


def test_services_volumes_and_anchors() -> None:
    facts = scan_compose(COMPOSE)
    redis_url = EnvSetting("REDIS_URL", 4, "redis", "redis")
    assert facts == InfraFacts(
        kind="compose",
        services=(
            ServiceFact(
                "web",
                7,
                "compose-service",
                build=True,
                commands=(
                    ProcessCommand("entrypoint", "tini --", "tini", 10),
                    ProcessCommand(
                        "command",
                        "gunicorn bookings.wsgi --workers 4 --bind 0.0.0.0:8000",
                        "gunicorn",
                        9,
                        4,
                    ),
                ),
                replicas=2,
                ports=(8000, 5678, 9000, 9090, 8001),
                depends_on=("db", "redis"),
                env=(redis_url,),
                volumes=("/app", "static", "/var/cache/app", "/app/media", "uploads", "/data"),
            ),
            ServiceFact(
                "worker",
                38,
                "compose-service",
                build=True,
                commands=(
                    ProcessCommand("command", "celery -A bookings worker -c 8", "celery", 40, 8),
                ),
                depends_on=("db",),
                env=(
                    EnvSetting("DATABASE_URL", 42, "postgres", "db", secret=True),
                    EnvSetting("DEBUG", 43),
                    EnvSetting("SECRET_KEY", 44, secret=True),
                ),
            ),
            ServiceFact("db", 46, "compose-service", "postgres:16", volumes=("pgdata",)),
            ServiceFact("redis", 51, "compose-service", "redis:7-alpine", replicas=3),
            ServiceFact(
                "mailpit",
                54,
                "compose-service",
                "axllent/mailpit",
                profiles=("test", "ci"),
                test_only=True,
            ),
            ServiceFact("adminer", 57, "compose-service", "adminer", profiles=("debug", "test")),
        ),
        resources=(
            ResourceFact("compose-volume", "pgdata", 63),
            ResourceFact("compose-volume", "static", 64, detail=(("driver", "local"),)),
            ResourceFact("compose-volume", "uploads", 66, detail=(("external", "true"),)),
        ),
    )


def test_no_host_path_or_secret_value_is_kept() -> None:
    facts = scan_compose(COMPOSE)
    kept = repr(facts)
    for leaked in ("./src", "/srv/media", "C:\\\\data", "hunter2", "not-kept", ".env"):
        assert leaked not in kept
    # The commented-out service is not a service.
    assert "search" not in [s.name for s in facts.services]


def test_unreadable_ports_are_problems() -> None:
    facts = scan_compose(
        b"services:\n  web:\n    image: x\n    ports:\n      - 'eighty:80x'\n      - 70000\n"
    )
    assert facts.services == (ServiceFact("web", 2, "compose-service", "x"),)
    assert [(p.kind, p.line) for p in facts.problems] == [
        (ProblemKind.MALFORMED, 5),
        (ProblemKind.MALFORMED, 6),
    ]


def test_version_1_services_at_the_top_level() -> None:
    facts = scan_compose(b"web:\n  build: .\n  links: [db]\ndb:\n  image: mysql:8\n")
    assert facts == InfraFacts(
        kind="compose",
        services=(
            ServiceFact("web", 1, "compose-service", build=True, depends_on=("db",)),
            ServiceFact("db", 4, "compose-service", "mysql:8"),
        ),
    )


def test_look_alikes_are_not_compose_files() -> None:
    assert scan_compose(b"") == InfraFacts(kind="")
    assert scan_compose(b"# only a comment\n") == InfraFacts(kind="")
    assert scan_compose(b"name: app\nsettings:\n  debug: true\n") == InfraFacts(kind="")
    assert scan_compose(b"- services\n- volumes\n") == InfraFacts(kind="")
    assert scan_compose(b"apiVersion: v1\nkind: Service\n") == InfraFacts(kind="")
    assert scan_compose(b"services:\n") == InfraFacts(kind="compose")


def test_bad_input() -> None:
    broken = scan_compose(b"services:\n  web:\n    image: [\n")
    assert broken == InfraFacts(
        kind="compose",
        problems=(broken.problems[0],),
    )
    assert (broken.problems[0].kind, broken.problems[0].line) == (ProblemKind.MALFORMED, 4)
    latin = scan_compose(b"# caf\xe9\nservices:\n  web:\n    image: nginx\n")
    assert latin.services == (ServiceFact("web", 3, "compose-service", "nginx"),)
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    binary = scan_compose(b"\x00\x01\xff\xfe\x00binary")
    assert binary.services == ()
    assert binary.problems
    tagged = scan_compose(
        b"services:\n  web: !!python/object/apply:os.system ['echo hi']\n"
        b"  db:\n    image: !!python/object:__main__.X {a: 1}\n"
    )
    assert tagged.services == (
        ServiceFact("web", 2, "compose-service"),
        ServiceFact("db", 3, "compose-service"),
    )
    deep = scan_compose(b"services: " + b"[" * 3000)
    assert deep.services == ()
    assert [p.kind for p in deep.problems] == [ProblemKind.MALFORMED]
    looped = scan_compose(b"services:\n  web: &web\n    <<: *web\n    image: x\n")
    assert looped.services == (ServiceFact("web", 2, "compose-service", "x"),)


def test_problems_are_capped() -> None:
    ports = b"".join(b"      - 'bad%d'\n" % n for n in range(9))
    facts = scan_compose(b"services:\n  web:\n    ports:\n" + ports)
    assert len(facts.problems) == 6
    assert facts.problems[-1].reason == "4 more problems"


def test_scanner_identity() -> None:
    assert COMPOSE_SCANNER.name == "compose"
    assert COMPOSE_SCANNER.version == 2
    assert COMPOSE_SCANNER.fact_type is InfraFacts
    assert COMPOSE_SCANNER.scan(COMPOSE) == scan_compose(COMPOSE)


_PIECES = [
    "services:",
    "  web:",
    "    <<: *a",
    "  x: &a {image: x, ports: [1, '2:3', a, {target: b}]}",
    "    command: [sh, -c, 'x && y']",
    "    volumes: [./a:/b, c:/d, {type: bind}, 'C:\\\\x:/y']",
    "    environment: [A=b, =c, 1]",
    "    depends_on: {a: 1}",
    "    deploy: {replicas: [2]}",
    "volumes: {a: {external: {name: b}}}",
    "{{",
    "&b [*b]",
    ":",
    "\t",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=20),
    raw=st.binary(max_size=200),
)
def test_compose_scanner_never_raises(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        facts = scan_compose(data)
        assert facts.kind in ("", "compose")
        assert all(p.path == "" for p in facts.problems)
        assert all(s.line > 0 for s in facts.services)
        assert all(r.line > 0 for r in facts.resources)
        assert len(facts.problems) <= 6
