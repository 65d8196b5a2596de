"""archscribe: turns a code repository into an evidence-backed architecture document.

The public API is small: the version, and the two use cases a program may call without the CLI.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
