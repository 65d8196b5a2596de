"""The semantic facts the Python scanner keeps: calls worth keeping (by what the file imports,
never by a look-alike name), class attributes, decorators, except clauses, URL lists and beat
schedules; secrets never kept."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    AttributeFact,
    CallFact,
    DecoratorFact,
    HandlerFact,
    PythonFacts,
    ScheduleFact,
    UrlPatternFact,
    literal,
    literal_prefix,
)
from archscribe.scanners.python_calls import CALLS_MAX
from archscribe.scanners.python_source import scan_python


def scan(source: str) -> PythonFacts:
    return scan_python(textwrap.dedent(source).encode())


def _calls(facts: PythonFacts) -> list[tuple[str, str, bool, bool]]:
    return [(c.callee, c.function, c.in_async, c.in_loop) for c in facts.calls]


def test_calls_through_imported_names_with_their_context() -> None:
    facts = scan(
        """\
        import requests
        import time
        from httpx import AsyncClient as Client

        def fetch(urls):
            for url in urls:
                requests.get(url, timeout=5)
            return [requests.head(u) for u in urls]

        async def slow():
            time.sleep(1)
            time.time()
            async with Client(base_url="https://api.example.com") as client:
                await client.get("/x")

        class Sync:
            def run(self):
                while True:
                    requests.post("https://hooks.example.com/x", json={})
        """
    )
    assert _calls(facts) == [
        ("requests.get", "fetch", False, True),
        ("requests.head", "fetch", False, True),
        ("time.sleep", "slow", True, False),
        ("Client", "slow", True, False),
        ("requests.post", "Sync.run", False, True),
    ]
    get = facts.calls[0]
    assert get.args == ("url",)
    assert get.keywords == (("timeout", "5"),)
    assert facts.calls[3].keywords == (("base_url", '"https://api.example.com"'),)


def test_a_local_name_that_looks_like_a_library_is_not_recorded() -> None:
    facts = scan(
        """\
        requests = []

        def collect(x):
            requests.append(x)
            time.sleep(1)  # time is not imported here
        """
    )
    assert facts.calls == ()


def test_orm_queries_and_registrations_whatever_they_are_called_on() -> None:
    facts = scan(
        """\
        from .models import Check

        def run(session, router, sub):
            for check in Check.objects.filter(active=True):
                Check.objects.create(name=check.name)
                session.execute(check)
            router.register("checks", CheckViewSet)
            sub.add_parser("sync")
            send_alert.delay(1)
            cache.get("k")
        """
    )
    assert _calls(facts) == [
        ("Check.objects.filter", "run", False, False),
        ("Check.objects.create", "run", False, True),
        ("session.execute", "run", False, True),
        ("router.register", "run", False, False),
        ("sub.add_parser", "run", False, False),
        ("send_alert.delay", "run", False, False),
    ]


def test_urls_lose_their_password_and_secrets_their_value() -> None:
    facts = scan(
        """\
        import requests
        from twilio.rest import Client

        def go():
            requests.get("https://bob:hunter2@api.example.com/x", auth=("u", "pw"))
            Client("ACcount", password="s3cret", api_key="k3y")
            requests.post(f"https://u:p@hooks.example.com/{path}")
        """
    )
    shown = repr(facts)
    for hidden in ("hunter2", "bob:", "s3cret", "k3y", "u:p@"):
        assert hidden not in shown
    assert literal(facts.calls[0].args[0]) == "https://api.example.com/x"
    assert literal_prefix(facts.calls[2].args[0]) == "https://hooks.example.com/"


def test_calls_are_capped_per_file() -> None:
    body = "\n".join(f"    requests.get({n})" for n in range(CALLS_MAX + 20))
    facts = scan_python(f"import requests\ndef f():\n{body}\n".encode())
    assert len(facts.calls) == CALLS_MAX


def test_class_attributes_with_their_nested_meta() -> None:
    facts = scan(
        """\
        class Check(models.Model):
            name = models.CharField(max_length=100)
            team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE)
            id: Mapped[int] = mapped_column(primary_key=True)
            SECRET_KEY = "s3cret"
            title: str

            class Meta:
                db_table = "checks"

            def save(self):
                local = 1

            async def refresh(self): ...
        """
    )
    (cls,) = facts.classes
    assert cls.attributes == (
        AttributeFact("name", 2, callee="models.CharField", keywords=(("max_length", "100"),)),
        AttributeFact(
            "team",
            3,
            callee="models.ForeignKey",
            args=('"accounts.Team"',),
            keywords=(("on_delete", "models.CASCADE"),),
        ),
        AttributeFact(
            "id",
            4,
            annotation="Mapped[int]",
            callee="mapped_column",
            keywords=(("primary_key", "True"),),
        ),
        AttributeFact("SECRET_KEY", 5, value="<secret>"),
        AttributeFact("title", 6, annotation="str"),
        AttributeFact("Meta.db_table", 9, value='"checks"'),
    )
    assert cls.methods == ("save", "refresh")


def test_decorators_of_functions_methods_and_classes_but_not_plain_builtins() -> None:
    facts = scan(
        """\
        @shared_task(bind=True, autoretry_for=(RequestException,))
        def run(self): ...

        @strawberry.type
        class Query:
            @property
            def size(self): ...

            @action(detail=True, methods=["post"])
            async def pause(self, request): ...
        """
    )
    assert facts.decorators == (
        DecoratorFact(
            "run",
            "shared_task",
            1,
            call=True,
            keywords=(("bind", "True"), ("autoretry_for", "[RequestException]")),
        ),
        DecoratorFact("Query", "strawberry.type", 4, kind="class"),
        DecoratorFact(
            "Query.pause",
            "action",
            9,
            kind="method",
            call=True,
            keywords=(("detail", "True"), ("methods", '["post"]')),
            is_async=True,
        ),
    )


def test_except_clauses_say_what_they_do_and_import_guards_are_left_out() -> None:
    facts = scan(
        """\
        try:
            import ujson
        except ImportError:
            ujson = None

        def fetch():
            try:
                go()
            except (requests.Timeout, ConnectionError):
                return DEFAULT
            except ValueError:
                raise
            except KeyError as error:
                raise Missing() from error
            except ImportError:
                pass
            except Exception:
                logger.exception("failed")
            except:
                pass
        """
    )
    assert facts.handlers == (
        HandlerFact(
            "fetch", 9, ("requests.Timeout", "ConnectionError"), "return-value", "DEFAULT"
        ),
        HandlerFact("fetch", 11, ("ValueError",), "reraise"),
        HandlerFact("fetch", 13, ("KeyError",), "raise"),
        HandlerFact("fetch", 17, ("Exception",), "log"),
        HandlerFact("fetch", 19, (), "pass"),
    )


def test_url_lists_join_inline_includes_and_keep_handlers() -> None:
    facts = scan(
        """\
        from django.urls import include, path, re_path

        urlpatterns = [
            path("admin/", admin.site.urls),
            path("api/", include("checks.api.urls")),
            path("v1/", include([path("a/", views.a, name="a"), re_path(r"^b/$", views.b)])),
            path(ROUTE, views.dynamic),
        ] + static("/media/")
        urlpatterns += router.urls
        websocket_urlpatterns = [re_path(r"ws/(?P<id>\\d+)/$", Consumer.as_asgi())]
        handler404 = "monitor.views.not_found"
        """
    )
    assert facts.url_patterns == (
        UrlPatternFact("path", "admin/", 4, view="admin.site.urls"),
        UrlPatternFact("path", "api/", 5, include='"checks.api.urls"'),
        UrlPatternFact("path", "v1/a/", 6, view="views.a", name="a"),
        UrlPatternFact("re_path", "v1/b/$", 6, view="views.b"),
        UrlPatternFact("path", "", 7, view="views.dynamic", computed=True),
        UrlPatternFact("include", "", 9, include="router.urls"),
        UrlPatternFact(
            "re_path",
            "ws/(?P<id>\\d+)/$",
            10,
            view="Consumer.as_asgi()",
            variable="websocket_urlpatterns",
        ),
        UrlPatternFact("handler404", "", 11, view='"monitor.views.not_found"'),
    )


def test_starlette_routes_with_a_mount_and_methods() -> None:
    facts = scan(
        """\
        routes = [
            Route("/", home),
            Mount("/api", routes=[Route("/users/{id}", user, methods=["GET", "post"])]),
        ]
        """
    )
    assert [(u.kind, u.route, u.view, u.methods) for u in facts.url_patterns] == [
        ("Route", "/", "home", ()),
        ("Route", "/api/users/{id}", "user", ("GET", "POST")),
    ]


def test_beat_schedules_as_settings_or_app_configuration() -> None:
    facts = scan(
        """\
        CELERY_BEAT_SCHEDULE = {
            "every-minute": {"task": "checks.tasks.run", "schedule": crontab(minute="*/1")},
            "no-task": {"schedule": 30.0},
        }
        app.conf.beat_schedule = {"nightly": dict(task="x.y", schedule=timedelta(hours=24))}
        """
    )
    assert facts.schedules == (
        ScheduleFact("every-minute", "checks.tasks.run", 'crontab(minute="*/1")', 2),
        ScheduleFact("nightly", "x.y", "timedelta(hours=24)", 5),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "import requests",
                "def f():",
                "    for x in y:",
                "        requests.get(x)",
                "    X.objects.filter(a=1)",
                "class C(models.Model):",
                "    a = models.CharField()",
                "    class Meta:",
                "        db_table = 'x'",
                "urlpatterns = [path('a/', v)]",
                "try:",
                "    pass",
                "except Exception:",
                "    return 1",
                "@app.task(bind=True)",
                "async def g():",
                "    time.sleep(1)",
            ]
        ),
        max_size=25,
    )
)
def test_never_raises_on_shuffled_code(lines: list[str]) -> None:
    facts = scan_python("\n".join(lines).encode())
    assert all(isinstance(c, CallFact) and c.line >= 1 for c in facts.calls)


def test_decorators_of_a_function_inside_an_application_factory() -> None:
    facts = scan(
        """\
        def create_app():
            app = Flask(__name__)

            @app.cli.command("seed")
            def seed():
                @inner_only
                def deeper(): ...

            return app
        """
    )
    assert facts.decorators == (
        DecoratorFact("create_app.seed", "app.cli.command", 4, call=True, args=('"seed"',)),
    )


def test_format_and_percent_urls_read_like_f_strings() -> None:
    facts = scan(
        """\
        import requests

        def go(a, b):
            requests.post("https://api.example.com/t?from={}&to={}".format(a, b))
            requests.get("https://h.example.com/%s/x" % a)
        """
    )
    assert [literal_prefix(c.args[0]) for c in facts.calls] == [
        "https://api.example.com/t?from=",
        "https://h.example.com/",
    ]


def test_calls_on_a_client_a_function_makes_name_the_client() -> None:
    facts = scan(
        """\
        import httpx
        import requests

        async def fetch(ids):
            async with httpx.AsyncClient(base_url="https://api.example.com") as client:
                for i in ids:
                    await client.get(f"/items/{i}")
            session = requests.Session()
            session.post("https://hooks.example.com/x")

        def other(client):
            client.get("/not-a-known-client")
        """
    )
    assert _calls(facts) == [
        ("httpx.AsyncClient", "fetch", True, False),
        ("httpx.AsyncClient.get", "fetch", True, True),
        ("requests.Session", "fetch", True, False),
        ("requests.Session.post", "fetch", True, False),
    ]
