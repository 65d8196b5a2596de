"""Analysis: calls that leave the system (HTTP requests with the hosts they reach, SDK
clients, e-mail), with whether each sets a timeout.

A call counts only when its callee resolves, through the module's imports, to one the
catalogue knows (``requests.get``, ``httpx.AsyncClient``, ``boto3.client``,
``smtplib.SMTP``): a list called ``requests`` or a local ``send_mail`` is nothing. The
destination is read from a literal URL, the literal start of an f-string, or a client's
``base_url``; a URL computed at run time is said to be so, never guessed. A host on the
machine itself (``localhost``) is not an external service. Only the system's own modules
count: a test's calls are not the system's.
"""

from __future__ import annotations

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.outbound import HttpCall, OutboundKnowledge
from archscribe.model.facts import CallFact, literal, literal_prefix
from archscribe.model.semantics import OutboundCall

__all__ = ["describe_outbound", "host_of"]

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})


def describe_outbound(index: CodeIndex, catalogue: Catalogue) -> tuple[OutboundCall, ...]:
    """Every outbound call of the system's own modules, in (target, evidence) order."""
    knowledge = catalogue.outbound
    found: list[OutboundCall] = []
    for module in index.source_modules():
        clients = _clients(module, knowledge)
        made_here = _made_in_functions(module, knowledge)
        for call in module.facts.calls:
            owner, _, method = call.callee.rpartition(".")
            client = clients.get(owner)
            if client is not None and method in _CLIENT_METHODS:
                found.append(_client_call(module, call, client, method))
                continue
            qualified = module.resolve(call.callee)
            if not qualified:
                continue
            # a call on a client the function made: ``httpx.AsyncClient.get`` as the scanner
            # writes it
            owner_q, _, method = qualified.rpartition(".")
            maker = knowledge.http.get(owner_q)
            if maker is not None and maker.url < 0 and method in _CLIENT_METHODS:
                base = made_here.get((call.function, owner_q), "")
                local = HttpCall(
                    maker.client, -1, f"https://{base}" if base else "", maker.timeout
                )
                found.append(_client_call(module, call, local, method))
                continue
            made = _outbound(module, call, qualified, knowledge)
            if made is not None:
                found.append(made)
    return tuple(sorted(set(found), key=lambda o: (o.target, o.evidence, o.client)))


# The methods of an HTTP client object that send a request; ``request``/``stream`` take the
# method first and the URL second.
_CLIENT_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
)


def _clients(module: IndexedModule, knowledge: OutboundKnowledge) -> dict[str, HttpCall]:
    """The module-level objects a client constructor makes (``http = requests.Session()``),
    by name, with the base URL it was given as the URL to fall back on."""
    found: dict[str, HttpCall] = {}
    for assignment in module.facts.call_assignments:
        http = knowledge.http.get(module.resolve(assignment.callee))
        if http is not None and http.url < 0:
            base = dict(assignment.keywords).get(http.base_url, "") if http.base_url else ""
            found[assignment.target] = HttpCall(http.client, -1, base, http.timeout)
    return found


def _made(
    module: IndexedModule,
    call: CallFact,
    target: str,
    client: str,
    kind: str,
    timeout: str = "",
) -> OutboundCall:
    """The outbound call ``call`` of ``module`` makes."""
    return OutboundCall(
        target=target,
        client=client,
        kind=kind,
        component=module.component,
        function=call.function,
        evidence=module.evidence(call.line),
        timeout=timeout,
        in_async=call.in_async,
    )


def _made_in_functions(
    module: IndexedModule, knowledge: OutboundKnowledge
) -> dict[tuple[str, str], str]:
    """The host each client constructor called in a function was given as its base URL, by
    (function, constructor): what a relative request on that client reaches."""
    found: dict[tuple[str, str], str] = {}
    for call in module.facts.calls:
        if not call.function:
            continue
        qualified = module.resolve(call.callee)
        http = knowledge.http.get(qualified)
        if http is not None and http.url < 0:
            target = _http_target(call, http)
            if target:
                found.setdefault((call.function, qualified), target)
    return found


def _client_call(
    module: IndexedModule, call: CallFact, client: HttpCall, method: str
) -> OutboundCall:
    position = 1 if method in ("request", "stream") else 0
    text = _argument(call, position, "url")
    prefix = literal_prefix(text) if text else None
    target = host_of(prefix) if prefix else ""
    if not target and client.base_url:
        target = host_of(client.base_url)  # a relative URL under the client's base
    return _made(module, call, target, client.client, "http", timeout=_timeout(call, client))


def _outbound(
    module: IndexedModule, call: CallFact, qualified: str, knowledge: OutboundKnowledge
) -> OutboundCall | None:
    http = knowledge.http.get(qualified)
    if http is not None:
        target = _http_target(call, http)
        if http.url < 0 and not target:
            return None  # a client made without a base URL: its requests say where they go
        return _made(module, call, target, http.client, "http", timeout=_timeout(call, http))
    if qualified in knowledge.mail:
        position = knowledge.mail[qualified]
        host = literal(_argument(call, position, "host")) if position >= 0 else None
        target = _mail_host(host or "")
        return _made(
            module,
            call,
            target or "e-mail (SMTP)",
            qualified.rpartition(".")[0] or qualified,
            "mail",
        )
    service = knowledge.service(qualified)
    if service:
        if service == "AWS":
            name = literal(_argument(call, 0, "service_name")) or ""
            service = f"AWS {knowledge.sdk_services.get(name, name)}".rstrip()
        return _made(module, call, service, qualified.partition(".")[0], "sdk")
    return None


def _http_target(call: CallFact, http: HttpCall) -> str:
    text = _argument(call, http.url, "url") if http.url >= 0 else ""
    if not text and http.base_url:
        text = _keyword(call, http.base_url)
    if not text:
        text = _keyword(call, "url")
    prefix = literal_prefix(text) if text else None
    return host_of(prefix) if prefix else ""


def host_of(url: str) -> str:
    """The host of a URL (or of its literal start), ``"localhost (local)"`` for the machine
    itself, ``""`` when it names none."""
    scheme, separator, rest = url.partition("://")
    if not separator or not scheme:
        return ""
    authority = rest
    for end in "/?#":
        authority = authority.partition(end)[0]
    host = authority.rpartition("@")[2]  # never the user or password
    # an IPv6 literal stands in brackets; otherwise a port may follow a colon
    host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
    host = host.lower()
    if not host or "{" in host or "…" in host:
        return ""
    return f"{host} (local)" if host in _LOCAL_HOSTS else host


def _mail_host(host: str) -> str:
    """An SMTP host as written (``smtp.example.com``): a bare name with a dot, or a URL's."""
    if "://" in host:
        return host_of(host)
    if host and "." in host and " " not in host and "{" not in host:
        return f"{host} (local)" if host in _LOCAL_HOSTS else host
    return "localhost (local)" if host == "localhost" else ""


def _timeout(call: CallFact, http: HttpCall) -> str:
    for name, value in call.keywords:
        if name == "timeout":
            return "missing" if value == "None" else "set"
        if name == "**":
            return "set" if http.timeout == "set" else ""  # may be in the mapping: unknown
    return http.timeout


def _argument(call: CallFact, position: int, keyword: str) -> str:
    if 0 <= position < len(call.args):
        return call.args[position]
    return _keyword(call, keyword)


def _keyword(call: CallFact, name: str) -> str:
    for key, value in call.keywords:
        if key == name:
            return value
    return ""
