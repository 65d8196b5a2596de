"""CLI: the command line, the only place that prints or exits.

Exit codes: 0 success; 1 ``check`` found problems; 2 a usage, configuration or input error;
3 an internal error (a bug in archscribe).
"""

from __future__ import annotations

from archscribe.cli.main import main, run

__all__ = ["main", "run"]
