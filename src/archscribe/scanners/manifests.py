"""Scanners for project manifests: pyproject.toml, setup.cfg, setup.py and requirements files.

Each reads one file's bytes into :class:`ManifestFacts`: the project's name, version,
description and Python requirement, the dependencies it declares (grouped: ``runtime``,
``optional:<extra>``, a dependency group's own name, ``build``), its entry points and where its
packages live. Nothing is executed or imported: ``setup.py`` is read with :mod:`ast`, and only
literal arguments count.

tomllib and configparser give no line numbers, so each key and value is found again in the text
by a light search: best effort, 0 when not found. No scanner raises: what cannot be read becomes
a :class:`ScanProblem` (path left empty for the caller) beside whatever could still be read.
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from archscribe.model.facts import (
    DeclaredDependency,
    DeclaredEntryPoint,
    ManifestFacts,
    ProblemKind,
    ScanProblem,
)
from archscribe.scanners.base import Scanner

__all__ = [
    "PYPROJECT_SCANNER",
    "REQUIREMENTS_SCANNER",
    "SETUP_CFG_SCANNER",
    "SETUP_PY_SCANNER",
    "parse_requirement",
    "scan_pyproject",
    "scan_requirements",
    "scan_setup_cfg",
    "scan_setup_py",
]

# PEP 508: a name, optional [extras], then a version specifier, "@ url", or ";" markers.
_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_VERSION_OPERATORS = ("<", ">", "=", "!", "~")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_ARCHIVE = re.compile(r"\.(?:whl|zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz)$", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_PER_REQUIREMENT_OPTION = re.compile(r"\s--?[A-Za-z]")
_TOML_LINE = re.compile(r"line (\d+)")
_MAX_BAD_LINES = 5
_MAX_INCLUDED = 2000  # requirements copied by include-group, far more than a real project's


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


# --- shared pieces -------------------------------------------------------------------------


class _Builder:
    """Collects what a manifest declares, then freezes it into :class:`ManifestFacts`."""

    def __init__(self, kind: str, problems: list[ScanProblem]) -> None:
        self.kind = kind
        self.problems = problems
        self.dependencies: list[DeclaredDependency] = []
        self.entry_points: list[DeclaredEntryPoint] = []
        self.package_dirs: list[str] = []
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
            self.problems.append(_problem(ProblemKind.MALFORMED, reason, line))

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
            self.problems.append(_problem(ProblemKind.MALFORMED, reason))
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
            problems=tuple(self.problems),
        )


def _problem(kind: ProblemKind, reason: str, line: int = 0) -> ScanProblem:
    return ScanProblem(path="", kind=kind, reason=reason, line=line)


def _decode(data: bytes) -> tuple[str, list[ScanProblem]]:
    """The text (BOM dropped, undecodable bytes replaced) and a problem when it was not UTF-8."""
    problems: list[ScanProblem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        line = data.count(b"\n", 0, error.start) + 1
        reason = f"not UTF-8 ({error.reason} at byte {error.start}); read with replacements"
        problems.append(_problem(ProblemKind.NOT_UTF8, reason, line))
    return text.removeprefix("\ufeff"), problems


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


def _group_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --- pyproject.toml ------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY_PART = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_-]+)")
_LINE_KEY = re.compile(r"^\s*(?:\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'")


class _TomlLines:
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
    text, problems = _decode(data)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        line = int(match.group(1)) if match else 0
        problems.append(_problem(ProblemKind.MALFORMED, f"invalid TOML: {error}", line))
        return ManifestFacts(kind="pyproject", problems=tuple(problems))
    except RecursionError:
        problems.append(_problem(ProblemKind.MALFORMED, "TOML nested too deeply to read"))
        return ManifestFacts(kind="pyproject", problems=tuple(problems))
    lines = _TomlLines(text)
    out = _Builder("pyproject", problems)
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
            _requirement_line(value.strip(), group, line, out)
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


def _dependency_groups(document: dict[str, object], lines: _TomlLines, out: _Builder) -> None:
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
                out.problems.append(_problem(ProblemKind.MALFORMED, reason))
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
            out.problems.append(_problem(ProblemKind.MALFORMED, reason))
        copied = dict.fromkeys(entry for member in members[1:] for entry in direct[member])
        if len(copied) > budget:
            reason = f"include-group expansion stopped: over {_MAX_INCLUDED} requirements"
            out.problems.append(_problem(ProblemKind.MALFORMED, reason))
            copied, budget = {}, 0
        budget -= len(copied)
        for requirement, line in dict.fromkeys([*direct[group], *copied]):
            out.requirement(requirement, group, line)


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _poetry(poetry: dict[str, object], lines: _TomlLines, out: _Builder) -> str:
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


def _package_dirs(document: dict[str, object], out: _Builder) -> None:
    setuptools = _table(document, "tool", "setuptools")
    where = _table(setuptools, "packages", "find").get("where")
    for path in _strings(where) or ([where] if isinstance(where, str) else []):
        out.package_dir(path)
    for package, mapped in _table(setuptools, "package-dir").items():
        if isinstance(mapped, str):
            _mapped_package_dir(package, mapped, out)
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


def _mapped_package_dir(package: str, path: str, out: _Builder) -> None:
    """``{"" = "src"}`` says src; ``{"foo" = "lib/foo"}`` says lib; other mappings say nothing."""
    if not package:
        out.package_dir(path)
    elif path.strip().rstrip("/").rpartition("/")[2] == package.rpartition(".")[2]:
        out.package_dir(path, parent=True)


# --- setup.cfg -----------------------------------------------------------------------------


class _CasePreservingParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr


class _CfgLines:
    """Finds again the lines of setup.cfg sections, keys and values."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def section(self, name: str) -> tuple[int, int]:
        """The lines of the section's body: first, and one past the last."""
        start = 0
        for number, line in enumerate(self.lines, 1):
            header = line.strip()
            if header.startswith("[") and header.endswith("]"):
                if start:
                    return start, number
                if header[1:-1].strip() == name:
                    start = number + 1
        return (start, len(self.lines) + 1) if start else (0, 0)

    def key_line(self, section: str, key: str) -> int:
        start, stop = self.section(section)
        pattern = re.compile(rf"^{re.escape(key)}\s*[=:]")
        for number in range(start, stop):
            if pattern.match(self.lines[number - 1]):
                return number
        return 0

    def value_line(self, value: str, start: int) -> int:
        for number in range(start, min(start + 200, len(self.lines) + 1)) if start else ():
            if value in self.lines[number - 1]:
                return number
        return 0


