"""Scanners: server and process-manager configurations: nginx, supervisor, systemd units.

nginx: ``upstream`` blocks (``nginx-upstream``, with their servers) and the ``proxy_pass``,
``uwsgi_pass``, ``fastcgi_pass`` and ``grpc_pass`` of each ``location`` (``nginx-proxy``, with
the upstream or service they hand requests to, and the ``listen`` and ``server_name`` of their
``server``). An address is kept only when it names a service (a bare host such as ``app``, or
``localhost``); a real host keeps just its port. supervisor: each ``[program:x]`` is a
``supervisor-program`` with its command, ``numprocs`` and environment. systemd: a unit with a
``[Service]`` section is a ``systemd-service`` with its ``ExecStart`` commands and
``Environment=`` settings. A file that turns out not to be of the kind is ``InfraFacts(kind="")``.
The scanners never raise.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProblemKind,
    ProcessCommand,
    ResourceFact,
    ScanProblem,
    ServiceFact,
)
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_shell_command
from archscribe.scanners.env_values import env_setting
from archscribe.scanners.manifest_text import decode, problem

__all__ = [
    "NGINX_SCANNER",
    "SUPERVISOR_SCANNER",
    "SYSTEMD_SCANNER",
    "scan_nginx",
    "scan_supervisor",
    "scan_systemd",
]

_NGINX_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>\#[^\n]*)|(?P<quoted>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    |(?P<punct>[{};])|(?P<word>(?:\$\{[^}\s{]{0,80}\}|\\.|[^\s{};"'\\])+)|(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_NGINX_BLOCKS = frozenset({"http", "server", "upstream", "location", "events", "stream"})
_PASSES = frozenset({"proxy_pass", "uwsgi_pass", "fastcgi_pass", "grpc_pass", "scgi_pass"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_BARE_HOST = re.compile(r"\$?[A-Za-z][A-Za-z0-9_-]*")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "0.0.0.0", "[::]", "*"})
_PROGRAM_SECTIONS = ("program:", "fcgi-program:")
_SUPERVISOR_ENV = re.compile(
    r"""([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^,]*)"""
)
_SECTION = re.compile(r"\[([^\]]*)\]")
_EXEC_PREFIXES = "-@+!:"
_MAX_PROBLEMS = 5


@dataclass(slots=True)
class _Context:
    """An open nginx block: its directive, arguments and what its directives said."""

    name: str
    args: list[str]
    line: int
    details: list[tuple[str, str]] = field(default_factory=list)  # server: listen, server_name
    proxies: list[tuple[str, str, str, int]] = field(default_factory=list)  # path, pass, to, line


def _address(host: str, port: str, names: frozenset[str] = frozenset()) -> str:
    """``host:port`` when the host names a service or this machine, else just the port."""
    if host in names or host in _LOCAL_HOSTS or _BARE_HOST.fullmatch(host):
        return f"{host}:{port}" if port else host
    return port


def _host_port(authority: str) -> tuple[str, str]:
    """``app:8000`` -> ("app", "8000"); ``[::1]:80`` -> ("[::1]", "80"); no port gives ""."""
    host, colon, port = authority.rpartition(":")
    if colon and port.isdigit() and not host.endswith(":"):
        return host, port
    return authority, ""


def _pass_target(value: str, upstreams: frozenset[str]) -> str:
    """What a ``*_pass`` hands requests to: an upstream, a service, a socket or a port."""
    rest = value if value.startswith("unix:") else _SCHEME.sub("", value, count=1)
    if rest.startswith("unix:"):  # unix:/run/app.sock, unix:///run/app.sock, http://unix:/x:/
        return "unix:/" + rest[5:].lstrip("/").split(":", 1)[0]
    return _address(*_host_port(rest.split("/", 1)[0]), upstreams)


def _nginx_statements(
    text: str, problems: list[ScanProblem]
) -> list[tuple[str, list[str], int, str]]:
    """(directive, arguments, line, how it ends: ``;``, ``{`` or ``}``) in file order."""
    statements: list[tuple[str, list[str], int, str]] = []
    words: list[str] = []
    start = number = 1
    for match in _NGINX_TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind in {"quoted", "word"}:
            if not words:
                start = number
            words.append(token[1:-1] if kind == "quoted" else token)
        elif kind == "punct":
            if token == "}" and words:
                problems.append(problem(ProblemKind.MALFORMED, "directive without ;", start))
            if words or token != ";":
                at = start if words else number
                statements.append((words[0] if words else "", words[1:], at, token))
            words = []
        number += token.count("\n")
    if words:
        problems.append(problem(ProblemKind.MALFORMED, "directive without ;", start))
    return statements


def scan_nginx(data: bytes) -> InfraFacts:
    """Read an nginx configuration: upstreams, and where each location passes requests."""
    text, problems = decode(data)
    statements = _nginx_statements(text, problems)
    if not any(end == "{" and name in _NGINX_BLOCKS for name, _, _, end in statements):
        return InfraFacts(kind="")
    upstreams = frozenset(
        args[0] for name, args, _, end in statements if name == "upstream" and end == "{" and args
    )
    resources: list[ResourceFact] = []
    stack: list[_Context] = []
    for name, args, at, end in statements:
        if end == "{":
            stack.append(_Context(name, args, at))
        elif end == "}":
            if not stack:
                problems.append(problem(ProblemKind.MALFORMED, "a } that closes no block", at))
                continue
            resources.extend(_closed(stack.pop()))
        elif stack:
            _directive(name, args, at, stack, upstreams)
    if stack:
        reason = f"block `{stack[0].name}` opened on line {stack[0].line} is not closed"
        problems.append(problem(ProblemKind.MALFORMED, reason, stack[0].line))
        while stack:
            resources.extend(_closed(stack.pop()))
    resources.sort(key=lambda resource: resource.line)
    return InfraFacts(kind="nginx", resources=tuple(resources), problems=tuple(problems))


def _directive(
    name: str, args: list[str], at: int, stack: list[_Context], upstreams: frozenset[str]
) -> None:
    """Note what a simple directive says in the blocks that hold it."""
    block = stack[-1]
    if name == "server" and block.name == "upstream" and args:
        block.details.append(("server", _upstream_server(args[0])))
    elif name == "listen" and args:
        kept = args[0].startswith("unix:") or args[0].isdigit()
        port = args[0] if kept else _address(*_host_port(args[0]))
        block.details.append(("listen", " ".join(word for word in [port, *args[1:]] if word)))
    elif name == "server_name":
        block.details.extend(("server_name", value) for value in args if value not in ("", "_"))
    elif name in _PASSES and args:
        location = next((c for c in reversed(stack) if c.name == "location"), None)
        path = " ".join(location.args) if location else ""
        server = next((c for c in reversed(stack) if c.name == "server"), block)
        server.proxies.append((path, name, _pass_target(args[0], upstreams), at))


def _upstream_server(address: str) -> str:
    if address.startswith("unix:"):
        return address
    return _address(*_host_port(address))


def _closed(block: _Context) -> list[ResourceFact]:
    """The facts a block gives when it closes: an upstream, or a server's proxies."""
    if block.name == "upstream" and block.args:
        details = tuple(pair for pair in block.details if pair[1])
        return [ResourceFact("nginx-upstream", block.args[0], block.line, detail=details)]
    return [
        ResourceFact("nginx-proxy", path, at, target, (("directive", how), *block.details))
        for path, how, target, at in block.proxies
    ]


