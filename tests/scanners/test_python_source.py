"""The Python source scanner: text in, facts out."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    CallAssignment,
    ClassFact,
    FunctionFact,
    ImportFact,
    ProblemKind,
    PythonFacts,
)
from archscribe.scanners import python_source
from archscribe.scanners.python_source import PYTHON_SCANNER, scan_python


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


# --- the scanner object ---------------------------------------------------------------------


def test_scanner_object_names_itself_and_points_at_scan_python() -> None:
    assert PYTHON_SCANNER.name == "python"
    assert PYTHON_SCANNER.version == 1
    assert PYTHON_SCANNER.fact_type is PythonFacts
    assert PYTHON_SCANNER.scan is scan_python


def test_empty_file_gives_empty_facts() -> None:
    assert scan_python(b"") == PythonFacts()


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


# --- classes and functions ------------------------------------------------------------------


def test_top_level_class_with_bases_decorators_and_docstring() -> None:
    facts = scan(
        """\
        import dataclasses

        @dataclasses.dataclass(frozen=True)
        @register
        class Order(models.Model, Generic[T], typing.Generic[K, V], metaclass=Meta):
            '''An order.

            Details that are not the summary.
            '''
        """
    )
    assert facts.classes == (
        ClassFact(
            name="Order",
            line=5,
            bases=("models.Model", "Generic", "typing.Generic"),
            decorators=("dataclasses.dataclass", "register"),
            docstring="An order.",
        ),
    )


def test_unusual_bases_and_decorators_fall_back_to_source_text() -> None:
    facts = scan(
        """\
        @registry["x"]
        @make()(arg)
        class C(make_base(), *mixins):
            pass
        """
    )
    (cls,) = facts.classes
    assert cls.bases == ("make_base()", "*mixins")
    assert cls.decorators == ("registry['x']", "make()")


def test_classes_in_module_level_blocks_count_but_nested_ones_do_not() -> None:
    facts = scan(
        """\
        class Top:
            class Nested:
                pass

            def method(self):
                class InMethod:
                    pass

        if sys.version_info >= (3, 11):
            class InIf:
                pass
        else:
            class InElse:
                pass

        try:
            class InTry:
                pass
        except ImportError:
            class InExcept:
                pass

        def factory():
            class InFunction:
                pass
        """
    )
    assert [(c.name, c.line) for c in facts.classes] == [
        ("Top", 1),
        ("InIf", 10),
        ("InElse", 13),
        ("InTry", 17),
        ("InExcept", 20),
    ]


def test_top_level_functions() -> None:
    facts = scan(
        """\
        @app.route("/")
        @cache
        def index():
            '''Serve the index.'''

        async def fetch():
            pass

        class C:
            def method(self):
                pass

        def outer():
            def inner():
                pass
        """
    )
    assert facts.functions == (
        FunctionFact(
            name="index",
            line=3,
            decorators=("app.route", "cache"),
            is_async=False,
            docstring="Serve the index.",
        ),
        FunctionFact(name="fetch", line=6, is_async=True),
        FunctionFact(name="outer", line=13),
    )


# --- call assignments -----------------------------------------------------------------------


def test_call_assignments_at_module_scope() -> None:
    facts = scan(
        """\
        app = Flask(__name__)
        api: FastAPI = fastapi.FastAPI()
        application = get_wsgi_application()
        first = second = make()
        if DEBUG:
            debug_app = Flask("debug")
        """
    )
    assert facts.call_assignments == (
        CallAssignment(target="app", callee="Flask", line=1),
        CallAssignment(target="api", callee="fastapi.FastAPI", line=2),
        CallAssignment(target="application", callee="get_wsgi_application", line=3),
        CallAssignment(target="first", callee="make", line=4),
        CallAssignment(target="second", callee="make", line=4),
        CallAssignment(target="debug_app", callee="Flask", line=6),
    )


@pytest.mark.parametrize(
    "statement",
    [
        "a = Foo().bar()",  # chained call: the callee is no plain dotted name
        "a = handlers['x']()",
        "a, b = pair()",
        "self.app = Flask()",
        "items[0] = make()",
        "a = b",
        "a = 1",
        "a: App",
        "a = lambda: make()",
        "a += make()",
    ],
)
def test_statements_that_are_not_call_assignments(statement: str) -> None:
    assert scan(statement + "\n").call_assignments == ()


def test_call_assignments_inside_functions_and_classes_are_ignored() -> None:
    facts = scan(
        """\
        def create():
            app = Flask(__name__)

        class Config:
            app = Flask(__name__)
        """
    )
    assert facts.call_assignments == ()


# --- __all__ --------------------------------------------------------------------------------


def test_no_all_is_none() -> None:
    assert scan("x = 1\n").all_names is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("__all__ = ['a', 'b']", ("a", "b")),
        ("__all__ = ('a', 'b')", ("a", "b")),
        ("__all__ = []", ()),
        ("__all__: list[str] = ['a']", ("a",)),
        ("__all__ = ['a']\n__all__ += ['b']", ("a", "b")),
        ("__all__ = ['a']\n__all__ += ('b',)", ("a", "b")),
        ("__all__ = ['a']\n__all__.extend(['b', 'c'])", ("a", "b", "c")),
        ("__all__ = ['a']\n__all__.append('b')", ("a", "b")),
        ("__all__ = ['a'] + ['b']", ("a", "b")),
        ("__all__ = ['a']\n__all__ = __all__ + ['b']", ("a", "b")),
        ("__all__ = sorted(['b', 'a'])", ("b", "a")),
        ("__all__ = ['a']\nif X:\n    __all__ += ['b']", ("a", "b")),
        ("__all__ = ['a']\n__all__ = ['c']", ("c",)),
    ],
)
def test_literal_all(source: str, expected: tuple[str, ...]) -> None:
    assert scan(source + "\n").all_names == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("__all__ = ['a', name, 'b']", ("a", "b")),
        ("__all__ = ['a'] + other.__all__", ("a",)),
        ("__all__ = ['a']\n__all__ += other.__all__", ("a",)),
        ("__all__ = ['a']\n__all__.extend(other.__all__)", ("a",)),
        ("__all__ = ['a']\n__all__.append(name)", ("a",)),
    ],
)
def test_partly_literal_all_keeps_the_literal_part(source: str, expected: tuple[str, ...]) -> None:
    assert scan(source + "\n").all_names == expected


@pytest.mark.parametrize(
    "source",
    [
        "__all__ = other.__all__",
        "__all__ = [n for n in dir() if not n.startswith('_')]",
        "__all__ = make_all()",
        "def f():\n    __all__ = ['a']",
        "class C:\n    __all__ = ['a']",
        "__all__, x = ['a'], 1",
    ],
)
def test_non_literal_or_nested_all_is_none(source: str) -> None:
    assert scan(source + "\n").all_names is None


# --- docstrings -----------------------------------------------------------------------------


def test_module_docstring_first_paragraph_on_one_line() -> None:
    facts = scan(
        '''\
        """
        Scanner for   things:
            reads them.

        Second paragraph.
        """
        '''
    )
    assert facts.docstring == "Scanner for things: reads them."


def test_long_docstring_is_cut_at_a_word_boundary() -> None:
    words = " ".join(f"word{i:03d}" for i in range(100))  # 799 characters
    docstring = scan(f'"""{words}"""\n').docstring
    assert len(docstring) <= 300
    assert docstring.endswith("…")
    assert words.startswith(docstring[:-1])
    assert docstring[:-1].split(" ")[-1] in words.split(" ")


def test_docstring_of_exactly_the_limit_is_kept_whole() -> None:
    text = "x" * 300
    assert scan(f'"""{text}"""\n').docstring == text


def test_long_word_without_spaces_is_cut_hard() -> None:
    docstring = scan(f'"""{"x" * 500}"""\n').docstring
    assert docstring == "x" * 299 + "…"


@pytest.mark.parametrize(
    "source",
    [
        "x = 1\n'''Not first.'''\n",
        "f'''An f-string is no docstring.'''\n",
        "b'''Nor are bytes.'''\n",
        "# just a comment\n",
        "42\n",
    ],
)
def test_no_module_docstring(source: str) -> None:
    assert scan(source).docstring == ""


def test_docstring_after_a_shebang_and_a_coding_cookie() -> None:
    facts = scan("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n'''Tool.'''\n")
    assert facts.docstring == "Tool."


# --- main guard -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "test", ["__name__ == '__main__'", '__name__ == "__main__"', "'__main__' == __name__"]
)
def test_main_guard(test: str) -> None:
    facts = scan(f"import sys\n\nif {test}:\n    main()\n")
    assert facts.has_main_guard
    assert facts.main_guard_line == 3


@pytest.mark.parametrize(
    "source",
    [
        "if __name__ != '__main__':\n    pass\n",
        "if __name__ == 'main':\n    pass\n",
        "if name == '__main__':\n    pass\n",
        "if __name__ == '__main__' == x:\n    pass\n",
        "def f():\n    if __name__ == '__main__':\n        pass\n",
        "x = __name__ == '__main__'\n",
    ],
)
def test_not_a_main_guard(source: str) -> None:
    facts = scan(source)
    assert not facts.has_main_guard
    assert facts.main_guard_line == 0


# --- size -----------------------------------------------------------------------------------


def test_lines_and_code_lines() -> None:
    facts = scan(
        '''\
        """Docstring lines count as code,

        # but a comment-looking line does not, even in a docstring (a cheap line scan).
        """

        # a comment
            # an indented comment
        import os  # trailing comment

        x = 1
        '''
    )
    assert facts.lines == 10
    assert facts.code_lines == 4  # lines 1, 4, 8 and 10


@pytest.mark.parametrize(
    ("data", "lines", "code_lines"),
    [
        (b"", 0, 0),
        (b"\n", 1, 0),
        (b"x = 1", 1, 1),
        (b"x = 1\n", 1, 1),
        (b"x = 1\r\n\r\ny = 2\r\n", 3, 2),
        (b"x = 1\ry = 2\r", 2, 2),
        (b"\xef\xbb\xbf# comment\nx = 1\n", 2, 1),
        (b"  \t \n\x0c\n#\nx\n", 4, 1),
    ],
)
def test_line_counting_edge_cases(data: bytes, lines: int, code_lines: int) -> None:
    facts = scan_python(data)
    assert (facts.lines, facts.code_lines) == (lines, code_lines)


def test_lines_are_counted_even_when_parsing_fails() -> None:
    facts = scan_python(b"# comment\ndef broken(:\n    pass\n")
    assert facts.problems
    assert (facts.lines, facts.code_lines) == (3, 2)


# --- generated markers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    [
        "# Generated by Django 4.2 on 2024-01-01 12:00",
        "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!",
        "# @generated",
        "# do not edit: produced by tool",
        "# AUTOGENERATED FILE",
        "# Auto-generated from schema.json",
        "# Code generated by go-bindata",
        '"""This file was automatically generated by mkstringprep.py."""',
        '"""\nGenerated by: https://openapi-generator.tech\n"""',
        "# -*- coding: utf-8 -*-\n'''Utilities. DO NOT EDIT.'''",
    ],
)
def test_generated_marker_is_found_and_the_file_still_scanned(marker: str) -> None:
    facts = scan_python(f"{marker}\nimport os\n".encode())
    assert facts.generated
    assert [i.module for i in facts.imports] == ["os"]
    assert facts.problems == ()


