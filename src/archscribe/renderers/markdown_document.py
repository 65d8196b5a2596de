"""Renderers: the architecture document in the template's shape, as Markdown.

Generated text sits in marked blocks (re-generated on every run); human-owned fields sit
outside them with a marked hint, and ``document_merge`` keeps them across runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from archscribe.model.architecture import (
    Architecture,
    CodeRole,
    Component,
    EntryPoint,
    ExternalUse,
    SystemKind,
)
from archscribe.renderers.diagrams import ascii_component_diagram, mermaid_component_flowchart
from archscribe.renderers.document_merge import block
from archscribe.renderers.wording import (
    cite,
    cite_all,
    code,
    hint,
    join_names,
    list_citations,
    not_analysed,
    not_detected,
    plural,
)

_DEPLOY_FILE_NAMES = (
    "Dockerfile",
    "Containerfile",
    "Procfile",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yml",
    "compose.yaml",
    "fly.toml",
    "render.yaml",
    "app.yaml",
    "serverless.yml",
    "Chart.yaml",
    "kustomization.yaml",
    "uwsgi.ini",
    "gunicorn.conf.py",
)
_ROLE_WORDS = {
    CodeRole.TEST: "tests",
    CodeRole.EXAMPLE: "examples",
    CodeRole.DOCS: "documentation code",
    CodeRole.MIGRATION: "migrations",
    CodeRole.VENDORED: "vendored code",
    CodeRole.GENERATED: "generated code",
    CodeRole.BENCH: "benchmarks",
    CodeRole.SCRIPT: "scripts",
    CodeRole.BUILD: "build and tooling files",
}


def render_document(architecture: Architecture, paths: Sequence[str] = ()) -> str:
    """The whole document; ``paths`` are every file of the repository (for deploy files)."""
    parts = [
        "# System Architecture",
        block("header", _header()),
        "## Overview",
        block("overview", _overview(architecture)),
        "**Design principles**: " + hint("the principles the team holds this system to."),
        "## Architecture Patterns",
        "### Primary Pattern",
        block("patterns.primary", _primary_pattern(architecture)),
        "**Rationale**: " + hint("why this structure was chosen."),
        "### Secondary Patterns",
        block("patterns.secondary", "- " + not_analysed("secondary patterns")),
        "## System Components",
        "### Component Diagram",
        block("components.diagram", _diagram(architecture)),
        "### Core Components",
        *(
            block(f"component:{slug}", _component(c, architecture))
            for c, slug in zip(
                architecture.components, _slugs(architecture.components), strict=True
            )
        ),
    ]
    if not architecture.components:
        parts.append(block("components.none", _no_components(architecture)))
    parts += [
        "## Data Architecture",
        "### Data Models",
        block(
            "data.models", "```\n" + not_analysed("data models (ORM models, schemas)") + "\n```"
        ),
        "### Data Flow",
        block("data.flow", "1. " + not_analysed("data flows")),
        "### Storage Strategy",
        block(
            "data.storage",
            "\n".join(
                [
                    "- **Primary Storage**: " + not_analysed("database settings and drivers"),
                    "- **Caching**: " + not_analysed("cache settings"),
                    "- **Backup**: " + not_analysed("backup jobs and settings"),
                ]
            ),
        ),
        "## Integration Points",
        "### External APIs",
        block("integration.external", "- " + not_analysed("outbound HTTP calls and SDK clients")),
        "### Internal Services",
        block("integration.internal", _internal_services(architecture)),
        "## Deployment Architecture",
        "### Environment Structure",
        block("deployment.environments", _environments(paths)),
        "### Infrastructure",
        block("deployment.infrastructure", _infrastructure(paths)),
        "## Design Decisions",
        "### Key Architectural Decisions",
        *_decisions(architecture),
        "### Technology Choices",
        block("decisions.technologies", _technologies(architecture)),
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
        block("performance.bottlenecks", _bottlenecks(architecture)),
        "**Mitigations**: " + hint("how the team contains each candidate above, or why not."),
        "## Security Architecture",
        "### Security Layers",
        block("security.layers", "1. " + not_analysed("transport, application and data security")),
        "### Authentication & Authorization",
        block(
            "security.auth",
            "\n".join(
                [
                    "- **Authentication**: " + not_analysed("authentication"),
                    "- **Authorization**: " + not_analysed("authorization"),
                    "- **Session Management**: " + not_analysed("session handling"),
                ]
            ),
        ),
        "## Error Handling & Resilience",
        "### Error Handling Strategy",
        block(
            "resilience.errors",
            "\n".join(
                [
                    "- **Client Errors**: " + not_analysed("error handlers"),
                    "- **Server Errors**: " + not_analysed("error handlers"),
                    "- **External Service Failures**: " + not_analysed("outbound-call handling"),
                ]
            ),
        ),
        "### Resilience Patterns",
        block(
            "resilience.patterns",
            "\n".join(
                [
                    "- **Circuit Breaker**: " + not_analysed("circuit breakers"),
                    "- **Retry Logic**: " + not_analysed("retry logic"),
                    "- **Fallback Mechanisms**: " + not_analysed("fallbacks"),
                ]
            ),
        ),
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
    ``-``; a clash gets ``-2``, ``-3`` in name order."""
    seen: set[str] = set()
    slugs = []
    for comp in components:
        base = re.sub(r"[^a-z0-9_.:/-]+", "-", comp.name.lower()).strip("-") or "component"
        slug, n = base, 1
        while slug in seen:
            n += 1
            slug = f"{base}-{n}"
        seen.add(slug)
        slugs.append(slug)
    return slugs


