"""Analysis: what the infrastructure files run and how: services, scaling, environments,
backups, deploy steps and the platforms the system is hosted on.

Reads the facts of compose, Kubernetes, Helm, Terraform, CI, platform and server files of the
system (tests' and examples' files are not the system's) and says only what they declare.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from archscribe.analysis.environments import environment_of_name, environment_of_path
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import (
    Backup,
    CodeRole,
    EnvironmentTrace,
    Proxy,
    ScalingRule,
    Service,
    TechnologyUse,
    UseSource,
)
from archscribe.model.evidence import Evidence
from archscribe.model.facts import TEMPLATED, InfraFacts, ResourceFact, ServiceFact

__all__ = ["SYSTEM_ROLES", "Infrastructure", "describe_infrastructure"]

SYSTEM_ROLES = (CodeRole.SOURCE, CodeRole.SCRIPT, CodeRole.BUILD)

# Programs that dump or back up data; a scheduled unit running one is a backup.
_BACKUP_PROGRAMS = frozenset(
    {
        "pg_dump",
        "pg_dumpall",
        "pg_basebackup",
        "pgbackrest",
        "wal-g",
        "barman",
        "mysqldump",
        "mariadb-dump",
        "mongodump",
        "restic",
        "borg",
        "duplicity",
        "rclone",
    }
)
_BACKUP_WORD = re.compile(r"(?:^|[^a-z])(?:backups?|dump)(?:[^a-z]|$)")
_BACKUP_RESOURCE_TYPES = frozenset(
    {"aws_backup_plan", "aws_backup_selection", "aws_db_snapshot", "google_sql_backup_run"}
)
_BACKUP_DETAILS = frozenset(
    {"backup_retention_period", "backup_retention_days", "point_in_time_recovery_enabled"}
)
_AUTOSCALERS = frozenset(
    {"HorizontalPodAutoscaler", "render-autoscaling", "app-engine-scaling", "fly-scaling"}
)
_WORKLOAD_SERVICE_KINDS = frozenset({"ci-job"})  # units that are not services of the system


@dataclass(frozen=True, slots=True)
class Infrastructure:
    """What :func:`describe_infrastructure` finds."""

    services: tuple[Service, ...]
    scaling: tuple[ScalingRule, ...]
    environments: tuple[EnvironmentTrace, ...]
    platforms: tuple[TechnologyUse, ...]
    backups: tuple[Backup, ...]
    deploy_steps: tuple[tuple[str, str, Evidence], ...]
    proxies: tuple[Proxy, ...] = ()


def describe_infrastructure(
    files: Sequence[tuple[str, InfraFacts]],
    paths: Sequence[str],
    role_of: Callable[[str], CodeRole],
    catalogue: Catalogue,
) -> Infrastructure:
    """Services, scaling, environments, platforms, backups and deploy steps of the system's
    own infrastructure files, each with its evidence, in a stable order."""
    services: list[Service] = []
    scaling: list[ScalingRule] = []
    environments: list[EnvironmentTrace] = []
    platforms: dict[str, list[UseSource]] = {}
    backups: list[Backup] = []
    steps: list[tuple[str, str, Evidence]] = []
    peers: set[str] = set()  # managed services a platform file declares (a render database)
    proxies: list[Proxy] = []
    index = catalogue.technologies
    for path, facts in sorted(files, key=lambda pf: pf[0]):
        if role_of(path) not in SYSTEM_ROLES:
            continue
        file_env = environment_of_path(path)
        test_file = file_env == "test"
        platform = index.by_platform(facts.kind) if index is not None else None
        if platform is not None:
            platforms.setdefault(platform.name, []).append(
                UseSource("platform", facts.kind, Evidence(path), environment=file_env)
            )
        if facts.kind == "env-file":
            # A template (.env.example) documents what every environment sets; it is where a
            # developer starts, so it is the development environment's evidence.
            what = "env file" if file_env else "env file template"
            environments.append(EnvironmentTrace(file_env or "development", what, Evidence(path)))
        elif file_env and not (file_env == "test" and facts.kind in _NAMED_BY_JOBS):
            environments.append(
                EnvironmentTrace(
                    file_env, _FILE_WHAT.get(facts.kind, f"{facts.kind} file"), Evidence(path)
                )
            )
        for name in facts.environments:
            environments.append(
                EnvironmentTrace(environment_of_name(name), "deploy job", Evidence(path))
            )
        for unit in facts.services:
            if unit.kind in _WORKLOAD_SERVICE_KINDS:
                continue
            service = _service(path, facts.kind, unit, file_env, test_file, catalogue)
            services.append(service)
            scaling.extend(
                ScalingRule(unit.name, "workers", c.workers, c.workers, Evidence(path, c.line))
                for c in unit.commands
                if c.workers > 0
            )
            if unit.replicas > 0:
                scaling.append(
                    ScalingRule(
                        unit.name, "replicas", unit.replicas, unit.replicas, service.evidence
                    )
                )
            backups.extend(_unit_backups(path, unit))
        for resource in facts.resources:
            ev = Evidence(path, resource.line)
            if resource.kind.startswith(_PEER_RESOURCE_PREFIXES):
                peers.add(resource.name)
            rule = _autoscaler(resource, ev)
            if rule is not None:
                scaling.append(rule)
            if resource.kind == "deploy-step":
                named = _detail(resource, "environment")
                steps.append((resource.name, environment_of_name(named) if named else "", ev))
            cloud = index.by_provider(resource.name) if index is not None else None
            if resource.kind == "provider" and cloud is not None:
                source = UseSource("provider", resource.name, ev, facts.kind)
                platforms.setdefault(cloud.name, []).append(source)
            backups.extend(_resource_backups(resource, ev))
        proxies.extend(_proxies(path, facts))
    services = _known_peers(services, peers)
    backups.extend(_backup_scripts(paths, role_of))
    environments.extend(_settings_modules(paths, role_of))
    uses = tuple(
        TechnologyUse(name, _category(name, catalogue), tuple(sorted(set(sources), key=_key)))
        for name, sources in sorted(platforms.items())
    )
    return Infrastructure(
        services=tuple(sorted(services, key=lambda s: (s.evidence, s.name))),
        scaling=tuple(sorted(scaling, key=lambda r: (r.evidence, r.target))),
        environments=tuple(sorted(set(environments), key=lambda e: (e.name, e.evidence, e.what))),
        platforms=uses,
        backups=tuple(sorted(set(backups), key=lambda b: (b.evidence, b.what))),
        deploy_steps=tuple(sorted(set(steps), key=lambda s: (s[2], s[0]))),
        proxies=tuple(sorted(proxies, key=lambda p: (p.evidence, p.location))),
    )


# CI files name environments in their jobs; a workflow file named for tests (ci.yml,
# test.yml) is no test environment, while one named deploy-production.yml speaks for one.
_NAMED_BY_JOBS = frozenset({"github-actions", "gitlab-ci"})
_FILE_WHAT = {
    "compose": "compose file",
    "kubernetes": "Kubernetes manifest",
    "helm-chart": "Helm chart",
    "helm-values": "Helm values",
    "terraform": "Terraform configuration",
    "github-actions": "CI workflow",
    "gitlab-ci": "CI workflow",
    "fly": "fly.toml",
    "render": "render.yaml",
    "app-engine": "App Engine configuration",
    "serverless": "serverless configuration",
    "nginx": "nginx configuration",
    "supervisor": "supervisor configuration",
    "systemd": "systemd unit",
    "env-file": "env file",
}


def _key(source: UseSource) -> tuple[Evidence, str, str]:
    return source.evidence, source.kind, source.name


def _category(name: str, catalogue: Catalogue) -> str:
    index = catalogue.technologies
    entry = index.names.get(name) if index is not None else None
    return entry.category if entry is not None else "hosting"


def _service(
    path: str, kind: str, unit: ServiceFact, file_env: str, test_file: bool, catalogue: Catalogue
) -> Service:
    index = catalogue.technologies
    image = "" if TEMPLATED in unit.image else unit.image  # set by Helm values, not known
    entry = index.by_image(image) if index is not None and image else None
    talks: list[tuple[str, str]] = [(name, "depends_on") for name in unit.depends_on]
    talks += [(env.host, env.name) for env in unit.env if env.host and env.host != unit.name]
    return Service(
        name=unit.name,
        kind=unit.kind,
        source=kind,
        evidence=Evidence(path, unit.line),
        image=image,
        technology=entry.name if entry is not None else "",
        built=unit.build,
        replicas=unit.replicas,
        ports=unit.ports,
        talks_to=tuple(dict.fromkeys(talks)),
        schedule=unit.schedule,
        environment=environment_of_name(unit.environment) if unit.environment else file_env,
        test_only=unit.test_only or test_file,
    )


_PEER_RESOURCE_PREFIXES = ("render-", "fly-", "Service")


def _proxies(path: str, facts: InfraFacts) -> Iterable[Proxy]:
    """Routes into the system: an nginx file's locations, each with the servers of the
    upstream it passes to, and a Kubernetes Ingress's host and path rules."""
    servers: dict[str, list[str]] = {}
    for resource in facts.resources:
        if resource.kind == "nginx-upstream":
            servers.setdefault(resource.name, []).extend(
                value for key, value in resource.detail if key == "server"
            )
    for resource in facts.resources:
        ev = Evidence(path, resource.line)
        if resource.kind == "nginx-proxy" and resource.target:
            known = tuple(servers.get(resource.target, ()))
            yield Proxy(resource.name, resource.target, known, ev)
        elif resource.kind == "Ingress" and resource.target:
            where = _detail(resource, "host") + _detail(resource, "path")
            yield Proxy(where or "*", resource.target, (), ev)


