"""analysis.modules: resolving one import to a repository module or an outside top-level name,
and what the names of a module are bound to by its imports."""

from __future__ import annotations

import pytest
from hand_facts import imp

from archscribe.analysis.modules import ModuleIndex, Resolved, bindings, qualify
from archscribe.model.facts import ImportFact

NAMES = (
    "pkg",
    "pkg.sub",
    "pkg.sub.mod",
    "pkg.sub.deep",
    "pkg.sub.deep.leaf",
    "pkg.util",
    "tool",
    "ns.plugin.impl",  # a namespace package: neither ns nor ns.plugin is a module
)


@pytest.fixture
def index() -> ModuleIndex:
    return ModuleIndex(NAMES)


def internal(name: str) -> Resolved:
    return Resolved(internal=name)


def external(name: str) -> Resolved:
    return Resolved(external=name)


def rel(module: str, name: str, level: int) -> ImportFact:
    return imp(module, name, level=level)


def test_the_index_knows_its_modules_and_top_level_names(index: ModuleIndex) -> None:
    assert "pkg.sub.mod" in index
    assert "pkg.sub.nope" not in index
    assert index.top_level == frozenset({"pkg", "tool", "ns"})


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        (imp("pkg.sub.mod"), internal("pkg.sub.mod")),
        (imp("pkg"), internal("pkg")),
        (imp("tool"), internal("tool")),
        # the deepest module that exists
        (imp("pkg.sub.missing.thing"), internal("pkg.sub")),
        (imp("pkg.sub.mod.Class"), internal("pkg.sub.mod")),
        # from pkg import submodule -> the submodule; from pkg import name -> pkg
        (imp("pkg.sub", "mod"), internal("pkg.sub.mod")),
        (imp("pkg.sub", "deep"), internal("pkg.sub.deep")),
        (imp("pkg", "util", alias="u"), internal("pkg.util")),
        (imp("pkg.sub", "helper"), internal("pkg.sub")),
        (imp("pkg.sub.mod", "Class"), internal("pkg.sub.mod")),
        # star imports lead to the module starred from
        (imp("pkg.sub", "*"), internal("pkg.sub")),
        (imp("pkg.sub.mod", "*"), internal("pkg.sub.mod")),
        # a namespace package's module resolves; the namespace itself is no module
        (imp("ns.plugin.impl"), internal("ns.plugin.impl")),
        (imp("ns.plugin", "impl"), internal("ns.plugin.impl")),
        (imp("ns"), Resolved()),
        # outside the repository: the top-level name
        (imp("requests.adapters"), external("requests")),
        (imp("os", "path"), external("os")),
        (imp("pkgx"), external("pkgx")),  # shares a prefix with pkg, is not pkg
        (imp("toolbox.x", "y"), external("toolbox")),
        (imp("sub"), external("sub")),  # a name deep inside the repository is not top-level
    ],
)
def test_absolute_imports(index: ModuleIndex, fact: ImportFact, expected: Resolved) -> None:
    assert index.resolve(fact, "tool", importer_is_package=False) == expected


@pytest.mark.parametrize(
    ("fact", "importer", "is_package", "expected"),
    [
        # level 1 from a module: its own package
        (rel("", "mod", 1), "pkg.sub.other", False, internal("pkg.sub.mod")),
        (rel("deep", "leaf", 1), "pkg.sub.mod", False, internal("pkg.sub.deep.leaf")),
        (rel("mod", "Class", 1), "pkg.sub.other", False, internal("pkg.sub.mod")),
        (rel("", "helper", 1), "pkg.sub.mod", False, internal("pkg.sub")),
        # level 1 from a package __init__: the package itself
        (rel("", "deep", 1), "pkg.sub", True, internal("pkg.sub.deep")),
        (rel("deep", "leaf", 1), "pkg.sub", True, internal("pkg.sub.deep.leaf")),
        (rel("", "util", 1), "pkg", True, internal("pkg.util")),
        # the same import from the module pkg.sub (not a package) looks in pkg
        (rel("", "deep", 1), "pkg.sub", False, internal("pkg")),
        # level 2
        (rel("", "util", 2), "pkg.sub.mod", False, internal("pkg.util")),
        (rel("util", "name", 2), "pkg.sub.mod", False, internal("pkg.util")),
        (rel("", "mod", 2), "pkg.sub.deep", True, internal("pkg.sub.mod")),
        (rel("", "util", 2), "pkg.sub", True, internal("pkg.util")),
        (rel("mod", "X", 2), "pkg.sub.deep.leaf", False, internal("pkg.sub.mod")),
        # star, relative
        (rel("", "*", 1), "pkg.sub.mod", False, internal("pkg.sub")),
        (rel("deep", "*", 1), "pkg.sub.mod", False, internal("pkg.sub.deep")),
        # a relative import is never external: a missing target leads to its deepest ancestor
        (rel("requests", "get", 1), "pkg.util", False, internal("pkg")),
    ],
)
def test_relative_imports(
    index: ModuleIndex, fact: ImportFact, importer: str, is_package: bool, expected: Resolved
) -> None:
    assert index.resolve(fact, importer, is_package) == expected


