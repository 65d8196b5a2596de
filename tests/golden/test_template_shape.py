"""Every document has the template's headings in the template's order, and its field labels;
no bracketed template placeholder survives into a generated document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import EXPECTED, FIXTURES

TEMPLATE = FIXTURES / "template" / "architecture-template.md"
SHARED_TEMPLATE = Path(__file__).parents[3] / "shared" / "seed" / "architecture-template.md"
HEADING = re.compile(r"^(#{1,4}) (.+)$", re.M)
LABEL = re.compile(r"\*\*([A-Z][A-Za-z &-]+)\*\*:")
PLACEHOLDER = re.compile(r"\[[A-Z][^\]\n]*\]")
DOCUMENTS = sorted(EXPECTED.glob("*/ARCHITECTURE.md"))


def _headings(text: str) -> list[str]:
    """Headings in order, without code blocks, component sections and numbered items."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    found = []
    for hashes, title in HEADING.findall(text):
        if len(hashes) == 4 or title.startswith("["):
            continue  # one per component in a document; "[Component 1 Name]" in the template
        found.append(f"{hashes} {title}")
    return found


def test_copy_of_the_template_is_current() -> None:
    if not SHARED_TEMPLATE.exists():
        pytest.skip("the shared template is not beside this checkout")
    assert TEMPLATE.read_text() == SHARED_TEMPLATE.read_text()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.parent.name)
def test_headings_follow_the_template(document: Path) -> None:
    assert _headings(document.read_text()) == _headings(TEMPLATE.read_text())


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.parent.name)
def test_field_labels_of_the_template_are_there(document: Path) -> None:
    template_labels = set(LABEL.findall(TEMPLATE.read_text()))
    text = document.read_text()
    labels = set(LABEL.findall(text))
    if "#### " not in text:  # no component, so no per-component fields
        template_labels -= {"Purpose", "Location", "Dependencies", "Interfaces"}
    if "**Decision**" not in text:
        template_labels -= {"Decision", "Alternatives", "Trade-offs"}
    assert template_labels <= labels, sorted(template_labels - labels)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.parent.name)
def test_no_template_placeholder_is_left(document: Path) -> None:
    outside_code = re.sub(r"```.*?```", "", document.read_text(), flags=re.S)
    outside_code = re.sub(r"`[^`\n]*`", "", outside_code)  # inline code is never a placeholder
    assert PLACEHOLDER.findall(outside_code) == []


def test_the_checks_list_of_headings_is_the_templates() -> None:
    from archscribe.checks.template_shape import TEMPLATE_HEADINGS

    assert list(TEMPLATE_HEADINGS) == _headings(TEMPLATE.read_text())
