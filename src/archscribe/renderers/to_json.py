"""Renderers: the architecture model as JSON, and the JSON Schema that describes it."""

from __future__ import annotations

import msgspec

from archscribe.model.architecture import Architecture


def architecture_json(architecture: Architecture) -> str:
    """The model as indented JSON with keys in declaration order; same bytes every run."""
    raw = msgspec.json.encode(architecture)
    return msgspec.json.format(raw, indent=2).decode("utf-8") + "\n"


def architecture_schema() -> str:
    """The JSON Schema (draft 2020-12) of ``architecture_json``'s output."""
    schema = msgspec.json.schema(Architecture)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "archscribe architecture model"
    raw = msgspec.json.encode(schema, order="sorted")
    return msgspec.json.format(raw, indent=2).decode("utf-8") + "\n"
