"""Scanners: CI workflows (GitHub Actions, GitLab CI): jobs, their service containers, deploys.

Each job is a ``ci-job`` :class:`ServiceFact` with its container image and deployment
environment; a job's service containers (``services:``) are ``ci-service`` facts that exist only
for tests. A step that deploys, a ``run:``/``script:`` command of a deploy tool (``kubectl
apply``, ``helm upgrade``, ``flyctl deploy``…) or a known deploy action (``uses:
superfly/flyctl-actions``), is a ``deploy-step`` :class:`ResourceFact` naming the tool and the
job. Which commands, URLs and actions deploy is data (``catalogue/data/deploy_tools.toml``): a
new tool is a new row. Commands are split as a shell splits them and nothing of them is kept
but the tool's name, so secrets on command lines stay out.

CI files are full of ``${{ expressions }}`` (and Go templates in ``docker --format``), which the
YAML reader would take for Helm template actions; ``{{`` is masked before parsing and restored
in every value read. The scanners never raise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from yaml.nodes import ScalarNode

from archscribe.catalogue.deploy_tools import deploy_tools
from archscribe.model.facts import EnvSetting, InfraFacts, ResourceFact, ScanProblem, ServiceFact
from archscribe.scanners.base import Scanner
from archscribe.scanners.deploy_commands import deploy_tool, simple_commands
from archscribe.scanners.env_values import env_setting
from archscribe.scanners.manifest_text import decode
from archscribe.scanners.yaml_nodes import Node, entries, get, items, line, load_documents, scalar

__all__ = ["GITHUB_ACTIONS_SCANNER", "GITLAB_CI_SCANNER", "scan_github_actions", "scan_gitlab_ci"]

_MASK = "\ue000"  # stands for the second ``{`` of ``{{`` while the YAML is parsed

# GitLab top-level keys that are not jobs.
_GITLAB_RESERVED = frozenset(
    {"stages", "types", "variables", "default", "include", "workflow", "image", "services"}
    | {"cache", "before_script", "after_script", "spec"}
)
_GITLAB_JOB_KEYS = ("script", "extends", "trigger", "run")
_MAX_EXTENDS = 16


@dataclass(slots=True)
class _Collector:
    """What the jobs of one file declare, in file order."""

    services: list[ServiceFact] = field(default_factory=list)
    resources: list[ResourceFact] = field(default_factory=list)
    env: list[EnvSetting] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)

    def job(self, fact: ServiceFact) -> None:
        self.services.append(fact)
        if fact.environment and fact.environment not in self.environments:
            self.environments.append(fact.environment)

    def service(self, fact: ServiceFact) -> None:
        if fact not in self.services:  # a template's service, shared by the jobs extending it
            self.services.append(fact)

    def deploys(
        self, nodes: list[Node | None], job: str, detail: tuple[tuple[str, str], ...]
    ) -> None:
        """A deploy step for each tool the scripts of ``nodes`` run (once per tool)."""
        seen: set[str] = set()
        for node in nodes:
            for script in _scalars(node):
                step = 1 if script.style == "|" else 0  # only a literal block keeps its lines
                first = line(script) + (1 if script.style in ("|", ">") else 0)
                for offset, words in simple_commands(_unmasked(str(script.value))):
                    tool = deploy_tool(words)
                    if tool and tool not in seen:
                        seen.add(tool)
                        fact = ResourceFact(
                            "deploy-step", tool, first + offset * step, job, detail
                        )
                        self.resources.append(fact)

    def facts(self, kind: str, problems: list[ScanProblem]) -> InfraFacts:
        return InfraFacts(
            kind=kind,
            services=tuple(self.services),
            resources=tuple(self.resources),
            env=tuple(self.env),
            environments=tuple(self.environments),
            problems=tuple(problems),
        )


def _load(data: bytes) -> tuple[list[Node], list[ScanProblem], bool]:
    """The YAML documents, the problems, and whether the YAML itself was well-formed."""
    text, problems = decode(data)
    documents, yaml_problems = load_documents(text.replace("{{", "{" + _MASK))
    return documents, problems + yaml_problems, not yaml_problems


def _unmasked(text: str) -> str:
    return text.replace(_MASK, "{")


def _text(node: Node | None) -> str:
    """A scalar's text as written (``${{ … }}`` restored); ``""`` for anything else."""
    return _unmasked(scalar(node))


def _scalars(node: Node | None, depth: int = 0) -> Iterator[ScalarNode]:
    """A script's scalars: the node itself, or the entries of (nested) lists of them."""
    if isinstance(node, ScalarNode):
        yield node
    elif depth < 3:
        for entry in entries(node):
            yield from _scalars(entry, depth + 1)


def _action_tool(action: str, inputs: Node | None) -> str:
    """The tool a ``uses:`` action deploys with, ``""`` when it deploys nothing."""
    name = action.partition("@")[0].lower()
    found = next((a for a in deploy_tools().actions if a.pattern.fullmatch(name)), None)
    if found is None or (found.push_gated and _text(get(inputs, "push")).lower() in ("", "false")):
        return ""
    return found.tool


def _named(node: Node | None) -> str:
    """A name given as a scalar or as a mapping's ``name`` (``environment:``, ``image:``)."""
    return _text(node) or _text(get(node, "name"))


def _env(node: Node | None) -> tuple[EnvSetting, ...]:
    """``NAME: value`` entries (GitLab's ``{value: …}`` too) as safe settings."""
    return tuple(
        env_setting(name, _text(value) or _text(get(value, "value")), line(key))
        for name, key, value in items(node)
    )


