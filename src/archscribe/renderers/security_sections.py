"""Renderers: Security Architecture: layers (transport, application, data) and
authentication, authorization and session management."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import not_analysed

__all__ = ["security_auth_section", "security_layers_section"]


def security_layers_section(arch: Architecture) -> str:
    return "1. " + not_analysed("transport, application and data security")


def security_auth_section(arch: Architecture) -> str:
    return "\n".join(
        [
            "- **Authentication**: " + not_analysed("authentication"),
            "- **Authorization**: " + not_analysed("authorization"),
            "- **Session Management**: " + not_analysed("session handling"),
        ]
    )
