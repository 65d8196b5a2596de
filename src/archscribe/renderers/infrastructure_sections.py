"""Renderers: Storage Strategy, Integration Points and Deployment Architecture, from the
technologies the system relies on and what its infrastructure files run.

Every line names its evidence. Test infrastructure (CI service containers, test compose files)
is said apart and never presented as production storage.
"""

from __future__ import annotations

from collections.abc import Sequence

from archscribe.model.architecture import (
    API_CATEGORIES,
    BROKER_CATEGORIES,
    CACHE_CATEGORIES,
    ENVIRONMENTS,
    MONITORING_CATEGORIES,
    STORAGE_CATEGORIES,
    Architecture,
    EnvironmentTrace,
    Service,
    SystemKind,
    TechnologyUse,
    UseSource,
)
from archscribe.model.semantics import ApiDescription, OutboundCall
from archscribe.renderers.wording import (
    cite,
    cite_all,
    code,
    join_names,
    list_citations,
    not_detected,
    plural,
)

__all__ = [
    "environments_section",
    "external_apis_section",
    "infrastructure_section",
    "internal_services_section",
    "source_words",
    "storage_section",
    "used_as_cache",
]

_SOURCES_SHOWN = 3
_CATEGORY_WORDS = {"cache": "in-memory store"}  # as listed under storage
_PRIMARY = STORAGE_CATEGORIES
_MONITORING_PREFIX = "monitoring: "
_SOURCE_WORDING = {
    "dependency": "client library {name}",
    "setting": "setting {name}",
    "setting-url": "setting {name}",
    "env": "{name}",
    "service": "service {name}",
    "ci-service": "CI service {name}",
    "terraform": "Terraform {name}",
    "chart": "Helm chart {name}",
    "platform": "{name} file",
    "managed": "managed {name}",
    "provider": "provider {name}",
    "cloudformation": "CloudFormation resource {name}",
}
_LOOKED_FOR_STORAGE = (
    "database drivers and ORMs in the manifests, `DATABASES`/`SQLALCHEMY_DATABASE_URI`-style "
    "settings, URL schemes in env files, images of compose, Kubernetes and CI services, and "
    "Terraform resources."
)


def used_as_cache(use: TechnologyUse) -> bool:
    """Whether the evidence says a cache-category technology caches: a cache setting
    (``CACHES``, ``CACHE_REDIS_URL``) or a caching library (Flask-Caching, cachetools)."""
    return any(
        ("CACHE" in s.name.upper() if s.kind in ("setting", "setting-url") else False)
        or (s.kind == "dependency" and "cach" in s.name.lower())
        for s in use.sources
    )


def storage_section(arch: Architecture) -> str:
    """Primary storage, caching and backup."""
    # A Redis the files never say caches anything (a queue, a store) is storage, not caching.
    caches = [u for u in _uses(arch, CACHE_CATEGORIES) if used_as_cache(u)]
    primary = [
        *_uses(arch, _PRIMARY),
        *(u for u in _uses(arch, CACHE_CATEGORIES) if not used_as_cache(u)),
    ]
    tests = [u for u in arch.stack if u.test_only and u.category in (*_PRIMARY, *CACHE_CATEGORIES)]
    if arch.overview.kind is SystemKind.LIBRARY:
        return _library_storage(arch, [*primary, *caches])
    primary_text = _use_list(primary) or not_detected(_LOOKED_FOR_STORAGE)
    if tests:
        primary_text += " Test infrastructure only (not production storage): " + _use_list(
            tests, with_category=False
        )
    caching_text = _use_list(caches, with_category=False) or not_detected(
        "a cache backend in settings (`CACHES`, `CACHE_*`) or a caching library in the "
        "manifests; a Redis, Valkey or Memcached that the files run or connect to without "
        "saying it caches is listed under Primary Storage."
    )
    backups = arch.deployment.backups
    backup_text = (
        "; ".join(f"{b.what} {cite(b.evidence)}" for b in backups) + "."
        if backups
        else not_detected(
            "scheduled jobs running `pg_dump`, `mysqldump`, `mongodump` or a backup tool, "
            "backup scripts, and managed-backup settings in Terraform."
        )
    )
    return "\n".join(
        [
            f"- **Primary Storage**: {primary_text}",
            f"- **Caching**: {caching_text}",
            f"- **Backup**: {backup_text}",
        ]
    )


_LIBRARY = (
    "None of its own: this is a library (see the Overview), which runs inside the programs "
    "that use it."
)


def _library_storage(arch: Architecture, supported: Sequence[TechnologyUse]) -> str:
    """A library stores nothing; what it can work with is said as that, with its evidence."""
    works_with = " It works with " + _use_list(supported, with_category=False) if supported else ""
    return "\n".join(
        [
            f"- **Primary Storage**: {_LIBRARY}{works_with}",
            f"- **Caching**: {_LIBRARY}",
            f"- **Backup**: {_LIBRARY}",
        ]
    )


