"""Scanners: file bytes in, facts out; one module per file kind, no file access anywhere."""

from __future__ import annotations

from archscribe.scanners.base import Facts, Scanner
from archscribe.scanners.registry import all_scanners, scanners_for

__all__ = ["Facts", "Scanner", "all_scanners", "scanners_for"]
