"""Analysis: component boundaries, from configuration first, then from packages.

By default each top-level package (namespace packages included) is a component, and a package
holding more than ``split_share`` of the source is split one level down into its subpackages
(its own direct modules stay under the package's name). Loose top-level modules each stand alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from archscribe.model.architecture import Module
from archscribe.model.settings import ComponentSpec


def assign_components(
    modules: Sequence[Module], specs: Sequence[ComponentSpec], split_share: float
) -> dict[str, str]:
    """Map each source module's name to its component's name."""
    assigned: dict[str, str] = {}
    spec_paths = [(p.strip("/"), spec.name) for spec in specs for p in spec.paths]
    rest: list[Module] = []
    for module in modules:
        best_len, best_name = -1, ""
        for prefix, name in spec_paths:
            if (module.path == prefix or module.path.startswith(prefix + "/")) and len(
                prefix
            ) > best_len:
                best_len, best_name = len(prefix), name
        if best_name:
            assigned[module.name] = best_name
        else:
            rest.append(module)
    assigned.update(_default_components(rest, split_share))
    return assigned


def _default_components(modules: Sequence[Module], split_share: float) -> dict[str, str]:
    total = sum(m.code_lines for m in modules) or 1
    by_top: dict[str, list[Module]] = defaultdict(list)
    for module in modules:
        by_top[module.name.split(".", 1)[0]].append(module)
    assigned: dict[str, str] = {}
    for top, members in by_top.items():
        size = sum(m.code_lines for m in members)
        has_subpackages = any(m.name.count(".") >= 2 for m in members)
        split = has_subpackages and size / total > split_share
        for module in members:
            parts = module.name.split(".")
            if split and len(parts) >= 3:
                assigned[module.name] = ".".join(parts[:2])
            elif split and len(parts) == 2 and _is_subpackage(module, members):
                assigned[module.name] = module.name
            else:
                assigned[module.name] = top
    return assigned


def _is_subpackage(module: Module, members: Sequence[Module]) -> bool:
    """``pkg.sub`` is a subpackage (not a plain module) when something lives below it."""
    prefix = module.name + "."
    return module.is_package or any(m.name.startswith(prefix) for m in members)
