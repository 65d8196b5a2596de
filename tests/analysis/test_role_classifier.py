"""analysis.roles: what each file is for, from its path (and the paths beside it)."""

from __future__ import annotations

import pytest

from archscribe.analysis.roles import RoleClassifier
from archscribe.model.architecture import CodeRole

SOURCE = CodeRole.SOURCE
TEST = CodeRole.TEST


def role(path: str, *beside: str, generated: bool = False) -> CodeRole:
    """The role of ``path`` in a repository holding it and ``beside``."""
    return RoleClassifier([path, *beside]).role_of(path, generated=generated)


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_api.py",
        "tests/helpers.py",  # everything below tests/, whatever its name
        "tests/__init__.py",
        "pkg/tests/util.py",
        "src/pkg/tests/unit/fakes.py",
        "testsuite/runner.py",
        "functional_tests/flows.py",
        "test_api.py",
        "pkg/test_api.py",
        "pkg/api_test.py",
        "conftest.py",
        "pkg/conftest.py",
        "pkg/tests.py",
    ],
)
def test_test_directories_and_test_file_names_are_tests(path: str) -> None:
    assert role(path) is TEST


@pytest.mark.parametrize(
    "path",
    [
        "pkg/testing.py",
        "pkg/test.py",
        "pkg/contest.py",
        "pkg/latest.py",
        "pkg/attest_report.py",
        "pkg/tests_data.py",
        "pkg/api_tests.py",
        "pkg/test_data.json",  # the name pattern is for Python files only
        "mytests/runner.py",
        "pkg/testsx/runner.py",
        "pkg/unit_tests_helpers/runner.py",
    ],
)
def test_look_alikes_of_test_names_are_source(path: str) -> None:
    assert role(path) is SOURCE


def test_a_folder_named_test_holding_only_utilities_is_source() -> None:
    """Django's ``django/test/`` is the test client and friends: part of the library."""
    paths = ["django/test/__init__.py", "django/test/utils.py", "django/test/testcases.py"]
    classifier = RoleClassifier(paths)
    assert [classifier.role_of(p) for p in paths] == [SOURCE, SOURCE, SOURCE]


def test_a_folder_named_test_holding_test_files_is_tests() -> None:
    """CPython's ``Lib/test/`` holds test_*.py: every file below it is a test, helpers too."""
    paths = [
        "Lib/test/__init__.py",
        "Lib/test/support/helper.py",
        "Lib/test/test_os.py",
        "Lib/os.py",
    ]
    classifier = RoleClassifier(paths)
    assert [classifier.role_of(p) for p in paths] == [TEST, TEST, TEST, SOURCE]


def test_a_test_file_deeper_down_makes_the_test_folder_a_test_folder() -> None:
    paths = ["pkg/test/base.py", "pkg/test/unit/test_base.py"]
    assert RoleClassifier(paths).role_of("pkg/test/base.py") is TEST


def test_test_folders_are_told_apart_per_path() -> None:
    """One ``test/`` holding tests does not make another ``test/`` a test folder."""
    paths = ["a/test/test_x.py", "b/test/utils.py"]
    classifier = RoleClassifier(paths)
    assert classifier.role_of("a/test/test_x.py") is TEST
    assert classifier.role_of("b/test/utils.py") is SOURCE


# --- folders that set code apart ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("app/migrations/0001_initial.py", CodeRole.MIGRATION),
        ("alembic/versions/4f2e_add_users.py", CodeRole.MIGRATION),
        ("examples/quickstart.py", CodeRole.EXAMPLE),
        ("demo/app.py", CodeRole.EXAMPLE),
        ("docs/conf.py", CodeRole.DOCS),
        ("doc/source/ext.py", CodeRole.DOCS),
        ("docs_src/tutorial/first.py", CodeRole.DOCS),
        ("vendor/six.py", CodeRole.VENDORED),
        ("pkg/_vendor/packaging/version.py", CodeRole.VENDORED),
        ("third_party/lib.py", CodeRole.VENDORED),
        ("bench/run.py", CodeRole.BENCH),
        ("benchmarks/bench_parse.py", CodeRole.BENCH),
        ("asv_bench/benchmarks.py", CodeRole.BENCH),
        ("scripts/release.py", CodeRole.SCRIPT),
        ("tools/gen.py", CodeRole.SCRIPT),
        ("bin/run.py", CodeRole.SCRIPT),
        (".github/scripts/check.py", CodeRole.SCRIPT),
    ],
)
def test_folders_that_set_code_apart(path: str, expected: CodeRole) -> None:
    assert role(path) is expected


