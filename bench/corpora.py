"""Materialise the benchmark corpora from PyPI (no git), idempotently.

    python bench/corpora.py [DIR]

DIR defaults to ``$BENCH_CORPORA`` or ``<system temp dir>/archscribe-bench-corpora``.
Produces, each a corpus ROOT that holds the importable package folder (so that
``PYTHONPATH=ROOT python -c 'import PACKAGE'`` and grimp work):

    DIR/django/django                 the ``django/`` package of the django 5.2.19 sdist
    DIR/homeassistant/homeassistant   the ``homeassistant/`` package of the 2024.3.3 wheel

A finished corpus has a ``DIR/NAME.bench-corpus`` marker naming its source; when the marker
matches, nothing is downloaded or unpacked again. Prints file counts and sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Corpus:
    name: str  # folder under DIR, and the package folder inside it
    requirement: str
    binary: bool  # True: wheel (--only-binary), False: sdist (--no-binary)


CORPORA = (
    Corpus("django", "django==5.2.19", binary=False),
    Corpus("homeassistant", "homeassistant==2024.3.3", binary=True),
)
MARKER = ".bench-corpus"


def default_dir() -> Path:
    env = os.environ.get("BENCH_CORPORA")
    return Path(env) if env else Path(tempfile.gettempdir()) / "archscribe-bench-corpora"


def _download(corpus: Corpus, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    fmt = ["--only-binary", ":all:"] if corpus.binary else ["--no-binary", ":all:"]
    cmd = [sys.executable, "-m", "pip", "download", corpus.requirement, "--no-deps", *fmt]
    cmd += ["-d", str(into), "--quiet", "--disable-pip-version-check"]
    if corpus.binary:
        # Home Assistant 2024.3.3 declares Python >= 3.11 only in metadata; pin the tag so the
        # download works from any interpreter that runs this script.
        cmd += ["--python-version", "3.11", "--implementation", "py"]
    subprocess.run(cmd, check=True)
    stem = corpus.requirement.split("==")[0].lower()
    suffixes = (".whl",) if corpus.binary else (".tar.gz", ".zip")
    found = [
        p for p in into.iterdir() if p.name.lower().startswith(stem) and p.name.endswith(suffixes)
    ]
    if len(found) != 1:
        raise SystemExit(f"expected one archive for {corpus.requirement} in {into}, got {found}")
    return found[0]


def _unpack_package(archive: Path, package: str, dest_root: Path) -> None:
    """Copy ``<archive>/[top/]package/**`` to ``dest_root/package``."""
    with tempfile.TemporaryDirectory(dir=dest_root.parent) as tmp:
        scratch = Path(tmp)
        if archive.name.endswith(".tar.gz"):
            with tarfile.open(archive) as tar:
                tar.extractall(scratch, filter="data")
        else:
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(scratch)
        candidates = [scratch / package, *(d / package for d in scratch.iterdir() if d.is_dir())]
        source = next((c for c in candidates if (c / "__init__.py").is_file()), None)
        if source is None:
            raise SystemExit(f"no {package}/__init__.py in {archive.name}")
        target = dest_root / package
        if target.exists():
            shutil.rmtree(target)
        dest_root.mkdir(parents=True, exist_ok=True)
        shutil.move(str(source), str(target))


def materialise(corpus: Corpus, base: Path) -> Path:
    root = base / corpus.name
    marker = base / f"{corpus.name}{MARKER}"  # beside ROOT, so the corpus holds only the package
    if marker.is_file() and marker.read_text().strip() == corpus.requirement:
        return root
    archive = _download(corpus, base / "_downloads")
    _unpack_package(archive, corpus.name, root)
    marker.write_text(corpus.requirement + "\n")
    return root


def stats(package_dir: Path) -> tuple[int, int, float, float]:
    """(.py files, all files, .py MiB, all MiB) under ``package_dir``."""
    py = files = 0
    py_bytes = all_bytes = 0
    for dirpath, _dirs, names in os.walk(package_dir):
        for name in names:
            size = os.path.getsize(os.path.join(dirpath, name))
            files += 1
            all_bytes += size
            if name.endswith(".py"):
                py += 1
                py_bytes += size
    return py, files, py_bytes / 2**20, all_bytes / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=None)
    args = parser.parse_args(argv)
    base: Path = (args.dir or default_dir()).resolve()
    base.mkdir(parents=True, exist_ok=True)
    print("| corpus | root | .py files | all files | .py MiB | all MiB |")
    print("|---|---|---:|---:|---:|---:|")
    for corpus in CORPORA:
        root = materialise(corpus, base)
        py, files, py_mb, all_mb = stats(root / corpus.name)
        print(
            f"| {corpus.requirement} | {root} | {py:,} | {files:,} | {py_mb:.1f} | {all_mb:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