def _header() -> str:
    return (
        "> Written by archscribe from the code, configuration and history of this repository."
        "\n> Text between `archscribe:begin` and `archscribe:end` markers is regenerated on every"
        " run;\n> everything else is yours and is kept. Replace each _To fill_ hint with what only"
        " the team knows."
    )


def _overview(arch: Architecture) -> str:
    o = arch.overview
    named = cite(o.name_evidence) or "(the folder's name: no manifest or README title names it)"
    lines = [f"**{o.name}** {named}"]
    if o.description:
        lines += ["", f"{o.description} {cite(o.description_evidence)}".rstrip()]
    else:
        lines += [
            "",
            not_detected(
                "a description in the project metadata (pyproject.toml, "
                "setup.cfg, setup.py) or the README's first paragraph."
            ),
        ]
    lines.append("")
    lines.append(f"- **Kind of system**: {o.kind.value}")
    for reason in o.kind_reasons:
        lines.append(f"  - {reason.text} {cite_all(reason.evidence)}".rstrip())
    size = (
        f"{plural(o.python_files, 'Python module')} with {o.python_code_lines:,} lines of code "
        f"in {plural(len(arch.components), 'component')}; {plural(o.total_files, 'file')} in all"
    )
    lines.append(f"- **Size**: {size}")
    if o.languages:
        langs = ", ".join(
            f"{lang.language} ({plural(lang.files, 'file')})" for lang in o.languages[:8]
        )
        more = f", and {len(o.languages) - 8} more" if len(o.languages) > 8 else ""
        lines.append(f"- **Languages**: {langs}{more}")
    else:
        lines.append("- **Languages**: " + not_detected("files of a known language."))
    lines.append("- **Entry points**:" + _entry_points(arch.entry_points))
    if arch.set_aside:
        lines.append("- **Not part of the components**:")
        for aside in arch.set_aside:
            lines.append(
                f"  - {_ROLE_WORDS.get(aside.role, aside.role.value)}: "
                f"{plural(aside.files, 'Python file')} in {join_names(aside.paths, 6)}"
            )
    if arch.problems:
        lines.append(f"- **Files not read in full**: {len(arch.problems)}")
        for problem in arch.problems[:10]:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            lines.append(f"  - {code(where)}: {problem.reason}")
        if len(arch.problems) > 10:
            lines.append(f"  - and {len(arch.problems) - 10} more (see `archscribe scan`)")
    if arch.set_aside_problems:
        lines.append(
            f"- **Files not read in full outside the components**: "
            f"{len(arch.set_aside_problems)} (tests, examples and the like; see `archscribe scan`)"
        )
    return "\n".join(lines)


def _entry_points(entry_points: Sequence[EntryPoint]) -> str:
    if not entry_points:
        return " " + not_detected(
            "console scripts and entry points in the manifests, `__main__` modules, manage.py, "
            "and WSGI/ASGI, worker or command-line application objects in the source."
        )
    lines = []
    for ep in entry_points[:20]:
        tech = f"{ep.technology} " if ep.technology else ""
        target = f" → {code(ep.target)}" if ep.target and ep.target != ep.name else ""
        lines.append(f"\n  - {tech}{ep.kind.value} {code(ep.name)}{target} {cite(ep.evidence)}")
    if len(entry_points) > 20:
        lines.append(f"\n  - and {len(entry_points) - 20} more")
    return "".join(lines)


def _primary_pattern(arch: Architecture) -> str:
    layers = len({c.layer for c in arch.components})
    seen = (
        f"{plural(len(arch.components), 'component')} in {plural(layers, 'layer')} of imports"
        f" and {plural(len(arch.cycles), 'cycle')} between components (see System Components)"
    )
    return "**Pattern**: " + not_analysed("architecture patterns") + f" What it saw: {seen}."