def external_apis_section(arch: Architecture) -> str:
    """Third-party APIs the system reaches: through SDKs, settings or services (the stack),
    and through the calls its code makes (HTTP requests with their hosts, SDK clients,
    e-mail)."""
    apis = _uses(arch, API_CATEGORIES)
    calls = [o for o in arch.semantics.outbound if not o.target.endswith("(local)")]
    if apis and arch.overview.kind is SystemKind.LIBRARY and not calls:
        return "- " + _LIBRARY + " It can call " + _use_list(apis)
    if not apis and not calls:
        return "- " + not_detected(
            "SDKs of third-party APIs (payments, e-mail, SMS, chat, maps, LLM providers and "
            "others in archscribe's catalogue) in the manifests and imports, e-mail or API "
            "backends in settings, and HTTP, SDK and e-mail calls in the code (requests, "
            "httpx, aiohttp, urllib, boto3, smtplib and the like)."
        )
    by_target: dict[str, list[OutboundCall]] = {}
    for call in calls:
        by_target.setdefault(call.target, []).append(call)
    for use in _uses(arch, MONITORING_CATEGORIES):
        by_target.pop(use.technology, None)  # Sentry's client: shown under Monitoring
    lines: list[str] = []
    mail_taken = False
    for use in apis:
        matched = by_target.pop(use.technology, [])
        if use.category == "email api" and not mail_taken:
            matched += by_target.pop(_MAIL, [])  # mail sent without a host: this backend's
            mail_taken = True
        line = f"- **{use.technology}**: {use.category}, through {_sources(use)}{_used_by(use)}"
        if matched:
            functions = sorted({c.function for c in matched if c.function})
            where = f" from {join_names(functions, 4)}" if functions else ""
            cited = list_citations([c.evidence for c in matched], 3, len(matched))
            line += f"; called{where} ({cited})"
        lines.append(line)
    for target, found in sorted(by_target.items()):
        if target:
            lines.append(f"- **{target}**: {_call_summary(found)}")
    computed = by_target.get("", [])
    if computed:
        lines.append(
            f"- {plural(len(computed), 'call')} whose destination is computed at run time ("
            + ", ".join(sorted({c.client for c in computed}))
            + f") ({list_citations([c.evidence for c in computed], 3, len(computed))})"
        )
    return "\n".join(lines)


_KIND_WORDS = {"http": "HTTP requests", "sdk": "SDK client", "mail": "e-mail"}
_MAIL = "e-mail (SMTP)"  # the target of mail sent through the settings' backend


def _call_summary(calls: Sequence[OutboundCall]) -> str:
    kinds = sorted({(c.kind, c.client) for c in calls})
    how = ", ".join(f"{_KIND_WORDS.get(kind, kind)} ({code(client)})" for kind, client in kinds)
    functions = sorted({c.function for c in calls if c.function})
    where = f" from {join_names(functions, 4)}" if functions else ""
    return f"{how}{where} ({list_citations([c.evidence for c in calls], 3, len(calls))})"


_DESCRIPTION_KINDS = {
    "openapi": "OpenAPI",
    "swagger": "Swagger",
    "asyncapi": "AsyncAPI",
    "protobuf": "protobuf",
    "graphql": "GraphQL schema",
}


def _description_line(description: ApiDescription) -> str:
    """An API description file no component's code stands beside, with its operations."""
    kind = _DESCRIPTION_KINDS.get(description.kind, description.kind)
    title = f" {description.title}" if description.title else ""
    names = [name for name, _line in description.operations]
    shown = f": {join_names(names, 6)}" if names else ""
    return (
        f"- **API description** {code(description.evidence.path)}: {kind}{title}, "
        f"{plural(len(names), 'operation')}{shown}"
    )


def internal_services_section(arch: Architecture) -> str:
    """Services the infrastructure files run, brokers, and the repository's other
    deployables."""
    lines: list[str] = []
    services = [s for s in arch.deployment.services if not s.test_only]
    lines += [_service_line(group) for group in _grouped(services)]
    lines += [
        f"- **{u.technology}**: message broker, through {_sources(u)}{_used_by(u)}"
        for u in _uses(arch, BROKER_CATEGORIES)
        if not any(s.technology == u.technology for s in services)
    ]
    if arch.deployment.proxies:
        lines.append(
            "- **Routes in**: "
            + "; ".join(
                f"{code(p.location)} to {code(p.target)}"
                + (f" ({', '.join(code(s) for s in p.servers)})" if p.servers else "")
                + f" {cite(p.evidence)}"
                for p in arch.deployment.proxies
            )
        )
    if arch.overview.kind is SystemKind.MULTI_SERVICE:
        lines += [f"- {r.text} {cite_all(r.evidence)}" for r in arch.overview.kind_reasons]
    lines += [
        _description_line(d) for d in arch.semantics.api_descriptions if not d.component
    ]  # those beside a component's code are among its interfaces
    if not lines:
        return "- " + not_detected(
            "services in compose files, Kubernetes workloads and platform files (render.yaml, "
            "fly.toml, app.yaml, serverless.yml), message brokers, and other deployables in "
            "the repository."
        )
    tests = [s for s in arch.deployment.services if s.test_only]
    if tests:
        lines.append(
            "- Test infrastructure only: "
            + "; ".join(f"{_service_name(s)} {cite(s.evidence)}" for s in tests)
        )
    return "\n".join(lines)


