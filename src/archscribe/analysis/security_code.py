"""Analysis: the security measures the code itself shows: security objects and calls
(``OAuth2PasswordBearer(...)``, ``CSRFProtect()``, ``jwt.decode(..., algorithms=["HS256"])``,
password hashing), view decorators (``login_required``), view classes (``permission_classes``,
``LoginRequiredMixin``), the repository's own permission classes and authentication backends,
role fields of user models, and FastAPI-style authentication dependencies.

A name counts only when it resolves, through the module's imports, to one the catalogue knows:
a local ``login_required`` is not Django's. Only the system's own modules count.
"""

from __future__ import annotations

import re

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.security import CodeRule, Measure, SecurityKnowledge
from archscribe.model.evidence import Evidence
from archscribe.model.facts import ClassFact, literal
from archscribe.model.semantics import SecurityMeasure

__all__ = ["code_measures", "measure"]


def measure(rule: Measure, what: str, evidence: Evidence, technology: str = "") -> SecurityMeasure:
    """A measure as ``rule`` places it, said with ``what``."""
    return SecurityMeasure(
        layer=rule.layer,
        area=rule.area,
        what=what,
        evidence=evidence,
        technology=technology or rule.technology,
    )


def code_measures(index: CodeIndex, catalogue: Catalogue) -> list[SecurityMeasure]:
    """Every measure the system's code shows."""
    knowledge = catalogue.security
    found: list[SecurityMeasure] = []
    for module in index.source_modules():
        found += _objects_and_calls(module, knowledge)
        found += _decorators(module, knowledge)
        for cls in module.facts.classes:
            found += _class_measures(module, cls, index, knowledge)
    found += _dependencies(index, knowledge)
    return found


def _objects_and_calls(
    module: IndexedModule, knowledge: SecurityKnowledge
) -> list[SecurityMeasure]:
    """Security objects made, calls made, and the names whose import is the measure."""
    found: list[SecurityMeasure] = []
    facts = module.facts
    added = _added_middleware(module, knowledge)
    found += [item for _name, item in added]
    said = {name for name, _item in added}
    for fact in facts.imports:
        if fact.name == "*":
            continue
        name = module.resolve(fact.alias or fact.name or fact.module)
        rule = knowledge.code.get(name)
        if rule is not None and rule.imported and name not in said:
            found.append(measure(rule.measure, rule.measure.what, module.evidence(fact.line)))
    called = {call.line for call in facts.calls}  # a call's own fact says more (keywords)
    for assignment in (*facts.call_assignments, *facts.local_assignments):
        rule = knowledge.code.get(module.resolve(assignment.callee))
        if rule is not None and assignment.line not in called:
            value = dict(assignment.keywords).get(rule.keyword, "") if rule.keyword else ""
            what = _detailed(rule, f'"{value}"' if value else "")
            found.append(measure(rule.measure, what, module.evidence(assignment.line)))
    for call in facts.calls:
        rule = knowledge.code.get(module.resolve(call.callee))
        if rule is not None:
            value = dict(call.keywords).get(rule.keyword, "") if rule.keyword else ""
            what = _detailed(rule, value)
            found.append(measure(rule.measure, what, module.evidence(call.line)))
    return found


_QUOTED = re.compile(r'"([^"]+)"')


def _added_middleware(
    module: IndexedModule, knowledge: SecurityKnowledge
) -> list[tuple[str, SecurityMeasure]]:
    """``app.add_middleware(CORSMiddleware, allow_origins=[...])``: the CORS middleware with
    the origins it is given (any origin for ``"*"``), by the middleware's qualified name."""
    found: list[tuple[str, SecurityMeasure]] = []
    for call in module.facts.calls:
        if not call.callee.endswith(".add_middleware") or not call.args:
            continue
        name = module.resolve(call.args[0])
        rule = knowledge.code.get(name)
        if rule is None or rule.measure.area != "cors":
            continue
        origins = dict(call.keywords).get("allow_origins", "")
        listed = _QUOTED.findall(origins)
        if "*" in listed:
            what = 'CORS open to any origin (allow_origins ["*"])'
        elif listed:
            what = f"CORS limited to {len(listed)} listed origin{'s' if len(listed) > 1 else ''}"
        elif origins:
            what = "CORS limited to the origins the settings give"
        else:
            what = "CORS middleware added"
        found.append((name, measure(rule.measure, what, module.evidence(call.line))))
    return found


