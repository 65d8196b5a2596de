"""Analysis: what reacts to messages and events: message consumers (Kafka consumers and
subscriptions, AMQP ``basic_consume``), WebSocket consumers (Django Channels) and Django signal
receivers (``@receiver(post_save, sender=User)``, ``post_save.connect(f, sender=User)``).

A consumer is named by the topic or queue it reads (a name that is not a literal is said to
be computed); a Channels consumer by its class; a signal receiver by its function.
"""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, IndexedModule, Placed
from archscribe.analysis.jobs_common import (
    Objects,
    argument,
    imports_module,
    list_items,
    modules_of,
    place,
    resolve_anywhere,
)
from archscribe.catalogue.code_interfaces import CallRole, InterfaceKnowledge
from archscribe.model.facts import CallFact, literal

__all__ = ["describe_messages"]

_COMPUTED = "(computed)"
_MODELS = ".models."


def describe_messages(
    index: CodeIndex, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """Every consumer and signal receiver the modules declare."""
    found: list[Placed] = []
    for module in modules_of(index):
        for call in module.facts.calls:
            found += _consumer(module, objects, knowledge, call)
            found += _connected(index, module, objects, knowledge, call)
        found += _receivers(module, objects, knowledge)
        for cls in module.facts.classes:
            qualified = f"{module.name}.{cls.name}"
            base = index.inherits(qualified, knowledge.socket_consumers)
            if base:
                technology = knowledge.socket_consumers[base].technology
                detail = f"{technology} {base.rpartition('.')[2]}"
                found.append(place(module, "consumer", qualified, cls.line, detail))
    return found


def _consumer(
    module: IndexedModule, objects: Objects, knowledge: InterfaceKnowledge, call: CallFact
) -> list[Placed]:
    """``KafkaConsumer("orders")``, ``consumer.subscribe(["orders"])``,
    ``channel.basic_consume(queue="emails", …)``: one consumer per topic or queue."""
    qualified = objects.qualify(module, call.callee, call.function)
    role = knowledge.consumers.get(qualified)
    if role is None:
        role = _by_method(module, knowledge, call.callee, qualified)
    if role is None:
        return []
    texts = [argument(role, call.args, call.keywords)]
    if not any(key == role.keyword for key, _ in call.keywords):
        texts = list(call.args[role.argument :])  # a consumer may be given several topics
    found: list[Placed] = []
    for text in texts:
        for item in list_items(text):
            name = literal(item)
            detail = f"{role.what} via {role.technology}"
            if name is None:
                name, detail = _COMPUTED, f"{role.what} named by `{item}`, via {role.technology}"
            found.append(place(module, "consumer", name, call.line, detail))
    return found


def _by_method(
    module: IndexedModule, knowledge: InterfaceKnowledge, callee: str, qualified: str
) -> CallRole | None:
    """A consumer method found by its name: its receiver resolves into the library, or to
    nothing (a parameter) in a module that imports it."""
    if "." not in callee:
        return None
    role = knowledge.consumer_methods.get(callee.rpartition(".")[2])
    if role is None or not imports_module(module, role.module):
        return None
    if qualified and not qualified.startswith(role.module + "."):
        return None
    return role


def _receivers(
    module: IndexedModule, objects: Objects, knowledge: InterfaceKnowledge
) -> list[Placed]:
    """``@receiver(signal, sender=X)`` (or a list of signals) on a top-level function."""
    rules = knowledge.signals
    found: list[Placed] = []
    for decorator in module.facts.decorators:
        if decorator.kind != "function" or not decorator.call or "." in decorator.target:
            continue
        if objects.qualify(module, decorator.name) not in rules.receivers:
            continue
        signals = list_items(decorator.args[0]) if decorator.args else []
        sender = dict(decorator.keywords).get("sender", "")
        receiver = f"{module.name}.{decorator.target}"
        for signal in signals:
            detail = _signal_detail(module, objects, knowledge, signal, sender)
            if detail:
                found.append(place(module, "signal", receiver, decorator.line, detail))
    return found


def _connected(
    index: CodeIndex,
    module: IndexedModule,
    objects: Objects,
    knowledge: InterfaceKnowledge,
    call: CallFact,
) -> list[Placed]:
    """``signal.connect(receiver, sender=X)`` where ``signal`` is a Django signal."""
    rules = knowledge.signals
    signal, _, method = call.callee.rpartition(".")
    if method != rules.method or not signal:
        return []
    receiver = call.args[0] if call.args else dict(call.keywords).get("receiver", "")
    if not receiver:
        return []
    sender = dict(call.keywords).get("sender", "")
    detail = _signal_detail(module, objects, knowledge, signal, sender, call.function)
    if not detail:
        return []
    name = resolve_anywhere(module, receiver) or _own_method(index, module, call, receiver)
    return [place(module, "signal", name or receiver, call.line, detail)]


def _own_method(index: CodeIndex, module: IndexedModule, call: CallFact, receiver: str) -> str:
    """``self.m`` connected in a method of a class that defines ``m``, qualified
    (``pkg.mod.Storage.m``); ``""`` otherwise."""
    owner, _, method = receiver.partition(".")
    cls = call.function.partition(".")[0] if "." in call.function else ""
    entry = index.classes.get(f"{module.name}.{cls}") if owner == "self" and cls else None
    if entry is None or method not in entry[1].methods:
        return ""
    return f"{module.name}.{cls}.{method}"


def _signal_detail(
    module: IndexedModule,
    objects: Objects,
    knowledge: InterfaceKnowledge,
    signal: str,
    sender: str,
    function: str = "",
) -> str:
    """``post_save of accounts.User``; ``""`` when ``signal`` is no signal."""
    rules = knowledge.signals
    qualified = objects.qualify(module, signal, function)
    resolved = module.resolve(signal)
    if not (rules.is_signal(qualified) or rules.is_signal(resolved)):
        return ""
    # one of Django's by its short name (post_save); the system's own by its dotted name
    name = resolved or signal
    if any(name.startswith(m + ".") for m in rules.modules):
        name = name.rpartition(".")[2]
    if not sender:
        return f"{rules.technology} signal {name}"
    # a sender that resolves to nothing (``self``, a local) is shown as written
    model = resolve_anywhere(module, sender)
    shown = model.replace(_MODELS, ".") if _MODELS in model else model or f"`{sender}`"
    return f"{rules.technology} signal {name} of {shown}"
