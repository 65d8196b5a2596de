"""archscribe: turns a code repository into an evidence-backed architecture document.

The public API is small: the version, and the use cases a program may call without the CLI
(``analyse`` for the model, ``write_document``, ``check_document`` and ``scan_json``, each
taking ``RunOptions``). They load on first use, so ``import archscribe`` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archscribe._version import __version__

__all__ = [
    "RunOptions",
    "__version__",
    "analyse",
    "check_document",
    "scan_json",
    "write_document",
]

if TYPE_CHECKING:
    from archscribe.app.usecases import (
        RunOptions,
        analyse,
        check_document,
        scan_json,
        write_document,
    )


def __getattr__(name: str) -> Any:
    if name in __all__:
        from archscribe.app import usecases

        return getattr(usecases, name)
    raise AttributeError(f"module 'archscribe' has no attribute {name!r}")
