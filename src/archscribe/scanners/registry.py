"""Scanners: which scanners read a file, by its path (tables, not if-chains).

Called once per discovered file (36,000 times on a large repository), so the common case is a
dictionary lookup on the lower-cased name, then on the suffix, with a few folder rules for the
files whose kind depends on where they stand (CI workflows, nginx and supervisor ``.conf``
files). The scanner modules are imported on first use, so a run that scans nothing imports
none of them.
"""

from __future__ import annotations

import functools
import importlib

from archscribe.scanners.base import Scanner

# module -> constant, by the key each table uses; modules are imported once, on first use.
_BY_NAME: dict[str, tuple[str, ...]] = {
    "pyproject.toml": ("pyproject:PYPROJECT_SCANNER",),
    "setup.cfg": ("manifests:SETUP_CFG_SCANNER",),
    # setup.py is Python source and a manifest at once.
    "setup.py": ("python_source:PYTHON_SCANNER", "manifests:SETUP_PY_SCANNER"),
    "dockerfile": ("dockerfile:DOCKERFILE_SCANNER",),
    "containerfile": ("dockerfile:DOCKERFILE_SCANNER",),
    "procfile": ("procfile:PROCFILE_SCANNER",),
    "uwsgi.ini": ("uwsgi_ini:UWSGI_INI_SCANNER",),
    "chart.yaml": ("kubernetes:HELM_CHART_SCANNER",),
    "fly.toml": ("fly:FLY_SCANNER",),
    "render.yaml": ("render:RENDER_SCANNER",),
    "render.yml": ("render:RENDER_SCANNER",),
    "app.yaml": ("app_engine:APP_ENGINE_SCANNER",),
    "app.yml": ("app_engine:APP_ENGINE_SCANNER",),
    "serverless.yml": ("serverless:SERVERLESS_SCANNER",),
    "serverless.yaml": ("serverless:SERVERLESS_SCANNER",),
    ".gitlab-ci.yml": ("ci_workflows:GITLAB_CI_SCANNER",),
    "nginx.conf": ("server_configs:NGINX_SCANNER",),
    "supervisord.conf": ("server_configs:SUPERVISOR_SCANNER",),
    "supervisor.conf": ("server_configs:SUPERVISOR_SCANNER",),
    "pipfile": ("pipfile:PIPFILE_SCANNER",),
    "pipfile.lock": ("lock_files:PIPFILE_LOCK_SCANNER",),
    "uv.lock": ("lock_files:UV_LOCK_SCANNER",),
    "poetry.lock": ("lock_files:POETRY_LOCK_SCANNER",),
    "package-lock.json": ("lock_files:PACKAGE_LOCK_SCANNER",),
    "package.json": ("polyglot:PACKAGE_JSON_SCANNER",),
    "go.mod": ("polyglot:GO_MOD_SCANNER",),
    "cargo.toml": ("polyglot:CARGO_SCANNER",),
    "pom.xml": ("polyglot:POM_SCANNER",),
    "build.gradle": ("polyglot:GRADLE_SCANNER",),
    "build.gradle.kts": ("polyglot:GRADLE_SCANNER",),
    "gemfile": ("polyglot:GEMFILE_SCANNER",),
    ".env": ("env_file:ENV_FILE_SCANNER",),
    "env.example": ("env_file:ENV_FILE_SCANNER",),
}
for _name in ("readme", "readme.md", "readme.rst", "readme.txt", "readme.markdown"):
    _BY_NAME[_name] = ("readme:README_SCANNER",)

