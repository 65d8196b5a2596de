"""Which deployment environment a file or a name speaks for: only what its words say."""

from __future__ import annotations

import pytest

from archscribe.analysis.environments import environment_of_name, environment_of_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("config/settings/production.py", "production"),
        ("app/settings_prod.py", "production"),
        ("settings/dev.py", "development"),
        ("settings/local.py", "development"),
        (".env", "development"),
        (".env.staging", "staging"),
        ("docker-compose.prod.yml", "production"),
        ("docker-compose.test.yml", "test"),
        ("k8s/overlays/production/deployment.yaml", "production"),
        # No word names an environment: nothing is guessed.
        (".env.example", ""),
        ("docker-compose.yml", ""),
        ("settings/base.py", ""),
        ("k8s/deployment.yaml", ""),
        ("devops/compose.yml", ""),  # "devops" is not "dev"
        ("products/models.py", ""),  # "products" is not "prod"
    ],
)
def test_environment_of_path(path: str, expected: str) -> None:
    assert environment_of_path(path) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Production", "production"),
        ("prod", "production"),
        ("stage", "staging"),
        ("review/feature-x", "review/feature-x"),
        ("eu-prod", "production"),
    ],
)
def test_environment_of_name(name: str, expected: str) -> None:
    assert environment_of_name(name) == expected
