"""The floor for cold extraction: read and ``ast.parse`` every ``.py`` file, keep nothing.

    python bench/astparse.py DIR [--procs N]

``--procs 1`` parses in this process; ``--procs N`` (N > 1) uses a ``fork`` Pool of N
workers, files handed out in chunks, the way archscribe's scanner pool does. Prints
``files parsed, files rejected`` to stderr. ``compare.py`` times this whole process.
"""

from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
import sys
import warnings


def python_files(top: str) -> list[str]:
    found = []
    for dirpath, dirs, names in os.walk(top):
        dirs.sort()
        found.extend(os.path.join(dirpath, n) for n in sorted(names) if n.endswith(".py"))
    return found


def parse_one(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes
            ast.parse(data, path)
    except (SyntaxError, ValueError, OSError):
        return False
    return True


def run(top: str, procs: int) -> tuple[int, int]:
    files = python_files(top)
    if procs <= 1:
        results = [parse_one(p) for p in files]
    else:
        chunk = max(1, len(files) // (procs * 8))
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            results = pool.map(parse_one, files, chunksize=chunk)
    ok = sum(results)
    return ok, len(results) - ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--procs", type=int, default=1)
    args = parser.parse_args(argv)
    ok, bad = run(args.dir, args.procs)
    print(f"{ok} parsed, {bad} rejected", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
