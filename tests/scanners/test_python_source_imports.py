"""The Python source scanner's imports: where they stand, and the flags that say so."""

from __future__ import annotations

import textwrap

import pytest

from archscribe.model.facts import ImportFact, PythonFacts
from archscribe.scanners.python_source import scan_python


def scan(source: str) -> PythonFacts:
    """Scan dedented source text, encoded as UTF-8."""
    return scan_python(textwrap.dedent(source).encode("utf-8"))


def only_import(source: str) -> ImportFact:
    facts = scan(source)
    assert facts.problems == ()
    assert len(facts.imports) == 1, facts.imports
    return facts.imports[0]


def import_flags(source: str) -> dict[str, tuple[bool, bool, bool]]:
    """Imported module -> (in_function, type_checking, guarded)."""
    facts = scan(source)
    assert facts.problems == ()
    return {
        (i.module or i.name): (i.in_function, i.type_checking, i.guarded) for i in facts.imports
    }


# --- imports --------------------------------------------------------------------------------


def test_plain_import_with_alias() -> None:
    assert only_import("import a.b as c\n") == ImportFact(module="a.b", name="", line=1, alias="c")


def test_plain_import_of_several_modules_gives_one_fact_each() -> None:
    facts = scan("import os, sys as system\n")
    assert [(i.module, i.name, i.alias) for i in facts.imports] == [
        ("os", "", ""),
        ("sys", "", "system"),
    ]


def test_from_import_gives_one_fact_per_name() -> None:
    facts = scan("from a.b import c, d as e\n")
    assert facts.imports == (
        ImportFact(module="a.b", name="c", line=1),
        ImportFact(module="a.b", name="d", line=1, alias="e"),
    )


def test_relative_imports_keep_their_level() -> None:
    facts = scan(
        """\
        from . import x
        from ..pkg import *
        from .sibling import y
        """
    )
    assert [(i.module, i.name, i.level) for i in facts.imports] == [
        ("", "x", 1),
        ("pkg", "*", 2),
        ("sibling", "y", 1),
    ]


def test_future_import_is_recorded() -> None:
    assert only_import("from __future__ import annotations\n") == ImportFact(
        module="__future__", name="annotations", line=1
    )


def test_multiline_import_takes_the_statement_line() -> None:
    facts = scan(
        """\
        '''Doc.'''

        from pkg import (
            alpha,
            beta,
        )
        """
    )
    assert [(i.name, i.line) for i in facts.imports] == [("alpha", 3), ("beta", 3)]


def test_top_level_import_has_no_flags() -> None:
    fact = only_import("import os\n")
    assert not (fact.in_function or fact.type_checking or fact.guarded)
    assert fact.context == "top_level"


def test_imports_inside_functions_methods_and_async_functions_are_in_function() -> None:
    flags = import_flags(
        """\
        import top

        def f():
            import in_def

        async def g():
            import in_async

        class C:
            import in_class_body

            def method(self):
                import in_method

        def outer():
            class Local:
                import in_local_class
        """
    )
    assert flags == {
        "top": (False, False, False),
        "in_def": (True, False, False),
        "in_async": (True, False, False),
        "in_class_body": (False, False, False),
        "in_method": (True, False, False),
        "in_local_class": (True, False, False),
    }


def test_imports_in_every_kind_of_block_are_found() -> None:
    facts = scan(
        """\
        for x in y:
            import in_for
        else:
            import in_for_else
        while x:
            import in_while
        with x:
            import in_with
        async def f():
            async with x:
                import in_async_with
            async for x in y:
                import in_async_for
        match x:
            case 1:
                import in_match
            case _:
                import in_match_default
        if x:
            pass
        elif y:
            import in_elif
        else:
            import in_else
        try:
            pass
        finally:
            import in_finally
        """
    )
    assert [i.module for i in facts.imports] == [
        "in_for",
        "in_for_else",
        "in_while",
        "in_with",
        "in_async_with",
        "in_async_for",
        "in_match",
        "in_match_default",
        "in_elif",
        "in_else",
        "in_finally",
    ]


