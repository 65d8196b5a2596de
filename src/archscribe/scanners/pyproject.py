"""Scanners: pyproject.toml in, manifest facts out (PEP 621/735, Poetry, PDM, Hatch, setuptools).

The project's metadata, its dependencies by group (``runtime``, ``optional:<extra>``, a
dependency group's own name, ``build``), entry points and package directories. tomllib gives no
line numbers, so each table, key and string is found again in the text by a light search
(:class:`TomlLines`): best effort, 0 when not found. Invalid TOML is a :class:`ScanProblem`,
never an exception.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from archscribe.model.facts import ManifestFacts, ProblemKind
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import (
    ManifestBuilder,
    decode,
    load_toml,
    problem,
    read_requirement_line,
)

__all__ = ["PYPROJECT_SCANNER", "TomlLines", "scan_pyproject"]

_TOML_LINE = re.compile(r"line (\d+)")
_MAX_INCLUDED = 2000  # requirements copied by include-group, far more than a real project's

_HEADER = re.compile(r"^\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY_PART = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_-]+)")
_LINE_KEY = re.compile(r"^\s*(?:\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'")


class TomlLines:
    """Finds again, in the text, the lines of the tables, keys and strings tomllib read."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.headers: dict[tuple[str, ...], int] = {}
        self.header_lines: list[int] = []
        for number, line in enumerate(self.lines, 1):
            match = _HEADER.match(line)
            if match:
                self.header_lines.append(number)
                parts = tuple("".join(p) for p in _KEY_PART.findall(match.group(1)))
                self.headers.setdefault(parts, number)
        self._keys: dict[int, dict[str, int]] = {}  # a table's first line -> its keys' lines
        self._strings: dict[str, list[int]] | None = None  # a quoted text -> its lines

    def _end(self, line: int) -> int:
        """The first line after ``line``'s table (the next header, or past the end)."""
        index = bisect_right(self.header_lines, line)
        return self.header_lines[index] if index < len(self.header_lines) else len(self.lines) + 1

    def key_line(self, table: tuple[str, ...], key: str) -> int:
        """The line of ``key`` in ``table``: under its header, or inline in its parent."""
        if not table or table in self.headers:
            start = self.headers[table] + 1 if table else 1
            stop = self._end(start - 1)
            line = self._keys_in(start, stop).get(key)
            if line:
                return line
        else:
            start = self.key_line(table[:-1], table[-1])
            if not start:
                return 0
            stop = self._end(start)
        quoted = rf"(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*[=.]"
        inline = re.compile(rf"(?:^|[\s{{,.]){quoted}")  # {x = 1}, a.x = 1
        for number in range(start, stop):
            if inline.search(self.lines[number - 1]):
                return number
        return 0

    def _keys_in(self, start: int, stop: int) -> dict[str, int]:
        """The keys that start a line of the table at ``start``, each with its first line."""
        keys = self._keys.get(start)
        if keys is None:
            keys = {}
            for number in range(start, stop):
                match = _LINE_KEY.match(self.lines[number - 1])
                if match:
                    keys.setdefault("".join(filter(None, match.groups())), number)
            self._keys[start] = keys
        return keys

    def string_lines(self, values: list[str], start: int) -> list[int]:
        """The lines of quoted ``values``, searched in order from line ``start`` on."""
        if self._strings is None:
            self._strings = {}
            for number, text in enumerate(self.lines, 1):
                if not text.lstrip().startswith("#"):
                    for match in _STRING.finditer(text):
                        quoted = match.group(1) if match.group(1) is not None else match.group(2)
                        self._strings.setdefault(quoted, []).append(number)
        found: list[int] = []
        cursor = start
        for value in values:
            line = 0
            numbers = self._strings.get(value, []) if cursor else []
            index = bisect_left(numbers, cursor)
            if index < len(numbers) and numbers[index] < self._end(cursor):
                line = cursor = numbers[index]
            found.append(line)
        return found


def scan_pyproject(data: bytes) -> ManifestFacts:
    """Read a ``pyproject.toml``: PEP 621 and 735, Poetry, PDM, setuptools and Hatch tables."""
    text, problems = decode(data)
    document = load_toml(text, problems)
    if document is None:
        return ManifestFacts(kind="pyproject", problems=tuple(problems))
    lines = TomlLines(text)
    out = ManifestBuilder("pyproject", problems)
    project = _table(document, "project")
    poetry = _table(document, "tool", "poetry")

    def requirements(table: tuple[str, ...], key: str, values: object, group: str) -> None:
        strings = _strings(values)
        for value, line in zip(
            strings, lines.string_lines(strings, lines.key_line(table, key)), strict=True
        ):
            out.requirement(value, group, line)

    requirements(("project",), "dependencies", project.get("dependencies"), "runtime")
    for extra, values in _table(project, "optional-dependencies").items():
        requirements(("project", "optional-dependencies"), extra, values, f"optional:{extra}")
    poetry_python = _poetry(poetry, lines, out)
    _dependency_groups(document, lines, out)
    pdm_table = ("tool", "pdm", "dev-dependencies")
    for group, values in _table(document, *pdm_table).items():
        strings = _strings(values)
        found = lines.string_lines(strings, lines.key_line(pdm_table, group))
        for value, line in zip(strings, found, strict=True):
            read_requirement_line(value.strip(), group, line, out)
    build_system = _table(document, "build-system")
    requirements(("build-system",), "requires", build_system.get("requires"), "build")

    scripts = (("scripts", "console_scripts"), ("gui-scripts", "gui_scripts"))
    for key, group in scripts:
        for name, target in _table(project, key).items():
            if isinstance(target, str):
                out.entry_point(name, target, group, lines.key_line(("project", key), name))
    for group, points in _table(project, "entry-points").items():
        for name, target in _table(points).items():
            if isinstance(target, str):
                line = lines.key_line(("project", "entry-points", group), name)
                out.entry_point(name, target, group, line)

    _package_dirs(document, out)

    if project:
        table: tuple[str, ...] = ("project",)
        source = project
        version = "" if "version" in _strings(project.get("dynamic")) else project.get("version")
    else:
        table, source, version = ("tool", "poetry"), poetry, poetry.get("version")
    name = _text(source.get("name"))
    description = _text(source.get("description"))
    return out.build(
        name=(name, lines.key_line(table, "name")),
        version=_text(version),
        description=(description, lines.key_line(table, "description")),
        requires_python=_text(project.get("requires-python")) or poetry_python,
    )


