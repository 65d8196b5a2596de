"""The outbound and security catalogues: HTTP clients, SDKs, e-mail, and what in settings
and code is a security measure, as data that loads, and malformed data that names itself."""

from __future__ import annotations

import copy
import tomllib
from importlib.resources import files

import pytest

from archscribe.catalogue.outbound import outbound_knowledge, parse_outbound
from archscribe.catalogue.security import parse_security, security_knowledge
from archscribe.errors import InternalError


def _shipped_security() -> dict[str, object]:
    text = files("archscribe.catalogue").joinpath("data/security.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_the_shipped_outbound_file_knows_the_common_clients() -> None:
    knowledge = outbound_knowledge()
    assert knowledge.http["requests.get"].timeout == "missing"
    assert knowledge.http["httpx.get"].timeout == "set"
    assert knowledge.service("stripe.Charge.create") == "Stripe"
    assert "smtplib.SMTP" in knowledge.mail


def test_the_shipped_security_file_knows_the_common_measures() -> None:
    knowledge = security_knowledge()
    assert knowledge.settings["SECURE_HSTS_SECONDS"].measure.what == "HSTS for {value} s"
    assert knowledge.class_lists["PASSWORD_HASHERS"].first
    hasher = knowledge.class_measure("django.contrib.auth.hashers.Argon2PasswordHasher")
    assert hasher is not None and hasher.area == "hashing" and hasher.layer == "data"
    social = knowledge.class_measure("social_core.backends.github.GithubOAuth2")
    assert social is not None and social.area == "authentication"
    assert knowledge.class_measure("django.middleware.common.CommonMiddleware") is None
    assert knowledge.decorators["flask_login.login_required"].technology == "Flask-Login"
    assert knowledge.code["werkzeug.security.generate_password_hash"].imported
    assert "fastapi.security.OAuth2PasswordBearer" in knowledge.dependency_schemes
    assert "test" in knowledge.non_production


@pytest.mark.parametrize(
    ("table", "name", "entry", "message"),
    [
        ("settings", "X", {"layer": "nowhere", "area": "session", "what": "x"}, "layer"),
        ("settings", "X", {"layer": "data", "area": "weather", "what": "x"}, "area"),
        ("settings", "X", {"layer": "data", "area": "session"}, "what"),
        (
            "code",
            "x.y",
            {"layer": "data", "area": "hashing", "what": "x", "imported": 1},
            "imported",
        ),
        ("classes", "x.Y", "not a table", "table"),
    ],
)
def test_a_malformed_security_entry_names_itself(
    table: str, name: str, entry: object, message: str
) -> None:
    data = copy.deepcopy(_shipped_security())
    section = data[table]
    assert isinstance(section, dict)
    section[name] = entry
    with pytest.raises(InternalError, match=message):
        parse_security(data)


def test_a_missing_security_table_names_itself() -> None:
    data = _shipped_security()
    del data["decorators"]
    with pytest.raises(InternalError, match="decorators"):
        parse_security(data)


def test_a_malformed_outbound_entry_names_itself() -> None:
    with pytest.raises(InternalError, match=r"requests\.get"):
        parse_outbound({"http": {"requests.get": {"client": "requests"}}, "sdk": {}})