@pytest.mark.parametrize(
    "path",
    [
        "pkg/migrations.py",  # a file, not a folder
        "pkg/migration/ops.py",
        "pkg/example.py",
        "pkg/examples_util.py",
        "pkg/docs.py",
        "pkg/docstrings/parse.py",
        "pkg/vendors/acme.py",
        "pkg/benchmarking.py",
        "pkg/scripting/engine.py",
        "pkg/toolsmith/x.py",
        "pkg/binary/x.py",
    ],
)
def test_look_alike_folders_and_files_are_source(path: str) -> None:
    assert role(path) is SOURCE


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/fixtures/app/migrations/0001_initial.py", TEST),
        ("tests/fixtures/examples/demo.py", TEST),
        ("vendor/pkg/tests/test_x.py", CodeRole.VENDORED),
        ("examples/tests/test_example.py", CodeRole.EXAMPLE),
        ("docs/examples/snippet.py", CodeRole.DOCS),
        ("pkg/migrations/tests/test_0001.py", CodeRole.MIGRATION),
        ("scripts/test_release.py", CodeRole.SCRIPT),
        ("pkg/tests/docs/conf.py", TEST),
    ],
)
def test_the_outermost_telling_folder_decides(path: str, expected: CodeRole) -> None:
    assert role(path) is expected


# --- deploy folders -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["docker/entrypoint.py", "deploy/hooks.py", "k8s/render.py", "ansible/inventory.py"]
)
def test_python_in_a_deploy_folder_is_a_script(path: str) -> None:
    assert role(path) is CodeRole.SCRIPT


def test_a_deploy_folder_that_is_a_package_is_source() -> None:
    """The docker SDK's own ``docker/`` package is the library itself."""
    paths = ["docker/__init__.py", "docker/api/client.py", "docker/errors.py"]
    classifier = RoleClassifier(paths)
    assert [classifier.role_of(p) for p in paths] == [SOURCE, SOURCE, SOURCE]


def test_a_package_deeper_down_does_not_make_the_deploy_folder_a_package() -> None:
    paths = ["docker/build/__init__.py", "docker/build/steps.py", "docker/run.py"]
    classifier = RoleClassifier(paths)
    assert classifier.role_of("docker/run.py") is CodeRole.SCRIPT
    assert classifier.role_of("docker/build/steps.py") is CodeRole.SCRIPT


def test_a_nested_deploy_package_is_source_and_its_look_alike_folder_name_too() -> None:
    paths = ["pkg/deploy/__init__.py", "pkg/deploy/plan.py", "dockerfiles/gen.py"]
    classifier = RoleClassifier(paths)
    assert classifier.role_of("pkg/deploy/plan.py") is SOURCE
    assert classifier.role_of("dockerfiles/gen.py") is SOURCE


# --- files at the root, generated files -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("setup.py", CodeRole.BUILD),
        ("noxfile.py", CodeRole.BUILD),
        ("fabfile.py", CodeRole.BUILD),
        ("tasks.py", SOURCE),  # invoke's, or a Celery worker's: it may be the system
        ("manage.py", CodeRole.SCRIPT),
        # the same names below the root are ordinary modules
        ("pkg/setup.py", SOURCE),
        ("pkg/noxfile.py", SOURCE),
        ("pkg/tasks.py", SOURCE),
        ("mysite/manage.py", SOURCE),
        ("setup_helpers.py", SOURCE),
        ("setup.cfg", SOURCE),
    ],
)
def test_tooling_at_the_root(path: str, expected: CodeRole) -> None:
    assert role(path) is expected


@pytest.mark.parametrize(
    "path",
    ["pkg/api_pb2.py", "pkg/api_pb2_grpc.py", "pkg/api_pb2.pyi", "tests_pb2.py"],
)
def test_protobuf_outputs_are_generated(path: str) -> None:
    assert role(path) is CodeRole.GENERATED


@pytest.mark.parametrize("path", ["pkg/pb2.py", "pkg/api_pb2_utils.py", "pkg/pb2_api.py"])
def test_look_alikes_of_protobuf_outputs_are_source(path: str) -> None:
    assert role(path) is SOURCE


def test_the_generated_flag_makes_source_generated_but_not_a_test() -> None:
    assert role("pkg/models.py", generated=True) is CodeRole.GENERATED
    assert role("tests/fixtures/models.py", generated=True) is TEST
    assert role("scripts/gen.py", generated=True) is CodeRole.SCRIPT


def test_the_generated_flag_is_remembered_apart() -> None:
    """The classifier memoises by (path, generated): asking both ways gives both answers."""
    classifier = RoleClassifier(["pkg/models.py"])
    assert classifier.role_of("pkg/models.py") is SOURCE
    assert classifier.role_of("pkg/models.py", generated=True) is CodeRole.GENERATED
    assert classifier.role_of("pkg/models.py") is SOURCE
