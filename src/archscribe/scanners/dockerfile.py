"""Scanners: Dockerfiles: the images a build starts from, the ports it exposes, what it runs.

Lines are read as Docker reads them: parser directives at the top (``# escape=``), lines joined
on the escape character, comment lines dropped (also inside a continued instruction),
instructions in any case, heredoc bodies (``RUN <<EOF``) passed over. Variables are never
expanded: ``FROM python:${PY}`` is recorded as written. A ``FROM`` that names an earlier stage
starts from no image, and inherits that stage's ``CMD`` and ``ENTRYPOINT``. Only the final
stage's ``CMD`` and ``ENTRYPOINT`` are what the image runs, so only those are recorded.
The scanner never raises; what it cannot read is a :class:`ScanProblem` with an empty path.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from archscribe.model.facts import DeployFacts, ImageRef, ProblemKind, ProcessCommand, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_command
from archscribe.scanners.manifest_text import decode, problem

__all__ = ["DOCKERFILE_SCANNER", "scan_dockerfile"]

_DIRECTIVE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*")
_INSTRUCTION = re.compile(r"\s*([A-Za-z]+)(?:\s+(.*))?", re.DOTALL)
_HEREDOC = re.compile(r"[0-9]*<<(-?)([\"']?)([^\s<\"']+)\2")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
_MAX_PROBLEMS = 5


@dataclass(frozen=True, slots=True)
class _Command:
    """A ``CMD`` or ``ENTRYPOINT`` as read: its words, and whether it was in exec form."""

    name: str
    text: str
    argv: tuple[str, ...]
    exec_form: bool
    line: int


@dataclass(slots=True)
class _Stage:
    name: str
    cmd: _Command | None = None
    entrypoint: _Command | None = None
    cmd_set: bool = False  # CMD given in this stage (not inherited)


class _Reader:
    """Collects facts and problems while the logical lines go by."""

    def __init__(self, problems: list[ScanProblem]) -> None:
        self.problems = problems
        self.images: list[ImageRef] = []
        self.ports: list[tuple[int, int]] = []
        self.stages: list[_Stage] = []

    def malformed(self, reason: str, line: int) -> None:
        if sum(p.kind is ProblemKind.MALFORMED for p in self.problems) < _MAX_PROBLEMS:
            self.problems.append(problem(ProblemKind.MALFORMED, reason, line))

    def instruction(self, keyword: str, rest: str, line: int) -> None:
        if keyword == "FROM":
            self.from_(rest, line)
        elif keyword == "EXPOSE":
            self.expose(rest, line)
        elif keyword in ("CMD", "ENTRYPOINT"):
            self.command(keyword, rest, line)

    def from_(self, rest: str, line: int) -> None:
        words = [word for word in rest.split() if not word.startswith("--")]
        if not words:
            self.malformed("FROM without an image", line)
            self.stages.append(_Stage(""))
            return
        reference = words[0]
        name = words[2] if len(words) >= 3 and words[1].lower() == "as" else ""
        earlier = next(
            (stage for stage in self.stages if stage.name and stage.name == reference.lower()),
            None,
        )
        stage = _Stage(name.lower())
        if earlier is not None:
            stage.cmd, stage.entrypoint = earlier.cmd, earlier.entrypoint
        elif reference.lower() != "scratch":
            self.images.append(ImageRef(reference=reference, line=line, stage=name))
        self.stages.append(stage)

    def expose(self, rest: str, line: int) -> None:
        for word in rest.split():
            port = word.split("/", 1)[0].split("-", 1)[0]
            if "$" in port:
                continue
            if port.isascii() and port.isdigit() and 0 < int(port) < 65536:
                if (int(port), line) not in self.ports:
                    self.ports.append((int(port), line))
            else:
                self.malformed(f"EXPOSE of no port: {word[:40]!r}", line)

    def command(self, keyword: str, rest: str, line: int) -> None:
        text = rest.strip()
        argv: tuple[str, ...] | None = None
        if text.startswith("["):
            argv = _exec_form(text)
            if argv is None:
                self.malformed(f"{keyword} is not a JSON array of strings; read as shell", line)
        if argv is None and not text:
            self.malformed(f"{keyword} without a command", line)
            return
        if argv is not None:
            found = _Command(keyword, shlex.join(argv), argv, True, line)
        else:
            found = _Command(keyword, text, ("/bin/sh", "-c", text), False, line)
        if not self.stages:
            self.stages.append(_Stage(""))
        stage = self.stages[-1]
        if keyword == "CMD":
            stage.cmd, stage.cmd_set = found, True
        else:
            stage.entrypoint = found
            if not stage.cmd_set:  # Docker: a new ENTRYPOINT drops an inherited CMD
                stage.cmd = None

    def final_commands(self) -> tuple[ProcessCommand, ...]:
        if not self.stages:
            return ()
        stage = self.stages[-1]
        out: list[ProcessCommand] = []
        entrypoint, cmd = stage.entrypoint, stage.cmd
        if entrypoint is not None and entrypoint.argv:
            program, workers = read_command(entrypoint.argv)
            out.append(
                ProcessCommand("ENTRYPOINT", entrypoint.text, program, entrypoint.line, workers)
            )
        if cmd is not None and cmd.argv:
            argv = cmd.argv
            # CMD words that start with an option are arguments to an exec-form ENTRYPOINT.
            if (
                entrypoint is not None
                and entrypoint.exec_form
                and cmd.exec_form
                and argv[0].startswith("-")
            ):
                argv = entrypoint.argv + argv
            program, workers = read_command(argv)
            out.append(ProcessCommand("CMD", cmd.text, program, cmd.line, workers))
        return tuple(sorted(out, key=lambda command: command.line))


def _exec_form(text: str) -> tuple[str, ...] | None:
    """The words of an exec-form instruction, or ``None`` when it is not a JSON string array."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        return None
    return tuple(value)