_BY_SUFFIX: dict[str, tuple[str, ...]] = {
    ".py": ("python_source:PYTHON_SCANNER",),
    ".dockerfile": ("dockerfile:DOCKERFILE_SCANNER",),
    ".tf": ("terraform:TERRAFORM_SCANNER",),
    ".service": ("server_configs:SYSTEMD_SCANNER",),
    ".env": ("env_file:ENV_FILE_SCANNER",),  # production.env
    ".csproj": ("polyglot_dotnet:DOTNET_PROJECT_SCANNER",),
    ".fsproj": ("polyglot_dotnet:DOTNET_PROJECT_SCANNER",),
    ".vbproj": ("polyglot_dotnet:DOTNET_PROJECT_SCANNER",),
    ".proto": ("api_descriptions:PROTOBUF_SCANNER",),
    ".graphql": ("api_descriptions:GRAPHQL_SCANNER",),
    ".graphqls": ("api_descriptions:GRAPHQL_SCANNER",),
    ".gql": ("api_descriptions:GRAPHQL_SCANNER",),
    ".yml": ("kubernetes:KUBERNETES_SCANNER",),  # any other YAML may be a Kubernetes manifest
    ".yaml": ("kubernetes:KUBERNETES_SCANNER",),
}
# Name prefixes: (prefix, suffixes it must end with, scanners, whether a scanner of the
# file's suffix comes first): dockerfile.py is Python, Dockerfile.prod a Dockerfile.
_BY_PREFIX: tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool], ...] = (
    ("dockerfile.", ("",), ("dockerfile:DOCKERFILE_SCANNER",), True),
    ("containerfile.", ("",), ("dockerfile:DOCKERFILE_SCANNER",), True),
    ("docker-compose", (".yml", ".yaml"), ("compose:COMPOSE_SCANNER",), False),
    ("compose", (".yml", ".yaml"), ("compose:COMPOSE_SCANNER",), False),
    (".env.", ("",), ("env_file:ENV_FILE_SCANNER",), True),  # .env.example, .env.production
    ("requirements", (".txt", ".in"), ("requirements:REQUIREMENTS_SCANNER",), False),
    ("openapi", (".yml", ".yaml", ".json"), ("api_descriptions:API_DESCRIPTION_SCANNER",), False),
    ("swagger", (".yml", ".yaml", ".json"), ("api_descriptions:API_DESCRIPTION_SCANNER",), False),
    ("asyncapi", (".yml", ".yaml", ".json"), ("api_descriptions:API_DESCRIPTION_SCANNER",), False),
)
# Folder rules for files whose kind depends on where they stand: (folder name, suffixes).
_CONF_FOLDERS: dict[str, tuple[str, ...]] = {
    "nginx": ("server_configs:NGINX_SCANNER",),
    "sites-available": ("server_configs:NGINX_SCANNER",),
    "sites-enabled": ("server_configs:NGINX_SCANNER",),
    "conf.d": ("server_configs:NGINX_SCANNER", "server_configs:SUPERVISOR_SCANNER"),
    "supervisor": ("server_configs:SUPERVISOR_SCANNER",),
    "supervisord": ("server_configs:SUPERVISOR_SCANNER",),
}
_PREFIXES = tuple(prefix for prefix, _, _, _ in _BY_PREFIX)
# Suffixes whose scanner depends on the file's folder or on more of its name.
_FOLDER_RULE_SUFFIXES = frozenset({".yml", ".yaml", ".conf", ".json", ".txt", ".in"})
_GITHUB_ACTIONS = ("ci_workflows:GITHUB_ACTIONS_SCANNER",)
_GITLAB_CI = ("ci_workflows:GITLAB_CI_SCANNER",)
_TERRAFORM_JSON = ("terraform:TERRAFORM_JSON_SCANNER",)
_REQUIREMENTS = ("requirements:REQUIREMENTS_SCANNER",)


@functools.cache
def _load(reference: str) -> Scanner:
    module, _, constant = reference.partition(":")
    scanner = getattr(importlib.import_module(f"archscribe.scanners.{module}"), constant)
    assert isinstance(scanner, Scanner)
    return scanner


@functools.cache
def _resolve(references: tuple[str, ...]) -> tuple[Scanner, ...]:
    return tuple(_load(r) for r in references)


def scanners_for(path: str) -> tuple[Scanner, ...]:
    """The scanners that read the file at ``path`` (repository-relative, ``/``-separated)."""
    references = _references_for(path)
    return _resolve(references) if references else ()


def _references_for(path: str) -> tuple[str, ...]:
    lowered = path[path.rfind("/") + 1 :].lower()
    found = _BY_NAME.get(lowered)
    if found is not None:
        return found
    dot = lowered.rfind(".")
    suffix = lowered[dot:] if dot >= 0 else ""
    by_suffix = _BY_SUFFIX.get(suffix, ())
    # The common case (a .py file, an image, a template): no folder or name-prefix rule can
    # apply, so the suffix decides.
    if suffix not in _FOLDER_RULE_SUFFIXES and not lowered.startswith(_PREFIXES):
        return by_suffix
    folder = path.rpartition("/")[0]
    parent = folder.rpartition("/")[2].lower()
    if suffix in (".yml", ".yaml"):
        if folder.lower().endswith(".github/workflows"):
            return _GITHUB_ACTIONS
        if lowered.endswith((".gitlab-ci.yml", ".gitlab-ci.yaml")):
            return _GITLAB_CI
    elif suffix == ".conf":
        return _conf_scanners(folder.lower(), parent)
    elif suffix == ".json" and lowered.endswith(".tf.json"):
        return _TERRAFORM_JSON
    elif suffix in (".txt", ".in") and parent == "requirements":
        return _REQUIREMENTS
    for prefix, suffixes, references, suffix_first in _BY_PREFIX:
        matches = lowered.startswith(prefix) and lowered.endswith(suffixes)
        if matches and not (suffix_first and by_suffix):
            return references
    return by_suffix


def _conf_scanners(folder: str, parent: str) -> tuple[str, ...]:
    if parent in _CONF_FOLDERS:
        return _CONF_FOLDERS[parent]
    for part in folder.split("/"):
        if part in ("nginx", "supervisor", "supervisord"):
            return _CONF_FOLDERS[part]
    return ()


def all_scanners() -> tuple[Scanner, ...]:
    """Every scanner, once each, by name."""
    references = {
        r
        for table in (_BY_NAME, _BY_SUFFIX, _CONF_FOLDERS)
        for refs in table.values()
        for r in refs
    }
    references |= {r for _, _, refs, _ in _BY_PREFIX for r in refs}
    references |= {*_GITHUB_ACTIONS, *_GITLAB_CI, *_TERRAFORM_JSON, *_REQUIREMENTS}
    seen: dict[str, Scanner] = {}
    for reference in sorted(references):
        scanner = _load(reference)
        seen.setdefault(scanner.name, scanner)
    return tuple(seen[name] for name in sorted(seen))
