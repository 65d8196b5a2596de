"""App: configuration, reading ``[tool.archscribe]`` (or archscribe.toml) into checked Settings.

Settings come from the ``[tool.archscribe]`` table of ``pyproject.toml`` or else from
``archscribe.toml`` (top-level keys, or the same table). Keys are kebab-case. Every value is
checked before any is used, and all problems are reported together in one ``ConfigError``, each
naming its key (``components[2].paths: 'srcx/api' does not exist``).

``[[tool.archscribe.technologies]]`` tables (``[[technologies]]`` in archscribe.toml) add
technologies to the catalogue or extend its entries; they are checked against the shipped
catalogue (its categories, its names, the form of each kind of key), read only then.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath, PureWindowsPath

from archscribe.errors import ConfigError
from archscribe.model.settings import ComponentSpec, Settings, TechnologySetting

PYPROJECT = "pyproject.toml"
STANDALONE = "archscribe.toml"
TABLE = "[tool.archscribe]"
#: The keys of the settings table, in the order the documentation gives them.
KEYS: tuple[str, ...] = (
    "exclude",
    "source-roots",
    "split-share",
    "max-file-bytes",
    "components",
    "technologies",
)
#: The keys of one ``[[tool.archscribe.components]]`` table.
COMPONENT_KEYS: tuple[str, ...] = ("name", "paths", "description")
_REQUIRED_COMPONENT_KEYS: dict[str, str] = {"name": "a name", "paths": "at least one path"}
_HINT = f"the keys are kebab-case: {', '.join(KEYS)}"


def load_settings(root: Path) -> Settings:
    """The settings of the repository at ``root``; defaults when it configures nothing."""
    found = _find_table(root)
    if found is None:
        return Settings()
    table, where, config_path = found
    return _Checker(root, where).settings(table, config_path)


def _find_table(root: Path) -> tuple[dict[str, object], str, str] | None:
    """The settings table, where it is (for messages) and its file, if any file has one."""
    standalone = root / STANDALONE
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        tool = _read_toml(pyproject, PYPROJECT).get("tool")
        if isinstance(tool, dict) and "archscribe" in tool:
            where = f"{PYPROJECT} {TABLE}"
            if standalone.is_file():
                raise ConfigError(
                    [f"settings are in both {PYPROJECT} {TABLE} and {STANDALONE}"],
                    where=where,
                    hint=f"keep one of them; archscribe reads {PYPROJECT} first",
                )
            return _as_table(tool["archscribe"], where), where, PYPROJECT
    if standalone.is_file():
        data = _read_toml(standalone, STANDALONE)
        tool = data.get("tool")
        if isinstance(tool, dict) and "archscribe" in tool:
            where = f"{STANDALONE} {TABLE}"
            strays = [key for key in data if key != "tool"]
            if strays:
                raise ConfigError(
                    [f"{key}: outside {TABLE}" for key in strays],
                    where=STANDALONE,
                    hint=f"write either top-level keys or a {TABLE} table, not both",
                )
            return _as_table(tool["archscribe"], where), where, STANDALONE
        return data, STANDALONE, STANDALONE
    return None


def _as_table(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ConfigError(
            [f"expected a table, got {_kind(value)}"],
            where=where,
            hint=f"write the settings as keys under a {TABLE} header",
        )
    return value


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def _read_toml(path: Path, name: str) -> dict[str, object]:
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as error:
        raise ConfigError(
            [f"cannot read the file ({error.strerror})"], where=name, hint="check its permissions"
        ) from error
    except UnicodeDecodeError as error:
        raise ConfigError(
            [f"not UTF-8 text (byte {error.start + 1} cannot be decoded)"],
            where=name,
            hint="TOML files are UTF-8; save the file in that encoding",
        ) from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        if position := _POSITION.search(message):
            line, column = int(position[1]), int(position[2])
        else:
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
        message = _AT_END.sub("", _POSITION.sub("", message))
        raise ConfigError(
            [f"not valid TOML: {message} (line {line}, column {column})"],
            where=f"{name}:{line}:{column}",
            hint="fix the syntax there (a missing quote, bracket or '=' is the usual cause)",
        ) from error


def _kind(value: object) -> str:
    """What TOML calls the value's type, with an article, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return f"a string ({value!r})" if len(value) <= 40 else "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date or time"
    return type(value).__name__


