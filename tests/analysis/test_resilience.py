"""Error handling and resilience: the system's exception hierarchy, handlers resolved to their
web framework (application factories too), retries, circuit breakers, timeouts, fallbacks and
error tracking; never a look-alike the repository defines itself, never a test's."""

from __future__ import annotations

from pathlib import Path

import pytest
from code_repo import analyse
from hand_facts import CATALOGUE, imp, run, source

from archscribe.analysis.code_index import CodeIndex
from archscribe.analysis.resilience import describe_resilience
from archscribe.catalogue import read_toml
from archscribe.catalogue.resilience import parse_resilience_knowledge
from archscribe.errors import InternalError
from archscribe.model.evidence import Evidence
from archscribe.model.facts import CallAssignment, DecoratorFact, FunctionFact
from archscribe.model.semantics import CodeSemantics, ErrorHandler, OutboundCall

WEB = {
    "app/__init__.py": "",
    "app/errors.py": """\
        import requests

        class DomainError(Exception):
            pass

        class NotFound(DomainError):
            pass

        class Gone(NotFound):
            pass

        class UpstreamError(requests.RequestException):
            pass

        class Plain:
            pass

        class Config(SomethingUnknown):
            pass
    """,
    "app/main.py": """\
        import sentry_sdk
        from fastapi import FastAPI
        from fastapi.exceptions import RequestValidationError

        from app.errors import DomainError, NotFound

        sentry_sdk.init(dsn="x")
        app = FastAPI()

        @app.exception_handler(NotFound)
        async def not_found(request, exc):
            return None

        @app.exception_handler(Exception)
        async def crash(request, exc):
            return None

        async def invalid(request, exc):
            return None

        app.add_exception_handler(RequestValidationError, invalid)
    """,
    "app/fake.py": """\
        class Registry:
            def exception_handler(self, error):
                return lambda f: f

        app = Registry()

        @app.exception_handler(KeyError)
        def looks_like_a_handler():
            pass
    """,
    "tests/__init__.py": "",
    "tests/test_x.py": """\
        class FakeError(Exception):
            pass
    """,
}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> CodeSemantics:
    return analyse(tmp_path_factory.mktemp("web"), WEB).semantics


def test_the_exception_hierarchy_is_the_systems_own(web: CodeSemantics) -> None:
    found = {e.name: e.base for e in web.exceptions}
    assert found == {
        "DomainError": "Exception",
        "NotFound": "app.errors.DomainError",
        "Gone": "app.errors.NotFound",
        "UpstreamError": "requests.RequestException",
    }
    assert web.exceptions[0].evidence == Evidence("app/errors.py", 3)


def test_handlers_resolve_to_the_framework_and_say_their_side(web: CodeSemantics) -> None:
    found = {(h.handles, h.side, h.function, h.technology) for h in web.error_handlers}
    assert found == {
        ("NotFound", "client", "not_found", "FastAPI"),
        ("Exception", "server", "crash", "FastAPI"),
        ("RequestValidationError", "client", "invalid", "FastAPI"),
    }


def test_error_tracking(web: CodeSemantics) -> None:
    tracking = [p for p in web.resilience if p.kind == "error-tracking"]
    assert [(p.technology, p.evidence) for p in tracking] == [
        ("Sentry", Evidence("app/main.py", 7))
    ]


FLASK = {
    "shop/__init__.py": """\
        from flask import Flask

        from shop.errors import ShopError

        app = Flask(__name__)

        @app.errorhandler(404)
        def not_found(error):
            return "", 404

        @app.errorhandler(ShopError)
        def shop_error(error):
            return "", 400

        def create_app():
            inner = Flask(__name__)
            inner.register_error_handler(500, crashed)
            return inner

        def crashed(error):
            return "", 500
    """,
    "shop/errors.py": "class ShopError(Exception):\n    pass\n",
    "shop/other.py": """\
        def register_error_handler(code, f):
            pass

        class Thing:
            def register_error_handler(self, code, f):
                pass

        thing = Thing()
        thing.register_error_handler(418, print)
    """,
}


def test_flask_handlers_in_the_module_and_in_a_factory(tmp_path: Path) -> None:
    handlers = analyse(tmp_path, FLASK).semantics.error_handlers
    assert {(h.handles, h.side, h.function) for h in handlers} == {
        ("404", "client", "not_found"),
        ("ShopError", "client", "shop_error"),
        ("500", "server", "crashed"),
    }


def test_a_decorator_on_a_function_nested_in_a_factory() -> None:
    """Should the scanner record decorators of functions nested in an application factory,
    their owner is the factory's own application."""
    main = source(
        "shop/__init__.py",
        imp("flask", "Flask"),
        functions=(FunctionFact("create_app", 3),),
        local_assignments=(CallAssignment("create_app.app", "Flask", 4),),
        decorators=(
            DecoratorFact("create_app.oops", "app.errorhandler", 6, call=True, args=("500",)),
        ),
    )
    handlers = run(main).semantics.error_handlers
    assert handlers == (
        ErrorHandler("500", "server", "Flask", "create_app.oops", Evidence("shop/__init__.py", 6)),
    )


DJANGO = {
    "site/__init__.py": "",
    "site/settings.py": """\
        MIDDLEWARE = ["site.middleware.Catch", "django.middleware.common.CommonMiddleware"]
        REST_FRAMEWORK = {"EXCEPTION_HANDLER": "site.api.errors.api_handler"}
    """,
    "site/urls.py": """\
        from django.urls import path

        urlpatterns = [path("", print)]
        handler404 = "site.views.not_found"
        handler500 = "site.views.crashed"
    """,
    "site/defaults.py": """\
        from django.views import defaults

        handler404 = defaults.page_not_found
    """,
    "site/middleware.py": """\
        class Catch:
            def __init__(self, get_response):
                self.get_response = get_response

            def process_exception(self, request, exception):
                return None

        class Unlisted:
            def process_exception(self, request, exception):
                return None
    """,
}


