"""describe(): the kind of system, from what the repository deploys or ships, with reasons."""

from __future__ import annotations

import pytest
from hand_facts import imp, manifest, run, script, source

from archscribe.model.architecture import SystemKind
from archscribe.model.evidence import Evidence
from archscribe.model.facts import CallAssignment, FunctionFact, LanguageStat, ScannedFile


def flask_app(path: str) -> ScannedFile:
    return source(
        path, imp("flask", "Flask", line=1), call_assignments=(CallAssignment("app", "Flask", 5),)
    )


def celery_app(path: str) -> ScannedFile:
    return source(
        path,
        imp("celery", "Celery", line=1),
        call_assignments=(CallAssignment("app", "Celery", 3),),
    )


def cli_manifest() -> ScannedFile:
    return manifest(
        "pyproject.toml", name="tool", entry_points=(script("tool", "tool.cli:main", line=14),)
    )


def api_names(count: int) -> tuple[str, ...]:
    return tuple(f"name{i:02d}" for i in range(count))


def test_a_web_application() -> None:
    arch = run(source("web/__init__.py"), flask_app("web/app.py"))
    assert arch.overview.kind is SystemKind.WEB_APPLICATION
    (reason,) = arch.overview.kind_reasons
    assert "Flask" in reason.text
    assert reason.evidence == (Evidence("web/app.py", 5),)


def test_a_django_site_through_manage_py() -> None:
    arch = run(source("manage.py", imp("django", line=2)), source("mysite/__init__.py"))
    assert arch.overview.kind is SystemKind.WEB_APPLICATION


def test_a_worker() -> None:
    arch = run(source("proj/__init__.py"), celery_app("proj/tasks.py"))
    assert arch.overview.kind is SystemKind.WORKER
    assert [r.evidence for r in arch.overview.kind_reasons] == [(Evidence("proj/tasks.py", 3),)]


def test_a_web_application_with_a_worker_is_a_web_application() -> None:
    arch = run(source("proj/__init__.py"), flask_app("proj/web.py"), celery_app("proj/tasks.py"))
    assert arch.overview.kind is SystemKind.WEB_APPLICATION
    assert len(arch.overview.kind_reasons) == 2


def test_a_console_script_with_a_tiny_api_is_a_command_line_tool() -> None:
    arch = run(
        cli_manifest(),
        source("tool/__init__.py", all_names=("main",)),
        source("tool/cli.py", functions=(FunctionFact("main", 3),)),
    )
    assert arch.overview.kind is SystemKind.CLI
    assert [r.evidence for r in arch.overview.kind_reasons] == [(Evidence("pyproject.toml", 14),)]


def test_a_console_script_whose_function_is_missing_makes_no_command_line_tool() -> None:
    arch = run(cli_manifest(), source("tool/__init__.py"), source("tool/cli.py"))
    assert arch.overview.kind is SystemKind.LIBRARY


def test_a_main_module_alone_is_a_command_line_tool() -> None:
    arch = run(source("tool/__init__.py"), source("tool/__main__.py"))
    assert arch.overview.kind is SystemKind.CLI


@pytest.mark.parametrize(("names", "kind"), [(26, SystemKind.LIBRARY), (25, SystemKind.CLI)])
def test_a_console_script_beside_a_large_public_api_is_a_library(
    names: int, kind: SystemKind
) -> None:
    arch = run(
        cli_manifest(),
        source("tool/__init__.py", all_names=api_names(names)),
        source("tool/cli.py", functions=(FunctionFact("main", 3),)),
    )
    assert arch.overview.kind is kind


def test_the_public_api_of_private_components_does_not_count() -> None:
    arch = run(
        cli_manifest(),
        source("tool/__init__.py"),
        source("tool/cli.py", functions=(FunctionFact("main", 3),)),
        source("_impl/__init__.py", all_names=api_names(40)),
    )
    assert arch.overview.kind is SystemKind.CLI


