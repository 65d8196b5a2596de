"""Scanners: the deploy steps of CI scripts: which simple command of a shell script runs a
deploy tool (``kubectl apply``, ``helm upgrade``, a Render deploy hook through ``curl``…).

A script is split as a shell splits it, line continuations joined and comments dropped; a
command's leading assignments, wrappers (``sudo``, ``npx``) and runners (``poetry run``) are
passed over to reach the program it runs. The tools and the words that deploy with them are
data (``catalogue/data/deploy_tools.toml``). Nothing of a command is kept but the tool's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from archscribe.catalogue.deploy_tools import deploy_tools
from archscribe.scanners.commands import shell_words

__all__ = ["deploy_tool", "simple_commands"]

_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_PUNCTUATION = frozenset("();<>|&`")


def simple_commands(script: str) -> Iterator[tuple[int, list[str]]]:
    """(line offset in ``script``, words) of each simple command of a shell script."""
    lines = script.split("\n")
    index = 0
    while index < len(lines):
        offset, logical = index, lines[index]
        index += 1
        while logical.rstrip().endswith("\\") and index < len(lines):
            logical = logical.rstrip()[:-1] + " " + lines[index]
            index += 1
        command: list[str] = []
        for word in [*shell_words(logical), "#"]:
            if word.startswith("#") or (word and set(word) <= _PUNCTUATION):
                if command:
                    yield offset, command
                command = []
                if word.startswith("#"):  # a comment: the rest of the line is not run
                    break
            else:
                command.append(word)


def deploy_tool(words: list[str]) -> str:
    """The deploy tool a simple command runs, ``""`` when it deploys nothing."""
    known = deploy_tools()
    words = _unwrapped(words)
    if not words:
        return ""
    program, args = words[0].rsplit("/", 1)[-1], words[1:]
    if program in known.url_clients:
        for url in known.urls:
            if any(url.pattern.search(arg) for arg in args):
                return url.tool
    command = known.commands.get(program)
    if command is None:
        return ""
    variants = _positionals(args)
    for leading in command.first_words:
        if any(tuple(variant[: len(leading)]) == leading for variant in variants):
            return command.tool
    return ""


def _unwrapped(words: list[str]) -> list[str]:
    """``words`` without leading assignments, wrappers (``sudo``, ``npx``) and runners."""
    known = deploy_tools()
    for _ in range(8):
        while words and _ASSIGNMENT.match(words[0]):
            words = words[1:]
        head = words[0].rsplit("/", 1)[-1] if words else ""
        if head in known.wrappers:
            words = words[1:]
            while words and words[0].startswith("-"):
                words = words[1:]
        elif head in known.runners and words[1:2] == [known.runners[head]]:
            words = words[2:]
        else:
            return words
    return []


def _positionals(args: list[str]) -> tuple[list[str], list[str]]:
    """The non-option words of ``args``, read twice: options taking no value (``--debug
    upgrade``) and options taking the next word as their value (``-n prod apply``)."""
    noise = deploy_tools().subcommand_noise
    plain = [arg for arg in args if not arg.startswith("-") and arg not in noise]
    valued: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = "=" not in arg
        elif arg not in noise:
            valued.append(arg)
    return plain, valued
