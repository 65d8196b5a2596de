"""Kubernetes and Helm chart scanners: manifests in, workloads and objects out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProblemKind,
    ProcessCommand,
    ResourceFact,
    ServiceFact,
)
from archscribe.scanners.kubernetes import (
    HELM_CHART_SCANNER,
    KUBERNETES_SCANNER,
    scan_helm_chart,
    scan_kubernetes,
)
from archscribe.scanners.yaml_nodes import TEMPLATED

MANIFESTS = b"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: production
spec:
  replicas: 3
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/bookings:1.4.0
          command: ["python", "manage.py", "migrate"]
      containers:
        - name: web
          image: ghcr.io/acme/bookings:1.4.0
          command: ["gunicorn", "bookings.wsgi"]
          args: ["--workers", "4"]
          ports:
            - containerPort: 8000
            - containerPort: 9100
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: {name: bookings, key: database-url}
            - name: REDIS_URL
              value: redis://redis:6379/0
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef: {name: bookings, key: log-level}
        - name: proxy
          image: envoyproxy/envoy:v1.30
          args: ["--config-path", "/etc/envoy.yaml"]
          ports:
            - containerPort: 8000
      volumes:
        - name: media
          persistentVolumeClaim: {claimName: media}
        - name: host
          hostPath: {path: /var/run/docker.sock}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: db-backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: dump
              image: postgres:16
              command: ["sh", "-c", "pg_dump $DATABASE_URL > /backup/db.sql"]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 10
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 8000
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
spec:
  rules:
    - host: bookings.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
          - path: /api
            backend:
              serviceName: api
              servicePort: 80
---
apiVersion: v1
kind: Secret
metadata:
  name: bookings
stringData:
  database-url: postgres://app:hunter2@db/app
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: media
spec:
  storageClassName: standard
  resources:
    requests:
      storage: 10Gi
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
"""


def test_workloads_and_objects() -> None:
    facts = scan_kubernetes(MANIFESTS)
    assert facts == InfraFacts(
        kind="kubernetes",
        services=(
            ServiceFact(
                "web",
                4,
                "Deployment",
                "ghcr.io/acme/bookings:1.4.0",
                commands=(
                    ProcessCommand("web", "gunicorn bookings.wsgi --workers 4", "gunicorn", 17, 4),
                    ProcessCommand("proxy", "--config-path /etc/envoy.yaml", "", 33),
                ),
                replicas=3,
                ports=(8000, 9100),
                env=(
                    EnvSetting("DATABASE_URL", 23, secret=True),
                    EnvSetting("REDIS_URL", 26, "redis", "redis"),
                    EnvSetting("LOG_LEVEL", 28),
                ),
                volumes=("media",),
                environment="production",
            ),
            ServiceFact(
                "db-backup",
                45,
                "CronJob",
                "postgres:16",
                commands=(
                    ProcessCommand(
                        "dump", "sh -c pg_dump $DATABASE_URL > /backup/db.sql", "pg_dump", 55
                    ),
                ),
                schedule="0 3 * * *",
            ),
        ),
        resources=(
            ResourceFact(
                "HorizontalPodAutoscaler",
                "web",
                60,
                "web",
                (("min_replicas", "3"), ("max_replicas", "10")),
            ),
            ResourceFact(
                "Service",
                "web",
                69,
                detail=(("type", "ClusterIP"), ("ports", "80"), ("selector", "app=web")),
            ),
            ResourceFact(
                "Ingress", "public", 86, "web", (("host", "bookings.example.com"), ("path", "/"))
            ),
            ResourceFact(
                "Ingress",
                "public",
                90,
                "api",
                (("host", "bookings.example.com"), ("path", "/api")),
            ),
            ResourceFact("Secret", "bookings", 98),
            ResourceFact(
                "PersistentVolumeClaim",
                "media",
                105,
                detail=(("storage", "10Gi"), ("storage_class", "standard")),
            ),
            ResourceFact("ServiceMonitor", "web", 115),
        ),
    )


def test_no_secret_value_or_host_path_is_kept() -> None:
    kept = repr(scan_kubernetes(MANIFESTS))
    for leaked in ("hunter2", "docker.sock", "migrate"):
        assert leaked not in kept