def _cfg_list(value: str) -> list[str]:
    """A setuptools "list-semi" value: one item a line, or ``;``-separated on one line."""
    items = value.split("\n") if "\n" in value else value.split(";")
    cleaned = (_COMMENT.sub("", item).strip() for item in items)
    return [item for item in cleaned if item and not item.startswith(("file:", "attr:"))]


def scan_setup_cfg(data: bytes) -> ManifestFacts:
    """Read a ``setup.cfg``: [metadata], [options], extras, entry points and package_dir."""
    text, problems = _decode(data)
    parser = _CasePreservingParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.MissingSectionHeaderError as error:
        reason = "invalid setup.cfg: a line stands before the first [section]"
        problems.append(_problem(ProblemKind.MALFORMED, reason, error.lineno))
        return ManifestFacts(kind="setup.cfg", problems=tuple(problems))
    except configparser.ParsingError as error:
        # configparser reads on past a bad line and reports them all at the end.
        line = error.errors[0][0] if error.errors else 0
        reason = f"invalid setup.cfg: {len(error.errors)} unreadable line(s), skipped"
        problems.append(_problem(ProblemKind.MALFORMED, reason, line))
    except (configparser.Error, ValueError) as error:
        message = str(error).strip().split("\n", 1)[0] or type(error).__name__
        problems.append(_problem(ProblemKind.MALFORMED, f"invalid setup.cfg: {message}"))
        return ManifestFacts(kind="setup.cfg", problems=tuple(problems))
    lines = _CfgLines(text)
    out = _Builder("setup.cfg", problems)

    def get(section: str, key: str) -> str:
        return parser.get(section, key, fallback="").strip() if parser.has_section(section) else ""

    def requirements(section: str, key: str, group: str) -> None:
        start = lines.key_line(section, key)
        for item in _cfg_list(get(section, key)):
            line = lines.value_line(item, start)
            start = line or start
            out.requirement(item, group, line)

    requirements("options", "install_requires", "runtime")
    requirements("options", "tests_require", "test")
    requirements("options", "setup_requires", "build")
    if parser.has_section("options.extras_require"):
        for extra in parser.options("options.extras_require"):
            requirements("options.extras_require", extra, f"optional:{extra}")
    if parser.has_section("options.entry_points"):
        for group in parser.options("options.entry_points"):
            start = lines.key_line("options.entry_points", group)
            for item in get("options.entry_points", group).split("\n"):
                out.entry_point_lines(group, item, lines.value_line(item.strip(), start))
    for item in get("options", "package_dir").split("\n"):
        package, equals, path = item.partition("=")
        if equals and path.strip():
            _mapped_package_dir(package.strip(), path.strip(), out)
    if get("options", "packages").startswith("find"):
        for path in _cfg_list(get("options.packages.find", "where")):
            out.package_dir(path)

    def literal(key: str) -> str:
        value = get("metadata", key)
        return "" if value.startswith(("attr:", "file:")) else value

    return out.build(
        name=(literal("name"), lines.key_line("metadata", "name")),
        version=literal("version"),
        description=(literal("description"), lines.key_line("metadata", "description")),
        requires_python=get("options", "python_requires"),
    )


