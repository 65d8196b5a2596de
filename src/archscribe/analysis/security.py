"""Analysis: the security measures settings, middleware and code show: authentication,
password hashing, authorization, sessions, transport and headers, by layer.

Settings are reported as set, never judged effective: ``SECURE_HSTS_SECONDS = 31536000`` is
"HSTS for 31536000 s", ``ALLOWED_HOSTS = ["*"]`` says any host is allowed. What the
catalogue (``data/security.toml``) knows is named by its words; a class a settings list
names that it does not know is still named, as the setting lists it. Settings of a module or
a configuration class whose name says it is not production's (``settings/test.py``,
``class TestConfig``) are left out, and so are tests. What code shows (decorators, view
classes, security objects, JWT and hashing calls) is read by
:mod:`archscribe.analysis.security_code`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.analysis.security_code import code_measures, measure
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.security import SecurityKnowledge
from archscribe.model.facts import SettingValue
from archscribe.model.semantics import SecurityMeasure

__all__ = ["describe_security", "duration_words"]


def describe_security(index: CodeIndex, catalogue: Catalogue) -> tuple[SecurityMeasure, ...]:
    """Every measure found, in (layer, area, evidence) order."""
    knowledge = catalogue.security
    found: list[SecurityMeasure] = []
    for module in index.source_modules():
        if not _non_production(module.name, knowledge):
            found += _settings_measures(module, index, knowledge)
    found += code_measures(index, catalogue)
    return _unique(found)


def _unique(found: Iterable[SecurityMeasure]) -> tuple[SecurityMeasure, ...]:
    """One measure per (what, place), in a stable order."""
    return tuple(sorted(set(found), key=_key))


def _key(item: SecurityMeasure) -> tuple[str, str, str, int, str]:
    return (item.layer, item.area, item.evidence.path, item.evidence.line, item.what)


_WORDS = re.compile(r"[a-z]+")


def _non_production(name: str, knowledge: SecurityKnowledge) -> bool:
    """Whether a dotted module or class name says it is for tests or development
    (``settings.test``, ``TestConfig``, ``DevelopmentConfig``)."""
    split = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return any(word in knowledge.non_production for word in _WORDS.findall(split))


def _settings_measures(
    module: IndexedModule, index: CodeIndex, knowledge: SecurityKnowledge
) -> list[SecurityMeasure]:
    """The measures a module's settings show."""
    skipped = {
        attribute.line
        for cls in module.facts.classes
        if _non_production(cls.name, knowledge)
        for attribute in cls.attributes
    }
    lists: dict[str, list[SettingValue]] = defaultdict(list)
    found: list[SecurityMeasure] = []
    for setting in module.facts.settings:
        if setting.line in skipped:
            continue
        name = setting.setting
        if name in knowledge.host_lists or name in knowledge.class_lists:
            lists[name].append(setting)
            continue
        rule = knowledge.settings.get(name)
        if rule is None or not setting.value:
            continue
        value = setting.value
        if value in ("False", "0", "None"):
            what = rule.off
        elif value == "True":
            what = "" if "{value}" in rule.measure.what else rule.measure.what
        else:
            what = rule.measure.what.replace(
                "{value}", rule.values.get(value) or duration_words(value)
            )
        if what:
            found.append(measure(rule.measure, what, module.evidence(setting.line)))
    for name, values in sorted(lists.items()):
        found += _list_measures(module, index, knowledge, name, values)
    return found


def _list_measures(
    module: IndexedModule,
    index: CodeIndex,
    knowledge: SecurityKnowledge,
    name: str,
    values: list[SettingValue],
) -> list[SecurityMeasure]:
    """A list setting: hosts or origins as one measure, classes one by one."""
    values = sorted(values, key=lambda v: v.line)
    hosts = knowledge.host_lists.get(name)
    if hosts is not None:
        anything = [v for v in values if v.value == "*"]
        what = hosts.any if anything else hosts.measure.what
        line = (anything or values)[0].line
        return [measure(hosts.measure, what, module.evidence(line))]
    rule = knowledge.class_lists[name]
    found: list[SecurityMeasure] = []
    for setting in values[:1] if rule.first else values:
        dotted = setting.value
        if not dotted:
            continue
        known = knowledge.class_measure(dotted)
        last = dotted.rpartition(".")[2]
        if known is not None and known.area:
            what = rule.known.replace("{what}", known.what.replace("{name}", last))
            found.append(measure(known, what, module.evidence(setting.line)))
        elif known is None and rule.measure.what:
            # the repository's own class: worded as its class is, so the two are one item
            own = "custom " if dotted in index.classes else ""
            what = own + rule.measure.what.replace("{name}", last)
            found.append(measure(rule.measure, what, module.evidence(setting.line)))
    return found


_DURATION = re.compile(r"(\w+)=(\d+)")


def duration_words(value: str) -> str:
    """``timedelta(hours=8)`` as ``8 hours``, ``timedelta(days=1, hours=2)`` as ``1 day 2
    hours``; any other value as it is."""
    if not value.startswith("timedelta("):
        return value
    parts = []
    for unit, amount in _DURATION.findall(value):
        word = unit[:-1] if amount == "1" else unit
        parts.append(f"{amount} {word}")
    return " ".join(parts) or value
