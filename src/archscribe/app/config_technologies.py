"""App: the ``[[tool.archscribe.technologies]]`` tables of the configuration, checked against
the shipped catalogue.

Imported only when a configuration declares technologies, so that reading an ordinary
configuration never loads the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archscribe.app.config import _Checker, _kind, _unknown
from archscribe.catalogue.technologies import (
    KEY_KIND_DESCRIPTIONS,
    KEY_KINDS,
    TechnologyIndex,
    canonical_key,
    lookup_key,
)
from archscribe.model.settings import TechnologySetting

__all__ = ["TECHNOLOGY_KEYS", "TECHNOLOGY_KINDS", "TechnologyChecker", "check_technologies"]

#: The kinds of key of one ``[[tool.archscribe.technologies]]`` table, kebab-case, and the
#: catalogue's kind each one is.
TECHNOLOGY_KINDS: dict[str, str] = {kind.replace("_", "-"): kind for kind in KEY_KINDS}
#: The keys of one ``[[tool.archscribe.technologies]]`` table.
TECHNOLOGY_KEYS: tuple[str, ...] = ("name", "category", "reaches", *TECHNOLOGY_KINDS)


def check_technologies(
    outer: _Checker, tables: list[object], label: str
) -> tuple[TechnologySetting, ...]:
    """The technologies ``tables`` declare, each checked; problems go to ``outer``."""
    from archscribe.catalogue.technologies import technology_index

    checker = TechnologyChecker(outer, technology_index(), _user_names(tables))
    found = (checker.technology(item, f"{label}[{number}]") for number, item in enumerate(tables))
    return tuple(technology for technology in found if technology is not None)


def _user_names(tables: list[object]) -> frozenset[str]:
    return frozenset(
        name
        for table in tables
        if isinstance(table, dict) and isinstance(name := table.get("name"), str)
    )


@dataclass
class TechnologyChecker:
    """Checks the ``technologies`` tables against the shipped catalogue, into ``outer``'s
    problems; remembers the names and keys given so far, to refuse giving one twice."""

    outer: _Checker
    index: TechnologyIndex
    user_names: frozenset[str]
    named: dict[str, str] = field(default_factory=dict)  # name -> label of its table
    claimed: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> label

    def technology(self, table: object, label: str) -> TechnologySetting | None:
        problems = self.outer.problems
        if not isinstance(table, dict):
            problems.append(f"{label}: expected a table, got {_kind(table)}")
            return None
        before = len(problems)
        for key in table:
            if key not in TECHNOLOGY_KEYS:
                problems.append(_unknown(key, TECHNOLOGY_KEYS, f"{label}.{key}"))
        name = self._name(table, label)
        category = self._category(table, label, name)
        reaches = self._reaches(table, label, name)
        keys: list[tuple[str, tuple[str, ...]]] = []
        for spelled, kind in TECHNOLOGY_KINDS.items():
            if spelled in table:
                found = self._keys(table[spelled], kind, f"{label}.{spelled}")
                if found:
                    keys.append((kind, found))
        if name is not None and name in self.index.names and set(table) == {"name"}:
            problems.append(
                f"{label}: names the catalogue's '{name}' but changes nothing "
                "(give it keys, a category or a reaches)"
            )
        if len(problems) > before or name is None:
            return None
        return TechnologySetting(name, category, reaches, tuple(keys))

    def _name(self, table: dict[str, object], label: str) -> str | None:
        problems = self.outer.problems
        name = table.get("name")
        if "name" not in table:
            problems.append(f"{label}.name: missing (every technology needs a name)")
        elif not isinstance(name, str):
            problems.append(f"{label}.name: expected a string, got {_kind(name)}")
        elif not name.strip():
            problems.append(f"{label}.name: must not be empty")
        elif name != name.strip():
            problems.append(f"{label}.name: '{name}' must not start or end with spaces")
        elif name in self.named:
            problems.append(f"{label}.name: '{name}' is already the name of {self.named[name]}")
        else:
            self.named[name] = label
            return name
        return None

    def _category(self, table: dict[str, object], label: str, name: str | None) -> str | None:
        problems = self.outer.problems
        valid = tuple(self.index.categories)
        listed = f"the categories are: {', '.join(valid)}"
        category = table.get("category")
        if "category" not in table:
            if name is not None and name not in self.index.names:
                same = [known for known in self.index.names if known.casefold() == name.casefold()]
                spelled = f"; to extend '{same[0]}', spell it so" if same else ""
                problems.append(
                    f"{label}.category: missing (the catalogue has no '{name}', so a category "
                    f"is needed{spelled}; {listed})"
                )
        elif not isinstance(category, str):
            problems.append(f"{label}.category: expected a string, got {_kind(category)}")
        elif category not in self.index.categories:
            from difflib import get_close_matches

            close = get_close_matches(category.lower(), valid, n=1, cutoff=0.6)
            guess = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(f"{label}.category: unknown category '{category}'{guess} ({listed})")
        else:
            return category
        return None

    def _reaches(self, table: dict[str, object], label: str, name: str | None) -> str | None:
        problems = self.outer.problems
        reaches = table.get("reaches")
        if "reaches" not in table:
            return None
        if not isinstance(reaches, str) or not reaches.strip():
            problems.append(
                f"{label}.reaches: expected the name of a technology, got {_kind(reaches)}"
            )
        elif reaches == name:
            problems.append(f"{label}.reaches: a technology cannot reach itself")
        elif reaches not in self.index.names and reaches not in self.user_names:
            problems.append(
                f"{label}.reaches: no technology is named '{reaches}' (name one of the "
                "catalogue's, exactly as it spells it, or one of these technologies)"
            )
        else:
            return reaches
        return None

    def _keys(self, value: object, kind: str, label: str) -> tuple[str, ...]:
        problems = self.outer.problems
        found: list[str] = []
        for item_label, text in self.outer._strings(value, label):
            key = canonical_key(kind, text)
            if key is None:
                problems.append(f"{item_label}: '{text}' is not {KEY_KIND_DESCRIPTIONS[kind]}")
                continue
            holder = self.claimed.setdefault((kind, lookup_key(kind, key)), label)
            if holder != label:
                problems.append(f"{item_label}: '{text}' is already given in {holder}")
            elif key not in found:
                found.append(key)
        return tuple(found)