def test_generated_marker_on_line_five_counts() -> None:
    assert scan_python(b"\n\n\n\n# generated by tool\n").generated


def test_generated_marker_past_line_five_but_within_1000_bytes_counts() -> None:
    assert scan_python(b"\n" * 10 + b"# generated by tool\n").generated


@pytest.mark.parametrize(
    "source",
    [
        '"""A hand-written module."""\nimport os\n',
        '"""Trees.\n\n    A tree can be generated by passing a flag to compile().\n"""\n',
        '"""Parser engine for the grammar tables generated by pgen."""\n',
        '"""Return an auto-generated identifier; code generated here is cached."""\n',
    ],
)
def test_no_generated_marker(source: str) -> None:
    assert not scan(source).generated


def test_generated_marker_far_down_the_file_does_not_count() -> None:
    data = b"x = 1\n" * 300 + b"# generated by tool\n"
    assert not scan_python(data).generated


# --- problems -------------------------------------------------------------------------------


def test_nul_bytes_mean_binary_and_nothing_else_is_read() -> None:
    facts = scan_python(b"import os\n\x00\x01\x02")
    assert [(p.kind, p.reason, p.path) for p in facts.problems] == [
        (ProblemKind.BINARY, "contains NUL bytes; looks binary", "")
    ]
    assert facts.imports == ()
    assert facts.lines == 0