def environments_section(arch: Architecture) -> str:
    """Development, staging and production, as settings modules, env files, compose files,
    overlays and CI deploy jobs name them."""
    by_name: dict[str, list[EnvironmentTrace]] = {}
    for trace in arch.deployment.environments:
        by_name.setdefault(trace.name, []).append(trace)
    for tool, env, ev in arch.deployment.deploy_steps:
        if env:
            # The step, with its line, says more than its job's environment name alone.
            traces = by_name.setdefault(env, [])
            traces[:] = [
                t for t in traces if not (t.what == "deploy job" and t.evidence.path == ev.path)
            ]
            traces.append(EnvironmentTrace(env, f"`{tool}` deploy step", ev))
    named = {name: by_name.pop(name, []) for name in ENVIRONMENTS}
    lines = []
    for name in ENVIRONMENTS[:3]:
        traces = named[name]
        text = (
            _traces(traces)
            if traces
            else not_detected(
                f"settings modules, env files, compose files, Kubernetes overlays or CI deploy "
                f"jobs named for {name}."
            )
        )
        if name == "development":
            if named["test"]:
                text += " Tests and CI: " + _traces(named["test"])
            if by_name:
                text += " Other environments named: " + "; ".join(
                    f"{code(other)}: {_traces(found)}" for other, found in sorted(by_name.items())
                )
        lines.append(f"- **{name.capitalize()}**: {text}")
    return "\n".join(lines)


def infrastructure_section(arch: Architecture) -> str:
    """Hosting (images, processes, platforms, deploy steps), scaling and monitoring."""
    d = arch.deployment
    hosting: list[str] = []
    if d.images:
        hosting.append(
            "container images built from "
            + ", ".join(
                f"{code(i.reference)}{f' ({i.technology})' if i.technology else ''} "
                f"{cite(i.evidence)}"
                for i in d.images
            )
        )
    if d.processes:
        hosting.append(
            "started as "
            + "; ".join(
                f"{p.name}: {p.technology or code(_shortened(p.command))} {cite(p.evidence)}"
                for p in d.processes
            )
        )
    if d.platforms:
        hosting.append(
            "on "
            + "; ".join(
                f"{u.technology} {cite_all([s.evidence for s in u.sources])}" for u in d.platforms
            )
        )
    if d.deploy_steps:
        hosting.append(
            "deployed by "
            + "; ".join(
                f"{code(tool)}{f' to {env}' if env else ''} {cite(ev)}"
                for tool, env, ev in d.deploy_steps
            )
        )
    if hosting:
        text = "; ".join(hosting)
        hosting_text = text[0].upper() + text[1:] + "."
    else:
        hosting_text = not_detected(
            "Dockerfiles, Procfiles, compose files, Kubernetes manifests, Helm charts, "
            "Terraform, platform files and CI deploy steps among the system's files."
        )
    if d.unread:
        hosting_text += f" Present but not read: {join_names(d.unread, 8)}."
    scaling = (
        "; ".join(
            f"{code(r.target)} {_scaling_words(r.kind, r.minimum, r.maximum)} {cite(r.evidence)}"
            for r in d.scaling
        )
        + "."
        if d.scaling
        else not_detected(
            "worker counts in start commands, replicas in compose and Kubernetes files, and "
            "autoscalers (HorizontalPodAutoscaler, platform autoscaling)."
        )
    )
    monitoring_uses = [
        u for u in arch.stack if u.category in MONITORING_CATEGORIES and not u.test_only
    ]
    monitoring = (
        "; ".join(
            f"{u.technology} ({u.category.removeprefix(_MONITORING_PREFIX)}), through "
            f"{_sources(u)}"
            for u in monitoring_uses
        )
        + "."
        if monitoring_uses
        else not_detected(
            "error tracking, metrics, tracing and logging libraries in the manifests and "
            "imports, and monitoring images among the services."
        )
    )
    return "\n".join(
        [
            f"- **Hosting**: {hosting_text}",
            f"- **Scaling**: {scaling}",
            f"- **Monitoring**: {monitoring}",
        ]
    )


