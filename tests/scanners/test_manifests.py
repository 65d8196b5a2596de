"""Manifest scanners: pyproject.toml, setup.cfg, setup.py and requirements bytes in, facts out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    DeclaredDependency,
    DeclaredEntryPoint,
    ManifestFacts,
    ProblemKind,
)
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifests import (
    PYPROJECT_SCANNER,
    REQUIREMENTS_SCANNER,
    SETUP_CFG_SCANNER,
    SETUP_PY_SCANNER,
    parse_requirement,
    scan_pyproject,
    scan_requirements,
    scan_setup_cfg,
    scan_setup_py,
)


def deps(facts: ManifestFacts) -> list[tuple[str, str, str, int]]:
    return [(d.name, d.specifier, d.group, d.line) for d in facts.dependencies]


def names(facts: ManifestFacts, group: str | None = None) -> list[str]:
    return [d.name for d in facts.dependencies if group is None or d.group == group]


# --- requirement strings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("requests", ("requests", "")),
        ("requests>=2.0", ("requests", ">=2.0")),
        ("requests [socks, security] >= 2.0 , < 3", ("requests", ">=2.0,<3")),
        ("requests>=2; python_version < '3.8'", ("requests", ">=2")),
        ("requests; sys_platform == 'win32'", ("requests", "")),
        ("zope.interface~=6.0", ("zope.interface", "~=6.0")),
        ("foo (>=1.0)", ("foo", ">=1.0")),
        (
            "pkg @ https://example.com/pkg-1.0.tar.gz",
            ("pkg", "@ https://example.com/pkg-1.0.tar.gz"),
        ),
        (
            "pkg[extra] @ git+https://x/y.git ; python_version>'3'",
            ("pkg", "@ git+https://x/y.git"),
        ),
    ],
)
def test_parse_requirement_reads_pep_508(text: str, expected: tuple[str, str]) -> None:
    assert parse_requirement(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "-r other.txt", "include README.md", "requests[socks", "pkg @ ", ">=1"]
)
def test_parse_requirement_refuses_what_is_not_one(text: str) -> None:
    assert parse_requirement(text) is None


# --- pyproject.toml --------------------------------------------------------------------------

PEP_621 = b"""\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
authors = [{ name = "Someone" }]
name = "demo"
version = "1.2.0"
description = "A demo project."
requires-python = ">=3.11"
dependencies = [
    "requests[socks] >= 2.0, <3 ; python_version >= '3.8'",
    # "commented-out>=1",
    "click",
]

[project.optional-dependencies]
fast = ["uvloop>=0.19"]
docs = [
    "sphinx",
]

[project.scripts]
demo = "demo.cli:main"

[project.gui-scripts]
demo-gui = "demo.gui:run"

[project.entry-points."flake8.extension"]
DEM = "demo.lint:Plugin"

[dependency-groups]
test = ["pytest>=8", {include-group = "typing"}]
typing = ["mypy"]

