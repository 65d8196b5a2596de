"""describe(): third-party distributions per component and for the system, the standard
library kept apart, and manifests that describe tests or examples rather than the system."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hand_facts import dep, find_component, imp, manifest, run, script, source

from archscribe.model.architecture import ExternalDependency, ExternalUse
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ManifestFacts


def test_externals_per_component_say_whether_a_manifest_declares_them() -> None:
    arch = run(
        manifest("pyproject.toml", name="svc", dependencies=(dep("requests", ">=2", line=7),)),
        source("svc/__init__.py", imp("requests", line=1), imp("numpy", line=2)),
        source("svc/io.py", imp("requests.adapters", "HTTPAdapter", line=4)),
    )
    assert find_component(arch, "svc").externals == (
        ExternalUse("numpy", "numpy", 1, (Evidence("svc/__init__.py", 2),), declared=False),
        ExternalUse(
            "requests",
            "requests",
            2,
            (Evidence("svc/__init__.py", 1), Evidence("svc/io.py", 4)),
            declared=True,
        ),
    )


def test_an_import_guarded_by_except_import_error_only_is_optional() -> None:
    arch = run(
        source("fast/__init__.py", imp("ujson", line=3, guarded=True)),
        source("mixed/__init__.py", imp("ujson", line=3, guarded=True)),
        source("mixed/plain.py", imp("ujson", line=1)),
        source("lazy/__init__.py", imp("ujson", line=8, in_function=True)),
    )
    optional = {c.name: [u.optional for u in c.externals] for c in arch.components}
    assert optional == {"fast": [True], "mixed": [False], "lazy": [False]}


def test_the_import_name_map_names_the_distribution() -> None:
    arch = run(
        manifest("pyproject.toml", name="cfg", dependencies=(dep("PyYAML", line=9),)),
        source("cfg/__init__.py", imp("yaml", line=1), imp("bs4", line=2)),
    )
    uses = {
        u.import_name: (u.distribution, u.declared) for u in find_component(arch, "cfg").externals
    }
    assert uses == {"yaml": ("PyYAML", True), "bs4": ("beautifulsoup4", False)}
    assert arch.externals == (
        ExternalDependency(
            distribution="beautifulsoup4",
            import_names=("bs4",),
            declared_in=(),
            groups=(),
            specifier="",
            used_by=("cfg",),
            imports=1,
            first_import=Evidence("cfg/__init__.py", 2),
        ),
        ExternalDependency(
            distribution="PyYAML",
            import_names=("yaml",),
            declared_in=(Evidence("pyproject.toml", 9),),
            groups=("runtime",),
            specifier="",
            used_by=("cfg",),
            imports=1,
            first_import=Evidence("cfg/__init__.py", 1),
            technology="PyYAML",
            category="serialization/validation",
        ),
    )


def test_the_standard_library_is_kept_apart() -> None:
    arch = run(
        source(
            "pkg/__init__.py",
            imp("os", line=1),
            imp("collections", "abc", line=2),
            imp("json.decoder", line=3),
            imp("__future__", "annotations", line=4),
            imp("attr", line=5),
        )
    )
    pkg = find_component(arch, "pkg")
    assert pkg.stdlib == ("collections", "json", "os")
    assert [u.import_name for u in pkg.externals] == ["attr"]
    assert [e.distribution for e in arch.externals] == ["attrs"]


def test_a_repository_module_shadows_an_outside_name() -> None:
    """``import utils`` in a repository with a top-level ``utils`` is internal, not a
    distribution called utils."""
    arch = run(source("app/__init__.py", imp("utils", line=1)), source("utils.py"))
    assert find_component(arch, "app").externals == ()
    assert arch.externals == ()


def test_the_system_lists_declared_distributions_nobody_imports() -> None:
    arch = run(
        manifest("pyproject.toml", name="pkg", dependencies=(dep("gunicorn", ">=21", line=6),)),
        manifest(
            "requirements-dev.txt", kind="requirements", dependencies=(dep("pytest", line=1),)
        ),
        source("pkg/__init__.py"),
        source("tests/test_pkg.py", imp("pytest", line=1), imp("hypothesis", line=2)),
    )
    assert arch.externals == (
        ExternalDependency(
            "gunicorn",
            (),
            (Evidence("pyproject.toml", 6),),
            ("runtime",),
            ">=21",
            (),
            0,
            None,
            technology="Gunicorn",
            category="asgi/wsgi server",
        ),
        ExternalDependency(
            "pytest",
            (),
            (Evidence("requirements-dev.txt", 1),),
            ("dev",),
            "",
            (),
            0,
            None,
            technology="pytest",
            category="testing",
            tooling=True,
        ),
    )


def test_the_catalogue_names_what_a_dependency_is_and_what_it_reaches() -> None:
    arch = run(
        manifest(
            "pyproject.toml",
            name="svc",
            dependencies=(dep("psycopg2-binary", line=3), dep("cronsim", line=4)),
        ),
        source("svc/__init__.py", imp("psycopg2", line=1), imp("redis", line=2)),
    )
    found = {e.distribution: (e.technology, e.category, e.reaches) for e in arch.externals}
    assert found["psycopg2-binary"][1:] == ("database driver", "PostgreSQL")
    assert found["redis"][2] == "Redis"  # undeclared, still identified by its import
    assert found["cronsim"] == ("", "", "")  # unknown to the catalogue: no category is guessed


def test_externals_used_by_several_components_are_one_distribution() -> None:
    arch = run(
        source("a/__init__.py", imp("requests", line=4)),
        source("b/__init__.py", imp("requests", "get", line=2), imp("requests", line=9)),
    )
    (requests,) = arch.externals
    assert requests.used_by == ("a", "b")
    assert requests.imports == 3
    assert requests.first_import == Evidence("a/__init__.py", 4)
    assert requests.declared_in == ()


@pytest.mark.parametrize(
    "folder", ["tests/fixtures/proj", "examples/demo", "docs", "tests", "vendor/thing"]
)
def test_manifests_of_tests_examples_and_docs_do_not_leak_in(folder: str) -> None:
    arch = run(
        manifest(
            f"{folder}/pyproject.toml",
            name="leaky",
            description="A fixture project.",
            dependencies=(dep("leakdep", line=3),),
            entry_points=(script("leak", "pkg.cli:main", line=5),),
        ),
        manifest(
            f"{folder}/requirements.txt", kind="requirements", dependencies=(dep("leakreq"),)
        ),
        source("pkg/__init__.py"),
        source("pkg/cli.py"),
    )
    assert arch.externals == ()
    assert arch.entry_points == ()
    assert (arch.overview.name, arch.overview.name_evidence) == ("", None)
    assert arch.overview.description == ""


def test_a_manifest_of_the_system_beside_a_fixture_one_is_read() -> None:
    arch = run(
        manifest("tests/fixtures/proj/pyproject.toml", name="leaky", dependencies=(dep("x"),)),
        manifest("pyproject.toml", name="real", dependencies=(dep("click", line=8),)),
        source("real/__init__.py", imp("click", line=1)),
    )
    assert arch.overview.name == "real"
    assert [(e.distribution, e.declared_in) for e in arch.externals] == [
        ("click", (Evidence("pyproject.toml", 8),))
    ]


def test_a_root_setup_py_is_read_as_the_system_manifest() -> None:
    """A root setup.py is build tooling as code, yet its manifest facts are the system's."""
    # setup.py is Python source and a manifest at once: one file, both facts
    setup_py = replace(
        source("setup.py", imp("setuptools", "setup", line=1)),
        manifest=ManifestFacts(
            "setup.py",
            name="legacy",
            name_line=4,
            dependencies=(dep("requests", line=6),),
            entry_points=(script("legacy", "legacy.cli:main", line=8),),
        ),
    )
    arch = run(
        setup_py,
        source("legacy/__init__.py"),
        source("legacy/cli.py", imp("requests", line=1)),
    )
    assert arch.overview.name == "legacy"
    assert [(e.distribution, e.declared_in) for e in arch.externals] == [
        ("requests", (Evidence("setup.py", 6),))
    ]
    assert [(e.name, e.component) for e in arch.entry_points] == [("legacy", "legacy")]


def test_namespace_packages_name_their_distribution_by_more_than_the_top_name() -> None:
    arch = run(
        manifest(
            "pyproject.toml",
            name="svc",
            dependencies=(dep("google-cloud-storage", line=3), dep("protobuf", line=4)),
        ),
        source(
            "svc/__init__.py",
            imp("google.cloud", "storage", line=1),
            imp("google.protobuf", "descriptor", line=2),
            imp("google.protobuf.message", line=3),
            imp("google.cloud.pubsub_v1", line=4),
        ),
    )
    uses = {u.distribution: u for u in find_component(arch, "svc").externals}
    assert set(uses) == {"google-cloud-storage", "protobuf", "google.cloud"}
    assert uses["google-cloud-storage"].declared
    assert uses["protobuf"].declared
    assert uses["protobuf"].imports == 2  # two imports of one distribution count together
    assert not uses["google.cloud"].declared  # pubsub_v1 is not declared: no name is guessed
    assert "google" not in {e.distribution for e in arch.externals}
