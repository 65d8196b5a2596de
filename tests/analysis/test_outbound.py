"""Outbound calls: hosts from literals, f-strings, local URLs and clients' base URLs; SDKs and
e-mail by what the imports make them; timeouts; never a look-alike, never a test's call."""

from __future__ import annotations

from pathlib import Path

import pytest
from code_repo import analyse

from archscribe.catalogue.outbound import parse_outbound
from archscribe.errors import InternalError

FILES = {
    "app/__init__.py": "",
    "app/clients.py": """\
        import boto3
        import httpx
        import requests
        import smtplib
        from django.core.mail import send_mail
        from twilio.rest import Client

        http = requests.Session()
        api = httpx.Client(base_url="https://api.example.com")

        def notify(token, url):
            requests.post("https://hooks.slack.com/services/x", timeout=5)
            target = f"https://api.telegram.org/bot{token}/send"
            requests.post(target)
            requests.get(url, timeout=None)
            http.get("https://warehouse.example.com/stock")
            api.get("/items")
            httpx.get("http://localhost:8080/health")

        def upload():
            boto3.client("s3").upload_file("a", "b", "c")
            Client("AC1", "token").messages.create(body="hi")
            smtplib.SMTP("smtp.example.com", 587)
            send_mail("subject", "body", "from@example.com", ["to@example.com"])
        """,
    "app/lookalikes.py": """\
        requests = []

        def send_mail(*args):
            return args

        def go():
            requests.append("https://example.invalid/x")
            send_mail("x")
        """,
    "tests/test_clients.py": """\
        import requests

        def test_it():
            requests.get("https://only-in-tests.example.com")
        """,
}


def _calls(tmp_path: Path) -> list[tuple[str, str, str, str, str]]:
    arch = analyse(tmp_path, FILES)
    return [
        (o.target, o.client, o.kind, o.timeout, f"{o.evidence.cite()} {o.function}")
        for o in arch.semantics.outbound
    ]


def test_hosts_sdks_and_mail_with_their_timeouts(tmp_path: Path) -> None:
    assert _calls(tmp_path) == [
        ("", "requests", "http", "missing", "app/clients.py:15 notify"),  # computed URL
        ("AWS S3", "boto3", "sdk", "", "app/clients.py:21 upload"),
        ("Twilio", "twilio", "sdk", "", "app/clients.py:22 upload"),
        ("api.example.com", "httpx", "http", "set", "app/clients.py:9 "),
        ("api.example.com", "httpx", "http", "set", "app/clients.py:17 notify"),
        ("api.telegram.org", "requests", "http", "missing", "app/clients.py:14 notify"),
        ("e-mail (SMTP)", "django.core.mail", "mail", "", "app/clients.py:24 upload"),
        ("hooks.slack.com", "requests", "http", "set", "app/clients.py:12 notify"),
        ("localhost (local)", "httpx", "http", "set", "app/clients.py:18 notify"),
        ("smtp.example.com", "smtplib", "mail", "", "app/clients.py:23 upload"),
        ("warehouse.example.com", "requests", "http", "missing", "app/clients.py:16 notify"),
    ]


def test_look_alikes_and_tests_make_no_outbound_call(tmp_path: Path) -> None:
    shown = repr(_calls(tmp_path))
    assert "lookalikes" not in shown
    assert "example.invalid" not in shown
    assert "only-in-tests" not in shown


def test_the_document_lists_hosts_and_leaves_the_local_one_out(tmp_path: Path) -> None:
    from archscribe.renderers.infrastructure_sections import external_apis_section

    section = external_apis_section(analyse(tmp_path, FILES))
    assert "- **hooks.slack.com**: HTTP requests (`requests`) from `notify`" in section
    assert "localhost" not in section
    assert "1 call whose destination is computed at run time (requests)" in section


def test_a_malformed_catalogue_entry_is_a_bug_named_as_such() -> None:
    with pytest.raises(InternalError, match="http"):
        parse_outbound(
            {"http": {"x.get": {"client": "x"}}, "sdk": {}, "sdk_services": {}, "mail": {}}
        )
    with pytest.raises(InternalError, match="mail"):
        parse_outbound({"http": {}, "sdk": {}, "sdk_services": {}, "mail": {"x": "one"}})


def test_requests_on_a_client_made_in_the_function_reach_its_base_url(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/client.py": """\
                import httpx
                import requests

                async def items():
                    async with httpx.AsyncClient(base_url="https://api.example.com") as c:
                        return await c.get("/items")

                def hook():
                    s = requests.Session()
                    s.post("https://hooks.example.com/x")
                """,
        },
    )
    assert [
        (o.target, o.client, o.timeout, o.evidence.line, o.function)
        for o in arch.semantics.outbound
    ] == [
        ("api.example.com", "httpx", "set", 5, "items"),  # the client, with its base URL
        ("api.example.com", "httpx", "set", 6, "items"),  # a relative request on it
        ("hooks.example.com", "requests", "missing", 10, "hook"),
    ]
