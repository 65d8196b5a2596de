"""Renderers: architecture in, text out (Markdown, Mermaid, ASCII, JSON); same bytes every run."""
