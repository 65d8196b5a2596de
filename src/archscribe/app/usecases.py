"""App: the use cases (scan, write, check, schema), composed from the pure layers and the
adapters; the CLI calls these and nothing below them."""

from __future__ import annotations

import dataclasses
import functools
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from archscribe._version import __version__
from archscribe.app.config import load_settings
from archscribe.app.ports import Progress, SilentProgress
from archscribe.errors import InputError
from archscribe.model.evidence import Evidence
from archscribe.model.findings import Finding, Severity
from archscribe.model.problems import ProblemKind, ScanProblem
from archscribe.model.settings import Settings

# The warm path (nothing changed since the last run) imports only what is above: the scanners,
# the analysis and the renderers load when something has to be read again.
if TYPE_CHECKING:
    from archscribe.app.cache import FactCache
    from archscribe.app.discovery import Discovery, FoundFile
    from archscribe.app.scanning import ScanStats
    from archscribe.catalogue.bundle import Catalogue
    from archscribe.model.architecture import Architecture
    from archscribe.model.facts import FactSet

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
class Summary:
    """What a run found, for the command line's report; kept with a cached output."""

    components: int
    languages: int
    kind: str
    problems: tuple[ScanProblem, ...]
    files: int
    scanned: int = 0
    from_cache: int = 0
    workers: int = 0
    reused: bool = False  # the whole output came from the result cache: nothing had changed


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """What ``write`` produced: the text, where it went, and whether the file changed."""

    text: str
    path: Path | None
    changed: bool
    summary: Summary


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What ``check`` found in one document."""

    document: str
    findings: tuple[Finding, ...]
    summary: Summary


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


def _discover(
    root: Path,
    settings: Settings,
    document: Path | None,
    on_file: Callable[[FoundFile], object] | None = None,
) -> Discovery:
    """The repository's files, less the document being written or checked, so that writing
    it never changes what it says. ``on_file`` hears of each file (but the document) as the
    walk finds it."""
    from archscribe.app.discovery import discover  # not needed when nothing changed

    target = (document if document is not None else root / DOCUMENT_NAME).resolve()
    skip = target.relative_to(root).as_posix() if target.is_relative_to(root) else None
    told = on_file
    if on_file is not None and skip is not None:

        def told(file: FoundFile) -> None:
            if file.path != skip:
                on_file(file)

    found = discover(root, settings, told)
    if skip is None:
        return found
    return replace(found, files=tuple(f for f in found.files if f.path != skip))


def analyse(
    path: Path,
    options: RunOptions,
    document: Path | None = None,
    *,
    cache: FactCache | None = None,
) -> Analysis:
    """Read the repository at ``path`` and describe its architecture (no result cache)."""
    root = _root(path)
    settings = load_settings(root)
    found = _discover(root, settings, document) if cache is not None else None
    return _analyse(root, settings, found, options, cache, document)


def _analyse(
    root: Path,
    settings: Settings,
    found: Discovery | None,
    options: RunOptions,
    cache: FactCache | None,
    document: Path | None = None,
) -> Analysis:
    """Scan and describe; without ``found``, the files are discovered while the scan goes
    (they go to the workers as the walk finds them)."""
    from archscribe.app.scanning import scan_repository

    catalogue: list[Catalogue] = []

    def meanwhile() -> None:
        # Loaded while the workers scan, rather than before or after.
        import archscribe.analysis  # noqa: F401
        from archscribe.catalogue.bundle import load_catalogue

        catalogue.append(
            load_catalogue().with_user_technologies(settings.technologies, settings.config_path)
        )

    facts, stats = scan_repository(
        root,
        settings,
        cache=cache,
        jobs=options.jobs,
        progress=options.progress,
        cache_prefix=f"{root}::",
        found=found,
        walk=functools.partial(_discover, root, settings, document),
        meanwhile=meanwhile,
    )
    from archscribe.analysis import describe

    if not catalogue:
        meanwhile()
    options.progress.start("analysing", 1)
    architecture = describe(facts, settings, catalogue[0])
    options.progress.finish()
    return Analysis(root, settings, facts, architecture, stats)


@functools.cache
def _code_stamp() -> str:
    """The size and mtime of archscribe's own modules and data files: a stored output is
    stale when archscribe itself changed, even under the same version number (an editable
    install, a patched copy). About a hundred stats."""
    parts: list[str] = []
    folders = [str(Path(__file__).resolve().parent.parent)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith((".py", ".toml", ".txt")):
                    stat = entry.stat()
                    parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    parts.sort()
    import zlib  # built in; a change detector, not a digest anyone relies on for security

    return f"{zlib.crc32('|'.join(parts).encode()):08x}"


def _fingerprint(settings: Settings, found: Discovery, kind: str) -> str | None:
    """A key for everything an output depends on: archscribe and Python versions, settings,
    and the path, size and mtime of every file. None while a file is too fresh to trust its
    mtime (a second edit in the same tick would go unseen)."""
    from hashlib import blake2b

    from archscribe.app.cache import RACY_SECONDS

    digest = blake2b(digest_size=16)
    digest.update(
        f"{__version__}|{_code_stamp()}|{sys.version_info[:2]}|{kind}|{settings!r}\n".encode()
    )
    newest = time.time_ns() - RACY_SECONDS * 1_000_000_000
    for file in found.files:
        if file.mtime_ns >= newest:
            return None
        digest.update(f"{file.path}\0{file.size}\0{file.mtime_ns}\n".encode())
    for problem in found.problems:
        digest.update(f"{problem.path}\0{problem.kind}\0{problem.reason}\n".encode())
    return digest.hexdigest()


def _produce(
    path: Path,
    options: RunOptions,
    document: Path | None,
    kind: str,
    render: Callable[[Analysis], str],
) -> tuple[Path, str, Summary]:
    """The output ``render`` makes of the repository, from the result cache when no file has
    changed since it was made; otherwise scanned (through the fact cache) and described."""
    root = _root(path)
    settings = load_settings(root)
    cache = None
    if options.use_cache:  # without it, SQLite is not even loaded
        from archscribe.app.cache import FactCache

        cache = FactCache.open(cache_path())
    try:
        tree_kind = _tree_kind(settings, document)
        if cache is not None:
            # Nothing changed if every folder and file listed last time has the same stat: then
            # the stored output is returned without listing the tree again.
            same = _unchanged_tree(root, cache.lookup_result(str(root), tree_kind, "tree"))
            blob = cache.lookup_result(str(root), kind, same) if same else None
            stored = _decode_stored(blob)
            if stored is not None:
                return root, stored[0], replace(stored[1], reused=True)
        # Without a cache nothing needs the list of files first: the scan walks the tree
        # itself, and the workers start on the first files while the walk goes on.
        found = _discover(root, settings, document) if cache is not None else None
        key = _fingerprint(settings, found, kind) if found is not None else None
        if cache is not None and found is not None and key is not None:
            snapshot = _tree_snapshot(found, key)
            if snapshot is not None:
                cache.store_result(str(root), tree_kind, "tree", snapshot)
            blob = cache.lookup_result(str(root), kind, key)
            stored = _decode_stored(blob)
            if stored is not None:
                return root, stored[0], replace(stored[1], reused=True)
        # The cyclic collector only slows this down: facts and models hold no cycles worth
        # collecting, and everything is freed when the command ends.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            analysis = _analyse(root, settings, found, options, cache, document)
            text = render(analysis)
        finally:
            if was_enabled:
                gc.freeze()  # what the run made is kept or freed by reference counting, so
                gc.enable()  # the collector need not walk it once on the way out
        summary = _summary(analysis)
        if cache is not None and key is not None:
            cache.store_result(str(root), kind, key, _encode_stored(text, summary))
        return root, text, summary
    finally:
        if cache is not None:
            cache.close()


def _tree_kind(settings: Settings, document: Path | None) -> str:
    """The result-cache kind under which a repository's tree snapshot is kept: one per
    archscribe version, Python, settings and document."""
    return f"tree|{__version__}|{_code_stamp()}|{sys.version_info[:2]}|{settings!r}|{document}"


def _tree_snapshot(found: Discovery, key: str | None) -> bytes | None:
    """Every folder and file with its stat, and the fingerprint they make; None when one is
    too fresh to trust."""
    from archscribe.app.cache import RACY_SECONDS

    newest = time.time_ns() - RACY_SECONDS * 1_000_000_000
    if key is None or any(mtime >= newest for _, mtime in found.folders):
        return None
    payload = {
        "key": key,
        "folders": found.folders,
        "files": [(f.path, f.size, f.mtime_ns) for f in found.files],
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def _unchanged_tree(root: Path, snapshot: bytes | None) -> str:
    """The fingerprint the tree had when ``snapshot`` was taken, if every folder and file still
    has the stat it had then (a folder's mtime moves when an entry is added, removed or
    renamed); "" otherwise."""
    if snapshot is None:
        return ""
    try:
        stored = json.loads(snapshot)
        base = str(root)
        stat = os.stat
        join = os.path.join
        for path, mtime in stored["folders"]:
            if stat(join(base, path)).st_mtime_ns != mtime:
                return ""
        for path, size, mtime in stored["files"]:
            status = stat(join(base, path))
            if status.st_size != size or status.st_mtime_ns != mtime:
                return ""
        return str(stored["key"])
    except (OSError, ValueError, TypeError, KeyError):
        return ""


def _encode_stored(text: str, summary: Summary) -> bytes:
    """The summary as one line of JSON, then the output as it is (a model can be megabytes:
    it is not parsed again on the way back)."""
    head = json.dumps(dataclasses.asdict(summary), separators=(",", ":"))
    return head.encode() + b"\n" + text.encode()


def _decode_stored(blob: bytes | None) -> tuple[str, Summary] | None:
    """The stored output and summary; a damaged entry is a miss."""
    if blob is None:
        return None
    head, newline, text = blob.partition(b"\n")
    if not newline:
        return None
    try:
        fields = json.loads(head)
        fields["problems"] = tuple(
            ScanProblem(p["path"], ProblemKind(p["kind"]), p["reason"], p["line"])
            for p in fields["problems"]
        )
        return text.decode(), Summary(**fields)
    except (ValueError, TypeError, KeyError):
        return None


def _summary(analysis: Analysis) -> Summary:
    arch = analysis.architecture
    stats = analysis.stats
    return Summary(
        components=len(arch.components),
        languages=len(arch.overview.languages),
        kind=arch.overview.kind.value,
        problems=arch.problems,
        files=stats.files,
        scanned=stats.scanned,
        from_cache=stats.from_cache,
        workers=stats.workers,
    )


def render(analysis: Analysis) -> str:
    """The document archscribe writes for an analysis, before merging with an old one."""
    from archscribe.renderers.markdown_document import render_document

    return render_document(analysis.architecture)


def write_document(
    path: Path, output: Path | None, options: RunOptions, *, to_stdout: bool = False
) -> WriteOutcome:
    """Write (or update) the architecture document; human text of an existing one is kept."""
    root, fresh, summary = _produce(path, options, output, "document", render)
    target = output if output is not None else root / DOCUMENT_NAME
    text = fresh
    existing = _read_document(target) if target.exists() else None
    if existing is not None and to_stdout and "<!-- archscribe:begin " not in existing:
        existing = None  # nothing is overwritten: show what archscribe would write
    if existing is not None:
        from archscribe.renderers.document_merge import merge_document

        try:
            text = merge_document(fresh, existing)
        except InputError as error:
            shown = _display(target, root)
            where = _where(shown, error.where)
            raise InputError(error.message, where=where, hint=error.hint) from error
    if to_stdout:
        return WriteOutcome(text, None, True, summary)
    changed = existing != text
    if changed:
        from archscribe.app.output import write_atomic

        write_atomic(target, text)
    return WriteOutcome(text, target, changed, summary)


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
    root, fresh_text, summary = _produce(path, options, document, "document", render)
    target = document if document is not None else root / DOCUMENT_NAME
    shown = _display(target, root)
    if not target.exists():
        missing = Finding(
            "missing-document",
            Severity.ERROR,
            f"{shown} does not exist",
            Evidence(shown, 0),
            "run `archscribe write` and commit the result",
        )
        return CheckOutcome(shown, (missing,), summary)
    from archscribe.checks.document_drift import check_drift
    from archscribe.checks.template_shape import check_template_shape
    from archscribe.renderers.document_merge import (
        generated_blocks,
        is_archscribe_block,
        parse_blocks,
    )

    existing_text = _read_document(target)
    try:
        existing = {
            found.id: (found.line, found.body.replace("\r\n", "\n"))
            for found in parse_blocks(existing_text).blocks
            if is_archscribe_block(found.id)
        }
    except InputError as error:
        where = _where(shown, error.where)
        raise InputError(error.message, where=where, hint=error.hint) from error
    findings = [
        *check_drift(existing_text, generated_blocks(fresh_text), existing, strict=strict),
        *check_template_shape(existing_text),
    ]
    located = tuple(
        Finding(f.rule, f.severity, f.message, Evidence(shown, f.evidence.line), f.hint)
        for f in findings
    )
    return CheckOutcome(shown, located, summary)


def _where(document: str, where: str) -> str:
    """``ARCHITECTURE.md:12`` from the document's name and a parser's ``line 12``."""
    line = where.removeprefix("line ").strip()
    return f"{document}:{line}" if line.isdigit() else f"{document}, {where}".rstrip(", ")


def _display(target: Path, root: Path) -> str:
    try:
        return target.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(target)


def scan_json(path: Path, options: RunOptions) -> str:
    """The architecture model as JSON."""

    def as_json(analysis: Analysis) -> str:
        from archscribe.renderers.to_json import architecture_json

        return architecture_json(analysis.architecture)

    return _produce(path, options, None, "model-json", as_json)[1]


def schema_json() -> str:
    """The JSON Schema of ``scan_json``'s output."""
    from archscribe.renderers.to_json import architecture_schema

    return architecture_schema()
