"""Analysis: what each component is for (purpose) and how others reach it (interfaces)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archscribe.model.architecture import EntryPoint, EntryPointKind, Interface, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import PythonFacts, ReadmeFacts
from archscribe.model.settings import ComponentSpec


def package_init(
    name: str, members: Sequence[Module], spec: ComponentSpec | None
) -> Module | None:
    """The ``__init__.py`` that speaks for a component: the package the component is named
    after, or the package at the one folder a configured component spans."""
    if spec is not None:
        folders = [p.strip("/") for p in spec.paths]
        if len(folders) != 1:
            return None
        wanted = f"{folders[0]}/__init__.py" if folders[0] else "__init__.py"
        return next((m for m in members if m.path == wanted), None)
    return next((m for m in members if m.name == name and m.is_package), None)


def component_purpose(
    name: str,
    members: Sequence[Module],
    init: Module | None,
    readme_by_dir: Mapping[str, tuple[str, ReadmeFacts]],
    spec: ComponentSpec | None,
    config_path: str,
) -> tuple[str, Evidence | None]:
    """The first of: the configured description, the package docstring, a README beside the
    code, the docstring of a one-module component. Empty when none says anything."""
    if spec is not None and spec.description:
        described = " ".join(spec.description.split())  # one line, whatever the TOML held
        return described, Evidence(config_path or "configuration", 0, f"components.{name}")
    if init is not None and init.docstring:
        return init.docstring, Evidence(init.path, 1)
    if init is not None:
        folder = init.path.rpartition("/")[0]
        readme = readme_by_dir.get(folder)
        if readme is not None and readme[1].summary:
            return readme[1].summary, Evidence(readme[0], readme[1].summary_line)
    if len(members) == 1 and members[0].docstring:
        return members[0].docstring, Evidence(members[0].path, 1)
    return "", None


def component_interfaces(
    name: str,
    members: Sequence[Module],
    init: Module | None,
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
        if ep.missing:
            label += f" (the repository has no {ep.missing})"
        found.append(Interface(kind, f"{ep.kind.value}: {label}", ep.evidence))
    api_module = init
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
