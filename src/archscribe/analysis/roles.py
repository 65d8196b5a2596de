"""Analysis: what each file is for (source, test, example, docs, migration, vendored…), by path.

The rules are data: directory names and file-name patterns, checked in precedence order, so a
vendored test is vendored and a migration inside an app is a migration.
"""

from __future__ import annotations

from collections.abc import Iterable

from archscribe.model.architecture import CodeRole

# Directory names that mark everything below them; the outermost one decides.
_DIR_ROLES: tuple[tuple[CodeRole, frozenset[str]], ...] = (
    (CodeRole.VENDORED, frozenset({"vendor", "vendored", "_vendor", "third_party", "thirdparty"})),
    (CodeRole.MIGRATION, frozenset({"migrations", "alembic"})),
    (
        CodeRole.TEST,
        frozenset({"tests", "testsuite", "test_suite", "unittests", "functional_tests"}),
    ),
    (CodeRole.EXAMPLE, frozenset({"examples", "example", "samples", "sample", "demo", "demos"})),
    (CodeRole.DOCS, frozenset({"docs", "doc", "documentation", "docs_src"})),
    (CodeRole.BENCH, frozenset({"bench", "benchmarks", "benchmark", "asv_bench"})),
    (CodeRole.SCRIPT, frozenset({"scripts", "tools", "bin", "ci", ".ci", ".github"})),
)

_ROLE_OF_DIR = {name: role for role, names in _DIR_ROLES for name in names}

# Folders of deployment files; Python in them is a script, unless the folder is a package
# (the docker SDK's own ``docker/`` package is source).
_DEPLOY_DIRS = frozenset(
    {"docker", "deploy", "deployment", "k8s", "kubernetes", "helm", "ansible"}
)

# File names, checked after directories: (role, exact names, prefixes, suffixes).
_FILE_ROLES: tuple[tuple[CodeRole, frozenset[str], tuple[str, ...], tuple[str, ...]], ...] = (
    (CodeRole.GENERATED, frozenset(), (), ("_pb2.py", "_pb2_grpc.py", "_pb2.pyi")),
    (CodeRole.TEST, frozenset({"tests.py", "conftest.py"}), ("test_",), ("_test.py",)),
)


def _is_test_file(name: str) -> bool:
    """``test_*.py`` or ``*_test.py``."""
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


# Tooling at the top of a repository.
# (A root tasks.py may be invoke's or a Celery worker's, so it stays source.)
_ROOT_BUILD_FILES = frozenset({"setup.py", "noxfile.py", "fabfile.py", "dodo.py", "manage.py"})


def _test_dirs(paths: Iterable[str]) -> frozenset[str]:
    """Directories named ``test`` that hold test files: Django's ``django/test`` holds test
    utilities (source), CPython's ``Lib/test`` holds tests."""
    found: set[str] = set()
    for path in paths:
        if "test/" not in path:
            continue
        parts = path.split("/")
        if not _is_test_file(parts[-1]):
            continue
        for i in range(len(parts) - 1):
            if parts[i] == "test":
                found.add("/".join(parts[: i + 1]))
    return frozenset(found)


class RoleClassifier:
    """Tells the role of each path of one repository."""

    def __init__(self, paths: Iterable[str]) -> None:
        listed = list(paths)
        self._test_dirs = _test_dirs(listed)
        self._known: dict[tuple[str, bool], CodeRole] = {}
        self._packages = frozenset(
            p.rpartition("/")[0] for p in listed if p.endswith("/__init__.py")
        )

    def role_of(self, path: str, *, generated: bool = False) -> CodeRole:
        """The role of the file at ``path`` (repository-relative)."""
        role = self._known.get((path, generated))
        if role is None:
            role = self._known[(path, generated)] = self._role_of(path, generated)
        return role

    def _role_of(self, path: str, generated: bool) -> CodeRole:
        parts = path.split("/")
        dirs = parts[:-1]
        name = parts[-1]
        for i, folder in enumerate(dirs):  # the outermost telling folder decides
            role = _ROLE_OF_DIR.get(folder)
            if role is not None:
                return role
            here = "/".join(parts[: i + 1])
            if folder == "test" and here in self._test_dirs:
                return CodeRole.TEST
            if folder in _DEPLOY_DIRS and here not in self._packages:
                return CodeRole.SCRIPT
        if generated:
            return CodeRole.GENERATED
        if name.endswith((".py", ".pyi")):
            for role, names, prefixes, suffixes in _FILE_ROLES:
                if (
                    name in names
                    or (name.endswith(suffixes) if suffixes else False)
                    or (prefixes and name.startswith(prefixes) and name.endswith(".py"))
                ):
                    return role
        if not dirs and name in _ROOT_BUILD_FILES:
            return CodeRole.SCRIPT if name == "manage.py" else CodeRole.BUILD
        return CodeRole.SOURCE


def role_folder(path: str, role: CodeRole) -> str:
    """The shortest folder that explains a file's role (``tests``, ``pkg/migrations``), or the
    folder holding the file when its name alone gave the role."""
    parts = path.split("/")
    names = dict(_DIR_ROLES).get(role, frozenset())
    if role is CodeRole.TEST:
        names = names | {"test"}
    for i, part in enumerate(parts[:-1]):
        if part in names:
            return "/".join(parts[: i + 1])
    return path
