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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from archscribe.app.discovery import Discovery, FoundFile, discover
from archscribe.app.ports import Progress
from archscribe.catalogue import language_of
from archscribe.model.facts import (
    ApiFacts,
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

if TYPE_CHECKING:  # SQLite loads only when there is a cache
    from archscribe.app.cache import FactCache

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
# and the scanners to run. The answer: encoded facts per scanner, error text. (The content
# digest is the parent's business: it reads and hashes a file only when there is a cache.)
_Job = tuple[str, bytes | None, tuple[str, ...]]
_Answer = tuple[tuple[bytes, ...], str]
# Files per task sent to a worker: small enough to start parsing while the parent still reads.
_BATCH = 16


def _scan_batch(batch: list[_Job]) -> list[_Answer]:
    """Worker body (also run in-process): read when needed, scan; facts go back encoded."""
    answers: list[_Answer] = []
    for path, given, names in batch:
        data = given
        if data is None:
            try:
                with open(path, "rb") as stream:  # noqa: PTH123 -- str paths keep workers lean
                    data = stream.read()
            except OSError as exc:
                answers.append(((), f"cannot read: {exc.strerror}"))
                continue
        blobs = tuple(_ENCODER.encode(_scanner_named(name).scan(data)) for name in names)
        answers.append((blobs, ""))
    return answers


class _Runner:
    """Runs scanner jobs in order: in a process pool fed batch by batch (so the parent's
    walking and reading overlap the workers' parsing), or in this process.

    With ``wait_for`` > 0 the pool starts only once that many jobs have come (they wait in a
    list meanwhile); when fewer come in all, they run in this process, where a pool would cost
    more than it saves. Without a pool, a job runs as it is submitted.
    """

    def __init__(self, workers: int, wait_for: int = 0) -> None:
        self._workers = workers
        self._wait_for = wait_for
        self._pool: ProcessPoolExecutor | None = None
        self._batch: list[_Job] = []
        self._done: list[list[_Answer]] = []
        self._futures: list[Future[list[_Answer]]] = []
        if workers > 1 and wait_for <= 0:
            self._start()

    @property
    def workers(self) -> int:
        """The processes that scanned: the pool's workers, or 1 (this one)."""
        return self._workers if self._pool is not None else 1

    def _start(self) -> None:
        context = multiprocessing.get_context(
            "fork"
            if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            else "spawn"
        )
        self._pool = ProcessPoolExecutor(
            max_workers=self._workers, mp_context=context, initializer=gc.disable
        )

    def submit(self, job: _Job) -> None:
        if self._pool is None:
            if self._workers <= 1:
                self._done.append(_scan_batch([job]))
                return
            self._batch.append(job)
            if len(self._batch) < self._wait_for:
                return
            self._start()
            waiting, self._batch = self._batch, []
            for at in range(0, len(waiting), _BATCH):
                self._send(waiting[at : at + _BATCH])
            return
        self._batch.append(job)
        if len(self._batch) >= _BATCH:
            self._send(self._batch)
            self._batch = []

    def _send(self, batch: list[_Job]) -> None:
        assert self._pool is not None
        self._futures.append(self._pool.submit(_scan_batch, batch))

    def answers(self) -> Iterator[_Answer]:
        """Every answer, in the order the jobs were submitted."""
        if self._batch:
            if self._pool is not None:
                self._send(self._batch)
            else:  # too few jobs came for a pool
                self._workers = 1
                self._done.append(_scan_batch(self._batch))
            self._batch = []
        for done in self._done:
            yield from done
        for future in self._futures:
            yield from future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


# What a walk that reports each file as it finds it looks like (``discover`` with ``on_file``).
Walk = Callable[[Callable[[FoundFile], object] | None], Discovery]


def scan_repository(
    root: Path,
    settings: Settings,
    *,
    cache: FactCache | None,
    jobs: int,
    progress: Progress,
    cache_prefix: str = "",
    found: Discovery | None = None,
    walk: Walk | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[FactSet, ScanStats]:
    """Read and scan every file of the repository at ``root`` (``found``, else listed by
    ``walk``, else discovered here).

    Unchanged files are answered from the cache by their stat alone; the others are read,
    looked up by content, and what is still new is scanned, in a process pool when many
    files are new. ``cache_prefix`` sets this repository's files apart in a cache shared by
    several repositories (the stat fast path is keyed by path; facts are keyed by content).
    Without a cache, files go to the workers as the walk finds them. ``meanwhile`` runs in
    this process while the workers scan (say, to import what comes next).
    """
    if found is None and walk is None:
        walk = functools.partial(discover, root, settings)
    languages: dict[str, str] | None = None
    language_stats: tuple[LanguageStat, ...] = ()
    results: dict[tuple[str, str], Facts] = {}  # with a cache: by path and scanner name
    scanned_files: _Chosen = []
    if cache is None:
        found, submitted, runner, problems, languages, language_stats = _scan_walking(
            root, settings, jobs, found, walk
        )
        from_cache = 0
    else:
        if found is None:
            assert walk is not None
            found = walk(None)
        cache.preload(cache_prefix)
        problems = list(found.problems)
        scanned_files = [(f, scanners_for(f.path)) for f in found.files]
        scanned_files = [(f, s) for f, s in scanned_files if s]
        runner, submitted, from_cache = _scan_cached(
            root, settings, cache, cache_prefix, jobs, scanned_files, results, problems, progress
        )
    # The cyclic collector rests: ASTs are freed by reference counting and it only rescans
    # what parsing allocates.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    made: dict[str, ScannedFile | None] = {}  # without a cache: built as the answers come
    try:
        if meanwhile is not None:
            meanwhile()
        progress.start("scanning", len(submitted))
        for (file, scanners, digest), (blobs, error) in zip(
            submitted, runner.answers(), strict=True
        ):
            progress.advance()
            if error:
                problems.append(_unreadable(file, error))
                continue
            if cache is None:
                assert languages is not None
                got = [
                    _decode(scanner, blob) for scanner, blob in zip(scanners, blobs, strict=True)
                ]
                made[file.path] = _scanned_file(file, languages.get(file.path, ""), got, problems)
                continue
            for scanner, blob in zip(scanners, blobs, strict=True):
                results[(file.path, scanner.name)] = _decode(scanner, blob)
                _remember(cache, cache_prefix, file, digest, scanner, blob)
        progress.finish()
    finally:
        runner.close()
        if gc_was_enabled:
            gc.enable()
    files: list[ScannedFile] = []
    if cache is None:  # in path order, as the walk's own list
        assert languages is not None
        files = [made_file for f in found.files if (made_file := made.get(f.path)) is not None]
    else:
        cache.commit()
        languages = {f.path: lang for f in found.files if (lang := language_of(f.path))}
        for file, scanners in scanned_files:
            got_or_none = [results.get((file.path, s.name)) for s in scanners]
            made_file = _scanned_file(file, languages.get(file.path, ""), got_or_none, problems)
            if made_file is not None:
                files.append(made_file)
    scanned = len(submitted)
    files.extend(_included_requirements(root, found, files, problems))
    files.sort(key=lambda f: f.path)
    facts = FactSet(
        files=tuple(files),
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.line, p.kind, p.reason))),
        languages=language_stats if cache is None else _languages(found.files, languages),
        paths=tuple(f.path for f in found.files),
    )
    stats = ScanStats(len(found.files), scanned, from_cache, runner.workers if scanned else 0)
    return facts, stats