def test_lists_jobs_and_pods() -> None:
    facts = scan_kubernetes(
        b"apiVersion: v1\nkind: List\nitems:\n"
        b"  - apiVersion: batch/v1\n    kind: Job\n    metadata: {generateName: seed-}\n"
        b"    spec:\n      template:\n        spec:\n"
        b"          containers: [{name: seed, image: app, command: [python, seed.py]}]\n"
        b"  - apiVersion: v1\n    kind: Pod\n    metadata: {name: debug}\n"
        b"    spec: {containers: [{name: shell, image: busybox}]}\n"
        b"  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: settings}\n"
        b"    data: {A: b}\n"
    )
    assert facts == InfraFacts(
        kind="kubernetes",
        services=(
            ServiceFact(
                "seed",
                6,
                "Job",
                "app",
                commands=(ProcessCommand("seed", "python seed.py", "python", 10),),
            ),
            ServiceFact("debug", 13, "Pod", "busybox"),
        ),
        resources=(ResourceFact("ConfigMap", "settings", 17),),
    )


def test_helm_template() -> None:
    facts = scan_kubernetes(
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        b'  name: {{ include "shipyard.fullname" . }}\n'
        b"  namespace: {{ .Release.Namespace }}\n"
        b"spec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n"
        b"      containers:\n        - name: api\n"
        b'          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n'
        b"{{- if .Values.extraEnv }}\n          env:\n"
        b"{{ toYaml .Values.extraEnv | indent 12 }}\n{{- end }}\n"
        b"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-api\n"
    )
    assert facts.services == (ServiceFact("api", 4, "Deployment", f"{TEMPLATED}:{TEMPLATED}"),)
    assert facts.resources == (ResourceFact("Service", f"{TEMPLATED}-api", 21),)
    assert [p.kind for p in facts.problems] == [ProblemKind.MALFORMED]


def test_ingress_default_backend_and_bare_objects() -> None:
    facts = scan_kubernetes(
        b"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\n"
        b"spec:\n  defaultBackend:\n    service: {name: web}\n"
        b"---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: b}\n"
        b"---\napiVersion: v1\nkind: Namespace\n"
    )
    assert facts.resources == (
        ResourceFact("Ingress", "a", 6, "web"),
        ResourceFact("Ingress", "b", 10),
        ResourceFact("Namespace", "", 13),
    )


def test_look_alikes_are_not_manifests() -> None:
    assert scan_kubernetes(b"") == InfraFacts(kind="")
    assert scan_kubernetes(b"name: x\nkind: of\n") == InfraFacts(kind="")
    # Chart.yaml, Helm values, compose files and workflows have no object.
    assert scan_kubernetes(b"apiVersion: v2\nname: api\nversion: 1.0.0\n") == InfraFacts(kind="")
    assert scan_kubernetes(b"image:\n  kind: Deployment\napiVersion: 2\n") == InfraFacts(kind="")
    assert scan_kubernetes(b"services:\n  web:\n    image: kind/apiVersion\n") == InfraFacts(
        kind=""
    )
    # Tools that borrow the shape.
    for api in (b"backstage.io/v1alpha1", b"skaffold/v4beta6", b"kind.x-k8s.io/v1alpha4"):
        data = b"apiVersion: " + api + b"\nkind: Component\nmetadata: {name: x}\n"
        assert scan_kubernetes(data) == InfraFacts(kind="")
    # A commented-out object is not an object.
    assert scan_kubernetes(b"# apiVersion: v1\n# kind: Service\nfoo: 1\n") == InfraFacts(kind="")


