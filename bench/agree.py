"""Do archscribe and grimp find the same internal import edges?

    python bench/agree.py CORPUS_ROOT PACKAGE [--show 20] [--scan-json FILE]

archscribe's set: the ``imports`` of ``archscribe scan CORPUS_ROOT --format json --no-cache``
whose source and target are both PACKAGE or inside it, self-edges dropped, deduplicated to
(source, target) pairs. grimp's set: ``grimp.build_graph(PACKAGE, cache_dir=None)`` with
CORPUS_ROOT first on ``sys.path``, ``find_modules_directly_imported_by`` over every module
(grimp's defaults: TYPE_CHECKING and function-level imports included).

Prints both counts, the modules each side knows that the other does not, the symmetric
difference, and for each differing edge (up to ``--show``) its evidence: archscribe's
context label (top_level / function / type_checking / try_except) and file:line, or grimp's
line and source text plus what archscribe made of the same line. Ends with archscribe's
edges per context. ``--scan-json`` reuses a saved ``archscribe scan`` output instead of
scanning. Exit code 0 either way (this is a report, not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path


def inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def archscribe_scan(root: Path, scan_json: Path | None) -> dict:
    if scan_json is not None:
        return json.loads(scan_json.read_text())
    exe = Path(sys.executable).parent / "archscribe"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "archscribe"]
    env = dict(os.environ)
    env.setdefault("ARCHSCRIBE_CACHE_DIR", tempfile.gettempdir())  # unused with --no-cache
    out = subprocess.run(
        [*cmd, "scan", str(root), "--format", "json", "-q", "--no-cache"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def grimp_graph(root: Path, package: str):  # type: ignore[no-untyped-def]
    import importlib.util

    import grimp

    sys.path.insert(0, str(root))
    spec = importlib.util.find_spec(package)
    origin = Path(spec.origin).resolve() if spec and spec.origin else None
    if origin is None or root not in origin.parents:
        raise SystemExit(f"{package} resolves to {origin}, not under CORPUS_ROOT")
    return grimp.build_graph(package, cache_dir=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("package")
    parser.add_argument("--show", type=int, default=20, help="differing edges to list")
    parser.add_argument("--scan-json", type=Path, help="a saved `archscribe scan` output")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    package: str = args.package

    model = archscribe_scan(root, args.scan_json)
    raw = [
        e
        for e in model["imports"]
        if inside(e["source"], package)
        and inside(e["target"], package)
        and e["source"] != e["target"]
    ]
    evidence: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_line: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for edge in raw:
        evidence[(edge["source"], edge["target"])].append(edge)
    for edge in model["imports"]:
        by_line[(edge["source"], edge["line"])].append(edge)
    ours = set(evidence)
    our_modules = {m["name"] for m in model["modules"] if inside(m["name"], package)}

    graph = grimp_graph(root, package)
    theirs = {
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if importer != imported
    }
    their_modules = set(graph.modules)

    only_ours = sorted(ours - theirs)
    only_theirs = sorted(theirs - ours)
    print(f"## {package}: archscribe vs grimp, internal module-level import edges\n")
    print("| set | modules | edges (pairs) | only here | sym. diff |")
    print("|---|---:|---:|---:|---:|")
    sym = len(only_ours) + len(only_theirs)
    print(f"| archscribe | {len(our_modules):,} | {len(ours):,} | {len(only_ours):,} | {sym:,} |")
    print(f"| grimp | {len(their_modules):,} | {len(theirs):,} | {len(only_theirs):,} | {sym:,} |")
    print(f"\narchscribe import statements behind those pairs: {len(raw):,}")

    for label, names in (
        ("modules only archscribe knows", sorted(our_modules - their_modules)),
        ("modules only grimp knows", sorted(their_modules - our_modules)),
    ):
        if names:
            shown = ", ".join(f"`{n}`" for n in names[:10])
            more = f" (+{len(names) - 10} more)" if len(names) > 10 else ""
            print(f"\n{label}: {len(names)}: {shown}{more}")

    if only_ours or only_theirs:
        print(f"\n### Differing edges (first {args.show})\n")
        print("| side | edge | evidence |")
        print("|---|---|---|")
        listed = 0
        for source, target in only_ours:
            if listed >= args.show:
                break
            listed += 1
            ev = "; ".join(
                f"{e['context']} {e['path']}:{e['line']}" for e in evidence[(source, target)][:3]
            )
            print(f"| archscribe only | `{source} -> {target}` | {ev} |")
        for source, target in only_theirs:
            if listed >= args.show:
                break
            listed += 1
            details = graph.get_import_details(importer=source, imported=target)
            parts = []
            for d in details[:2]:
                same_line = [
                    f"{e['context']} -> `{e['target']}`"
                    for e in by_line.get((source, d["line_number"]), [])
                ]
                ours_there = ", ".join(same_line) if same_line else "no edge on that line"
                parts.append(
                    f"grimp line {d['line_number']}: `{d['line_contents']}`; "
                    f"archscribe on that line: {ours_there}"
                )
            print(f"| grimp only | `{source} -> {target}` | {'; '.join(parts) or '-'} |")

    contexts = Counter(e["context"] for e in raw)
    pair_contexts = Counter(c for pair in ours for c in {e["context"] for e in evidence[pair]})
    only_context = Counter(
        next(iter(cs)) for pair in ours if len(cs := {e["context"] for e in evidence[pair]}) == 1
    )
    print("\n### archscribe edges per context\n")
    print("| context | import statements | pairs with one or more | pairs with only this |")
    print("|---|---:|---:|---:|")
    for context in sorted(contexts, key=lambda c: -contexts[c]):
        print(
            f"| {context} | {contexts[context]:,} | {pair_contexts[context]:,} "
            f"| {only_context[context]:,} |"
        )
    print(f"\nsymmetric difference: {sym}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
