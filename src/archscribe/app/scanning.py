"""App: run the scanners over a repository's files, through the fact cache and, when many
files are new, a process pool; returns the repository's FactSet."""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import posixpath
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec

from archscribe.app.cache import FactCache, content_digest
from archscribe.app.discovery import Discovery, FoundFile, discover
from archscribe.app.ports import Progress
from archscribe.catalogue import language_of
from archscribe.model.facts import (
    DeployFacts,
    FactSet,
    InfraFacts,
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


# A worker's job: the file to read (when the parent did not read it), its bytes (when it did),
# and the scanners to run. The answer: content digest, encoded facts per scanner, error text.
_Job = tuple[str, bytes | None, tuple[str, ...]]
_Answer = tuple[str, tuple[bytes, ...], str]
# Files per task sent to a worker: small enough to start parsing while the parent still reads.
_BATCH = 16


def _scan_batch(batch: list[_Job]) -> list[_Answer]:
    """Worker body (also run in-process): read when needed, hash, scan; facts go back encoded."""
    answers: list[_Answer] = []
    for path, given, names in batch:
        data = given
        if data is None:
            try:
                with open(path, "rb") as stream:  # noqa: PTH123 -- str paths keep workers lean
                    data = stream.read()
            except OSError as exc:
                answers.append(("", (), f"cannot read: {exc.strerror}"))
                continue
        digest = content_digest(data)
        blobs = tuple(_ENCODER.encode(_scanner_named(name).scan(data)) for name in names)
        answers.append((digest, blobs, ""))
    return answers


class _Runner:
    """Runs scanner jobs in order: in a process pool fed batch by batch (so the parent's
    reading overlaps the workers' parsing), or in this process."""

    def __init__(self, workers: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            context = multiprocessing.get_context(
                "fork"
                if "fork" in multiprocessing.get_all_start_methods()
                and threading.active_count() == 1
                else "spawn"
            )
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=gc.disable
            )
        self._batch: list[_Job] = []
        self._done: list[list[_Answer]] = []
        self._futures: list[Future[list[_Answer]]] = []

    def submit(self, job: _Job) -> None:
        if self._pool is None:
            self._done.append(_scan_batch([job]))
            return
        self._batch.append(job)
        if len(self._batch) >= _BATCH:
            self._futures.append(self._pool.submit(_scan_batch, self._batch))
            self._batch = []

    def answers(self) -> Iterator[_Answer]:
        """Every answer, in the order the jobs were submitted."""
        if self._pool is not None and self._batch:
            self._futures.append(self._pool.submit(_scan_batch, self._batch))
            self._batch = []
        for done in self._done:
            yield from done
        for future in self._futures:
            yield from future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


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

    Unchanged files are answered from the cache by their stat alone; the others are read,
    looked up by content, and what is still new is scanned, in a process pool when many
    files are new. ``cache_prefix`` sets this repository's files apart in a cache shared by
    several repositories (the stat fast path is keyed by path; facts are keyed by content).
    """
    if found is None:
        found = discover(root, settings)
    if cache is not None:
        cache.preload(cache_prefix)
    problems: list[ScanProblem] = list(found.problems)
    results: dict[tuple[str, str], Facts] = {}
    scanned_files = [(f, scanners_for(f.path)) for f in found.files]
    scanned_files = [(f, s) for f, s in scanned_files if s]

    # Pass 1: the stat fast path; no file is read.
    misses: list[tuple[FoundFile, tuple[Scanner, ...]]] = []
    for file, wanted in scanned_files:
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
        for scanner in wanted:
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
            else:
                missing.append(scanner)
        if missing:
            misses.append((file, tuple(missing)))
    from_cache = sum(len(s) for _, s in scanned_files) - sum(len(m) for _, m in misses)

    # Pass 2: read, look up by content, scan what is new. The cyclic collector rests: ASTs
    # are freed by reference counting and it only rescans what parsing allocates.
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if len(misses) < POOL_THRESHOLD:
        workers = 1
    gc_was_enabled = gc.isenabled()
    gc.disable()
    runner = _Runner(workers)
    try:
        submitted: list[tuple[FoundFile, tuple[Scanner, ...]]] = []
        progress.start("reading", len(misses))
        for file, needed in misses:
            progress.advance()
            if cache is None:  # nothing to look up: whoever scans reads the file
                runner.submit((str(root / file.path), None, tuple(s.name for s in needed)))
                submitted.append((file, needed))
                continue
            try:
                data = (root / file.path).read_bytes()
            except OSError as exc:
                problems.append(_unreadable(file, exc.strerror))
                continue
            digest = content_digest(data)
            still = []
            for scanner in needed:
                blob = cache.lookup_hash(digest, _cache_name(scanner), scanner.version)
                cached = _decode_cached(scanner, blob)
                if blob is not None and cached is not None:
                    results[(file.path, scanner.name)] = cached
                    _remember(cache, cache_prefix, file, digest, scanner, blob)
                    from_cache += 1
                else:
                    still.append(scanner)
            if still:
                runner.submit((file.path, data, tuple(s.name for s in still)))
                submitted.append((file, tuple(still)))
        progress.finish()
        progress.start("scanning", len(submitted))
        for (file, scanners), (digest, blobs, error) in zip(
            submitted, runner.answers(), strict=True
        ):
            progress.advance()
            if error:
                problems.append(_unreadable(file, error))
                continue
            for scanner, blob in zip(scanners, blobs, strict=True):
                results[(file.path, scanner.name)] = _decode(scanner, blob)
                if cache is not None:
                    _remember(cache, cache_prefix, file, digest, scanner, blob)
        progress.finish()
    finally:
        runner.close()
        if gc_was_enabled:
            gc.enable()
    if cache is not None:
        cache.commit()
    scanned = len(submitted)

    languages = {f.path: lang for f in found.files if (lang := language_of(f.path))}
    files: list[ScannedFile] = []
    for file, scanners in scanned_files:
        got = {s.name: results.get((file.path, s.name)) for s in scanners}
        if not any(v is not None for v in got.values()):
            continue
        python = next((v for v in got.values() if isinstance(v, PythonFacts)), None)
        manifest = next((v for v in got.values() if isinstance(v, ManifestFacts)), None)
        readme = next((v for v in got.values() if isinstance(v, ReadmeFacts)), None)
        deploy = next((v for v in got.values() if isinstance(v, DeployFacts)), None)
        infra = next((v for v in got.values() if isinstance(v, InfraFacts) and v.kind), None)
        if not (python or manifest or readme or deploy or infra):
            continue  # e.g. a YAML file that turned out to be no infrastructure file
        for fact_problems in (
            python.problems if python else (),
            manifest.problems if manifest else (),
            deploy.problems if deploy else (),
            infra.problems if infra else (),
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
                deploy=deploy,
                infra=infra,
            )
        )
    files.extend(_included_requirements(root, found, files, problems))
    files.sort(key=lambda f: f.path)
    facts = FactSet(
        files=tuple(files),
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.line, p.kind, p.reason))),
        languages=_languages(found.files, languages),
        paths=tuple(f.path for f in found.files),
    )
    stats = ScanStats(len(found.files), scanned, from_cache, workers if scanned else 0)
    return facts, stats


def _included_requirements(
    root: Path, found: Discovery, files: Sequence[ScannedFile], problems: list[ScanProblem]
) -> list[ScannedFile]:
    """Requirements files that ``-r`` takes in but whose names no scanner picks up
    (``-r base.txt``): their dependencies are declared all the same."""
    from archscribe.scanners.manifests import REQUIREMENTS_SCANNER

    listed = {f.path: f for f in found.files}
    read = {f.path for f in files if f.manifest is not None}
    queue = [f for f in files if f.manifest is not None and f.manifest.includes]
    added: list[ScannedFile] = []
    while queue:
        including = queue.pop()
        assert including.manifest is not None
        folder = posixpath.dirname(including.path)
        for include in including.manifest.includes:
            path = posixpath.normpath(posixpath.join(folder, include))
            if path in read or path not in listed:
                continue  # read already, or outside the repository's files
            read.add(path)
            try:
                data = (root / path).read_bytes()
            except OSError as exc:
                problems.append(_unreadable(listed[path], exc.strerror))
                continue
            manifest = REQUIREMENTS_SCANNER.scan(data)
            assert isinstance(manifest, ManifestFacts)
            problems.extend(replace(p, path=path) for p in manifest.problems)
            scanned = ScannedFile(path, "", listed[path].size, manifest=manifest)
            added.append(scanned)
            queue.append(scanned)
    return added


def _unreadable(file: FoundFile, reason: str | None) -> ScanProblem:
    text = reason if reason and reason.startswith("cannot read") else f"cannot read: {reason}"
    return ScanProblem(file.path, ProblemKind.UNREADABLE, text)


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
