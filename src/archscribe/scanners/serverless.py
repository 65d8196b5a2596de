"""Scanners: serverless.yml, a Serverless Framework service.

The provider is a ``provider`` resource, each function a ``function`` unit (its handler as its
command, its first ``schedule`` event as its schedule), each CloudFormation resource a resource
of its ``Type`` named by its logical id. A file without ``service:`` and a ``provider:`` or
``functions:`` is ``InfraFacts(kind="")``. The scanner never raises.
"""

from __future__ import annotations

from yaml.nodes import MappingNode

from archscribe.model.facts import InfraFacts, ProcessCommand, ResourceFact, ServiceFact
from archscribe.scanners.base import Scanner
from archscribe.scanners.compose import detail_of, field, fields, load_yaml, mapping_env, text
from archscribe.scanners.yaml_nodes import Node, entries, line

__all__ = ["SERVERLESS_SCANNER", "scan_serverless"]


def scan_serverless(data: bytes) -> InfraFacts:
    """Read a Serverless Framework file: its provider, functions and CloudFormation resources."""
    documents, problems, parsed = load_yaml(data)
    config = next((d for d in documents if isinstance(d, MappingNode)), None)
    keys = fields(config)
    if "service" not in keys or not ("provider" in keys or "functions" in keys):
        return InfraFacts("") if parsed else InfraFacts("serverless", problems=tuple(problems))
    resources: list[ResourceFact] = []
    provider = field(config, "provider")
    provider_name = text(provider) or text(field(provider, "name"))
    if provider is not None and provider_name:
        detail = detail_of(
            runtime=text(field(provider, "runtime")), region=text(field(provider, "region"))
        )
        resources.append(ResourceFact("provider", provider_name, line(provider), "", detail))
    functions: list[ServiceFact] = []
    for group in _mappings(field(config, "functions")):
        for name, (key, function) in fields(group).items():
            functions.append(_function(name, line(key), function))
    for group in _mappings(field(config, "resources")):
        for logical_id, (key, resource) in fields(field(group, "Resources")).items():
            kind = text(field(resource, "Type"))
            if kind:
                resources.append(ResourceFact(kind, logical_id, line(key)))
    env = mapping_env(field(provider, "environment"))
    return InfraFacts(
        "serverless", tuple(functions), tuple(resources), env, problems=tuple(problems)
    )


def _mappings(node: Node | None) -> list[Node]:
    """A mapping, or the mappings of a list of them (serverless accepts both)."""
    return (
        [node]
        if isinstance(node, MappingNode)
        else [e for e in entries(node) if isinstance(e, MappingNode)]
    )


def _function(name: str, at: int, node: Node) -> ServiceFact:
    handler = field(node, "handler")
    commands: tuple[ProcessCommand, ...] = ()
    if handler is not None and text(handler):
        commands = (ProcessCommand("handler", text(handler), "", line(handler)),)
    image = field(node, "image")
    return ServiceFact(
        name,
        at,
        "function",
        text(image) or text(field(image, "name")),
        commands=commands,
        env=mapping_env(field(node, "environment")),
        schedule=next(iter(_schedules(node)), ""),
    )


def _schedules(function: Node) -> list[str]:
    """The ``schedule`` events' expressions: ``rate(5 minutes)``, ``cron(0 2 * * ? *)``, or a
    mapping's ``rate`` (a string or a list of them)."""
    found: list[str] = []
    for event in entries(field(function, "events")):
        schedule = field(event, "schedule")
        rate = field(schedule, "rate")
        found.extend(text(n) for n in ([schedule] if rate is None else [rate, *entries(rate)]))
    return [expression for expression in found if expression]


SERVERLESS_SCANNER = Scanner(
    name="serverless", version=2, fact_type=InfraFacts, scan=scan_serverless
)
