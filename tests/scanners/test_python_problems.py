"""Why a Python file failed to parse: syntax errors, Python 2, encodings, nesting."""

from __future__ import annotations

import pytest

from archscribe.model.facts import ProblemKind
from archscribe.scanners.python_problems import parse_problem
from archscribe.scanners.python_source import scan_python


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


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ValueError("source code string cannot contain null bytes"), "the Python parser refused"),
        (RecursionError("maximum recursion depth exceeded"), "the Python parser gave up"),
        (MemoryError(), "the Python parser gave up"),
    ],
)
def test_parser_failures_other_than_syntax_errors_are_malformed(
    error: Exception, reason: str
) -> None:
    problem = parse_problem(b"x = 1\n", error)
    assert problem.kind == ProblemKind.MALFORMED
    assert problem.reason.startswith(reason)
    assert type(error).__name__ in problem.reason
    assert (problem.path, problem.line) == ("", 0)


def test_a_unicode_error_from_the_parser_is_not_utf8() -> None:
    data = b"x = '\xff'\n"
    error = UnicodeDecodeError("utf-8", data, 5, 6, "invalid start byte")
    problem = parse_problem(data, error)
    assert problem.kind == ProblemKind.NOT_UTF8
    assert "byte 0xff at offset 5 (line 1)" in problem.reason
