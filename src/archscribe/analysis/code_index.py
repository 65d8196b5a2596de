"""Analysis: the cross-file step of the semantic analysis: every module's names resolved to
fully qualified ones, and the system's classes and functions indexed by them.

The scanner reads each file alone (so its facts cache by content); what a name in one file
means (is this ``app`` Flask? is this ``Check`` a Django model? is ``send_alert`` a task?) is
decided here, once, through the imports: a name counts only when it resolves. Each semantic
detector (routes, tasks, models, outbound calls, security, resilience) asks this index rather
than reading imports itself.

Test modules are indexed too, flagged as such, so that what they declare can be reported apart
from the system's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from archscribe.analysis.modules import bindings, qualify
from archscribe.model.architecture import CodeRole, Interface, Module
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ClassFact, FunctionFact, PythonFacts

__all__ = ["CodeIndex", "IndexedModule", "Placed"]

# Roles whose code is indexed: the system's own, and its tests (reported apart).
_INDEXED = frozenset({CodeRole.SOURCE, CodeRole.TEST, CodeRole.SCRIPT, CodeRole.MIGRATION})
_MRO_DEPTH = 12


@dataclass(slots=True)
class IndexedModule:
    """A module with its facts and what its top-level names are bound to."""

    module: Module
    facts: PythonFacts
    bound: dict[str, str] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)  # what resolve() found, by name

    @property
    def name(self) -> str:
        return self.module.name

    @property
    def path(self) -> str:
        return self.module.path

    @property
    def component(self) -> str:
        return self.module.component

    @property
    def test(self) -> bool:
        """Whether this is test code (its findings are reported apart)."""
        return self.module.role is CodeRole.TEST

    @property
    def source(self) -> bool:
        """Whether this is the system's own code."""
        return self.module.role is CodeRole.SOURCE

    def evidence(self, line: int) -> Evidence:
        return Evidence(self.module.path, line)

    def resolve(self, dotted: str) -> str:
        """The fully qualified name ``dotted`` stands for in this module: one of its own
        top-level definitions (``module.Name``) or a name an import binds; ``""`` otherwise
        (a local variable, a parameter, a builtin)."""
        if not dotted:
            return ""
        found = self.resolved.get(dotted)
        if found is None:
            found = self.resolved[dotted] = qualify(dotted, self.bound)
        return found


class CodeIndex:
    """Every indexed module, and the classes and functions of the repository by qualified
    name."""

    def __init__(self, pairs: Iterable[tuple[Module, PythonFacts]]) -> None:
        self.modules: list[IndexedModule] = []
        self.by_name: dict[str, IndexedModule] = {}
        self.classes: dict[str, tuple[IndexedModule, ClassFact]] = {}
        self.functions: dict[str, tuple[IndexedModule, FunctionFact]] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        for module, facts in pairs:
            if module.role not in _INDEXED:
                continue
            bound = dict(bindings(facts.imports, module.name, module.is_package))
            own = [
                *(f.name for f in facts.functions),
                *(c.name for c in facts.classes),
                *(a.target for a in facts.call_assignments),
            ]
            for name in own:  # a module's own definition shadows an import
                bound[name] = f"{module.name}.{name}"
            indexed = IndexedModule(module, facts, bound)
            self.modules.append(indexed)
            self.by_name.setdefault(module.name, indexed)
            for cls in facts.classes:
                self.classes.setdefault(f"{module.name}.{cls.name}", (indexed, cls))
            for function in facts.functions:
                self.functions.setdefault(f"{module.name}.{function.name}", (indexed, function))

    def __iter__(self) -> Iterator[IndexedModule]:
        return iter(self.modules)

    def source_modules(self) -> Iterator[IndexedModule]:
        """The system's own modules."""
        return (m for m in self.modules if m.source)

    def ancestors(self, qualified: str) -> tuple[str, ...]:
        """The qualified names of every base of the class ``qualified``, nearest first,
        followed through the repository's own classes (a base outside the repository is
        given as its module's import makes it: ``django.db.models.Model``); worked out once
        per class."""
        known = self._ancestors.get(qualified)
        if known is None:
            known = self._ancestors[qualified] = tuple(self._walk_ancestors(qualified))
        return known

    def _walk_ancestors(self, qualified: str) -> list[str]:
        found: list[str] = []
        seen = {qualified}
        frontier = [qualified]
        for _ in range(_MRO_DEPTH):
            following: list[str] = []
            for name in frontier:
                entry = self.classes.get(name)
                if entry is None:
                    continue
                module, cls = entry
                for base in cls.bases:
                    resolved = module.resolve(base) or base
                    if resolved not in seen:
                        seen.add(resolved)
                        found.append(resolved)
                        following.append(resolved)
            if not following:
                break
            frontier = following
        return found

    def inherits(self, qualified: str, bases: Mapping[str, object] | frozenset[str]) -> str:
        """The first of ``bases`` (qualified names) the class ``qualified`` derives from,
        or ``""``."""
        for ancestor in self.ancestors(qualified):
            if ancestor in bases:
                return ancestor
        return ""

    def module_of(self, qualified: str) -> IndexedModule | None:
        """The indexed module a qualified name lives in: the longest module-name prefix."""
        head = qualified
        while head:
            found = self.by_name.get(head)
            if found is not None:
                return found
            head = head.rpartition(".")[0]
        return None


@dataclass(frozen=True, slots=True)
class Placed:
    """An interface and the component that offers it; ``test`` when only a test declares it
    (reported apart, never as the system's)."""

    component: str
    interface: Interface
    test: bool = False
