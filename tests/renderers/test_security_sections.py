"""Security sections: measures by layer and area with their citations, the same measure in
many places said once, and what was looked for where nothing was found."""

from __future__ import annotations

from archscribe.model.architecture import Architecture, Overview, SystemKind
from archscribe.model.evidence import Evidence
from archscribe.model.semantics import CodeSemantics, SecurityMeasure
from archscribe.renderers.security_sections import security_auth_section, security_layers_section


def _arch(*measures: SecurityMeasure) -> Architecture:
    overview = Overview("x", None, "", None, SystemKind.WEB_APPLICATION, (), (), 0, 0, 0)
    semantics = CodeSemantics(security=measures)
    return Architecture(1, overview, (), (), (), (), (), (), (), (), semantics=semantics)


def _m(layer: str, area: str, what: str, path: str, line: int, tech: str = "") -> SecurityMeasure:
    return SecurityMeasure(layer, area, what, Evidence(path, line), tech)


MEASURES = (
    _m("transport", "transport", "HSTS for 31536000 s", "settings.py", 41, "Django"),
    _m("application", "authentication", "TokenAuthentication by default", "settings.py", 60),
    *(
        _m("application", "authorization", "login_required", "views.py", n, "Django")
        for n in (3, 9, 14, 20, 31)
    ),
    _m("application", "session", "sessions kept by the cache", "settings.py", 50, "Django"),
    _m("data", "hashing", "password hashing with Argon2", "settings.py", 55, "Django"),
)


def test_layers_are_numbered_with_their_measures_by_area() -> None:
    text = security_layers_section(_arch(*MEASURES))
    assert text.splitlines() == [
        "1. **Transport**:",
        "   - HTTPS: HSTS for 31536000 s (Django) (`settings.py:41`)",
        "2. **Application**:",
        # listed in full once, in the Authentication & Authorization section
        "   - Authentication, authorization and sessions: 3 measures, listed under"
        " Authentication & Authorization",
        "3. **Data**:",
        "   - Password hashing: password hashing with Argon2 (Django) (`settings.py:55`)",
    ]


def test_an_empty_layer_says_what_was_looked_for() -> None:
    text = security_layers_section(_arch(MEASURES[0]))
    assert "2. **Application**: Not detected: looked for authentication backends" in text
    assert "3. **Data**: Not detected: looked for password hashers" in text


def test_auth_section_has_three_bullets() -> None:
    lines = security_auth_section(_arch(*MEASURES)).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "- **Authentication**",
        "- **Authorization**",
        "- **Session Management**",
    ]
    assert lines[1].startswith("- **Authorization**: login_required (Django) (`views.py:3`")
    empty = security_auth_section(_arch())
    assert empty.count("Not detected: looked for") == 3
