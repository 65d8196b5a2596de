"""Scanners: the manifests of other ecosystems, gathered: npm, Go, Cargo, Maven, Gradle, Ruby.

Each reads one file's bytes into :class:`ManifestFacts` with its ``ecosystem`` set (``npm``,
``go``, ``cargo``, ``maven``, ``rubygems``): the project's name where the format has one and
the dependencies it declares, grouped ``runtime``, ``dev``, ``test``, ``build`` or
``optional:<what>``. The scanners live in :mod:`.polyglot_js_go_rust` (package.json, go.mod,
Cargo.toml) and :mod:`.polyglot_jvm_ruby` (pom.xml, build.gradle, Gemfile), what they share
with the Pipfile and lock-file scanners in :mod:`.polyglot_text`; this module gathers them for
the registry.
"""

from __future__ import annotations

from archscribe.scanners.polyglot_js_go_rust import (
    CARGO_SCANNER,
    GO_MOD_SCANNER,
    PACKAGE_JSON_SCANNER,
    scan_cargo,
    scan_go_mod,
    scan_package_json,
)
from archscribe.scanners.polyglot_jvm_ruby import (
    GEMFILE_SCANNER,
    GRADLE_SCANNER,
    POM_SCANNER,
    scan_gemfile,
    scan_gradle,
    scan_pom,
)

__all__ = [
    "CARGO_SCANNER",
    "GEMFILE_SCANNER",
    "GO_MOD_SCANNER",
    "GRADLE_SCANNER",
    "PACKAGE_JSON_SCANNER",
    "POM_SCANNER",
    "scan_cargo",
    "scan_gemfile",
    "scan_go_mod",
    "scan_gradle",
    "scan_package_json",
    "scan_pom",
]
