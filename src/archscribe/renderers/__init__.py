"""Renderers: architecture in, text out (Markdown, Mermaid, ASCII, JSON); the same bytes every run."""
