"""Renderers: Security Architecture: layers (transport, application, data) and
authentication, authorization and session management.

Every measure is said as the settings or code set it, with its citations; the same measure
found in many places (``login_required`` on forty views) is one item with its first citations
and how many more. Nothing here says a protection is effective, and an empty layer or area
says what was looked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archscribe.model.architecture import Architecture
from archscribe.model.semantics import SecurityMeasure
from archscribe.renderers.wording import list_citations, not_detected, plural

__all__ = ["security_auth_section", "security_layers_section"]

_LAYERS = (
    (
        "transport",
        "Transport",
        "HTTPS redirects, HSTS and secure-cookie settings (Django, Flask), "
        "SecurityMiddleware, Talisman and HTTPS-redirect middleware in settings and code",
    ),
    (
        "application",
        "Application",
        "authentication backends, classes and schemes, permission classes, login decorators "
        "and mixins, session, CSRF, CORS, allowed-host and security-header settings and "
        "middleware",
    ),
    (
        "data",
        "Data",
        "password hashers in settings (PASSWORD_HASHERS) and password-hashing calls and "
        "imports in the code (passlib, bcrypt, argon2-cffi, werkzeug.security)",
    ),
)
_AREAS = (
    ("authentication", "Authentication"),
    ("authorization", "Authorization"),
    ("session", "Sessions"),
    ("csrf", "CSRF"),
    ("cors", "CORS"),
    ("hosts", "Hosts"),
    ("headers", "Headers"),
    ("transport", "HTTPS"),
    ("hashing", "Password hashing"),
    ("secrets", "Secrets"),
)
_LOOKED_FOR = {
    "authentication": (
        "AUTHENTICATION_BACKENDS and REST_FRAMEWORK.DEFAULT_AUTHENTICATION_CLASSES in "
        "settings, authentication middleware, security schemes (OAuth2PasswordBearer, "
        "HTTPBearer, APIKeyHeader), LoginManager, JWT encoding and decoding, and "
        "authentication classes in the code"
    ),
    "authorization": (
        "REST_FRAMEWORK.DEFAULT_PERMISSION_CLASSES in settings, permission_classes on views, "
        "permission classes of the repository's own, login and permission decorators "
        "(login_required, permission_required, jwt_required) and mixins "
        "(LoginRequiredMixin), role fields of user models"
    ),
    "session": (
        "SESSION_ENGINE, SESSION_COOKIE_*, PERMANENT_SESSION_LIFETIME and "
        "REMEMBER_COOKIE_* settings and session middleware"
    ),
}


def security_layers_section(arch: Architecture) -> str:
    """A numbered list: transport, application and data, each with its measures by area."""
    measures = arch.semantics.security
    lines: list[str] = []
    for number, (layer, title, looked_for) in enumerate(_LAYERS, start=1):
        found = [m for m in measures if m.layer == layer]
        if not found:
            lines.append(f"{number}. **{title}**: " + not_detected(f"looked for {looked_for}."))
            continue
        lines.append(f"{number}. **{title}**:")
        if layer == "application":  # listed in full in Authentication & Authorization
            told = len(_items(m for m in found if m.area in _TOLD_BELOW))
            if told:
                lines.append(
                    f"   - Authentication, authorization and sessions: {plural(told, 'measure')}"
                    ", listed under Authentication & Authorization"
                )
        for area, name in _AREAS:
            if layer == "application" and area in _TOLD_BELOW:
                continue
            items = _items(m for m in found if m.area == area)
            if items:
                lines.append(f"   - {name}: " + "; ".join(items))
    return "\n".join(lines)


# The areas the Authentication & Authorization section lists in full.
_TOLD_BELOW = frozenset({"authentication", "authorization", "session"})


def security_auth_section(arch: Architecture) -> str:
    """Three bullets: authentication, authorization and session management, each with what
    was found or what was looked for."""
    measures = arch.semantics.security
    lines: list[str] = []
    for area, title in (
        ("authentication", "Authentication"),
        ("authorization", "Authorization"),
        ("session", "Session Management"),
    ):
        items = _items(m for m in measures if m.area == area)
        said = "; ".join(items) if items else not_detected(f"looked for {_LOOKED_FOR[area]}.")
        lines.append(f"- **{title}**: {said}")
    return "\n".join(lines)


def _items(measures: Iterable[SecurityMeasure]) -> list[str]:
    """One item per measure, in order of first appearance, with its citations."""
    grouped: dict[str, list[SecurityMeasure]] = {}
    for measure in measures:
        grouped.setdefault(measure.what, []).append(measure)
    return [
        _item(what, next((m.technology for m in found if m.technology), ""), found)
        for what, found in grouped.items()
    ]


def _item(what: str, technology: str, found: Sequence[SecurityMeasure]) -> str:
    by = f" ({technology})" if technology and technology.lower() not in what.lower() else ""
    evidence = [m.evidence for m in found]
    return f"{what}{by} ({list_citations(evidence, 3, len(evidence))})"