[tool.hatch.build.targets.wheel]
packages = ["src/demo"]
"""


def test_pyproject_reads_pep_621_metadata_with_lines() -> None:
    facts = scan_pyproject(PEP_621)
    assert facts.kind == "pyproject"
    assert (facts.name, facts.name_line) == ("demo", 7)
    assert facts.version == "1.2.0"
    assert (facts.description, facts.description_line) == ("A demo project.", 9)
    assert facts.requires_python == ">=3.11"
    assert facts.package_dirs == ("src",)
    assert facts.problems == ()


def test_pyproject_reads_dependencies_in_groups() -> None:
    assert deps(scan_pyproject(PEP_621)) == [
        ("requests", ">=2.0,<3", "runtime", 12),
        ("click", "", "runtime", 14),
        ("uvloop", ">=0.19", "optional:fast", 18),
        ("sphinx", "", "optional:docs", 20),
        ("pytest", ">=8", "test", 33),
        ("mypy", "", "test", 34),  # through {include-group = "typing"}
        ("mypy", "", "typing", 34),
        ("hatchling", ">=1.21", "build", 2),
    ]


def test_pyproject_does_not_declare_a_commented_out_dependency() -> None:
    assert "commented-out" not in names(scan_pyproject(PEP_621))


def test_pyproject_reads_scripts_and_entry_points() -> None:
    assert scan_pyproject(PEP_621).entry_points == (
        DeclaredEntryPoint("demo", "demo.cli:main", "console_scripts", 24),
        DeclaredEntryPoint("demo-gui", "demo.gui:run", "gui_scripts", 27),
        DeclaredEntryPoint("DEM", "demo.lint:Plugin", "flake8.extension", 30),
    )


def test_pyproject_finds_lines_of_inline_tables() -> None:
    facts = scan_pyproject(
        b'[project]\nname = "x"\n'
        b'optional-dependencies = { test = ["pytest"] }\n'
        b'scripts = { x = "x.cli:main" }\n'
    )
    assert deps(facts) == [("pytest", "", "optional:test", 3)]
    assert facts.entry_points == (DeclaredEntryPoint("x", "x.cli:main", "console_scripts", 4),)


def test_pyproject_dynamic_version_is_not_read() -> None:
    facts = scan_pyproject(b'[project]\nname = "x"\ndynamic = ["version"]\nversion = "9"\n')
    assert facts.version == ""


def test_pyproject_include_group_cycle_is_a_problem_not_a_hang() -> None:
    facts = scan_pyproject(
        b'[dependency-groups]\na = ["x", {include-group = "b"}]\nb = [{include-group = "a"}]\n'
        b'c = [{include-group = "missing"}]\n'
    )
    assert names(facts, "a") == ["x"]
    assert names(facts, "b") == ["x"]
    assert {p.kind for p in facts.problems} == {ProblemKind.MALFORMED}
    assert len(facts.problems) == 3


POETRY = b"""\
[tool.poetry]
name = "poet"
version = "0.1.0"
description = "A Poetry project."
packages = [{ include = "poet", from = "src" }]

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
uvicorn = { version = "^0.30", optional = true }
anything = "*"

[tool.poetry.extras]
server = ["uvicorn"]

[tool.poetry.group.test.dependencies]
pytest = "^8"

[tool.poetry.dev-dependencies]
black = "^24"