def _shortened(command: str, limit: int = 60) -> str:
    """A command as shown beside its evidence: whole when short, else cut with an ellipsis."""
    return command if len(command) <= limit else command[: limit - 1].rstrip() + "…"


def _uses(arch: Architecture, categories: Sequence[str]) -> list[TechnologyUse]:
    return [u for u in arch.stack if u.category in categories and not u.test_only]


def _use_list(uses: Sequence[TechnologyUse], with_category: bool = True) -> str:
    """``PostgreSQL, through …; Amazon S3 (object storage), through ….``"""
    if not uses:
        return ""
    parts = []
    for u in uses:
        category = f" ({_CATEGORY_WORDS.get(u.category, u.category)})"
        if not with_category or u.category == "database":
            category = ""
        sources = _sources(u, production=not u.test_only)
        parts.append(f"{u.technology}{category}, through {sources}{_used_by(u)}")
    return "; ".join(parts) + "."


def _sources(use: TechnologyUse, production: bool = True) -> str:
    """Up to three sources, production ones first, then how many more."""
    sources = [s for s in use.sources if not (production and s.test_only)] or list(use.sources)
    shown = ", ".join(f"{source_words(s)} {cite(s.evidence)}" for s in sources[:_SOURCES_SHOWN])
    rest = len(sources) - _SOURCES_SHOWN
    return shown + (f", +{rest} more" if rest > 0 else "")


def source_words(source: UseSource) -> str:
    text = _SOURCE_WORDING[source.kind].format(name=code(source.name))
    if source.detail:
        text += _DETAIL_WORDING.get(source.kind, "").format(detail=code(source.detail))
        if source.kind in ("env", "setting-url"):
            text += f" ({source.detail} URL)"
    if source.environment and source.environment != "test":
        text += f" [{source.environment}]"
    return text


_DETAIL_WORDING = {
    "setting": " = {detail}",
    "service": " ({detail})",
    "ci-service": " ({detail})",
    "terraform": " (engine {detail})",
    "cloudformation": " ({detail})",
    "managed": " ({detail})",
}


def _used_by(use: TechnologyUse) -> str:
    return f"; used by {join_names(use.components, 5)}" if use.components else ""


def _service_name(service: Service) -> str:
    what = service.technology or (code(service.image) if service.image else "")
    return f"{code(service.name)}" + (f" ({what})" if what else "")


def _grouped(services: Sequence[Service]) -> list[list[Service]]:
    """Services of the same name and kind of file (``db`` in compose.yml and in
    compose.override.yml) as one group, in order of first appearance."""
    groups: dict[tuple[str, str], list[Service]] = {}
    for service in services:
        groups.setdefault((service.name, service.source), []).append(service)
    return list(groups.values())


def _service_line(group: Sequence[Service]) -> str:
    """One service, however many files declare it: what it runs, where, and whom it talks to."""
    first = group[0]
    technology = next((s.technology for s in group if s.technology), "")
    image = next((s.image for s in group if s.image), "")
    what = technology or (code(image) if image else "")
    if not what and any(s.built for s in group):
        what = "built from this repository"
    kinds = dict.fromkeys(s.kind.replace("-", " ") for s in group)
    parts = [f"{' / '.join(kinds)} {cite_all([s.evidence for s in group])}"]
    if what:
        parts.insert(0, what)
    ports = sorted({p for s in group for p in s.ports})
    if ports:
        parts.append(("port " if len(ports) == 1 else "ports ") + ", ".join(map(str, ports)))
    schedules = dict.fromkeys(s.schedule for s in group if s.schedule)
    if schedules:
        parts.append("on schedule " + ", ".join(code(c) for c in schedules))
    how_of: dict[str, list[str]] = {}
    for service in group:
        for name, how in service.talks_to:
            hows = how_of.setdefault(name, [])
            if how != "depends_on" and code(how) not in hows:
                hows.append(code(how))
    if how_of:
        parts.append(
            "talks to "
            + ", ".join(
                code(name) + (f" (through {', '.join(hows)})" if hows else "")
                for name, hows in how_of.items()
            )
        )
    return f"- **{first.name}**: " + "; ".join(parts)


def _traces(traces: Sequence[EnvironmentTrace]) -> str:
    return "; ".join(f"{t.what} {cite(t.evidence)}" for t in traces) + "."


def _scaling_words(kind: str, low: int, high: int) -> str:
    if kind == "autoscaler":
        if not high:
            return f"keeps at least {plural(low, 'instance')} running"
        return f"autoscales from {low} to {high} replicas"
    if kind == "workers":
        return f"runs {plural(low, 'worker')}"
    return f"runs {plural(low, 'replica')}"