def _dependency_groups(
    document: dict[str, object], lines: TomlLines, out: ManifestBuilder
) -> None:
    """PEP 735 groups; ``{include-group = "x"}`` adds group x's requirements, looked up by name.

    The included requirements keep the lines where group x declares them.
    """
    groups = _table(document, "dependency-groups")
    direct: dict[str, list[tuple[str, int]]] = {}
    includes: dict[str, list[str]] = {}
    names = {_group_key(group): group for group in groups}
    for group, items in groups.items():
        strings = _strings(items)
        start = lines.key_line(("dependency-groups",), group)
        direct[group] = list(zip(strings, lines.string_lines(strings, start), strict=True))
        included = (_table(item).get("include-group") for item in _as_list(items))
        includes[group] = [name for name in included if isinstance(name, str)]

    budget = _MAX_INCLUDED
    for group in groups:
        for wanted in includes[group]:
            if _group_key(wanted) not in names:
                reason = f"dependency group {group!r} includes an unknown group: {wanted!r}"
                out.problems.append(problem(ProblemKind.MALFORMED, reason))
        members = [group]
        found = {group}
        cyclic = False
        for member in members if budget > 0 else ():  # breadth first, growing as it goes
            for wanted in includes[member]:
                target = names.get(_group_key(wanted))
                cyclic = cyclic or target == group
                if target is not None and target not in found:
                    found.add(target)
                    members.append(target)
        if cyclic:
            reason = f"dependency group {group!r} includes itself (an include-group cycle)"
            out.problems.append(problem(ProblemKind.MALFORMED, reason))
        copied = dict.fromkeys(entry for member in members[1:] for entry in direct[member])
        if len(copied) > budget:
            reason = f"include-group expansion stopped: over {_MAX_INCLUDED} requirements"
            out.problems.append(problem(ProblemKind.MALFORMED, reason))
            copied, budget = {}, 0
        budget -= len(copied)
        for requirement, line in dict.fromkeys([*direct[group], *copied]):
            out.requirement(requirement, group, line)


def _poetry(poetry: dict[str, object], lines: TomlLines, out: ManifestBuilder) -> str:
    """Poetry's dependencies, groups and scripts; returns its ``python`` constraint."""
    python = ""
    optional_in: dict[str, str] = {}
    for extra, names in _table(poetry, "extras").items():
        for name in _strings(names):
            optional_in.setdefault(_group_key(name), extra)
    tables: list[tuple[tuple[str, ...], str]] = [
        (("tool", "poetry", "dependencies"), "runtime"),
        (("tool", "poetry", "dev-dependencies"), "dev"),
    ]
    tables += [
        (("tool", "poetry", "group", group, "dependencies"), group)
        for group in _table(poetry, "group")
    ]
    for table, group in tables:
        for name, spec in _table(poetry, *table[2:]).items():
            if name.lower() == "python":
                python = python or _text(spec)
                continue
            details = _table(spec)
            version = _text(spec) or _text(details.get("version"))
            in_group = group
            if details.get("optional") is True:
                in_group = f"optional:{optional_in.get(_group_key(name), 'optional')}"
            line = lines.key_line(table, name)
            out.dependency(name, "" if version == "*" else version, in_group, line)
    for name, target in _table(poetry, "scripts").items():
        details = _table(target)
        reference = _text(target) or _text(details.get("callable") or details.get("reference"))
        if details.get("type", "console") == "console":
            line = lines.key_line(("tool", "poetry", "scripts"), name)
            out.entry_point(name, reference, "console_scripts", line)
    for group, points in _table(poetry, "plugins").items():
        for name, target in _table(points).items():
            line = lines.key_line(("tool", "poetry", "plugins", group), name)
            out.entry_point(name, _text(target), group, line)
    return python


def _package_dirs(document: dict[str, object], out: ManifestBuilder) -> None:
    setuptools = _table(document, "tool", "setuptools")
    where = _table(setuptools, "packages", "find").get("where")
    for path in _strings(where) or ([where] if isinstance(where, str) else []):
        out.package_dir(path)
    for package, mapped in _table(setuptools, "package-dir").items():
        if isinstance(mapped, str):
            out.mapped_package_dir(package, mapped)
    for item in _as_list(_table(document, "tool", "poetry").get("packages")):
        include = _text(_table(item).get("include"))
        origin = _text(_table(item).get("from"))
        if origin:
            out.package_dir(origin)
        elif include and not any(c in include for c in "*?["):
            out.package_dir(include, parent=True)
    wheel = _table(document, "tool", "hatch", "build", "targets", "wheel")
    for path in _strings(wheel.get("packages")):
        out.package_dir(path, parent=True)


def _table(value: object, *keys: str) -> dict[str, object]:
    for key in keys:
        if not isinstance(value, dict):
            return {}
        value = value.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _group_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


PYPROJECT_SCANNER = Scanner(
    name="pyproject", version=2, fact_type=ManifestFacts, scan=scan_pyproject
)
