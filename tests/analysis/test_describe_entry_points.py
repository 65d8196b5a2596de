"""describe(): how the system is started (console scripts, ``__main__`` modules, manage.py,
application objects), each placed in its component."""

from __future__ import annotations

import pytest
from hand_facts import find_component, imp, manifest, run, script, source

from archscribe.model.architecture import EntryPoint, EntryPointKind, Interface
from archscribe.model.evidence import Evidence
from archscribe.model.facts import (
    CallAssignment,
    ClassFact,
    FunctionFact,
    ImportFact,
    ProblemKind,
    ScannedFile,
    ScanProblem,
)
from archscribe.model.settings import ComponentSpec, Settings

FLASK_APP = CallAssignment("app", "Flask", 6)
PROBLEM = ScanProblem("", ProblemKind.SYNTAX_ERROR, "invalid syntax", 9)


def kinds(arch_entry_points: tuple[EntryPoint, ...]) -> list[tuple[EntryPointKind, str]]:
    return [(e.kind, e.name) for e in arch_entry_points]


# --- console scripts ----------------------------------------------------------------------------


def test_a_console_script_is_mapped_to_the_component_of_its_module() -> None:
    arch = run(
        manifest(
            "pyproject.toml",
            name="tool",
            entry_points=(script("tool", " tool.cli:main ", line=12),),
        ),
        source("tool/__init__.py"),
        source("tool/cli.py", functions=(FunctionFact("main", 3),)),
    )
    expected = EntryPoint(
        EntryPointKind.CONSOLE_SCRIPT,
        "tool",
        "tool.cli:main",
        Evidence("pyproject.toml", 12),
        component="tool",
    )
    assert arch.entry_points == (expected,)
    assert (
        Interface("console-script", "console script: tool -> tool.cli:main", expected.evidence)
        in find_component(arch, "tool").interfaces
    )


def test_a_console_script_follows_configured_components() -> None:
    settings = Settings(components=(ComponentSpec("cli", ("src/tool/cli",)),))
    arch = run(
        manifest("pyproject.toml", entry_points=(script("tool", "tool.cli.main:run", line=3),)),
        source("src/tool/__init__.py"),
        source("src/tool/cli/__init__.py"),
        source("src/tool/cli/main.py"),
        settings=settings,
    )
    assert [(e.name, e.component) for e in arch.entry_points] == [("tool", "cli")]


def test_a_console_script_into_a_missing_module_has_no_component_and_says_so() -> None:
    arch = run(
        manifest("pyproject.toml", entry_points=(script("x", "elsewhere.cli:main"),)),
        source("tool/__init__.py"),
    )
    assert [(e.name, e.component, e.missing) for e in arch.entry_points] == [
        ("x", "", "module `elsewhere.cli`")
    ]


@pytest.mark.parametrize(
    ("target", "cli", "missing"),
    [
        ("tool.cli:main", source("tool/cli.py"), "`main` in `tool/cli.py`"),
        ("tool.cli:main", source("tool/cli.py", functions=(FunctionFact("main", 3),)), ""),
        ("tool.cli:App.run", source("tool/cli.py", classes=(ClassFact("App", 3),)), ""),
        ("tool.cli:app", source("tool/cli.py", call_assignments=(FLASK_APP,)), ""),
        ("tool.cli:main", source("tool/cli.py", imp("tool.core", "main", line=1)), ""),
        ("tool.cli:run", source("tool/cli.py", imp("x", "main", alias="run", line=1)), ""),
        ("tool.cli", source("tool/cli.py"), ""),  # no function named: the module will do
        # a file that was not read in full is not said to lack anything
        ("tool.cli:main", source("tool/cli.py", problems=(PROBLEM,)), ""),
    ],
)
def test_a_console_script_is_checked_against_the_code(
    target: str, cli: ScannedFile, missing: str
) -> None:
    arch = run(
        manifest("pyproject.toml", entry_points=(script("tool", target),)),
        source("tool/__init__.py"),
        cli,
    )
    assert [(e.name, e.missing) for e in arch.entry_points] == [("tool", missing)]


