"""App: atomic output; a file is replaced whole (temporary file, then rename) or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from archscribe.errors import InputError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically, keeping its mode; a
    symlink is followed, so the file it points to is the one replaced."""
    if path.is_symlink():
        path = path.resolve()
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(
            f"cannot write {path.name}: {exc.strerror or exc}",
            where=str(path),
            hint="check that the folder exists and is writable, or choose another file with -o",
        ) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temp = Path(temp_name)
        temp.chmod(mode if mode is not None else 0o666 & ~_umask())
        temp.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(temp_name).unlink()
        if isinstance(exc, OSError):
            raise InputError(
                f"cannot write {path.name}: {exc.strerror or exc}", where=str(path)
            ) from exc
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
