"""Analysis: the technologies the system relies on at run time (databases, caches, brokers,
search, object storage, external APIs, monitoring), each with every piece of evidence.

Evidence comes from five places, and the catalogue turns each into a technology:

- client libraries the manifests declare or the components import (psycopg reaches PostgreSQL);
- Python settings: a backend's dotted path (``django.db.backends.postgresql``) or a URL's scheme
  (``CELERY_BROKER_URL = "amqp://..."``);
- environment variables in env files and service definitions whose URL scheme names a
  technology (``REDIS_URL=redis://redis:6379``);
- images that compose, Kubernetes and CI services run (``postgres:16``), Helm chart
  dependencies, and managed services that platform files declare;
- Terraform resources (``aws_db_instance``).

A technology whose every source is a test's or CI's (a CI service container, a test compose
file, a test-only dependency, a test settings module) is test infrastructure, never production
storage: it is kept, marked ``test_only``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from archscribe.analysis.environments import environment_of_path
from archscribe.analysis.infrastructure import SYSTEM_ROLES
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.technologies import TechnologyEntry, TechnologyIndex
from archscribe.model.architecture import (
    STACK_CATEGORIES,
    CodeRole,
    ExternalDependency,
    TechnologyUse,
    UseSource,
)
from archscribe.model.evidence import Evidence
from archscribe.model.facts import EnvSetting, FactSet, InfraFacts, ServiceFact

__all__ = ["describe_stack"]

# Managed services platform files declare, by resource kind -> the catalogue's name.
_PLATFORM_RESOURCES = {
    "render-database": "PostgreSQL",
    "render-redis": "Redis",
}
_TEST_GROUPS = frozenset({"test", "dev", "docs"})


def describe_stack(
    facts: FactSet,
    externals: Sequence[ExternalDependency],
    role_of: Callable[[str], CodeRole],
    component_of_path: Mapping[str, str],
    catalogue: Catalogue,
) -> tuple[TechnologyUse, ...]:
    """Every technology of :data:`STACK_CATEGORIES` the evidence reaches, sorted by category
    and name, each with its sources in path order."""
    index = catalogue.technologies
    if index is None:
        return ()
    found: dict[str, list[UseSource]] = defaultdict(list)
    components: dict[str, set[str]] = defaultdict(set)

    def add(entry: TechnologyEntry | None, source: UseSource, component: str = "") -> None:
        target = _reached(entry, index)
        if target is None or target.category not in STACK_CATEGORIES:
            return
        found[target.name].append(source)
        if component:
            components[target.name].add(component)

    for external in externals:
        entry = _entry_of(external, index)
        for source in _dependency_sources(external):
            add(entry, source)
        reached = _reached(entry, index)
        if reached is not None and not external.tooling:
            components[reached.name].update(external.used_by)

    for file in facts.files:
        role = role_of(file.path)
        if role not in SYSTEM_ROLES and role is not CodeRole.TEST:
            continue
        env = environment_of_path(file.path)
        test = role is CodeRole.TEST or env == "test"
        if file.python is not None:
            component = component_of_path.get(file.path, "")
            for setting in file.python.settings:
                ev = Evidence(file.path, setting.line)
                if "." in setting.value:  # a backend's dotted path, never a bare word
                    source = UseSource("setting", setting.setting, ev, setting.value, env, test)
                    add(index.by_python_path(setting.value), source, component)
                if setting.scheme:
                    source = UseSource(
                        "setting-url", setting.setting, ev, setting.scheme, env, test
                    )
                    add(_by_scheme(index, setting.scheme), source, component)
        if file.infra is not None and role in SYSTEM_ROLES:
            for entry, source in _infra_sources(file.path, file.infra, env, test, index):
                add(entry, source)

    uses = []
    for name, sources in found.items():
        entry = index.names[name]
        unique = tuple(sorted(set(sources), key=_source_order))
        uses.append(
            TechnologyUse(
                technology=name,
                category=entry.category,
                sources=unique,
                components=tuple(sorted(components[name])),
                test_only=all(s.test_only for s in unique),
            )
        )
    return tuple(sorted(uses, key=lambda u: (u.category, u.technology)))


# Which evidence speaks first for a technology: what the code configures, then what it
# depends on, then what the infrastructure runs.
_SOURCE_RANK = {
    kind: rank
    for rank, kind in enumerate(
        ("setting", "setting-url", "dependency", "service", "managed", "terraform", "chart")
    )
}


def _source_order(source: UseSource) -> tuple[int, Evidence, str]:
    return _SOURCE_RANK.get(source.kind, len(_SOURCE_RANK)), source.evidence, source.name


def _reached(entry: TechnologyEntry | None, index: TechnologyIndex) -> TechnologyEntry | None:
    """The technology a client library connects to, or the entry itself."""
    if entry is not None and entry.reaches:
        return index.names.get(entry.reaches, entry)
    return entry


def _entry_of(external: ExternalDependency, index: TechnologyIndex) -> TechnologyEntry | None:
    return index.names.get(external.technology) if external.technology else None


def _dependency_sources(external: ExternalDependency) -> Iterable[UseSource]:
    """The evidence of a client library: where it is declared, else where it is imported."""
    if external.tooling:
        return
    test = not external.used_by and bool(external.groups) and set(external.groups) <= _TEST_GROUPS
    for ev in external.declared_in:
        yield UseSource("dependency", external.distribution, ev, external.specifier, "", test)
    if not external.declared_in and external.first_import is not None:
        yield UseSource("dependency", external.distribution, external.first_import)


def _by_scheme(index: TechnologyIndex, scheme: str) -> TechnologyEntry | None:
    return index.by_scheme(scheme) or index.by_scheme(scheme.partition("+")[0])


def _infra_sources(
    path: str, facts: InfraFacts, env: str, test: bool, index: TechnologyIndex
) -> Iterable[tuple[TechnologyEntry | None, UseSource]]:
    yield from _env_sources(path, facts.env, env, test, index)
    for unit in facts.services:
        unit_test = test or unit.test_only
        unit_env = env or unit.environment
        yield from _unit_sources(path, unit, unit_env, unit_test, index)
    for resource in facts.resources:
        ev = Evidence(path, resource.line)
        if facts.kind == "terraform" and resource.kind not in ("provider", "module"):
            name = f"{resource.kind}.{resource.name}"
            engine = next((v for k, v in resource.detail if k == "engine"), "")
            yield index.by_terraform(resource.kind), UseSource("terraform", name, ev, engine, env)
        elif "::" in resource.kind:  # a CloudFormation resource (serverless.yml)
            source = UseSource("cloudformation", resource.name, ev, resource.kind, env)
            yield index.by_cloudformation(resource.kind), source
        elif resource.kind == "helm-dependency":
            entry = index.by_image(f"bitnami/{resource.name}") or index.by_image(resource.name)
            yield entry, UseSource("chart", resource.name, ev, "", env)
        elif resource.kind in _PLATFORM_RESOURCES:
            entry = index.names.get(_PLATFORM_RESOURCES[resource.kind])
            yield entry, UseSource("managed", resource.name, ev, resource.kind, env)


def _unit_sources(
    path: str, unit: ServiceFact, env: str, test: bool, index: TechnologyIndex
) -> Iterable[tuple[TechnologyEntry | None, UseSource]]:
    ev = Evidence(path, unit.line)
    if unit.image:
        kind = "ci-service" if unit.kind == "ci-service" else "service"
        yield index.by_image(unit.image), UseSource(kind, unit.name, ev, unit.image, env, test)
    yield from _env_sources(path, unit.env, env, test, index)


def _env_sources(
    path: str, env_settings: Iterable[EnvSetting], env: str, test: bool, index: TechnologyIndex
) -> Iterable[tuple[TechnologyEntry | None, UseSource]]:
    for setting in env_settings:
        if setting.scheme:
            ev = Evidence(path, setting.line)
            source = UseSource("env", setting.name, ev, setting.scheme, env, test)
            yield _by_scheme(index, setting.scheme), source