[tool.poetry.scripts]
poet = "poet.cli:main"
"""


def test_pyproject_reads_poetry() -> None:
    facts = scan_pyproject(POETRY)
    assert (facts.name, facts.name_line, facts.version) == ("poet", 2, "0.1.0")
    assert (facts.description, facts.description_line) == ("A Poetry project.", 4)
    assert facts.requires_python == "^3.10"
    assert facts.package_dirs == ("src",)
    assert deps(facts) == [
        ("requests", "^2.31", "runtime", 9),
        ("uvicorn", "^0.30", "optional:server", 10),
        ("anything", "", "runtime", 11),
        ("black", "^24", "dev", 20),
        ("pytest", "^8", "test", 17),
    ]
    assert facts.entry_points == (
        DeclaredEntryPoint("poet", "poet.cli:main", "console_scripts", 23),
    )


def test_poetry_python_is_not_a_dependency() -> None:
    assert "python" not in names(scan_pyproject(POETRY))


def test_pyproject_reads_pdm_dev_dependencies() -> None:
    facts = scan_pyproject(
        b"[tool.pdm.dev-dependencies]\n"
        b'lint = ["ruff>=0.4", "-e file:///${PROJECT_ROOT}/sub#egg=sub", "-e ./other"]\n'
    )
    assert deps(facts) == [("ruff", ">=0.4", "lint", 2), ("sub", "", "lint", 2)]
    assert facts.problems == ()


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (b'[tool.setuptools.packages.find]\nwhere = ["src"]\n', ("src",)),
        (b'[tool.setuptools.package-dir]\n"" = "lib"\n', ("lib",)),
        (b'[tool.setuptools.package-dir]\nfoo = "code/foo"\n', ("code",)),
        (b'[tool.setuptools.package-dir]\nfoo = "elsewhere"\n', ()),
        (b'[tool.poetry]\npackages = [{ include = "pkg" }]\n', (".",)),
        (b'[tool.hatch.build.targets.wheel]\npackages = ["src/a", "src/b"]\n', ("src",)),
    ],
)
def test_pyproject_package_dirs(toml: bytes, expected: tuple[str, ...]) -> None:
    assert scan_pyproject(toml).package_dirs == expected


def test_pyproject_malformed_toml_is_a_problem_with_its_line() -> None:
    facts = scan_pyproject(b'[project]\nname = "x"\nversion = \n')
    assert facts == ManifestFacts(kind="pyproject", problems=facts.problems)
    (problem,) = facts.problems
    assert (problem.kind, problem.line, problem.path) == (ProblemKind.MALFORMED, 3, "")


def test_pyproject_odd_shapes_are_skipped() -> None:
    facts = scan_pyproject(
        b'[project]\nname = 3\ndependencies = "requests"\nscripts = ["x"]\n'
        b"optional-dependencies = { x = 1 }\n"
        b'[tool.poetry]\npackages = "src"\n[tool.poetry.scripts]\na = 1\n'
    )
    assert (facts.name, facts.dependencies, facts.entry_points) == ("", (), ())


def test_pyproject_bad_requirement_is_a_problem() -> None:
    facts = scan_pyproject(b'[project]\ndependencies = ["good", "not a requirement"]\n')
    assert names(facts) == ["good"]
    assert [(p.kind, p.line) for p in facts.problems] == [(ProblemKind.MALFORMED, 2)]


def test_pyproject_not_utf8_is_read_with_a_problem() -> None:
    facts = scan_pyproject(b'[project]\nname = "x"\ndescription = "caf\xe9"\n')
    assert facts.name == "x"
    assert [(p.kind, p.line) for p in facts.problems] == [(ProblemKind.NOT_UTF8, 3)]


# --- setup.cfg -------------------------------------------------------------------------------

SETUP_CFG = b"""\
[metadata]
name = acme-tools
version = attr: acme.__version__
description = Tools for Acme.

[options]
package_dir =
    =src
packages = find:
python_requires = >=3.9
install_requires =
    requests>=2  # HTTP
    # old-thing>=1
    PyYAML; python_version >= "3.8"

[options.packages.find]
where = src

[options.extras_require]
test =
    pytest>=8

[options.entry_points]
console_scripts =
    acme = acme.cli:main
    acme-admin = acme.admin:run
"""


def test_setup_cfg_reads_metadata_and_options() -> None:
    facts = scan_setup_cfg(SETUP_CFG)
    assert facts.kind == "setup.cfg"
    assert (facts.name, facts.name_line) == ("acme-tools", 2)
    assert facts.version == ""  # attr: is not a literal
    assert (facts.description, facts.description_line) == ("Tools for Acme.", 4)
    assert facts.requires_python == ">=3.9"
    assert facts.package_dirs == ("src",)
    assert deps(facts) == [
        ("requests", ">=2", "runtime", 12),
        ("PyYAML", "", "runtime", 14),
        ("pytest", ">=8", "optional:test", 21),
    ]
    assert facts.entry_points == (
        DeclaredEntryPoint("acme", "acme.cli:main", "console_scripts", 25),
        DeclaredEntryPoint("acme-admin", "acme.admin:run", "console_scripts", 26),
    )
    assert facts.problems == ()


def test_setup_cfg_commented_requirement_is_not_declared() -> None:
    assert "old-thing" not in names(scan_setup_cfg(SETUP_CFG))


def test_setup_cfg_semicolon_list_on_one_line() -> None:
    facts = scan_setup_cfg(b"[options]\ninstall_requires = a>=1; b\n")
    assert names(facts) == ["a", "b"]


@pytest.mark.parametrize(
    "data", [b"no section header\n", b"[metadata]\nname = x\n[metadata\n", b"\x00"]
)
def test_setup_cfg_malformed_is_a_problem(data: bytes) -> None:
    facts = scan_setup_cfg(data)
    assert [p.kind for p in facts.problems] == [ProblemKind.MALFORMED]


# --- setup.py --------------------------------------------------------------------------------

SETUP_PY = b"""\
from setuptools import find_packages, setup

