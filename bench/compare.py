"""archscribe against grimp, ruff and bare ``ast.parse``, on one corpus, in one run.

    python bench/compare.py CORPUS_ROOT PACKAGE [--runs 5] [--warmup 1] [--out FILE.json]

CORPUS_ROOT holds the package folder PACKAGE (``bench/corpora.py`` makes two such roots).
Every measurement is a whole process, interpreter start included: wall time (median of
``--runs`` after ``--warmup`` unmeasured runs), CPU (user+sys of the process and its
children), peak RSS (``wait4``: the largest single process of the tree), the peak RSS of
the whole process tree summed (sampled every 10 ms during the warm-up run only), and the
``other load``: the cores that processes *other than the measured one* kept busy meanwhile
(from /proc/stat; ≈0 on a quiet machine). Before each row the script waits, up to
``--quiet-wait`` seconds, for the machine to be quiet.

Rows: (a) archscribe warm (caches populated, nothing changed: since the result cache, this
is the stored output returned after a walk and a stat of every file); (b) archscribe cold
(``--no-cache``, default jobs); archscribe's first run against an empty cache (one run, for
scale); (c) grimp cold (``cache_dir=None``) and warm (own cache, 2nd+ run); (d)
``ruff analyze graph``; (e) bare ``ast.parse`` of every .py under CORPUS_ROOT/PACKAGE, with
as many processes as archscribe's pool uses and in one process; (f) ``archscribe
--version`` and ``python -c pass`` (``--version-runs``). Then the in-process breakdown of
one cold and one warm scan (``bench/breakdown.py``), and the targets, each met or missed.

Environment: ``ARCHSCRIBE`` (the archscribe command; default: the one beside this
interpreter), ``RUFF`` (likewise), ``BENCH_WORK`` (caches; default: a folder under the
system temp dir). archscribe's fact cache is kept in ``$BENCH_WORK/archscribe-cache-PACKAGE``
via ``ARCHSCRIBE_CACHE_DIR``, never in the user's cache.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TICK = os.sysconf("SC_CLK_TCK")
GRIMP_SNIPPET = (
    "import sys, grimp\n"
    "g = grimp.build_graph(sys.argv[1], cache_dir=sys.argv[2] or None)\n"
    "print(len(g.modules), file=sys.stderr)\n"
)


# --------------------------------------------------------------------------- measuring


def _busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (from /proc/stat)."""
    with open("/proc/stat") as handle:
        fields = handle.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICK


