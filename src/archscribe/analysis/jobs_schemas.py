"""Analysis: remote-procedure interfaces declared in code: gRPC servicers (a class deriving
from ``<x>_pb2_grpc.<Service>Servicer``, one interface per method it defines, named
``Service.Method``) and GraphQL root fields (``Query.books``, ``Mutation.borrow``) of
Strawberry types, graphene object types and Ariadne bindables.
"""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.jobs_common import Objects, modules_of, place
from archscribe.catalogue.code_interfaces import InterfaceKnowledge
from archscribe.model.facts import ClassFact, literal

__all__ = ["describe_schemas"]


def describe_schemas(
    index: CodeIndex, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """Every gRPC method and GraphQL root field the modules declare."""
    found: list[Placed] = []
    for module in modules_of(index):
        for cls in module.facts.classes:
            found += _servicer(index, module, cls, knowledge)
            found += _graphene(index, module, cls, knowledge)
        found += _strawberry(module, objects, knowledge)
        found += _ariadne(module, objects, knowledge)
    return found


def _servicer(
    index: CodeIndex, module: IndexedModule, cls: ClassFact, knowledge: InterfaceKnowledge
) -> list[Placed]:
    technology, module_suffix, class_suffix = knowledge.grpc
    qualified = f"{module.name}.{cls.name}"
    for base in index.ancestors(qualified):
        owner, _, name = base.rpartition(".")
        service = name.removesuffix(class_suffix)
        if owner.endswith(module_suffix) and name.endswith(class_suffix) and service:
            detail = f"{technology} servicer {qualified}"
            return [
                place(module, "grpc", f"{service}.{method}", cls.line, detail)
                for method in cls.methods
                if not method.startswith("_")
            ]
    return []


def _graphene(
    index: CodeIndex, module: IndexedModule, cls: ClassFact, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """A root ``graphene.ObjectType``'s fields: attributes made by graphene
    (``graphene.List(Book)``) or by a mutation's ``Field()`` (``CreateBook.Field()``)."""
    rules = knowledge.graphql
    if cls.name not in rules.roots:
        return []
    if not index.inherits(f"{module.name}.{cls.name}", rules.graphene_bases):
        return []
    found: list[Placed] = []
    for attribute in cls.attributes:
        if "." in attribute.name or attribute.name.startswith("_") or not attribute.callee:
            continue
        made = module.resolve(attribute.callee)
        if made.startswith(rules.graphene_module + ".") or attribute.callee.endswith(".Field"):
            name = f"{cls.name}.{attribute.name}"
            found.append(place(module, "graphql", name, attribute.line, "Graphene field"))
    return found


def _strawberry(
    module: IndexedModule, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """A root ``@strawberry.type`` class's fields: its attributes and its methods decorated
    ``@strawberry.field`` / ``mutation`` / ``subscription``."""
    rules = knowledge.graphql
    roots: dict[str, str] = {}  # class -> root type name
    for decorator in module.facts.decorators:
        if decorator.kind == "class" and objects.qualify(module, decorator.name) in (
            rules.strawberry_types
        ):
            given = literal(dict(decorator.keywords).get("name", "")) if decorator.call else None
            if (given or decorator.target) in rules.roots:
                roots[decorator.target] = given or decorator.target
    found: list[Placed] = []
    for cls in module.facts.classes:
        if cls.name not in roots:
            continue
        for attribute in cls.attributes:
            if "." not in attribute.name and not attribute.name.startswith("_"):
                name = f"{roots[cls.name]}.{attribute.name}"
                found.append(place(module, "graphql", name, attribute.line, "Strawberry field"))
    for decorator in module.facts.decorators:
        owner, _, method = decorator.target.partition(".")
        if decorator.kind != "method" or owner not in roots:
            continue
        if objects.qualify(module, decorator.name) in rules.strawberry_fields:
            name = f"{roots[owner]}.{method}"
            detail = f"Strawberry resolver {module.name}.{decorator.target}"
            found.append(place(module, "graphql", name, decorator.line, detail))
    return found


def _ariadne(
    module: IndexedModule, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """``@query.field("books")`` where ``query = QueryType()``."""
    rules = knowledge.graphql
    found: list[Placed] = []
    for decorator in module.facts.decorators:
        if decorator.kind != "function" or not decorator.call or not decorator.args:
            continue
        owner, _, method = objects.qualify(module, decorator.name).rpartition(".")
        root = rules.ariadne.get(owner)
        field = literal(decorator.args[0]) or ""
        if root is None or method != rules.ariadne_method or not field:
            continue
        detail = f"Ariadne resolver {module.name}.{decorator.target}"
        found.append(place(module, "graphql", f"{root}.{field}", decorator.line, detail))
    return found