# --- setup.py ------------------------------------------------------------------------------

_SETUP_MODULES = frozenset({"setuptools", "distutils.core", "core"})
_FIND_PACKAGES = frozenset({"find_packages", "find_namespace_packages"})
_REQUIREMENT_KEYWORDS = {
    "install_requires": "runtime",
    "tests_require": "test",
    "setup_requires": "build",
}


def scan_setup_py(data: bytes) -> ManifestFacts:
    """Read the literal arguments of the ``setup(...)`` call in a ``setup.py``; run nothing."""
    problems: list[ScanProblem] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like warn while parsing
            tree = ast.parse(data)
    except SyntaxError as error:
        reason = f"not valid Python: {error.msg}"
        problems.append(_problem(ProblemKind.SYNTAX_ERROR, reason, error.lineno or 0))
        return ManifestFacts(kind="setup.py", problems=tuple(problems))
    except (ValueError, RecursionError, MemoryError) as error:
        problems.append(_problem(ProblemKind.MALFORMED, f"cannot be parsed: {error}"))
        return ManifestFacts(kind="setup.py", problems=tuple(problems))
    out = _Builder("setup.py", problems)
    calls = (node for node in ast.walk(tree) if isinstance(node, ast.Call))
    call = next((node for node in calls if _is_setup_call(node)), None)
    if call is None:
        return out.build()
    strings: dict[str, tuple[str, int]] = {}
    for keyword in call.keywords:
        key, value = keyword.arg, keyword.value
        if key in ("name", "version", "description", "python_requires"):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                strings[key] = (value.value.strip(), value.lineno)
        elif key in _REQUIREMENT_KEYWORDS:
            for text, line in _literal_strings(value):
                out.requirement(text, _REQUIREMENT_KEYWORDS[key], line)
        elif key == "extras_require":
            for extra, item in _literal_dict(value):
                for text, line in _literal_strings(item):
                    out.requirement(text, f"optional:{extra}", line)
        elif key == "entry_points":
            _setup_entry_points(value, out)
        elif key == "package_dir":
            for package, item in _literal_dict(value):
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    _mapped_package_dir(package, item.value, out)
        elif key == "packages" and isinstance(value, ast.Call):
            _find_packages_dir(value, out)
    return out.build(
        name=strings.get("name", ("", 0)),
        version=strings.get("version", ("", 0))[0],
        description=strings.get("description", ("", 0)),
        requires_python=strings.get("python_requires", ("", 0))[0],
    )