def _self_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, summed, in MB."""
    total = 0
    stack = [pid]
    seen = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1])
            for tid in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{tid}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_mb: float
    other_load: float
    tree_peak_mb: float | None = None


def run_once(
    argv: list[str], env: dict[str, str], cwd: str | None, sample_tree: bool = False
) -> Run:
    busy0, self0 = _busy_seconds(), _self_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0.0]
    stop = threading.Event()
    sampler = None
    if sample_tree:

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
                stop.wait(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    # stderr is small (quiet modes); read it, then reap the child with wait4 for its rusage.
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if sampler is not None:
        sampler.join()
    busy1, self1 = _busy_seconds(), _self_cpu()
    if proc.returncode != 0:
        raise SystemExit(
            f"command failed ({proc.returncode}): {' '.join(argv)}\n{err.decode(errors='replace')}"
        )
    cpu = usage.ru_utime + usage.ru_stime
    other = max(0.0, (busy1 - busy0) - cpu - (self1 - self0)) / wall
    return Run(wall, cpu, usage.ru_maxrss / 1024, other, peak[0] if sample_tree else None)


def _too_busy(run: Run, max_other: float) -> bool:
    """Other load over ``max_other``, allowing two clock ticks of /proc/stat resolution
    (which alone reads as 0.3+ cores on a 60 ms run)."""
    return run.other_load * run.wall > max_other * run.wall + 2 / TICK


def wait_quiet(limit: float, below: float) -> float:
    """Wait up to ``limit`` s for a 1 s window in which the machine is busier than ``below``
    cores at most; returns the load of the last window."""
    deadline = time.monotonic() + limit
    while True:
        busy0, self0, t0 = _busy_seconds(), _self_cpu(), time.perf_counter()
        time.sleep(1.0)
        load = ((_busy_seconds() - busy0) - (_self_cpu() - self0)) / (time.perf_counter() - t0)
        if load <= below or time.monotonic() >= deadline:
            return load


@dataclass
class Row:
    key: str
    label: str
    runs: list[Run] = field(default_factory=list)
    tree_peak_mb: float | None = None
    redone: int = 0  # runs discarded because other load was over --max-other

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    @property
    def wall(self) -> float:
        return self.median("wall")


def measure(
    key: str,
    label: str,
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: str | None = None,
    runs: int,
    warmup: int,
    quiet: tuple[float, float],
    max_other: float,
    retries: int,
) -> Row:
    wait_quiet(*quiet)
    row = Row(key, label)
    for i in range(warmup):
        first = run_once(argv, env, cwd, sample_tree=(i == 0))
        row.tree_peak_mb = first.tree_peak_mb
    for i in range(runs):
        # Without a warm-up, the first measured run is the one sampled (a rerun could differ:
        # the empty-cache row fills the cache, so that row is never redone).
        run = run_once(argv, env, cwd, sample_tree=(warmup == 0 and i == 0))
        while warmup > 0 and _too_busy(run, max_other) and row.redone < retries:
            row.redone += 1
            wait_quiet(*quiet)
            run = run_once(argv, env, cwd)
        row.runs.append(run)
    if warmup == 0:
        row.tree_peak_mb = row.runs[0].tree_peak_mb
    print(
        f"  {key:<22} median {row.wall:.3f} s  (other load {row.median('other_load'):.2f},"
        f" {row.redone} runs redone)",
        file=sys.stderr,
    )
    return row


# --------------------------------------------------------------------------- tools


def _beside_python(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else shutil.which(name)


def archscribe_cmd() -> list[str]:
    if os.environ.get("ARCHSCRIBE"):
        return os.environ["ARCHSCRIBE"].split()
    found = _beside_python("archscribe")
    return [found] if found else [sys.executable, "-m", "archscribe"]


def ruff_cmd() -> list[str]:
    if os.environ.get("RUFF"):
        return os.environ["RUFF"].split()
    found = _beside_python("ruff")
    if not found:
        raise SystemExit("ruff not found: pip install -e '.[bench]'")
    return [found]


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return out.strip().splitlines()[-1] if out.strip() else "?"


def _src_state() -> str:
    """Commit of the archscribe checkout being measured, and whether src/ had edits."""
    try:
        import archscribe
    except ImportError:
        return "?"
    repo = Path(archscribe.__file__).resolve().parents[2]
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"archscribe {getattr(archscribe, '__version__', '?')}"
    return f"{head}{' + uncommitted src/ edits' if dirty else ''}"


# --------------------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "-"


def report(rows: dict[str, Row], package: str, procs: int, breakdowns: dict[str, dict]) -> str:
    warm, cold = rows["arch_warm"].wall, rows["arch_cold"].wall
    lines = [
        "| # | measurement | median wall s | min..max s | CPU s | max RSS MB | tree peak MB "
        "| other load (cores) | runs redone | warm archscribe ÷ this | cold archscribe ÷ this |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows.values():
        walls = [r.wall for r in row.runs]
        lines.append(
            f"| {row.key} | {row.label} | {row.wall:.3f} | {min(walls):.3f}..{max(walls):.3f} "
            f"| {row.median('cpu'):.2f} | {max(r.maxrss_mb for r in row.runs):.0f} "
            f"| {fmt(row.tree_peak_mb, 0)} | {row.median('other_load'):.2f} | {row.redone} "
            f"| {ratio(warm, row.wall)} | {ratio(cold, row.wall)} |"
        )
    lines.append("")
    lines.append(
        "Ratios are archscribe ÷ the row (below 1: archscribe is faster). "
        "`max RSS`: the largest single process (wait4); `tree peak`: parent + workers summed, "
        "sampled in the warm-up run. `other load`: median over the measured runs of the cores "
        "other processes kept busy; `runs redone`: runs discarded for other load over "
        "--max-other."
    )

    if breakdowns:
        lines += ["", "In-process breakdown of one scan (`bench/breakdown.py`, seconds):", ""]
        names = list(next(iter(breakdowns.values()))["phases"])
        lines.append("| phase | " + " | ".join(breakdowns) + " |")
        lines.append("|---|" + "---:|" * len(breakdowns))
        for name in names:
            cells = [fmt(b["phases"].get(name)) for b in breakdowns.values()]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
        for label, b in breakdowns.items():
            run = b.get("run") or {}
            if run.get("reused"):
                lines.append(f"- {label}: the stored output was returned (result cache hit).")
            elif run:
                lines.append(
                    f"- {label}: {run.get('files')} files, {run.get('scanned')} scanned with "
                    f"{run.get('workers')} worker(s), {run.get('from_cache')} facts from the "
                    "cache."
                )

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**missed**"

    ast_pool = rows["ast_pool"].wall
    arch_peak = max(
        (rows[k].tree_peak_mb or 0.0, max(r.maxrss_mb for r in rows[k].runs))
        for k in ("arch_warm", "arch_cold", "arch_first")
    )
    peak_mb = max(arch_peak)
    version = rows["version"].wall
    targets = [
        (
            "warm scan faster than grimp warm",
            f"{warm:.3f} vs {rows['grimp_warm'].wall:.3f} s "
            f"({ratio(warm, rows['grimp_warm'].wall)})",
            warm < rows["grimp_warm"].wall,
        ),
        (
            "warm scan faster than ruff analyze graph",
            f"{warm:.3f} vs {rows['ruff'].wall:.3f} s ({ratio(warm, rows['ruff'].wall)})",
            warm < rows["ruff"].wall,
        ),
        ("warm scan ≤ 0.3 s (aim, set for homeassistant)", f"{warm:.3f} s", warm <= 0.3),
        (
            f"cold overhead ≤ 40 % over ast.parse Pool({procs})",
            f"{cold:.3f} vs {ast_pool:.3f} s = +{(cold / ast_pool - 1) * 100:.0f} %",
            cold <= 1.4 * ast_pool,
        ),
        (
            "peak memory < 500 MB (set for homeassistant)",
            f"{peak_mb:.0f} MB (largest of tree peak and max RSS, archscribe rows)",
            peak_mb < 500,
        ),
        ("`archscribe --version` < 100 ms", f"{version * 1000:.0f} ms", version < 0.1),
    ]
    lines += ["", f"Targets ({package}):", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {name} | {got} | {verdict(ok)} |" for name, got, ok in targets]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def _byte_compile(src: Path | None) -> None:
    """Compile archscribe's modules to bytecode first, as installing a wheel does: an editable
    checkout under PYTHONDONTWRITEBYTECODE would otherwise compile ~150 modules on every run,
    which no installed copy does. The peers (grimp, ruff) are installed, hence compiled."""
    import compileall

    if src is not None:
        compileall.compile_dir(str(src), quiet=1)
        return
    import archscribe

    compileall.compile_dir(str(Path(archscribe.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("package")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--version-runs", type=int, default=20)
    parser.add_argument(
        "--procs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for the ast.parse pool (default: archscribe's, one per core)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="seconds to wait for a quiet machine before each row (0: don't)",
    )
    parser.add_argument(
        "--quiet-below", type=float, default=0.25, help="other load (cores) that counts as quiet"
    )
    parser.add_argument(
        "--max-other",
        type=float,
        default=0.3,
        help="a measured run during which other processes used more cores than this is "
        "redone (after waiting for quiet), up to --retries times per row",
    )
    parser.add_argument("--retries", type=int, default=10)
    parser.add_argument("--no-breakdown", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated row keys to run")
    parser.add_argument("--out", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument(
        "--src",
        type=Path,
        help="run archscribe from this folder (put first on its PYTHONPATH) instead of the "
        "installed checkout: a snapshot of src/ keeps the measurement steady while the tree is "
        "being edited",
    )
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if not (root / args.package / "__init__.py").is_file():
        raise SystemExit(f"{args.package}/__init__.py not found under CORPUS_ROOT")
    work = Path(os.environ.get("BENCH_WORK") or Path(tempfile.gettempdir()) / "archscribe-bench")
    work.mkdir(parents=True, exist_ok=True)
    arch_cache = work / f"archscribe-cache-{args.package}"
    grimp_cache = work / f"grimp-cache-{args.package}"
    for folder in (arch_cache, grimp_cache):
        shutil.rmtree(folder, ignore_errors=True)

    _byte_compile(args.src)
    base_env = dict(os.environ)
    base_env.pop("PYTHONPATH", None)
    arch_base_env = dict(base_env)
    if args.src:
        arch_base_env["PYTHONPATH"] = str(args.src.resolve())
    arch_env = {**arch_base_env, "ARCHSCRIBE_CACHE_DIR": str(arch_cache)}
    grimp_env = {**base_env, "PYTHONPATH": str(root)}
    arch = archscribe_cmd()
    scan = [*arch, "scan", str(root), "--format", "json", "-q"]
    py = sys.executable
    common = {
        "runs": args.runs,
        "warmup": args.warmup,
        "quiet": (args.quiet_wait, args.quiet_below),
        "max_other": args.max_other,
        "retries": args.retries,
    }
    src_before = _src_state()
    only = set(filter(None, args.only.split(",")))

    plan: list[tuple[str, str, list[str], dict[str, str], str | None, dict]] = [
        (
            "arch_first",
            "archscribe scan, empty cache (1 run: cold + cache write)",
            scan,
            arch_env,
            None,
            {"runs": 1, "warmup": 0},
        ),
        (
            "arch_warm",
            "(a) archscribe scan, warm cache (nothing changed)",
            scan,
            arch_env,
            None,
            {},
        ),
        (
            "arch_cold",
            "(b) archscribe scan --no-cache (default jobs)",
            [*scan, "--no-cache"],
            arch_env,
            None,
            {},
        ),
        (
            "grimp_cold",
            "(c) grimp.build_graph, cache_dir=None",
            [py, "-c", GRIMP_SNIPPET, args.package, ""],
            grimp_env,
            None,
            {},
        ),
        (
            "grimp_warm",
            "(c) grimp.build_graph, warm own cache",
            [py, "-c", GRIMP_SNIPPET, args.package, str(grimp_cache)],
            grimp_env,
            None,
            {},
        ),
        (
            "ruff",
            "(d) ruff analyze graph",
            [*ruff_cmd(), "analyze", "graph", "."],
            base_env,
            str(root),
            {},
        ),
        (
            "ast_pool",
            f"(e) ast.parse all .py, Pool({args.procs})",
            [py, str(HERE / "astparse.py"), str(root / args.package), "--procs", str(args.procs)],
            base_env,
            None,
            {},
        ),
        (
            "ast_one",
            "(e) ast.parse all .py, 1 process",
            [py, str(HERE / "astparse.py"), str(root / args.package), "--procs", "1"],
            base_env,
            None,
            {},
        ),
        (
            "version",
            "(f) archscribe --version",
            [*arch, "--version"],
            arch_base_env,
            None,
            {"runs": args.version_runs, "warmup": 3},
        ),
        (
            "python",
            "python -c pass (for scale)",
            [py, "-c", "pass"],
            base_env,
            None,
            {"runs": args.version_runs, "warmup": 3},
        ),
    ]
    print(f"measuring {args.package} ({root.name})", file=sys.stderr)
    rows: dict[str, Row] = {}
    for key, label, cmd, env, cwd, extra in plan:
        if only and key not in only:
            continue
        rows[key] = measure(key, label, cmd, env=env, cwd=cwd, **{**common, **extra})

    breakdowns: dict[str, dict] = {}
    if not args.no_breakdown and not only:
        for name, flags in (("cold (--no-cache)", ["--no-cache"]), ("warm", [])):
            if not flags:  # make sure the cache is warm for the current src/
                run_once(scan, arch_env, None)
            wait_quiet(args.quiet_wait, args.quiet_below)
            out = subprocess.run(
                [py, str(HERE / "breakdown.py"), str(root), "--json", *flags],
                env=arch_env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            breakdowns[name] = json.loads(out)

    src_after = _src_state()
    changed = "" if src_after == src_before else f" (was {src_before} at the start: src/ CHANGED)"
    if args.src:
        src_after, changed = f"from {args.src} (--src)", ""
    header = (
        f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, archscribe {src_after}{changed}, "
        f"{_version([*ruff_cmd(), '--version'])}, "
        f"grimp {_version([py, '-c', 'import grimp; print(grimp.__version__)'])}"
    )
    print(f"\n## {args.package}\n\n{header}\n")
    if only:
        for row in rows.values():
            print(f"| {row.key} | {row.wall:.3f} s | other load {row.median('other_load'):.2f}")
    else:
        print(report(rows, args.package, args.procs, breakdowns))
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "header": header,
                    "package": args.package,
                    "rows": {k: {**asdict(r), "median_wall": r.wall} for k, r in rows.items()},
                    "breakdowns": breakdowns,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
