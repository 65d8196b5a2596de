"""Scanners: what the manifest scanners share: decoding, requirement strings, the facts builder.

A manifest's bytes are decoded leniently (:func:`decode`), its requirements read as PEP 508
strings (:func:`parse_requirement`) or as pip reads a requirements line
(:func:`read_requirement_line`), and what it declares is collected by a
:class:`ManifestBuilder` and frozen into :class:`ManifestFacts`. Problems keep their path empty
for the caller to fill in.
"""

from __future__ import annotations

import re
import tomllib

from archscribe.model.facts import (
    DeclaredDependency,
    DeclaredEntryPoint,
    ManifestFacts,
    ProblemKind,
    ScanProblem,
)

__all__ = [
    "ManifestBuilder",
    "decode",
    "load_toml",
    "parse_requirement",
    "problem",
    "read_requirement_line",
    "without_comment",
]

# PEP 508: a name, optional [extras], then a version specifier, "@ url", or ";" markers.
_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_VERSION_OPERATORS = ("<", ">", "=", "!", "~")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_ARCHIVE = re.compile(r"\.(?:whl|zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz)$", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_PER_REQUIREMENT_OPTION = re.compile(r"\s--?[A-Za-z]")
_MAX_BAD_LINES = 5

_TOML_ERROR_LINE = re.compile(r"line (\d+)")


def parse_requirement(text: str) -> tuple[str, str] | None:
    """A PEP 508 requirement's name and version part, or ``None`` when it is not one.

    The version part drops extras and environment markers and all whitespace (``>=1.0,<2``);
    a direct reference keeps its URL (``@ https://...``); no version gives ``""``.
    """
    match = _NAME.match(text)
    if match is None:
        return None
    rest = text[match.end() :].lstrip()
    if rest.startswith("["):
        close = rest.find("]")
        if close < 0:
            return None
        rest = rest[close + 1 :].lstrip()
    if rest.startswith("@"):
        url = re.split(r"\s;", rest[1:], maxsplit=1)[0].strip()
        return (match.group(1), f"@ {url}") if url else None
    spec = rest.split(";", 1)[0].strip()
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1].strip()
    if spec and not spec.startswith(_VERSION_OPERATORS):
        return None
    return match.group(1), "".join(spec.split())


def without_comment(text: str) -> str:
    """``text`` without a trailing ``# comment`` (one that starts it or follows a space)."""
    return _COMMENT.sub("", text).strip()


def problem(kind: ProblemKind, reason: str, line: int = 0) -> ScanProblem:
    """A problem with its path left empty for the caller."""
    return ScanProblem(path="", kind=kind, reason=reason, line=line)