def _detailed(rule: CodeRule, value: str) -> str:
    """The rule's words with the keyword's literal strings (``HS256``, ``bcrypt``), or its
    plain words when the value is not literal."""
    names = _QUOTED.findall(value) if value else []
    if not names or not rule.detail:
        return rule.measure.what
    return rule.detail.replace("{detail}", ", ".join(names))


def _decorators(module: IndexedModule, knowledge: SecurityKnowledge) -> list[SecurityMeasure]:
    found: list[SecurityMeasure] = []
    for decorator in module.facts.decorators:
        rule = knowledge.decorators.get(module.resolve(decorator.name))
        if rule is None:
            continue
        argument = literal(decorator.args[0]) if decorator.args else None
        what = f'{rule.what}("{argument}")' if argument else rule.what
        found.append(measure(rule, what, module.evidence(decorator.line)))
    return found


def _class_measures(
    module: IndexedModule, cls: ClassFact, index: CodeIndex, knowledge: SecurityKnowledge
) -> list[SecurityMeasure]:
    """What a class shows: a security mixin among its bases, being the repository's own
    permission class or backend, view attributes naming permission classes, role fields."""
    found: list[SecurityMeasure] = []
    qualified = f"{module.name}.{cls.name}"
    evidence = module.evidence(cls.line)
    for base in cls.bases:
        resolved = module.resolve(base)
        known = knowledge.classes.get(resolved) if resolved in knowledge.mixins else None
        if known is not None:
            found.append(measure(known, known.what, evidence))
    custom = index.inherits(qualified, frozenset(knowledge.custom_bases))
    if custom:
        rule = knowledge.custom_bases[custom]
        found.append(measure(rule, rule.what.replace("{name}", cls.name), evidence))
    is_user = bool(index.inherits(qualified, knowledge.role_bases))
    for attribute in cls.attributes:
        area = knowledge.view_attributes.get(attribute.name)
        if area and attribute.value.startswith(("[", "(")):
            found.append(
                _view_attribute(
                    module, cls, attribute.name, attribute.value, area, knowledge, attribute.line
                )
            )
        elif is_user and attribute.name in knowledge.role_fields:
            role = Measure("application", "authorization", "")
            what = f"role field {cls.name}.{attribute.name} on the user model"
            found.append(measure(role, what, module.evidence(attribute.line)))
    return found


_NAMES = re.compile(r"[A-Za-z_][\w.]*")


def _view_attribute(
    module: IndexedModule,
    cls: ClassFact,
    name: str,
    value: str,
    area: str,
    knowledge: SecurityKnowledge,
    line: int,
) -> SecurityMeasure:
    """``permission_classes = [IsAuthenticated, IsTeamMember]`` on a view, with the library
    of the classes the catalogue knows."""
    names = _NAMES.findall(value)
    technologies = sorted(
        {
            known.technology
            for written in names
            if (known := knowledge.classes.get(module.resolve(written))) is not None
        }
    )
    shown = ", ".join(names) if names else "none"
    what = f"{name} `[{shown}]` on {cls.name}"
    rule = Measure("application", area, what)
    return measure(rule, what, module.evidence(line), technologies[0] if technologies else "")


def _dependencies(index: CodeIndex, knowledge: SecurityKnowledge) -> list[SecurityMeasure]:
    """FastAPI-style dependencies: the functions of a module that declares an authentication
    scheme that other modules import, when their names say they check the caller
    (``get_current_user``, ``get_current_active_superuser``)."""
    declaring = {
        module.name: module
        for module in index.source_modules()
        if any(
            module.resolve(a.callee) in knowledge.dependency_schemes
            for a in module.facts.call_assignments
        )
    }
    if not declaring:
        return []
    imported: set[str] = set()
    for module in index.source_modules():
        for fact in module.facts.imports:
            if fact.name and fact.name != "*":
                imported.add(module.resolve(fact.alias or fact.name))
    found: list[SecurityMeasure] = []
    for name, module in sorted(declaring.items()):
        for function in module.facts.functions:
            if f"{name}.{function.name}" not in imported:
                continue
            area = _dependency_area(function.name, knowledge)
            if area:
                rule = Measure("application", area, "")
                what = f"{function.name} dependency, defined beside the authentication scheme"
                found.append(measure(rule, what, module.evidence(function.line)))
    return found


def _dependency_area(name: str, knowledge: SecurityKnowledge) -> str:
    words = name.lower()
    if any(word in words for word in knowledge.authorization_words):
        return "authorization"
    if any(word in words for word in knowledge.authentication_words):
        return "authentication"
    return ""