def test_utf16_file_is_binary() -> None:
    facts = scan_python("import os\n".encode("utf-16"))
    assert [p.kind for p in facts.problems] == [ProblemKind.BINARY]


def test_syntax_error_names_line_and_message() -> None:
    facts = scan_python(b"import os\n\ndef broken(:\n    pass\n")
    (problem,) = facts.problems
    assert problem.kind == ProblemKind.SYNTAX_ERROR
    assert problem.line == 3
    assert problem.path == ""
    assert "invalid syntax" in problem.reason
    assert facts.imports == ()


@pytest.mark.parametrize(
    ("source", "what", "line"),
    [
        ("import os\nprint 'hello'\n", "print statement", 2),
        ("import sys\nprint >>sys.stderr, 'x'\nprint 'y'\n", "print statement", 3),
        ("try:\n    pass\nexcept ValueError, exc:\n    pass\n", "'except X, e:'", 3),
        ("exec 'x = 1'\n", "exec statement", 1),
        ("x = `y`\n", "backtick repr", 1),
        ("mode = 0777\n", "octal literal without 0o", 1),
        ("x = ur'raw'\n", "ur'' string prefix", 1),
        ("if a <> b:\n    pass\n", "'<>' operator", 1),
        ("n = 10L\n", "long integer literal", 1),
        ("raise ValueError, 'bad'\n", "'raise E, value'", 1),
    ],
)
def test_python2_is_recognised(source: str, what: str, line: int) -> None:
    (problem,) = scan_python(source.encode()).problems
    assert problem.kind == ProblemKind.PYTHON2
    assert problem.line == line
    assert problem.reason == (
        f"looks like Python 2 ({what} at line {line}); archscribe reads Python 3"
    )


