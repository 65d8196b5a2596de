"""Where one ``archscribe scan`` spends its time, in-process.

    python bench/breakdown.py ROOT [--no-cache] [--jobs N] [--profile TOP] [--json]

Runs ``archscribe.cli.main(["scan", ROOT, "--format", "json", "-q", ...])`` once, with
stdout sent to /dev/null, and times its phases. archscribe imports most of its modules only
when a command needs them (a scan whose output comes from the result cache never loads the
scanners or the analysis), so the functions below are wrapped as their modules load, and
module loading is itself a phase. Each phase counts its own time only (a phase called inside
another is subtracted from it), so the phases add up to the total:

    import        loading modules (archscribe's and what they import) while the command
                  runs; the interpreter's own start and this script's imports are not in it
    settings      ``load_settings`` (reading the repository's configuration)
    discovery     ``usecases._discover`` (walking the tree, ignore rules, stat; with
                  --no-cache also handing each file to the pool as it is found)
    cache-open    ``FactCache.open`` (0 with --no-cache)
    fingerprint   ``_fingerprint`` (hashing settings + every file's path, size and mtime)
    result-lookup ``FactCache.lookup_result`` + ``_decode_stored`` (the result cache: an
                  unchanged tree returns its stored output here, and nothing below runs)
    preload       ``FactCache.preload`` (the repository's stat rows, in one query)
    read+cache    the rest of ``scan_repository``: stat fast path, reading, hashing,
                  content lookups, decoding facts (cached and the workers'), the FactSet
    scanning      ``_Runner``: starting the pool, submitting batches (scanning them, with
                  one job), waiting for the workers' answers, shutting the pool down
    cache-commit  ``FactCache.commit`` (writing facts, stat rows and the result)
    catalogue     ``load_catalogue``
    analysis      ``describe`` (module naming, import resolution, components, cycles)
    json          ``architecture_json`` (rendering the model)
    result-store  ``_summary``, ``_encode_stored``, ``FactCache.store_result`` (with the
                  GC on, this holds the collection that the first allocations after
                  ``_produce`` re-enables the collector set off; ``--gc off`` shows it)
    cache-close   the rest of ``FactCache.close``
    other         whatever else ``main`` did (argument parsing, writing the output)

A phase that did not run shows 0 (on a result-cache hit, everything from preload on). A
phase whose function is no longer where this script looks for it is reported as ``n/a``
(with the names it missed on stderr) rather than failing: src/ evolves independently of
bench/. ``--time MODULE.FUNC`` adds a timer that counts all time inside the function (it is
also inside one of the phases above, and in the parent process only; a generator is timed
while it runs; each call adds about 0.3 µs, which shows on per-file functions).

``--profile TOP`` instead runs the same call under cProfile and prints the TOP functions
of ``archscribe`` by cumulative time (cProfile roughly doubles pure-Python time; use it to
rank, and the timers above for absolute figures). With a process pool, work done in the
workers is seen by the profiler as time spent waiting in ``_Runner.answers``; add
``--jobs 1`` to attribute scanning to scanner functions.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import inspect
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

# (phase, dotted name of the function as its callers look it up: module.attr[.attr])
PHASES = (
    ("settings", "archscribe.app.usecases.load_settings"),
    ("discovery", "archscribe.app.usecases._discover"),
    ("cache-open", "archscribe.app.cache.FactCache.open"),
    ("fingerprint", "archscribe.app.usecases._fingerprint"),
    ("result-lookup", "archscribe.app.cache.FactCache.lookup_result"),
    ("result-lookup", "archscribe.app.usecases._decode_stored"),
    ("preload", "archscribe.app.cache.FactCache.preload"),
    ("read+cache", "archscribe.app.scanning.scan_repository"),
    ("scanning", "archscribe.app.scanning._Runner.__init__"),
    ("scanning", "archscribe.app.scanning._Runner.submit"),
    ("scanning", "archscribe.app.scanning._Runner.answers"),
    ("scanning", "archscribe.app.scanning._Runner.close"),
    ("cache-commit", "archscribe.app.cache.FactCache.commit"),
    ("catalogue", "archscribe.catalogue.bundle.load_catalogue"),
    ("analysis", "archscribe.analysis.describe"),
    ("json", "archscribe.renderers.to_json.architecture_json"),
    ("result-store", "archscribe.app.usecases._summary"),
    ("result-store", "archscribe.app.usecases._encode_stored"),
    ("result-store", "archscribe.app.cache.FactCache.store_result"),
    ("cache-close", "archscribe.app.cache.FactCache.close"),
)
ORDER = (
    "import",
    "settings",
    "discovery",
    "cache-open",
    "fingerprint",
    "result-lookup",
    "preload",
    "read+cache",
    "scanning",
    "cache-commit",
    "catalogue",
    "analysis",
    "json",
    "result-store",
    "cache-close",
    "other",
    "total",
)
# Observed, not timed: what the run did (files scanned, from the caches, workers, reused).
PRODUCE = "archscribe.app.usecases._produce"


class Clock:
    """Exclusive timers: the time of a phase entered inside another is the inner one's."""

    def __init__(self) -> None:
        self.own: dict[str, float] = defaultdict(float)
        self.total: dict[str, float] = defaultdict(float)  # inclusive, for --time
        self._stack: list[list[Any]] = []  # [phase, started, time of phases inside]

    def enter(self, phase: str) -> None:
        self._stack.append([phase, time.perf_counter(), 0.0])

    def leave(self) -> None:
        phase, started, inner = self._stack.pop()
        spent = time.perf_counter() - started
        self.own[phase] += spent - inner
        if self._stack:
            self._stack[-1][2] += spent


