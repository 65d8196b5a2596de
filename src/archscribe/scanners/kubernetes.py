"""Scanners: Kubernetes manifests (plain or Helm templates) and Helm ``Chart.yaml`` files.

A manifest is any YAML document with an ``apiVersion`` and a ``kind`` (multi-document files,
and ``List`` objects with ``items``). Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet,
ReplicationController, Job, CronJob, Pod) are one :class:`ServiceFact` each, whatever the number
of containers: the image is the first (non-init) container's; the commands are each container's
``command`` followed by its ``args``, named after the container; ports, environment and
volumes are those of all its containers. An environment variable taken from a Secret
(``valueFrom.secretKeyRef``) is secret, with nothing else kept. ``environment`` is the object's
namespace. A name a Helm template computes (:data:`TEMPLATED`) falls back to the first
container's name.

Every other object is a :class:`ResourceFact` of its kind (custom resources too): a Service
with its type, ports and selector; an Ingress once per path with the host and the backend
service as target; a HorizontalPodAutoscaler with its target and replica bounds; a
PersistentVolumeClaim with its size; a Secret or a ConfigMap by name only. Documents of tools
that borrow the ``apiVersion``/``kind`` shape (Backstage, Skaffold, kind clusters) are not
Kubernetes objects; a file with none is ``InfraFacts(kind="")``. Never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from yaml.nodes import ScalarNode

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProcessCommand,
    ResourceFact,
    ServiceFact,
)
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_command, shell_words
from archscribe.scanners.compose import count, detail_of, field, fields, load_yaml, text, unique
from archscribe.scanners.env_values import env_setting, looks_secret
from archscribe.scanners.yaml_nodes import TEMPLATED, Node, entries, line, scalar

__all__ = ["HELM_CHART_SCANNER", "KUBERNETES_SCANNER", "scan_helm_chart", "scan_kubernetes"]


# Workload kind -> the path to its pod spec.
_POD_SPEC: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_API_VERSION = re.compile(r"(?:[A-Za-z0-9.-]+/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?")
# API groups of tools that write ``apiVersion``/``kind`` documents that are not cluster objects.
_NOT_KUBERNETES = ("backstage.io/", "skaffold/", "kind.x-k8s.io/", "k3d.io/", "ctlptl.dev/")
_MANIFEST_LINE = re.compile(rb"^\s*kind\s*:", re.MULTILINE)
_API_VERSION_KEY = re.compile(rb"""(?:^|[{,])[ \t-]*["']?apiVersion["']?[ \t]*:""", re.MULTILINE)
_USERINFO = re.compile(r"(://)[^/@\s]*@")
_MAX_LIST_DEPTH = 4


def scan_kubernetes(data: bytes) -> InfraFacts:
    """Read a Kubernetes manifest: its workloads and its other objects."""
    if b"kind" not in data or not _API_VERSION_KEY.search(data):  # cheap: most YAML is not
        return InfraFacts(kind="")
    documents, problems, parsed = load_yaml(data)
    services: list[ServiceFact] = []
    resources: list[ResourceFact] = []
    found = False
    for document in documents:
        for kind, node in _objects(document, 0):
            found = True
            if kind in _POD_SPEC:
                services.append(_workload(kind, node))
            else:
                resources.extend(_RESOURCES.get(kind, _resource)(kind, node))
    if not found and (parsed or not _MANIFEST_LINE.search(data)):
        return InfraFacts(kind="")
    return InfraFacts(
        kind="kubernetes",
        services=tuple(services),
        resources=tuple(dict.fromkeys(resources)),
        problems=tuple(problems),
    )


def _objects(node: Node, depth: int) -> Iterator[tuple[str, Node]]:
    """The Kubernetes objects of a document: itself, or a ``List``'s items."""
    kind, api_version = text(field(node, "kind")), text(field(node, "apiVersion"))
    if not kind or not _is_kubernetes(api_version):
        return
    if kind.endswith("List") and field(node, "items") is not None:
        if depth < _MAX_LIST_DEPTH:
            for item in entries(field(node, "items")):
                yield from _objects(item, depth + 1)
        return
    yield kind, node


def _is_kubernetes(api_version: str) -> bool:
    return (
        api_version == TEMPLATED or bool(_API_VERSION.fullmatch(api_version))
    ) and not api_version.startswith(_NOT_KUBERNETES)


def _name(node: Node) -> tuple[str, int]:
    """An object's name (``generateName`` without its dash if it has none) and its line: the
    name's, or the kind's when it has no name."""
    for key in ("name", "generateName"):
        value = field(node, "metadata", key)
        if value is not None and text(value):
            return text(value).rstrip("-") if key == "generateName" else text(value), line(value)
    kind = field(node, "kind")
    return "", line(kind if kind is not None else node)


def _workload(kind: str, node: Node) -> ServiceFact:
    name, at = _name(node)
    spec = field(node, *_POD_SPEC[kind])
    containers = entries(field(spec, "containers"))
    first = containers[0] if containers else None
    if name == TEMPLATED or not name:
        name = text(field(first, "name")) or name
    namespace = text(field(node, "metadata", "namespace"))
    commands = (_container_command(container) for container in containers)
    return ServiceFact(
        name=name,
        line=at,
        kind=kind,
        image=text(field(first, "image")),
        commands=tuple(command for command in commands if command is not None),
        replicas=count(field(node, "spec", "replicas")),
        ports=_ports(containers),
        env=tuple(setting for c in containers for setting in _env(field(c, "env"))),
        volumes=_claims(node, spec),
        schedule=text(field(node, "spec", "schedule")) if kind == "CronJob" else "",
        environment="" if TEMPLATED in namespace else namespace,
    )


def _ports(containers: list[Node]) -> tuple[int, ...]:
    """The ``containerPort`` of every port of every container, once each."""
    ports = (
        count(field(port, "containerPort"))
        for container in containers
        for port in entries(field(container, "ports"))
    )
    return tuple(dict.fromkeys(port for port in ports if 0 < port < 65536))


def _container_command(container: Node) -> ProcessCommand | None:
    """A container's ``command`` followed by its ``args``, named after the container. Arguments
    alone that start with an option run the image's entrypoint: no program is claimed then."""
    command, args = field(container, "command"), field(container, "args")
    words = [*_words(command), *_words(args)]
    if not words or all(word == TEMPLATED for word in words):
        return None
    program, workers = read_command(words)
    if command is None and words[0].startswith("-"):
        program, workers = "", 0
    name = text(field(container, "name")) or "container"
    written = command if command is not None else args
    at = line(written) if written is not None else 0
    return ProcessCommand(name, " ".join(words), program, at, workers)


def _words(node: Node | None) -> list[str]:
    """A list of words, or a string split as a shell splits it (a templated value)."""
    if isinstance(node, ScalarNode):
        return shell_words(text(node))
    return [scalar(entry) for entry in entries(node) if isinstance(entry, ScalarNode)]


def _env(node: Node | None) -> Iterator[EnvSetting]:
    """A container's ``env`` entries: a literal ``value`` is reduced by :func:`env_setting`; a
    Secret reference is secret; other references (ConfigMap, field) keep the name only."""
    for entry in entries(node):
        name = text(field(entry, "name"))
        if not name:
            continue
        if field(entry, "valueFrom", "secretKeyRef") is not None:
            yield EnvSetting(name, line(entry), secret=True)
        elif field(entry, "valueFrom") is not None:
            yield EnvSetting(name, line(entry), secret=looks_secret(name))
        else:
            yield env_setting(name, text(field(entry, "value")), line(entry))


def _claims(node: Node, spec: Node | None) -> tuple[str, ...]:
    """The persistent volume claims the pods mount (never a host path)."""
    volumes = entries(field(spec, "volumes"))
    claimed = (text(field(v, "persistentVolumeClaim", "claimName")) for v in volumes)
    templates = entries(field(node, "spec", "volumeClaimTemplates"))
    return unique([*claimed, *(text(field(t, "metadata", "name")) for t in templates)])


# -- Other objects ----------------------------------------------------------------------------


def _resource(
    kind: str, node: Node, detail: tuple[tuple[str, str], ...] = (), target: str = ""
) -> list[ResourceFact]:
    name, at = _name(node)
    return [ResourceFact(kind, name, at, target, detail)]


def _service(kind: str, node: Node) -> list[ResourceFact]:
    spec = field(node, "spec")
    ports = ",".join(unique(text(field(port, "port")) for port in entries(field(spec, "ports"))))
    selector = ",".join(f"{k}={text(v)}" for k, (_, v) in fields(field(spec, "selector")).items())
    return _resource(
        kind, node, detail_of(type=text(field(spec, "type")), ports=ports, selector=selector)
    )


def _ingress(kind: str, node: Node) -> list[ResourceFact]:
    """One fact per path of each rule (host and path in the detail, backend service as target),
    one for a default backend, or a bare one when the Ingress routes nowhere readable."""
    name, _ = _name(node)
    spec = field(node, "spec")
    found: list[ResourceFact] = []
    for backend in (field(spec, "defaultBackend"), field(spec, "backend")):
        if backend is not None:
            found.append(ResourceFact(kind, name, line(backend), _backend_service(backend)))
    for rule in entries(field(spec, "rules")):
        host = text(field(rule, "host"))
        for path in entries(field(rule, "http", "paths")):
            target = _backend_service(field(path, "backend"))
            detail = detail_of(host=host, path=text(field(path, "path")))
            found.append(ResourceFact(kind, name, line(path), target, detail))
    return found or _resource(kind, node)


def _backend_service(backend: Node | None) -> str:
    """The service of an Ingress backend (``service.name``, or v1beta1's ``serviceName``)."""
    return text(field(backend, "service", "name")) or text(field(backend, "serviceName"))


def _autoscaler(kind: str, node: Node) -> list[ResourceFact]:
    spec = field(node, "spec")
    detail = detail_of(
        min_replicas=text(field(spec, "minReplicas")),
        max_replicas=text(field(spec, "maxReplicas")),
    )
    return _resource(kind, node, detail, text(field(spec, "scaleTargetRef", "name")))


def _claim(kind: str, node: Node) -> list[ResourceFact]:
    spec = field(node, "spec")
    storage = text(field(spec, "resources", "requests", "storage"))
    return _resource(
        kind, node, detail_of(storage=storage, storage_class=text(field(spec, "storageClassName")))
    )


_RESOURCES: dict[str, Callable[[str, Node], list[ResourceFact]]] = {
    "Service": _service,
    "Ingress": _ingress,
    "HorizontalPodAutoscaler": _autoscaler,
    "PersistentVolumeClaim": _claim,
}


# -- Helm charts ------------------------------------------------------------------------------


def scan_helm_chart(data: bytes) -> InfraFacts:
    """Read a Helm ``Chart.yaml`` (or a Helm 2 ``requirements.yaml``): the charts it depends on,
    each a ``helm-dependency`` with its version and repository (any credentials dropped)."""
    documents, problems, parsed = load_yaml(data)
    chart = next((document for document in documents if fields(document)), None)
    keys = fields(chart)
    if not ("dependencies" in keys or ("name" in keys and "version" in keys)):
        return (
            InfraFacts(kind="") if parsed else InfraFacts("helm-chart", problems=tuple(problems))
        )
    dependencies: list[ResourceFact] = []
    for entry in entries(field(chart, "dependencies")):
        name = text(field(entry, "name"))
        if name:
            repository = _USERINFO.sub(r"\1", text(field(entry, "repository")))
            detail = detail_of(version=text(field(entry, "version")), repository=repository)
            dependencies.append(ResourceFact("helm-dependency", name, line(entry), "", detail))
    return InfraFacts("helm-chart", resources=tuple(dependencies), problems=tuple(problems))


KUBERNETES_SCANNER = Scanner(
    name="kubernetes", version=2, fact_type=InfraFacts, scan=scan_kubernetes
)
HELM_CHART_SCANNER = Scanner(
    name="helm-chart", version=2, fact_type=InfraFacts, scan=scan_helm_chart
)