def test_python2_found_elsewhere_in_the_file_when_the_error_line_says_nothing() -> None:
    source = "def f(:\n    pass\n\nprint 'old'\n"
    (problem,) = scan_python(source.encode()).problems
    assert problem.kind == ProblemKind.PYTHON2
    assert problem.line == 4


@pytest.mark.parametrize(
    "source",
    [
        "def f(:\n    pass\n",
        "x = = 1\n",
        "print('fine')\nclass:\n",
        "x = '\\N{NO SUCH CHARACTER NAME}'\n",  # a unicode error in a literal, not an encoding
        "x = '0777' = y\n",  # Python 2 look-alikes inside strings and comments
        "x = '10L' = y\n",
        "x = 'a <> b' = y\n",
        "def f(:  # see `foo` in the docs\n",
        "x = ur = 1 = 2\n",
    ],
)
def test_python3_syntax_errors_are_not_python2(source: str) -> None:
    (problem,) = scan_python(source.encode()).problems
    assert problem.kind == ProblemKind.SYNTAX_ERROR


def test_latin1_file_with_a_coding_cookie_parses() -> None:
    data = "# -*- coding: latin-1 -*-\n'''Café.'''\nimport os\n".encode("latin-1")
    facts = scan_python(data)
    assert facts.problems == ()
    assert facts.docstring == "Café."
    assert [i.module for i in facts.imports] == ["os"]


def test_coding_cookie_on_the_second_line_after_a_shebang() -> None:
    data = "#!/usr/bin/python\n# coding: cp1252\nname = 'Müller'\n".encode("cp1252")
    assert scan_python(data).problems == ()


def test_latin1_file_without_a_cookie_is_not_utf8() -> None:
    data = "import os\nname = 'Müller'\n".encode("latin-1")
    facts = scan_python(data)
    (problem,) = facts.problems
    assert problem.kind == ProblemKind.NOT_UTF8
    assert problem.line == 2
    offset = data.index(b"\xfc")
    assert f"byte 0xfc at offset {offset}" in problem.reason
    assert (facts.lines, facts.code_lines) == (2, 2)


def test_bytes_that_break_the_declared_encoding_are_not_utf8() -> None:
    data = b"# coding: ascii\nx = 1\ny = '\xc3\xa9'\n"
    (problem,) = scan_python(data).problems
    assert problem.kind == ProblemKind.NOT_UTF8
    assert problem.line == 3
    assert "ascii" in problem.reason