@dataclass(slots=True)
class _Section:
    name: str
    line: int
    entries: list[tuple[str, str, int]] = field(default_factory=list)  # key, value, line


def _sections(text: str, problems: list[ScanProblem], *, systemd: bool) -> list[_Section]:
    """An INI file's sections. supervisor continues a value on indented lines, takes ``:`` for
    ``=`` and ``" ;"`` comments; systemd continues a line that ends with a backslash."""
    sections: list[_Section] = []
    lines = text.split("\n")
    index = bad = 0
    while index < len(lines):
        number, raw = index + 1, lines[index].rstrip("\r")
        index += 1
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if not systemd and raw[0] in " \t" and sections and sections[-1].entries:
            key, value, at = sections[-1].entries[-1]
            sections[-1].entries[-1] = (key, f"{value} {stripped}".strip(), at)
            continue
        match = _SECTION.fullmatch(stripped)
        if match is not None:
            sections.append(_Section(match.group(1).strip(), number))
            continue
        while systemd and stripped.endswith("\\") and index < len(lines):
            stripped = f"{stripped[:-1].rstrip()} {lines[index].strip()}"
            index += 1
        cut = min((stripped.find(d) for d in ("=", ":") if d in stripped), default=-1)
        cut = stripped.find("=") if systemd else cut
        if cut <= 0 or not sections:
            bad += 1
            if bad <= _MAX_PROBLEMS:
                reason = f"not a section nor a 'key=value' line: {stripped[:60]!r}"
                problems.append(problem(ProblemKind.MALFORMED, reason, number))
            continue
        value = stripped[cut + 1 :] if systemd else re.sub(r"\s;.*$", "", stripped[cut + 1 :])
        sections[-1].entries.append((stripped[:cut].strip(), value.strip(), number))
    return sections


