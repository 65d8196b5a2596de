"""Scanners: why a Python file failed to parse, as a problem: Python 2, encoding, nesting, syntax.

:func:`parse_problem` turns what :func:`ast.parse` raised into one :class:`ScanProblem` (path
left empty for the caller): ``NOT_UTF8`` naming the first undecodable byte or the cookie at
fault, ``PYTHON2`` naming the idiom and its line, ``MALFORMED`` when the parser's own limits
stopped it, else ``SYNTAX_ERROR``.
"""

from __future__ import annotations

import codecs
import re

from archscribe.model.facts import ProblemKind, ScanProblem

__all__ = ["describe", "parse_problem", "problem"]

_BOM = codecs.BOM_UTF8

# PEP 263, as the tokenizer reads it (first line, or second when the first is blank/comment).
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")

# CPython's own nesting limits surface as SyntaxErrors; they say nothing about the code's
# validity, so they are reported as MALFORMED rather than SYNTAX_ERROR.
_NESTING_MESSAGES = (
    "too many nested parentheses",
    "too many levels of indentation",
    "too many statically nested blocks",
    "maximum recursion depth",
)

# Python 2 idioms, tried on the line the parser stopped at.
_PY2_LINE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s*print\s+[^(=\s]"), "print statement"),
    (re.compile(r"^\s*exec\s+[\"'\w]"), "exec statement"),
    (re.compile(r"\bexcept\s*\(?[\w.]+(?:\s*,\s*[\w.]+)*\)?\s*,\s*\w+\s*:"), "'except X, e:'"),
    (re.compile(r"^\s*raise\s+[\w.]+\s*,"), "'raise E, value'"),
    (re.compile(r"(?:^|[=(\[,+%:]|\breturn|\bprint)\s*`[^`]+`"), "backtick repr"),
    (re.compile(r"(?<![\w.\"'])0[0-7]*[1-7][0-7]*(?![\w.\"'])"), "octal literal without 0o"),
    (re.compile(r"(?<![\w.\"'])\d+[lL](?![\w\"'])"), "long integer literal"),
    (re.compile(r"(?<![\w\"'])[uU][rR][\"']"), "ur'' string prefix"),
    (re.compile(r"[\w)\]][ \t]*<>[ \t]*[\w(\[]"), "'<>' operator"),
)
# A one-line string literal, emptied before the line patterns run (quotes kept for ``ur''``).
_ONE_LINE_STRING = re.compile(r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'|\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"")
# Unambiguous Python 2 statements, searched over the whole file when the error line says nothing.
_PY2_FILE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[ \t]*print[ \t]*(?:[\"']|>>)", re.MULTILINE), "print statement"),
    (re.compile(r"^[ \t]*exec[ \t]+[\"']", re.MULTILINE), "exec statement"),
    (
        re.compile(r"^[ \t]*except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:", re.MULTILINE),
        "'except X, e:'",
    ),
)


def parse_problem(data: bytes, exc: Exception) -> ScanProblem:
    """The problem to report for ``data`` when :func:`ast.parse` raised ``exc`` on it.

    ``exc`` is a :class:`SyntaxError`, :class:`ValueError` (:class:`UnicodeError` among them),
    :class:`RecursionError` or :class:`MemoryError`.
    """
    if isinstance(exc, SyntaxError):
        return _classify_syntax_error(data, exc)
    if isinstance(exc, UnicodeError):
        return _not_utf8(data, str(exc), 0)
    if isinstance(exc, RecursionError | MemoryError):
        return problem(
            ProblemKind.MALFORMED,
            f"the Python parser gave up, probably on deeply nested code ({describe(exc)})",
        )
    return problem(ProblemKind.MALFORMED, f"the Python parser refused the file ({describe(exc)})")


def problem(kind: ProblemKind, reason: str, line: int = 0) -> ScanProblem:
    """A problem with its path left empty for the caller."""
    return ScanProblem(path="", kind=kind, reason=reason, line=line)