def test_bad_input() -> None:
    broken = scan_kubernetes(b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: [\n")
    assert broken.kind == "kubernetes"
    assert broken.services == ()
    assert [(p.kind, p.line) for p in broken.problems] == [(ProblemKind.MALFORMED, 5)]
    latin = scan_kubernetes(b"# caf\xe9\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n")
    assert latin.resources == (ResourceFact("Secret", "s", 4),)
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    assert scan_kubernetes(b"\x00apiVersion\xffkind\xfe") == InfraFacts(kind="")
    tagged = scan_kubernetes(
        b"apiVersion: v1\nkind: Pod\nmetadata: !!python/object/apply:os.system ['echo hi']\n"
        b"spec: {containers: [{name: a, image: !!python/object:x.Y {}}]}\n"
    )
    assert tagged.services == (ServiceFact("a", 2, "Pod"),)
    deep = scan_kubernetes(b"apiVersion: v1\nkind: Pod\nspec: " + b"[" * 3000)
    assert deep.services == ()
    assert deep.problems
    looped = scan_kubernetes(
        b"apiVersion: v1\nkind: List\nitems: &a\n"
        b"  - apiVersion: v1\n    kind: List\n    items: *a\n"
    )
    assert looped == InfraFacts(kind="")
    merged = scan_kubernetes(b"apiVersion: v1\nkind: Pod\nmetadata: &m\n  <<: *m\n  name: p\n")
    assert merged.services == (ServiceFact("p", 5, "Pod"),)


CHART = b"""\
apiVersion: v2
name: shipyard-api
version: 0.3.0
dependencies:
  - name: postgresql
    version: 15.5.0
    repository: https://charts.bitnami.com/bitnami
  - name: redis
    version: 19.0.0
    repository: https://user:s3cret@charts.example.com/stable
  - name: common
    repository: oci://registry-1.docker.io/bitnamicharts
  - version: 1.0.0
"""


def test_helm_chart_dependencies() -> None:
    assert scan_helm_chart(CHART) == InfraFacts(
        kind="helm-chart",
        resources=(
            ResourceFact(
                "helm-dependency",
                "postgresql",
                5,
                detail=(
                    ("version", "15.5.0"),
                    ("repository", "https://charts.bitnami.com/bitnami"),
                ),
            ),
            ResourceFact(
                "helm-dependency",
                "redis",
                8,
                detail=(
                    ("version", "19.0.0"),
                    ("repository", "https://charts.example.com/stable"),
                ),
            ),
            ResourceFact(
                "helm-dependency",
                "common",
                11,
                detail=(("repository", "oci://registry-1.docker.io/bitnamicharts"),),
            ),
        ),
    )


def test_helm_chart_look_alikes_and_bad_input() -> None:
    assert scan_helm_chart(b"apiVersion: v2\nname: app\nversion: 1.0.0\n") == InfraFacts(
        kind="helm-chart"
    )
    assert scan_helm_chart(b"") == InfraFacts(kind="")
    assert scan_helm_chart(b"title: not a chart\n") == InfraFacts(kind="")
    broken = scan_helm_chart(b"name: app\ndependencies: [\n")
    assert broken.kind == "helm-chart"
    assert [p.line for p in broken.problems] == [3]


def test_scanner_identity() -> None:
    assert KUBERNETES_SCANNER.name == "kubernetes"
    assert HELM_CHART_SCANNER.name == "helm-chart"
    for scanner in (KUBERNETES_SCANNER, HELM_CHART_SCANNER):
        assert scanner.version == 2  # 2: URLs with interpolated passwords, more worker flags
        assert scanner.fact_type is InfraFacts


_PIECES = [
    "---",
    "apiVersion: v1",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "kind: List",
    "kind: Ingress",
    "items: [{apiVersion: v1, kind: Pod}]",
    "metadata: {name: [1], namespace: {{ x }}}",
    "spec: {template: {spec: {containers: [{command: a, args: [-x]}, 1]}}}",
    "spec: {rules: [{http: {paths: [{backend: 1}]}}], minReplicas: [1]}",
    "dependencies: [{name: a, repository: 'x://u:p@h'}]",
    "&a [*a]",
    "{{- if x }}",
    ":",
    "\t",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=20),
    raw=st.binary(max_size=200),
)
def test_kubernetes_scanners_never_raise(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw, b"apiVersion kind " + raw):
        for scan in (scan_kubernetes, scan_helm_chart):
            facts = scan(data)
            assert facts.kind in ("", "kubernetes", "helm-chart")
            assert all(p.path == "" for p in facts.problems)
            assert all(s.line > 0 for s in facts.services)
            assert all(r.line > 0 for r in facts.resources)
