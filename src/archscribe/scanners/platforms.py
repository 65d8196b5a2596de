"""Scanners: platform files: fly.toml, render.yaml, App Engine app.yaml, serverless.yml.

fly.toml: the app is a ``fly-app`` (built from the repository unless ``[build] image`` names
one; its ``[env]``, ``[deploy] release_command``, ``[mounts]`` sources and every internal
port); each ``[processes]`` entry is a ``fly-process`` with its command and the ports of the
services (``[http_service]``, ``[[services]]``) that name it. ``min_machines_running`` is a
``fly-scaling`` resource per process it covers, each ``[[vm]]`` a ``fly-vm`` with its size, and
``primary_region`` a ``fly-region``.

render.yaml: each service (top level, or in a project's environment, whose name becomes the
service's environment) is a ``render-<type>`` unit with its ``startCommand`` (or
``dockerCommand``; build commands are not run by the service), schedule, ``numInstances`` and
disk; ``scaling`` is a ``render-autoscaling`` resource; ``redis``/``keyvalue`` services are
``render-redis`` and ``databases:`` ``render-database`` resources. An ``envVars`` entry taken
``fromDatabase``/``fromService`` keeps that database's or service's name as its host.

app.yaml (only with ``runtime:``): one ``app-engine`` unit named by ``service:`` (or
``default``) with its entrypoint, ``env_variables`` and manual instance count; automatic or
basic scaling is an ``app-engine-scaling`` resource. serverless.yml: the provider is a
``provider`` resource, each function a ``function`` unit (its handler as its command, its
first ``schedule`` event as its schedule), each CloudFormation resource a resource of its
``Type`` named by its logical id. A file that is not of its kind is ``InfraFacts(kind="")``.
None of them raises.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProcessCommand,
    ResourceFact,
    ServiceFact,
)
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_shell_command
from archscribe.scanners.compose import (
    count,
    detail_of,
    field,
    fields,
    load_yaml,
    mapping_env,
    process_command,
    text,
)
from archscribe.scanners.env_values import env_setting, looks_secret
from archscribe.scanners.manifest_text import decode, load_toml
from archscribe.scanners.pyproject import TomlLines
from archscribe.scanners.yaml_nodes import Node, entries, line

__all__ = [
    "APP_ENGINE_SCANNER",
    "FLY_SCANNER",
    "RENDER_SCANNER",
    "SERVERLESS_SCANNER",
    "scan_app_engine",
    "scan_fly",
    "scan_render",
    "scan_serverless",
]

_TOML_LINE = re.compile(r"line (\d+)")
_BARE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_FLY_VM_KEYS = ("size", "cpu_kind", "cpus", "memory", "memory_mb")
# render service type -> the resource kind it is (the others run: ``render-<type>`` units).
_RENDER_RESOURCES = {"redis": "render-redis", "keyvalue": "render-redis"}
# What a render ``envVars`` reference to a database's or service's property points at.
_RENDER_SCHEMES = {"database": "postgresql", "redis": "redis", "keyvalue": "redis"}
_RENDER_SECRET_PROPERTIES = frozenset({"connectionString", "password"})


# -- fly.toml ---------------------------------------------------------------------------------


def scan_fly(data: bytes) -> InfraFacts:
    """Read a ``fly.toml``: the app, its processes, scaling, machines and region."""
    decoded, problems = decode(data)
    config = load_toml(decoded, problems)
    if config is None:
        return InfraFacts("fly", problems=tuple(problems))
    if not config:
        return InfraFacts("")
    toml = TomlLines(decoded)
    app, image = _str(config.get("app")) or "app", _str(_table(config.get("build")).get("image"))
    services = [_table(s) for s in [config.get("http_service"), *_list(config.get("services"))]]
    mounts = (_str(_table(m).get("source")) for m in _list(config.get("mounts")))
    release = _str(_table(config.get("deploy")).get("release_command"))
    env = _table(config.get("env"))
    units = [
        ServiceFact(
            app,
            toml.key_line((), "app") or 1,
            "fly-app",
            image,
            build=not image,
            commands=_command("release", release, toml.key_line(("deploy",), "release_command")),
            ports=_fly_ports(services, None),
            env=tuple(env_setting(k, _str(v), toml.key_line(("env",), k)) for k, v in env.items()),
            volumes=tuple(m for m in mounts if m),
        )
    ]
    for name, command in _table(config.get("processes")).items():
        at = toml.key_line(("processes",), name)
        commands, ports = _command(name, _str(command), at), _fly_ports(services, name)
        units.append(ServiceFact(name, at, "fly-process", image, not image, commands, ports=ports))
    resources = _fly_resources(app, config, services, toml)
    return InfraFacts("fly", tuple(units), resources, problems=tuple(problems))


def _fly_resources(
    app: str, config: dict[str, object], services: list[dict[str, object]], toml: TomlLines
) -> tuple[ResourceFact, ...]:
    """The primary region, then the scaling of each service and the size of each machine, once
    per process they cover."""
    found: list[ResourceFact] = []
    region = _str(config.get("primary_region"))
    if region:
        found.append(ResourceFact("fly-region", region, toml.key_line((), "primary_region"), app))
    service_lines = [toml.headers.get(("http_service",), 0), *_array_lines(toml, "services")]
    for index, service in enumerate(services):
        low = _str(service.get("min_machines_running"))
        if not low:
            continue
        at = _nth(service_lines, index) or toml.key_line((), "services")
        detail = detail_of(
            min_replicas=low, auto_stop_machines=_str(service.get("auto_stop_machines"))
        )
        for target in _strings(service.get("processes")) or [app]:
            found.append(ResourceFact("fly-scaling", app, at, target, detail))
    vm_lines = _array_lines(toml, "vm")
    for index, vm in enumerate(v for v in _list(config.get("vm")) if isinstance(v, dict)):
        at = _nth(vm_lines, index) or toml.key_line((), "vm")
        detail = tuple((key, _str(vm[key])) for key in _FLY_VM_KEYS if _str(vm.get(key)))
        for target in _strings(vm.get("processes")) or [app]:
            found.append(ResourceFact("fly-vm", app, at, target, detail))
    return tuple(found)


def _command(name: str, command: str, at: int) -> tuple[ProcessCommand, ...]:
    """A shell command line as a one-command tuple; none for an empty command."""
    if not command:
        return ()
    program, workers = read_shell_command(command)
    return (ProcessCommand(name, command, program, at, workers),)


def _fly_ports(services: list[dict[str, object]], process: str | None) -> tuple[int, ...]:
    """The internal ports of the services that serve ``process`` (every service's for the app)."""
    ports = (
        _int(service.get("internal_port"))
        for service in services
        if process is None or process in _strings(service.get("processes"))
    )
    return tuple(dict.fromkeys(port for port in ports if port))


def _array_lines(lines: TomlLines, name: str) -> list[int]:
    """The header line of each ``[[name]]`` table, in order."""
    header = f"[[{name}]]"
    return [n for n in lines.header_lines if lines.lines[n - 1].strip().startswith(header)]


def _nth(values: list[int], index: int) -> int:
    """``values[index]``, 0 past the end."""
    return values[index] if index < len(values) else 0


def _table(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _str(value: object) -> str:
    """A TOML scalar as text (``true`` for booleans, as written); ``""`` for tables and lists."""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if isinstance(value, str | int | float) else ""


def _strings(value: object) -> list[str]:
    return [item for item in _list(value) if isinstance(item, str)]


def _int(value: object) -> int:
    text_ = _str(value)
    return int(text_) if text_.isdigit() and 0 < int(text_) < 65536 else 0


# -- render.yaml ------------------------------------------------------------------------------


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


# -- App Engine app.yaml ----------------------------------------------------------------------


def scan_app_engine(data: bytes) -> InfraFacts:
    """Read an App Engine ``app.yaml``: the service and its scaling; not one without
    ``runtime:``."""
    if b"runtime" not in data:
        return InfraFacts(kind="")
    documents, problems, parsed = load_yaml(data)
    config = next((d for d in documents if isinstance(d, MappingNode)), None)
    runtime = field(config, "runtime")
    if runtime is None or config is None:
        return InfraFacts("") if parsed else InfraFacts("app-engine", problems=tuple(problems))
    named = field(config, "service")
    named = named if named is not None else field(config, "module")
    name = text(named) or "default"
    entrypoint = process_command("entrypoint", field(config, "entrypoint"))
    unit = ServiceFact(
        name,
        line(named if named is not None else runtime),
        "app-engine",
        build=True,
        commands=(entrypoint,) if entrypoint else (),
        replicas=count(field(config, "manual_scaling", "instances")),
        env=mapping_env(field(config, "env_variables")),
    )
    resources: list[ResourceFact] = []
    for key in ("automatic_scaling", "basic_scaling"):
        scaling = field(config, key)
        if scaling is not None:
            low = text(field(scaling, "min_instances"))
            high = text(field(scaling, "max_instances"))
            detail = detail_of(min_replicas=low, max_replicas=high)
            resources.append(ResourceFact("app-engine-scaling", name, line(scaling), name, detail))
    return InfraFacts("app-engine", (unit,), tuple(resources), problems=tuple(problems))


# -- serverless.yml ---------------------------------------------------------------------------


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


FLY_SCANNER = Scanner(name="fly", version=2, fact_type=InfraFacts, scan=scan_fly)
RENDER_SCANNER = Scanner(name="render", version=2, fact_type=InfraFacts, scan=scan_render)
APP_ENGINE_SCANNER = Scanner(
    name="app-engine", version=2, fact_type=InfraFacts, scan=scan_app_engine
)
SERVERLESS_SCANNER = Scanner(
    name="serverless", version=2, fact_type=InfraFacts, scan=scan_serverless
)
