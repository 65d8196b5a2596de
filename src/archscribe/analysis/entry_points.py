"""Analysis: how the system is started (console scripts, ``__main__`` modules, manage.py,
WSGI/ASGI application objects, worker and command-line application objects)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archscribe.analysis.modules import bindings, qualify
from archscribe.catalogue.factories import AppFactory
from archscribe.model.architecture import CodeRole, EntryPoint, EntryPointKind, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ManifestFacts, PythonFacts

_FACTORY_KINDS = {
    "wsgi": EntryPointKind.WSGI,
    "asgi": EntryPointKind.ASGI,
    "web-app": EntryPointKind.WEB_APP,
    "worker": EntryPointKind.WORKER,
    "cli-app": EntryPointKind.CLI_APP,
}
_SCRIPT_GROUPS = {
    "console_scripts": EntryPointKind.CONSOLE_SCRIPT,
    "gui_scripts": EntryPointKind.GUI_SCRIPT,
}


def manifest_entry_points(
    manifests: Sequence[tuple[str, ManifestFacts]],
    component_of: Mapping[str, str],
    modules: Mapping[str, tuple[Module, PythonFacts]],
) -> list[EntryPoint]:
    """Console and GUI scripts the manifests declare, each checked against the code: a target
    module or function the repository does not have is said to be missing."""
    found: list[EntryPoint] = []
    for path, manifest in manifests:
        for decl in manifest.entry_points:
            kind = _SCRIPT_GROUPS.get(decl.group)
            if kind is None:
                continue
            module, _, attribute = decl.target.strip().partition(":")
            module = module.strip()
            found.append(
                EntryPoint(
                    kind=kind,
                    name=decl.name,
                    target=decl.target.strip(),
                    evidence=Evidence(path, decl.line),
                    component=_component_of_module(module, component_of),
                    missing=_missing(module, attribute.strip(), modules),
                )
            )
    return found


def _missing(
    module: str, attribute: str, modules: Mapping[str, tuple[Module, PythonFacts]]
) -> str:
    """What of ``module:attribute`` the repository lacks ("" when both are there)."""
    known = modules.get(module)
    if known is None:
        return f"module `{module}`"
    head = attribute.split(".", 1)[0]
    facts = known[1]
    names = {
        *(f.name for f in facts.functions),
        *(c.name for c in facts.classes),
        *(a.target for a in facts.call_assignments),
        *(i.alias or i.name or i.module.split(".", 1)[0] for i in facts.imports),
    }
    if head and head not in names and not facts.problems:
        return f"`{head}` in `{known[0].path}`"
    return ""


def _component_of_module(module: str, component_of: Mapping[str, str]) -> str:
    parts = module.split(".")
    while parts:
        comp = component_of.get(".".join(parts))
        if comp:
            return comp
        parts.pop()
    return ""


def source_entry_points(
    modules: Sequence[tuple[Module, PythonFacts]], factories: Mapping[str, AppFactory]
) -> list[EntryPoint]:
    """Entry points found in the code itself; tests, examples and docs are not looked at."""
    found: list[EntryPoint] = []
    for module, facts in modules:
        if module.role not in (CodeRole.SOURCE, CodeRole.SCRIPT):
            continue
        evidence_file = Evidence(module.path, 1)
        if module.path.endswith("__main__.py") and module.role is CodeRole.SOURCE:
            package = module.name.rpartition(".")[0]
            folder = module.path.rpartition("/")[0] or "."
            found.append(
                EntryPoint(
                    EntryPointKind.MAIN_MODULE,
                    f"python -m {package}" if package else f"python {folder}",
                    module.name,
                    evidence_file,
                    module.component,
                )
            )
        if module.path.rsplit("/", 1)[-1] == "manage.py" and any(
            i.module.split(".", 1)[0] == "django" for i in facts.imports
        ):
            found.append(
                EntryPoint(
                    EntryPointKind.MANAGE_PY,
                    module.path,
                    "",
                    evidence_file,
                    module.component,
                )
            )
        elif (
            facts.has_main_guard
            and "." not in module.name
            and not module.path.endswith("__main__.py")
            and module.role is CodeRole.SOURCE
        ):
            found.append(
                EntryPoint(
                    EntryPointKind.MAIN_GUARD,
                    f"python {module.path}",
                    module.name,
                    Evidence(module.path, facts.main_guard_line),
                    module.component,
                )
            )
        if facts.call_assignments:
            bound = dict(bindings(facts.imports, module.name, module.is_package))
            for local in (*(f.name for f in facts.functions), *(c.name for c in facts.classes)):
                bound.pop(local, None)  # a module's own def or class shadows an import
            for assignment in facts.call_assignments:
                factory = factories.get(qualify(assignment.callee, bound))
                if factory is None:
                    continue
                found.append(
                    EntryPoint(
                        _FACTORY_KINDS[factory.kind],
                        f"{module.name}:{assignment.target}",
                        f"{module.name}:{assignment.target}",
                        Evidence(module.path, assignment.line),
                        module.component,
                        factory.technology,
                    )
                )
    return found
