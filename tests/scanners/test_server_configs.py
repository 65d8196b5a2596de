"""Server config scanners: nginx, supervisor and systemd bytes in, proxies and programs out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProblemKind,
    ProcessCommand,
    ResourceFact,
    ScanProblem,
    ServiceFact,
)
from archscribe.scanners.server_configs import (
    NGINX_SCANNER,
    SUPERVISOR_SCANNER,
    SYSTEMD_SCANNER,
    scan_nginx,
    scan_supervisor,
    scan_systemd,
)

NGINX = b"""\
# upstream old { server old:1; }
upstream app_server {
    server app:8000 fail_timeout=0;
    server 10.0.0.5:8001;
    server unix:/tmp/gunicorn.sock;
    server db.example.com;
}
upstream api.internal { server localhost:9000; }

server {
    listen 80;
    server_name example.com www.example.com _;
    location / {
        proxy_pass http://app_server;
    }
    location ~ ^/api/(.*)$ {
        if ($http_x) { proxy_pass http://api.internal/v1; }
        add_header X-Brace "} { proxy_pass http://fake;";
    }
    # location /old { proxy_pass http://old; }
    location /ws { proxy_pass http://127.0.0.1:8080/ws; }
    location /ext { proxy_pass https://api.stripe.com:443/; }
    location /py { uwsgi_pass unix:///run/uwsgi.sock; }
    location ~ \\.php$ { fastcgi_pass php:9000; }
}

server {
    listen 10.1.2.3:443 ssl http2;
    listen [::]:443 ssl;
    location /static/ { alias /srv/static/; }
}
"""

SITE = (("listen", "80"), ("server_name", "example.com"), ("server_name", "www.example.com"))


def test_nginx_upstreams_and_proxies() -> None:
    assert scan_nginx(NGINX) == InfraFacts(
        kind="nginx",
        resources=(
            ResourceFact(
                "nginx-upstream",
                "app_server",
                2,
                detail=(
                    ("server", "app:8000"),
                    ("server", "8001"),
                    ("server", "unix:/tmp/gunicorn.sock"),
                ),
            ),
            ResourceFact(
                "nginx-upstream", "api.internal", 8, detail=(("server", "localhost:9000"),)
            ),
            ResourceFact(
                "nginx-proxy", "/", 14, "app_server", (("directive", "proxy_pass"), *SITE)
            ),
            ResourceFact(
                "nginx-proxy",
                "~ ^/api/(.*)$",
                17,
                "api.internal",
                (("directive", "proxy_pass"), *SITE),
            ),
            ResourceFact(
                "nginx-proxy", "/ws", 21, "127.0.0.1:8080", (("directive", "proxy_pass"), *SITE)
            ),
            ResourceFact("nginx-proxy", "/ext", 22, "443", (("directive", "proxy_pass"), *SITE)),
            ResourceFact(
                "nginx-proxy",
                "/py",
                23,
                "unix:/run/uwsgi.sock",
                (("directive", "uwsgi_pass"), *SITE),
            ),
            ResourceFact(
                "nginx-proxy", "~ \\.php$", 24, "php:9000", (("directive", "fastcgi_pass"), *SITE)
            ),
        ),
    )


def test_nginx_not_nginx_and_bad_input() -> None:
    assert scan_nginx(b"") == InfraFacts(kind="")
    assert scan_nginx(b"[program:web]\ncommand=gunicorn app\n") == InfraFacts(kind="")
    assert scan_nginx(b"# server {\n#   location / {}\n# }\n") == InfraFacts(kind="")
    assert scan_nginx(b"proxy_pass http://app;\n") == InfraFacts(kind="")
    unclosed = scan_nginx(b"http {\n  server {\n    location / { proxy_pass http://app:80;\n")
    assert unclosed.resources == (
        ResourceFact("nginx-proxy", "/", 3, "app:80", (("directive", "proxy_pass"),)),
    )
    assert [(p.kind, p.line) for p in unclosed.problems] == [(ProblemKind.MALFORMED, 1)]
    extra = scan_nginx(b"server {\n  listen 80\n}\n}\n")
    assert extra.resources == ()
    assert [(p.line, p.reason) for p in extra.problems] == [
        (2, "directive without ;"),
        (4, "a } that closes no block"),
    ]
    latin = scan_nginx(b"# caf\xe9\nupstream a { server b:1; }\n")
    assert latin.resources == (
        ResourceFact("nginx-upstream", "a", 2, detail=(("server", "b:1"),)),
    )
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    deep = scan_nginx(b"server {" * 5000)
    assert deep.resources == ()
    assert len(deep.problems) == 1


SUPERVISOR = b"""\
; supervisor for the app
[supervisord]
nodaemon=true

[program:web]
command=gunicorn app.wsgi
  --workers 3
numprocs=2 ; two copies
environment=DATABASE_URL="postgres://u:p@db/app",DEBUG="0",SECRET_KEY='abc'

;[program:old]
;command=python old.py

[program:worker]
command: celery -A proj worker -c 4

[fcgi-program:broken]
numprocs=lots

[group:all]
programs=web,worker
"""


def test_supervisor_programs() -> None:
    assert scan_supervisor(SUPERVISOR) == InfraFacts(
        kind="supervisor",
        services=(
            ServiceFact(
                "web",
                5,
                "supervisor-program",
                commands=(
                    ProcessCommand("web", "gunicorn app.wsgi --workers 3", "gunicorn", 6, 3),
                ),
                replicas=2,
                env=(
                    EnvSetting("DATABASE_URL", 9, scheme="postgres", host="db", secret=True),
                    EnvSetting("DEBUG", 9),
                    EnvSetting("SECRET_KEY", 9, secret=True),
                ),
            ),
            ServiceFact(
                "worker",
                14,
                "supervisor-program",
                commands=(
                    ProcessCommand("worker", "celery -A proj worker -c 4", "celery", 15, 4),
                ),
            ),
            ServiceFact("broken", 17, "supervisor-program"),
        ),
        problems=(
            ScanProblem("", ProblemKind.MALFORMED, "numprocs='lots'", 18),
            ScanProblem("", ProblemKind.MALFORMED, "program 'broken' has no command", 17),
        ),
    )


def test_supervisor_not_supervisor_and_bad_input() -> None:
    assert scan_supervisor(b"") == InfraFacts(kind="")
    assert scan_supervisor(b"server {\n  listen 80;\n}\n") == InfraFacts(kind="")
    assert scan_supervisor(b"[mysqld]\nport=3306\n") == InfraFacts(kind="")
    assert scan_supervisor(b"[supervisord]\n[include]\nfiles=conf.d/*.conf\n") == InfraFacts(
        kind="supervisor"
    )
    stray = scan_supervisor(b"command=orphan\n[program:a]\ncommand=run\nnot a line\n")
    assert stray.services == (
        ServiceFact(
            "a", 2, "supervisor-program", commands=(ProcessCommand("a", "run", "run", 3),)
        ),
    )
    assert [p.line for p in stray.problems] == [1, 4]
    binary = scan_supervisor(b"\x00\xff[program:x]\x00")
    assert binary.kind == ""


SYSTEMD = b"""\
[Unit]
Description=Gunicorn daemon for app
After=network.target

[Service]
User=app
Environment="DJANGO_SETTINGS_MODULE=app.settings" REDIS_URL=redis://redis:6379/0
Environment=API_TOKEN=xyz
EnvironmentFile=/etc/app.env
ExecStartPre=/srv/venv/bin/python manage.py migrate
ExecStart=-/srv/venv/bin/gunicorn \\
    --workers 5 app.wsgi
# ExecStart=/bin/old

[Install]
WantedBy=multi-user.target
"""


def test_systemd_service() -> None:
    assert scan_systemd(SYSTEMD) == InfraFacts(
        kind="systemd",
        services=(
            ServiceFact(
                "Gunicorn daemon for app",
                5,
                "systemd-service",
                commands=(
                    ProcessCommand(
                        "ExecStart",
                        "/srv/venv/bin/gunicorn --workers 5 app.wsgi",
                        "gunicorn",
                        11,
                        5,
                    ),
                ),
                env=(
                    EnvSetting("DJANGO_SETTINGS_MODULE", 7),
                    EnvSetting("REDIS_URL", 7, scheme="redis", host="redis"),
                    EnvSetting("API_TOKEN", 8, secret=True),
                ),
            ),
        ),
    )


def test_systemd_drop_in_reset_and_not_a_service() -> None:
    reset = scan_systemd(b"[Service]\nExecStart=/bin/a\nExecStart=\nExecStart=/bin/b --x\n")
    assert reset.services == (
        ServiceFact(
            "", 1, "systemd-service", commands=(ProcessCommand("ExecStart", "/bin/b --x", "b", 4),)
        ),
    )
    assert scan_systemd(b"") == InfraFacts(kind="")
    assert scan_systemd(b"[D-BUS Service]\nName=org.x\nExec=/bin/x\n") == InfraFacts(kind="")
    assert scan_systemd(b"[Timer]\nOnCalendar=daily\n") == InfraFacts(kind="")
    quoted = scan_systemd(b'[Service]\nEnvironment="A=unclosed\n')
    assert quoted.services[0].env == (EnvSetting("A", 2),)
    latin = scan_systemd(b"[Service]\nExecStart=/bin/caf\xe9\n")
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    assert latin.services[0].commands[0].program == "caf\ufffd"


def test_scanner_identity() -> None:
    names = [scanner.name for scanner in (NGINX_SCANNER, SUPERVISOR_SCANNER, SYSTEMD_SCANNER)]
    assert names == ["nginx", "supervisor", "systemd"]
    for scanner in (NGINX_SCANNER, SUPERVISOR_SCANNER, SYSTEMD_SCANNER):
        assert scanner.version == 2  # 2: URLs with interpolated passwords, more worker flags
        assert scanner.fact_type is InfraFacts


_PIECES = [
    "server {",
    "upstream u {",
    "location / {",
    "}",
    "{",
    ";",
    "proxy_pass http://a:b:c/;",
    "proxy_pass unix:;",
    "listen ;",
    "server ;",
    '"',
    "'",
    "${x",
    "[program:x]",
    "[Service]",
    "command=",
    "numprocs=9",
    "ExecStart=\\",
    "Environment='",
    "environment=A=",
    "  continued",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=25),
    raw=st.binary(max_size=200),
)
def test_server_config_scanners_never_raise(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        for scan, kind in ((scan_nginx, "nginx"), (scan_supervisor, "supervisor")):
            facts = scan(data)
            assert facts.kind in ("", kind)
            assert all(p.path == "" for p in facts.problems)
        facts = scan_systemd(data)
        assert facts.kind in ("", "systemd")
        assert all(p.path == "" for p in facts.problems)
