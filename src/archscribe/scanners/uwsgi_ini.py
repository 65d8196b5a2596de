"""Scanners: uWSGI's ini files (``uwsgi.ini``): the application it serves, how many worker
processes it starts, and the daemons it keeps running beside them.

Read line by line rather than with ``configparser``: uWSGI repeats keys (``attach-daemon``) and
writes logic lines (``if-env =``) that an ini parser refuses. Only the ``[uwsgi]`` section
counts. ``processes`` (or ``workers``) gives the worker count; ``module`` or ``wsgi-file`` the
application; each ``attach-daemon`` (and ``smart-attach-daemon``) a process of its own. A
value set inside an ``if-env``/``if-not-env`` block is still read: the file says it is the
default. The scanner never raises.
"""

from __future__ import annotations

from archscribe.model.facts import DeployFacts, ProcessCommand
from archscribe.scanners.base import Scanner
from archscribe.scanners.commands import read_shell_command
from archscribe.scanners.manifest_text import decode

__all__ = ["UWSGI_INI_SCANNER", "scan_uwsgi_ini"]

_WORKERS = ("processes", "workers", "p")
_APPLICATION = ("module", "wsgi-file", "wsgi", "mount")
_DAEMONS = ("attach-daemon", "attach-daemon2")
_SMART_DAEMONS = ("smart-attach-daemon", "attach-smart-daemon")  # a pidfile, then the command


def scan_uwsgi_ini(data: bytes) -> DeployFacts:
    """Read a uWSGI ini file: the server process with its worker count, and its daemons."""
    text, problems = decode(data)
    section = ""
    workers, application, server_line = 0, "", 0
    daemons: list[ProcessCommand] = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        if section != "uwsgi":
            continue
        key, _, value = (part.strip() for part in line.partition("="))
        key = key.lower()
        if key in _WORKERS and value.isdigit() and not workers:
            workers, server_line = int(value), server_line or number
        elif key in _APPLICATION and value and not application:
            application, server_line = value, server_line or number
        elif (key in _DAEMONS or key in _SMART_DAEMONS) and value:
            command = value.partition(" ")[2].strip() if key in _SMART_DAEMONS else value
            program, count = read_shell_command(command.removeprefix("exec:"))
            daemons.append(ProcessCommand("daemon", value, program, number, count))
    commands = []
    if server_line:
        command = f"uwsgi {application}".strip() + (f" --processes {workers}" if workers else "")
        commands.append(ProcessCommand("uwsgi", command, "uwsgi", server_line, workers))
    return DeployFacts(kind="uwsgi", commands=(*commands, *daemons), problems=tuple(problems))


UWSGI_INI_SCANNER = Scanner(
    name="uwsgi-ini", version=1, fact_type=DeployFacts, scan=scan_uwsgi_ini
)
