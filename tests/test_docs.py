"""The README tells the truth: its output excerpt is what archscribe writes today, and its
quick start names commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import EXPECTED

README = Path(__file__).parent.parent / "README.md"


# The README's ```markdown excerpts, in order, and the fixture whose golden document each
# one is cut from.
EXCERPT_SOURCES = ("django_app", "web_stack", "drf_service")


def test_readme_excerpts_are_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    excerpts = re.findall(r"```markdown\n(.*?)```", text, re.S)
    assert len(excerpts) == len(EXCERPT_SOURCES)
    for excerpt, fixture in zip(excerpts, EXCERPT_SOURCES, strict=True):
        golden = {
            line.rstrip()
            for line in (EXPECTED / fixture / "ARCHITECTURE.md").read_text().splitlines()
        }
        lines = [line.rstrip() for line in excerpt.splitlines() if line.strip()]
        assert len(lines) >= 8
        missing = [line for line in lines if line not in golden]
        assert not missing, f"README shows lines archscribe does not write: {missing}"


def test_quick_start_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "archscribe write" in text
    assert "python -m pytest" in text
