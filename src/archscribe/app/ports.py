"""App: the ports the use cases talk through (progress reporting), as Protocols."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Where long work reports how far it got; the CLI draws it, tests record it."""

    def start(self, label: str, total: int) -> None:
        """A new phase of ``total`` steps begins."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current phase are done."""

    def finish(self) -> None:
        """The current phase is over."""


class SilentProgress:
    """Progress that shows nothing (CI, ``--quiet``, library use)."""

    def start(self, label: str, total: int) -> None:
        """Ignore the phase."""

    def advance(self, steps: int = 1) -> None:
        """Ignore the steps."""

    def finish(self) -> None:
        """Ignore the end."""
