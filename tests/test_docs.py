"""The README tells the truth: its output excerpt is what archscribe writes today, and its
quick start names commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import EXPECTED

README = Path(__file__).parent.parent / "README.md"


def test_readme_excerpt_is_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    excerpt = re.search(r"```markdown\n(.*?)```", text, re.S)
    assert excerpt is not None
    golden = {
        line.rstrip()
        for line in (EXPECTED / "django_app" / "ARCHITECTURE.md").read_text().splitlines()
    }
    lines = [line.rstrip() for line in excerpt.group(1).splitlines() if line.strip()]
    assert len(lines) >= 8
    missing = [line for line in lines if line not in golden]
    assert not missing, f"README shows lines archscribe does not write: {missing}"


def test_quick_start_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "archscribe write" in text
    assert "python -m pytest" in text
