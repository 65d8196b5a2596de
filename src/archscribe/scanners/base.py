"""Scanners: the shape every scanner has, and the registry that picks one for a file name.

A scanner is a pure function of a file's bytes: it never opens files, so its result can be
cached by content hash and computed in any process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archscribe.model.facts import (
    ApiFacts,
    DeployFacts,
    InfraFacts,
    ManifestFacts,
    PythonFacts,
    ReadmeFacts,
)

Facts = PythonFacts | ManifestFacts | ReadmeFacts | DeployFacts | InfraFacts | ApiFacts


@dataclass(frozen=True, slots=True)
class Scanner:
    """A named, versioned reader of one kind of file.

    ``version`` is part of every cache key: bump it whenever ``scan`` would read the same bytes
    differently.
    """

    name: str
    version: int
    fact_type: type[Facts]
    scan: Callable[[bytes], Facts]
