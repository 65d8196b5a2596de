"""Catalogue: the shipped data files load, hold no duplicates, and answer the usual questions."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest

from archscribe.catalogue import (
    ROLES,
    Technology,
    framework_for,
    frameworks,
    import_name_map,
    language_of,
    stdlib_modules,
)

DATA = files("archscribe.catalogue") / "data"
OWN_FILES = ("stdlib.txt", "import_names.toml", "frameworks.toml", "languages.toml")


def _duplicate_toml_keys(text: str) -> list[str]:
    """Keys written twice in one table; tomllib refuses them, this names them."""
    seen: set[tuple[str, str]] = set()
    duplicates: list[str] = []
    table = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped
            if (table, "") in seen:
                duplicates.append(table)
            seen.add((table, ""))
        elif "=" in stripped and not stripped.startswith("#"):
            key = stripped.split("=", 1)[0].strip().strip("\"'")
            if (table, key) in seen:
                duplicates.append(f"{table} {key}")
            seen.add((table, key))
    return duplicates


@pytest.mark.parametrize("name", OWN_FILES)
def test_data_file_ships_and_loads(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    if name.endswith(".toml"):
        assert tomllib.loads(text)
        assert _duplicate_toml_keys(text) == []


def test_loaders_return_the_data() -> None:
    assert len(stdlib_modules()) > 250
    assert len(import_name_map()) >= 120
    assert len(frameworks()) >= 60
    assert language_of("x.py") == "Python"


def test_stdlib_txt_is_sorted_and_unique() -> None:
    text = (DATA / "stdlib.txt").read_text(encoding="utf-8")
    names = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert names == sorted(set(names))
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) for name in names)


@pytest.mark.parametrize(
    "module",
    ["os", "ast", "tomllib", "distutils", "imp", "asyncore", "cgi", "__future__", "_thread"],
)
def test_stdlib_holds_current_and_removed_modules(module: str) -> None:
    assert module in stdlib_modules()


@pytest.mark.parametrize("module", ["requests", "yaml", "django", "typing_extensions", "six"])
def test_stdlib_does_not_hold_third_party_modules(module: str) -> None:
    assert module not in stdlib_modules()


@pytest.mark.parametrize(
    ("module", "distribution"),
    [
        ("yaml", "PyYAML"),
        ("PIL", "Pillow"),
        ("bs4", "beautifulsoup4"),
        ("sklearn", "scikit-learn"),
        ("cv2", "opencv-python"),
        ("dateutil", "python-dateutil"),
        ("rest_framework", "djangorestframework"),
        ("flask_sqlalchemy", "Flask-SQLAlchemy"),
        ("pkg_resources", "setuptools"),
    ],
)
def test_import_name_map(module: str, distribution: str) -> None:
    assert import_name_map()[module] == distribution


def test_import_name_map_leaves_out_same_names_and_the_stdlib() -> None:
    mapping = import_name_map()
    assert all(module != distribution for module, distribution in mapping.items())
    assert not set(mapping) & stdlib_modules()
    for ambiguous in ("google", "azure", "zope", "requests"):
        assert ambiguous not in mapping


def test_every_framework_has_a_known_role() -> None:
    for key, technology in frameworks().items():
        assert technology.role in ROLES, key
        assert technology.key == key
        assert technology.name


def test_every_role_is_used() -> None:
    assert {technology.role for technology in frameworks().values()} == ROLES


def test_stdlib_frameworks_are_in_the_stdlib() -> None:
    keys = set(frameworks())
    assert {"argparse", "optparse", "getopt", "tkinter"} <= keys & stdlib_modules()


@pytest.mark.parametrize(
    ("dotted", "name", "role"),
    [
        ("django", "Django", "web-framework"),
        ("django.db.models", "Django", "web-framework"),
        ("aiohttp.web", "aiohttp", "web-framework"),
        ("aiohttp.web.Application", "aiohttp", "web-framework"),
        ("celery.schedules", "Celery", "task-queue"),
        ("kombu", "Kombu", "messaging"),
        ("apscheduler.schedulers.background", "APScheduler", "scheduler"),
        ("click", "Click", "cli-framework"),
        ("uvicorn", "Uvicorn", "asgi-wsgi-server"),
        ("PySide6.QtWidgets", "PySide6", "gui"),
        ("ninja", "Django Ninja", "web-framework"),
    ],
)
def test_framework_for_matches_the_longest_dotted_prefix(
    dotted: str, name: str, role: str
) -> None:
    technology = framework_for(dotted)
    assert technology is not None
    assert (technology.name, technology.role) == (name, role)


@pytest.mark.parametrize(
    "dotted",
    ["aiohttp", "aiohttp.client", "djangofoo", "flask2", "requests", "", "mypackage.flask"],
)
def test_framework_for_look_alikes_find_nothing(dotted: str) -> None:
    assert framework_for(dotted) is None


def test_technology_is_frozen() -> None:
    technology = Technology(key="x", name="X", role="gui")
    with pytest.raises(AttributeError):
        technology.name = "Y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("Dockerfile", "Dockerfile"),
        ("deploy/Dockerfile", "Dockerfile"),
        ("Dockerfile.prod", "Dockerfile"),
        ("images/api.dockerfile", "Dockerfile"),
        ("Makefile", "Makefile"),
        ("CMakeLists.txt", "CMake"),
        ("src/pkg/mod.py", "Python"),
        ("stubs/mod.pyi", "Python"),
        ("web/app.TSX", "TypeScript"),
        ("types/index.d.ts", "TypeScript"),
        ("web/main.mjs", "JavaScript"),
        ("scripts/run.sh", "Shell"),
        ("config.yml", "YAML"),
        ("pyproject.toml", "TOML"),
        ("README.md", "Markdown"),
        ("docs/index.rst", "reStructuredText"),
        ("infra/main.tf", "Terraform"),
        ("api/service.proto", "Protocol Buffers"),
        ("templates/page.jinja2", "Jinja"),
        ("build\\windows.ps1", "PowerShell"),
        ("cmd/main.go", "Go"),
        ("src/lib.rs", "Rust"),
    ],
)
def test_language_of(path: str, language: str) -> None:
    assert language_of(path) == language


@pytest.mark.parametrize(
    "path", ["LICENSE", "requirements.txt", "data.csv", ".gitignore", "logo.png", "noext", ".py"]
)
def test_language_of_unknown_is_none(path: str) -> None:
    assert language_of(path) is None


def test_exact_file_names_win_over_extensions() -> None:
    assert language_of("requirements.txt") is None
    assert language_of("CMakeLists.txt") == "CMake"  # although .txt is no language