def _diagram(arch: Architecture) -> str:
    if not arch.components:
        return "```\n(no components)\n```"
    text = "```\n" + ascii_component_diagram(arch.components) + "\n```\n\n"
    text += "```mermaid\n" + mermaid_component_flowchart(arch.components, arch.cycles) + "\n```"
    notes = [
        "Layers read top-down: a component sits above every component it imports. Counts are "
        "import statements; imports only under `TYPE_CHECKING` are drawn dashed and do not "
        "count towards layers or cycles."
    ]
    if arch.cycles:
        notes.append("")
        notes.append(f"**Cycles** ({len(arch.cycles)}): components that import each other.")
        for cycle in arch.cycles:
            members = " ↔ ".join(code(c) for c in cycle.components)
            closing = "; ".join(
                f"{code(d.source)} → {code(d.target)} ({plural(d.imports, 'import')}: "
                f"{list_citations(d.evidence, 3, d.imports)})"
                for d in cycle.closing_imports
            )
            notes.append(f"- {members}: closed by {closing}")
    else:
        notes.append("")
        notes.append("No cycles between components.")
    return text + "\n\n" + "\n".join(notes)


def _component(comp: Component, arch: Architecture) -> str:
    if comp.purpose:
        purpose = f"{comp.purpose} {cite(comp.purpose_evidence)}".rstrip()
    else:
        folder = (comp.paths[0] if comp.paths else comp.name).removesuffix("*.py")
        has_init = any(m.name == comp.name and m.is_package for m in arch.modules)
        where = (
            "a docstring in the package's `__init__.py`"
            if has_init
            else "an `__init__.py` docstring (there is none: a namespace package or a folder "
            "of modules)"
        )
        purpose = not_detected(
            f"{where}, or a README in {code(folder)}; "
            f"it holds {plural(comp.modules, 'module')} ({plural(comp.code_lines, 'line')})."
        )
    location = ", ".join(code(p) for p in comp.paths)
    lines = [
        f"#### {comp.name}",
        f"**Purpose**: {purpose}  ",
        f"**Location**: {location} ({plural(comp.modules, 'module')}, "
        f"{plural(comp.code_lines, 'line')})  ",
        f"**Dependencies**: {_dependencies(comp)}  ",
        f"**Interfaces**: {_interfaces(comp)}",
    ]
    return "\n".join(lines)


def _dependencies(comp: Component) -> str:
    parts = []
    if comp.dependencies:
        internal = ", ".join(
            f"{code(d.target)} ({plural(d.imports, 'import')}"
            f"{', TYPE_CHECKING only' if d.type_checking_only else ''}: "
            f"{list_citations(d.evidence, 2, d.imports)})"
            for d in sorted(comp.dependencies, key=lambda d: (-d.imports, d.target))
        )
        parts.append(f"internal: {internal}")
    else:
        parts.append("internal: none")
    if comp.externals:
        external = ", ".join(
            f"{code(u.distribution)} "
            f"({_external_note(u)}{list_citations(u.evidence, 1, u.imports)})"
            for u in sorted(comp.externals, key=lambda u: (-u.imports, u.distribution))
        )
        parts.append(f"external: {external}")
    else:
        parts.append("external: none")
    if comp.stdlib:
        parts.append(f"standard library: {join_names(comp.stdlib, 10)}")
    return "; ".join(parts)


def _external_note(use: ExternalUse) -> str:
    notes = []
    if use.optional:
        notes.append("optional import")
    if not use.declared:
        notes.append("not declared in a manifest")
    return "; ".join(notes) + ": " if notes else ""


def _interfaces(comp: Component) -> str:
    entries = [i for i in comp.interfaces if i.kind != "public-api"]
    api = [i for i in comp.interfaces if i.kind == "public-api"]
    parts = [f"{i.name} {cite(i.evidence)}" for i in entries]
    if api:
        where = api[0].evidence.path
        parts.append(f"public API of {code(where)}: {join_names([i.name for i in api], 15)}")
    if not parts:
        return not_detected(
            "entry points, `__all__`, or public classes and functions in the package's "
            "`__init__.py`."
        )
    return "; ".join(parts)


def _no_components(arch: Architecture) -> str:
    del arch
    return not_detected(
        "Python packages or modules outside tests, examples, docs and tooling. Declare "
        "components by hand in `[tool.archscribe] components` if the code lives elsewhere."
    )


def _deploy_files(paths: Sequence[str]) -> list[str]:
    return [p for p in paths if p.rsplit("/", 1)[-1] in _DEPLOY_FILE_NAMES]


