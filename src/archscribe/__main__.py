"""Entry point for ``python -m archscribe``."""

from archscribe.cli import run

run()