def _directives(lines: list[str], reader: _Reader) -> tuple[str, int]:
    """The escape character the parser directives set, and the index of the first other line."""
    escape = "\\"
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.fullmatch(lines[index])
        if match is None:
            break
        if match.group(1).lower() == "escape":
            if match.group(2) in ("\\", "`"):
                escape = match.group(2)
            else:
                reader.malformed(f"escape directive of {match.group(2)[:10]!r}", index + 1)
        index += 1
    return escape, index


def _logical_lines(text: str, reader: _Reader) -> Iterator[tuple[int, str, str]]:
    """(first line number, upper-cased instruction, its arguments) for each instruction."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    escape, index = _directives(lines, reader)
    while index < len(lines):
        first = index + 1
        line = lines[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts: list[str] = []
        while line.rstrip().endswith(escape):
            parts.append(line.rstrip()[: -len(escape)])
            line = ""
            # Docker drops comments and blank lines inside a continued instruction.
            while index < len(lines) and not line:
                candidate = lines[index]
                index += 1
                if candidate.strip() and not candidate.lstrip().startswith("#"):
                    line = candidate
        stripped = line.rstrip()
        parts.append(stripped[: -len(escape)] if stripped.endswith(escape) else line)
        match = _INSTRUCTION.fullmatch("".join(parts))
        if match is None:
            reader.malformed(f"not an instruction: {''.join(parts).strip()[:40]!r}", first)
            continue
        keyword, rest = match.group(1).upper(), match.group(2) or ""
        if keyword in _HEREDOC_INSTRUCTIONS:
            index = _skip_heredocs(rest, lines, index, first, reader)
        yield first, keyword, rest


def _skip_heredocs(rest: str, lines: list[str], index: int, first: int, reader: _Reader) -> int:
    """The index of the first line after the heredoc bodies ``rest`` opens (in order)."""
    for word in rest.split():
        match = _HEREDOC.fullmatch(word)
        if match is None:
            continue
        strip_tabs, terminator = match.group(1) == "-", match.group(3)
        while index < len(lines):
            body = lines[index].lstrip("\t") if strip_tabs else lines[index]
            index += 1
            if body == terminator:
                break
        else:
            reader.malformed(f"heredoc {terminator[:20]!r} never ends", first)
    return index


def scan_dockerfile(data: bytes) -> DeployFacts:
    """Read a Dockerfile: base images (``FROM``), ports (``EXPOSE``), and the final stage's
    ``CMD`` and ``ENTRYPOINT`` with their program and worker count."""
    text, problems = decode(data)
    reader = _Reader(problems)
    for line, keyword, rest in _logical_lines(text, reader):
        reader.instruction(keyword, rest, line)
    return DeployFacts(
        kind="dockerfile",
        images=tuple(reader.images),
        ports=tuple(reader.ports),
        commands=reader.final_commands(),
        problems=tuple(problems),
    )


DOCKERFILE_SCANNER = Scanner(
    name="dockerfile", version=2, fact_type=DeployFacts, scan=scan_dockerfile
)
