"""Scanners: render.yaml, a Render blueprint.

Each service (top level, or in a project's environment, whose name becomes the service's
environment) is a ``render-<type>`` unit with its ``startCommand`` (or ``dockerCommand``; build
commands are not run by the service), schedule, ``numInstances`` and disk; ``scaling`` is a
``render-autoscaling`` resource; ``redis``/``keyvalue`` services are ``render-redis`` and
``databases:`` ``render-database`` resources. An ``envVars`` entry taken
``fromDatabase``/``fromService`` keeps that database's or service's name as its host. A file
that is not a blueprint is ``InfraFacts(kind="")``. The scanner never raises.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode

from archscribe.model.facts import EnvSetting, InfraFacts, ResourceFact, ServiceFact
from archscribe.scanners.base import Scanner
from archscribe.scanners.compose import (
    count,
    detail_of,
    field,
    fields,
    load_yaml,
    process_command,
    text,
)
from archscribe.scanners.env_values import env_setting, looks_secret
from archscribe.scanners.yaml_nodes import Node, entries, line

__all__ = ["RENDER_SCANNER", "scan_render"]

_BARE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# render service type -> the resource kind it is (the others run: ``render-<type>`` units).
_RENDER_RESOURCES = {"redis": "render-redis", "keyvalue": "render-redis"}
# What a render ``envVars`` reference to a database's or service's property points at.
_RENDER_SCHEMES = {"database": "postgresql", "redis": "redis", "keyvalue": "redis"}
_RENDER_SECRET_PROPERTIES = frozenset({"connectionString", "password"})


def scan_render(data: bytes) -> InfraFacts:
    """Read a Render blueprint: its services, databases, key-value stores and env groups."""
    documents, problems, parsed = load_yaml(data)
    blueprint = next((d for d in documents if isinstance(d, MappingNode)), None)
    keys = fields(blueprint)
    if not any(key in keys for key in ("services", "databases", "projects")):
        return InfraFacts("") if parsed else InfraFacts("render", problems=tuple(problems))
    scopes: list[tuple[Node | None, str]] = [(blueprint, "")]
    for project in entries(field(blueprint, "projects")):
        for stage in entries(field(project, "environments")):
            scopes.append((stage, text(field(stage, "name"))))
    units: list[ServiceFact] = []
    resources: list[ResourceFact] = []
    env: list[EnvSetting] = []
    environments: list[str] = []
    for scope, environment in scopes:
        if environment and environment not in environments:
            environments.append(environment)
        for service in entries(field(scope, "services")):
            _render_service(service, environment, units, resources)
        for database in entries(field(scope, "databases")):
            named = field(database, "name")
            if named is not None and text(named):
                version = text(field(database, "postgresMajorVersion"))
                plan = text(field(database, "plan"))
                detail = detail_of(engine="postgres", version=version, plan=plan)
                fact = ResourceFact("render-database", text(named), line(named), "", detail)
                resources.append(fact)
        for group in entries(field(scope, "envVarGroups")):
            env.extend(_render_env(field(group, "envVars")))
    return InfraFacts(
        "render", tuple(units), tuple(resources), tuple(env), tuple(environments), tuple(problems)
    )


def _render_service(
    node: Node, environment: str, units: list[ServiceFact], resources: list[ResourceFact]
) -> None:
    kind, named = text(field(node, "type")), field(node, "name")
    name, at = text(named), line(named if named is not None else node)
    if not kind or not name:
        return
    if kind in _RENDER_RESOURCES:
        detail = detail_of(plan=text(field(node, "plan")))
        resources.append(ResourceFact(_RENDER_RESOURCES[kind], name, at, "", detail))
        return
    image = text(field(node, "image", "url"))
    runtime = text(field(node, "runtime")) or text(field(node, "env"))
    starts = (
        process_command("start", field(node, key)) for key in ("startCommand", "dockerCommand")
    )
    units.append(
        ServiceFact(
            name,
            at,
            f"render-{kind}",
            image,
            build=not image and runtime != "image",
            commands=tuple(command for command in starts if command is not None),
            replicas=count(field(node, "numInstances")),
            env=tuple(_render_env(field(node, "envVars"))),
            volumes=tuple(v for v in [text(field(node, "disk", "name"))] if v),
            schedule=text(field(node, "schedule")),
            environment=environment,
        )
    )
    scaling = field(node, "scaling")
    if scaling is not None:
        low, high = text(field(scaling, "minInstances")), text(field(scaling, "maxInstances"))
        detail = detail_of(min_replicas=low, max_replicas=high)
        resources.append(ResourceFact("render-autoscaling", name, line(scaling), name, detail))


def _render_env(node: Node | None) -> list[EnvSetting]:
    """``envVars`` entries: a literal ``value`` is reduced by :func:`env_setting`; a
    ``fromDatabase``/``fromService`` reference keeps the name it points at as its host (and the
    scheme of a connection string); a generated value is secret. Group references are passed
    over."""
    found: list[EnvSetting] = []
    for entry in entries(node):
        key = text(field(entry, "key"))
        if not key:
            continue
        database = field(entry, "fromDatabase")
        source = database if database is not None else field(entry, "fromService")
        if source is None:
            setting = env_setting(key, text(field(entry, "value")), line(entry))
            if text(field(entry, "generateValue")).lower() == "true":
                setting = EnvSetting(key, setting.line, setting.scheme, setting.host, secret=True)
            found.append(setting)
            continue
        name, prop = text(field(source, "name")), text(field(source, "property"))
        kind = "database" if database is not None else text(field(source, "type"))
        scheme = _RENDER_SCHEMES.get(kind, "") if prop == "connectionString" else ""
        host = name if _BARE_NAME.fullmatch(name) else ""
        secret = looks_secret(key) or prop in _RENDER_SECRET_PROPERTIES
        found.append(EnvSetting(key, line(entry), scheme, host, secret))
    return found


RENDER_SCANNER = Scanner(name="render", version=2, fact_type=InfraFacts, scan=scan_render)