def _scanned_file(
    file: FoundFile, language: str, got: Sequence[Facts | None], problems: list[ScanProblem]
) -> ScannedFile | None:
    """A file with what its scanners found (the first fact of each kind), or None when they
    found nothing; the facts' problems go to ``problems`` under the file's path."""
    if not any(v is not None for v in got):
        return None
    python = next((v for v in got if isinstance(v, PythonFacts)), None)
    manifest = next((v for v in got if isinstance(v, ManifestFacts)), None)
    readme = next((v for v in got if isinstance(v, ReadmeFacts)), None)
    deploy = next((v for v in got if isinstance(v, DeployFacts)), None)
    infra = next((v for v in got if isinstance(v, InfraFacts) and v.kind), None)
    api = next((v for v in got if isinstance(v, ApiFacts) and v.kind), None)
    if not (python or manifest or readme or deploy or infra or api):
        return None  # e.g. a YAML file that turned out to be no infrastructure file
    for fact_problems in (
        python.problems if python else (),
        manifest.problems if manifest else (),
        deploy.problems if deploy else (),
        infra.problems if infra else (),
        api.problems if api else (),
    ):
        problems.extend(replace(p, path=file.path) for p in fact_problems)
    return ScannedFile(
        path=file.path,
        language=language,
        size=file.size,
        python=python,
        manifest=manifest,
        readme=readme,
        deploy=deploy,
        infra=infra,
        api=api,
    )


def _too_large(file: FoundFile, limit: int) -> ScanProblem:
    return ScanProblem(
        file.path,
        ProblemKind.TOO_LARGE,
        f"{file.size:,} bytes is over the limit of {limit:,} (max-file-bytes); skipped",
    )


