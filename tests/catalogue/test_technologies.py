"""Technology catalogue: the shipped data loads whole, every entry sits in a known category, no
key is claimed twice, and the lookups find the well-known names and refuse their look-alikes."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files

import pytest

from archscribe.catalogue import ROLES, frameworks, import_name_map
from archscribe.catalogue.technologies import (
    KEY_KINDS,
    Category,
    TechnologyEntry,
    by_distribution,
    by_image,
    by_import,
    by_npm,
    categories,
    is_tooling,
    normalise_distribution,
    normalise_image,
    parse_technologies,
    technologies,
    technology_index,
    technology_named,
)
from archscribe.errors import InternalError

DATA = files("archscribe.catalogue") / "data"

REQUIRED_CATEGORIES = {
    "web framework",
    "asgi/wsgi server",
    "orm/database access",
    "database driver",
    "database",
    "search",
    "cache",
    "message broker",
    "task queue",
    "object storage",
    "http client",
    "cloud sdk",
    "payments api",
    "email api",
    "sms api",
    "chat api",
    "maps api",
    "llm api",
    "other third-party api",
    "authentication",
    "monitoring: error tracking",
    "monitoring: metrics",
    "monitoring: tracing",
    "monitoring: logging",
    "resilience",
    "scheduling",
    "data/ml",
    "front end",
    "testing",
    "linting/formatting",
    "build/packaging",
    "cli framework",
    "configuration",
    "serialization/validation",
    "templating",
    "gui",
}
STORES = {"database", "cache", "search", "message broker", "object storage"}
TOOLING = {"testing", "linting/formatting", "build/packaging", "documentation", "deployment"}

# frameworks.toml roles and the catalogue category each one is
ROLE_CATEGORIES = {
    "web-framework": {"web framework"},
    "asgi-wsgi-server": {"asgi/wsgi server"},
    "task-queue": {"task queue"},
    "messaging": {"message broker", "messaging client"},
    "scheduler": {"scheduling"},
    "cli-framework": {"cli framework"},
    "gui": {"gui"},
}


# ------------------------------------------------------------------------------ the shipped data


def test_data_file_ships_and_is_valid_toml() -> None:
    document = tomllib.loads((DATA / "technologies.toml").read_text(encoding="utf-8"))
    assert set(document) == {"categories", "technology"}


def test_catalogue_has_at_least_400_entries() -> None:
    assert len(technologies()) >= 400


def test_every_entry_maps_to_a_known_category() -> None:
    known = categories()
    for entry in technologies():
        assert entry.category in known, entry.name


def test_every_category_is_used_and_described() -> None:
    used = {entry.category for entry in technologies()}
    assert used == set(categories())
    for name, category in categories().items():
        assert category.name == name
        assert category.description


def test_the_required_categories_are_there() -> None:
    assert set(categories()) >= REQUIRED_CATEGORIES


def test_tooling_categories_are_flagged() -> None:
    assert {name for name, category in categories().items() if category.tooling} == TOOLING


def test_no_key_is_claimed_twice() -> None:
    for kind in KEY_KINDS:
        seen: dict[str, str] = {}
        for entry in technologies():
            for key in getattr(entry, kind):
                assert key not in seen, f"{kind} {key}: {seen[key]} and {entry.name}"
                seen[key] = entry.name


def test_names_are_unique() -> None:
    names = [entry.name for entry in technologies()]
    assert len(names) == len(set(names))


def test_every_key_is_written_in_canonical_form() -> None:
    for entry in technologies():
        assert all(normalise_distribution(d) == d for d in entry.distributions), entry.name
        assert all(normalise_image(image) == image for image in entry.images), entry.name
        assert all(name == name.lower() for name in entry.npm), entry.name


def test_an_entry_without_keys_is_reached_by_another() -> None:
    reached = {entry.reaches for entry in technologies() if entry.reaches}
    for entry in technologies():
        if not any(getattr(entry, kind) for kind in KEY_KINDS):
            assert entry.name in reached, entry.name


def test_reaches_names_another_production_entry() -> None:
    for entry in technologies():
        if entry.reaches is not None:
            target = technology_named(entry.reaches)
            assert target is not None, entry.name
            assert target is not entry
            assert not is_tooling(target), entry.name


def test_every_framework_import_is_in_the_catalogue_with_a_matching_category() -> None:
    for key, framework in frameworks().items():
        entry = by_import(key)
        assert entry is not None, key
        assert entry.category in ROLE_CATEGORIES[framework.role], key
        if framework.role != "messaging":  # frameworks.toml names the broker with the client
            assert entry.name == framework.name, key
    assert set(ROLE_CATEGORIES) == ROLES


def test_import_names_agree_with_the_distributions() -> None:
    for module, distribution in import_name_map().items():
        entry = by_import(module)
        if entry is not None and entry.distributions:
            assert normalise_distribution(distribution) in entry.distributions, module


def test_loaders_are_cached_and_frozen() -> None:
    assert technologies() is technologies()
    assert categories() is categories()
    assert technology_index() is technology_index()
    entry = technologies()[0]
    with pytest.raises(AttributeError):
        entry.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        categories()["new"] = Category("new", "x", tooling=False)  # type: ignore[index]


# -------------------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("distribution", "name", "category"),
    [
        ("Django", "Django", "web framework"),
        ("djangorestframework", "Django REST framework", "web framework"),
        ("Flask-SQLAlchemy", "Flask-SQLAlchemy", "orm/database access"),
        ("flask_sqlalchemy", "Flask-SQLAlchemy", "orm/database access"),
        ("psycopg2-binary", "psycopg", "database driver"),
        ("psycopg2_binary", "psycopg", "database driver"),
        ("psycopg", "psycopg", "database driver"),
        ("asyncpg", "asyncpg", "database driver"),
        ("PyMySQL", "PyMySQL", "database driver"),
        ("mysqlclient", "mysqlclient", "database driver"),
        ("redis", "redis-py", "database driver"),
        ("celery", "Celery", "task queue"),
        ("boto3", "AWS SDK for Python (boto3)", "cloud sdk"),
        ("google-cloud-storage", "Google Cloud Storage", "object storage"),
        ("azure-storage-blob", "Azure Blob Storage", "object storage"),
        ("stripe", "Stripe", "payments api"),
        ("twilio", "Twilio", "sms api"),
        ("sendgrid", "SendGrid", "email api"),
        ("slack_sdk", "Slack", "chat api"),
        ("discord.py", "Discord", "chat api"),
        ("openai", "OpenAI", "llm api"),
        ("anthropic", "Anthropic", "llm api"),
        ("sentry-sdk", "Sentry", "monitoring: error tracking"),
        ("prometheus-client", "Prometheus Python client", "monitoring: metrics"),
        ("statsd", "StatsD", "monitoring: metrics"),
        ("opentelemetry-sdk", "OpenTelemetry", "monitoring: tracing"),
        ("structlog", "structlog", "monitoring: logging"),
        ("tenacity", "Tenacity", "resilience"),
        ("APScheduler", "APScheduler", "scheduling"),
        ("scikit-learn", "scikit-learn", "data/ml"),
        ("gunicorn", "Gunicorn", "asgi/wsgi server"),
        ("uWSGI", "uWSGI", "asgi/wsgi server"),
        ("minio", "minio-py", "object storage"),
        ("pytest", "pytest", "testing"),
        ("ruff", "Ruff", "linting/formatting"),
        ("ruamel.yaml", "ruamel.yaml", "serialization/validation"),
    ],
)
def test_by_distribution(distribution: str, name: str, category: str) -> None:
    entry = by_distribution(distribution)
    assert entry is not None
    assert (entry.name, entry.category) == (name, category)


@pytest.mark.parametrize(
    "distribution",
    ["redisx", "redis-client", "djangox", "flask2", "psycopg3", "pytest-foo", "", "postgres"],
)
def test_by_distribution_look_alikes_find_nothing(distribution: str) -> None:
    assert by_distribution(distribution) is None


def test_a_driver_reaches_its_database() -> None:
    for distribution, database in [
        ("psycopg2-binary", "PostgreSQL"),
        ("psycopg", "PostgreSQL"),
        ("asyncpg", "PostgreSQL"),
        ("pymysql", "MySQL"),
        ("pymongo", "MongoDB"),
        ("redis", "Redis"),
        ("elasticsearch", "Elasticsearch"),
        ("cassandra-driver", "Apache Cassandra"),
        ("clickhouse-driver", "ClickHouse"),
        ("pika", "RabbitMQ"),
        ("kafka-python", "Apache Kafka"),
        ("s3fs", "Amazon S3"),
    ]:
        entry = by_distribution(distribution)
        assert entry is not None
        assert entry.reaches == database, distribution
        target = technology_named(database)
        assert target is not None
        assert target.category in STORES


@pytest.mark.parametrize(
    ("dotted", "name"),
    [
        ("django.db.models", "Django"),
        ("flask", "Flask"),
        ("flask_sqlalchemy", "Flask-SQLAlchemy"),
        ("flask_login", "Flask-Login"),
        ("aiohttp", "aiohttp (client)"),
        ("aiohttp.ClientSession", "aiohttp (client)"),
        ("aiohttp.web", "aiohttp"),
        ("aiohttp.web.Application", "aiohttp"),
        ("sqlite3", "sqlite3"),
        ("psycopg2.extras", "psycopg"),
        ("MySQLdb", "mysqlclient"),
        ("mysql.connector", "MySQL Connector/Python"),
        ("google.cloud.storage.blob", "Google Cloud Storage"),
        ("google.cloud.pubsub_v1", "Google Cloud Pub/Sub"),
        ("google.cloud.vision", "Google Cloud client libraries"),
        ("google.protobuf.message", "Protocol Buffers"),
        ("azure.storage.blob", "Azure Blob Storage"),
        ("azure.keyvault.secrets", "Azure Key Vault"),
        ("opencensus.ext.azure.log_exporter", "Azure Application Insights"),
        ("opencensus.trace", "OpenCensus"),
        ("opentelemetry.sdk.trace", "OpenTelemetry"),
        ("paho.mqtt.client", "paho-mqtt"),
        ("sentry_sdk.integrations.django", "Sentry"),
        ("boto3.session", "AWS SDK for Python (boto3)"),
        ("sklearn.linear_model", "scikit-learn"),
        ("PIL.Image", "Pillow"),
        ("yaml", "PyYAML"),
        ("unittest.mock", "unittest"),
        ("_pytest.fixtures", "pytest"),
        ("gi.repository.Gtk", "GTK (PyGObject)"),
    ],
)
def test_by_import(dotted: str, name: str) -> None:
    entry = by_import(dotted)
    assert entry is not None
    assert entry.name == name


@pytest.mark.parametrize(
    "dotted",
    [
        "redisx",
        "djangofoo",
        "flask2",
        "mypackage.flask",
        "google",
        "azure",
        "gi.repository.GLib",
        "mysql",
        "Flask",
        "",
        ".models",
        "os.path",
    ],
)
def test_by_import_look_alikes_find_nothing(dotted: str) -> None:
    assert by_import(dotted) is None


@pytest.mark.parametrize(
    ("reference", "normalised"),
    [
        ("postgres", "postgres"),
        ("postgres:16", "postgres"),
        ("postgres:16-alpine", "postgres"),
        ("library/postgres:16", "postgres"),
        ("docker.io/library/postgres:16-alpine", "postgres"),
        ("index.docker.io/library/redis:7", "redis"),
        ("docker.io/bitnami/postgresql:15", "bitnami/postgresql"),
        ("ghcr.io/org/x:1", "org/x"),
        ("quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z", "minio/minio"),
        ("mcr.microsoft.com/mssql/server:2022-latest", "mssql/server"),
        ("public.ecr.aws/docker/library/postgres:16", "postgres"),
        ("public.ecr.aws/lambda/python:3.12", "lambda/python"),
        ("localhost:5000/app:dev", "app"),
        ("localhost/app", "app"),
        ("registry.example.com:5000/team/app:1.0", "team/app"),
        ("redis@sha256:0123abcd", "redis"),
        ("redis:7.2@sha256:0123abcd", "redis"),
        ("Postgres:16", "postgres"),
        ("  nginx:1.27  ", "nginx"),
        ("postgres:${PG_VERSION:-16}", "postgres"),
        ("ghcr.io/library/app", "library/app"),
        ("", ""),
    ],
)
def test_normalise_image(reference: str, normalised: str) -> None:
    assert normalise_image(reference) == normalised


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("docker.io/library/postgres:16-alpine", "PostgreSQL"),
        ("postgis/postgis:16-3.4", "PostgreSQL"),
        ("bitnami/postgresql:15", "PostgreSQL"),
        ("mysql:8", "MySQL"),
        ("mariadb:11", "MariaDB"),
        ("mongo:7", "MongoDB"),
        ("redis:7-alpine", "Redis"),
        ("valkey/valkey:8", "Valkey"),
        ("memcached:1.6", "Memcached"),
        ("rabbitmq:3-management", "RabbitMQ"),
        ("bitnami/kafka:3.7", "Apache Kafka"),
        ("confluentinc/cp-kafka:7.6.0", "Apache Kafka"),
        ("nats:2", "NATS"),
        ("docker.elastic.co/elasticsearch/elasticsearch:8.13.0", "Elasticsearch"),
        ("opensearchproject/opensearch:2", "OpenSearch"),
        ("getmeili/meilisearch:v1.7", "Meilisearch"),
        ("quay.io/minio/minio", "MinIO"),
        ("clickhouse/clickhouse-server:24", "ClickHouse"),
        ("prom/prometheus", "Prometheus"),
        ("grafana/grafana:10.4.0", "Grafana"),
        ("jaegertracing/all-in-one:1.57", "Jaeger"),
        ("nginx:stable", "nginx"),
        ("traefik:v3.0", "Traefik"),
        ("localstack/localstack", "LocalStack"),
        ("python:3.12-slim", "Python"),
        ("mcr.microsoft.com/mssql/server:2022-latest", "Microsoft SQL Server"),
    ],
)
def test_by_image(reference: str, name: str) -> None:
    entry = by_image(reference)
    assert entry is not None
    assert entry.name == name


@pytest.mark.parametrize(
    "reference",
    [
        "postgresql-client",
        "postgres-exporter",
        "myorg/postgres",
        "ghcr.io/myorg/redis",
        "redis-commander",
        "bitnami/postgres",
        "${IMAGE}",
        "",
    ],
)
def test_by_image_look_alikes_find_nothing(reference: str) -> None:
    assert by_image(reference) is None


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("react", "React"),
        ("react-dom", "React"),
        ("react-native", "React Native"),
        ("vue", "Vue.js"),
        ("@angular/core", "Angular"),
        ("svelte", "Svelte"),
        ("next", "Next.js"),
        ("express", "Express"),
        ("vite", "Vite"),
        ("webpack", "webpack"),
        ("tailwindcss", "Tailwind CSS"),
        ("pg", "node-postgres"),
        ("stripe", "Stripe"),
        ("@sentry/node", "Sentry"),
        ("@aws-sdk/client-s3", "Amazon S3"),
        ("jest", "Jest"),
    ],
)
def test_by_npm(package: str, name: str) -> None:
    entry = by_npm(package)
    assert entry is not None
    assert entry.name == name


@pytest.mark.parametrize("package", ["@types/react", "reactx", "React", "@angular/common", ""])
def test_by_npm_look_alikes_find_nothing(package: str) -> None:
    assert by_npm(package) is None


def test_tooling_is_told_from_production() -> None:
    for distribution in ("pytest", "ruff", "black", "mypy", "hatchling", "sphinx", "ansible"):
        entry = by_distribution(distribution)
        assert entry is not None
        assert is_tooling(entry), distribution
    for distribution in ("django", "psycopg", "celery", "sentry-sdk", "stripe"):
        entry = by_distribution(distribution)
        assert entry is not None
        assert not is_tooling(entry), distribution


# --------------------------------------------------------------------------------- bad data


def _document(*entries: Mapping[str, object]) -> dict[str, object]:
    return {
        "categories": {
            "database": {"description": "Databases", "tooling": False},
            "database driver": {"description": "Drivers", "tooling": False},
        },
        "technology": [dict(entry) for entry in entries],
    }


POSTGRES = {"name": "PostgreSQL", "category": "database", "images": ["postgres"]}
PSYCOPG = {
    "name": "psycopg",
    "category": "database driver",
    "reaches": "PostgreSQL",
    "distributions": ["psycopg2-binary"],
    "imports": ["psycopg2"],
}


def test_a_good_document_parses() -> None:
    index = parse_technologies(_document(POSTGRES, PSYCOPG), "technologies.toml")
    driver = index.by_distribution("psycopg2_binary")
    assert driver == TechnologyEntry(
        "psycopg", "database driver", "PostgreSQL", ("psycopg2-binary",), ("psycopg2",), (), ()
    )
    assert index.by_image("postgres:16") is index.names["PostgreSQL"]
    assert index.by_import("psycopg2.extras") is driver
    assert index.by_npm("pg") is None


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        ((POSTGRES, {**PSYCOPG, "category": "driver"}), "psycopg) has unknown category 'driver'"),
        ((POSTGRES, {**PSYCOPG, "reaches": "Postgres"}), "reaches 'Postgres'"),
        ((POSTGRES, {**PSYCOPG, "reaches": "psycopg"}), "reaches 'psycopg'"),
        ((POSTGRES, {**PSYCOPG, "name": "PostgreSQL"}), "'PostgreSQL' is given to two"),
        (
            (POSTGRES, PSYCOPG, {"name": "pg2", "category": "database", "imports": ["psycopg2"]}),
            "imports 'psycopg2' is claimed by psycopg and pg2",
        ),
        (
            (POSTGRES, {**PSYCOPG, "distributions": ["psycopg2_binary"]}),
            "'psycopg2_binary' is not written in canonical form",
        ),
        (
            (POSTGRES, {**PSYCOPG, "imports": ["psycopg2", "psycopg2"]}),
            "imports lists a name twice",
        ),
        (({**POSTGRES, "images": ["postgres:16"]},), "'postgres:16' is not written in canonical"),
        (({**POSTGRES, "images": ["docker.io/postgres"]},), "is not written in canonical"),
        (({**POSTGRES, "npm": ["React"]},), "'React' is not written in canonical form"),
        (({**POSTGRES, "imports": ["my-module"]},), "'my-module' is not written in canonical"),
        (({**POSTGRES, "images": "postgres"},), "images is not a list of names"),
        (({**POSTGRES, "image": ["postgres"]},), "has unknown field 'image'"),
        (({"category": "database"},), "[[technology]] #1 has no name"),
        (({**POSTGRES, "reaches": ""},), "has a reaches that is not a name"),
    ],
)
def test_bad_entries_fail_loudly_naming_file_and_entry(
    entries: tuple[Mapping[str, object], ...], says: str
) -> None:
    with pytest.raises(InternalError) as caught:
        parse_technologies(_document(*entries), "technologies.toml")
    assert "technologies.toml" in caught.value.message
    assert says in caught.value.message
    assert caught.value.where.endswith("technologies.toml")


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({"technology": []}, "[categories] is missing"),
        ({"categories": {"db": {"description": "x"}}, "technology": []}, 'categories."db"'),
        ({"categories": {"db": {"description": "x", "tooling": "no"}}}, 'categories."db"'),
        ({"categories": {"db": {"description": "x", "tooling": False}}}, "[[technology]] is"),
        ({**_document(POSTGRES), "extra": {}}, "unknown table [extra]"),
        ({**_document(), "technology": ["PostgreSQL"]}, "#1 is not a table"),
    ],
)
def test_bad_documents_fail_loudly(document: Mapping[str, object], says: str) -> None:
    with pytest.raises(InternalError) as caught:
        parse_technologies(document, "technologies.toml")
    assert says in caught.value.message


def test_every_problem_is_reported_at_once() -> None:
    bad = [
        {"name": "A", "category": "nope"},
        {"name": "B", "category": "nope"},
        {"name": "C", "category": "database", "unknown": 1},
    ]
    with pytest.raises(InternalError) as caught:
        parse_technologies(_document(*bad), "technologies.toml")
    message = caught.value.message
    assert "has 3 problems" in message
    assert all(f"({name})" in message for name in "ABC")
