"""CLI: progress on a terminal (rich, on stderr), silence elsewhere."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from archscribe.app.ports import Progress, SilentProgress

if TYPE_CHECKING:
    from rich.progress import Progress as RichBar
    from rich.progress import TaskID


class RichProgress:
    """A rich progress bar on stderr; refreshed by hand, so no thread runs beside the scan."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
        self._bar: RichBar = Progress(
            TextColumn("{task.description:>10}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            auto_refresh=False,
        )
        self._task: TaskID | None = None
        self._count = 0

    def start(self, label: str, total: int) -> None:
        """Show a bar for a new phase."""
        if self._task is None:
            self._bar.start()
        else:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(label, total=total)
        self._count = 0
        self._bar.refresh()

    def advance(self, steps: int = 1) -> None:
        """Move the bar; redraw every 50 steps to keep the cost negligible."""
        if self._task is None:
            return
        self._bar.advance(self._task, steps)
        self._count += steps
        if self._count % 50 == 0:
            self._bar.refresh()

    def finish(self) -> None:
        """Close the bar of the phase."""
        if self._task is not None:
            self._bar.remove_task(self._task)
            self._task = None
            self._bar.stop()


def make_progress(*, quiet: bool) -> Progress:
    """A bar when stderr is a terminal and nobody asked for quiet; otherwise nothing."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return SilentProgress()
    return RichProgress()
