"""Analysis: what the names a data model's code writes stand for (``models.Model``,
``db.Column``, ``Mapped[list["Item"]]``), resolved through the module's imports and the
catalogue, and the small readers of value texts (calls, annotations) the data-model detectors
share.

A name counts only when it resolves: ``db.Model`` is Flask-SQLAlchemy's base only when ``db``
is bound to the result of ``flask_sqlalchemy.SQLAlchemy()``; a class merely called ``Model``
that resolves to nothing known is no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.analysis.value_texts import split_top
from archscribe.catalogue.data_models import ModelFamily, ModelKnowledge
from archscribe.model.facts import ClassFact, literal

__all__ = ["Annotation", "Names", "last_name", "parse_call", "split_top"]

_CALL = re.compile(r"^([A-Za-z_][\w.]*)\((.*)\)$", re.DOTALL)
_SUBSCRIPT = re.compile(r"^([A-Za-z_][\w.]*)\[(.*)\]$", re.DOTALL)
_DOTTED = re.compile(r"^[A-Za-z_][\w.]*$")
_KEYWORD = re.compile(r"^([A-Za-z_]\w*)=(.*)$", re.DOTALL)


def last_name(dotted: str) -> str:
    """``Column`` of ``sa.Column``."""
    return dotted.rpartition(".")[2]


def parse_call(text: str) -> tuple[str, list[str], dict[str, str]] | None:
    """A call's value text (``ForeignKey("users.id", ondelete="CASCADE")``) read as its
    callee, positional arguments and keyword arguments; None when it is no call."""
    matched = _CALL.match(text.strip())
    if matched is None:
        return None
    positional: list[str] = []
    keywords: dict[str, str] = {}
    for part in split_top(matched.group(2), ","):
        keyword = _KEYWORD.match(part)
        if keyword is not None and not part.startswith(("'", '"')):
            keywords[keyword.group(1)] = keyword.group(2).strip()
        else:
            positional.append(part)
    return matched.group(1), positional, keywords


@dataclass(frozen=True, slots=True)
class Annotation:
    """What an annotation reaches: the class or forward reference inside it (a value text:
    ``"Item"`` quoted, ``Shelf`` a dotted name), whether it holds many (``list[...]``) and
    the cardinality a relation marker around it says (``Link[...]``: many-to-one)."""

    reference: str
    many: bool = False
    marker: str = ""


class Names:
    """Resolves what a data model's code writes, for one repository and one catalogue."""

    def __init__(self, index: CodeIndex, knowledge: ModelKnowledge) -> None:
        self.index = index
        self.knowledge = knowledge
        self._made: dict[str, str] = {}
        self.wrappers = frozenset(name for f in knowledge.families for name in f.wrappers)
        self.known = frozenset(
            {
                *knowledge.relations,
                *knowledge.columns,
                *knowledge.key_callees,
                *knowledge.containers,
                *knowledge.annotations,
                *self.wrappers,
                *(name for f in knowledge.families for name in f.field_callees),
            }
        )

    def made_by(self, qualified: str) -> str:
        """The qualified callable whose result a module-level assignment of the repository
        binds to ``qualified`` (``shop.extensions.db`` -> ``flask_sqlalchemy.SQLAlchemy``);
        ``""`` when it is no such assignment."""
        if qualified in self._made:
            return self._made[qualified]
        made = ""
        module = self.index.module_of(qualified)
        if module is not None and qualified.startswith(module.name + "."):
            target = qualified[len(module.name) + 1 :]
            for assignment in module.facts.call_assignments:
                if assignment.target == target:
                    made = module.resolve(assignment.callee)
                    break
        self._made[qualified] = made
        return made

    def canonical(self, module: IndexedModule, dotted: str) -> str:
        """The qualified name ``dotted`` stands for in ``module``; an attribute of an object
        a known callable made stands for the name of its namespaces (``db.Column`` is
        ``sqlalchemy.Column``). ``""`` when it does not resolve."""
        qualified = module.resolve(dotted) if dotted else ""
        if not qualified or qualified in self.known:
            return qualified
        head, _, attribute = qualified.rpartition(".")
        instance = self.knowledge.by_instance.get(self.made_by(head)) if head else None
        if instance is None or not instance[0].namespaces:
            return qualified
        namespaces = instance[0].namespaces
        for namespace in namespaces:
            if f"{namespace}.{attribute}" in self.known:
                return f"{namespace}.{attribute}"
        return f"{namespaces[0]}.{attribute}"

    def family_of(self, module: IndexedModule, cls: ClassFact) -> ModelFamily | None:
        """The family whose model the class is: through its nearest known base (a skipped
        class, pydantic's ``BaseSettings``, ends the search), else its decorators. A direct
        subclass of a declarative root (``class Base(DeclarativeBase)``) is no model."""
        knowledge = self.knowledge
        qualified = f"{module.name}.{cls.name}"
        for ancestor in self.index.ancestors(qualified):
            if ancestor in knowledge.skip:
                return None
            family = knowledge.by_base.get(ancestor) or knowledge.by_factory.get(
                self.made_by(ancestor)
            )
            if family is not None:
                return family
            family = knowledge.by_root.get(ancestor)
            if family is not None:
                direct = {module.resolve(base) for base in cls.bases}
                return None if ancestor in direct else family
            head, _, attribute = ancestor.rpartition(".")
            instance = knowledge.by_instance.get(self.made_by(head)) if head else None
            if instance is not None and instance[1] == attribute:
                return instance[0]
        for decorator in cls.decorators:
            family = knowledge.by_decorator.get(module.resolve(decorator))
            if family is not None:
                return family
        return None

    def annotation(self, module: IndexedModule, text: str) -> Annotation | None:
        """What the annotation ``text`` reaches through its wrappers (``Mapped[...]``),
        optionals (``X | None``, ``Optional[X]``), collections (``list[...]``) and relation
        markers (``Link[...]``); None when it is something else (a ``dict[str, int]``)."""
        knowledge = self.knowledge
        many = False
        marker = ""
        current = text.strip()
        for _ in range(8):
            alternatives = [p for p in split_top(current, "|") if p != "None"]
            if len(alternatives) != 1:
                return None
            current = alternatives[0]
            quoted = literal(current)
            if quoted is not None:
                if _DOTTED.match(quoted):
                    return Annotation(current, many, marker)
                current = quoted  # a quoted annotation: read what it quotes
                continue
            subscript = _SUBSCRIPT.match(current)
            if subscript is None:
                return Annotation(current, many, marker) if _DOTTED.match(current) else None
            head, inner = subscript.group(1), subscript.group(2)
            resolved = self.canonical(module, head)
            if resolved in self.wrappers or last_name(head) in knowledge.optionals:
                current = inner
            elif last_name(head) in knowledge.collections:
                many = True
                items = split_top(inner, ",")
                if not items:
                    return None
                current = items[0]
            elif resolved in knowledge.annotations:
                marker = knowledge.annotations[resolved]
                current = inner
            else:
                return None
        return None
