"""Analysis: the overview (name, description, size, languages) and the kind of system, each
stated with the evidence that decided it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archscribe.analysis.deployment import DEPLOY_FILE_NAMES
from archscribe.model.architecture import (
    CodeRole,
    Component,
    EntryPoint,
    EntryPointKind,
    Module,
    Overview,
    Reason,
    SystemKind,
)
from archscribe.model.evidence import Evidence
from archscribe.model.facts import FactSet, ManifestFacts, ReadmeFacts

_MANIFEST_ORDER = ("pyproject", "setup.cfg", "setup.py")
_WEB = frozenset(
    {EntryPointKind.WSGI, EntryPointKind.ASGI, EntryPointKind.WEB_APP, EntryPointKind.MANAGE_PY}
)
_CLI = frozenset(
    {
        EntryPointKind.CONSOLE_SCRIPT,
        EntryPointKind.GUI_SCRIPT,
        EntryPointKind.CLI_APP,
        EntryPointKind.MAIN_MODULE,
    }
)
# Packages that offer importers more public names than this read as a library even when they
# also install a command (Django, flask, black): the command is one of their interfaces.
_LIBRARY_API_NAMES = 25
# Languages of data and prose rather than code.
_NOT_CODE = frozenset(
    {"Markdown", "reStructuredText", "JSON", "YAML", "TOML", "INI", "XML", "Text", "CSV", "SVG"}
)


def describe_overview(
    facts: FactSet,
    modules: Sequence[Module],
    root_manifests: Sequence[tuple[str, ManifestFacts]],
    root_readme: tuple[str, ReadmeFacts] | None,
    entry_points: Sequence[EntryPoint],
    components: Sequence[Component],
    started_folders: Mapping[str, Evidence] | None = None,
) -> Overview:
    """Name, description, kind and size of the system. ``started_folders`` are the folders
    below the root whose own Dockerfile starts a process, whatever the language."""
    ordered = sorted(
        root_manifests,
        key=lambda pm: _MANIFEST_ORDER.index(pm[1].kind) if pm[1].kind in _MANIFEST_ORDER else 9,
    )
    name, name_ev = "", None
    named = next(((p, m) for p, m in ordered if m.name), None)
    if named is not None:
        name, name_ev = named[1].name, Evidence(named[0], named[1].name_line)
    elif root_readme is not None and root_readme[1].title:
        name, name_ev = root_readme[1].title, Evidence(root_readme[0], root_readme[1].title_line)
    description, description_ev = "", None
    described = next(((p, m) for p, m in ordered if m.description), None)
    if described is not None:
        description = described[1].description
        description_ev = Evidence(described[0], described[1].description_line)
    if root_readme is not None and root_readme[1].summary:
        readme_summary = root_readme[1].summary
        if not description or len(readme_summary) > len(description) * 2:
            description = readme_summary
            description_ev = Evidence(root_readme[0], root_readme[1].summary_line)
    source = [m for m in modules if m.role is CodeRole.SOURCE]
    kind, reasons = _system_kind(
        facts, source, entry_points, components, named is not None, started_folders or {}
    )
    return Overview(
        name=name,
        name_evidence=name_ev,
        description=description,
        description_evidence=description_ev,
        kind=kind,
        kind_reasons=tuple(reasons),
        languages=facts.languages,
        python_files=len(source),
        python_code_lines=sum(m.code_lines for m in source),
        total_files=len(facts.paths),
    )


def _system_kind(
    facts: FactSet,
    source: Sequence[Module],
    entry_points: Sequence[EntryPoint],
    components: Sequence[Component],
    has_manifest_name: bool,
    started_folders: Mapping[str, Evidence],
) -> tuple[SystemKind, list[Reason]]:
    web = [e for e in entry_points if e.kind in _WEB]
    workers = [e for e in entry_points if e.kind is EntryPointKind.WORKER]
    clis = [e for e in entry_points if e.kind in _CLI and not e.missing]
    deploy = _deployables(facts.paths, [*web, *workers])
    for folder, ev in sorted(started_folders.items()):
        if not any(folder == f or _inside(folder, f) or _inside(f, folder) for f in deploy):
            deploy[folder] = ev
    if len(deploy) >= 2:
        return SystemKind.MULTI_SERVICE, [
            Reason(f"`{folder}/` holds a deployable of its own", (ev,))
            for folder, ev in sorted(deploy.items())
        ]
    reasons: list[Reason] = []
    if web:
        reasons += [_ep_reason(e) for e in web]
        reasons += [_ep_reason(e) for e in workers]
        return SystemKind.WEB_APPLICATION, reasons
    if workers:
        return SystemKind.WORKER, [_ep_reason(e) for e in workers]
    api_names, api_evidence = _public_api(components)
    if clis:
        reasons = [_ep_reason(e) for e in clis]
        if api_names > _LIBRARY_API_NAMES:
            reasons.insert(
                0,
                Reason(
                    f"its packages offer {api_names} public names to importers (`__all__` or "
                    "the public names of each component's `__init__.py`); the commands are "
                    "one of its interfaces",
                    (api_evidence,) if api_evidence else (),
                ),
            )
            return SystemKind.LIBRARY, reasons
        return SystemKind.CLI, reasons
    packages = [m for m in source if m.is_package]
    if packages or (has_manifest_name and source):
        first = packages[0] if packages else source[0]
        text = (
            "importable packages and no entry point: no console script, `__main__`, "
            "application object or manage.py"
        )
        return SystemKind.LIBRARY, [Reason(text, (Evidence(first.path, 0),))]
    if source:
        return SystemKind.SCRIPTS, [
            Reason("loose Python modules and no package", (Evidence(source[0].path, 0),))
        ]
    code = [lang for lang in facts.languages if lang.language not in _NOT_CODE]
    main = max(code, key=lambda lang: (lang.bytes, lang.language), default=None)
    other = (
        f"; most of the code is {main.language} ({main.files:,} "
        f"{'file' if main.files == 1 else 'files'}), which this version of archscribe does "
        "not read for structure"
        if main is not None and main.language != "Python"
        else ""
    )
    return SystemKind.UNKNOWN, [
        Reason(
            "no Python source outside tests, examples and docs, and no entry point "
            "(looked for console scripts, `__main__` modules, manage.py and application "
            f"objects){other}"
        )
    ]


def _ep_reason(ep: EntryPoint) -> Reason:
    what = f"{ep.technology} " if ep.technology else ""
    return Reason(f"{what}{ep.kind.value} `{ep.name}`", (ep.evidence,))


_MANIFEST_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "package.json"})


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder + "/")


def _deployables(paths: Sequence[str], starters: Sequence[EntryPoint]) -> dict[str, Evidence]:
    """Project folders (below the root, holding a deploy file or a manifest) that hold an
    application of their own; each starter counts for the deepest such folder around it."""
    markers: dict[str, str] = {}
    for path in sorted(paths):
        folder, _, name = path.rpartition("/")
        if folder and (name in DEPLOY_FILE_NAMES or name in _MANIFEST_FILES):
            deploy = name in DEPLOY_FILE_NAMES
            if folder not in markers or (
                deploy and markers[folder].rpartition("/")[2] in _MANIFEST_FILES
            ):
                markers[folder] = path  # a deploy file is the better evidence
    found: dict[str, Evidence] = {}
    for ep in starters:
        around = [f for f in markers if ep.evidence.path.startswith(f + "/")]
        if around:
            folder = max(around, key=len)
            found.setdefault(folder, Evidence(markers[folder], 0))
    return found


def _public_api(components: Sequence[Component]) -> tuple[int, Evidence | None]:
    """How many public names the non-private components offer importers, and where the
    largest such API is declared."""
    total, best, best_count = 0, None, 0
    for comp in components:
        if any(part.startswith("_") for part in comp.name.split(".")):
            continue
        api = [i for i in comp.interfaces if i.kind == "public-api"]
        total += len(api)
        if len(api) > best_count:
            best, best_count = Evidence(api[0].evidence.path, 0), len(api)
    return total, best