def _command(name: str, command: str, at: int) -> ProcessCommand:
    program, workers = read_shell_command(command)
    return ProcessCommand(name, command, program, at, workers)


def scan_supervisor(data: bytes) -> InfraFacts:
    """Read a supervisor configuration: each program, its command, process count, env."""
    text, problems = decode(data)
    sections = _sections(text, problems, systemd=False)
    programs = [s for s in sections if s.name.startswith(_PROGRAM_SECTIONS)]
    if not programs and not any(s.name == "supervisord" for s in sections):
        return InfraFacts(kind="")
    services = tuple(_program(section, problems) for section in programs)
    return InfraFacts(kind="supervisor", services=services, problems=tuple(problems))


def _program(section: _Section, problems: list[ScanProblem]) -> ServiceFact:
    name = section.name.partition(":")[2].strip()
    commands: list[ProcessCommand] = []
    env: list[EnvSetting] = []
    replicas = 0
    for key, value, at in section.entries:
        if key == "command" and value:
            commands.append(_command(name, value, at))
        elif key == "numprocs" and value.isascii() and value.isdigit():
            replicas = int(value)
        elif key == "numprocs":
            problems.append(problem(ProblemKind.MALFORMED, f"numprocs={value[:20]!r}", at))
        elif key == "environment":
            for match in _SUPERVISOR_ENV.finditer(value):
                env.append(env_setting(match.group(1), match.group(2).strip("\"'"), at))
    if not commands:
        problems.append(
            problem(ProblemKind.MALFORMED, f"program {name!r} has no command", section.line)
        )
    return ServiceFact(
        name,
        section.line,
        "supervisor-program",
        commands=tuple(commands),
        replicas=replicas,
        env=tuple(env),
    )


def scan_systemd(data: bytes) -> InfraFacts:
    """Read a systemd unit: its ``[Service]``'s commands and environment, named by its
    ``Description``."""
    text, problems = decode(data)
    sections = _sections(text, problems, systemd=True)
    services = [s for s in sections if s.name == "Service"]
    if not services:
        return InfraFacts(kind="")
    description = ""
    for section in sections:
        for key, value, _at in section.entries:
            if section.name == "Unit" and key == "Description":
                description = value
    commands: list[ProcessCommand] = []
    env: list[EnvSetting] = []
    for key, value, at in (entry for section in services for entry in section.entries):
        if key == "ExecStart" and not value:
            commands = []  # an empty ExecStart= resets the list (drop-ins)
        elif key == "ExecStart":
            commands.append(_command("ExecStart", value.lstrip(_EXEC_PREFIXES), at))
        elif key == "Environment":
            env.extend(_systemd_env(value, at))
    unit = ServiceFact(
        description,
        services[0].line,
        "systemd-service",
        commands=tuple(commands),
        env=tuple(env),
    )
    return InfraFacts(kind="systemd", services=(unit,), problems=tuple(problems))


def _systemd_env(value: str, at: int) -> list[EnvSetting]:
    """``Environment=A=b "C=d e"``: each quoted or bare ``NAME=value`` word."""
    try:
        words = shlex.split(value)
    except ValueError:  # an unclosed quote: split on spaces, quotes dropped
        words = [word.strip("\"'") for word in value.split()]
    return [
        env_setting(name, rest, at)
        for name, equals, rest in (word.partition("=") for word in words)
        if equals and name
    ]


NGINX_SCANNER = Scanner(name="nginx", version=2, fact_type=InfraFacts, scan=scan_nginx)
SUPERVISOR_SCANNER = Scanner(
    name="supervisor", version=2, fact_type=InfraFacts, scan=scan_supervisor
)
SYSTEMD_SCANNER = Scanner(name="systemd", version=2, fact_type=InfraFacts, scan=scan_systemd)
