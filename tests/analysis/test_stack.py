"""Technology uses from settings, env files, services and dependencies: what counts as the
system's storage, and what is only a test's."""

from __future__ import annotations

from hand_facts import dep, imp, manifest, run, source

from archscribe.model.facts import (
    CallAssignment,
    EnvSetting,
    InfraFacts,
    ScannedFile,
    ServiceFact,
    SettingValue,
)
from archscribe.renderers.infrastructure_sections import storage_section


def _infra(path: str, facts: InfraFacts) -> ScannedFile:
    return ScannedFile(path=path, language="YAML", size=100, infra=facts)


CI_POSTGRES = _infra(
    ".github/workflows/ci.yml",
    InfraFacts(
        kind="github-actions",
        services=(ServiceFact("postgres", 9, "ci-service", image="postgres:16", test_only=True),),
    ),
)


WEB_APP = source(
    "app/main.py",
    imp("flask", "Flask", line=1),
    call_assignments=(CallAssignment("app", "Flask", 3),),
)


def test_a_postgres_only_ci_starts_is_test_infrastructure_not_storage() -> None:
    arch = run(source("app/__init__.py"), WEB_APP, CI_POSTGRES)
    assert arch.overview.kind.value == "web application"
    (use,) = arch.stack
    assert (use.technology, use.test_only) == ("PostgreSQL", True)
    text = storage_section(arch)
    primary = text.splitlines()[0]
    assert primary.startswith("- **Primary Storage**: Not detected:")
    assert "Test infrastructure only (not production storage): PostgreSQL" in primary


def test_test_settings_and_test_dependencies_are_not_production() -> None:
    tests_settings = source(
        "tests/settings.py",
        settings=(SettingValue("DATABASES.default.ENGINE", 3, "django.db.backends.sqlite3"),),
    )
    pyproject = manifest(
        "pyproject.toml", dependencies=(dep("pytest-postgresql", group="test", line=9),)
    )
    arch = run(source("app/__init__.py"), tests_settings, pyproject)
    assert all(use.test_only for use in arch.stack)


def test_settings_env_urls_and_services_add_up_to_one_technology() -> None:
    settings = source(
        "app/settings.py",
        settings=(
            SettingValue("DATABASES.default.ENGINE", 4, "django.db.backends.postgresql"),
            SettingValue("CELERY_BROKER_URL", 9, scheme="amqp"),
            SettingValue("GREETING", 10, "hello.world"),  # a dotted word no catalogue key knows
        ),
    )
    compose = _infra(
        "docker-compose.yml",
        InfraFacts(
            kind="compose",
            services=(
                ServiceFact(
                    "web",
                    2,
                    "compose-service",
                    build=True,
                    env=(
                        EnvSetting("DATABASE_URL", 5, scheme="postgres", host="db", secret=True),
                    ),
                ),
                ServiceFact("db", 8, "compose-service", image="postgres:16"),
            ),
        ),
    )
    arch = run(settings, compose)
    uses = {u.technology: u for u in arch.stack}
    assert set(uses) == {"PostgreSQL", "RabbitMQ"}
    postgres = uses["PostgreSQL"]
    assert [(s.kind, s.evidence.path, s.evidence.line) for s in postgres.sources] == [
        ("setting", "app/settings.py", 4),
        ("service", "docker-compose.yml", 8),
        ("env", "docker-compose.yml", 5),
    ]
    assert postgres.components == ("app",) and not postgres.test_only
    assert uses["RabbitMQ"].sources[0].kind == "setting-url"


def test_a_bare_word_setting_is_never_a_backend() -> None:
    # Home Assistant's DOMAIN = "redis" names an integration, not a Redis server.
    settings = source("app/const.py", settings=(SettingValue("DOMAIN", 1, "redis"),))
    assert run(source("app/__init__.py"), settings).stack == ()


def test_a_library_has_no_storage_of_its_own() -> None:
    """A library that imports a database driver works with that database; it stores nothing."""
    pyproject = manifest("pyproject.toml", name="dblib", dependencies=(dep("psycopg", line=5),))
    init = source("dblib/__init__.py", all_names=("connect",))
    driver = source("dblib/pg.py", imp("psycopg", line=1))
    arch = run(pyproject, init, driver)
    assert arch.overview.kind.value == "library"
    primary = storage_section(arch).splitlines()[0]
    assert primary.startswith("- **Primary Storage**: None of its own: this is a library")
    assert "It works with PostgreSQL, through client library `psycopg`" in primary