def _unknown(key: str, valid: tuple[str, ...], label: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(key.replace("_", "-").lower(), valid, n=1, cutoff=0.6)
    if close:
        return f"{label}: unknown key; did you mean '{close[0]}'?"
    return f"{label}: unknown key (the valid keys are {', '.join(valid)})"


@dataclass
class _Checker:
    """Checks one settings table, collecting every problem before any is raised."""

    root: Path
    where: str
    problems: list[str] = field(default_factory=list)

    def settings(self, table: dict[str, object], config_path: str) -> Settings:
        settings = Settings(config_path=config_path)
        for key, value in table.items():
            match key:
                case "exclude":
                    settings = replace(settings, exclude=self._exclude(value, key))
                case "source-roots":
                    settings = replace(settings, source_roots=self._source_roots(value, key))
                case "split-share":
                    share = self._split_share(value, key)
                    settings = replace(settings, split_share=share or settings.split_share)
                case "max-file-bytes":
                    limit = self._max_file_bytes(value, key)
                    settings = replace(settings, max_file_bytes=limit or settings.max_file_bytes)
                case "components":
                    settings = replace(settings, components=self._components(value, key))
                case "technologies":
                    settings = replace(settings, technologies=self._technologies(value, key))
                case _:
                    self.problems.append(_unknown(key, KEYS, key))
        if self.problems:
            raise ConfigError(self.problems, where=self.where, hint=_HINT)
        return settings

    def _strings(self, value: object, label: str) -> list[tuple[str, str]]:
        """The strings of an array as (label[i], text); a problem for anything else."""
        if not isinstance(value, list):
            self.problems.append(f"{label}: expected an array of strings, got {_kind(value)}")
            return []
        strings: list[tuple[str, str]] = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                strings.append((f"{label}[{index}]", item))
            else:
                self.problems.append(f"{label}[{index}]: expected a string, got {_kind(item)}")
        return strings

    def _exclude(self, value: object, label: str) -> tuple[str, ...]:
        patterns: list[str] = []
        from pathspec import GitIgnoreSpec  # loaded only when there are patterns to check

        for item_label, pattern in self._strings(value, label):
            if not pattern.strip() or pattern.lstrip().startswith("#"):
                self.problems.append(
                    f"{item_label}: an empty pattern (or a comment) excludes nothing"
                )
                continue
            try:
                GitIgnoreSpec.from_lines([pattern])
            except (ValueError, re.error) as error:
                self.problems.append(f"{item_label}: invalid pattern {pattern!r} ({error})")
                continue
            patterns.append(pattern)
        return tuple(patterns)

    def _source_roots(self, value: object, label: str) -> tuple[str, ...]:
        roots: list[str] = []
        for _, text in self._strings(value, label):
            path = self._repository_path(text, label, directory=True)
            if path is not None:
                roots.append(path)
        return tuple(roots)

    def _split_share(self, value: object, label: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.append(f"{label}: expected a number, got {_kind(value)}")
            return None
        if not 0 < value <= 1:  # also catches nan
            self.problems.append(f"{label}: must be more than 0 and at most 1, got {value}")
            return None
        return float(value)

    def _max_file_bytes(self, value: object, label: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.append(f"{label}: expected an integer (bytes), got {_kind(value)}")
            return None
        if value <= 0:
            self.problems.append(f"{label}: must be a positive number of bytes, got {value}")
            return None
        return value

    def _components(self, value: object, label: str) -> tuple[ComponentSpec, ...]:
        if not isinstance(value, list):
            self.problems.append(
                f"{label}: expected an array of tables ([[tool.archscribe.components]]), "
                f"got {_kind(value)}"
            )
            return ()
        components: list[ComponentSpec] = []
        named: dict[str, str] = {}  # name -> the label of the component that has it
        claimed: dict[str, str] = {}  # path -> the label of the component that has it
        for index, item in enumerate(value):
            item_label = f"{label}[{index}]"
            if not isinstance(item, dict):
                self.problems.append(f"{item_label}: expected a table, got {_kind(item)}")
                continue
            component = self._component(item, item_label, named, claimed)
            if component is not None:
                components.append(component)
        return tuple(components)

    def _component(
        self,
        table: dict[str, object],
        label: str,
        named: dict[str, str],
        claimed: dict[str, str],
    ) -> ComponentSpec | None:
        before = len(self.problems)
        for key in table:
            if key not in COMPONENT_KEYS:
                self.problems.append(_unknown(key, COMPONENT_KEYS, f"{label}.{key}"))
        for key, needed in _REQUIRED_COMPONENT_KEYS.items():
            if key not in table:
                self.problems.append(f"{label}.{key}: missing (every component needs {needed})")
        name = table.get("name")
        if "name" in table and not isinstance(name, str):
            self.problems.append(f"{label}.name: expected a string, got {_kind(name)}")
        elif isinstance(name, str) and not name.strip():
            self.problems.append(f"{label}.name: must not be empty")
        elif isinstance(name, str) and name in named:
            self.problems.append(f"{label}.name: '{name}' is already the name of {named[name]}")
        elif isinstance(name, str):
            named[name] = label
        paths: list[str] = []
        if "paths" in table:
            strings = self._strings(table["paths"], f"{label}.paths")
            if isinstance(table["paths"], list) and not table["paths"]:
                self.problems.append(f"{label}.paths: must list at least one path")
            for _, text in strings:
                path = self._repository_path(text, f"{label}.paths", directory=False)
                if path is not None and path in claimed:
                    self.problems.append(f"{label}.paths: '{text}' is already in {claimed[path]}")
                elif path is not None:
                    claimed[path] = label
                    paths.append(path)
        description = table.get("description", "")
        if not isinstance(description, str):
            self.problems.append(
                f"{label}.description: expected a string, got {_kind(description)}"
            )
        if len(self.problems) > before or not isinstance(name, str):
            return None
        return ComponentSpec(name=name, paths=tuple(paths), description=str(description))

    def _technologies(self, value: object, label: str) -> tuple[TechnologySetting, ...]:
        if not isinstance(value, list):
            self.problems.append(
                f"{label}: expected an array of tables ([[tool.archscribe.technologies]]), "
                f"got {_kind(value)}"
            )
            return ()
        # The catalogue is read only when the team declares technologies.
        from archscribe.app.config_technologies import check_technologies

        return check_technologies(self, value, label)

    def _repository_path(self, text: str, label: str, *, directory: bool) -> str | None:
        """``text`` as a normalised repository-relative path, if it names something there."""
        if not text.strip():
            self.problems.append(f"{label}: an empty path")
            return None
        if "\\" in text:
            forward = text.replace("\\", "/")
            self.problems.append(f"{label}: '{text}' uses backslashes; write '{forward}'")
            return None
        path = PurePosixPath(text)
        if path.is_absolute() or PureWindowsPath(text).drive:
            self.problems.append(
                f"{label}: '{text}' must be relative to the repository root, not absolute"
            )
            return None
        if ".." in path.parts:
            self.problems.append(f"{label}: '{text}' must not contain '..'")
            return None
        target = self.root / path
        if not target.exists():
            wildcard = (
                " (paths are literal; wildcards are not expanded)"
                if set(text) & set("*?[")
                else ""
            )
            self.problems.append(f"{label}: '{text}' does not exist{wildcard}")
            return None
        if not target.resolve().is_relative_to(self.root.resolve()):
            self.problems.append(f"{label}: '{text}' leads outside the repository")
            return None
        if directory and not target.is_dir():
            self.problems.append(f"{label}: '{text}' is not a directory")
            return None
        return path.as_posix()
