"""Analysis: how the system is packaged and started, from its Dockerfiles and Procfiles
(images, processes with their worker counts, exposed ports); tests' and examples' files are
not the system's."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import CodeRole, DeployImage, Deployment, DeployProcess
from archscribe.model.evidence import Evidence
from archscribe.model.facts import DeployFacts


def describe_deployment(
    files: Sequence[tuple[str, DeployFacts]],
    role_of: Callable[[str], CodeRole],
    catalogue: Catalogue,
) -> Deployment:
    """Images (the last stage of each Dockerfile), processes and ports of the system's own
    deployment files."""
    images: list[DeployImage] = []
    processes: list[DeployProcess] = []
    ports: list[tuple[int, Evidence]] = []
    index = catalogue.technologies
    for path, facts in sorted(files, key=lambda pf: pf[0]):
        if role_of(path) not in (CodeRole.SOURCE, CodeRole.SCRIPT, CodeRole.BUILD):
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
    return Deployment(tuple(images), tuple(processes), tuple(ports))
