"""Analysis: command-line commands: Click and Typer commands (``@click.command()``,
``@cli.command()`` on a Click group or a ``typer.Typer()``), Flask's (``@app.cli.command()``,
``app.cli.add_command(f)``), argparse sub-commands (``sub.add_parser("sync")``) and Django
management commands (``<app>/management/commands/<name>.py`` defining ``Command``).

A command's name is what a user types: the explicit one, else its function's name (with
``_`` turned into ``-`` where the framework does so). A decorator counts only when it
resolves to the framework: a local ``command`` function is no Click.
"""

from __future__ import annotations

from dataclasses import replace

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.jobs_common import (
    Objects,
    argument,
    modules_of,
    place,
    resolve_anywhere,
)
from archscribe.catalogue.code_interfaces import CallRole, InterfaceKnowledge
from archscribe.model.facts import DecoratorFact, literal

__all__ = ["describe_commands"]

_GROUP_METHODS = ("command", "group")
_ADD_COMMAND = "add_command"
_GROUP_DEPTH = 4
_COMPUTED = "(computed)"


def describe_commands(
    index: CodeIndex, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """Every command-line command the modules declare."""
    modules = modules_of(index)
    groups = _groups(modules, objects, knowledge)
    commands: dict[str, Placed] = {}  # the command's function, qualified -> its interface
    programs: set[str] = set()  # commands that are whole programs, named by nothing yet
    for module in modules:
        for decorator in module.facts.decorators:
            if decorator.kind != "function":
                continue
            qualified = objects.qualify(module, decorator.name, _scope(decorator))
            role = knowledge.commands.get(qualified)
            parent = ""
            if role is None:
                owner, _, method = qualified.rpartition(".")
                if method not in _GROUP_METHODS or owner not in groups:
                    continue
                role, parent = groups[owner]
            name = _command_name(role, decorator)
            detail = _detail(role, name, parent)
            key = f"{module.name}.{decorator.target}"
            commands.setdefault(key, place(module, "cli-command", name, decorator.line, detail))
            if role.program and not parent and not _named(role, decorator):
                programs.add(key)
    added = _add_commands(modules, objects, knowledge, groups, commands)
    for key in programs - added:
        del commands[key]
    found = _subcommands(modules, objects, knowledge)
    found += _management(index, modules, knowledge)
    return [*commands.values(), *found]


def _scope(decorator: DecoratorFact) -> str:
    """The function whose locals a decorator's names may be: the enclosing one of a nested
    function (``create_app.seed``)."""
    return decorator.target.rpartition(".")[0] if decorator.kind == "function" else ""


def _named(role: CallRole, decorator: DecoratorFact) -> str:
    """The name the decorator gives, or ``""``."""
    if not decorator.call:
        return ""
    return literal(argument(role, decorator.args, decorator.keywords)) or ""


def _command_name(role: CallRole, decorator: DecoratorFact) -> str:
    given = _named(role, decorator)
    if given:
        return given
    function = decorator.target.rpartition(".")[2]
    return function.replace("_", "-") if role.dashes else function


def _detail(role: CallRole, name: str, group: str) -> str:
    if group:
        return f"{role.technology} sub-command of {group}"
    run = f", run as `{role.prefix} {name}`" if role.prefix else ""
    return f"{role.technology} command{run}"


def _groups(
    modules: list[IndexedModule], objects: Objects, knowledge: InterfaceKnowledge
) -> dict[str, tuple[CallRole, str]]:
    """Command groups by their function's qualified name: the role and the group's name;
    ``@group.group()`` nests one."""
    groups: dict[str, tuple[CallRole, str]] = {}
    for _ in range(_GROUP_DEPTH):
        before = len(groups)
        for module in modules:
            for decorator in module.facts.decorators:
                if decorator.kind != "function":
                    continue
                qualified = objects.qualify(module, decorator.name, _scope(decorator))
                role = knowledge.command_groups.get(qualified)
                owner, _, method = qualified.rpartition(".")
                if role is None and method == "group" and owner in groups:
                    role = groups[owner][0]
                if role is not None:
                    key = f"{module.name}.{decorator.target}"
                    groups.setdefault(key, (role, _command_name(role, decorator)))
        if len(groups) == before:
            break
    return groups


def _add_commands(
    modules: list[IndexedModule],
    objects: Objects,
    knowledge: InterfaceKnowledge,
    groups: dict[str, tuple[CallRole, str]],
    commands: dict[str, Placed],
) -> set[str]:
    """Commands added by a call (``app.cli.add_command(init_db)``, ``cli.add_command(f)``):
    a command declared elsewhere says where it is added; the name of one declared nowhere
    here is not known, and it is not reported. Gives the commands added."""
    added_keys: set[str] = set()
    for module in modules:
        for call in module.facts.calls:
            if not call.callee.endswith("." + _ADD_COMMAND):
                continue
            qualified = objects.qualify(module, call.callee, call.function)
            role = knowledge.command_adders.get(qualified)
            owner = qualified.rpartition(".")[0]
            if role is None and owner in groups:
                role = groups[owner][0]
            if role is None or not call.args:
                continue
            key = resolve_anywhere(module, call.args[0])
            added = commands.get(key)
            if added is None:
                continue
            where = f"{module.path}:{call.line}"
            name = added.interface.name
            run = f"`{role.prefix} {name}`" if role.prefix else f"`{name}`"
            if owner in groups:
                run = f"a sub-command of {groups[owner][1]}"
            detail = f"{added.interface.detail}; added at {where} as {run}"
            commands[key] = replace(added, interface=replace(added.interface, detail=detail))
            added_keys.add(key)
    return added_keys


def _subcommands(
    modules: list[IndexedModule], objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """argparse sub-commands: ``sub.add_parser("sync")`` where ``sub`` comes from an
    ``ArgumentParser``'s ``add_subparsers()``; the parser's literal ``prog=`` names the
    program."""
    found: list[Placed] = []
    for module in modules:
        for call in module.facts.calls:
            qualified = objects.qualify(module, call.callee, call.function)
            role = knowledge.subcommands.get(qualified)
            if role is None:
                continue
            text = argument(role, call.args, call.keywords)
            name = literal(text) or _COMPUTED
            program = _program(module, objects, call.callee, call.function)
            detail = f"{role.technology} sub-command of {program}"
            if name == _COMPUTED:
                detail += f", named by `{text}`"
            found.append(place(module, "cli-command", name, call.line, detail))
    return found


def _program(module: IndexedModule, objects: Objects, callee: str, function: str) -> str:
    """The ``prog=`` of the parser behind ``sub.add_parser``, else the module's name."""
    made = objects.assignment(module, callee.partition(".")[0], function)
    if made is not None:
        owner, scope, sub = made
        parser = objects.assignment(owner, sub.callee.partition(".")[0], scope)
        if parser is not None:
            prog = dict(parser[2].keywords).get("prog", "")
            if prog:
                return prog
    return module.name


def _management(
    index: CodeIndex, modules: list[IndexedModule], knowledge: InterfaceKnowledge
) -> list[Placed]:
    """Django management commands: ``Command`` in ``<app>.management.commands.<name>``."""
    rules = knowledge.management
    found: list[Placed] = []
    for module in modules:
        package, _, name = module.name.rpartition(".")
        if not (package == rules.package or package.endswith("." + rules.package)):
            continue
        if name.startswith("_"):
            continue
        for cls in module.facts.classes:
            qualified = f"{module.name}.{cls.name}"
            if cls.name == rules.cls and index.inherits(qualified, rules.bases):
                detail = f"{rules.technology} management command, run as `manage.py {name}`"
                found.append(place(module, "cli-command", name, cls.line, detail))
    return found
