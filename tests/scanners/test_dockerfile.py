"""Dockerfile scanner: Dockerfile bytes in, images, ports and the final commands out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import DeployFacts, ImageRef, ProblemKind, ProcessCommand
from archscribe.scanners.dockerfile import DOCKERFILE_SCANNER, scan_dockerfile


def test_multi_stage_build_images_and_final_command() -> None:
    facts = scan_dockerfile(
        b"# syntax=docker/dockerfile:1\n"
        b"FROM --platform=$BUILDPLATFORM python:3.12 AS build\n"
        b"RUN pip wheel -w /wheels .\n"
        b'CMD ["python", "-m", "build"]\n'
        b"\n"
        b"from python:3.12-slim as runtime\n"
        b"COPY --from=build /wheels /wheels\n"
        b"EXPOSE 8000/tcp 9000\n"
        b'CMD ["gunicorn", "-w", "3", "app.wsgi"]\n'
    )
    assert facts == DeployFacts(
        kind="dockerfile",
        images=(
            ImageRef("python:3.12", 2, "build"),
            ImageRef("python:3.12-slim", 6, "runtime"),
        ),
        ports=((8000, 8), (9000, 8)),
        commands=(ProcessCommand("CMD", "gunicorn -w 3 app.wsgi", "gunicorn", 9, workers=3),),
    )


def test_from_an_earlier_stage_is_no_image_and_inherits_its_command() -> None:
    facts = scan_dockerfile(
        b"FROM python:3.12-slim AS base\n"
        b'CMD ["uvicorn", "app:app", "--workers", "2"]\n'
        b"FROM Base AS final\n"
        b"RUN pip install .\n"
    )
    assert facts.images == (ImageRef("python:3.12-slim", 1, "base"),)
    assert facts.commands == (
        ProcessCommand("CMD", "uvicorn app:app --workers 2", "uvicorn", 2, workers=2),
    )


def test_args_are_kept_as_written_and_scratch_is_no_image() -> None:
    facts = scan_dockerfile(
        b"ARG PY=3.12\nFROM python:${PY}-slim AS build\nFROM scratch\nCOPY --from=build / /\n"
    )
    assert facts.images == (ImageRef("python:${PY}-slim", 2, "build"),)


def test_only_the_last_cmd_and_entrypoint_of_the_final_stage_count() -> None:
    facts = scan_dockerfile(
        b"FROM node:20 AS assets\n"
        b"CMD npm start\n"
        b"FROM python:3.12\n"
        b"CMD python manage.py runserver\n"
        b'ENTRYPOINT ["tini", "--"]\n'
        b"CMD gunicorn --workers=5 app:app\n"
    )
    assert facts.commands == (
        ProcessCommand("ENTRYPOINT", "tini --", "tini", 5),
        ProcessCommand("CMD", "gunicorn --workers=5 app:app", "gunicorn", 6, workers=5),
    )


def test_cmd_options_are_arguments_to_an_exec_entrypoint() -> None:
    facts = scan_dockerfile(
        b'FROM python:3.12\nENTRYPOINT ["gunicorn"]\nCMD ["-w", "4", "app.wsgi"]\n'
    )
    assert facts.commands == (
        ProcessCommand("ENTRYPOINT", "gunicorn", "gunicorn", 2),
        ProcessCommand("CMD", "-w 4 app.wsgi", "gunicorn", 3, workers=4),
    )


def test_continuation_lines_comments_and_lower_case_instructions() -> None:
    facts = scan_dockerfile(
        b"FROM python:3.12\n"
        b"RUN apt-get update \\\n"
        b"    # a comment inside the instruction\n"
        b"    && apt-get install -y curl\n"
        b"cmd gunicorn \\\n"
        b"  --workers 4 \\\n"
        b"  app.wsgi\n"
    )
    assert facts.commands == (
        ProcessCommand("CMD", "gunicorn   --workers 4   app.wsgi", "gunicorn", 5, workers=4),
    )
    assert facts.problems == ()


def test_escape_directive_changes_the_continuation_character() -> None:
    facts = scan_dockerfile(
        b"# escape=`\n"
        b"FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        b"WORKDIR C:\\app\\\n"
        b"EXPOSE `\n"
        b"  8080\n"
    )
    assert facts.images == (ImageRef("mcr.microsoft.com/windows/servercore:ltsc2022", 2),)
    assert facts.ports == ((8080, 4),)


def test_heredoc_bodies_are_skipped() -> None:
    facts = scan_dockerfile(
        b"FROM python:3.12\n"
        b"RUN <<EOF\n"
        b"FROM not-an-image\n"
        b"CMD not-a-command\n"
        b"EOF\n"
        b"COPY <<-'ONE' /a <<TWO /b\n"
        b"\tEXPOSE 1\n"
        b"\tONE\n"
        b"EXPOSE 2\n"
        b"TWO\n"
        b"EXPOSE 3000\n"
    )
    assert facts.images == (ImageRef("python:3.12", 1),)
    assert facts.ports == ((3000, 11),)
    assert facts.commands == ()


def test_expose_skips_variables_and_reports_junk() -> None:
    facts = scan_dockerfile(b"FROM x\nEXPOSE $PORT ${OTHER}/tcp 53/udp 7000-7010 http\n")
    assert facts.ports == ((53, 2), (7000, 2))
    assert [(p.kind, p.line) for p in facts.problems] == [(ProblemKind.MALFORMED, 2)]


@pytest.mark.parametrize(
    ("line", "program", "workers"),
    [
        ('CMD ["python", "-m", "uvicorn", "app:app", "--workers", "4"]', "uvicorn", 4),
        ("CMD python -m uvicorn app:app --workers 4", "uvicorn", 4),
        ("CMD gunicorn -w 3 app.wsgi", "gunicorn", 3),
        ("CMD gunicorn -w3 app.wsgi", "gunicorn", 3),
        ("CMD hypercorn -w 2 app:app", "hypercorn", 2),
        ('CMD ["uwsgi", "--processes", "8", "--http", ":8000"]', "uwsgi", 8),
        ("CMD celery -A proj worker -c 8", "celery", 8),
        ("CMD celery -A proj worker --concurrency=6", "celery", 6),
        ("CMD gunicorn -c gunicorn.conf.py app.wsgi", "gunicorn", 0),
        ("CMD uvicorn app:app -c 8", "uvicorn", 0),
        ("CMD gunicorn --workers $WEB_CONCURRENCY app.wsgi", "gunicorn", 0),
        ("CMD python manage.py runserver 0.0.0.0:8000", "python", 0),
        ("CMD python3 -u app.py", "python3", 0),
        (
            'CMD ["sh", "-c", "python manage.py migrate && exec gunicorn -w 2 a.wsgi"]',
            "gunicorn",
            2,
        ),
        ('CMD ["/bin/sh", "-c", "gunicorn -w 2 a.wsgi"]', "gunicorn", 2),
        ('CMD ["bash", "-lc", "uvicorn app:app --workers=3 > app.log 2>&1"]', "uvicorn", 3),
        ('CMD ["dumb-init", "--", "celery", "-A", "p", "worker", "-c", "2"]', "celery", 2),
        ('CMD ["tini", "--", "/usr/local/bin/gunicorn", "-w", "5", "a"]', "gunicorn", 5),
        ('CMD ["gosu", "app", "gunicorn", "app.wsgi"]', "gunicorn", 0),
        ("CMD exec gunicorn app.wsgi", "gunicorn", 0),
        ("CMD PORT=8000 env DEBUG=0 uvicorn app:app", "uvicorn", 0),
        ('CMD ["./docker-entrypoint.sh"]', "docker-entrypoint.sh", 0),
        ("CMD sh start.sh", "sh", 0),
    ],
)
def test_program_and_workers(line: str, program: str, workers: int) -> None:
    facts = scan_dockerfile(f"FROM python:3.12\n{line}\n".encode())
    (command,) = facts.commands
    assert (command.program, command.workers) == (program, workers)


def test_exec_and_shell_form_commands_as_one_string() -> None:
    exec_form = scan_dockerfile(b'FROM x\nCMD ["sh", "-c", "echo hi && serve"]\n')
    shell_form = scan_dockerfile(b"FROM x\nENTRYPOINT   serve --port 80  \n")
    assert exec_form.commands[0].command == "sh -c 'echo hi && serve'"
    assert shell_form.commands == (ProcessCommand("ENTRYPOINT", "serve --port 80", "serve", 2),)


def test_malformed_exec_form_is_read_as_shell_with_a_problem() -> None:
    facts = scan_dockerfile(b'FROM x\n\nCMD ["gunicorn", "-w", "2",]\n')
    assert facts.commands == (ProcessCommand("CMD", '["gunicorn", "-w", "2",]', "[gunicorn,", 3),)
    assert [(p.kind, p.line, p.path) for p in facts.problems] == [(ProblemKind.MALFORMED, 3, "")]


def test_new_entrypoint_drops_an_inherited_cmd() -> None:
    facts = scan_dockerfile(b'FROM python AS base\nCMD serve\nFROM base\nENTRYPOINT ["run"]\n')
    assert facts.commands == (ProcessCommand("ENTRYPOINT", "run", "run", 4),)


def test_not_utf8_and_not_an_instruction_are_problems() -> None:
    facts = scan_dockerfile(b"FROM caf\xe9\n!!!\n")
    assert [p.kind for p in facts.problems] == [ProblemKind.NOT_UTF8, ProblemKind.MALFORMED]
    assert facts.images == (ImageRef("caf\ufffd", 1),)


def test_scanner_identity() -> None:
    assert DOCKERFILE_SCANNER.name == "dockerfile"
    assert DOCKERFILE_SCANNER.version == 2
    assert DOCKERFILE_SCANNER.fact_type is DeployFacts
    assert DOCKERFILE_SCANNER.scan(b"") == DeployFacts(kind="dockerfile")


_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "FROM python:3.12 AS a",
                "FROM a",
                "FROM --platform=$X",
                "CMD [",
                'CMD ["sh", "-c", "a && b"]',
                "ENTRYPOINT tini --",
                "EXPOSE 80/tcp $P 99999",
                "RUN <<EOF",
                "EOF",
                "# escape=`",
                "\\",
                "`",
                "[[[[[[[[[[",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(lines=_LINES, raw=st.binary(max_size=200))
def test_dockerfile_scanner_never_raises(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        facts = scan_dockerfile(data)
        assert facts.kind == "dockerfile"
        assert all(p.path == "" for p in facts.problems)
        assert all(0 < port < 65536 for port, _ in facts.ports)
        assert len(facts.commands) <= 2
