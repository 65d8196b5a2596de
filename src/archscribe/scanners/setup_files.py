"""Scanners: setup.cfg and setup.py in, manifest facts out; setup.py is read, never run.

setup.cfg is read with configparser, whose values are found again in the text for their lines
(best effort, 0 when not found). setup.py is parsed with :mod:`ast`, and only the literal
arguments of its ``setup(...)`` call count. What cannot be read is a :class:`ScanProblem`.
"""

from __future__ import annotations

import ast
import configparser
import re
import warnings

from archscribe.model.facts import ManifestFacts, ProblemKind, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import ManifestBuilder, decode, problem, without_comment

__all__ = ["SETUP_CFG_SCANNER", "SETUP_PY_SCANNER", "scan_setup_cfg", "scan_setup_py"]

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
    cleaned = (without_comment(item) for item in items)
    return [item for item in cleaned if item and not item.startswith(("file:", "attr:"))]


def scan_setup_cfg(data: bytes) -> ManifestFacts:
    """Read a ``setup.cfg``: [metadata], [options], extras, entry points and package_dir."""
    text, problems = decode(data)
    parser = _CasePreservingParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.MissingSectionHeaderError as error:
        reason = "invalid setup.cfg: a line stands before the first [section]"
        problems.append(problem(ProblemKind.MALFORMED, reason, error.lineno))
        return ManifestFacts(kind="setup.cfg", problems=tuple(problems))
    except configparser.ParsingError as error:
        # configparser reads on past a bad line and reports them all at the end.
        line = error.errors[0][0] if error.errors else 0
        reason = f"invalid setup.cfg: {len(error.errors)} unreadable line(s), skipped"
        problems.append(problem(ProblemKind.MALFORMED, reason, line))
    except (configparser.Error, ValueError) as error:
        message = str(error).strip().split("\n", 1)[0] or type(error).__name__
        problems.append(problem(ProblemKind.MALFORMED, f"invalid setup.cfg: {message}"))
        return ManifestFacts(kind="setup.cfg", problems=tuple(problems))
    lines = _CfgLines(text)
    out = ManifestBuilder("setup.cfg", problems)

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
            out.mapped_package_dir(package.strip(), path.strip())
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
        problems.append(problem(ProblemKind.SYNTAX_ERROR, reason, error.lineno or 0))
        return ManifestFacts(kind="setup.py", problems=tuple(problems))
    except (ValueError, RecursionError, MemoryError) as error:
        problems.append(problem(ProblemKind.MALFORMED, f"cannot be parsed: {error}"))
        return ManifestFacts(kind="setup.py", problems=tuple(problems))
    out = ManifestBuilder("setup.py", problems)
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
                    out.mapped_package_dir(package, item.value)
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


def _setup_entry_points(node: ast.expr, out: ManifestBuilder) -> None:
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


def _find_packages_dir(node: ast.Call, out: ManifestBuilder) -> None:
    """``packages=find_packages("src")`` (or ``where="src"``) says the packages live in src."""
    if _dotted(node.func).rpartition(".")[2] not in _FIND_PACKAGES:
        return
    where = node.args[0] if node.args else None
    for keyword in node.keywords:
        if keyword.arg == "where":
            where = keyword.value
    if isinstance(where, ast.Constant) and isinstance(where.value, str):
        out.package_dir(where.value)


SETUP_CFG_SCANNER = Scanner(
    name="setup.cfg", version=1, fact_type=ManifestFacts, scan=scan_setup_cfg
)
SETUP_PY_SCANNER = Scanner(name="setup.py", version=1, fact_type=ManifestFacts, scan=scan_setup_py)