VERSION = "1.0"

if __name__ == "__main__":
    setup(
        name="legacy",
        version=VERSION,
        description="A legacy project.",
        python_requires=">=3.8",
        install_requires=[
            "requests>=2",
            REQUIREMENT,
            "click",
        ],
        extras_require={"test": ["pytest"], "docs": DOCS},
        entry_points={
            "console_scripts": ["legacy = legacy.cli:main"],
            "gui_scripts": "legacy-gui = legacy.gui:run",
        },
        package_dir={"": "src"},
        packages=find_packages("src"),
        **EXTRA,
    )
"""


def test_setup_py_reads_literal_arguments() -> None:
    facts = scan_setup_py(SETUP_PY)
    assert facts.kind == "setup.py"
    assert (facts.name, facts.name_line) == ("legacy", 7)
    assert (facts.description, facts.description_line) == ("A legacy project.", 9)
    assert facts.requires_python == ">=3.8"
    assert deps(facts) == [
        ("requests", ">=2", "runtime", 12),
        ("click", "", "runtime", 14),
        ("pytest", "", "optional:test", 16),
    ]
    assert facts.entry_points == (
        DeclaredEntryPoint("legacy", "legacy.cli:main", "console_scripts", 18),
        DeclaredEntryPoint("legacy-gui", "legacy.gui:run", "gui_scripts", 19),
    )
    assert facts.package_dirs == ("src",)


def test_setup_py_non_literal_arguments_are_not_guessed() -> None:
    facts = scan_setup_py(SETUP_PY)
    assert facts.version == ""  # version=VERSION
    assert "REQUIREMENT" not in names(facts)
    assert names(facts, "optional:docs") == []


def test_setup_py_entry_points_in_ini_form_and_dict_call() -> None:
    facts = scan_setup_py(
        b"import setuptools\n"
        b"setuptools.setup(\n"
        b"    extras_require=dict(dev=['ruff']),\n"
        b"    entry_points='''\n"
        b"        [console_scripts]\n"
        b"        tool = pkg.main:run\n"
        b"    ''',\n"
        b")\n"
    )
    assert deps(facts) == [("ruff", "", "optional:dev", 3)]
    assert facts.entry_points == (
        DeclaredEntryPoint("tool", "pkg.main:run", "console_scripts", 6),
    )


def test_setup_py_without_setup_call_declares_nothing() -> None:
    facts = scan_setup_py(b"def setup_logging():\n    pass\nother.setup(name='no')\n")
    assert facts == ManifestFacts(kind="setup.py")


def test_setup_py_syntax_error_is_a_problem() -> None:
    facts = scan_setup_py(b"from setuptools import setup\nprint 'python 2'\nsetup(name='x')\n")
    (problem,) = facts.problems
    assert (problem.kind, problem.line) == (ProblemKind.SYNTAX_ERROR, 2)
    assert facts.name == ""


def test_setup_py_odd_literals_are_skipped() -> None:
    facts = scan_setup_py(
        b"setup(name=1, install_requires={'a': 1}, extras_require=['x'],"
        b" entry_points={'g': 3, 1: ['a = b:c']}, package_dir={'': 1},"
        b" packages=find_packages(1))\n"
    )
    assert facts == ManifestFacts(kind="setup.py")


# --- requirements files ----------------------------------------------------------------------

REQUIREMENTS = b"""\
# Runtime requirements
-r base.txt
-c constraints.txt
--index-url https://pypi.example.com/simple