def test_gui_scripts_count_and_other_entry_point_groups_do_not() -> None:
    arch = run(
        manifest(
            "pyproject.toml",
            entry_points=(
                script("viewer", "tool.gui:main", group="gui_scripts"),
                script("tool", "tool.plugin", group="pytest11"),
                script("fmt", "tool.fmt:Fmt", group="tool.formatters"),
            ),
        ),
        source("tool/__init__.py"),
    )
    assert kinds(arch.entry_points) == [(EntryPointKind.GUI_SCRIPT, "viewer")]


# --- __main__, main guards, manage.py -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "target", "component"),
    [
        ("tool/__main__.py", "python -m tool", "tool.__main__", "tool"),
        ("src/tool/__main__.py", "python -m tool", "tool.__main__", "tool"),
        # pkg holds all the code and a subpackage: it is split, pkg.sub is a component
        ("pkg/sub/__main__.py", "python -m pkg.sub", "pkg.sub.__main__", "pkg.sub"),
    ],
)
def test_a_main_module(path: str, name: str, target: str, component: str) -> None:
    package_init = path.replace("__main__.py", "__init__.py")
    arch = run(source(package_init), source(path))
    (entry,) = arch.entry_points
    assert (entry.kind, entry.name, entry.target) == (EntryPointKind.MAIN_MODULE, name, target)
    assert entry.evidence == Evidence(path, 1)
    assert entry.component == component


def test_a_main_module_at_the_root_runs_the_folder() -> None:
    (entry,) = run(source("__main__.py")).entry_points
    assert (entry.kind, entry.name, entry.target) == (
        EntryPointKind.MAIN_MODULE,
        "python .",
        "__main__",
    )


@pytest.mark.parametrize(
    "path", ["tests/__main__.py", "examples/__main__.py", "scripts/__main__.py"]
)
def test_a_main_module_outside_the_system_is_no_entry_point(path: str) -> None:
    assert run(source("tool/__init__.py"), source(path)).entry_points == ()


def test_a_main_guard_in_a_loose_module_is_an_entry_point_and_in_a_package_module_not() -> None:
    arch = run(
        source("report.py", has_main_guard=True, main_guard_line=40),
        source("pkg/__init__.py"),
        source("pkg/util.py", has_main_guard=True, main_guard_line=9),
    )
    assert arch.entry_points == (
        EntryPoint(
            EntryPointKind.MAIN_GUARD,
            "python report.py",
            "report",
            Evidence("report.py", 40),
            component="report",
        ),
    )


def test_manage_py_importing_django_starts_a_django_site() -> None:
    arch = run(
        source("manage.py", imp("django.core.management", "execute_from_command_line", line=8)),
        source("mysite/__init__.py"),
    )
    assert arch.entry_points == (
        EntryPoint(EntryPointKind.MANAGE_PY, "manage.py", "", Evidence("manage.py", 1)),
    )


@pytest.mark.parametrize(
    "imports",
    [
        (),
        (imp("django_extensions", line=1),),
        (imp("mysite.settings", line=1),),
    ],
)
def test_manage_py_without_django_is_no_entry_point(imports: tuple[ImportFact, ...]) -> None:
    arch = run(
        source("manage.py", *imports, has_main_guard=True, main_guard_line=3),
        source("mysite/__init__.py"),
    )
    assert arch.entry_points == ()


def test_manage_py_inside_tests_is_no_entry_point() -> None:
    arch = run(source("tests/project/manage.py", imp("django", line=1)), source("app/__init__.py"))
    assert arch.entry_points == ()


# --- application objects --------------------------------------------------------------------


def test_a_flask_object_built_at_module_level_is_a_wsgi_entry_point() -> None:
    arch = run(
        source("web/__init__.py"),
        source("web/app.py", imp("flask", "Flask", line=1), call_assignments=(FLASK_APP,)),
    )
    assert arch.entry_points == (
        EntryPoint(
            EntryPointKind.WSGI,
            "web.app:app",
            "web.app:app",
            Evidence("web/app.py", 6),
            component="web",
            technology="Flask",
        ),
    )


