"""Analysis: what each component is for (purpose) and how others reach it (interfaces)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archscribe.model.architecture import EntryPoint, EntryPointKind, Interface, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import PythonFacts, ReadmeFacts
from archscribe.model.settings import ComponentSpec


def _package_init(name: str, members: Sequence[Module]) -> Module | None:
    return next((m for m in members if m.name == name), None)


def component_purpose(
    name: str,
    members: Sequence[Module],
    facts: Mapping[str, PythonFacts],
    readme_by_dir: Mapping[str, tuple[str, ReadmeFacts]],
    spec: ComponentSpec | None,
    config_path: str,
) -> tuple[str, Evidence | None]:
    """The first of: the configured description, the package docstring, a README beside the
    code, the docstring of a one-module component. Empty when none says anything."""
    if spec is not None and spec.description:
        return spec.description, Evidence(config_path or "configuration", 0, f"components.{name}")
    init = _package_init(name, members)
    if init is not None and init.docstring:
        return init.docstring, Evidence(init.path, 1)
    if init is not None:
        folder = init.path.rpartition("/")[0]
        readme = readme_by_dir.get(folder)
        if readme is not None and readme[1].summary:
            return readme[1].summary, Evidence(readme[0], readme[1].summary_line)
    if len(members) == 1 and members[0].docstring:
        return members[0].docstring, Evidence(members[0].path, 1)
    del facts
    return "", None


def component_interfaces(
    name: str,
    members: Sequence[Module],
    facts: Mapping[str, PythonFacts],
    entry_points: Sequence[EntryPoint],
) -> tuple[Interface, ...]:
    """Entry points that start in the component, then its public API."""
    found: list[Interface] = []
    for ep in entry_points:
        if ep.component != name:
            continue
        kind = "console-script" if ep.kind is EntryPointKind.CONSOLE_SCRIPT else "entry-point"
        label = (
            ep.name
            if ep.kind is not EntryPointKind.CONSOLE_SCRIPT
            else (f"{ep.name} -> {ep.target}")
        )
        found.append(Interface(kind, f"{ep.kind.value}: {label}", ep.evidence))
    api_module = _package_init(name, members)
    if api_module is None and len(members) == 1:
        api_module = members[0]
    if api_module is not None:
        found.extend(_public_api(api_module, facts[api_module.path]))
    return tuple(found)


def _public_api(module: Module, facts: PythonFacts) -> list[Interface]:
    """``__all__`` when the module has one; otherwise its public top-level classes and
    functions, and the names it re-exports from its own package."""
    if facts.all_names is not None:
        return [
            Interface("public-api", n, Evidence(module.path, 0)) for n in sorted(facts.all_names)
        ]
    names: dict[str, int] = {}
    for cls in facts.classes:
        if not cls.name.startswith("_"):
            names.setdefault(cls.name, cls.line)
    for fn in facts.functions:
        if not fn.name.startswith("_"):
            names.setdefault(fn.name, fn.line)
    if module.is_package:
        for imp in facts.imports:
            exported = imp.alias or imp.name
            if (
                imp.level
                and imp.name
                and imp.name != "*"
                and not imp.in_function
                and not imp.type_checking
                and not exported.startswith("_")
            ):
                names.setdefault(exported, imp.line)
    return [
        Interface("public-api", n, Evidence(module.path, line))
        for n, line in sorted(names.items())
    ]
