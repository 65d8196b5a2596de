"""Which scanners read which file names."""

from __future__ import annotations

import pytest

from archscribe.scanners import all_scanners, scanners_for


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("pkg/mod.py", ["python"]),
        ("pkg/MOD.PY", ["python"]),
        ("setup.py", ["python", "setup.py"]),
        ("pyproject.toml", ["pyproject"]),
        ("sub/setup.cfg", ["setup.cfg"]),
        ("requirements.txt", ["requirements"]),
        ("requirements-dev.in", ["requirements"]),
        ("requirements/base.txt", ["requirements"]),
        ("deps/requirements/prod.in", ["requirements"]),
        ("README.md", ["readme"]),
        ("docs/Readme.rst", ["readme"]),
        ("README", ["readme"]),
        ("Dockerfile", ["dockerfile"]),
        ("deploy/Dockerfile.prod", ["dockerfile"]),
        ("web.dockerfile", ["dockerfile"]),
        ("Containerfile", ["dockerfile"]),
        ("src/tool/scanners/dockerfile.py", ["python"]),  # a module about Dockerfiles
        ("dockerfile.yaml", ["kubernetes"]),
        (".env.py", ["python"]),
        ("Procfile", ["procfile"]),
        ("docker/uwsgi.ini", ["uwsgi-ini"]),
        ("docker-compose.yml", ["compose"]),
        ("deploy/docker-compose.prod.yaml", ["compose"]),
        ("compose.yaml", ["compose"]),
        ("k8s/deployment.yaml", ["kubernetes"]),
        ("mkdocs.yml", ["kubernetes"]),  # any YAML may be a manifest; the scanner looks inside
        ("charts/api/Chart.yaml", ["helm-chart"]),
        ("fly.toml", ["fly"]),
        ("render.yaml", ["render"]),
        ("app.yaml", ["app-engine"]),
        ("serverless.yml", ["serverless"]),
        (".github/workflows/ci.yml", ["github-actions"]),
        (".github/dependabot.yml", ["kubernetes"]),
        (".gitlab-ci.yml", ["gitlab-ci"]),
        ("ci/deploy.gitlab-ci.yml", ["gitlab-ci"]),
        ("infra/main.tf", ["terraform"]),
        ("infra/main.tf.json", ["terraform-json"]),
        ("nginx.conf", ["nginx"]),
        ("deploy/nginx/site.conf", ["nginx"]),
        ("etc/conf.d/app.conf", ["nginx", "supervisor"]),
        ("supervisord.conf", ["supervisor"]),
        ("deploy/app.service", ["systemd"]),
        (".env", ["env-file"]),
        (".env.example", ["env-file"]),
        ("config/production.env", ["env-file"]),
        ("Pipfile", ["pipfile"]),
        ("uv.lock", ["uv.lock"]),
        ("poetry.lock", ["poetry.lock"]),
        ("Pipfile.lock", ["Pipfile.lock"]),
        ("web/package.json", ["package.json"]),
        ("go.mod", ["go.mod"]),
        ("Cargo.toml", ["Cargo.toml"]),
        ("pom.xml", ["pom.xml"]),
        ("build.gradle.kts", ["build.gradle"]),
        ("Gemfile", ["Gemfile"]),
        ("worker/Worker.csproj", ["dotnet-project"]),
        ("src/App.fsproj", ["dotnet-project"]),
    ],
)
def test_scanners_for(path: str, names: list[str]) -> None:
    assert [s.name for s in scanners_for(path)] == names


@pytest.mark.parametrize(
    "path",
    [
        "MANIFEST.in",
        "notes.txt",
        "pkg/mod.pyc",
        "pyproject.toml.bak",
        "docs/readme.html",
        "py",
        "app.conf",  # a .conf outside an nginx or supervisor folder
        "data.json",
    ],
)
def test_files_no_scanner_reads(path: str) -> None:
    assert scanners_for(path) == ()


def test_all_scanners_are_distinct_and_versioned() -> None:
    scanners = all_scanners()
    names = [s.name for s in scanners]
    assert len(names) == len(set(names))
    assert len(names) >= 30
    assert all(s.version >= 1 for s in scanners)
