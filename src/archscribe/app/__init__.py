"""App: use cases, configuration, discovery, cache, atomic output; the only I/O below the CLI."""
