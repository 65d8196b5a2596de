"""Checks: does the document keep the template's shape? Every heading of the architecture
template must be there, in the template's order; headings people add are welcome."""

from __future__ import annotations

import re

from archscribe.model.evidence import Evidence
from archscribe.model.findings import Finding, Severity

# The headings of the architecture template, in order (component sections, "####", vary).
TEMPLATE_HEADINGS = (
    "# System Architecture",
    "## Overview",
    "## Architecture Patterns",
    "### Primary Pattern",
    "### Secondary Patterns",
    "## System Components",
    "### Component Diagram",
    "### Core Components",
    "## Data Architecture",
    "### Data Models",
    "### Data Flow",
    "### Storage Strategy",
    "## Integration Points",
    "### External APIs",
    "### Internal Services",
    "## Deployment Architecture",
    "### Environment Structure",
    "### Infrastructure",
    "## Design Decisions",
    "### Key Architectural Decisions",
    "### Technology Choices",
    "## Performance Characteristics",
    "### Performance Goals",
    "### Bottlenecks",
    "## Security Architecture",
    "### Security Layers",
    "### Authentication & Authorization",
    "## Error Handling & Resilience",
    "### Error Handling Strategy",
    "### Resilience Patterns",
    "## Future Considerations",
    "### Planned Improvements",
    "### Migration Paths",
    "### Scalability Roadmap",
)
_HEADING = re.compile(r"(#{1,3}) +(.+?)[ #]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def headings_of(document: str) -> list[tuple[str, int]]:
    """The document's headings of levels 1 to 3 with their lines, outside code blocks."""
    found = []
    fence = ""
    for number, line in enumerate(document.splitlines(), start=1):
        opened = _FENCE.match(line)
        if opened:
            if not fence:
                fence = opened.group(1)
            elif opened.group(1).startswith(fence):
                fence = ""
            continue
        if fence:
            continue
        match = _HEADING.match(line)
        if match:
            found.append((f"{match.group(1)} {match.group(2).strip()}", number))
    return found


def check_template_shape(document: str) -> list[Finding]:
    """A finding for each template heading that is missing or out of the template's order."""
    present = headings_of(document)
    findings = []
    last = -1  # index in ``present`` of the last template heading found in order
    for heading in TEMPLATE_HEADINGS:
        places = [i for i, (text, _) in enumerate(present) if text == heading]
        if not places:
            findings.append(
                Finding(
                    "template-shape",
                    Severity.ERROR,
                    f"the template's heading `{heading}` is missing",
                    Evidence("", present[last][1] if last >= 0 else 0),
                    "put the heading back where the template has it; `archscribe write` "
                    "fills the generated parts under it",
                )
            )
            continue
        after = [i for i in places if i > last]
        if not after:
            findings.append(
                Finding(
                    "template-shape",
                    Severity.ERROR,
                    f"the heading `{heading}` stands out of the template's order",
                    Evidence("", present[places[0]][1]),
                    "move the section back to its place in the template's order",
                )
            )
            continue
        last = after[0]
    return findings
