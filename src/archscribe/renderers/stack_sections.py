"""Renderers: the design-decision sections drawn from the stack (key decisions, technology
choices)."""

from __future__ import annotations

import re
from itertools import groupby

from archscribe.model.architecture import (
    Architecture,
    ExternalDependency,
    SystemKind,
)
from archscribe.renderers.document_merge import block
from archscribe.renderers.infrastructure_sections import source_words, used_as_cache
from archscribe.renderers.wording import (
    cite,
    cite_all,
    code,
    hint,
    join_names,
    list_citations,
    not_detected,
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
                f"tech:{_slug(tech)}",
                f"{tech}",
                f"{tech} starts the system: {ep.kind.value} {code(ep.name)} {cite(ep.evidence)}",
            )
        )
    facts += _stack_decisions(arch)
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


def _slug(name: str) -> str:
    """A name as a block id part: ``Amazon RDS`` is ``amazon-rds``."""
    return re.sub(r"[^a-z0-9_.:/-]+", "-", name.lower()).strip("-") or "x"


# The stack's categories that make a key technology decision, and how each is worded.
_DECIDED = {
    "database": "for storage",
    "cache": "for caching",
    "message broker": "as message broker",
    "search": "for search",
    "object storage": "for files and objects",
}


def _stack_decisions(arch: Architecture) -> list[tuple[str, str, str]]:
    """A decision per production database, cache, broker, search engine and object store,
    and per hosting platform, stated with its strongest evidence."""
    facts: list[tuple[str, str, str]] = []
    if arch.overview.kind is SystemKind.LIBRARY:
        return facts  # what a library works with is its users' choice, not its own
    for use in arch.stack:
        purpose = _DECIDED.get(use.category)
        if purpose is None or use.test_only:
            continue
        if use.category == "cache" and not used_as_cache(use):
            purpose = "as in-memory store"
        if all(s.environment in ("development", "test") for s in use.sources):
            continue  # a developer's or a test's choice (SQLite on a laptop), not the system's
        source = next((s for s in use.sources if not s.test_only), use.sources[0])
        facts.append(
            (
                f"stack:{_slug(use.technology)}",
                f"{use.technology} {purpose}",
                f"{use.technology} ({use.category}), through {source_words(source)} "
                f"{cite(source.evidence)}",
            )
        )
    for platform in arch.deployment.platforms:
        source = platform.sources[0]
        facts.append(
            (
                f"hosting:{_slug(platform.technology)}",
                f"Hosted with {platform.technology}",
                f"{platform.technology}, through {source_words(source)} {cite(source.evidence)}",
            )
        )
    return facts


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
    known = sorted(
        (e for e in running if e.category), key=lambda e: (e.category, e.technology, e.ecosystem)
    )
    unknown = [e for e in running if not e.category]
    parts = []
    if known:
        rows = [
            "| Category | Technology | Version | Declared in | Used by |",
            "|---|---|---|---|---|",
        ]
        for _key, same in groupby(known, key=lambda e: (e.category, e.technology, e.ecosystem)):
            group = list(same)  # e.g. react and react-dom, both React
            e = group[0]
            users = sorted({u for g in group for u in g.used_by})
            technology = _technology_cell(e)
            if len(group) > 1:
                technology = f"{e.technology} ({', '.join(code(g.distribution) for g in group)})"
                technology += f", reaching {e.reaches}" if e.reaches else ""
            rows.append(
                f"| {e.category} | {technology} | {_version_cell(e)} | {_declared_cell(e)} "
                f"| {join_names(users, 5) if users else _unused_cell(e)} |"
            )
        parts.append("\n".join(rows))
    if unknown:
        listed = ", ".join(
            f"{code(e.distribution)}{' ' + code(e.specifier) if e.specifier else ''} "
            f"({'' if e.ecosystem == 'python' else e.ecosystem + ', '}{_declared_cell(e)})"
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


def _version_cell(external: ExternalDependency) -> str:
    """The declared constraint, and the version a lock file pins."""
    parts = [code(external.specifier)] if external.specifier else []
    if external.locked:
        parts.append(f"locked {code(external.locked)}")
    return ", ".join(parts)


def _unused_cell(external: ExternalDependency) -> str:
    if external.ecosystem != "python":
        return f"{external.ecosystem} code (not analysed)"
    return "no component imports it"


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
