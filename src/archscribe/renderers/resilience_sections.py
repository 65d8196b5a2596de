"""Renderers: Error Handling & Resilience: handlers for client and server errors,
external-failure handling, circuit breakers, retry logic and fallbacks."""

from __future__ import annotations

from archscribe.model.architecture import Architecture
from archscribe.renderers.wording import not_analysed

__all__ = ["error_handling_section", "resilience_patterns_section"]


def error_handling_section(arch: Architecture) -> str:
    return "\n".join(
        [
            "- **Client Errors**: " + not_analysed("error handlers"),
            "- **Server Errors**: " + not_analysed("error handlers"),
            "- **External Service Failures**: " + not_analysed("outbound-call handling"),
        ]
    )


def resilience_patterns_section(arch: Architecture) -> str:
    return "\n".join(
        [
            "- **Circuit Breaker**: " + not_analysed("circuit breakers"),
            "- **Retry Logic**: " + not_analysed("retry logic"),
            "- **Fallback Mechanisms**: " + not_analysed("fallbacks"),
        ]
    )
