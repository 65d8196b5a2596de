"""Environment file scanner: .env bytes in, variable names and URL schemes out, never values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import EnvSetting, InfraFacts, ProblemKind
from archscribe.scanners.env_file import ENV_FILE_SCANNER, scan_env_file

ENV = b"""\
# Local development settings

DATABASE_URL=postgres://app:hunter2@db:5432/app
export REDIS_URL="redis://redis:6379/0"  # the cache
CELERY_BROKER_URL = 'amqp://guest@rabbitmq.internal:5672//'
SECRET_KEY='abc#not-a-comment'
DJANGO_SETTINGS_MODULE=mysite.settings.production # inline comment
HASHED=abc#def
EMPTY=
PASSTHROUGH
  INDENTED=1
S3_ENDPOINT="https://s3.eu-west-1.amazonaws.com"
"""


def test_variables_with_schemes_and_bare_hosts() -> None:
    facts = scan_env_file(ENV)
    assert facts == InfraFacts(
        kind="env-file",
        env=(
            EnvSetting("DATABASE_URL", 3, scheme="postgres", host="db", secret=True),
            EnvSetting("REDIS_URL", 4, scheme="redis", host="redis"),
            EnvSetting("CELERY_BROKER_URL", 5, scheme="amqp"),
            EnvSetting("SECRET_KEY", 6, secret=True),
            EnvSetting("DJANGO_SETTINGS_MODULE", 7),
            EnvSetting("HASHED", 8),
            EnvSetting("EMPTY", 9),
            EnvSetting("PASSTHROUGH", 10),
            EnvSetting("INDENTED", 11),
            EnvSetting("S3_ENDPOINT", 12, scheme="https"),
        ),
    )


def test_no_value_is_ever_kept() -> None:
    shown = repr(scan_env_file(ENV))
    for hidden in ("hunter2", "5432", "guest", "rabbitmq", "abc", "mysite", "amazonaws", "def"):
        assert hidden not in shown


def test_a_quoted_value_may_span_lines() -> None:
    facts = scan_env_file(
        b'PRIVATE_PEM="-----BEGIN KEY-----\n'
        b'MIIEvQIBADANBg\\"kqhkiG9w0BAQEFAASC\n'
        b'-----END KEY-----"\n'
        b"SINGLE='one\n"
        b"two'  # done\n"
        b"AFTER=postgresql://after/db\n"
    )
    assert facts.env == (
        EnvSetting("PRIVATE_PEM", 1, secret=True),
        EnvSetting("SINGLE", 4),
        EnvSetting("AFTER", 6, scheme="postgresql", host="after"),
    )
    assert facts.problems == ()


def test_escaped_quotes_inside_double_quotes() -> None:
    facts = scan_env_file(b'GREETING="say \\"hi\\" # still the value"\nNEXT=1\n')
    assert facts.env == (EnvSetting("GREETING", 1), EnvSetting("NEXT", 2))
    assert facts.problems == ()


def test_malformed_lines_are_problems() -> None:
    facts = scan_env_file(
        b"GOOD=1\n"
        b"not a variable\n"
        b"=no-name\n"
        b"1ST=digit first\n"
        b"KEY: yaml style\n"
        b'QUOTED="closed" then text\n'
        b"LATER=2\n"
    )
    assert [(p.kind, p.line, p.path) for p in facts.problems] == [
        (ProblemKind.MALFORMED, 2, ""),
        (ProblemKind.MALFORMED, 3, ""),
        (ProblemKind.MALFORMED, 4, ""),
        (ProblemKind.MALFORMED, 5, ""),
        (ProblemKind.MALFORMED, 6, ""),
    ]
    assert facts.env == (EnvSetting("GOOD", 1), EnvSetting("LATER", 7))


def test_an_unclosed_quote_is_one_problem_and_reading_goes_on() -> None:
    facts = scan_env_file(b"A=1\nB='never closed\nC=2\nD=3\n")
    assert facts.env == (EnvSetting("A", 1), EnvSetting("C", 3), EnvSetting("D", 4))
    assert [(p.kind, p.line) for p in facts.problems] == [(ProblemKind.MALFORMED, 2)]


def test_problems_are_capped_at_five() -> None:
    facts = scan_env_file(b"bad line\n" * 20 + b"OK=1\n")
    assert len(facts.problems) == 5
    assert facts.env == (EnvSetting("OK", 21),)


def test_crlf_bom_and_not_utf8() -> None:
    facts = scan_env_file(b"\xef\xbb\xbfA=redis://r\r\nB=caf\xe9\r\n")
    assert facts.env == (EnvSetting("A", 1, scheme="redis", host="r"), EnvSetting("B", 2))
    assert [(p.kind, p.line) for p in facts.problems] == [(ProblemKind.NOT_UTF8, 2)]


def test_binary_is_a_problem_and_nothing_else() -> None:
    facts = scan_env_file(b"A=1\x00\x01\x02")
    assert facts.env == ()
    assert [p.kind for p in facts.problems] == [ProblemKind.BINARY]


def test_scanner_identity() -> None:
    assert ENV_FILE_SCANNER.name == "env-file"
    assert ENV_FILE_SCANNER.version == 2
    assert ENV_FILE_SCANNER.fact_type is InfraFacts
    assert ENV_FILE_SCANNER.scan(b"") == InfraFacts(kind="env-file")


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(
                ['A="x', "B='y", 'C="a\\"b"', "export D=1", "E = f # g", "#", "=", '"', "\\"]
            ),
            st.text(max_size=40),
        ),
        max_size=30,
    ),
    raw=st.binary(max_size=300),
)
def test_env_file_scanner_never_raises(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        facts = scan_env_file(data)
        assert facts.kind == "env-file"
        assert all(p.path == "" for p in facts.problems)
        assert len([p for p in facts.problems if p.kind is ProblemKind.MALFORMED]) <= 5
        assert all(setting.line >= 1 for setting in facts.env)
