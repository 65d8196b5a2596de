"""Catalogue: the calls that leave the system: HTTP client functions and clients, SDK clients
and the services they reach, e-mail sending (``data/outbound.toml``)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from archscribe.catalogue import data_error, read_toml

__all__ = ["HttpCall", "OutboundKnowledge", "outbound_knowledge", "parse_outbound"]

SOURCE = "outbound.toml"
_HTTP_KEYS = frozenset({"client", "url", "base_url", "timeout"})
_TIMEOUTS = frozenset({"missing", "set", ""})


@dataclass(frozen=True, slots=True)
class HttpCall:
    """How to read one HTTP callee: its library, where its URL stands (``-1``: nowhere but
    the ``url`` keyword), the keyword of a client's base URL, and what a call without
    ``timeout=`` means (``missing``: it may wait forever; ``set``: the library has a
    default)."""

    client: str
    url: int
    base_url: str
    timeout: str


@dataclass(frozen=True, slots=True)
class OutboundKnowledge:
    """HTTP callees, SDK callees (an entry ending in ``.`` covers everything under it) and
    the services they reach, AWS service names, and e-mail callees with the position of their
    SMTP host argument (``-1`` when settings give it)."""

    http: Mapping[str, HttpCall] = field(default_factory=dict)
    sdk: Mapping[str, str] = field(default_factory=dict)
    sdk_services: Mapping[str, str] = field(default_factory=dict)
    mail: Mapping[str, int] = field(default_factory=dict)

    def service(self, qualified: str) -> str:
        """The service an SDK callee reaches, or ``""``."""
        found = self.sdk.get(qualified)
        if found is not None:
            return found
        head = qualified
        while "." in head:
            head = head.rpartition(".")[0]
            found = self.sdk.get(head + ".")
            if found is not None:
                return found
        return ""


@functools.cache
def outbound_knowledge() -> OutboundKnowledge:
    """The shipped knowledge."""
    return parse_outbound(read_toml(SOURCE))


def parse_outbound(data: Mapping[str, object]) -> OutboundKnowledge:
    """The data file read; a malformed entry is a bug in archscribe (InternalError naming
    it)."""
    http: dict[str, HttpCall] = {}
    for name, entry in _table(data, "http").items():
        if not isinstance(entry, dict) or set(entry) != _HTTP_KEYS:
            raise data_error(SOURCE, f"[http.{name!r}] needs exactly {sorted(_HTTP_KEYS)}")
        client, url, base_url, timeout = (
            entry[k] for k in ("client", "url", "base_url", "timeout")
        )
        if not (
            isinstance(client, str)
            and client
            and isinstance(url, int)
            and isinstance(base_url, str)
            and timeout in _TIMEOUTS
        ):
            raise data_error(SOURCE, f"[http.{name!r}] has a value of the wrong kind")
        http[name] = HttpCall(client, url, base_url, str(timeout))
    sdk = _strings(_table(data, "sdk"), "sdk")
    services = _strings(_table(data, "sdk_services"), "sdk_services")
    mail: dict[str, int] = {}
    for name, position in _table(data, "mail").items():
        if not isinstance(position, int) or isinstance(position, bool):
            raise data_error(SOURCE, f"[mail] {name!r} must be a position")
        mail[name] = position
    return OutboundKnowledge(http, sdk, services, mail)


def _table(data: Mapping[str, object], name: str) -> dict[str, object]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise data_error(SOURCE, f"[{name}] is missing")
    return value


def _strings(table: Mapping[str, object], name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise data_error(SOURCE, f"[{name}] {key!r} is not a non-empty string")
        found[key] = value
    return found
