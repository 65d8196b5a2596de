"""uWSGI ini scanner: the served application, its worker count and its daemons."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import DeployFacts, ProcessCommand
from archscribe.scanners.uwsgi_ini import UWSGI_INI_SCANNER, scan_uwsgi_ini

INI = b"""[uwsgi]
master
# processes = 99   (a comment is no setting)
if-not-env = UWSGI_PROCESSES
processes = 4
endif =
module = hc.wsgi:application
attach-daemon = ./manage.py sendalerts --skip-checks
smart-attach-daemon = /tmp/celery.pid celery -A proj worker -c 2

[other]
processes = 12
"""


def test_server_workers_and_daemons() -> None:
    assert scan_uwsgi_ini(INI) == DeployFacts(
        kind="uwsgi",
        commands=(
            ProcessCommand("uwsgi", "uwsgi hc.wsgi:application --processes 4", "uwsgi", 5, 4),
            ProcessCommand("daemon", "./manage.py sendalerts --skip-checks", "manage.py", 8),
            ProcessCommand(
                "daemon",
                "/tmp/celery.pid celery -A proj worker -c 2",
                "celery",
                9,
                2,
            ),
        ),
    )


def test_other_sections_and_files_without_uwsgi_say_nothing() -> None:
    assert scan_uwsgi_ini(b"[other]\nprocesses = 3\nmodule = x\n") == DeployFacts(kind="uwsgi")
    assert scan_uwsgi_ini(b"") == DeployFacts(kind="uwsgi")


def test_bad_bytes_are_a_problem_not_a_crash() -> None:
    facts = scan_uwsgi_ini(b"[uwsgi]\nprocesses = 2\n\xff\xfe\n")
    assert facts.problems and facts.commands[0].workers == 2


def test_scanner_identity() -> None:
    assert (UWSGI_INI_SCANNER.name, UWSGI_INI_SCANNER.version) == ("uwsgi-ini", 1)
    assert UWSGI_INI_SCANNER.fact_type is DeployFacts


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises(data: bytes) -> None:
    assert scan_uwsgi_ini(b"[uwsgi]\n" + data).kind == "uwsgi"
