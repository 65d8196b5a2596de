"""Scanners: environment files (``.env``, ``.env.example``, ``production.env``): the variables
they set, reduced to names, URL schemes and bare service hosts, never their values.

A line is ``KEY=value`` or ``export KEY=value`` (spaces around ``=`` allowed), or a bare ``KEY``
(a variable taken from the surrounding environment, as Docker and python-dotenv read it). A value
may be single-quoted (taken as is), double-quoted (backslash escapes the next character), either
one spanning several lines (a PEM key), or unquoted, where `` #`` starts a comment; a ``#`` inside
quotes or not after a space is part of the value. Blank lines and ``#`` comments are passed over;
any other line is a :class:`ScanProblem` (at most five; path left empty). What a value points at
is read by :func:`.env_values.env_setting`, and the value itself is then dropped. The scanner
never raises.
"""

from __future__ import annotations

import re

from archscribe.model.facts import EnvSetting, InfraFacts, ProblemKind, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.env_values import env_setting
from archscribe.scanners.manifest_text import decode, problem

__all__ = ["ENV_FILE_SCANNER", "scan_env_file"]

_KIND = "env-file"
_MAX_PROBLEMS = 5
_QUOTES = ("'", '"')

# ``[export ]KEY[ = value]``; the value part is read by _read_value.
_ASSIGNMENT = re.compile(r"(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=[ \t]*(.*))?")
# A double-quoted value's rest up to its closing quote (escaped quotes skipped).
_DOUBLE_QUOTED = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# An unquoted value's comment: a ``#`` after whitespace.
_TRAILING_COMMENT = re.compile(r"\s+#.*")


def scan_env_file(data: bytes) -> InfraFacts:
    """Read an environment file: an :class:`EnvSetting` for each variable it sets or names."""
    if b"\x00" in data:
        reason = "contains NUL bytes; looks binary"
        return InfraFacts(kind=_KIND, problems=(problem(ProblemKind.BINARY, reason),))
    text, problems = decode(data)
    reader = _EnvReader(text.split("\n"), problems)
    reader.read()
    return InfraFacts(kind=_KIND, env=tuple(reader.settings), problems=tuple(problems))


ENV_FILE_SCANNER = Scanner(name=_KIND, version=2, fact_type=InfraFacts, scan=scan_env_file)


class _EnvReader:
    """Reads the lines of one file in order; a quoted value may take in the lines after it."""

    def __init__(self, lines: list[str], problems: list[ScanProblem]) -> None:
        self.lines = lines
        self.problems = problems
        self.settings: list[EnvSetting] = []
        self.bad_lines = 0
        # For each quote, a line from which on no line closes it (so no search repeats).
        self.unclosed_from: dict[str, int] = {}

    def read(self) -> None:
        index = 0
        while index < len(self.lines):
            number = index + 1
            line = self.lines[index].strip()
            index += 1
            if not line or line.startswith("#"):
                continue
            match = _ASSIGNMENT.fullmatch(line)
            if match is None:
                self.malformed(number, f"not a 'KEY=value' line: {line[:80]!r}")
                continue
            name, rest = match.group(1), match.group(2)
            value, index, error = self.read_value(rest or "", index)
            if error:
                self.malformed(number, error)
                continue
            self.settings.append(env_setting(name, value, number))

    def read_value(self, rest: str, index: int) -> tuple[str, int, str]:
        """(value, index of the next line to read, "" or why the value is malformed)."""
        if not rest.startswith(_QUOTES):
            return _TRAILING_COMMENT.sub("", rest).rstrip(), index, ""
        quote = rest[0]
        end = _closing(rest, 1, quote)
        if end >= 0:
            return rest[1:end], index, _after_quote(rest[end + 1 :])
        # The value goes on over the next lines, up to the one that closes it.
        parts = [rest[1:]]
        start = index
        if start < self.unclosed_from.get(quote, len(self.lines) + 1):
            for at in range(start, len(self.lines)):
                line = self.lines[at].rstrip("\r")
                end = _closing(line, 0, quote)
                if end >= 0:
                    parts.append(line[:end])
                    return "\n".join(parts), at + 1, _after_quote(line[end + 1 :])
                parts.append(line)
            self.unclosed_from[quote] = start
        return "", index, f"the value's {quote} quote is never closed"

    def malformed(self, number: int, reason: str) -> None:
        self.bad_lines += 1
        if self.bad_lines <= _MAX_PROBLEMS:
            self.problems.append(problem(ProblemKind.MALFORMED, reason, number))


def _closing(text: str, start: int, quote: str) -> int:
    """Where ``quote`` closes in ``text`` from ``start``; -1 if it does not. A backslash escapes
    the next character inside double quotes only."""
    if quote == "'":
        return text.find(quote, start)
    match = _DOUBLE_QUOTED.match(text, start)
    return -1 if match is None else match.end() - 1


def _after_quote(tail: str) -> str:
    """ "" when only blanks or a comment follow a closing quote, else why that is malformed."""
    tail = tail.strip()
    if not tail or tail.startswith("#"):
        return ""
    return f"text after the closing quote: {tail[:40]!r}"
