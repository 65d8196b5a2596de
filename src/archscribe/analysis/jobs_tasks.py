"""Analysis: background work: tasks (Celery ``@shared_task`` and ``@app.task``, Dramatiq
actors, RQ ``@job`` and the functions put on an RQ queue, Huey tasks, arq worker functions)
and what runs on a schedule (Celery beat entries and ``add_periodic_task``, Huey periodic
tasks, arq cron jobs, APScheduler jobs).

A task is named as its queue names it: ``module.function`` (Celery's explicit ``name=``
wins). A schedule is named by the task or function it runs, its detail saying when.
"""

from __future__ import annotations

from collections.abc import Sequence

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.jobs_common import (
    Objects,
    argument,
    call_parts,
    imports_module,
    list_items,
    modules_of,
    place,
)
from archscribe.catalogue.code_interfaces import CallRole, InterfaceKnowledge
from archscribe.model.facts import CallFact, literal

__all__ = ["describe_tasks"]

_BEAT = "Celery"
_SIGNATURES = (".s", ".si", ".signature")


def describe_tasks(
    index: CodeIndex, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """Every task and schedule the modules declare; a task found twice (decorated and
    enqueued) is reported once, where it is declared."""
    modules = modules_of(index)
    tasks: dict[str, Placed] = {}
    schedules: list[Placed] = []
    for module in modules:
        for item in _decorated(module, objects, knowledge):
            if item.interface.kind == "task":
                tasks.setdefault(item.interface.name, item)
            else:
                schedules.append(item)
        for item in _worker_settings(module, knowledge):
            if item.interface.kind == "task":
                tasks.setdefault(item.interface.name, item)
            else:
                schedules.append(item)
        for fact in module.facts.schedules:
            name = fact.task or fact.name
            detail = f'{_BEAT} beat entry "{fact.name}": {fact.schedule}'
            schedules.append(place(module, "schedule", name, fact.line, detail))
        for call in module.facts.calls:
            schedules += _scheduling_call(module, objects, knowledge, call)
    for module in modules:
        for call in module.facts.calls:
            role = knowledge.enqueue.get(objects.qualify(module, call.callee, call.function))
            if role is None:
                continue
            enqueued = _enqueued(index, module, role, call)
            if enqueued is not None:
                tasks.setdefault(enqueued.interface.name, enqueued)
    return [*tasks.values(), *schedules]


def _decorated(
    module: IndexedModule, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    found: list[Placed] = []
    for decorator in module.facts.decorators:
        if decorator.kind != "function" or "." in decorator.target:
            continue
        qualified = objects.qualify(module, decorator.name)
        name = f"{module.name}.{decorator.target}"
        role = knowledge.tasks.get(qualified)
        if role is not None:
            given = literal(dict(decorator.keywords).get("name", "")) if decorator.call else None
            detail = role.technology + _retries(decorator.keywords)
            found.append(place(module, "task", given or name, decorator.line, detail))
            if role.schedule < 0:
                continue
        else:
            role = knowledge.scheduled.get(qualified)
            if role is None:
                continue
        when = _when(role, decorator.args, decorator.keywords)
        found.append(place(module, "schedule", name, decorator.line, when))
    return found


def _retries(keywords: tuple[tuple[str, str], ...]) -> str:
    """What a task decorator says of retries, shortly: ``, retries on RequestException``,
    ``, at most 5 retries``."""
    given = dict(keywords)
    parts: list[str] = []
    caught = [item.rpartition(".")[2] for item in list_items(given.get("autoretry_for", ""))]
    if caught:
        parts.append("retries on " + ", ".join(caught))
    if given.get("max_retries", "").isdigit():
        parts.append(f"at most {given['max_retries']} retries")
    return "".join(", " + part for part in parts)


def _when(
    role: CallRole,
    args: Sequence[str],
    keywords: Sequence[tuple[str, str]] = (),
    *,
    everything: bool = False,
) -> str:
    """A schedule's detail: the library and the schedule's value text (every argument when
    the role names no position, or ``everything``)."""
    if 0 <= role.schedule < len(args) and not everything:
        return f"{role.technology}: {args[role.schedule]}"
    texts = [*args, *(f"{key}={value}" for key, value in keywords)]
    return f"{role.technology}: {', '.join(texts)}" if texts else role.technology


def _scheduling_call(
    module: IndexedModule, objects: Objects, knowledge: InterfaceKnowledge, call: CallFact
) -> list[Placed]:
    """``scheduler.add_job(f, "interval", minutes=5)``, ``sender.add_periodic_task(60.0,
    task.s())`` (its receiver a parameter, in a module importing Celery)."""
    qualified = objects.qualify(module, call.callee, call.function)
    role = knowledge.schedule_calls.get(qualified)
    if role is None and not qualified:
        method = knowledge.schedule_methods.get(call.callee.rpartition(".")[2])
        if method is not None and "." in call.callee and imports_module(module, method.module):
            role = method
    if role is None:
        return []
    target = _function_text(argument(role, call.args, call.keywords))
    if not target:
        return []
    name = module.resolve(target) or literal(target) or target
    if 0 <= role.schedule < role.argument:
        when = _when(role, call.args)
    else:  # the trigger and its settings follow the function (APScheduler)
        keywords = [(k, v) for k, v in call.keywords if k != role.keyword]
        when = _when(role, call.args[role.argument + 1 :], keywords, everything=True)
    return [place(module, "schedule", name, call.line, when)]


def _function_text(text: str) -> str:
    """The function a task argument names: ``send_report.s("daily")`` gives
    ``send_report``."""
    parts = call_parts(text)
    if parts is not None:
        callee = parts[0]
        for suffix in _SIGNATURES:
            if callee.endswith(suffix):
                return callee.removesuffix(suffix)
        return ""
    return text


def _enqueued(
    index: CodeIndex, module: IndexedModule, role: CallRole, call: CallFact
) -> Placed | None:
    """The task a queue call puts on the queue: placed where the function is defined when
    the repository defines it, else at the call."""
    text = argument(role, call.args, call.keywords)
    name = module.resolve(text) or literal(text) or ""
    if not name:
        return None
    where = f"{module.path}:{call.line}"
    detail = f"{role.technology}, enqueued at {where}"
    defined = index.functions.get(name)
    if defined is not None:
        owner, function = defined
        return place(owner, "task", name, function.line, detail)
    return place(module, "task", name, call.line, detail)


def _worker_settings(module: IndexedModule, knowledge: InterfaceKnowledge) -> list[Placed]:
    """arq: ``class WorkerSettings: functions = [f]; cron_jobs = [cron(g, hour=3)]`` in a
    module importing arq; each name must resolve to a function."""
    rules = knowledge.worker_settings
    if not imports_module(module, rules.module):
        return []
    found: list[Placed] = []
    for cls in module.facts.classes:
        for attribute in cls.attributes:
            if attribute.name == rules.functions:
                for item in list_items(attribute.value):
                    name = module.resolve(item)
                    if name:
                        found.append(place(module, "task", name, attribute.line, rules.technology))
            elif attribute.name == rules.cron_jobs:
                for item in list_items(attribute.value):
                    parts = call_parts(item)
                    if parts is None or module.resolve(parts[0]) not in rules.cron:
                        continue
                    _, args, keywords = parts
                    name = module.resolve(args[0]) if args else ""
                    if name:
                        when = ", ".join(f"{k}={v}" for k, v in keywords)
                        detail = f"{rules.technology} cron job: {when or 'every minute'}"
                        found.append(place(module, "schedule", name, attribute.line, detail))
    return found