def describe(exc: BaseException) -> str:
    """An exception as ``Type: message``, or its type alone when it says nothing more."""
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _classify_syntax_error(data: bytes, exc: SyntaxError) -> ScanProblem:
    message = exc.msg or str(exc)
    line = exc.lineno or 0
    lowered = message.lower()
    if (
        ("codec can't decode" in lowered and "unicodeescape" not in lowered)
        or lowered.startswith(("unknown encoding", "encoding problem"))
        or "non-utf-8" in lowered
    ):
        return _not_utf8(data, message, line)
    if any(limit in lowered for limit in _NESTING_MESSAGES):
        return problem(
            ProblemKind.MALFORMED,
            f"nested deeper than the Python parser allows ({message})",
            line,
        )
    python2 = _python2_evidence(data, message, line)
    if python2 is not None:
        what, where = python2
        return problem(
            ProblemKind.PYTHON2,
            f"looks like Python 2 ({what} at line {where}); archscribe reads Python 3",
            where,
        )
    return problem(ProblemKind.SYNTAX_ERROR, f"syntax error: {message}", line)


def _python2_evidence(data: bytes, message: str, line: int) -> tuple[str, int] | None:
    """(what, line) of a Python 2 idiom when the failed file looks like Python 2."""
    if "Missing parentheses in call to 'print'" in message:
        return "print statement", line
    if "Missing parentheses in call to 'exec'" in message:
        return "exec statement", line
    if message.startswith("leading zeros in decimal integer literals"):
        return "octal literal without 0o", line
    rows = data.splitlines()  # \n, \r\n and \r: the lines the tokenizer numbers
    if 0 < line <= len(rows):
        error_line = rows[line - 1].decode("utf-8", errors="replace")
        # Python 2 look-alikes inside strings or a comment are no evidence.
        error_line = _ONE_LINE_STRING.sub(_empty_string, error_line).split("#", 1)[0]
        for pattern, what in _PY2_LINE_PATTERNS:
            if pattern.search(error_line):
                return what, line
    text = data.decode("utf-8", errors="replace")
    for pattern, what in _PY2_FILE_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return what, text.count("\n", 0, match.start()) + 1
    return None


def _empty_string(match: re.Match[str]) -> str:
    quote = match.group()[0]
    return quote + quote


def _not_utf8(data: bytes, message: str, line: int) -> ScanProblem:
    """A NOT_UTF8 problem naming the first undecodable byte when it can be found."""
    declared, cookie_line = _declared_encoding(data)
    lowered = message.lower()
    if lowered.startswith("unknown encoding"):
        return problem(
            ProblemKind.NOT_UTF8,
            f"its coding cookie names an unknown encoding ({declared or message})",
            cookie_line or line,
        )
    if lowered.startswith("encoding problem"):
        return problem(
            ProblemKind.NOT_UTF8,
            f"starts with a UTF-8 byte-order mark but declares another encoding ({message})",
            cookie_line or line,
        )
    encoding = declared or "utf-8"
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    skipped = len(data) - len(body)
    try:
        body.decode(encoding)
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        where = _line_at(data, offset)
        what = (
            f"not valid {encoding}, the encoding its coding cookie declares"
            if declared
            else "not valid UTF-8, and no coding cookie declares another encoding"
        )
        return problem(
            ProblemKind.NOT_UTF8,
            f"{what}: byte 0x{data[offset]:02x} at offset {offset} (line {where})",
            where,
        )
    except (LookupError, ValueError, TypeError):
        pass
    return problem(ProblemKind.NOT_UTF8, f"cannot be decoded: {message}", line)


def _declared_encoding(data: bytes) -> tuple[str, int]:
    """(encoding, line) named by a PEP 263 coding cookie, or ("", 0) when there is none."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    rows = data.split(b"\n", 2)[:2]
    for number, row in enumerate(rows, start=1):
        match = _COOKIE.match(row)
        if match is not None:
            return match.group(1).decode("ascii", errors="replace"), number
        if not _BLANK_OR_COMMENT.match(row):
            break
    return "", 0


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line holding byte ``offset``, with \\n, \\r\\n and \\r as line ends."""
    prefix = data[:offset]
    return prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n") + 1