def test_unknown_encoding_in_the_cookie_is_not_utf8() -> None:
    (problem,) = scan_python(b"# coding: klingon\nx = 1\n").problems
    assert problem.kind == ProblemKind.NOT_UTF8
    assert problem.line == 1
    assert "klingon" in problem.reason


def test_bom_with_a_conflicting_cookie_is_not_utf8() -> None:
    (problem,) = scan_python(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n").problems
    assert problem.kind == ProblemKind.NOT_UTF8
    assert problem.line == 1


def test_utf8_bom_is_accepted() -> None:
    facts = scan_python(b"\xef\xbb\xbf'''Doc.'''\nimport os\n")
    assert facts.problems == ()
    assert facts.docstring == "Doc."


def test_invalid_escape_warnings_are_silenced_not_raised() -> None:
    # pytest turns warnings into errors here; the scanner must neither warn nor fail.
    facts = scan_python(b"import re\npattern = '\\d+'\n")
    assert facts.problems == ()
    assert len(facts.imports) == 1


@pytest.mark.parametrize(
    "data",
    [
        b"f(" + b"(" * 1000 + b")" * 1000 + b")\n",
        b"x = " + b"-" * 100_000 + b"1\n",
        b"x = " + b"1 + " * 100_000 + b"1\n",
        b"x = a" + b".b" * 100_000 + b"\n",
        b"".join(b" " * i + b"if x:\n" for i in range(120)) + b" " * 120 + b"pass\n",
    ],
    ids=["parentheses", "unary", "binary", "attributes", "indentation"],
)
def test_pathological_nesting_is_malformed_not_a_crash(data: bytes) -> None:
    facts = scan_python(data)
    assert [p.kind for p in facts.problems] == [ProblemKind.MALFORMED]
    assert facts.lines >= 1


def test_an_unexpected_failure_while_walking_keeps_what_was_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(python_source, "_is_main_guard", explode)
    facts = scan_python(b"import os\nif x:\n    pass\n")
    assert [i.module for i in facts.imports] == ["os"]
    assert facts.lines == 3
    (problem,) = facts.problems
    assert problem.kind == ProblemKind.MALFORMED
    assert "RuntimeError: boom" in problem.reason


def test_an_unexpected_failure_anywhere_becomes_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(_: bytes) -> tuple[int, int]:
        raise RuntimeError("boom")

    monkeypatch.setattr(python_source, "_count_lines", explode)
    (problem,) = scan_python(b"import os\n").problems
    assert problem.kind == ProblemKind.MALFORMED
    assert problem.reason == "RuntimeError: boom"


# --- determinism and robustness -------------------------------------------------------------


def test_same_bytes_same_facts_in_source_order() -> None:
    source = b"import b\nimport a\nclass Z: pass\nclass Y: pass\ndef d(): pass\ndef c(): pass\n"
    first, second = scan_python(source), scan_python(source)
    assert first == second
    assert [i.module for i in first.imports] == ["b", "a"]
    assert [c.name for c in first.classes] == ["Z", "Y"]
    assert [f.name for f in first.functions] == ["d", "c"]


def _assert_sane(facts: PythonFacts) -> None:
    assert isinstance(facts, PythonFacts)
    assert facts.lines >= facts.code_lines >= 0
    assert all(p.path == "" for p in facts.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _assert_sane(scan_python(data))
    # without NUL bytes too, or most examples would stop at the binary check
    _assert_sane(scan_python(data.replace(b"\x00", b" ")))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text: str) -> None:
    _assert_sane(scan_python(text.encode("utf-8")))


_PYTHONISH = st.lists(
    st.sampled_from(
        [
            "import os\n",
            "from . import x\n",
            "if TYPE_CHECKING:\n",
            "try:\n",
            "except ImportError:\n",
            "def f():\n",
            "class C(Base):\n",
            "    pass\n",
            "    import y\n",
            "__all__ = ['a']\n",
            "app = Flask(__name__)\n",
            "'''Doc.'''\n",
            "# comment\n",
            "\n",
            "print 'x'\n",
            "(((\n",
            "\t",
            "\r\n",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_PYTHONISH)
def test_python_like_fragments_never_raise(text: str) -> None:
    _assert_sane(scan_python(text.encode("utf-8")))
