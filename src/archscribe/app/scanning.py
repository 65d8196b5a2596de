"""App: run the scanners over a repository's files, through the fact cache and, when many
files are new, a process pool; returns the repository's FactSet."""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec

from archscribe.app.cache import FactCache, content_digest
from archscribe.app.discovery import Discovery, FoundFile, discover
from archscribe.app.ports import Progress
from archscribe.catalogue import language_of
from archscribe.model.facts import (
    FactSet,
    LanguageStat,
    ManifestFacts,
    ProblemKind,
    PythonFacts,
    ReadmeFacts,
    ScannedFile,
    ScanProblem,
)
from archscribe.model.settings import Settings
from archscribe.scanners import Facts, Scanner, all_scanners, scanners_for

# The same bytes parse differently on another Python (3.12 syntax fails on 3.11), so cached
# facts are kept apart per interpreter version.
_PYTHON = f"py{sys.version_info.major}.{sys.version_info.minor}"

# Below this many files to scan, a process pool costs more than it saves.
POOL_THRESHOLD = 200
_ENCODER = msgspec.msgpack.Encoder()


@dataclass(frozen=True, slots=True)
class ScanStats:
    """What one scan did, for ``--verbose`` and the benchmarks."""

    files: int
    scanned: int
    from_cache: int
    workers: int


_DECODERS: dict[str, msgspec.msgpack.Decoder[Facts]] = {}


def _decode(scanner: Scanner, blob: bytes) -> Facts:
    decoder = _DECODERS.get(scanner.name)
    if decoder is None:
        decoder = _DECODERS[scanner.name] = msgspec.msgpack.Decoder(scanner.fact_type)
    return decoder.decode(blob)


@functools.cache
def _scanner_named(name: str) -> Scanner:
    return next(s for s in all_scanners() if s.name == name)


def _cache_name(scanner: Scanner) -> str:
    return f"{scanner.name}/{_PYTHON}"


def _remember(
    cache: FactCache, prefix: str, file: FoundFile, digest: str, scanner: Scanner, blob: bytes
) -> None:
    """Store one file's encoded facts under its path (the stat fast path) and content."""
    cache.store(
        prefix + file.path,
        file.size,
        file.mtime_ns,
        digest,
        _cache_name(scanner),
        scanner.version,
        blob,
    )


def _decode_cached(scanner: Scanner, blob: bytes | None) -> Facts | None:
    """Facts from a cached blob; a damaged blob (SQLite keeps no checksums) is a miss."""
    if blob is None:
        return None
    try:
        return _decode(scanner, blob)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def _scan_one(job: tuple[str, bytes]) -> bytes:
    """Worker body: run one scanner on one file's bytes; facts go back encoded."""
    name, data = job
    return _ENCODER.encode(_scanner_named(name).scan(data))


