"""Where one ``archscribe scan`` spends its time, in-process.

    python bench/breakdown.py ROOT [--no-cache] [--jobs N] [--profile TOP] [--json]

Runs ``archscribe.cli.main(["scan", ROOT, "--format", "json", "-q", ...])`` once, with
stdout sent to /dev/null, after wrapping the phase functions of ``archscribe.app`` in
timers (low overhead: one ``perf_counter`` pair per call):

    import        importing archscribe's CLI and use-case modules
    settings      ``load_settings`` (reading the repository's configuration)
    discovery     ``discover`` (walking the tree, ignore rules, stat)
    read+cache    the rest of ``scan_repository``: reading files, hashing, fact-cache
                  lookups, decoding cached facts, and assembling the FactSet
    scanning      ``_run_scanners`` (the parse/extract work, pooled or not, decoding the
                  workers' facts and queueing them for the cache)
    cache-open    ``FactCache.open`` (0 with --no-cache)
    cache-commit  ``FactCache.commit`` + ``FactCache.close`` (writing the cache)
    analysis      ``describe`` (module naming, import resolution, components, cycles)
    json          ``architecture_json`` (rendering the model)
    other         whatever else ``main`` did (argument parsing, cache open/close, write)

A phase whose function is no longer where this script looks for it is reported as
``n/a`` rather than failing: src/ evolves independently of bench/.

``--profile TOP`` instead runs the same call under cProfile and prints the TOP functions
of ``archscribe`` by cumulative time (cProfile roughly doubles pure-Python time; use it to
rank, and the timers above for absolute figures). With a process pool, work done in the
workers is seen by the profiler as time spent waiting in ``_run_scanners``; add
``--jobs 1`` to attribute scanning to scanner functions.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

TIMED = (
    ("settings", "archscribe.app.usecases", "load_settings"),
    ("discovery", "archscribe.app.scanning", "discover"),
    ("scan_repository", "archscribe.app.usecases", "scan_repository"),
    ("scanning", "archscribe.app.scanning", "_run_scanners"),
    ("cache-open", "archscribe.app.cache.FactCache", "open"),
    ("cache-commit", "archscribe.app.cache.FactCache", "commit"),
    ("cache-close", "archscribe.app.cache.FactCache", "close"),
    ("analysis", "archscribe.app.usecases", "describe"),
    ("json", "archscribe.app.usecases", "architecture_json"),
)
ORDER = (
    "import",
    "settings",
    "discovery",
    "cache-open",
    "read+cache",
    "scanning",
    "cache-commit",
    "analysis",
    "json",
    "other",
    "total",
)


def _wrap(name: str, func: Callable[..., Any], sink: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            sink[name] += time.perf_counter() - started

    return timed


def _owner(dotted: str) -> Any:
    """The module (or class inside a module) named ``dotted``; None if it is gone."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        module_name, _, attr = dotted.rpartition(".")
        try:
            return getattr(importlib.import_module(module_name), attr, None)
        except ImportError:
            return None


def _argv(root: str, no_cache: bool, jobs: int | None) -> list[str]:
    argv = ["scan", root, "--format", "json", "-q"]
    if no_cache:
        argv.append("--no-cache")
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    return argv


def phases(
    root: str, no_cache: bool, jobs: int | None, extra: tuple[str, ...] = (), freeze: bool = False
) -> dict[str, float | None]:
    started = time.perf_counter()
    from archscribe.cli.main import main

    importlib.import_module("archscribe.app.usecases")
    importlib.import_module("archscribe.cli.console")
    imported = time.perf_counter() - started
    if freeze:
        gc.freeze()

    sink: dict[str, float] = defaultdict(float)
    missing = set()
    timed = list(TIMED)
    for dotted in extra:
        owner, _, attr = dotted.rpartition(".")
        timed.append((dotted, owner, attr))
    for name, module_name, attr in timed:
        owner = _owner(module_name)
        func = getattr(owner, attr, None) if owner is not None else None
        if func is None:
            missing.add(name)
            continue
        wrapped = _wrap(name, func, sink)
        if isinstance(owner, type) and isinstance(owner.__dict__.get(attr), classmethod):
            wrapped = classmethod(_wrap(name, owner.__dict__[attr].__func__, sink))
        setattr(owner, attr, wrapped)
    # The pool's progress callback and stderr chatter are not part of the measurement.
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        run_started = time.perf_counter()
        code = main(_argv(root, no_cache, jobs))
        ran = time.perf_counter() - run_started
    if code != 0:
        raise SystemExit(f"archscribe exited with {code}")

    result: dict[str, float | None] = {"import": imported}
    for name, *_ in timed:
        result[name] = None if name in missing else sink.get(name, 0.0)
    scan = result.pop("scan_repository")
    close = result.pop("cache-close")
    if result["cache-commit"] is not None and close is not None:
        result["cache-commit"] += close
    result["read+cache"] = None
    inside = (result["discovery"], result["scanning"])
    if scan is not None and None not in inside:
        # commit runs inside scan_repository, close outside it.
        commit_inside = (result["cache-commit"] or 0.0) - (close or 0.0)
        result["read+cache"] = scan - sum(inside) - commit_inside  # type: ignore[arg-type]
    known = sum(v for k, v in result.items() if v is not None and k != "import")
    result["other"] = ran - known
    result["total"] = imported + ran
    for dotted in extra:  # nested inside the phases above: not part of "other"
        result["other"] = (result["other"] or 0.0) + (result[dotted] or 0.0)
    return {name: result.get(name) for name in (*ORDER, *extra)}


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
        choices=["on", "off", "freeze"],
        default="on",
        help="what-if: run with the cyclic GC disabled, or gc.freeze() after imports",
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
    result = phases(args.root, args.no_cache, args.jobs, tuple(args.time), args.gc == "freeze")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"phases": result, "rss_self_mb": self_mb, "rss_children_mb": kids_mb}))
        return 0
    print("| phase | s |\n|---|---:|")
    for name, value in result.items():
        print(f"| {name} | {'n/a' if value is None else f'{value:.3f}'} |")
    print(
        f"\nmax RSS: this process {self_mb:.0f} MB, largest worker {kids_mb:.0f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
