"""App: the use cases (scan, write, check, schema), composed from the pure layers and the
adapters; the CLI calls these and nothing below them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from archscribe.analysis import describe
from archscribe.app.cache import FactCache
from archscribe.app.config import load_settings
from archscribe.app.output import write_atomic
from archscribe.app.ports import Progress, SilentProgress
from archscribe.app.scanning import ScanStats, scan_repository
from archscribe.checks.document_drift import check_drift
from archscribe.errors import InputError
from archscribe.model.architecture import Architecture
from archscribe.model.evidence import Evidence
from archscribe.model.facts import FactSet
from archscribe.model.findings import Finding, Severity
from archscribe.model.settings import Settings
from archscribe.renderers.document_merge import generated_blocks, merge_document, parse_blocks
from archscribe.renderers.markdown_document import render_document
from archscribe.renderers.to_json import architecture_json, architecture_schema

DOCUMENT_NAME = "ARCHITECTURE.md"


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a use case runs: worker processes (0: one per core), cache, progress."""

    jobs: int = 0
    use_cache: bool = True
    progress: Progress = field(default_factory=SilentProgress)


@dataclass(frozen=True, slots=True)
class Analysis:
    """One repository read and described."""

    root: Path
    settings: Settings
    facts: FactSet
    architecture: Architecture
    stats: ScanStats


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """What ``write`` produced: the text, where it went, and whether the file changed."""

    text: str
    path: Path | None
    changed: bool
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What ``check`` found in one document."""

    document: str
    findings: tuple[Finding, ...]
    analysis: Analysis


def cache_path() -> Path:
    """Where the fact cache lives: ``$ARCHSCRIBE_CACHE_DIR``, else the user's cache folder
    (never inside the analysed repository)."""
    base = os.environ.get("ARCHSCRIBE_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("ARCHSCRIBE_CACHE_DIR"):
        folder = folder / "archscribe"
    return folder / "facts.sqlite3"


def _root(path: Path) -> Path:
    if not path.exists():
        raise InputError(f"{path} does not exist", hint="give the folder of a repository")
    if not path.is_dir():
        raise InputError(f"{path} is not a folder", hint="give the folder of a repository")
    return path.resolve()


def analyse(path: Path, options: RunOptions, document: Path | None = None) -> Analysis:
    """Read the repository at ``path`` and describe its architecture.

    ``document`` (the architecture document being written or checked) is left out of the
    analysis, so writing it never changes what it says.
    """
    root = _root(path)
    settings = load_settings(root)
    target = (document if document is not None else root / DOCUMENT_NAME).resolve()
    if target.is_relative_to(root):
        settings = replace(
            settings, exclude=(*settings.exclude, "/" + target.relative_to(root).as_posix())
        )
    cache = FactCache.open(cache_path()) if options.use_cache else None
    try:
        facts, stats = scan_repository(
            root,
            settings,
            cache=cache,
            jobs=options.jobs,
            progress=options.progress,
            cache_prefix=f"{root}::",
        )
    finally:
        if cache is not None:
            cache.close()
    options.progress.start("analysing", 1)
    architecture = describe(facts, settings)
    options.progress.finish()
    return Analysis(root, settings, facts, architecture, stats)


def render(analysis: Analysis) -> str:
    """The document archscribe writes for an analysis, before merging with an old one."""
    return render_document(analysis.architecture, analysis.facts.paths)


def write_document(
    path: Path, output: Path | None, options: RunOptions, *, to_stdout: bool = False
) -> WriteOutcome:
    """Write (or update) the architecture document; human text of an existing one is kept."""
    analysis = analyse(path, options, output)
    target = output if output is not None else analysis.root / DOCUMENT_NAME
    fresh = render(analysis)
    text = fresh
    existing = _read_document(target) if target.exists() else None
    if existing is not None:
        try:
            text = merge_document(fresh, existing)
        except InputError as error:
            shown = _display(target, analysis.root)
            where = f"{shown}, {error.where}" if error.where else shown
            raise InputError(error.message, where=where, hint=error.hint) from error
    if to_stdout:
        return WriteOutcome(text, None, True, analysis)
    changed = existing != text
    if changed:
        write_atomic(target, text)
    return WriteOutcome(text, target, changed, analysis)


def _read_document(target: Path) -> str:
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {target.name}: {exc.strerror}", where=str(target)) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{target.name} is not UTF-8 (byte {exc.start})",
            where=str(target),
            hint="save it as UTF-8, or write elsewhere with -o",
        ) from exc


def check_document(
    path: Path, document: Path | None, options: RunOptions, *, strict: bool = False
) -> CheckOutcome:
    """Compare the checked-in document with what archscribe would write now; ``strict``
    treats moved line numbers and sizes as drift too."""
    analysis = analyse(path, options, document)
    target = document if document is not None else analysis.root / DOCUMENT_NAME
    shown = _display(target, analysis.root)
    if not target.exists():
        return CheckOutcome(
            shown,
            (
                Finding(
                    "missing-document",
                    Severity.ERROR,
                    f"{shown} does not exist",
                    Evidence(shown, 0),
                    "run `archscribe write` and commit the result",
                ),
            ),
            analysis,
        )
    existing_text = _read_document(target)
    fresh = generated_blocks(render(analysis))
    existing = {
        found.id: (found.line, found.body.replace("\r\n", "\n"))
        for found in parse_blocks(existing_text).blocks
    }
    findings = check_drift(existing_text, fresh, existing, strict=strict)
    located = tuple(
        Finding(f.rule, f.severity, f.message, Evidence(shown, f.evidence.line), f.hint)
        for f in findings
    )
    return CheckOutcome(shown, located, analysis)


def _display(target: Path, root: Path) -> str:
    try:
        return target.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(target)


def scan_json(path: Path, options: RunOptions) -> str:
    """The architecture model as JSON."""
    return architecture_json(analyse(path, options).architecture)


def schema_json() -> str:
    """The JSON Schema of ``scan_json``'s output."""
    return architecture_schema()