def test_django_views_drf_handler_and_middleware(tmp_path: Path) -> None:
    handlers = analyse(tmp_path, DJANGO).semantics.error_handlers
    assert {(h.handles, h.side, h.function, h.technology) for h in handlers} == {
        ("404", "client", "not_found", "Django"),
        ("500", "server", "crashed", "Django"),
        ("", "any", "api_handler", "Django REST framework"),
        ("", "any", "Catch.process_exception", "Django"),
    }


POLICIES = {
    "jobs/__init__.py": "",
    "jobs/clients.py": """\
        import backoff
        import dramatiq
        import pybreaker
        import requests
        from celery import shared_task
        from requests.adapters import HTTPAdapter
        from tenacity import retry, stop_after_attempt
        from urllib3.util.retry import Retry

        breaker = pybreaker.CircuitBreaker(fail_max=3)
        spare = pybreaker.CircuitBreaker(fail_max=9)
        http = requests.Session()
        http.mount("https://", HTTPAdapter(max_retries=Retry(total=3)))
        http.mount("http://", HTTPAdapter(max_retries=2))

        @retry(stop=stop_after_attempt(3))
        def charge():
            pass

        @backoff.on_exception(backoff.expo, requests.RequestException, max_tries=4)
        def rates():
            pass

        @breaker
        def prices():
            pass

        @shared_task(autoretry_for=(requests.RequestException,), max_retries=5)
        def run_checks():
            pass

        @shared_task
        def plain_task():
            pass

        @dramatiq.actor(max_retries=3)
        def resize():
            pass

        def fetch(url):
            try:
                return requests.get(url, timeout=3).json()
            except requests.RequestException:
                return {}

        def parse(text):
            try:
                return int(text)
            except ValueError:
                return 0
    """,
    "jobs/lookalike.py": """\
        def retry(**kwargs):
            return lambda f: f

        @retry(stop=3)
        def not_retried():
            pass
    """,
}


def test_retries_breakers_and_fallbacks(tmp_path: Path) -> None:
    patterns = analyse(tmp_path, POLICIES).semantics.resilience
    found = {(p.kind, p.what, p.technology) for p in patterns if p.kind != "timeout"}
    assert found == {
        ("circuit-breaker", "`prices` guarded by `breaker` (fail_max=3)", "pybreaker"),
        ("circuit-breaker", "circuit breaker `spare` (fail_max=9)", "pybreaker"),
        ("retry", "HTTP requests retried (total=3)", "urllib3"),
        ("retry", "HTTP requests retried (max_retries=2)", "requests"),
        ("retry", "`charge` retried (stop=stop_after_attempt(3))", "tenacity"),
        (
            "retry",
            "`rates` retried (backoff.expo, requests.RequestException, max_tries=4)",
            "backoff",
        ),
        (
            "retry",
            "task `run_checks` retried (autoretry_for=[requests.RequestException], max_retries=5)",
            "Celery",
        ),
        ("retry", "task `resize` retried (max_retries=3)", "Dramatiq"),
        (
            "fallback",
            "`fetch` returns a fallback value on `requests.RequestException`",
            "requests",
        ),
        ("fallback", "`parse` returns a fallback value on `ValueError`", ""),
    }
    assert not [p for p in patterns if "not_retried" in p.what or "plain_task" in p.what]


def _call(timeout: str, function: str = "send") -> OutboundCall:
    evidence = Evidence("app/clients.py", 3 if timeout == "set" else 7)
    return OutboundCall("api.example.com", "requests", "http", "app", function, evidence, timeout)


def test_timeouts_come_from_the_outbound_calls_that_set_one() -> None:
    calls = [_call("set"), _call("missing", "other"), _call("")]
    patterns = describe_resilience(CodeIndex([]), CATALOGUE, calls).resilience
    assert [(p.kind, p.what, p.evidence.line) for p in patterns] == [
        ("timeout", "requests call to api.example.com in `send`", 3)
    ]


def test_a_malformed_data_file_is_a_bug_in_archscribe() -> None:
    data = read_toml("resilience.toml")
    parse_resilience_knowledge(data)  # the shipped file reads
    broken = {**data, "decorators": {"tenacity.retry": {"kind": "sleep", "technology": "x"}}}
    with pytest.raises(InternalError, match=r"resilience\.toml"):
        parse_resilience_knowledge(broken)
    with pytest.raises(InternalError, match=r"\[exceptions\]"):
        parse_resilience_knowledge({k: v for k, v in data.items() if k != "exceptions"})


def test_an_error_response_in_an_except_is_error_handling_not_a_fallback(
    tmp_path: Path,
) -> None:
    arch = analyse(
        tmp_path,
        {
            "web/__init__.py": "",
            "web/views.py": """\
                from django.http import HttpResponseBadRequest, JsonResponse

                def verify(request):
                    try:
                        check(request)
                    except ValueError:
                        return HttpResponseBadRequest()

                def flask_view():
                    try:
                        work()
                    except KeyError:
                        return jsonify({"error": "missing"}), 404

                def prices():
                    try:
                        return fetch()
                    except TimeoutError:
                        return CACHED_PRICES
                """,
        },
    )
    fallbacks = [p.what for p in arch.semantics.resilience if p.kind == "fallback"]
    assert fallbacks == ["`prices` returns a fallback value on `TimeoutError`"]
