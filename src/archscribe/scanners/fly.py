"""Scanners: fly.toml, a Fly.io app's configuration.

The app is a ``fly-app`` (built from the repository unless ``[build] image`` names one; its
``[env]``, ``[deploy] release_command``, ``[mounts]`` sources and every internal port); each
``[processes]`` entry is a ``fly-process`` with its command and the ports of the services
(``[http_service]``, ``[[services]]``) that name it. ``min_machines_running`` is a
``fly-scaling`` resource per process it covers, each ``[[vm]]`` a ``fly-vm`` with its size, and
``primary_region`` a ``fly-region``. A file that is not a fly.toml is ``InfraFacts(kind="")``.
The scanner never raises.
"""

from __future__ import annotations

from archscribe.model.facts import InfraFacts, ProcessCommand, ResourceFact, ServiceFact
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_shell_command
from archscribe.scanners.compose import detail_of
from archscribe.scanners.env_values import env_setting
from archscribe.scanners.manifest_text import decode, load_toml
from archscribe.scanners.pyproject import TomlLines

__all__ = ["FLY_SCANNER", "scan_fly"]

_FLY_VM_KEYS = ("size", "cpu_kind", "cpus", "memory", "memory_mb")


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


FLY_SCANNER = Scanner(name="fly", version=2, fact_type=InfraFacts, scan=scan_fly)
