"""Scanners: what a start command runs: its program and the worker count it sets.

Shared by the Dockerfile and Procfile scanners. A command is read as a shell would split it,
then wrappers that only hand over to the real program are passed over (``sh -c``, ``exec``,
``env``, ``dumb-init``, ``tini --``, ``gosu user``, ``su-exec user``); ``python -m X`` runs
``X``. A ``sh -c`` script's last command (after ``&&`` or ``;``) is the one that keeps running.
Nothing here raises: text that does not split as shell words is split on whitespace.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

__all__ = ["read_command", "read_shell_command", "shell_words"]

_MAX_DEPTH = 16  # wrappers inside wrappers: more than any real command has
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_PYTHON = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?")
_NUMBER = re.compile(r"[0-9]{1,6}")
_SEPARATORS = frozenset({"&&", "||", ";", "&", ";;"})
_PUNCTUATION = frozenset("();<>|&")

# program -> the flags that set its worker count (a long flag also takes ``--flag=N``, a short
# one ``-fN``).
_WORKER_FLAGS: dict[str, tuple[str, ...]] = {
    "gunicorn": ("--workers", "-w"),
    "uvicorn": ("--workers",),
    "hypercorn": ("--workers", "-w"),
    "uwsgi": ("--processes", "-p", "--workers"),
    "celery": ("--concurrency", "-c"),
    "fastapi": ("--workers",),  # fastapi run --workers 4
    "granian": ("--workers",),
    "dramatiq": ("--processes", "-p"),
    "huey_consumer": ("--workers", "-w"),
}
# Options of wrappers that take a value in the next word.
_TINI_VALUE_OPTIONS = frozenset({"-e", "-p"})
_DUMB_INIT_VALUE_OPTIONS = frozenset({"-r", "--rewrite"})
_PYTHON_VALUE_OPTIONS = frozenset({"-X", "-W", "--check-hash-based-pycs"})


def shell_words(text: str) -> list[str]:
    """``text`` split as a POSIX shell splits it, with ``&&``, ``;``, ``|``… as words of their
    own; on unbalanced quotes, split on whitespace."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        return text.split()


def read_shell_command(text: str) -> tuple[str, int]:
    """The program and worker count of a shell command line (a Procfile line, a shell-form
    ``CMD``)."""
    return read_command(["sh", "-c", text])


def read_command(argv: Sequence[str]) -> tuple[str, int]:
    """The program ``argv`` runs (a base name, wrappers passed over) and the worker count it
    sets, 0 when it sets none; ``("", 0)`` when there is no program at all."""
    words = list(argv)
    wrapper = ""
    for _ in range(_MAX_DEPTH):
        words = _without_assignments(words)
        if not words:
            return wrapper, 0
        name = words[0].rsplit("/", 1)[-1]
        rest = words[1:]
        if name in _SHELLS:
            script = _shell_script(rest)
            if script is None:
                return name, 0
            words = _last_command(shell_words(script))
        elif name == "exec":
            words = _skip_options(rest, frozenset({"-a"}))
        elif name == "env":
            words = _skip_options(rest, frozenset({"-u", "-C", "-S"}))
        elif name == "dumb-init":
            words = _skip_options(rest, _DUMB_INIT_VALUE_OPTIONS)
        elif name in ("tini", "tini-static"):
            words = _skip_options(rest, _TINI_VALUE_OPTIONS)
        elif name in ("gosu", "su-exec"):
            words = rest[1:]
        elif _PYTHON.fullmatch(name):
            return _read_python(name, rest)
        else:
            return name, _workers(name, rest)
        wrapper = name
    return "", 0


def _without_assignments(words: list[str]) -> list[str]:
    """``words`` without leading ``NAME=value`` environment assignments."""
    start = 0
    while start < len(words) and _ASSIGNMENT.match(words[start]):
        start += 1
    return words[start:]


def _skip_options(words: list[str], value_options: frozenset[str]) -> list[str]:
    """``words`` after a wrapper's own options (and a ``--`` that ends them)."""
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return words[index + 1 :]
        if not word.startswith("-") or word == "-":
            break
        index += 2 if word in value_options else 1
    return words[index:]


def _shell_script(args: list[str]) -> str | None:
    """The script of ``sh [options] -c script``, or ``None`` when the shell runs no ``-c``."""
    for index, arg in enumerate(args):
        if not arg.startswith("-") or arg in ("-", "--"):
            return None
        if not arg.startswith("--") and "c" in arg[1:]:
            return args[index + 1] if index + 1 < len(args) else ""
    return None


def _last_command(words: list[str]) -> list[str]:
    """The last simple command of a shell command list, without pipes or redirections after it:
    ``migrate && exec gunicorn app > log`` gives ``exec gunicorn app``."""
    commands: list[list[str]] = [[]]
    for word in words:
        if word in _SEPARATORS:
            commands.append([])
        else:
            commands[-1].append(word)
    last = next((command for command in reversed(commands) if command), [])
    for index, word in enumerate(last):
        if word and set(word) <= _PUNCTUATION:
            return last[:index]
    return last


def _read_python(name: str, args: list[str]) -> tuple[str, int]:
    """``python -m X …`` runs ``X`` (with X's worker flags); anything else runs ``python``."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "-m":
            module = args[index + 1] if index + 1 < len(args) else ""
            if not module:
                return name, 0
            return module, _workers(module, args[index + 2 :])
        if arg.startswith("-m") and not arg.startswith("--"):
            module = arg[2:]
            return module, _workers(module, args[index + 1 :])
        if not arg.startswith("-") or arg in ("-", "--") or arg.startswith("-c"):
            return name, 0
        index += 2 if arg in _PYTHON_VALUE_OPTIONS else 1
    return name, 0


def _workers(program: str, args: Sequence[str]) -> int:
    """The worker count ``args`` set for ``program`` (the last one given), 0 when none."""
    flags = _WORKER_FLAGS.get(program, ())
    found = 0
    for index, arg in enumerate(args):
        for flag in flags:
            if arg == flag:
                value = args[index + 1] if index + 1 < len(args) else ""
            elif flag.startswith("--") and arg.startswith(flag + "="):
                value = arg[len(flag) + 1 :]
            elif not flag.startswith("--") and arg.startswith(flag) and len(arg) > len(flag):
                value = arg[len(flag) :].removeprefix("=")
            else:
                continue
            if _NUMBER.fullmatch(value):
                found = int(value)
    return found
