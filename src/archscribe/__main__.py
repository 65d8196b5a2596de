"""Entry point for ``python -m archscribe``."""

from archscribe.cli import main

raise SystemExit(main())