@pytest.mark.parametrize(
    "test", ["TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING", "a.b.TYPE_CHECKING"]
)
def test_type_checking_block_flags_its_imports_but_not_its_else(test: str) -> None:
    flags = import_flags(
        f"""\
        if {test}:
            import only_for_types
        else:
            import at_runtime
        """
    )
    assert flags == {"only_for_types": (False, True, False), "at_runtime": (False, False, False)}


def test_type_checking_context_label() -> None:
    fact = only_import("if TYPE_CHECKING:\n    import x\n")
    assert fact.context == "type_checking"


def test_not_type_checking_flags_the_else_branch() -> None:
    flags = import_flags(
        """\
        if not TYPE_CHECKING:
            import at_runtime
        else:
            import only_for_types
        """
    )
    assert flags == {"at_runtime": (False, False, False), "only_for_types": (False, True, False)}


@pytest.mark.parametrize(
    "test",
    [
        "TYPE_CHECKING()",  # a call, e.g. a local function of that name
        "TYPE_CHECKING == 1",
        "TYPE_CHECKING_EXTRA",
        "typing.TYPE_CHECKING_EXTRA",
        "type_checking",
        "TYPE_CHECKING and sys.version_info >= (3, 11)",
    ],
)
def test_other_conditions_are_not_type_checking_guards(test: str) -> None:
    fact = only_import(f"if {test}:\n    import x\n")
    assert not fact.type_checking


def test_type_checking_inside_a_function_keeps_both_flags() -> None:
    assert import_flags(
        """\
        def f():
            if TYPE_CHECKING:
                import x
        """
    ) == {"x": (True, True, False)}


@pytest.mark.parametrize(
    "handler",
    [
        "except ImportError:",
        "except ModuleNotFoundError:",
        "except ImportError as exc:",
        "except builtins.ImportError:",
        "except (ImportError, AttributeError):",
        "except (AttributeError, ModuleNotFoundError):",
        "except:",
        "except Exception:",
        "except BaseException:",
    ],
)
def test_try_with_an_import_error_handler_guards_body_and_fallback(handler: str) -> None:
    flags = import_flags(
        f"""\
        try:
            import fast
        {handler}
            import slow
        """
    )
    assert flags == {"fast": (False, False, True), "slow": (False, False, True)}


def test_guarded_context_label() -> None:
    fact = only_import("try:\n    import x\nexcept ImportError:\n    x = None\n")
    assert fact.context == "try_except"


@pytest.mark.parametrize(
    "handler",
    ["except ValueError:", "except (ValueError, KeyError):", "except OSError as exc:"],
)
def test_try_without_an_import_error_handler_does_not_guard(handler: str) -> None:
    flags = import_flags(
        f"""\
        try:
            import a
        {handler}
            import b
        """
    )
    assert flags == {"a": (False, False, False), "b": (False, False, False)}


def test_else_finally_and_unrelated_handlers_of_a_guarding_try_are_not_guarded() -> None:
    flags = import_flags(
        """\
        try:
            import optional
        except AttributeError:
            import in_other_handler
        except ImportError:
            import fallback
        else:
            import after_success
        finally:
            import always
        """
    )
    assert flags == {
        "optional": (False, False, True),
        "in_other_handler": (False, False, False),
        "fallback": (False, False, True),
        "after_success": (False, False, False),
        "always": (False, False, False),
    }


def test_try_star_with_import_error_guards() -> None:
    flags = import_flags(
        """\
        try:
            import a
        except* ImportError:
            pass
        """
    )
    assert flags == {"a": (False, False, True)}


def test_guard_flags_combine_and_reach_nested_blocks() -> None:
    flags = import_flags(
        """\
        if TYPE_CHECKING:
            try:
                import both
            except ImportError:
                pass

        def f():
            try:
                if x:
                    import deep
            except ImportError:
                pass
        """
    )
    assert flags == {"both": (False, True, True), "deep": (True, False, True)}
