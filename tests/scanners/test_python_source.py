"""The Python source scanner: text in, facts out (imports in test_python_source_imports.py)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    CallAssignment,
    ClassFact,
    FunctionFact,
    ProblemKind,
    PythonFacts,
)
from archscribe.scanners import python_source
from archscribe.scanners.python_source import PYTHON_SCANNER, scan_python


def scan(source: str) -> PythonFacts:
    """Scan dedented source text, encoded as UTF-8."""
    return scan_python(textwrap.dedent(source).encode("utf-8"))


# --- the scanner object ---------------------------------------------------------------------


def test_scanner_object_names_itself_and_points_at_scan_python() -> None:
    assert PYTHON_SCANNER.name == "python"
    assert PYTHON_SCANNER.version == 13  # 3: settings, 4: URL passwords, 5: routes, 6+: semantics
    assert PYTHON_SCANNER.fact_type is PythonFacts
    assert PYTHON_SCANNER.scan is scan_python


def test_empty_file_gives_empty_facts() -> None:
    assert scan_python(b"") == PythonFacts()


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
            keywords=(("metaclass", "Meta"),),
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


# --- binary files and unexpected failures ---------------------------------------------------


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

    monkeypatch.setattr(python_source, "count_lines", explode)
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
