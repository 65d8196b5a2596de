"""Analysis: where a component lives on disk, and where the code set apart from the system
(tests, examples, docs, migrations…) lives."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from archscribe.analysis.roles import role_folder
from archscribe.model.architecture import CodeRole, Module, SetAside

_MAX_PATHS = 12


def component_paths(
    name: str, members: Sequence[Module], everything: Sequence[Module]
) -> list[str]:
    """The folders (``pkg/sub/``) or files a component spans.

    The remainder of a package split into subpackages is ``pkg/*.py``: the folder's own modules,
    not the subfolders that are components of their own.
    """
    depth = name.count(".") + 1
    folders: set[str] = set()
    files: set[str] = set()
    for module in members:
        dirs = module.path.split("/")[:-1]
        in_dirs = module.name.count(".") + (1 if module.is_package else 0)
        if depth > in_dirs or len(dirs) < in_dirs:
            files.add(module.path)
            continue
        folders.add("/".join(dirs[: len(dirs) - in_dirs + depth]) + "/")
    result = []
    for folder in sorted(folders):
        others = any(
            m.component and m.component != name and m.path.startswith(folder) for m in everything
        )
        result.append(f"{folder}*.py" if others else folder)
    return [*result, *sorted(files)]


def set_aside_summary(modules: Sequence[Module]) -> tuple[SetAside, ...]:
    """Python code that is not part of the system's components, grouped by role."""
    grouped: dict[CodeRole, list[Module]] = defaultdict(list)
    for module in modules:
        if module.role is not CodeRole.SOURCE:
            grouped[module.role].append(module)
    result = []
    for role in CodeRole:
        members = grouped.get(role)
        if not members:
            continue
        folders = sorted({role_folder(m.path, role) for m in members})
        minimal = [
            f for f in folders if not any(f != o and f.startswith(o + "/") for o in folders)
        ]
        shown = tuple(minimal[:_MAX_PATHS]) + (
            (f"… {len(minimal) - _MAX_PATHS} more",) if len(minimal) > _MAX_PATHS else ()
        )
        result.append(SetAside(role, shown, len(members), sum(m.code_lines for m in members)))
    return tuple(result)
