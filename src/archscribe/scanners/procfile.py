"""Scanners: Procfiles (Heroku, Foreman, Honcho): one process type and its command a line.

A line is ``name: command``; the command is a shell command line, read for its program and
worker count as a Dockerfile's shell-form ``CMD`` is. Blank lines and ``#`` comments are passed
over; any other line is a :class:`ScanProblem` (path left empty). The scanner never raises.
"""

from __future__ import annotations

import re

from archscribe.model.facts import DeployFacts, ProblemKind, ProcessCommand
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_shell_command
from archscribe.scanners.manifest_text import decode, problem

__all__ = ["PROCFILE_SCANNER", "scan_procfile"]

_PROCESS = re.compile(r"([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*?)\s*")
_MAX_PROBLEMS = 5


def scan_procfile(data: bytes) -> DeployFacts:
    """Read a Procfile: a :class:`ProcessCommand` for each ``name: command`` line."""
    text, problems = decode(data)
    commands: list[ProcessCommand] = []
    bad_lines = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _PROCESS.fullmatch(line)
        if match is None or not match.group(2):
            bad_lines += 1
            if bad_lines <= _MAX_PROBLEMS:
                reason = f"not a 'name: command' line: {line[:80]!r}"
                problems.append(problem(ProblemKind.MALFORMED, reason, number))
            continue
        name, command = match.group(1), match.group(2)
        program, workers = read_shell_command(command)
        commands.append(ProcessCommand(name, command, program, number, workers))
    return DeployFacts(kind="procfile", commands=tuple(commands), problems=tuple(problems))


PROCFILE_SCANNER = Scanner(name="procfile", version=2, fact_type=DeployFacts, scan=scan_procfile)
