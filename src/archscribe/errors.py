"""Errors: the one exception tree of archscribe.

    ArchscribeError            anything archscribe reports to a user (exit code 2)
    ├── UsageError             the command line asks for something impossible
    ├── ConfigError            [tool.archscribe] or archscribe.toml is wrong (all problems at once)
    ├── InputError             the path to analyse or the document to update cannot be used
    └── InternalError          a bug in archscribe (exit code 3)

Unparsable or odd files are not errors: scanners return them as ``ScanProblem`` data and the
run goes on. Each error carries what went wrong, where, and a hint of what to do.
"""

from __future__ import annotations


class ArchscribeError(Exception):
    """Base of every error archscribe reports to its user."""

    exit_code = 2

    def __init__(self, message: str, *, where: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def describe(self) -> str:
        """One line (two with a hint) a person can act on."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(ArchscribeError):
    """The command line asks for something archscribe cannot do."""


class ConfigError(ArchscribeError):
    """The configuration is invalid; ``problems`` holds every problem found, not just the first."""

    def __init__(self, problems: list[str], *, where: str = "", hint: str = "") -> None:
        joined = problems[0] if len(problems) == 1 else "\n  - " + "\n  - ".join(problems)
        super().__init__(f"invalid configuration: {joined}", where=where, hint=hint)
        self.problems = tuple(problems)


class InputError(ArchscribeError):
    """The repository path or the document to update cannot be used."""


class InternalError(ArchscribeError):
    """A bug in archscribe; the message says so."""

    exit_code = 3
