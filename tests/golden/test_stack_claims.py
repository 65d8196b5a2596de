"""What the stack fixtures' documents must say, and what they must never claim.

The golden tests prove the checked-in documents are archscribe's output; these read them for
the claims that matter: technologies found with their evidence, test infrastructure kept apart
from production storage, look-alikes not claimed, and no secret value printed anywhere.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..conftest import EXPECTED, REPOS


def _model(fixture: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXPECTED / fixture / "architecture.json").read_text())
    return data


def _stack(fixture: str) -> dict[str, dict[str, Any]]:
    return {use["technology"]: use for use in _model(fixture)["stack"]}


def test_web_stack_finds_its_storage_broker_apis_and_monitoring() -> None:
    stack = _stack("web_stack")
    production = {name for name, use in stack.items() if not use["test_only"]}
    assert {"PostgreSQL", "Redis", "RabbitMQ", "Amazon S3", "Stripe", "Sentry"} <= production
    postgres = {(s["kind"], s["evidence"]["path"]) for s in stack["PostgreSQL"]["sources"]}
    assert ("setting", "bookings/settings/base.py") in postgres
    assert ("dependency", "pyproject.toml") in postgres
    assert ("service", "docker-compose.yml") in postgres
    # Also a CI service container, but that does not make the production PostgreSQL test-only.
    assert ("ci-service", ".github/workflows/ci.yml") in postgres


def test_ci_only_services_are_test_infrastructure() -> None:
    stack = _stack("web_stack")
    assert stack["Memcached"]["test_only"] is True
    document = (EXPECTED / "web_stack" / "ARCHITECTURE.md").read_text()
    caching = next(line for line in document.splitlines() if line.startswith("- **Caching**"))
    assert "Memcached" not in caching
    primary = next(line for line in document.splitlines() if "**Primary Storage**" in line)
    assert "Test infrastructure only (not production storage): Memcached" in primary


@pytest.mark.parametrize(
    "look_alike",
    [
        "MongoDB",  # mentioned only in the README
        "Elasticsearch",  # a commented-out dependency and a commented-out compose service
        "MySQL",  # a URL inside a comment of the settings
    ],
)
def test_look_alikes_are_not_claimed(look_alike: str) -> None:
    assert look_alike not in _stack("web_stack")
    assert look_alike not in (EXPECTED / "web_stack" / "ARCHITECTURE.md").read_text()


def test_no_secret_value_is_printed() -> None:
    """Every value the fixture's files set for a password, a key or a URL's credentials."""
    secrets = [
        "insecure-fixture-secret-value",
        "fixture-db-password",
        "fixture-compose-password",
        "fixture-ci-password",
        "sk_test_fixture_never_printed",
        "change-me",
    ]
    written = "".join(
        (EXPECTED / "web_stack" / name).read_text()
        for name in ("ARCHITECTURE.md", "architecture.json")
    )
    sources = "".join(
        p.read_text(errors="replace") for p in (REPOS / "web_stack").rglob("*") if p.is_file()
    )
    assert [s for s in secrets if s in sources] == secrets  # the values are there to leak
    assert [s for s in secrets if s in written] == []


def test_a_library_is_no_deployed_service_with_storage() -> None:
    for fixture in ("flat_lib", "src_cli", "namespace_pkg"):
        model = _model(fixture)
        assert model["overview"]["kind"] in ("library", "command-line tool")
        assert model["stack"] == []
        assert model["deployment"]["services"] == []


def test_other_languages_and_lock_files() -> None:
    externals = {(e["ecosystem"], e["distribution"]): e for e in _model("platforms")["externals"]}
    assert externals["python", "fastapi"]["locked"] == "0.115.4"
    assert externals["go", "github.com/jackc/pgx/v5"]["reaches"] == "PostgreSQL"
    assert externals["npm", "vite"]["tooling"] is True
    assert externals["rubygems", "rspec"]["groups"] == ["test"]
    assert ("rubygems", "mongoid") not in externals  # commented out in the Gemfile
    assert ("maven", "org.mongodb:mongodb-driver-sync") not in externals  # and in build.gradle
    assert ("python", "celery") not in externals  # and in the Pipfile
    assert externals["python", "flask"]["locked"] == "3.0.3"  # Pipfile.lock
    assert externals["npm", "react"]["locked"] == "18.3.1"  # package-lock.json
    assert externals["maven", "org.postgresql:postgresql"]["reaches"] == "PostgreSQL"
    stack = _stack("platforms")
    assert "Amazon DynamoDB" in stack  # a CloudFormation table in serverless.yml
    assert "Amazon SQS" in stack  # a Terraform JSON queue
    assert [s["kind"] for s in stack["MySQL"]["sources"]] == ["setting-url"]  # a Flask config
    assert externals["python", "typer"]["locked"] == "0.12.5"  # poetry.lock
    assert externals["nuget", "RabbitMQ.Client"]["reaches"] == "RabbitMQ"  # a .csproj
    assert ("nuget", "MongoDB.Driver") not in externals  # commented out there
    assert {s["kind"] for s in stack["PostgreSQL"]["sources"]} >= {"setting-url", "managed"}
