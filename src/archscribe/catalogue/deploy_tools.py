"""Catalogue: what in a CI job deploys, and with which tool (``kubectl apply``, a Render deploy
hook, ``uses: superfly/flyctl-actions``), read from ``data/deploy_tools.toml``."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from archscribe.catalogue import data_error, read_toml

__all__ = [
    "SOURCE",
    "DeployCommand",
    "DeployPattern",
    "DeployTools",
    "deploy_tools",
    "parse_deploy_tools",
]

SOURCE = "deploy_tools.toml"
_TOP_LEVEL = frozenset({"commands", "urls", "actions", "shell"})
_URL_KEYS = ("pattern", "tool")
_ACTION_KEYS = ("pattern", "tool", "push_gated")
_SHELL_LISTS = ("url_clients", "wrappers", "subcommand_noise")


@dataclass(frozen=True, slots=True)
class DeployCommand:
    """A program that deploys with ``tool`` when its first non-option words are one of
    ``first_words`` (an empty tuple of words: any use of it)."""

    program: str
    tool: str
    first_words: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class DeployPattern:
    """A URL or action name ``pattern`` that deploys with ``tool``; a ``push_gated`` action
    deploys only when its ``push`` input is set."""

    pattern: re.Pattern[str]
    tool: str
    push_gated: bool = False


@dataclass(frozen=True, slots=True)
class DeployTools:
    """The whole file: deploy commands by program, URL and action patterns in order, and the
    shell words that hand a command over to the program it runs."""

    commands: Mapping[str, DeployCommand]
    urls: tuple[DeployPattern, ...]
    actions: tuple[DeployPattern, ...]
    url_clients: frozenset[str]
    wrappers: frozenset[str]
    subcommand_noise: frozenset[str]
    runners: Mapping[str, str]


@functools.cache
def deploy_tools() -> DeployTools:
    """The shipped deploy-tool knowledge, read once."""
    return parse_deploy_tools(read_toml(SOURCE), SOURCE)


def parse_deploy_tools(document: Mapping[str, object], source: str) -> DeployTools:
    """The knowledge of a document laid out as ``deploy_tools.toml``, or an InternalError
    naming ``source`` and every bad entry."""
    problems = [f"unknown table [{key}]" for key in document if key not in _TOP_LEVEL]
    commands: dict[str, DeployCommand] = {}
    raw_commands = document.get("commands")
    if not isinstance(raw_commands, dict) or not raw_commands:
        problems.append("[commands] is missing or empty")
        raw_commands = {}
    for program, entry in raw_commands.items():
        command = _command(str(program), entry, problems)
        if command is not None:
            commands[command.program] = command
    urls = _patterns(document.get("urls"), "urls", re.IGNORECASE, _URL_KEYS, problems)
    actions = _patterns(document.get("actions"), "actions", 0, _ACTION_KEYS, problems)
    shell = document.get("shell")
    if not isinstance(shell, dict):
        problems.append("[shell] is missing")
        shell = {}
    words = {name: _words(shell.get(name), f"[shell] {name}", problems) for name in _SHELL_LISTS}
    runners = shell.get("runners")
    if not isinstance(runners, dict) or not all(
        isinstance(word, str) and word for word in runners.values()
    ):
        problems.append("[shell.runners] is missing or not a table of words")
        runners = {}
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        shown = "; ".join(problems[:20]) + ("; …" if len(problems) > 20 else "")
        raise data_error(source, f"has {count}: {shown}")
    return DeployTools(
        commands=MappingProxyType(commands),
        urls=urls,
        actions=actions,
        url_clients=frozenset(words["url_clients"]),
        wrappers=frozenset(words["wrappers"]),
        subcommand_noise=frozenset(words["subcommand_noise"]),
        runners=MappingProxyType({str(k): str(v) for k, v in runners.items()}),
    )


def _command(program: str, entry: object, problems: list[str]) -> DeployCommand | None:
    where = f"[commands] {program}"
    if not isinstance(entry, dict):
        problems.append(f"{where} is not a table")
        return None
    unknown = sorted(str(key) for key in entry if key not in ("tool", "deploys"))
    tool, deploys = entry.get("tool", ""), entry.get("deploys", [])
    good_tool = isinstance(tool, str) and bool(tool)
    good_deploys = (
        isinstance(deploys, list) and bool(deploys) and all(isinstance(w, str) for w in deploys)
    )
    if unknown:
        problems.append(f"{where} has unknown keys {', '.join(unknown)}")
    if not good_tool:
        problems.append(f"{where} has no tool name")
    if not good_deploys:
        problems.append(f"{where} deploys is not a non-empty list of strings")
    if unknown or not good_tool or not good_deploys:
        return None
    return DeployCommand(program, str(tool), tuple(tuple(str(w).split()) for w in deploys))


def _patterns(
    raw: object, table: str, flags: int, keys: tuple[str, ...], problems: list[str]
) -> tuple[DeployPattern, ...]:
    """The entries of ``[[table]]`` in order, their patterns compiled with ``flags``."""
    if not isinstance(raw, list) or not raw:
        problems.append(f"[[{table}]] is missing or not an array of tables")
        return ()
    found: list[DeployPattern] = []
    for number, entry in enumerate(raw, start=1):
        where = f"[[{table}]] #{number}"
        if not isinstance(entry, dict):
            problems.append(f"{where} is not a table")
            continue
        pattern, tool = entry.get("pattern"), entry.get("tool")
        gated = entry.get("push_gated", False)
        where = f"{where} ({pattern})" if isinstance(pattern, str) else where
        unknown = sorted(str(key) for key in entry if key not in keys)
        if unknown:
            problems.append(f"{where} has unknown keys {', '.join(unknown)}")
        if not isinstance(tool, str) or not tool:
            problems.append(f"{where} has no tool name")
        if not isinstance(gated, bool):
            problems.append(f"{where} push_gated is not true or false")
        compiled = _compiled(pattern, flags, where, problems)
        if compiled is not None and isinstance(tool, str) and tool and isinstance(gated, bool):
            found.append(DeployPattern(compiled, tool, gated))
    return tuple(found)


def _compiled(
    pattern: object, flags: int, where: str, problems: list[str]
) -> re.Pattern[str] | None:
    if not isinstance(pattern, str) or not pattern:
        problems.append(f"{where} has no pattern")
        return None
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        problems.append(f"{where} pattern is not a regular expression ({error})")
        return None


def _words(raw: object, where: str, problems: list[str]) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        problems.append(f"{where} is not a list of words")
        return []
    return [str(word) for word in raw]
