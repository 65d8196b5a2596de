"""Analysis: module names for Python files, and resolution of imports to modules.

A file's module name is its path below the source root that holds it (``src/`` layouts, roots
a manifest names, or the repository itself), so flat, ``src/``, several-package and namespace
layouts all name modules the way Python would import them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from archscribe.model.facts import ImportFact


def detect_source_roots(
    paths: Sequence[str], declared: Iterable[str] = (), projects: Iterable[str] = ()
) -> tuple[str, ...]:
    """The folders that act as import roots, longest first; ``""`` (the repository) is last.

    ``declared`` comes from configuration or manifests and is taken as it is. Besides, in the
    repository and in each project folder (one holding a manifest, as the services of a
    monorepo do), a ``src`` folder that is not a package itself and holds packages or
    namespace packages is a root, and so are ``lib`` and ``python`` folders that hold
    packages; a project folder whose packages sit directly in it is a root too.
    """
    roots = {r.strip("/") for r in declared if r.strip("/") not in ("", ".")}
    packages = {p.rpartition("/")[0] for p in paths if p.endswith("/__init__.py")}
    python_dirs = {p.rpartition("/")[0] for p in paths if p.endswith(".py")}
    for base in sorted({"", *(p.strip("/") for p in projects)}):
        prefix = f"{base}/" if base else ""
        for candidate, namespace_ok in (("src", True), ("lib", False), ("python", False)):
            folder = prefix + candidate
            if folder in packages:
                continue  # a package called lib is imported as ``lib``, not a root
            holds_package = any(p.rpartition("/")[0] == folder for p in packages)
            holds_namespace = namespace_ok and any(d.startswith(folder + "/") for d in python_dirs)
            if holds_package or holds_namespace:
                roots.add(folder)
        if base and base not in packages and any(p.rpartition("/")[0] == base for p in packages):
            roots.add(base)
    return (*sorted(roots, key=lambda r: (-r.count("/"), r)), "")


def module_name(path: str, roots: Sequence[str]) -> tuple[str, bool]:
    """The dotted module name of the ``.py`` file at ``path`` and whether it is a package.

    ``pkg/__init__.py`` is the package ``pkg``; ``src/pkg/mod.py`` is ``pkg.mod`` when ``src``
    is a root. Returns ``("", False)`` for a file that cannot be named (``src/__init__.py``).
    """
    rel = path
    for root in roots:
        if root and path.startswith(root + "/"):
            rel = path[len(root) + 1 :]
            break
    stem = rel.removesuffix(".py").removesuffix(".pyi")
    parts = stem.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    if not parts:
        return "", False
    return ".".join(parts), is_package


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where one import leads: an internal module, or an outside top-level name."""

    internal: str = ""  # the repository module imported
    external: str = ""  # the top-level name of a module outside the repository


# What ``ModuleIndex.resolved`` is keyed by: an import's module, name and level, and the package
# it is relative to ("" for an absolute import).
ImportKey = tuple[str, str, int, str]
_NOWHERE = Resolved()


class ModuleIndex:
    """The repository's module names, for resolving imports the way grimp and ruff do."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = frozenset(names)
        self._top = frozenset(n.split(".", 1)[0] for n in self._names)
        # The same imports recur thousands of times in a large repository, and so do the
        # modules they name (``from a.b import x, y, z``).
        self.resolved: dict[ImportKey, Resolved] = {}
        self._deepest_of: dict[str, Resolved] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._names

    @property
    def top_level(self) -> frozenset[str]:
        """Top-level names that belong to the repository."""
        return self._top

    def _deepest(self, dotted: str) -> str:
        parts = dotted.split(".")
        while parts:
            candidate = ".".join(parts)
            if candidate in self._names:
                return candidate
            parts.pop()
        return ""

    def resolve(self, fact: ImportFact, importer: str, importer_is_package: bool) -> Resolved:
        """Resolve one import written in module ``importer``.

        ``from a.b import c`` leads to ``a.b.c`` when that is a module, else to ``a.b``;
        ``import a.b.c`` leads to the deepest existing of ``a.b.c``, ``a.b``, ``a``.
        Relative imports are resolved against the importer's package.
        """
        package = ""
        if fact.level:
            package = importer if importer_is_package else importer.rpartition(".")[0]
        key = (fact.module, fact.name, fact.level, package)
        found = self.resolved.get(key)
        if found is None:
            found = self.resolve_key(key)
        return found

    def resolve_key(self, key: ImportKey) -> Resolved:
        """Resolve the import ``key`` stands for (see ``ImportKey``), and remember it in
        ``resolved``: a caller with many imports looks there first."""
        found = self.resolved[key] = self._resolve(*key)
        return found

    def _resolve(self, module: str, name: str, level: int, package: str) -> Resolved:
        if level:
            parts = package.split(".") if package else []
            up = level - 1
            if up >= len(parts):
                return _NOWHERE
            base_parts = parts[: len(parts) - up]
            base = ".".join([*base_parts, module] if module else base_parts)
        else:
            base = module
            top = base.split(".", 1)[0]
            if top not in self._top:
                return Resolved(external=top)
        if name and name != "*":
            sub = f"{base}.{name}"
            if sub in self._names:
                return Resolved(internal=sub)
        found = self._deepest_of.get(base)
        if found is None:
            target = self._deepest(base)
            found = self._deepest_of[base] = Resolved(internal=target) if target else _NOWHERE
        return found


def bindings(imports: Sequence[ImportFact], importer: str, is_package: bool) -> Mapping[str, str]:
    """What each top-level name of a module is bound to by its imports: ``{"Flask":
    "flask.Flask", "fa": "fastapi"}``. Relative imports are made absolute."""
    bound: dict[str, str] = {}
    parts: list[str] | None = None  # of the importer's package, once a relative import needs it
    for fact in imports:
        if fact.in_function:
            continue
        module = fact.module
        if fact.level:
            if parts is None:
                package = importer if is_package else importer.rpartition(".")[0]
                parts = package.split(".") if package else []
            keep = len(parts) - (fact.level - 1)
            if keep <= 0:
                continue
            module = ".".join([*parts[:keep], *([fact.module] if fact.module else [])])
        if not fact.name:
            if fact.alias:
                bound[fact.alias] = module
            else:
                top = module.split(".", 1)[0]
                bound[top] = top
        elif fact.name != "*":
            bound[fact.alias or fact.name] = f"{module}.{fact.name}" if module else fact.name
    return bound


def qualify(dotted: str, bound: Mapping[str, str]) -> str:
    """The fully qualified name of ``dotted`` (``web.Application``) through ``bound``."""
    head, _, rest = dotted.partition(".")
    target = bound.get(head)
    if target is None:
        return ""
    return f"{target}.{rest}" if rest else target
