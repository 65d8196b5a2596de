"""Model: the settings of one run, from ``[tool.archscribe]`` or archscribe.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    """A component declared by hand: a name, the paths it spans, and what it is for."""

    name: str
    paths: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class TechnologySetting:
    """A technology the user adds to the catalogue, or one of the catalogue's they extend.

    ``category`` and ``reaches`` are ``None`` when not given (an extended technology keeps its
    own); ``keys`` pairs each kind of key, spelt as the catalogue spells it (``imports``,
    ``python_paths``), with the keys of that kind, in canonical form.
    """

    name: str
    category: str | None = None
    reaches: str | None = None
    keys: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes how a repository is read and described.

    ``split_share`` is the share of the code above which a top-level package is split into its
    subpackages; ``source_roots`` overrides where top-level packages are looked for;
    ``technologies`` adds to the technology catalogue, or extends its entries.
    """

    exclude: tuple[str, ...] = ()
    components: tuple[ComponentSpec, ...] = ()
    source_roots: tuple[str, ...] = ()
    split_share: float = 0.15
    max_file_bytes: int = 2_000_000
    technologies: tuple[TechnologySetting, ...] = ()
    config_path: str = ""  # where the settings came from, for messages; "" when defaults
