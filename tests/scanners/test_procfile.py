"""Procfile scanner: Procfile bytes in, process commands out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import DeployFacts, ProblemKind, ProcessCommand
from archscribe.scanners.procfile import PROCFILE_SCANNER, scan_procfile


def test_web_and_worker_processes() -> None:
    facts = scan_procfile(
        b"# processes\n"
        b"web: gunicorn app.wsgi --workers 4 --bind 0.0.0.0:$PORT\n"
        b"\n"
        b"worker: celery -A proj worker -c 8 --loglevel=info\n"
        b"release:python manage.py migrate\n"
    )
    assert facts == DeployFacts(
        kind="procfile",
        commands=(
            ProcessCommand(
                "web", "gunicorn app.wsgi --workers 4 --bind 0.0.0.0:$PORT", "gunicorn", 2, 4
            ),
            ProcessCommand("worker", "celery -A proj worker -c 8 --loglevel=info", "celery", 4, 8),
            ProcessCommand("release", "python manage.py migrate", "python", 5),
        ),
    )


def test_wrappers_and_module_runs() -> None:
    facts = scan_procfile(
        b"web: newrelic ; exec python -m uvicorn app:app --workers 2\n"
        b"beat: env TZ=UTC celery -A proj beat\n"
        b"uwsgi: uwsgi --processes 8 --http :$PORT\n"
        b"gun: gunicorn -c conf.py app.wsgi\n"
    )
    assert [(c.name, c.program, c.workers) for c in facts.commands] == [
        ("web", "uvicorn", 2),
        ("beat", "celery", 0),
        ("uwsgi", "uwsgi", 8),
        ("gun", "gunicorn", 0),
    ]


def test_malformed_lines_are_problems() -> None:
    facts = scan_procfile(b"web gunicorn app\nweb server: x\nempty:\nok: serve\n")
    assert [(p.kind, p.line, p.path) for p in facts.problems] == [
        (ProblemKind.MALFORMED, 1, ""),
        (ProblemKind.MALFORMED, 2, ""),
        (ProblemKind.MALFORMED, 3, ""),
    ]
    assert facts.commands == (ProcessCommand("ok", "serve", "serve", 4),)


def test_crlf_lines_and_unbalanced_quotes() -> None:
    facts = scan_procfile(b"web: gunicorn 'app.wsgi -w 2\r\n")
    assert facts.commands == (ProcessCommand("web", "gunicorn 'app.wsgi -w 2", "gunicorn", 1, 2),)


def test_scanner_identity() -> None:
    assert PROCFILE_SCANNER.name == "procfile"
    assert PROCFILE_SCANNER.version == 2
    assert PROCFILE_SCANNER.fact_type is DeployFacts
    assert PROCFILE_SCANNER.scan(b"") == DeployFacts(kind="procfile")


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(["web: sh -c", "w: python -m", "x: tini --", "y: a && ; |", "#", ":"]),
            st.text(max_size=40),
        ),
        max_size=20,
    ),
    raw=st.binary(max_size=200),
)
def test_procfile_scanner_never_raises(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        facts = scan_procfile(data)
        assert facts.kind == "procfile"
        assert all(p.path == "" for p in facts.problems)
        assert len([p for p in facts.problems if p.kind is ProblemKind.MALFORMED]) <= 5
