"""Renderers: the Overview section (name, description, kind, size, languages, entry points,
what is set apart, files not read)."""

from __future__ import annotations

from collections.abc import Sequence

from archscribe.model.architecture import (
    Architecture,
    CodeRole,
    EntryPoint,
)
from archscribe.renderers.wording import (
    cite,
    cite_all,
    code,
    join_names,
    not_detected,
    plural,
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


def overview_section(arch: Architecture) -> str:
    o = arch.overview
    if o.name:
        lines = [f"**{o.name}** {cite(o.name_evidence)}".rstrip()]
    else:
        lines = [
            "**Name**: "
            + not_detected(
                "a project name in pyproject.toml, setup.cfg or setup.py at the root, or a "
                "title in the README."
            )
        ]
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
        f"{plural(o.python_files, 'Python module')} with "
        f"{plural(o.python_code_lines, 'line')} of code "
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
        lines.append(f"- **Files left out or read only in part**: {len(arch.problems)}")
        for problem in arch.problems[:10]:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            lines.append(f"  - {code(where)}: {problem.reason}")
        if len(arch.problems) > 10:
            lines.append(f"  - and {len(arch.problems) - 10} more (see `archscribe scan`)")
    if arch.set_aside_problems:
        lines.append(
            f"- **Files left out or read only in part outside the components**: "
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
        missing = f"; the repository has no {ep.missing}" if ep.missing else ""
        lines.append(
            f"\n  - {tech}{ep.kind.value} {code(ep.name)}{target} {cite(ep.evidence)}{missing}"
        )
    if len(entry_points) > 20:
        lines.append(f"\n  - and {len(entry_points) - 20} more")
    return "".join(lines)
