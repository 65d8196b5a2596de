"""Analysis: how the system is packaged and started, from its Dockerfiles and Procfiles
(images, processes with their worker counts, exposed ports); tests' and examples' files are
not the system's."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import CodeRole, DeployImage, Deployment, DeployProcess
from archscribe.model.evidence import Evidence
from archscribe.model.facts import DeployFacts

# Files that say how a system is built, started or hosted (read or not yet read).
DEPLOY_FILE_NAMES = frozenset(
    {
        "Dockerfile",
        "Containerfile",
        "Procfile",
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
        "fly.toml",
        "render.yaml",
        "app.yaml",
        "serverless.yml",
        "Chart.yaml",
        "kustomization.yaml",
        "uwsgi.ini",
        "gunicorn.conf.py",
    }
)
_SYSTEM_ROLES = (CodeRole.SOURCE, CodeRole.SCRIPT, CodeRole.BUILD)


def describe_deployment(
    paths: Sequence[str],
    files: Sequence[tuple[str, DeployFacts]],
    role_of: Callable[[str], CodeRole],
    catalogue: Catalogue,
) -> Deployment:
    """The system's own deployment files (not those of tests or examples), and the images
    (the last stage of each Dockerfile), processes and ports they give."""
    images: list[DeployImage] = []
    processes: list[DeployProcess] = []
    ports: list[tuple[int, Evidence]] = []
    index = catalogue.technologies
    for path, facts in sorted(files, key=lambda pf: pf[0]):
        if role_of(path) not in _SYSTEM_ROLES:
            continue
        if facts.images:
            final = facts.images[-1]
            entry = index.by_image(final.reference) if index is not None else None
            images.append(
                DeployImage(
                    final.reference, entry.name if entry else "", Evidence(path, final.line)
                )
            )
        for command in facts.commands:
            entry = None
            if index is not None and command.program:
                entry = index.by_distribution(command.program) or index.by_import(command.program)
            processes.append(
                DeployProcess(
                    command.name,
                    command.program,
                    entry.name if entry else "",
                    command.workers,
                    command.command,
                    Evidence(path, command.line),
                )
            )
        ports.extend((port, Evidence(path, line)) for port, line in facts.ports)
    deploy_files = sorted(
        p
        for p in paths
        if p.rpartition("/")[2] in DEPLOY_FILE_NAMES and role_of(p) in _SYSTEM_ROLES
    )
    return Deployment(tuple(images), tuple(processes), tuple(ports), tuple(deploy_files))
