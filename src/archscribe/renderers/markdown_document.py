"""Renderers: the architecture document in the template's shape, as Markdown.

Generated text sits in marked blocks (re-generated on every run); human-owned fields sit
outside them with a marked hint, and ``document_merge`` keeps them across runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from archscribe.model.architecture import (
    Architecture,
    Component,
)
from archscribe.renderers.component_sections import (
    component_section,
    diagram_section,
    no_components_section,
    primary_pattern_section,
    test_interfaces_section,
)
from archscribe.renderers.data_sections import data_models_section
from archscribe.renderers.document_merge import block
from archscribe.renderers.flow_sections import data_flow_section
from archscribe.renderers.infrastructure_sections import (
    environments_section,
    external_apis_section,
    infrastructure_section,
    internal_services_section,
    storage_section,
)
from archscribe.renderers.overview_section import overview_section
from archscribe.renderers.performance_sections import bottlenecks_section
from archscribe.renderers.resilience_sections import (
    error_handling_section,
    resilience_patterns_section,
)
from archscribe.renderers.security_sections import security_auth_section, security_layers_section
from archscribe.renderers.stack_sections import decision_sections, technologies_section
from archscribe.renderers.wording import (
    hint,
    not_analysed,
)


def render_document(architecture: Architecture) -> str:
    """The whole document, from the model alone."""
    parts = [
        "# System Architecture",
        block("header", _header()),
        "## Overview",
        block("overview", overview_section(architecture)),
        "**Design principles**: " + hint("the principles the team holds this system to."),
        "## Architecture Patterns",
        "### Primary Pattern",
        block("patterns.primary", primary_pattern_section(architecture)),
        "**Rationale**: " + hint("why this structure was chosen."),
        "### Secondary Patterns",
        block("patterns.secondary", "- " + not_analysed("secondary patterns")),
        "## System Components",
        "### Component Diagram",
        block("components.diagram", diagram_section(architecture)),
        "### Core Components",
        *(
            block(f"component:{slug}", component_section(c, architecture))
            for c, slug in zip(
                architecture.components, _slugs(architecture.components), strict=True
            )
        ),
    ]
    if not architecture.components:
        parts.append(block("components.none", no_components_section()))
    if architecture.test_interfaces:
        parts.append(block("components.tests", test_interfaces_section(architecture)))
    parts += [
        "## Data Architecture",
        "### Data Models",
        block("data.models", data_models_section(architecture)),
        "### Data Flow",
        block("data.flow", data_flow_section(architecture)),
        "### Storage Strategy",
        block("data.storage", storage_section(architecture)),
        "## Integration Points",
        "### External APIs",
        block("integration.external", external_apis_section(architecture)),
        "### Internal Services",
        block("integration.internal", internal_services_section(architecture)),
        "## Deployment Architecture",
        "### Environment Structure",
        block("deployment.environments", environments_section(architecture)),
        "### Infrastructure",
        block("deployment.infrastructure", infrastructure_section(architecture)),
        "## Design Decisions",
        "### Key Architectural Decisions",
        *decision_sections(architecture),
        "### Technology Choices",
        block("decisions.technologies", technologies_section(architecture)),
        "**Why these technologies**: " + hint("why each was chosen over its alternatives."),
        "## Performance Characteristics",
        "### Performance Goals",
        "\n".join(
            [
                "- **Response Time**: " + hint("target response times."),
                "- **Throughput**: " + hint("expected throughput."),
                "- **Scalability**: " + hint("scaling targets."),
            ]
        ),
        "### Bottlenecks",
        block("performance.bottlenecks", bottlenecks_section(architecture)),
        "**Mitigations**: " + hint("how the team contains each candidate above, or why not."),
        "## Security Architecture",
        "### Security Layers",
        block("security.layers", security_layers_section(architecture)),
        "### Authentication & Authorization",
        block("security.auth", security_auth_section(architecture)),
        "## Error Handling & Resilience",
        "### Error Handling Strategy",
        block("resilience.errors", error_handling_section(architecture)),
        "### Resilience Patterns",
        block("resilience.patterns", resilience_patterns_section(architecture)),
        "## Future Considerations",
        "### Planned Improvements",
        "- " + hint("architectural improvements the team plans."),
        "### Migration Paths",
        "- " + hint("migrations the team expects (frameworks, storage, hosting)."),
        "### Scalability Roadmap",
        "- " + hint("near-term and long-term scaling plans."),
    ]
    return "\n\n".join(parts) + "\n"


def _slugs(components: Sequence[Component]) -> list[str]:
    """A block id for each component: its name in lower case with other characters folded to
    ``-``. Names that fold alike get a suffix from their own name's hash, so a component's id
    never depends on which others exist."""
    bases = [re.sub(r"[^a-z0-9_.:/-]+", "-", c.name.lower()).strip("-") or "c" for c in components]
    clashing = {b for b in bases if bases.count(b) > 1}
    return [
        f"{base}-{hashlib.blake2b(comp.name.encode(), digest_size=3).hexdigest()}"
        if base in clashing
        else base
        for base, comp in zip(bases, components, strict=True)
    ]


def _header() -> str:
    return (
        "> Written by archscribe from the code and configuration of this repository."
        "\n> Text between `archscribe:begin` and `archscribe:end` markers is regenerated on every"
        " run;\n> everything else is yours and is kept. Replace each _To fill_ hint with what only"
        " the team knows."
    )