def test_packages_without_entry_points_are_a_library() -> None:
    arch = run(source("lib/__init__.py"), source("lib/core.py"))
    assert arch.overview.kind is SystemKind.LIBRARY
    (reason,) = arch.overview.kind_reasons
    assert reason.evidence == (Evidence("lib/__init__.py", 0),)


def test_a_named_project_of_loose_modules_is_a_library() -> None:
    arch = run(manifest("pyproject.toml", name="six", name_line=2), source("six.py"))
    assert arch.overview.kind is SystemKind.LIBRARY
    assert arch.overview.name == "six"


@pytest.mark.parametrize(
    "files",
    [
        [source("backup.py"), source("report.py")],
        [source("report.py", has_main_guard=True, main_guard_line=9)],  # a script is no CLI
        [source("report.py"), source("tests/__init__.py"), source("tests/test_report.py")],
    ],
)
def test_loose_modules_without_a_package_are_scripts(files: list[ScannedFile]) -> None:
    arch = run(*files)
    assert arch.overview.kind is SystemKind.SCRIPTS


def test_no_python_is_unknown_and_says_what_the_code_is() -> None:
    arch = run(
        manifest("go.mod", kind="other"),
        languages=(LanguageStat("Markdown", 3, 9000), LanguageStat("Go", 12, 4000)),
        other_paths=("main.go", "README.md"),
    )
    assert arch.overview.kind is SystemKind.UNKNOWN
    (reason,) = arch.overview.kind_reasons
    assert "Go (12 files)" in reason.text


def test_python_only_in_tests_and_examples_is_unknown() -> None:
    arch = run(source("tests/test_x.py"), source("examples/demo.py"), source("docs/conf.py"))
    assert arch.overview.kind is SystemKind.UNKNOWN
    (reason,) = arch.overview.kind_reasons
    assert reason.text.startswith("no Python source outside tests, examples and docs")
    assert "most of the code" not in reason.text  # the code there is is Python


def test_two_deployables_in_folders_of_their_own_are_several_services() -> None:
    arch = run(
        flask_app("api/app.py"),
        celery_app("worker/tasks.py"),
        other_paths=("api/Dockerfile", "worker/Dockerfile"),
    )
    assert arch.overview.kind is SystemKind.MULTI_SERVICE
    assert [r.evidence for r in arch.overview.kind_reasons] == [
        (Evidence("api/Dockerfile", 0),),
        (Evidence("worker/Dockerfile", 0),),
    ]


def test_one_deployable_folder_is_not_several_services() -> None:
    arch = run(
        flask_app("api/app.py"),
        celery_app("worker/tasks.py"),
        other_paths=("api/Dockerfile",),
    )
    assert arch.overview.kind is SystemKind.WEB_APPLICATION


def test_projects_with_manifests_of_their_own_are_several_services() -> None:
    arch = run(
        manifest("services/api/pyproject.toml", name="api"),
        source("services/api/api/__init__.py"),
        flask_app("services/api/api/app.py"),
        manifest("services/worker/pyproject.toml", name="worker"),
        source("services/worker/jobs/__init__.py"),
        celery_app("services/worker/jobs/tasks.py"),
        other_paths=("services/worker/Dockerfile",),
    )
    assert arch.overview.kind is SystemKind.MULTI_SERVICE
    # a deploy file is the better evidence when a folder holds both
    assert [r.evidence for r in arch.overview.kind_reasons] == [
        (Evidence("services/api/pyproject.toml", 0),),
        (Evidence("services/worker/Dockerfile", 0),),
    ]


def test_two_applications_in_one_project_are_not_several_services() -> None:
    arch = run(
        manifest("services/api/pyproject.toml", name="api"),
        flask_app("services/api/web.py"),
        celery_app("services/api/tasks.py"),
    )
    assert arch.overview.kind is SystemKind.WEB_APPLICATION