def _dotted(node: ast.expr) -> str:
    """``a.b.c`` for a name or an attribute chain on a name, else ``""``."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_setup_call(node: ast.Call) -> bool:
    module, _, function = _dotted(node.func).rpartition(".")
    return function == "setup" and (not module or module in _SETUP_MODULES)


def _literal_strings(node: ast.expr) -> list[tuple[str, int]]:
    """The string literals of a list, tuple or set (others skipped), or of a lone string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        items = enumerate(node.value.split("\n"))
        return [(item, node.lineno + offset) for offset, item in items if item.strip()]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [
            (item.value, item.lineno)
            for item in node.elts
            if isinstance(item, ast.Constant) and isinstance(item.value, str)
        ]
    return []


def _literal_dict(node: ast.expr) -> list[tuple[str, ast.expr]]:
    """The string-keyed items of a ``{...}`` or ``dict(...)`` literal."""
    if isinstance(node, ast.Dict):
        return [
            (key.value, value)
            for key, value in zip(node.keys, node.values, strict=True)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        ]
    if isinstance(node, ast.Call) and _dotted(node.func) == "dict" and not node.args:
        return [(kw.arg, kw.value) for kw in node.keywords if kw.arg is not None]
    return []


def _setup_entry_points(node: ast.expr, out: _Builder) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        group = ""
        for offset, raw in enumerate(node.value.split("\n")):
            text = raw.strip()
            if text.startswith("[") and text.endswith("]"):
                group = text[1:-1].strip()
            elif group and "=" in text:
                out.entry_point_lines(group, text, node.lineno + offset)
        return
    for group, value in _literal_dict(node):
        for text, line in _literal_strings(value):
            out.entry_point_lines(group, text, line)


def _find_packages_dir(node: ast.Call, out: _Builder) -> None:
    """``packages=find_packages("src")`` (or ``where="src"``) says the packages live in src."""
    if _dotted(node.func).rpartition(".")[2] not in _FIND_PACKAGES:
        return
    where = node.args[0] if node.args else None
    for keyword in node.keywords:
        if keyword.arg == "where":
            where = keyword.value
    if isinstance(where, ast.Constant) and isinstance(where.value, str):
        out.package_dir(where.value)


# --- requirements files --------------------------------------------------------------------


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with ``\\`` continuations joined, each with the number of its first line."""
    pending: list[str] = []
    first = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not pending:
            first = number
        if line.endswith("\\") and not line.lstrip().startswith("#"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        yield first, " ".join(pending)
        pending = []
    if pending:
        yield first, " ".join(pending)


def _is_location(text: str) -> bool:
    """A URL, a path or an archive rather than a name (``git+https://...``, ``./pkg``)."""
    first = text.split(maxsplit=1)[0] if text.split() else text
    return (
        "://" in first
        or first.startswith((".", "/", "~", "file:"))
        or bool(_ARCHIVE.search(first))
    )


def scan_requirements(data: bytes) -> ManifestFacts:
    """Read a pip requirements file (``requirements*.txt``, ``*.in``): one dependency a line.

    ``-r``/``-c`` includes and other options record nothing; an editable or URL requirement
    counts when it names itself with ``#egg=``. Every dependency is in group ``runtime``: only
    the caller knows the file name that might say otherwise.
    """
    text, problems = _decode(data)
    out = _Builder("requirements", problems)
    for number, logical in _logical_lines(text):
        _requirement_line(_COMMENT.sub("", logical).strip(), "runtime", number, out)
    return out.build()


def _requirement_line(line: str, group: str, number: int, out: _Builder) -> None:
    """One requirement as pip reads it: options, editables and URLs included."""
    if not line:
        return
    if line.startswith("-"):
        option = re.split(r"[\s=]", line, maxsplit=1)[0]
        egg = _EGG.search(line)
        if option in ("-e", "--editable") and egg:
            out.dependency(egg.group(1), "", group, number)
        return  # -r and -c include other files; the rest are pip options
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


PYPROJECT_SCANNER = Scanner(
    name="pyproject", version=1, fact_type=ManifestFacts, scan=scan_pyproject
)
SETUP_CFG_SCANNER = Scanner(
    name="setup.cfg", version=1, fact_type=ManifestFacts, scan=scan_setup_cfg
)
SETUP_PY_SCANNER = Scanner(name="setup.py", version=1, fact_type=ManifestFacts, scan=scan_setup_py)
REQUIREMENTS_SCANNER = Scanner(
    name="requirements", version=1, fact_type=ManifestFacts, scan=scan_requirements
)