def decode(data: bytes) -> tuple[str, list[ScanProblem]]:
    """The text (BOM dropped, undecodable bytes replaced) and a problem when it was not UTF-8."""
    problems: list[ScanProblem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        line = data.count(b"\n", 0, error.start) + 1
        reason = f"not UTF-8 ({error.reason} at byte {error.start}); read with replacements"
        problems.append(problem(ProblemKind.NOT_UTF8, reason, line))
    return text.removeprefix("\ufeff"), problems


class ManifestBuilder:
    """Collects what a manifest declares, then freezes it into :class:`ManifestFacts`."""

    def __init__(self, kind: str, problems: list[ScanProblem]) -> None:
        self.kind = kind
        self.problems = problems
        self.dependencies: list[DeclaredDependency] = []
        self.entry_points: list[DeclaredEntryPoint] = []
        self.package_dirs: list[str] = []
        self.includes: list[str] = []
        self.bad_lines = 0

    def requirement(self, text: str, group: str, line: int) -> None:
        parsed = parse_requirement(text)
        if parsed is None:
            self.not_a_requirement(text, line)
        else:
            self.dependency(parsed[0], parsed[1], group, line)

    def dependency(self, name: str, specifier: str, group: str, line: int) -> None:
        self.dependencies.append(DeclaredDependency(name, specifier, group, line))

    def not_a_requirement(self, text: str, line: int) -> None:
        self.bad_lines += 1
        if self.bad_lines <= _MAX_BAD_LINES:
            reason = f"not a requirement: {text.strip()[:80]!r}"
            self.problems.append(problem(ProblemKind.MALFORMED, reason, line))

    def entry_point(self, name: str, target: str, group: str, line: int) -> None:
        target = "".join(re.sub(r"\[[^\]]*\]\s*$", "", target).split())
        if name.strip() and target:
            self.entry_points.append(DeclaredEntryPoint(name.strip(), target, group, line))

    def entry_point_lines(self, group: str, text: str, first_line: int) -> None:
        """``name = module:function`` lines (setup.cfg values, setup.py strings)."""
        for offset, raw in enumerate(text.split("\n")):
            name, equals, target = raw.partition("=")
            if equals:
                self.entry_point(name, target, group, first_line + offset if first_line else 0)

    def package_dir(self, path: str, *, parent: bool = False) -> None:
        cleaned = path.strip().replace("\\", "/")
        while cleaned.startswith("./"):
            cleaned = cleaned[2:]
        cleaned = cleaned.rstrip("/")
        if parent:
            cleaned = cleaned.rpartition("/")[0]
        cleaned = cleaned or "."
        if cleaned not in self.package_dirs:
            self.package_dirs.append(cleaned)

    def mapped_package_dir(self, package: str, path: str) -> None:
        """``{"" = "src"}`` says src; ``{"foo" = "lib/foo"}`` says lib; others say nothing."""
        if not package:
            self.package_dir(path)
        elif path.strip().rstrip("/").rpartition("/")[2] == package.rpartition(".")[2]:
            self.package_dir(path, parent=True)

    def build(
        self,
        *,
        name: tuple[str, int] = ("", 0),
        version: str = "",
        description: tuple[str, int] = ("", 0),
        requires_python: str = "",
    ) -> ManifestFacts:
        if self.bad_lines > _MAX_BAD_LINES:
            more = self.bad_lines - _MAX_BAD_LINES
            reason = f"{more} more lines are not requirements either"
            self.problems.append(problem(ProblemKind.MALFORMED, reason))
        return ManifestFacts(
            kind=self.kind,
            name=name[0],
            name_line=name[1] if name[0] else 0,
            version=version,
            description=description[0],
            description_line=description[1] if description[0] else 0,
            requires_python=requires_python,
            dependencies=tuple(self.dependencies),
            entry_points=tuple(self.entry_points),
            package_dirs=tuple(self.package_dirs),
            includes=tuple(self.includes),
            problems=tuple(self.problems),
        )


def read_requirement_line(line: str, group: str, number: int, out: ManifestBuilder) -> None:
    """One requirement as pip reads it: options, editables and URLs included."""
    if not line:
        return
    if line.startswith("-"):
        option = re.split(r"[\s=]", line, maxsplit=1)[0]
        egg = _EGG.search(line)
        if option in ("-e", "--editable") and egg:
            out.dependency(egg.group(1), "", group, number)
        elif option in ("-r", "--requirement") or option.startswith("-r"):
            # -r takes in another file's requirements (-c only pins versions: no dependency)
            target = (
                line[len(option) :].lstrip(" =")
                if option in ("-r", "--requirement")
                else (line[2:])
            )
            if target.strip():
                out.includes.append(target.strip())
        return  # the rest are pip options
    line = _PER_REQUIREMENT_OPTION.split(line, maxsplit=1)[0].strip()
    parsed = parse_requirement(line)
    if parsed is not None and parsed[1].startswith("@"):
        out.dependency(parsed[0], parsed[1], group, number)
    elif _is_location(line):
        egg = _EGG.search(line)
        if egg:
            out.dependency(egg.group(1), "", group, number)
    elif parsed is not None:
        out.dependency(parsed[0], parsed[1], group, number)
    else:
        out.not_a_requirement(line, number)


def _is_location(text: str) -> bool:
    """A URL, a path or an archive rather than a name (``git+https://...``, ``./pkg``)."""
    first = text.split(maxsplit=1)[0] if text.split() else text
    return (
        "://" in first
        or first.startswith((".", "/", "~", "file:"))
        or bool(_ARCHIVE.search(first))
    )


def load_toml(text: str, problems: list[ScanProblem]) -> dict[str, object] | None:
    """The TOML document, or ``None`` with a problem saying why it could not be read."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_ERROR_LINE.search(str(error))
        line = int(match.group(1)) if match else 0
        problems.append(problem(ProblemKind.MALFORMED, f"invalid TOML: {error}", line))
    except ValueError as error:  # an integer too long to convert
        problems.append(problem(ProblemKind.MALFORMED, f"unreadable TOML value: {error}"))
    except RecursionError:
        problems.append(problem(ProblemKind.MALFORMED, "TOML nested too deeply to read"))
    return None