def scan_repository(
    root: Path,
    settings: Settings,
    *,
    cache: FactCache | None,
    jobs: int,
    progress: Progress,
    cache_prefix: str = "",
    found: Discovery | None = None,
) -> tuple[FactSet, ScanStats]:
    """Read and scan every file of the repository at ``root`` (discovered here unless
    ``found`` is given).

    ``cache_prefix`` sets this repository's files apart in a cache shared by several
    repositories (the stat fast path is keyed by path; facts are keyed by content).
    """
    if found is None:
        found = discover(root, settings)
    if cache is not None:
        cache.preload(cache_prefix)
    problems: list[ScanProblem] = list(found.problems)
    results: dict[tuple[str, str], Facts] = {}
    pending: list[tuple[FoundFile, Scanner, bytes, str]] = []
    from_cache = 0
    scanned_files = [(f, scanners_for(f.path)) for f in found.files]
    scanned_files = [(f, s) for f, s in scanned_files if s]
    progress.start("reading", len(scanned_files))
    for file, scanners in scanned_files:
        progress.advance()
        if file.size > settings.max_file_bytes:
            problems.append(
                ScanProblem(
                    file.path,
                    ProblemKind.TOO_LARGE,
                    f"{file.size:,} bytes is over the limit of {settings.max_file_bytes:,} "
                    "(max-file-bytes); skipped",
                )
            )
            continue
        missing = []
        for scanner in scanners:
            blob = (
                cache.lookup_stat(
                    cache_prefix + file.path,
                    file.size,
                    file.mtime_ns,
                    _cache_name(scanner),
                    scanner.version,
                )
                if cache is not None
                else None
            )
            cached = _decode_cached(scanner, blob)
            if cached is not None:
                results[(file.path, scanner.name)] = cached
                from_cache += 1
            else:
                missing.append(scanner)
        if not missing:
            continue
        try:
            data = (root / file.path).read_bytes()
        except OSError as exc:
            problems.append(
                ScanProblem(file.path, ProblemKind.UNREADABLE, f"cannot read: {exc.strerror}")
            )
            continue
        digest = content_digest(data)
        for scanner in missing:
            blob = (
                cache.lookup_hash(digest, _cache_name(scanner), scanner.version) if cache else None
            )
            cached = _decode_cached(scanner, blob)
            if cache is not None and blob is not None and cached is not None:
                results[(file.path, scanner.name)] = cached
                _remember(cache, cache_prefix, file, digest, scanner, blob)
                from_cache += 1
            else:
                pending.append((file, scanner, data, digest))
    progress.finish()

    workers = _run_scanners(pending, results, cache, jobs, progress, cache_prefix)
    if cache is not None:
        cache.commit()

    languages = {f.path: lang for f in found.files if (lang := language_of(f.path))}
    files: list[ScannedFile] = []
    for file, scanners in scanned_files:
        got = {s.name: results.get((file.path, s.name)) for s in scanners}
        if not any(v is not None for v in got.values()):
            continue
        python = next((v for v in got.values() if isinstance(v, PythonFacts)), None)
        manifest = next((v for v in got.values() if isinstance(v, ManifestFacts)), None)
        readme = next((v for v in got.values() if isinstance(v, ReadmeFacts)), None)
        for fact_problems in (
            python.problems if python else (),
            manifest.problems if manifest else (),
        ):
            problems.extend(replace(p, path=file.path) for p in fact_problems)
        files.append(
            ScannedFile(
                path=file.path,
                language=languages.get(file.path, ""),
                size=file.size,
                python=python,
                manifest=manifest,
                readme=readme,
            )
        )
    facts = FactSet(
        root_name=root.resolve().name,
        files=tuple(files),
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.line, p.kind, p.reason))),
        languages=_languages(found.files, languages),
        paths=tuple(f.path for f in found.files),
    )
    stats = ScanStats(len(found.files), len(pending), from_cache, workers)
    return facts, stats


def _run_scanners(
    pending: Sequence[tuple[FoundFile, Scanner, bytes, str]],
    results: dict[tuple[str, str], Facts],
    cache: FactCache | None,
    jobs: int,
    progress: Progress,
    cache_prefix: str,
) -> int:
    """Scan what the cache did not have; in a pool when it is worth it. Returns the workers."""
    if not pending:
        return 0
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    use_pool = workers > 1 and len(pending) >= POOL_THRESHOLD
    progress.start("scanning", len(pending))
    jobs_in = [(scanner.name, data) for _, scanner, data, _ in pending]
    # ASTs are freed by reference counting; the cyclic collector only rescans what parsing
    # allocates (15-25 % of parse time), so it rests while files are scanned.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        blobs = _scan_all(jobs_in, workers if use_pool else 1, progress)
    finally:
        if gc_was_enabled:
            gc.enable()
    progress.finish()
    for (file, scanner, _, digest), blob in zip(pending, blobs, strict=True):
        results[(file.path, scanner.name)] = _decode(scanner, blob)
        if cache is not None:
            _remember(cache, cache_prefix, file, digest, scanner, blob)
    return workers if use_pool else 1


def _scan_all(jobs_in: list[tuple[str, bytes]], workers: int, progress: Progress) -> list[bytes]:
    """Encoded facts for each job, in order; in a pool of ``workers`` processes when > 1."""
    blobs: list[bytes] = []
    if workers <= 1:
        for job in jobs_in:
            blobs.append(_scan_one(job))
            progress.advance()
        return blobs
    context = multiprocessing.get_context(
        "fork"
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        else "spawn"
    )
    chunk = max(1, len(jobs_in) // (workers * 8))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=gc.disable
    ) as pool:
        for blob in pool.map(_scan_one, jobs_in, chunksize=chunk):
            blobs.append(blob)
            progress.advance()
    return blobs


def _languages(
    files: Sequence[FoundFile], language_by_path: dict[str, str]
) -> tuple[LanguageStat, ...]:
    count: Counter[str] = Counter()
    size: Counter[str] = Counter()
    for file in files:
        language = language_by_path.get(file.path)
        if language:
            count[language] += 1
            size[language] += file.size
    return tuple(
        LanguageStat(lang, count[lang], size[lang])
        for lang in sorted(count, key=lambda k: (-size[k], k))
    )
