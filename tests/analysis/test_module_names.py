"""analysis.modules: where the import roots are, and the dotted name of each Python file."""

from __future__ import annotations

import pytest

from archscribe.analysis.modules import detect_source_roots, module_name

# --- source roots -------------------------------------------------------------------------------


def test_a_flat_layout_has_the_repository_as_its_only_root() -> None:
    paths = ["pkg/__init__.py", "pkg/core.py", "tests/test_core.py", "setup.py"]
    assert detect_source_roots(paths) == ("",)


@pytest.mark.parametrize("folder", ["src", "lib", "python"])
def test_a_top_level_folder_holding_packages_is_a_root(folder: str) -> None:
    paths = [f"{folder}/pkg/__init__.py", f"{folder}/pkg/core.py", "tests/test_core.py"]
    assert detect_source_roots(paths) == (folder, "")


def test_a_src_folder_holding_namespace_packages_is_a_root() -> None:
    assert detect_source_roots(["src/ns/plugin/impl.py"]) == ("src", "")


@pytest.mark.parametrize(
    "paths",
    [
        ["src/tool.py"],  # loose modules, no package below
        ["src/__init__.py", "src/core.py"],  # src is itself the package
        ["src/__init__.py", "src/pkg/__init__.py"],  # a package called src is imported as src
        ["lib/__init__.py", "lib/pkg/__init__.py"],
        ["lib/ns/impl.py"],  # only src may hold namespace packages alone
        ["source/pkg/__init__.py"],  # not one of the conventional names
        ["app/src/pkg/__init__.py"],  # not at the top, and app holds no manifest
    ],
)
def test_look_alikes_of_a_src_layout_add_no_root(paths: list[str]) -> None:
    assert detect_source_roots(paths) == ("",)


def test_declared_roots_come_longest_first_and_the_repository_last() -> None:
    roots = detect_source_roots([], ["b", "a", "x/y/", "/c/d"])
    assert roots == ("c/d", "x/y", "a", "b", "")


def test_declared_roots_join_the_detected_ones_and_dot_means_the_repository() -> None:
    paths = ["src/pkg/__init__.py", "backend/app/__init__.py"]
    assert detect_source_roots(paths, ["backend"]) == ("backend", "src", "")
    assert detect_source_roots(paths, [".", ""]) == ("src", "")


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        # a project whose packages sit directly in it
        (["services/api/app/__init__.py"], ("services/api", "")),
        # a project with a src layout of its own
        (["services/api/src/app/__init__.py"], ("services/api/src", "")),
        # a project folder that is a package itself is imported by its name
        (["services/api/__init__.py", "services/api/app/__init__.py"], ("",)),
        # a project of loose modules names them from the repository
        (["services/api/main.py"], ("",)),
    ],
)
def test_project_folders_holding_a_manifest_are_looked_into(
    paths: list[str], expected: tuple[str, ...]
) -> None:
    assert detect_source_roots(paths, projects=["services/api"]) == expected


# --- module names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "roots", "expected"),
    [
        ("pkg/core.py", ("",), ("pkg.core", False)),
        ("pkg/__init__.py", ("",), ("pkg", True)),
        ("pkg/sub/__init__.py", ("",), ("pkg.sub", True)),
        ("tool.py", ("",), ("tool", False)),
        ("src/pkg/core.py", ("src", ""), ("pkg.core", False)),
        ("src/pkg/sub/__init__.py", ("src", ""), ("pkg.sub", True)),
        ("src/pkg/core.py", ("",), ("src.pkg.core", False)),  # src is not a root here
        ("srcx/pkg/core.py", ("src", ""), ("srcx.pkg.core", False)),  # a look-alike prefix
        ("tests/test_core.py", ("src", ""), ("tests.test_core", False)),  # outside the root
        # namespace packages: folders without __init__.py still name the module
        ("ns/plugin/impl.py", ("",), ("ns.plugin.impl", False)),
        ("src/ns/plugin/impl.py", ("src", ""), ("ns.plugin.impl", False)),
        # nested roots: the longest root that holds the file wins
        ("a/src/pkg/m.py", ("a/src", "a", ""), ("pkg.m", False)),
        ("a/tool.py", ("a/src", "a", ""), ("tool", False)),
        ("pkg/types.pyi", ("",), ("pkg.types", False)),
    ],
)
def test_module_name(path: str, roots: tuple[str, ...], expected: tuple[str, bool]) -> None:
    assert module_name(path, roots) == expected


def test_a_root_package_file_has_no_name() -> None:
    name, _ = module_name("src/__init__.py", ("src", ""))
    assert name == ""


def test_a_root_package_file_is_documented_as_no_package() -> None:
    assert module_name("src/__init__.py", ("src", "")) == ("", False)
