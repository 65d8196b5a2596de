"""A team's own technologies, declared in [tool.archscribe], reach the document."""

from __future__ import annotations

import json
from pathlib import Path

from archscribe.app.usecases import RunOptions, scan_json


def _repo(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop"\nversion = "1.0"\n'
        'dependencies = ["acme-billing>=2", "psycopg>=3"]\n' + extra,
        encoding="utf-8",
    )
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("import acme_billing\n", encoding="utf-8")
    return tmp_path


def _stack(repo: Path) -> dict[str, str]:
    model = json.loads(scan_json(repo, RunOptions(use_cache=False)))
    return {use["technology"]: use["category"] for use in model["stack"]}


def test_an_unknown_package_is_no_technology_until_the_team_says_so(tmp_path: Path) -> None:
    assert "Acme Billing" not in _stack(_repo(tmp_path, ""))


def test_a_declared_technology_is_found_with_its_category(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "\n[[tool.archscribe.technologies]]\n"
        'name = "Acme Billing"\ncategory = "payments api"\n'
        'distributions = ["acme-billing"]\nimports = ["acme_billing"]\n',
    )
    stack = _stack(repo)
    assert stack["Acme Billing"] == "payments api"
    assert stack["PostgreSQL"] == "database"  # the shipped catalogue still serves
