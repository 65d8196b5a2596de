"""Technology catalogue: the shipped data loads whole, every entry sits in a known category, no
key is claimed twice, and the lookups find the well-known names and refuse their look-alikes."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files

import pytest

from archscribe.catalogue import ROLES, frameworks, import_name_map
from archscribe.catalogue.technologies import (
    KEY_KIND_DESCRIPTIONS,
    KEY_KINDS,
    PACKAGE_ECOSYSTEMS,
    Category,
    TechnologyEntry,
    by_distribution,
    by_image,
    by_import,
    by_npm,
    canonical_key,
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


def test_catalogue_has_at_least_1011_entries() -> None:
    assert len(technologies()) >= 1011


@pytest.mark.parametrize(
    ("kind", "least"),
    [
        ("schemes", 40),
        ("python_paths", 30),
        ("terraform", 60),
        ("gems", 10),
        ("go", 10),
        ("cargo", 10),
        ("maven", 10),
        ("cloudformation", 10),
    ],
)
def test_every_new_kind_of_key_is_well_stocked(kind: str, least: int) -> None:
    assert sum(len(getattr(entry, kind)) for entry in technologies()) >= least


def test_every_kind_of_key_is_described_and_listed_in_the_file_header() -> None:
    text = (DATA / "technologies.toml").read_text(encoding="utf-8")
    header = text.split("\n[categories.", 1)[0]
    assert set(KEY_KIND_DESCRIPTIONS) == set(KEY_KINDS)
    for kind in KEY_KINDS:
        assert kind in header, kind


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
        for kind in KEY_KINDS:
            for key in getattr(entry, kind):
                assert canonical_key(kind, key) == key, f"{entry.name}: {kind} {key!r}"


def test_every_entry_with_a_new_kind_of_key_maps_to_a_known_category() -> None:
    new_kinds = KEY_KINDS[4:]
    known = categories()
    for entry in technologies():
        if any(getattr(entry, kind) for kind in new_kinds):
            assert entry.category in known, entry.name


def test_a_string_both_import_and_settings_path_names_one_technology() -> None:
    index = technology_index()
    for path, entry in index.python_paths.items():
        assert index.imports.get(path, entry) is entry, path


def test_schemes_that_reach_anything_are_no_keys() -> None:
    assert not {"http", "https", "file", "ftp", "ws", "wss", "ssh"} & set(
        technology_index().schemes
    )


def test_no_terraform_key_is_a_cloud_with_many_services() -> None:
    terraform = technology_index().terraform
    assert not {"aws", "google", "azurerm", "azuread", "oci", "ibm", "alicloud"} & set(terraform)
    assert not {"postgresql", "mysql"} & set(terraform)  # server-configuration providers


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


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("postgres:16", "PostgreSQL"),
        ("postgis/postgis:16-3.4", "PostgreSQL"),
        ("ankane/pgvector", "PostgreSQL"),
        ("mysql:8", "MySQL"),
        ("mariadb:11", "MariaDB"),
        ("mongo:7", "MongoDB"),
        ("redis:7", "Redis"),
        ("bitnami/redis:7.2", "Redis"),
        ("valkey/valkey:8", "Valkey"),
        ("memcached", "Memcached"),
        ("rabbitmq:3-management", "RabbitMQ"),
        ("bitnami/rabbitmq", "RabbitMQ"),
        ("docker.elastic.co/elasticsearch/elasticsearch:8.13.0", "Elasticsearch"),
        ("opensearchproject/opensearch:2", "OpenSearch"),
        ("bitnami/opensearch:2", "OpenSearch"),
        ("minio/minio", "MinIO"),
        ("nginx", "nginx"),
        ("traefik:v3", "Traefik"),
        ("haproxy:2.9", "HAProxy"),
        ("caddy:2", "Caddy"),
        ("localstack/localstack", "LocalStack"),
        ("mailhog/mailhog", "MailHog"),
        ("axllent/mailpit", "Mailpit"),
        ("grafana/grafana", "Grafana"),
        ("prom/prometheus", "Prometheus"),
        ("jaegertracing/all-in-one", "Jaeger"),
        ("otel/opentelemetry-collector", "OpenTelemetry Collector"),
        ("getsentry/sentry:24.1.0", "Sentry"),
        ("confluentinc/cp-kafka:7.6.0", "Apache Kafka"),
        ("bitnami/kafka", "Apache Kafka"),
        ("apache/kafka:3.7.0", "Apache Kafka"),
        ("apache/kafka-native", "Apache Kafka"),
        ("zookeeper:3.9", "Apache ZooKeeper"),
        ("nats:2", "NATS"),
        ("clickhouse/clickhouse-server", "ClickHouse"),
        ("cassandra:4", "Apache Cassandra"),
        ("neo4j:5", "Neo4j"),
        ("statsd/statsd", "StatsD"),
        ("graphiteapp/graphite-statsd", "Graphite"),
        ("datadog/agent:7", "Datadog"),
        ("gcr.io/datadoghq/agent:7", "Datadog"),
        ("timescale/timescaledb:latest-pg16", "TimescaleDB"),
        ("pgbouncer/pgbouncer", "PgBouncer"),
        ("bitnami/pgbouncer", "PgBouncer"),
        ("edoburu/pgbouncer", "PgBouncer"),
    ],
)
def test_the_common_infrastructure_images_are_known(reference: str, name: str) -> None:
    entry = by_image(reference)
    assert entry is not None, reference
    assert entry.name == name


# ------------------------------------------------------------------------------ URL schemes


@pytest.mark.parametrize(
    ("scheme", "name"),
    [
        ("postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("POSTGRESQL", "PostgreSQL"),
        ("postgresql+psycopg", "PostgreSQL"),
        ("postgresql+asyncpg", "PostgreSQL"),
        ("postgres://", "PostgreSQL"),
        ("postgis", "PostgreSQL"),
        ("mysql", "MySQL"),
        ("mysql+pymysql", "MySQL"),
        ("mariadb", "MariaDB"),
        ("sqlite", "SQLite"),
        ("mongodb", "MongoDB"),
        ("mongodb+srv", "MongoDB"),
        ("redis", "Redis"),
        ("rediss", "Redis"),
        ("valkey", "Valkey"),
        ("memcached", "Memcached"),
        ("amqp", "RabbitMQ"),
        ("amqps", "RabbitMQ"),
        ("pyamqp", "RabbitMQ"),
        ("kafka", "Apache Kafka"),
        ("nats", "NATS"),
        ("sqs", "Amazon SQS"),
        ("s3", "Amazon S3"),
        ("gs", "Google Cloud Storage"),
        ("azure", "Azure Blob Storage"),
        ("elasticsearch", "Elasticsearch"),
        ("clickhouse", "ClickHouse"),
        ("clickhouse+native", "ClickHouse"),
        ("cassandra", "Apache Cassandra"),
        ("mssql", "Microsoft SQL Server"),
        ("mssql+pyodbc", "Microsoft SQL Server"),
        ("oracle", "Oracle Database"),
        ("oracle+oracledb", "Oracle Database"),
        ("cockroachdb", "CockroachDB"),
        ("smtp", "SMTP"),
        ("smtps", "SMTP"),
        ("smtp+tls", "SMTP"),
        ("neo4j+s", "Neo4j"),
        ("snowflake", "Snowflake"),
        ("bigquery", "BigQuery"),
    ],
)
def test_by_scheme(scheme: str, name: str) -> None:
    entry = technology_index().by_scheme(scheme)
    assert entry is not None, scheme
    assert entry.name == name


@pytest.mark.parametrize(
    "scheme",
    [
        "https",
        "http",
        "file",
        "ftp",
        "HTTPS",
        "",
        "postgresx",
        "db+postgresql",
        "mongo",
        "x+redis",
    ],
)
def test_by_scheme_look_alikes_find_nothing(scheme: str) -> None:
    assert technology_index().by_scheme(scheme) is None


# ---------------------------------------------------------------------- paths in settings


@pytest.mark.parametrize(
    ("dotted", "name"),
    [
        ("django.db.backends.postgresql", "PostgreSQL"),
        ("django.db.backends.postgresql_psycopg2", "PostgreSQL"),
        ("django.contrib.gis.db.backends.postgis", "PostgreSQL"),
        ("django.db.backends.mysql", "MySQL"),
        ("django.db.backends.sqlite3", "SQLite"),
        ("django.db.backends.oracle", "Oracle Database"),
        ("mssql", "Microsoft SQL Server"),
        ("django_cockroachdb", "CockroachDB"),
        ("django.core.cache.backends.redis.RedisCache", "Redis"),
        ("django_redis.cache.RedisCache", "Redis"),
        ("django.core.cache.backends.memcached.PyMemcacheCache", "Memcached"),
        ("django.core.cache.backends.memcached.PyLibMCCache", "Memcached"),
        ("django.core.cache.backends.memcached.MemcachedCache", "Memcached"),
        ("django.core.mail.backends.smtp.EmailBackend", "SMTP"),
        ("anymail.backends.mailgun.EmailBackend", "Mailgun"),
        ("anymail.backends.sendgrid.EmailBackend", "SendGrid"),
        ("anymail.backends.postmark.EmailBackend", "Postmark"),
        ("anymail.backends.amazon_ses.EmailBackend", "Amazon SES"),
        ("django_ses.SESBackend", "Amazon SES"),
        ("storages.backends.s3boto3.S3Boto3Storage", "Amazon S3"),
        ("storages.backends.s3.S3Storage", "Amazon S3"),
        ("storages.backends.gcloud.GoogleCloudStorage", "Google Cloud Storage"),
        ("storages.backends.azure_storage.AzureStorage", "Azure Blob Storage"),
        ("channels_redis.core.RedisChannelLayer", "Redis"),
        ("channels_redis.pubsub.RedisPubSubChannelLayer", "Redis"),
        ("haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine", "Elasticsearch"),
        ("  django.db.backends.postgresql  ", "PostgreSQL"),
    ],
)
def test_by_python_path(dotted: str, name: str) -> None:
    entry = technology_index().by_python_path(dotted)
    assert entry is not None, dotted
    assert entry.name == name


@pytest.mark.parametrize(
    "dotted",
    [
        "django.db.backends",
        "django.db",
        "django",
        "django.db.backends.postgresqlx",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.mail.backends.console.EmailBackend",
        "django.contrib.sessions.backends.cache",
        "storages.backends",
        "anymail.backends",
        "django_redis",  # an import, not a settings path
        "redis",
        "myproject.backends.mssql",
        "",
    ],
)
def test_by_python_path_look_alikes_find_nothing(dotted: str) -> None:
    assert technology_index().by_python_path(dotted) is None


# -------------------------------------------------------------------------- Terraform types


@pytest.mark.parametrize(
    ("resource_type", "name"),
    [
        ("aws_db_instance", "Amazon RDS"),
        ("aws_rds_cluster", "Amazon RDS"),
        ("aws_elasticache_cluster", "Amazon ElastiCache"),
        ("aws_elasticache_replication_group", "Amazon ElastiCache"),
        ("aws_s3_bucket", "Amazon S3"),
        ("aws_s3_bucket_policy", "Amazon S3"),
        ("aws_sqs_queue", "Amazon SQS"),
        ("aws_sns_topic", "Amazon SNS"),
        ("aws_dynamodb_table", "Amazon DynamoDB"),
        ("aws_lambda_function", "AWS Lambda"),
        ("aws_ecs_service", "Amazon ECS"),
        ("aws_eks_cluster", "Amazon EKS"),
        ("aws_msk_cluster", "Amazon MSK"),
        ("aws_opensearch_domain", "OpenSearch"),
        ("aws_elasticsearch_domain", "Elasticsearch"),
        ("aws_cloudfront_distribution", "Amazon CloudFront"),
        ("aws_lb", "Elastic Load Balancing"),
        ("aws_lb_target_group", "Elastic Load Balancing"),
        ("google_sql_database_instance", "Google Cloud SQL"),
        ("google_storage_bucket", "Google Cloud Storage"),
        ("google_pubsub_topic", "Google Cloud Pub/Sub"),
        ("google_redis_instance", "Google Memorystore"),
        ("google_cloud_run_service", "Google Cloud Run"),
        ("google_cloud_run_v2_service", "Google Cloud Run"),
        ("google_container_cluster", "Google Kubernetes Engine"),
        ("azurerm_postgresql_flexible_server", "Azure Database for PostgreSQL"),
        ("azurerm_mysql_flexible_server", "Azure Database for MySQL"),
        ("azurerm_redis_cache", "Azure Cache for Redis"),
        ("azurerm_storage_account", "Azure Blob Storage"),
        ("azurerm_storage_queue", "Azure Queue Storage"),
        ("azurerm_servicebus_namespace", "Azure Service Bus"),
        ("azurerm_kubernetes_cluster", "Azure Kubernetes Service"),
        ("azurerm_cosmosdb_account", "Azure Cosmos DB"),
        ("digitalocean_database_cluster", "DigitalOcean Managed Databases"),
        ("cloudflare_record", "Cloudflare"),
        ("kubernetes_deployment", "Kubernetes"),
        ("helm_release", "Helm"),
        ("AWS_S3_BUCKET", "Amazon S3"),
    ],
)
def test_by_terraform(resource_type: str, name: str) -> None:
    entry = technology_index().by_terraform(resource_type)
    assert entry is not None, resource_type
    assert entry.name == name


@pytest.mark.parametrize(
    "resource_type",
    [
        "postgresql_extra_thing",
        "aws",
        "aws_iam_role",
        "aws_s3control_bucket",
        "google_project",
        "google_container_registry",
        "azurerm_resource_group",
        "random_password",
        "null_resource",
        "",
    ],
)
def test_by_terraform_look_alikes_find_nothing(resource_type: str) -> None:
    assert technology_index().by_terraform(resource_type) is None


# ------------------------------------------------------------------ other ecosystems' packages


@pytest.mark.parametrize(
    ("ecosystem", "package", "name"),
    [
        ("python", "psycopg2_binary", "psycopg"),
        ("python", "redis", "redis-py"),
        ("npm", "redis", "node-redis"),
        ("npm", "@aws-sdk/client-s3", "Amazon S3"),
        ("rubygems", "rails", "Ruby on Rails"),
        ("rubygems", "sidekiq", "Sidekiq"),
        ("rubygems", "pg", "pg (Ruby)"),
        ("rubygems", "redis", "redis-rb"),
        ("rubygems", "puma", "Puma"),
        ("rubygems", "sinatra", "Sinatra"),
        ("rubygems", "aws-sdk-s3", "Amazon S3"),
        ("go", "github.com/gin-gonic/gin", "Gin"),
        ("go", "github.com/jackc/pgx/v5", "pgx"),
        ("go", "github.com/jackc/pgx", "pgx"),
        ("go", "github.com/lib/pq", "pq"),
        ("go", "github.com/redis/go-redis/v9", "go-redis"),
        ("go", "google.golang.org/grpc", "gRPC"),
        ("go", "github.com/aws/aws-sdk-go-v2", "AWS SDK for Go"),
        ("go", "github.com/aws/aws-sdk-go-v2/config", "AWS SDK for Go"),
        ("go", "github.com/aws/aws-sdk-go-v2/service/s3", "Amazon S3"),
        ("go", "gorm.io/gorm", "GORM"),
        ("go", "github.com/labstack/echo/v4", "Echo"),
        ("go", "github.com/gofiber/fiber/v2", "Fiber"),
        ("go", "github.com/prometheus/client_golang", "Prometheus"),
        ("go", "github.com/segmentio/kafka-go", "kafka-go"),
        ("go", "github.com/IBM/sarama", "Sarama"),
        ("cargo", "tokio", "Tokio"),
        ("cargo", "axum", "Axum"),
        ("cargo", "actix-web", "Actix Web"),
        ("cargo", "actix_web", "Actix Web"),
        ("cargo", "sqlx", "SQLx"),
        ("cargo", "diesel", "Diesel"),
        ("cargo", "redis", "redis-rs"),
        ("cargo", "reqwest", "reqwest"),
        ("cargo", "serde", "Serde"),
        ("cargo", "serde-json", "Serde"),
        ("cargo", "rdkafka", "rust-rdkafka"),
        ("cargo", "tonic", "gRPC"),
        ("maven", "org.springframework.boot:spring-boot-starter-web", "Spring Boot"),
        ("maven", "org.springframework.boot:spring-boot-starter-actuator", "Spring Boot"),
        ("maven", "org.springframework.boot:spring-boot-starter-data-redis", "Spring Data Redis"),
        ("maven", "org.postgresql:postgresql", "PostgreSQL JDBC driver"),
        ("maven", "org.postgresql:postgresql:42.7.3", "PostgreSQL JDBC driver"),
        ("maven", "software.amazon.awssdk:s3", "Amazon S3"),
        ("maven", "software.amazon.awssdk:sts", "AWS SDK for Java"),
        ("maven", "io.grpc:grpc-netty-shaded", "gRPC"),
        ("maven", "org.junit.jupiter:junit-jupiter", "JUnit"),
    ],
)
def test_by_package(ecosystem: str, package: str, name: str) -> None:
    entry = technology_index().by_package(ecosystem, package)
    assert entry is not None, (ecosystem, package)
    assert entry.name == name


@pytest.mark.parametrize(
    ("ecosystem", "package"),
    [
        ("python", "postgres"),
        ("npm", "React"),
        ("rubygems", "railsx"),
        ("rubygems", "Rails"),
        ("go", "github.com/gin-gonic/ginx"),
        ("go", "github.com/gin-gonic"),
        ("go", "github.com/myorg/gin"),
        ("go", "github.com"),
        ("cargo", "tokio-util"),
        ("cargo", "axum-extra"),
        ("maven", "org.postgresql:r2dbc-postgresql"),
        ("maven", "org.springframework.bootx:foo"),
        ("maven", "com.example:app"),
        ("pypi", "django"),
        ("nuget", "Newtonsoft.Jsonx"),
        ("nuget", "Npgsqlx"),
        ("nuget", "Microsoft"),
        ("conan", "Npgsql"),  # an ecosystem the catalogue does not know
        ("go", ""),
        ("maven", ""),
    ],
)
def test_by_package_look_alikes_find_nothing(ecosystem: str, package: str) -> None:
    assert technology_index().by_package(ecosystem, package) is None


def test_each_ecosystem_names_its_own_client_of_the_same_server() -> None:
    index = technology_index()
    clients = {ecosystem: index.by_package(ecosystem, "redis") for ecosystem in PACKAGE_ECOSYSTEMS}
    found = {ecosystem: entry.name for ecosystem, entry in clients.items() if entry is not None}
    assert found == {
        "python": "redis-py",
        "npm": "node-redis",
        "rubygems": "redis-rb",
        "cargo": "redis-rs",
    }
    assert {entry.reaches for entry in clients.values() if entry is not None} == {"Redis"}


def test_a_driver_of_another_language_reaches_its_server() -> None:
    index = technology_index()
    for ecosystem, package, server in [
        ("rubygems", "pg", "PostgreSQL"),
        ("go", "github.com/jackc/pgx/v5", "PostgreSQL"),
        ("go", "github.com/go-sql-driver/mysql", "MySQL"),
        ("cargo", "tokio-postgres", "PostgreSQL"),
        ("maven", "org.postgresql:postgresql", "PostgreSQL"),
        ("maven", "com.mysql:mysql-connector-j", "MySQL"),
        ("maven", "org.apache.kafka:kafka-clients", "Apache Kafka"),
    ]:
        entry = index.by_package(ecosystem, package)
        assert entry is not None, package
        assert entry.reaches == server, package


def test_lookups_of_the_other_kinds() -> None:
    index = technology_index()
    assert (found := index.by_cloudformation("AWS::SQS::Queue")) is not None
    assert found.name == "Amazon SQS"
    assert (found := index.by_cloudformation("AWS::Serverless::Function")) is not None
    assert found.name == "AWS Lambda"
    assert (found := index.by_provider("aws")) is not None
    assert found.name == "Amazon Web Services"
    assert (found := index.by_platform("fly")) is not None
    assert found.name == "Fly.io"
    assert index.by_cloudformation("AWS::IAM::Role") is None
    assert index.by_provider("random") is None


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
        (({**POSTGRES, "schemes": ["Postgres"]},), "schemes 'Postgres' is not written in canon"),
        (({**POSTGRES, "schemes": ["postgres://"]},), "'postgres://' is not written in canon"),
        (({**POSTGRES, "terraform": ["AWS_DB"]},), "terraform 'AWS_DB' is not written in canon"),
        (({**POSTGRES, "terraform": ["aws-db"]},), "terraform 'aws-db' is not written in canon"),
        (({**POSTGRES, "python_paths": ["a..b"]},), "'a..b' is not written in canonical form"),
        (({**POSTGRES, "go": ["github.com/jackc/pgx/v5"]},), "'github.com/jackc/pgx/v5' is not"),
        (({**POSTGRES, "go": ["pgx"]},), "go 'pgx' is not written in canonical form"),
        (({**POSTGRES, "cargo": ["Tokio"]},), "cargo 'Tokio' is not written in canonical form"),
        (({**POSTGRES, "maven": ["a:b:1.0"]},), "maven 'a:b:1.0' is not written in canonical"),
        (({**POSTGRES, "cargo": ["pg_x", "pg-x"]},), "cargo lists a name twice"),
        (
            (
                POSTGRES,
                {**PSYCOPG, "cargo": ["pg_x"]},
                {**POSTGRES, "name": "B", "cargo": ["pg-x"]},
            ),
            "cargo 'pg-x' is claimed by psycopg and B",
        ),
        (
            (POSTGRES, PSYCOPG, {**POSTGRES, "name": "B", "python_paths": ["psycopg2"]}),
            "'psycopg2' is an import of psycopg but a python_paths key of B",
        ),
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


def test_a_string_may_be_import_and_settings_path_of_one_technology() -> None:
    index = parse_technologies(
        _document(POSTGRES, {**PSYCOPG, "python_paths": ["psycopg2"]}), "technologies.toml"
    )
    assert index.by_python_path("psycopg2.pool") is index.by_import("psycopg2")


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


def test_nuget_ids_ignore_case_and_match_the_longest_dotted_prefix() -> None:
    index = technology_index()
    found = {
        name: entry.name if (entry := index.by_package("nuget", name)) else None
        for name in ("npgsql", "Microsoft.AspNetCore.Mvc.Core", "StackExchange.Redis")
    }
    assert found == {
        "npgsql": "Npgsql",
        "Microsoft.AspNetCore.Mvc.Core": "ASP.NET Core",
        "StackExchange.Redis": "StackExchange.Redis",
    }