Django>=5.0,<6  # the web framework
psycopg[binary]>=3.1 ; python_version >= "3.10"
# celery>=5  (not used yet)
gunicorn==22.0.0 \\
    --hash=sha256:abc \\
    --hash=sha256:def
-e git+https://github.com/acme/tool.git@main#egg=acme-tool
-e .
git+https://github.com/acme/other.git#egg=other[extra]
https://example.com/archive/thing-1.0.tar.gz
./vendor/local_pkg
pkg @ https://example.com/pkg-2.0-py3-none-any.whl
"""


def test_requirements_one_dependency_a_line() -> None:
    facts = scan_requirements(REQUIREMENTS)
    assert facts.kind == "requirements"
    assert deps(facts) == [
        ("Django", ">=5.0,<6", "runtime", 6),
        ("psycopg", ">=3.1", "runtime", 7),
        ("gunicorn", "==22.0.0", "runtime", 9),
        ("acme-tool", "", "runtime", 12),
        ("other", "", "runtime", 14),
        ("pkg", "@ https://example.com/pkg-2.0-py3-none-any.whl", "runtime", 17),
    ]
    assert facts.problems == ()


def test_requirements_commented_out_line_is_not_declared() -> None:
    assert "celery" not in names(scan_requirements(REQUIREMENTS))


def test_requirements_garbage_lines_are_problems_capped() -> None:
    facts = scan_requirements(b"ok\n" + b"".join(b"this is prose %d\n" % i for i in range(8)))
    assert names(facts) == ["ok"]
    assert [p.line for p in facts.problems] == [2, 3, 4, 5, 6, 0]
    assert "3 more" in facts.problems[-1].reason


def test_requirements_crlf_and_bom() -> None:
    facts = scan_requirements(b"\xef\xbb\xbfrequests==2.0\r\nclick\r\n")
    assert deps(facts) == [("requests", "==2.0", "runtime", 1), ("click", "", "runtime", 2)]


# --- every scanner ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scanner", "name", "version"),
    [
        (PYPROJECT_SCANNER, "pyproject", 2),  # 2: an over-long integer is a problem
        (SETUP_CFG_SCANNER, "setup.cfg", 1),
        (SETUP_PY_SCANNER, "setup.py", 1),
        (REQUIREMENTS_SCANNER, "requirements", 2),  # 2: records -r includes
    ],
)
def test_scanner_constants(scanner: Scanner, name: str, version: int) -> None:
    assert (scanner.name, scanner.version, scanner.fact_type) == (name, version, ManifestFacts)


_MANIFEST_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(
        alphabet=st.sampled_from(list("[]{}=\"'#\n\\-@;:., ()*abcxyz0123<>~^\r\t")), max_size=300
    ).map(str.encode),
    st.sampled_from([PEP_621, POETRY, SETUP_CFG, SETUP_PY, REQUIREMENTS]).flatmap(
        lambda good: st.integers(0, len(good)).map(lambda cut: good[:cut])
    ),
)


@pytest.mark.parametrize(
    "scan", [scan_pyproject, scan_setup_cfg, scan_setup_py, scan_requirements]
)
@settings(max_examples=150, deadline=None)
@given(data=_MANIFEST_BYTES)
def test_manifest_scanners_never_raise(
    scan: Callable[[bytes], ManifestFacts], data: bytes
) -> None:
    facts = scan(data)
    assert isinstance(facts, ManifestFacts)
    assert all(p.path == "" for p in facts.problems)
    assert all(isinstance(d, DeclaredDependency) for d in facts.dependencies)


def test_requirements_includes_are_recorded_and_constraints_are_not() -> None:
    facts = scan_requirements(
        b"-r base.txt\n--requirement=dev.in\n-rother.txt\n-c pins.txt\n--constraint x.txt\nflask\n"
    )
    assert facts.includes == ("base.txt", "dev.in", "other.txt")
    assert [d.name for d in facts.dependencies] == ["flask"]
