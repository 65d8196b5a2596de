"""Renderers: the sections drawn from the stack (internal services, deployment, decisions,
technology choices)."""

from __future__ import annotations

from archscribe.model.architecture import (
    Architecture,
    ExternalDependency,
    SystemKind,
)
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


def internal_services_section(arch: Architecture) -> str:
    if arch.overview.kind is SystemKind.MULTI_SERVICE:
        return "- " + "\n- ".join(
            f"{r.text} {cite_all(r.evidence)}" for r in arch.overview.kind_reasons
        )
    return "- " + not_analysed("compose and Kubernetes services, brokers and gRPC")


def environments_section(arch: Architecture) -> str:
    files = arch.deployment.files
    seen = f" Deployment files present: {join_names(files, 8)}." if files else ""
    return "\n".join(
        [
            "- **Development**: " + not_analysed("environment settings") + seen,
            "- **Staging**: " + not_analysed("environment settings"),
            "- **Production**: " + not_analysed("environment settings"),
        ]
    )


_READ_DEPLOY_FILES = ("Dockerfile", "Containerfile", "Procfile")


def infrastructure_section(arch: Architecture) -> str:
    """Hosting from the images and processes the Dockerfiles and Procfiles give; scaling from
    the worker counts their commands set."""
    deployment = arch.deployment
    unread = [p for p in deployment.files if p.rpartition("/")[2] not in _READ_DEPLOY_FILES]
    hosting: list[str] = []
    if deployment.images:
        hosting.append(
            "Container images built from "
            + ", ".join(
                f"{code(i.reference)}{f' ({i.technology})' if i.technology else ''} "
                f"{cite(i.evidence)}"
                for i in deployment.images
            )
        )
    if deployment.processes:
        hosting.append(
            ("started as " if hosting else "Started as ")
            + "; ".join(
                f"{p.name}: {p.technology or code(p.program or p.command)} {cite(p.evidence)}"
                for p in deployment.processes
            )
        )
    if hosting:
        hosting_text = "; ".join(hosting) + "."
    else:
        hosting_text = not_detected(
            "a Dockerfile (FROM, CMD, ENTRYPOINT) or a Procfile among the system's files."
        )
    if unread:
        hosting_text += f" Present but not read yet: {join_names(unread, 8)}."
    workers = [p for p in deployment.processes if p.workers]
    if workers:
        scaling = (
            "; ".join(
                f"{p.technology or code(p.program)} runs {plural(p.workers, 'worker')} "
                f"{cite(p.evidence)}"
                for p in workers
            )
            + "; replicas and autoscalers are not analysed yet."
        )
    else:
        scaling = not_detected(
            "worker counts (`--workers`, `-w`, `--processes`, `--concurrency`) in the Dockerfile "
            "and Procfile commands; replicas and autoscalers are not analysed yet."
        )
    return "\n".join(
        [
            f"- **Hosting**: {hosting_text}",
            f"- **Scaling**: {scaling}",
            "- **Monitoring**: " + not_analysed("error tracking, metrics and tracing"),
        ]
    )


def decision_sections(arch: Architecture) -> list[str]:
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


def technologies_section(arch: Architecture) -> str:
    """The technologies the system runs on, as a table by category (from the catalogue), then
    the dependencies the catalogue does not know, then the tooling."""
    running = [
        e
        for e in arch.externals
        if not e.tooling
        and (e.used_by or (e.declared_in and ("runtime" in e.groups or not e.groups)))
    ]
    if not running:
        return "- " + not_detected(
            "runtime dependencies in pyproject.toml, setup.cfg, setup.py or requirements "
            "files, and third-party imports in the components."
        )
    known = sorted((e for e in running if e.category), key=lambda e: (e.category, e.technology))
    unknown = [e for e in running if not e.category]
    parts = []
    if known:
        rows = [
            "| Category | Technology | Version | Declared in | Used by |",
            "|---|---|---|---|---|",
        ]
        for e in known:
            version = code(e.specifier) if e.specifier else ""
            users = join_names(e.used_by, 5) if e.used_by else "no component imports it"
            rows.append(
                f"| {e.category} | {_technology_cell(e)} | {version} | {_declared_cell(e)} "
                f"| {users} |"
            )
        parts.append("\n".join(rows))
    if unknown:
        listed = ", ".join(
            f"{code(e.distribution)}{' ' + code(e.specifier) if e.specifier else ''} "
            f"({_declared_cell(e)})"
            for e in unknown
        )
        parts.append(
            f"**Other dependencies** (not in archscribe's catalogue, so no category is "
            f"claimed): {listed}"
        )
    tooling = sorted({e.technology for e in arch.externals if e.tooling})
    if tooling:
        parts.append(
            f"**Tooling** (tests, linters, builds; not part of the running system): "
            f"{join_names(tooling, 20)}"
        )
    return "\n\n".join(parts)


def _technology_cell(external: ExternalDependency) -> str:
    name = external.technology
    if external.distribution.lower() != name.lower():
        name += f" ({code(external.distribution)})"
    if external.reaches:
        name += f", reaching {external.reaches}"
    return name


def _declared_cell(external: ExternalDependency) -> str:
    if not external.declared_in:
        where = cite(external.first_import)
        return (
            f"not declared in a manifest; imported at {where[1:-1]}"
            if where
            else ("not declared in a manifest")
        )
    return list_citations(external.declared_in, 2)