def _internal_services(arch: Architecture) -> str:
    if arch.overview.kind is SystemKind.MULTI_SERVICE:
        return "- " + "\n- ".join(
            f"{r.text} {cite_all(r.evidence)}" for r in arch.overview.kind_reasons
        )
    return "- " + not_analysed("compose and Kubernetes services, brokers and gRPC")


def _environments(paths: Sequence[str]) -> str:
    files = _deploy_files(paths)
    seen = f" Deployment files present: {join_names(files, 8)}." if files else ""
    return "\n".join(
        [
            "- **Development**: " + not_analysed("environment settings") + seen,
            "- **Staging**: " + not_analysed("environment settings"),
            "- **Production**: " + not_analysed("environment settings"),
        ]
    )


def _infrastructure(paths: Sequence[str]) -> str:
    files = _deploy_files(paths)
    seen = (
        f" Present but not read: {join_names(files, 8)}."
        if files
        else (" No Dockerfile, compose, Procfile or platform file was found.")
    )
    return "\n".join(
        [
            "- **Hosting**: " + not_analysed("images and platform files") + seen,
            "- **Scaling**: " + not_analysed("replicas, autoscalers and worker counts"),
            "- **Monitoring**: " + not_analysed("error tracking, metrics and tracing"),
        ]
    )


def _decisions(arch: Architecture) -> list[str]:
    facts: list[tuple[str, str, str]] = []
    o = arch.overview
    if o.kind is not SystemKind.UNKNOWN:
        first = o.kind_reasons[0] if o.kind_reasons else None
        evidence = cite_all(first.evidence) if first else ""
        facts.append(("kind", f"Built as a {o.kind.value}", f"{o.kind.value} {evidence}".strip()))
    technologies = sorted({e.technology for e in arch.entry_points if e.technology})
    for tech in technologies:
        ep = next(e for e in arch.entry_points if e.technology == tech)
        facts.append(
            (
                f"tech:{tech.lower()}",
                f"{tech}",
                f"{tech} starts the system: {ep.kind.value} {code(ep.name)} {cite(ep.evidence)}",
            )
        )
    if not facts:
        return [
            block(
                "decisions.none",
                "1. " + not_detected("a kind of system or framework to record as a decision."),
            )
        ]
    rendered = []
    for number, (key, title, decision) in enumerate(facts, start=1):
        rendered.append(
            block(f"decision:{key}", f"{number}. **{title}**\n   - **Decision**: {decision}")
        )
        rendered.append(
            "   - **Rationale**: " + hint("why this was chosen.") + "\n"
            "   - **Alternatives**: " + hint("what else was considered.") + "\n"
            "   - **Trade-offs**: " + hint("what was gained and what was lost.")
        )
    return rendered


def _technologies(arch: Architecture) -> str:
    runtime = [
        e for e in arch.externals if e.declared_in and ("runtime" in e.groups or not e.groups)
    ]
    if not runtime:
        used = [e for e in arch.externals if e.used_by]
        if not used:
            return "- " + not_detected(
                "runtime dependencies in pyproject.toml, setup.cfg, setup.py or requirements "
                "files, and third-party imports in the components."
            )
        return "\n".join(
            f"- **{e.distribution}**: imported by {join_names(e.used_by, 5)} "
            f"{cite(e.first_import)}; not declared in a manifest"
            for e in used
        )
    lines = []
    for e in runtime:
        version = f" {code(e.specifier)}" if e.specifier else ""
        users = (
            f"; imported by {join_names(e.used_by, 5)}"
            if e.used_by
            else ("; not imported by the components")
        )
        lines.append(
            f"- **{e.distribution}**{version}: declared {cite_all(e.declared_in, 2)}{users}"
        )
    return "\n".join(lines)


def _bottlenecks(arch: Architecture) -> str:
    fan_in: dict[str, set[str]] = {}
    for edge in arch.imports:
        fan_in.setdefault(edge.target, set()).add(edge.source)
    source = {m.name for m in arch.modules if m.role is CodeRole.SOURCE}
    hubs = sorted(((len(v & source), k) for k, v in fan_in.items() if k in source), reverse=True)[
        :3
    ]
    lines = []
    paths = {m.name: m.path for m in arch.modules}
    for count, name in hubs:
        if count >= 10:
            lines.append(
                f"- **Import hub {code(name)}**: imported by {plural(count, 'module')} "
                f"({code(paths[name])}); a change here reaches much of the system."
            )
    for cycle in arch.cycles:
        lines.append(
            f"- **Cycle {' ↔ '.join(code(c) for c in cycle.components)}**: these components "
            "import each other (see System Components); they load and change together."
        )
    lines.append(
        "- Other candidates: "
        + not_analysed("blocking calls in async code, calls without timeouts and queries in loops")
    )
    return "\n".join(lines)