@pytest.mark.parametrize(
    ("fact", "importer", "is_package"),
    [
        (rel("", "x", 2), "pkg.util", False),  # pkg.util's package is pkg; .. is above it
        (rel("", "x", 2), "pkg", True),
        (rel("", "x", 3), "pkg.sub.mod", False),
        (rel("", "x", 1), "tool", False),  # a top-level module has no package
        (rel("sub", "mod", 1), "tool", False),
    ],
)
def test_relative_imports_beyond_the_top_are_unresolved(
    index: ModuleIndex, fact: ImportFact, importer: str, is_package: bool
) -> None:
    assert index.resolve(fact, importer, is_package) == Resolved()


def test_one_relative_import_resolves_apart_in_each_package(index: ModuleIndex) -> None:
    """Resolutions are memoised; the same relative fact must still depend on the importer."""
    fact = rel("", "mod", 1)
    assert index.resolve(fact, "pkg.sub.x", False) == internal("pkg.sub.mod")
    assert index.resolve(fact, "pkg.x", False) == internal("pkg")
    assert index.resolve(fact, "pkg.sub.x", False) == internal("pkg.sub.mod")
    assert index.resolve(fact, "tool", False) == Resolved()


# --- bindings and qualify ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("imports", "importer", "is_package", "expected"),
    [
        ([imp("os")], "m", False, {"os": "os"}),
        ([imp("os.path")], "m", False, {"os": "os"}),
        ([imp("aiohttp.web", alias="web")], "m", False, {"web": "aiohttp.web"}),
        ([imp("flask", "Flask")], "m", False, {"Flask": "flask.Flask"}),
        ([imp("flask", "Flask", alias="F")], "m", False, {"F": "flask.Flask"}),
        ([rel("", "views", 1)], "pkg.app", False, {"views": "pkg.views"}),
        ([rel("", "views", 1)], "pkg", True, {"views": "pkg.views"}),
        ([rel("app", "make", 1)], "pkg.web", False, {"make": "pkg.app.make"}),
        ([rel("core", "X", 2)], "pkg.sub.m", False, {"X": "pkg.core.X"}),
        ([rel("core", "X", 1)], "pkg.sub", True, {"X": "pkg.sub.core.X"}),
        # ignored: function-level imports, star imports, relative imports beyond the top
        ([imp("flask", "Flask", in_function=True)], "m", False, {}),
        ([imp("flask", "*")], "m", False, {}),
        ([rel("", "x", 2)], "pkg.m", False, {}),
        ([rel("", "x", 1)], "m", False, {}),
        # a later import rebinds a name
        (
            [imp("flask", "Flask", line=1), imp("quart", "Quart", line=2, alias="Flask")],
            "m",
            False,
            {"Flask": "quart.Quart"},
        ),
    ],
)
def test_bindings(
    imports: list[ImportFact], importer: str, is_package: bool, expected: dict[str, str]
) -> None:
    assert dict(bindings(imports, importer, is_package)) == expected


@pytest.mark.parametrize(
    ("dotted", "expected"),
    [
        ("Flask", "flask.Flask"),
        ("flask.Flask", "flask.Flask"),
        ("web.Application", "aiohttp.web.Application"),
        ("web", "aiohttp.web"),
        ("Flaskish", ""),
        ("Unknown.attr", ""),
    ],
)
def test_qualify(dotted: str, expected: str) -> None:
    bound = {"Flask": "flask.Flask", "flask": "flask", "web": "aiohttp.web"}
    assert qualify(dotted, bound) == expected