def _ports(node: Node | None) -> tuple[int, ...]:
    """The container ports of ``ports:`` entries (``"5432:5432"``, ``6379/tcp``, ``8080``)."""
    found: list[int] = []
    for entry in [node] if isinstance(node, ScalarNode) else entries(node):
        text = _text(entry).rpartition(":")[2].partition("/")[0].strip()
        if text.isascii() and text.isdigit() and 0 < int(text) < 65536:
            found.append(int(text))
    return tuple(found)


def _detail(environment: str) -> tuple[tuple[str, str], ...]:
    return (("environment", environment),) if environment else ()


def scan_github_actions(data: bytes) -> InfraFacts:
    """Read a GitHub Actions workflow: its jobs, their service containers and deploy steps."""
    documents, problems, well_formed = _load(data)
    out = _Collector()
    workflows = [document for document in documents if get(document, "jobs") is not None]
    if not workflows and well_formed:
        return InfraFacts(kind="")
    for workflow in workflows:
        out.env.extend(_env(get(workflow, "env")))
        for job_id, key, job in items(get(workflow, "jobs")):
            _github_job(job_id, line(key), job, out)
    return out.facts("github-actions", problems)


def _github_job(job_id: str, job_line: int, job: Node, out: _Collector) -> None:
    environment = _named(get(job, "environment"))
    container = get(job, "container")
    image = _text(container) or _text(get(container, "image"))
    env = _env(get(job, "env"))
    out.job(ServiceFact(job_id, job_line, "ci-job", image, env=env, environment=environment))
    for name, key, service in items(get(job, "services")):
        image = _text(get(service, "image"))
        ports, env = _ports(get(service, "ports")), _env(get(service, "env"))
        out.service(
            ServiceFact(name, line(key), "ci-service", image, ports=ports, env=env, test_only=True)
        )
    detail = _detail(environment)
    for step in entries(get(job, "steps")):
        uses = get(step, "uses")
        action = _text(uses)
        tool = _action_tool(action, get(step, "with")) if action else ""
        if uses is not None and tool:
            where = (*detail, ("uses", action.partition("@")[0]))
            out.resources.append(ResourceFact("deploy-step", tool, line(uses), job_id, where))
        out.deploys([get(step, "run")], job_id, detail)


def scan_gitlab_ci(data: bytes) -> InfraFacts:
    """Read a GitLab CI file: its jobs (templates they extend followed), their service
    containers, the file's global services and variables, and deploy steps."""
    documents, problems, well_formed = _load(data)
    out = _Collector()
    found = False
    for document in documents:
        jobs = {name: (key, value) for name, key, value in items(document)}
        found = found or bool(jobs)
        default = get(document, "default")
        image = _named(get(document, "image")) or _named(get(default, "image"))
        out.env.extend(_env(get(document, "variables")))
        for services in (get(document, "services"), get(default, "services")):
            for fact in _gitlab_services(services):
                out.service(fact)
        templates = {name: value for name, (_key, value) in jobs.items()}
        for name, (key, job) in jobs.items():
            if name.startswith(".") or name in _GITLAB_RESERVED:
                continue
            if any(get(job, job_key) is not None for job_key in _GITLAB_JOB_KEYS):
                _gitlab_job(name, line(key), job, templates, image, out)
    if not found and well_formed:
        return InfraFacts(kind="")
    return out.facts("gitlab-ci", problems)


def _gitlab_job(
    name: str, job_line: int, job: Node, templates: dict[str, Node], image: str, out: _Collector
) -> None:
    def lookup(key: str) -> Node | None:
        return _inherited(job, key, templates)

    environment = _named(lookup("environment"))
    image = _named(lookup("image")) or image
    env = _env(lookup("variables"))
    out.job(ServiceFact(name, job_line, "ci-job", image, env=env, environment=environment))
    for fact in _gitlab_services(lookup("services")):
        out.service(fact)
    scripts = [lookup(key) for key in ("before_script", "script", "after_script")]
    out.deploys(scripts, name, _detail(environment))


def _inherited(job: Node, key: str, templates: dict[str, Node]) -> Node | None:
    """``key`` of the job, else of the nearest job or template it ``extends:`` (the last one
    named wins, as GitLab merges them)."""
    pending = [job]
    for _ in range(_MAX_EXTENDS):
        if not pending:
            break
        node = pending.pop(0)
        value = get(node, key)
        if value is not None:
            return value
        parents = [_text(name) for name in _scalars(get(node, "extends"), 2)]
        pending = [templates[p] for p in reversed(parents) if p in templates] + pending
    return None


def _gitlab_services(node: Node | None) -> Iterator[ServiceFact]:
    """``services:`` entries (``postgres:15`` or ``{name: postgres:15, alias: db}``)."""
    for entry in entries(node):
        image = _text(entry) or _text(get(entry, "name"))
        alias = _text(get(entry, "alias")).split(",")[0].strip()
        if image:
            name = alias or _default_alias(image)
            env = _env(get(entry, "variables"))
            yield ServiceFact(name, line(entry), "ci-service", image, env=env, test_only=True)


def _default_alias(image: str) -> str:
    """The host name GitLab gives a service: its image without tag, ``/`` made ``-``."""
    image = image.partition("@")[0]
    head, slash, last = image.rpartition("/")
    return f"{head}{slash}{last.partition(':')[0]}".replace("/", "-")


GITHUB_ACTIONS_SCANNER = Scanner(
    name="github-actions", version=3, fact_type=InfraFacts, scan=scan_github_actions
)
GITLAB_CI_SCANNER = Scanner(name="gitlab-ci", version=3, fact_type=InfraFacts, scan=scan_gitlab_ci)