@pytest.mark.parametrize(
    ("imports", "callee"),
    [
        ((imp("flask", line=1),), "flask.Flask"),
        ((imp("flask", "Flask", alias="F", line=1),), "F"),
        ((imp("flask.app", "Flask", line=1),), "Flask"),
    ],
)
def test_a_flask_object_however_the_name_was_imported(
    imports: tuple[ImportFact, ...], callee: str
) -> None:
    arch = run(source("app.py", *imports, call_assignments=(CallAssignment("app", callee, 3),)))
    assert [(e.kind, e.technology) for e in arch.entry_points] == [(EntryPointKind.WSGI, "Flask")]


@pytest.mark.parametrize(
    "imports",
    [
        (),  # a local function of that name, no import
        (imp("flask", "Flask", line=2, in_function=True),),  # bound inside a function only
        (imp("myflask", "Flask", line=1),),  # another module's Flask
        (imp("flask", "Flask", line=1, alias="F"),),  # Flask itself is not bound
    ],
)
def test_a_call_to_something_else_named_flask_is_no_entry_point(
    imports: tuple[ImportFact, ...],
) -> None:
    arch = run(
        source(
            "app.py",
            *imports,
            functions=(FunctionFact("Flask", 3),),
            call_assignments=(FLASK_APP,),
        )
    )
    assert arch.entry_points == ()


def test_a_local_function_shadowing_the_import_is_no_entry_point() -> None:
    arch = run(
        source(
            "app.py",
            imp("flask", "Flask", line=1),
            functions=(FunctionFact("Flask", 3),),
            call_assignments=(FLASK_APP,),
        )
    )
    assert arch.entry_points == ()


@pytest.mark.parametrize(
    "path", ["tests/test_app.py", "tests/app.py", "examples/app.py", "docs/app.py"]
)
def test_the_same_flask_line_outside_the_system_is_no_entry_point(path: str) -> None:
    arch = run(
        source("web/__init__.py"),
        source(path, imp("flask", "Flask", line=1), call_assignments=(FLASK_APP,)),
    )
    assert arch.entry_points == ()


def test_a_relative_import_of_a_factory_qualifies_inside_the_repository() -> None:
    """``from .flask import Flask`` in pkg names pkg.flask.Flask, not flask.Flask."""
    arch = run(
        source(
            "pkg/__init__.py",
            imp("flask", "Flask", level=1, line=1),
            call_assignments=(FLASK_APP,),
        ),
        source("pkg/flask.py"),
    )
    assert arch.entry_points == ()


def test_a_celery_object_is_a_worker() -> None:
    arch = run(
        source("proj/__init__.py"),
        source(
            "proj/celery.py",
            imp("celery", "Celery", line=1),
            call_assignments=(CallAssignment("app", "Celery", 4),),
        ),
    )
    assert [(e.kind, e.name, e.technology, e.component) for e in arch.entry_points] == [
        (EntryPointKind.WORKER, "proj.celery:app", "Celery", "proj")
    ]


def test_entry_points_are_sorted_by_kind_then_name() -> None:
    arch = run(
        manifest(
            "pyproject.toml", entry_points=(script("zz", "pkg:main"), script("aa", "pkg:main"))
        ),
        source("pkg/__init__.py"),
        source("pkg/__main__.py"),
        source("pkg/wsgi.py", imp("flask", "Flask"), call_assignments=(FLASK_APP,)),
    )
    assert kinds(arch.entry_points) == [
        (EntryPointKind.WSGI, "pkg.wsgi:app"),  # "WSGI application" < "__main__ module"
        (EntryPointKind.MAIN_MODULE, "python -m pkg"),
        (EntryPointKind.CONSOLE_SCRIPT, "aa"),
        (EntryPointKind.CONSOLE_SCRIPT, "zz"),
    ]