_Chosen = list[tuple[FoundFile, tuple[Scanner, ...]]]
# Files given to the scanners, with their content digest ("" when the parent did not read it).
_Submitted = list[tuple[FoundFile, tuple[Scanner, ...], str]]


def _scan_walking(
    root: Path, settings: Settings, jobs: int, found: Discovery | None, walk: Walk | None
) -> tuple[
    Discovery, _Submitted, _Runner, list[ScanProblem], dict[str, str], tuple[LanguageStat, ...]
]:
    """Without a cache: every file a scanner wants goes to the workers (who read it) as soon
    as the walk finds it, so that walking the tree overlaps parsing. The pool starts once
    ``POOL_THRESHOLD`` files have come; fewer are scanned in this process. The files'
    languages are told on the way (by path), while the workers are busy."""
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    runner = _Runner(workers, wait_for=POOL_THRESHOLD)
    submitted: _Submitted = []
    problems: list[ScanProblem] = []
    languages: dict[str, str] = {}
    count: Counter[str] = Counter()
    size: Counter[str] = Counter()
    limit = settings.max_file_bytes
    base = str(root)
    join = os.path.join

    def on_file(file: FoundFile) -> None:
        language = language_of(file.path)
        if language:
            languages[file.path] = language
            count[language] += 1
            size[language] += file.size
        wanted = scanners_for(file.path)
        if not wanted:
            return
        if file.size > limit:
            problems.append(_too_large(file, limit))
            return
        runner.submit((join(base, file.path), None, tuple(s.name for s in wanted)))
        submitted.append((file, wanted, ""))

    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if found is None:
            assert walk is not None
            found = walk(on_file)
        else:
            for file in found.files:
                on_file(file)
    except BaseException:
        runner.close()
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    problems[:0] = found.problems
    return found, submitted, runner, problems, languages, _language_stats(count, size)


def _scan_cached(
    root: Path,
    settings: Settings,
    cache: FactCache,
    cache_prefix: str,
    jobs: int,
    scanned_files: _Chosen,
    results: dict[tuple[str, str], Facts],
    problems: list[ScanProblem],
    progress: Progress,
) -> tuple[_Runner, _Submitted, int]:
    """With a cache: the stat fast path first (no file is read), then each file left is read
    and looked up by content; what is still new is submitted for scanning."""
    from archscribe.app.cache import content_digest

    misses: _Chosen = []
    for file, wanted in scanned_files:
        if file.size > settings.max_file_bytes:
            problems.append(_too_large(file, settings.max_file_bytes))
            continue
        missing = []
        for scanner in wanted:
            blob = cache.lookup_stat(
                cache_prefix + file.path,
                file.size,
                file.mtime_ns,
                _cache_name(scanner),
                scanner.version,
            )
            cached = _decode_cached(scanner, blob)
            if cached is not None:
                results[(file.path, scanner.name)] = cached
            else:
                missing.append(scanner)
        if missing:
            misses.append((file, tuple(missing)))
    from_cache = sum(len(s) for _, s in scanned_files) - sum(len(m) for _, m in misses)

    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if len(misses) < POOL_THRESHOLD:
        workers = 1
    gc_was_enabled = gc.isenabled()
    gc.disable()
    runner = _Runner(workers)
    try:
        submitted: _Submitted = []
        progress.start("reading", len(misses))
        for file, needed in misses:
            progress.advance()
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
                submitted.append((file, tuple(still), digest))
        progress.finish()
    except BaseException:
        runner.close()
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    return runner, submitted, from_cache


def _included_requirements(
    root: Path, found: Discovery, files: Sequence[ScannedFile], problems: list[ScanProblem]
) -> list[ScannedFile]:
    """Requirements files that ``-r`` takes in but whose names no scanner picks up
    (``-r base.txt``): their dependencies are declared all the same."""
    from archscribe.scanners.manifests import REQUIREMENTS_SCANNER

    queue = [f for f in files if f.manifest is not None and f.manifest.includes]
    if not queue:
        return []
    listed = {f.path: f for f in found.files}
    read = {f.path for f in files if f.manifest is not None}
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
    return _language_stats(count, size)


def _language_stats(count: Counter[str], size: Counter[str]) -> tuple[LanguageStat, ...]:
    """Files and bytes per language, the most bytes first."""
    return tuple(
        LanguageStat(lang, count[lang], size[lang])
        for lang in sorted(count, key=lambda k: (-size[k], k))
    )