def _known_peers(services: list[Service], peers: set[str]) -> list[Service]:
    """The services, each talking only to services some file declares: an environment URL's
    host that names no service (``s3://bucket``, a user name) is no peer."""
    names = {s.name for s in services} | peers
    return [
        replace(s, talks_to=tuple(t for t in s.talks_to if t[1] == "depends_on" or t[0] in names))
        for s in services
    ]


def _detail(resource: ResourceFact, key: str) -> str:
    return next((value for name, value in resource.detail if name == key), "")


def _autoscaler(resource: ResourceFact, ev: Evidence) -> ScalingRule | None:
    if resource.kind not in _AUTOSCALERS:
        return None
    low, high = _int(_detail(resource, "min_replicas")), _int(_detail(resource, "max_replicas"))
    if not (low or high):
        return None
    return ScalingRule(resource.target or resource.name, "autoscaler", low, high, ev)


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _unit_backups(path: str, unit: ServiceFact) -> Iterable[Backup]:
    """A unit that runs a dump program, or a scheduled unit named for backups."""
    for command in unit.commands:
        words = set(re.split(r"[\s;&|'\"()]+", command.command))
        if command.program in _BACKUP_PROGRAMS or words & _BACKUP_PROGRAMS:
            program = command.program if command.program in _BACKUP_PROGRAMS else ""
            program = program or sorted(words & _BACKUP_PROGRAMS)[0]
            when = f" on schedule `{unit.schedule}`" if unit.schedule else ""
            yield Backup(f"`{unit.name}` runs `{program}`{when}", Evidence(path, command.line))
            return
    if unit.schedule and _BACKUP_WORD.search(unit.name.lower()):
        yield Backup(f"scheduled `{unit.name}` on `{unit.schedule}`", Evidence(path, unit.line))