def _timed(func: Callable[..., Any], enter: Callable[[], None], leave: Callable[[], None]) -> Any:
    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def timed_generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            steps = func(*args, **kwargs)
            while True:
                enter()
                try:
                    item = next(steps)
                except StopIteration:
                    return
                finally:
                    leave()
                yield item

        return timed_generator

    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        enter()
        try:
            return func(*args, **kwargs)
        finally:
            leave()

    return timed


class Instruments:
    """Wraps the named functions as their modules finish loading, and times module loading."""

    def __init__(self, clock: Clock, extra: tuple[str, ...]) -> None:
        self.clock = clock
        self.pending: dict[str, list[Callable[[Any], Any]]] = defaultdict(list)
        self.found: set[str] = set()
        self.produced: list[Any] = []
        for phase, dotted in PHASES:
            self.pending[dotted].append(self._phase(phase))
        for dotted in extra:
            self.pending[dotted].append(self._inclusive(dotted))
        self.pending[PRODUCE].append(self._observe)

    def _phase(self, phase: str) -> Callable[[Any], Any]:
        clock = self.clock
        return lambda func: _timed(func, lambda: clock.enter(phase), clock.leave)

    def _inclusive(self, name: str) -> Callable[[Any], Any]:
        starts: list[float] = []
        totals = self.clock.total

        def enter() -> None:
            starts.append(time.perf_counter())

        def leave() -> None:
            totals[name] += time.perf_counter() - starts.pop()

        return lambda func: _timed(func, enter, leave)

    def _observe(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def observed(*args: Any, **kwargs: Any) -> Any:
            result = func(*args, **kwargs)
            self.produced.append(result)
            return result

        return observed

    def loaded(self, module_name: str) -> None:
        """Wrap what is pending under ``module_name`` (called when it has finished loading)."""
        module = sys.modules.get(module_name)
        if module is None:
            return
        for dotted in [d for d in self.pending if d.startswith(module_name + ".")]:
            *path, attr = dotted[len(module_name) + 1 :].split(".")
            holder: Any = module
            for step in path:
                holder = getattr(holder, step, None)
            if holder is None or not isinstance(holder, type | type(module)):
                continue  # not (yet) there: a package loads after the modules it imports
            raw = (
                holder.__dict__.get(attr)
                if isinstance(holder, type)
                else getattr(holder, attr, None)
            )
            if raw is None:
                continue
            method_kind = type(raw) if isinstance(raw, classmethod | staticmethod) else None
            func = raw.__func__ if method_kind else raw
            if not callable(func):
                continue
            for wrap in self.pending.pop(dotted):
                func = wrap(func)
            setattr(holder, attr, method_kind(func) if method_kind else func)
            self.found.add(dotted)

    def missing(self) -> set[str]:
        return set(self.pending)


class _Watcher:
    """A meta path finder that finds nothing itself: it times the loading of modules found
    by the others and tells ``Instruments`` when each has loaded."""

    def __init__(self, instruments: Instruments) -> None:
        self.instruments = instruments

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        # Loader classes used as loaders themselves (builtin, frozen) are left alone.
        if loader is None or isinstance(loader, type) or not hasattr(loader, "exec_module"):
            return spec
        execute = loader.exec_module
        clock, instruments = self.instruments.clock, self.instruments

        def exec_module(module: Any) -> None:
            clock.enter("import")
            try:
                execute(module)
            finally:
                clock.leave()
            instruments.loaded(name)

        loader.exec_module = exec_module
        return spec


def _exists(dotted: str) -> bool:
    """Whether ``module.attr[.attr]`` names something (importing the module if need be)."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            holder: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            holder = getattr(holder, attr, None)
        return holder is not None
    return False


def _argv(root: str, no_cache: bool, jobs: int | None) -> list[str]:
    argv = ["scan", root, "--format", "json", "-q"]
    if no_cache:
        argv.append("--no-cache")
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    return argv


def phases(
    root: str, no_cache: bool, jobs: int | None, extra: tuple[str, ...] = ()
) -> tuple[dict[str, float | None], dict[str, Any]]:
    """Seconds per phase (None: not found in src/), and what the run did."""
    clock = Clock()
    instruments = Instruments(clock, extra)
    for name in list(sys.modules):  # already loaded (e.g. when called from a test)
        instruments.loaded(name)
    watcher = _Watcher(instruments)
    sys.meta_path.insert(0, watcher)
    importlib.invalidate_caches()
    try:
        # The pool's progress callback and stderr chatter are not part of the measurement.
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            started = time.perf_counter()
            clock.enter("import")
            from archscribe.cli.main import main

            clock.leave()
            code = main(_argv(root, no_cache, jobs))
            ran = time.perf_counter() - started
    finally:
        sys.meta_path.remove(watcher)
    if code != 0:
        raise SystemExit(f"archscribe exited with {code}")

    # A function still unwrapped either did not run (its module never loaded: the warm path
    # skips most of archscribe) or is gone from src/. Loading the modules now tells which.
    unwrapped = instruments.missing() - {PRODUCE}
    missing = {dotted for dotted in unwrapped if not _exists(dotted)}
    for dotted in sorted(missing):
        print(f"breakdown: {dotted} not found in archscribe; its phase is n/a", file=sys.stderr)
    gone = {phase for phase, dotted in PHASES if dotted in missing}
    result: dict[str, float | None] = {
        name: None if name in gone else clock.own.get(name, 0.0) for name in ORDER
    }
    result["other"] = ran - sum(clock.own.values())
    result["total"] = ran
    for dotted in extra:
        result[dotted] = None if dotted in missing else clock.total.get(dotted, 0.0)
    run: dict[str, Any] = {}
    if instruments.produced:
        summary = instruments.produced[-1][2]
        run = {
            k: getattr(summary, k, None)
            for k in ("files", "scanned", "from_cache", "workers", "reused")
        }
    return result, run


def profile(root: str, no_cache: bool, jobs: int | None, top: int) -> str:
    import cProfile
    import io
    import pstats

    from archscribe.cli.main import main

    profiler = cProfile.Profile()
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        profiler.enable()
        main(_argv(root, no_cache, jobs))
        profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        norm = filename.replace(os.sep, "/")
        if "/archscribe/" not in norm:
            continue
        short = norm[norm.rfind("/archscribe/") + 1 :]
        rows.append((cumtime, tottime, ncalls, f"{short}:{line}({func})"))
    rows.sort(reverse=True)
    out = io.StringIO()
    out.write("| cumulative s | own s | calls | function |\n|---:|---:|---:|---|\n")
    for cumtime, tottime, ncalls, where in rows[:top]:
        out.write(f"| {cumtime:.3f} | {tottime:.3f} | {ncalls} | `{where}` |\n")
    # Also the non-archscribe functions with the most own time (what the time is spent *in*).
    own = sorted(
        (
            (tt, nc, f"{fn.rsplit(os.sep, 1)[-1]}:{ln}({name})")
            for (fn, ln, name), (_c, nc, tt, _ct, _cl) in stats.stats.items()
        ),  # type: ignore[attr-defined]
        reverse=True,
    )[:top]
    out.write("\n| own s | calls | function (any module) |\n|---:|---:|---|\n")
    for tottime, ncalls, where in own:
        out.write(f"| {tottime:.3f} | {ncalls} | `{where}` |\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--profile", type=int, metavar="TOP", default=0)
    parser.add_argument("--json", action="store_true", help="print the phases as JSON")
    parser.add_argument(
        "--gc",
        choices=["on", "off"],
        default="on",
        help="what-if: run with the cyclic GC disabled throughout (archscribe itself pauses "
        "it during scanning and analysis)",
    )
    parser.add_argument(
        "--time",
        action="append",
        default=[],
        metavar="MODULE.FUNC",
        help="also time this function (as looked up by its callers, e.g. "
        "archscribe.app.scanning.scanners_for or archscribe.analysis.describe._resolve_imports)"
        "; repeatable; the figures are inside the phases above",
    )
    args = parser.parse_args(argv)
    if args.gc == "off":
        gc.disable()
    if args.profile:
        print(profile(args.root, args.no_cache, args.jobs, args.profile))
        return 0
    result, run = phases(args.root, args.no_cache, args.jobs, tuple(args.time))
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if args.json:
        print(
            json.dumps(
                {"phases": result, "run": run, "rss_self_mb": self_mb, "rss_children_mb": kids_mb}
            )
        )
        return 0
    print("| phase | s |\n|---|---:|")
    for name, value in result.items():
        print(f"| {name} | {'n/a' if value is None else f'{value:.3f}'} |")
    if run:
        print("\nrun: " + ", ".join(f"{k} {v}" for k, v in run.items()))
    print(
        f"\nmax RSS: this process {self_mb:.0f} MB, largest worker {kids_mb:.0f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
