"""Scanners: platform files: fly.toml, render.yaml, App Engine app.yaml, serverless.yml.

Each is read by its own module (:mod:`~archscribe.scanners.fly`,
:mod:`~archscribe.scanners.render`, :mod:`~archscribe.scanners.app_engine`,
:mod:`~archscribe.scanners.serverless`); this module gathers their scanners under one name.
"""

from __future__ import annotations

from archscribe.scanners.app_engine import APP_ENGINE_SCANNER, scan_app_engine
from archscribe.scanners.fly import FLY_SCANNER, scan_fly
from archscribe.scanners.render import RENDER_SCANNER, scan_render
from archscribe.scanners.serverless import SERVERLESS_SCANNER, scan_serverless

__all__ = [
    "APP_ENGINE_SCANNER",
    "FLY_SCANNER",
    "RENDER_SCANNER",
    "SERVERLESS_SCANNER",
    "scan_app_engine",
    "scan_fly",
    "scan_render",
    "scan_serverless",
]
