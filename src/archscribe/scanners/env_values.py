"""Scanners: an environment variable reduced to what is safe to show.

Infrastructure and environment files set variables whose values are often secrets
(``DATABASE_URL=postgres://app:hunter2@db.internal/app``). Evidence needs the name, and what
the value points at needs the URL scheme (PostgreSQL, Redis, RabbitMQ…) and, when the value
names another declared service (``redis://redis:6379``), that service's bare name. Nothing else
of a value is ever kept: not a host with a dot (a real address), not a user, not a password.
"""

from __future__ import annotations

import re

from archscribe.model.facts import EnvSetting

__all__ = ["env_setting", "looks_secret", "url_parts"]

_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*)://")
_SECRET_NAME = re.compile(
    r"(?:^|_)(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|KEY|APIKEY|CREDENTIALS?|PRIVATE|DSN|SALT|"
    r"SIGNATURE)(?:_|$)",
    re.IGNORECASE,
)
_BARE_HOST = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_PLACEHOLDER_HOSTS = frozenset({"localhost", "host", "hostname", "example", "server"})


def url_parts(value: str) -> tuple[str, str, bool]:
    """(scheme, bare host, has a password) of a URL value; ``("", "", False)`` for others.

    The scheme is lower-cased without a driver suffix (``postgresql+psycopg`` gives
    ``postgresql``). The host is kept only when it is a bare service name (no dot, not
    ``localhost``); it is ``""`` otherwise. The user part may hold anything, interpolations
    with spaces included (``postgres://app:${PASSWORD:?not set}@db/app``): the host is what
    follows its last ``@``.
    """
    match = _SCHEME.match(value)
    if match is None:
        return "", "", False
    scheme = match.group(1).lower().partition("+")[0]
    authority = value[match.end() :].split("/", 1)[0]
    userinfo, _, hostport = authority.rpartition("@")
    host = hostport.split("?", 1)[0].split("#", 1)[0].split(":", 1)[0].strip()
    bare = host if _BARE_HOST.fullmatch(host) and host.lower() not in _PLACEHOLDER_HOSTS else ""
    return scheme, bare, ":" in userinfo


def looks_secret(name: str) -> bool:
    """Whether a variable's name says it holds a secret (``*_KEY``, ``*_TOKEN``, ``*PASSWORD``)."""
    return _SECRET_NAME.search(name) is not None


def env_setting(name: str, value: str, line: int) -> EnvSetting:
    """The safe summary of ``name=value`` set on ``line``."""
    scheme, host, password = url_parts(value)
    return EnvSetting(
        name=name, line=line, scheme=scheme, host=host, secret=password or looks_secret(name)
    )
