"""analysis.components: which component each source module belongs to."""

from __future__ import annotations

import pytest

from archscribe.analysis.components import assign_components
from archscribe.model.architecture import CodeRole, Module
from archscribe.model.settings import ComponentSpec


def mod(name: str, lines: int = 10, *, package: bool = False, root: str = "") -> Module:
    """The module ``name`` at the path Python would import it from."""
    path = name.replace(".", "/") + ("/__init__.py" if package else ".py")
    if root:
        path = f"{root}/{path}"
    return Module(name, path, CodeRole.SOURCE, is_package=package, code_lines=lines)


def assign(
    modules: list[Module], specs: tuple[ComponentSpec, ...] = (), share: float = 0.15
) -> dict[str, str]:
    return assign_components(modules, specs, share)


# --- defaults: packages -------------------------------------------------------------------------


def test_each_top_level_package_is_a_component() -> None:
    modules = [
        mod("alpha", package=True),
        mod("alpha.core"),
        mod("alpha.io"),
        mod("beta", package=True),
        mod("beta.models"),
    ]
    assert assign(modules) == {
        "alpha": "alpha",
        "alpha.core": "alpha",
        "alpha.io": "alpha",
        "beta": "beta",
        "beta.models": "beta",
    }


def test_loose_top_level_modules_stand_alone() -> None:
    modules = [mod("tool"), mod("helpers"), mod("pkg", package=True), mod("pkg.core")]
    assert assign(modules) == {
        "tool": "tool",
        "helpers": "helpers",
        "pkg": "pkg",
        "pkg.core": "pkg",
    }


def test_a_large_package_with_subpackages_is_split_one_level_down() -> None:
    modules = [
        mod("pkg", package=True),
        mod("pkg.util", 30),  # a direct module stays under the package
        mod("pkg.api", package=True),
        mod("pkg.api.views", 40),
        mod("pkg.api.v1.routes", 20),  # two levels down still joins pkg.api
        mod("pkg.db.models", 40),  # a namespace subpackage (no __init__.py)
        mod("pkg.db.session", 10),
        mod("other", 5, package=True),
    ]
    assert assign(modules) == {
        "pkg": "pkg",
        "pkg.util": "pkg",
        "pkg.api": "pkg.api",
        "pkg.api.views": "pkg.api",
        "pkg.api.v1.routes": "pkg.api",
        "pkg.db.models": "pkg.db",
        "pkg.db.session": "pkg.db",
        "other": "other",
    }


def test_a_subpackage_known_only_by_its_contents_is_split_off_with_its_init() -> None:
    modules = [mod("pkg.sub"), mod("pkg.sub.a", 50), mod("pkg.plain", 50)]
    assigned = assign(modules)
    assert assigned["pkg.sub"] == "pkg.sub"  # something lives below it: a subpackage
    assert assigned["pkg.sub.a"] == "pkg.sub"
    assert assigned["pkg.plain"] == "pkg"  # nothing below it: a plain module


@pytest.mark.parametrize(
    ("share", "split"),
    [(0.5, False), (0.49, True), (0.15, True), (0.99, False)],
)
def test_a_package_is_split_only_above_the_share(share: float, split: bool) -> None:
    """pkg holds exactly half of the source lines."""
    modules = [mod("pkg.api.views", 40), mod("pkg.core", 10), mod("big", 50)]
    assigned = assign(modules, share=share)
    assert assigned["pkg.api.views"] == ("pkg.api" if split else "pkg")
    assert assigned["pkg.core"] == "pkg"
    assert assigned["big"] == "big"


def test_a_large_package_without_subpackages_is_not_split() -> None:
    modules = [mod("pkg", package=True), mod("pkg.a", 500), mod("pkg.b", 500), mod("small", 1)]
    assert set(assign(modules).values()) == {"pkg", "small"}


def test_a_small_package_with_subpackages_is_not_split() -> None:
    modules = [mod("big.core", 900), mod("small.sub.x", 10), mod("small.sub.y", 10)]
    assert assign(modules) == {"big.core": "big", "small.sub.x": "small", "small.sub.y": "small"}


def test_module_names_not_paths_decide_the_defaults() -> None:
    """In a src/ layout the folder src/ is no component: names are what Python imports."""
    modules = [mod("pkg", package=True, root="src"), mod("pkg.core", root="src")]
    assert assign(modules) == {"pkg": "pkg", "pkg.core": "pkg"}


# --- configured components ----------------------------------------------------------------------


def test_configured_components_win_by_the_longest_path_prefix() -> None:
    specs = (
        ComponentSpec("core", ("pkg",)),
        ComponentSpec("api", ("pkg/api/",)),
        ComponentSpec("entry", ("pkg/__main__.py",)),
    )
    modules = [
        mod("pkg", package=True),
        mod("pkg.util"),
        mod("pkg.api", package=True),
        mod("pkg.api.views"),
        mod("pkg.__main__"),
        mod("pkg.apiary"),  # shares the text "pkg/api", not the folder
    ]
    assert assign(modules, specs) == {
        "pkg": "core",
        "pkg.util": "core",
        "pkg.api": "api",
        "pkg.api.views": "api",
        "pkg.__main__": "entry",
        "pkg.apiary": "core",
    }


def test_the_order_of_specs_does_not_change_the_longest_match() -> None:
    specs = (ComponentSpec("api", ("pkg/api",)), ComponentSpec("core", ("pkg",)))
    assert assign([mod("pkg.api.views"), mod("pkg.util")], specs) == {
        "pkg.api.views": "api",
        "pkg.util": "core",
    }


def test_modules_outside_every_configured_component_fall_back_to_the_defaults() -> None:
    specs = (ComponentSpec("web", ("pkg/web",)),)
    modules = [
        mod("pkg", package=True),
        mod("pkg.web.app"),
        mod("pkg.core"),
        mod("tool"),
        mod("pkgextra.x"),
    ]
    assert assign(modules, specs) == {
        "pkg": "pkg",
        "pkg.web.app": "web",
        "pkg.core": "pkg",
        "tool": "tool",
        "pkgextra.x": "pkgextra",
    }


def test_a_configured_path_prefix_needs_a_folder_boundary() -> None:
    specs = (ComponentSpec("api", ("src/pkg/api",)),)
    modules = [mod("pkg.api.views", root="src"), mod("pkg.api_client", root="src")]
    assert assign(modules, specs) == {"pkg.api.views": "api", "pkg.api_client": "pkg"}
