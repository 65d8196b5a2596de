"""Scanners: Docker Compose files: services, their images, commands, ports, links and volumes.

Each service is a ``compose-service`` :class:`ServiceFact` on the line of its name: its image,
whether it is built from the repository (``build:``), its ``command:`` and ``entrypoint:``
(string or list form), container ports (``ports:`` short and long syntax, and ``expose:``), the
services it starts after (``depends_on:`` list or mapping, ``links:``), its environment
(``environment:`` list or mapping, reduced by :func:`env_setting`; ``env_file:`` is not read),
named volumes and container mount targets (a host path is never kept), profiles,
``deploy.replicas`` (or the older ``scale:``), and ``test_only`` when every profile is a test
one. Top-level ``volumes:`` are ``compose-volume`` resources. Version 1 files (services at the
top level) are read too; a YAML file that is neither is ``InfraFacts(kind="")``.

The YAML helpers below are shared with the Kubernetes and platform scanners. Mapping keys are
read through :func:`fields`, which follows ``<<`` merge keys as YAML says (keys written in the
mapping beat merged ones) and stops at a few levels, so an anchor merged into itself cannot
loop. Nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yaml.nodes import MappingNode, ScalarNode

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProblemKind,
    ProcessCommand,
    ResourceFact,
    ScanProblem,
    ServiceFact,
)
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_command, read_shell_command
from archscribe.scanners.env_values import env_setting
from archscribe.scanners.manifest_text import decode, problem
from archscribe.scanners.yaml_nodes import Node, entries, line, load_documents, scalar

__all__ = [
    "COMPOSE_SCANNER",
    "count",
    "detail_of",
    "field",
    "fields",
    "load_yaml",
    "mapping_env",
    "process_command",
    "scan_compose",
    "text",
    "unique",
]

_MAX_MERGE_DEPTH = 8  # ``<<`` inside merged mappings: far more than real files nest
_COMPOSE_KEYS = ("services", "volumes", "networks", "include", "configs", "secrets")
_V1_SERVICE_KEYS = ("image", "build")
_TEST_PROFILES = frozenset({"test", "tests", "testing", "ci", "e2e"})
_NAMED_VOLUME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_PORT_RANGE = re.compile(r"\d+-\d+")
_MAX_PROBLEMS = 5


# -- YAML helpers shared by the infrastructure scanners ---------------------------------------


def load_yaml(data: bytes) -> tuple[list[Node], list[ScanProblem], bool]:
    """The YAML documents of ``data`` (decoded leniently), the problems met reading them, and
    whether the YAML parsed to its end (a templated file's notice is not a parse error)."""
    decoded, problems = decode(data)
    documents, yaml_problems = load_documents(decoded)
    parsed = len(yaml_problems) == (1 if "{{" in decoded else 0)
    return documents, problems + yaml_problems, parsed


def fields(node: Node | None, depth: int = 0) -> dict[str, tuple[Node, Node]]:
    """A mapping's keys -> (key node, value node): merged keys (``<<: *anchor`` or a list of
    anchors, the first one winning) first, then the keys written in it, which beat them."""
    if not isinstance(node, MappingNode):
        return {}
    own: dict[str, tuple[Node, Node]] = {}
    merged: dict[str, tuple[Node, Node]] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.value == "<<" and depth < _MAX_MERGE_DEPTH:
            for source in entries(value) or [value]:
                for name, pair in fields(source, depth + 1).items():
                    merged.setdefault(name, pair)
        elif key.value != "<<":
            own[str(key.value)] = (key, value)
    return {name: pair for name, pair in merged.items() if name not in own} | own


def field(node: Node | None, *path: str) -> Node | None:
    """The value at ``path`` (keys, one mapping inside the next), or ``None``."""
    for key in path:
        pair = fields(node).get(key)
        if pair is None:
            return None
        node = pair[1]
    return node


def text(node: Node | None) -> str:
    """A scalar's text, stripped; ``""`` for a null, a mapping, a list or nothing."""
    if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
        return ""
    return scalar(node).strip()


def count(node: Node | None) -> int:
    """A scalar's non-negative whole number, 0 when it is anything else (``${N}``, templated)."""
    value = text(node)
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """``values`` without empty ones and repeats, in order."""
    return tuple(dict.fromkeys(value for value in values if value))


def detail_of(**values: str) -> tuple[tuple[str, str], ...]:
    """A resource's detail: the non-empty values, in the order given."""
    return tuple((key, value) for key, value in values.items() if value)


def mapping_env(node: Node | None) -> tuple[EnvSetting, ...]:
    """``NAME: value`` mapping entries, or ``NAME=value`` (or bare ``NAME``) list entries."""
    if isinstance(node, MappingNode):
        return tuple(
            env_setting(name, text(value), line(key))
            for name, (key, value) in fields(node).items()
        )
    found: list[EnvSetting] = []
    for entry in entries(node):
        name, _, value = text(entry).partition("=")
        if name.strip():
            found.append(env_setting(name.strip(), value.strip(), line(entry)))
    return tuple(found)


def process_command(name: str, node: Node | None) -> ProcessCommand | None:
    """A command given as a shell string or as a list of words (joined with spaces), with its
    program and worker count; ``None`` when there is none."""
    if isinstance(node, ScalarNode):
        command = text(node)
        if not command:
            return None
        program, workers = read_shell_command(command)
        return ProcessCommand(name, command, program, line(node), workers)
    words = [scalar(entry) for entry in entries(node) if isinstance(entry, ScalarNode)]
    if not words or node is None:
        return None
    program, workers = read_command(words)
    return ProcessCommand(name, " ".join(words), program, line(node), workers)


# -- Compose ----------------------------------------------------------------------------------


def scan_compose(data: bytes) -> InfraFacts:
    """Read a compose file: its services and top-level named volumes."""
    documents, problems, parsed = load_yaml(data)
    services: list[ServiceFact] = []
    volumes: list[ResourceFact] = []
    found = False
    for document in documents:
        top = fields(document)
        if any(key in top for key in _COMPOSE_KEYS):
            found = True
            for name, (key, service) in fields(field(document, "services")).items():
                services.append(_service(name, line(key), service, problems))
            for name, (key, volume) in fields(field(document, "volumes")).items():
                volumes.append(
                    ResourceFact("compose-volume", name, line(key), "", _volume(volume))
                )
        elif _is_version_1(top):
            found = True
            for name, (key, service) in top.items():
                if isinstance(service, MappingNode) and not name.startswith("x-"):
                    services.append(_service(name, line(key), service, problems))
    if not found and parsed:
        return InfraFacts(kind="")
    return InfraFacts(
        kind="compose",
        services=tuple(services),
        resources=tuple(volumes),
        problems=tuple(_capped(problems)),
    )


def _is_version_1(top: dict[str, tuple[Node, Node]]) -> bool:
    """Services at the top level (compose file format 1): mappings with an image or a build."""
    services = [value for name, (_, value) in top.items() if not name.startswith("x-")]
    return any(any(k in fields(value) for k in _V1_SERVICE_KEYS) for value in services)


def _service(name: str, at: int, node: Node, problems: list[ScanProblem]) -> ServiceFact:
    keys = fields(node)

    def value(key: str) -> Node | None:
        pair = keys.get(key)
        return pair[1] if pair else None

    commands = (process_command(key, value(key)) for key in ("entrypoint", "command"))
    depends = value("depends_on")
    after = [text(entry) for entry in entries(depends)] + list(fields(depends))
    after += [text(entry).partition(":")[0] for entry in entries(value("links"))]
    profiles = unique(text(entry) for entry in entries(value("profiles")))
    return ServiceFact(
        name=name,
        line=at,
        kind="compose-service",
        image=text(value("image")),
        build="build" in keys,
        commands=tuple(command for command in commands if command is not None),
        replicas=count(field(value("deploy"), "replicas")) or count(value("scale")),
        ports=_ports([value("ports"), value("expose")], problems),
        depends_on=unique(after),
        env=mapping_env(value("environment")),
        volumes=unique(_mount(entry) for entry in entries(value("volumes"))),
        profiles=profiles,
        test_only=bool(profiles) and set(profiles) <= _TEST_PROFILES,
    )


def _ports(nodes: list[Node | None], problems: list[ScanProblem]) -> tuple[int, ...]:
    """Container ports of ``ports:`` and ``expose:`` entries: ``"8000:8000"``,
    ``"127.0.0.1:5432:5432"``, ``6379/udp``, ``{target: 80}``. Ranges and values set by
    variables are passed over; anything else unreadable is a problem."""
    found: list[int] = []
    for entry in (entry for node in nodes for entry in _listed(node)):
        written = text(field(entry, "target")) if isinstance(entry, MappingNode) else text(entry)
        port = written.rpartition(":")[2].partition("/")[0].strip()
        if port.isascii() and port.isdigit() and 0 < int(port) < 65536:
            found.append(int(port))
        elif written and "$" not in written and not _PORT_RANGE.fullmatch(port):
            problems.append(
                problem(ProblemKind.MALFORMED, f"not a port: {written[:40]!r}", line(entry))
            )
    return tuple(dict.fromkeys(found))


def _listed(node: Node | None) -> list[Node]:
    """A list's entries, or a lone scalar as a list of one."""
    return [node] if isinstance(node, ScalarNode) else entries(node)


def _mount(entry: Node) -> str:
    """A service volume's named volume, or its container target for a bind mount or an
    anonymous volume: ``pgdata:/var/lib/postgresql/data`` gives ``pgdata``,
    ``./src:/app:ro`` gives ``/app``; a host path is never kept."""
    if isinstance(entry, MappingNode):
        source, target = text(field(entry, "source")), text(field(entry, "target"))
        kind = text(field(entry, "type")) or "volume"
        return source if kind == "volume" and _NAMED_VOLUME.fullmatch(source) else target
    parts = text(entry).split(":")
    if len(parts) > 2 and len(parts[0]) == 1 and parts[1][:1] in ("\\", "/"):  # C:\data:/data
        parts = [parts[0] + ":" + parts[1], *parts[2:]]
    if len(parts) == 1:
        return parts[0] if parts[0].startswith("/") else ""
    return parts[0] if _NAMED_VOLUME.fullmatch(parts[0]) else parts[1]


def _volume(node: Node) -> tuple[tuple[str, str], ...]:
    """A top-level volume's telling settings: its driver, and whether it is external."""
    external = field(node, "external")
    outside = text(external).lower() == "true" or isinstance(external, MappingNode)
    return detail_of(driver=text(field(node, "driver")), external="true" if outside else "")


def _capped(problems: list[ScanProblem]) -> list[ScanProblem]:
    """The first few problems, and one saying how many more there were."""
    if len(problems) <= _MAX_PROBLEMS:
        return problems
    more = problem(ProblemKind.MALFORMED, f"{len(problems) - _MAX_PROBLEMS} more problems")
    return [*problems[:_MAX_PROBLEMS], more]


COMPOSE_SCANNER = Scanner(name="compose", version=2, fact_type=InfraFacts, scan=scan_compose)
