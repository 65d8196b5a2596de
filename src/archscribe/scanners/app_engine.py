"""Scanners: app.yaml, a Google App Engine service's configuration.

Only a file with ``runtime:`` is one: it is one ``app-engine`` unit named by ``service:`` (or
``module:``, else ``default``) with its entrypoint, ``env_variables`` and manual instance
count; automatic or basic scaling is an ``app-engine-scaling`` resource. Any other app.yaml is
``InfraFacts(kind="")``. The scanner never raises.
"""

from __future__ import annotations

from yaml.nodes import MappingNode

from archscribe.model.facts import InfraFacts, ResourceFact, ServiceFact
from archscribe.scanners.base import Scanner
from archscribe.scanners.compose import (
    count,
    detail_of,
    field,
    load_yaml,
    mapping_env,
    process_command,
    text,
)
from archscribe.scanners.yaml_nodes import line

__all__ = ["APP_ENGINE_SCANNER", "scan_app_engine"]


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


APP_ENGINE_SCANNER = Scanner(
    name="app-engine", version=2, fact_type=InfraFacts, scan=scan_app_engine
)
