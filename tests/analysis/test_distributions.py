"""analysis.distributions: names, dependency groups, merged declarations, and the distribution
behind an import name."""

from __future__ import annotations

import pytest
from hand_facts import dep

from archscribe.analysis.distributions import (
    Declaration,
    collect_declarations,
    distribution_for,
    group_for_requirements,
    normalize,
)
from archscribe.catalogue import import_name_map
from archscribe.model.evidence import Evidence


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("requests", "requests"),
        ("PyYAML", "pyyaml"),
        ("Flask_SQLAlchemy", "flask-sqlalchemy"),
        ("zope.interface", "zope-interface"),
        ("ruamel.yaml", "ruamel-yaml"),
        ("A--_.B", "a-b"),
        ("typing-extensions", "typing-extensions"),
    ],
)
def test_normalize(name: str, expected: str) -> None:
    assert normalize(name) == expected


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("requirements.txt", "runtime"),
        ("requirements.in", "runtime"),
        ("backend/requirements.txt", "runtime"),
        ("requirements/base.txt", "runtime"),
        ("requirements/prod.txt", "runtime"),
        ("requirements/production.txt", "runtime"),
        ("requirements/common.txt", "runtime"),
        ("requirements/extras.txt", "runtime"),  # no telling word: runtime
        ("requirements-dev.txt", "dev"),
        ("requirements_dev.txt", "dev"),
        ("dev-requirements.txt", "dev"),
        ("Requirements-Dev.TXT", "dev"),
        ("requirements/development.txt", "dev"),
        ("requirements/lint.txt", "dev"),
        ("requirements/typing.txt", "dev"),
        ("requirements/bench.txt", "dev"),
        ("requirements/test.txt", "test"),
        ("requirements/tests.txt", "test"),
        ("requirements-test.txt", "test"),
        ("test-requirements.txt", "test"),
        ("requirements/docs.txt", "docs"),
        ("requirements-doc.txt", "docs"),
    ],
)
def test_group_for_requirements(path: str, group: str) -> None:
    assert group_for_requirements(path) == group


@pytest.mark.parametrize(
    "path",
    ["requirements-docker.txt", "requirements-latest.txt", "deploy/docker/requirements-web.txt"],
)
def test_group_words_inside_other_words_do_not_count(path: str) -> None:
    assert group_for_requirements(path) == "runtime"


# --- merged declarations ------------------------------------------------------------------------


def test_declarations_merge_by_normalised_name_across_manifests() -> None:
    merged = collect_declarations(
        [
            ("requirements-dev.txt", "requirements", dep("requests", "==2.31", line=3)),
            ("pyproject.toml", "pyproject", dep("Requests", ">=2", line=12)),
            ("requirements/test.txt", "requirements", dep("REQUESTS", line=1)),
        ]
    )
    assert merged == {
        "requests": Declaration(
            name="Requests",  # the first in path order names it
            specifier=">=2",
            groups=("dev", "runtime", "test"),
            evidence=(
                Evidence("pyproject.toml", 12),
                Evidence("requirements-dev.txt", 3),
                Evidence("requirements/test.txt", 1),
            ),
        )
    }


def test_requirements_files_take_their_group_from_their_name_other_manifests_keep_theirs() -> None:
    merged = collect_declarations(
        [
            ("requirements-dev.txt", "requirements", dep("pytest", group="runtime", line=1)),
            ("pyproject.toml", "pyproject", dep("PyYAML", group="optional:yaml", line=20)),
            ("setup.cfg", "setup.cfg", dep("black", group="dev", line=9)),
        ]
    )
    assert {key: d.groups for key, d in merged.items()} == {
        "pytest": ("dev",),
        "pyyaml": ("optional:yaml",),
        "black": ("dev",),
    }


def test_the_first_specifier_given_is_kept() -> None:
    merged = collect_declarations(
        [
            ("a/pyproject.toml", "pyproject", dep("attrs", line=5)),
            ("b/pyproject.toml", "pyproject", dep("attrs", ">=23", line=5)),
            ("c/pyproject.toml", "pyproject", dep("attrs", "<30", line=5)),
        ]
    )
    assert merged["attrs"].specifier == ">=23"


def test_declarations_do_not_depend_on_input_order() -> None:
    triples = [
        ("requirements.txt", "requirements", dep("click", line=2)),
        ("pyproject.toml", "pyproject", dep("Click", ">=8", line=7)),
        ("pyproject.toml", "pyproject", dep("rich", line=8)),
    ]
    assert collect_declarations(triples) == collect_declarations(triples[::-1])


def test_a_declaration_without_a_name_is_skipped() -> None:
    merged = collect_declarations([("requirements.txt", "requirements", dep("", line=1))])
    assert merged == {}


# --- the distribution behind an import ----------------------------------------------------------


def declared(*names: str) -> dict[str, Declaration]:
    return collect_declarations(
        [("pyproject.toml", "pyproject", dep(n, line=i)) for i, n in enumerate(names, 1)]
    )


def test_an_import_name_declared_under_its_normalised_name() -> None:
    decls = declared("Flask-SQLAlchemy", "requests")
    assert distribution_for("flask_sqlalchemy", decls, {}) == ("Flask-SQLAlchemy", True)
    assert distribution_for("requests", decls, {}) == ("requests", True)


def test_an_import_name_mapped_to_its_distribution() -> None:
    known = {"yaml": "PyYAML", "attr": "attrs"}
    assert distribution_for("yaml", declared("pyyaml"), known) == ("pyyaml", True)
    assert distribution_for("yaml", declared("requests"), known) == ("PyYAML", False)
    assert distribution_for("attr", declared("attrs"), known) == ("attrs", True)


def test_a_declared_name_matching_the_import_wins_over_the_map() -> None:
    assert distribution_for("attr", declared("attr"), {"attr": "attrs"}) == ("attr", True)


def test_an_undeclared_import_stands_for_itself() -> None:
    assert distribution_for("numpy", declared("requests"), {"yaml": "PyYAML"}) == ("numpy", False)
    # no prefix matching: requests_toolbelt is not requests
    assert distribution_for("requests_toolbelt", declared("requests"), {}) == (
        "requests_toolbelt",
        False,
    )


def test_the_shipped_import_name_map_is_consulted() -> None:
    assert distribution_for("yaml", {}, import_name_map()) == ("PyYAML", False)
    assert distribution_for("bs4", declared("BeautifulSoup4"), import_name_map()) == (
        "BeautifulSoup4",
        True,
    )