def _resource_backups(resource: ResourceFact, ev: Evidence) -> Iterable[Backup]:
    if resource.kind in _BACKUP_RESOURCE_TYPES:
        yield Backup(f"Terraform `{resource.kind}.{resource.name}`", ev)
        return
    for key, value in resource.detail:
        if key in _BACKUP_DETAILS and value not in ("0", "false", ""):
            yield Backup(f"`{resource.kind}.{resource.name}` sets `{key} = {value}`", ev)


_SETTINGS_FOLDERS = frozenset({"settings", "config", "configs", "conf", "environments", "envs"})
_SETTINGS_STEMS = ("settings", "config")


def _settings_modules(
    paths: Sequence[str], role_of: Callable[[str], CodeRole]
) -> Iterable[EnvironmentTrace]:
    """Python settings split by environment: ``settings/production.py``, ``config/dev.py``,
    ``settings_staging.py``."""
    for path in paths:
        if not path.endswith(".py"):
            continue
        folder, _, name = path.rpartition("/")
        parent = folder.rpartition("/")[2].lower()
        if parent not in _SETTINGS_FOLDERS and not name.lower().startswith(_SETTINGS_STEMS):
            continue
        environment = environment_of_path(path)
        if environment and role_of(path) in SYSTEM_ROLES:
            yield EnvironmentTrace(environment, "settings module", Evidence(path))


def _backup_scripts(paths: Sequence[str], role_of: Callable[[str], CodeRole]) -> Iterable[Backup]:
    """Scripts of the system whose file name says they back up data."""
    for path in paths:
        name = path.rpartition("/")[2].lower()
        if "backup" not in name and "dump" not in name:
            continue  # the common case, decided without splitting the name
        stem, dot, suffix = name.rpartition(".")
        if not dot or suffix not in ("sh", "py", "bash"):
            continue
        if _BACKUP_WORD.search(stem) and role_of(path) in SYSTEM_ROLES:
            yield Backup(f"backup script `{path.rpartition('/')[2]}`", Evidence(path))
