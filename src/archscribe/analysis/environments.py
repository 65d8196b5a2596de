"""Analysis: which deployment environment a file or a name speaks for.

Environments are named by words in file names and folders (``settings/production.py``,
``.env.staging``, ``docker-compose.prod.yml``, ``overlays/production/``) and by the
``environment:`` of CI deploy jobs. The words are data; a name none of them covers is kept as
written, and a file whose name carries none has no environment (nothing is guessed).
"""

from __future__ import annotations

import re

__all__ = ["environment_of_name", "environment_of_path"]

# Normalised environment -> the words that name it, compared lower-cased as whole words.
_WORDS: dict[str, frozenset[str]] = {
    "development": frozenset({"dev", "develop", "development", "local", "localdev"}),
    "staging": frozenset({"staging", "stage", "stg", "preprod", "pre-prod", "uat", "qa"}),
    "production": frozenset({"prod", "production", "prd", "live"}),
    "test": frozenset({"test", "tests", "testing", "ci"}),
}
_BY_WORD = {word: env for env, words in _WORDS.items() for word in words}

_SPLIT = re.compile(r"[^a-z0-9]+")
# Env files that document the variables every environment needs rather than one environment.
_TEMPLATE_ENV_FILES = frozenset(
    {".env.example", ".env.sample", ".env.template", ".env.dist", "env.example", "example.env"}
)


def environment_of_name(name: str) -> str:
    """The normalised environment a name says (``Production`` and ``prod`` are
    ``production``); the name as written, lower-cased, when it is none of the known ones."""
    lowered = name.strip().lower()
    if lowered in _BY_WORD:
        return _BY_WORD[lowered]
    for word in _SPLIT.split(lowered):
        if word in _BY_WORD:
            return _BY_WORD[word]
    return lowered


def environment_of_path(path: str) -> str:
    """The normalised environment a file's name or its folder names, ``""`` when neither does.

    The file's own name is read first (``settings/prod.py``), then its folder's
    (``overlays/production/deployment.yaml``). A plain ``.env`` file is the developer's own
    environment; ``.env.example`` and its kin document every environment and name none.
    """
    folder, _, name = path.lower().rpartition("/")
    if name in _TEMPLATE_ENV_FILES:
        return ""
    if name == ".env":
        return "development"
    stem = name.split(".")
    words = [w for part in stem for w in _SPLIT.split(part) if w]
    for word in words:
        if word in _BY_WORD:
            return _BY_WORD[word]
    parent = folder.rpartition("/")[2]
    for word in _SPLIT.split(parent):
        if word in _BY_WORD:
            return _BY_WORD[word]
    return ""
