"""Routes declared in URL lists and route tables: Django URLconfs and REST framework routers,
Starlette, aiohttp, Falcon, Tornado, ``add_url_rule``/``add_api_route``; application factories
of the decorator-route detector; and the look-alikes none of them may report."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.analysis.web_routes_values import list_items, parse_value, string_list
from archscribe.model.architecture import Architecture

_KINDS = ("http-route", "websocket")


def _routes(arch: Architecture, detail: bool = False) -> list[str]:
    """``METHOD /path @file:line`` of every route of every component, sorted."""
    return sorted(
        f"{i.name} @{i.evidence.cite()}" + (f" ({i.detail})" if detail else "")
        for c in arch.components
        for i in c.interfaces
        if i.kind in _KINDS
    )


def _names(arch: Architecture) -> set[str]:
    return {i.name for c in arch.components for i in c.interfaces if i.kind in _KINDS}


def _test_names(arch: Architecture) -> set[str]:
    return {i.name for i in arch.test_interfaces if i.kind in _KINDS}


# --- Django -------------------------------------------------------------------------------

_DJANGO = {
    "site/__init__.py": "",
    "site/settings.py": 'ROOT_URLCONF = "site.urls"\n',
    "site/urls.py": """
        from django.contrib import admin
        from django.urls import include, path, re_path

        from site import views

        urlpatterns = [
            path("admin/", admin.site.urls),
            path("blog/", include("blog.urls")),
            path("auth/", include("allauth.urls")),
            path("", views.home, name="home"),
            re_path(r"^legacy/(?P<code>\\w+)/$", views.legacy),
            path("v/", include([path("one/", views.home)])),
        ]
        handler404 = "site.views.not_found"
    """,
    "site/views.py": """
        from django.views.decorators.http import require_http_methods, require_POST

        def home(request):
            return None

        @require_POST
        def legacy(request, code):
            return None

        @require_http_methods(["get", "PUT"])
        def edit(request):
            return None

        def not_found(request, exception):
            return None
    """,
    "blog/__init__.py": "",
    "blog/urls.py": """
        from django.urls import path, re_path

        from blog import views
        from blog.views import ArchiveView, EntryView, LogoutOnly, PostView

        urlpatterns = [
            path("", PostView.as_view(), name="posts"),
            path("<int:pk>/", EntryView.as_view()),
            path("archive/", ArchiveView.as_view()),
            path("edit/", views.edit),
            re_path(r"^out/$", LogoutOnly.as_view()),
        ]
    """,
    "blog/views.py": """
        from django.contrib.auth.views import LoginView
        from django.views import View
        from django.views.generic import TemplateView

        from site.views import edit

        class PostView(View):
            def get(self, request):
                return None

            def post(self, request):
                return None

        class EntryView(LoginView):
            template_name = "entry.html"

        class ArchiveView(TemplateView):
            template_name = "archive.html"

        class LogoutOnly(PostView):
            http_method_names = ["post", "options"]
    """,
    "chat/__init__.py": "",
    "chat/routing.py": """
        from django.urls import re_path

        from chat import consumers

        websocket_urlpatterns = [re_path(r"ws/room/(?P<name>\\w+)/$", consumers.Room.as_asgi())]
    """,
    "chat/consumers.py": """
        from channels.generic.websocket import AsyncWebsocketConsumer

        class Room(AsyncWebsocketConsumer):
            async def receive(self, text_data=None, bytes_data=None):
                return None
    """,
    "chat/urls.py": """
        from django.urls import path

        from chat import views

        urlpatterns = [path("lobby/", views.lobby)]
    """,
    "chat/views.py": "def lobby(request):\n    return None\n",
}


def test_django_urlconf_followed_from_the_root_with_views_methods(tmp_path: Path) -> None:
    arch = analyse(tmp_path, _DJANGO)
    assert _routes(arch, detail=True) == [
        "ANY / @site/urls.py:11 (views.home)",
        "ANY /admin/ @site/urls.py:8 (Django admin)",
        'ANY /auth/ @site/urls.py:10 (include("allauth.urls"), outside the repository)',
        "ANY /blog/<int:pk>/ @blog/urls.py:9 (EntryView)",  # LoginView: methods not told
        "ANY /lobby/ @chat/urls.py:6 (views.lobby)",  # included by nothing: its own paths
        "ANY /v/one/ @site/urls.py:13 (views.home)",  # an inline include([...])
        "GET /blog/ @blog/urls.py:8 (PostView)",
        "GET /blog/archive/ @blog/urls.py:10 (ArchiveView)",  # TemplateView answers GET
        "GET /blog/edit/ @blog/urls.py:11 (views.edit)",
        "POST /blog/ @blog/urls.py:8 (PostView)",
        "POST /blog/out/ @blog/urls.py:12 (LogoutOnly)",  # http_method_names keeps POST
        "POST /legacy/(?P<code>\\w+)/ @site/urls.py:12 (views.legacy)",
        "PUT /blog/edit/ @blog/urls.py:11 (views.edit)",
        "WS /ws/room/(?P<name>\\w+)/ @chat/routing.py:6 (Room)",
    ]
    kinds = {i.name: i.kind for c in arch.components for i in c.interfaces}
    assert kinds["WS /ws/room/(?P<name>\\w+)/"] == "websocket"
    assert not any("not_found" in r for r in _routes(arch, detail=True))  # handler404


def test_django_look_alikes_and_cycles(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "pages/__init__.py": "",
            # a static-site builder's own path() helper, and os.path
            "pages/builder.py": """
                def path(route, view):
                    return (route, view)

                def render():
                    return ""

                urlpatterns = [path("x", render), path("about/", render)]
            """,
            "pages/other.py": """
                from os import path

                urlpatterns = [path("y/", print)]
            """,
            # include() that is not Django's
            "pages/fake.py": """
                from django.urls import path

                def include(name):
                    return name

                urlpatterns = [path("inc/", include("pages.loop_a"))]
            """,
            # two URLconfs including each other: followed once, never around
            "pages/loop_a.py": """
                from django.urls import include, path

                urlpatterns = [
                    path("a/", include("pages.loop_b")),
                    path("e/", include("pages.no")),
                ]
            """,
            "pages/no.py": "from django.urls import path\n\nurlpatterns = []\n",  # no routes
            "pages/loop_b.py": """
                from django.urls import include, path

                from pages import builder

                urlpatterns = [
                    path("b/", include("pages.loop_a")),
                    path("end/", builder.render),
                    path("d/", include("sub.deep")),  # named from a folder on the import path
                ]
            """,
            "pages/sub/__init__.py": "",
            "pages/sub/deep.py": """
                from django.urls import path

                urlpatterns = [path("deep/", print)]
            """,
        },
    )
    names = _names(arch)
    assert not {n for n in names if "/x" in n or "about" in n or "/y/" in n or "/inc/" in n}
    assert names == {"ANY /a/end/", "ANY /a/d/deep/"}  # the cycle entered once, at loop_a


# --- Django REST framework ----------------------------------------------------------------

_DRF_VIEWS = """
    from rest_framework import mixins, viewsets
    from rest_framework.decorators import action

    class ItemViewSet(viewsets.ModelViewSet):
        lookup_field = "code"

        @action(detail=True, methods=["post", "delete"], url_path="hold-on")
        def pause(self, request, code=None):
            return None

        @action(detail=False)
        def recent(self, request):
            return None

    class LogViewSet(viewsets.ReadOnlyModelViewSet):
        pass

    class TagViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
        def list(self, request):
            return None

    class Base(viewsets.ViewSet):
        def destroy(self, request, pk=None):
            return None

    class NoteViewSet(Base):
        pass
"""


def test_drf_router_actions_mounted_where_the_urlconf_includes_them(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/views.py": _DRF_VIEWS,
            "api/urls.py": """
                from django.urls import include, path
                from rest_framework.routers import DefaultRouter, SimpleRouter

                from api.views import ItemViewSet, LogViewSet, TagViewSet
                from api import views

                router = DefaultRouter()
                router.register(r"items", ItemViewSet, basename="item")
                router.register("logs", LogViewSet)

                plain = SimpleRouter()
                plain.register("tags", TagViewSet)

                urlpatterns = [path("api/", include(router.urls))]
                urlpatterns += plain.urls
            """,
            "api/extra.py": """
                from rest_framework.routers import SimpleRouter

                from api.views import NoteViewSet

                lonely = SimpleRouter()
                lonely.register("notes", NoteViewSet)
                lonely.register("ext", ExternalViewSet)
            """,
            "api/admin.py": """
                from django.contrib import admin

                from api.views import Base

                admin.site.register(Base)
            """,
        },
    )
    assert _routes(arch, detail=True) == [
        "ANY /ext/ @api/extra.py:8 (ExternalViewSet (viewset not analysed))",
        "DELETE /api/items/{code}/ @api/urls.py:9 (ItemViewSet.destroy)",
        "DELETE /api/items/{code}/hold-on/ @api/urls.py:9 (ItemViewSet.pause)",
        "DELETE /notes/{pk}/ @api/extra.py:7 (NoteViewSet.destroy)",  # mounted nowhere
        "GET /api/ @api/urls.py:8 (API root)",
        "GET /api/items/ @api/urls.py:9 (ItemViewSet.list)",
        "GET /api/items/recent/ @api/urls.py:9 (ItemViewSet.recent)",
        "GET /api/items/{code}/ @api/urls.py:9 (ItemViewSet.retrieve)",
        "GET /api/logs/ @api/urls.py:10 (LogViewSet.list)",
        "GET /api/logs/{pk}/ @api/urls.py:10 (LogViewSet.retrieve)",
        "GET /tags/ @api/urls.py:13 (TagViewSet.list)",  # += plain.urls, no API root
        "PATCH /api/items/{code}/ @api/urls.py:9 (ItemViewSet.partial_update)",
        "POST /api/items/ @api/urls.py:9 (ItemViewSet.create)",
        "POST /api/items/{code}/hold-on/ @api/urls.py:9 (ItemViewSet.pause)",
        "POST /tags/ @api/urls.py:13 (TagViewSet.create)",
        "PUT /api/items/{code}/ @api/urls.py:9 (ItemViewSet.update)",
    ]


def test_drf_look_alikes_register_nothing(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/urls.py": """
                from django.contrib import admin
                from django.urls import path

                class DefaultRouter:
                    def register(self, prefix, viewset):
                        return None

                router = DefaultRouter()  # a local class, not DRF's
                router.register("fake", object)
                admin.site.register(object)
                registry = {}
                registry.register("nothing", object)

                urlpatterns = [path("", router.urls)]
            """,
        },
    )
    assert all("fake" not in n and "nothing" not in n for n in _names(arch))


# --- Starlette ----------------------------------------------------------------------------


def test_starlette_route_lists(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "web/__init__.py": "",
            "web/app.py": """
                from starlette.applications import Starlette
                from starlette.endpoints import HTTPEndpoint
                from starlette.routing import Mount, Route, WebSocketRoute
                from starlette.staticfiles import StaticFiles

                async def home(request):
                    return None

                class Users(HTTPEndpoint):
                    async def get(self, request):
                        return None

                    async def delete(self, request):
                        return None

                routes = [
                    Route("/", home),
                    Route("/form", home, methods=["GET", "POST"]),
                    Mount("/api", routes=[Route("/users/{id}", Users)]),
                    Mount("/static", app=StaticFiles(directory="static")),
                    WebSocketRoute("/ws", home),
                ]
                app = Starlette(routes=routes)
                app.add_route("/added", home, methods=["PUT"])

                @app.route("/legacy")
                async def legacy(request):
                    return None
            """,
            "web/lookalike.py": """
                from collections import namedtuple

                Route = namedtuple("Route", "path view")
                routes = [Route("/nope", print)]
            """,
        },
    )
    assert _routes(arch, detail=True) == [
        "ANY /static @web/app.py:21 (mounts StaticFiles)",
        "DELETE /api/users/{id} @web/app.py:20 (Users)",
        "GET / @web/app.py:18 (home)",
        "GET /api/users/{id} @web/app.py:20 (Users)",
        "GET /form @web/app.py:19 (home)",
        "GET /legacy @web/app.py:27 ()",  # Starlette's own route decorator
        "POST /form @web/app.py:19 (home)",
        "PUT /added @web/app.py:25 (home)",
        "WS /ws @web/app.py:22 (home)",
    ]


# --- aiohttp, Falcon, Tornado -------------------------------------------------------------


def test_aiohttp_tables_decorators_and_route_functions(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "aio/__init__.py": "",
            "aio/app.py": """
                from aiohttp import web

                routes = web.RouteTableDef()

                @routes.get("/")
                async def index(request):
                    return None

                @routes.route("POST", "/method-first")
                async def method_first(request):
                    return None

                async def health(request):
                    return None

                class Things(web.View):
                    async def get(self):
                        return None

                    async def post(self):
                        return None

                def make_app():
                    app = web.Application()
                    app.add_routes(routes)
                    app.router.add_get("/health", health)
                    app.router.add_route("*", "/any", health)
                    app.router.add_view("/things", Things)
                    app.add_routes([web.post("/ping", health)])
                    return app
            """,
            "aio/fake.py": """
                class Table:
                    def add_get(self, path, handler):
                        return None

                def build():
                    app = Table()
                    app.router.add_get("/fake", print)
            """,
        },
    )
    assert _routes(arch) == [
        "ANY /any @aio/app.py:28",
        "GET / @aio/app.py:6",
        "GET /health @aio/app.py:27",
        "GET /things @aio/app.py:29",
        "POST /ping @aio/app.py:30",
        "POST /things @aio/app.py:29",
    ]


def test_falcon_resources_and_tornado_handlers(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "fal/__init__.py": "",
            "fal/app.py": """
                import falcon

                class Things:
                    def on_get(self, req, resp):
                        return None

                    def on_post(self, req, resp):
                        return None

                    def on_get_item(self, req, resp, tid):
                        return None

                    def on_delete_item(self, req, resp, tid):
                        return None

                things = Things()
                app = falcon.App()
                app.add_route("/things", things)
                app.add_route("/things/{tid}", Things(), suffix="item")
            """,
            "fal/site.py": """
                class SiteMap:
                    def add_route(self, route, render):
                        return None

                sitemap = SiteMap()
                sitemap.add_route("/changelog", print)
            """,
            "tor/__init__.py": "",
            "tor/app.py": """
                import tornado.web
                from tornado.web import url

                class Main(tornado.web.RequestHandler):
                    def get(self):
                        return None

                class Story(tornado.web.RequestHandler):
                    def get(self, sid):
                        return None

                    def put(self, sid):
                        return None

                def make_app():
                    return tornado.web.Application([
                        (r"/", Main),
                        url(r"/story/([0-9]+)$", Story, name="story"),
                        (r"/static/(.*)", tornado.web.StaticFileHandler, {"path": "s"}),
                    ])
            """,
            "tor/fake.py": """
                class Application:
                    def __init__(self, handlers):
                        self.handlers = handlers

                def make():
                    return Application([("/fake", object)])
            """,
        },
    )
    assert _routes(arch, detail=True) == [
        "DELETE /things/{tid} @fal/app.py:20 (Things)",
        "GET / @tor/app.py:17 (Main)",
        "GET /static/(.*) @tor/app.py:17 (StaticFileHandler)",
        "GET /story/([0-9]+) @tor/app.py:17 (Story)",
        "GET /things @fal/app.py:19 (things)",
        "GET /things/{tid} @fal/app.py:20 (Things)",
        "HEAD /static/(.*) @tor/app.py:17 (StaticFileHandler)",
        "POST /things @fal/app.py:19 (things)",
        "PUT /story/([0-9]+) @tor/app.py:17 (Story)",
    ]


# --- Flask and FastAPI: add_url_rule, add_api_route, application factories ----------------


def test_flask_factory_blueprints_and_add_url_rule(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "shop/__init__.py": """
                from flask import Flask

                def create_app():
                    app = Flask(__name__)

                    from shop.auth import auth_bp

                    app.register_blueprint(auth_bp, url_prefix="/auth")

                    @app.route("/")
                    def index():
                        return ""

                    app.add_url_rule("/health", "health", index)
                    return app

                def unrelated():
                    app = {}
                    return app
            """,
            "shop/auth.py": """
                from flask import Blueprint
                from flask.views import MethodView

                auth_bp = Blueprint("auth", __name__, url_prefix="/in")

                @auth_bp.route("/login", methods=["GET", "POST"])
                def login():
                    return ""

                class Profile(MethodView):
                    def get(self):
                        return ""

                    def patch(self):
                        return ""

                auth_bp.add_url_rule("/profile", view_func=Profile.as_view("profile"))
                auth_bp.add_url_rule("/out", view_func=login, methods=["POST"])
            """,
            "shop/cache.py": """
                class Cache:
                    def add_url_rule(self, rule, view_func=None):
                        return None

                cache = Cache()
                cache.add_url_rule("/cached", view_func=print)
            """,
        },
    )
    assert _routes(arch) == [
        "GET / @shop/__init__.py:11",  # a route on a function nested in the factory
        "GET /auth/in/login @shop/auth.py:7",  # imported inside create_app(), mounted there
        "GET /auth/in/profile @shop/auth.py:18",
        "GET /health @shop/__init__.py:15",
        "PATCH /auth/in/profile @shop/auth.py:18",
        "POST /auth/in/login @shop/auth.py:7",
        "POST /auth/in/out @shop/auth.py:19",
    ]


def test_fastapi_add_api_route_under_the_routers_prefixes(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/main.py": """
                from fastapi import FastAPI

                from api.items import router

                app = FastAPI()
                app.include_router(router, prefix="/v1")
                app.add_api_websocket_route("/feed", print)
            """,
            "api/items.py": """
                from fastapi import APIRouter

                router = APIRouter(prefix="/items")

                async def list_items():
                    return []

                router.add_api_route("/", list_items, methods=["GET", "HEAD"])
                router.add_api_route("/count", list_items)
            """,
        },
    )
    assert _routes(arch) == [
        "GET /v1/items/ @api/items.py:9",
        "GET /v1/items/count @api/items.py:10",
        "HEAD /v1/items/ @api/items.py:9",
        "WS /feed @api/main.py:8",
    ]


# --- tests apart, and the whole thing deterministic ----------------------------------------


def test_routes_of_test_modules_are_reported_apart(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/urls.py": """
                from django.urls import path

                from app import views

                urlpatterns = [path("real/", views.real)]
            """,
            "app/views.py": "def real(request):\n    return None\n",
            "tests/__init__.py": "",
            "tests/urls.py": """
                from django.urls import include, path

                from app import views

                urlpatterns = [path("only-test/", views.real), path("x/", include("app.urls"))]
            """,
            "tests/test_app.py": """
                import falcon

                def test_it():
                    app = falcon.App()
                    app.add_route("/probe", object())
            """,
        },
    )
    assert _names(arch) == {"ANY /real/"}
    assert _test_names(arch) == {"ANY /only-test/", "ANY /probe"}


# --- value texts ---------------------------------------------------------------------------


def test_value_texts_read_back() -> None:
    node = parse_value('[url("/x", H, name="n"), ["/a,b]", B, {…}], …]')
    assert node is not None and node.kind == "list" and len(node.items) == 3
    call = node.items[0]
    assert (call.kind, call.text, [i.text for i in call.items]) == ("call", "url", ["/x", "H"])
    assert call.keyword("name") is not None
    assert [i.text for i in node.items[1].items] == ["/a,b]", "B", "{…}"]
    assert string_list('["get", "POST"]') == ("get", "POST")
    assert string_list('"GET"') == ("GET",)
    assert string_list("METHODS") == ()
    # cut short: only the items read whole
    assert len(list_items('[["/", Main], ["/story/([0-9]+)", Sto…')) == 1
    assert parse_value('["/", Main') is not None  # a list cut short is still a list
    assert parse_value('"unclosed') is None


_ROUTE_TEXT = st.text(
    alphabet=st.sampled_from(list("abz019/_-.()[]{}^$+*?\\,:<> ")), min_size=1, max_size=24
)
_HANDLER = st.from_regex(r"[A-Z][a-zA-Z0-9_]{0,10}(\.[A-Z][a-zA-Z0-9_]{0,8})?", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_ROUTE_TEXT, _HANDLER), min_size=1, max_size=15))
def test_a_tornado_handler_list_reads_back_as_the_scanner_writes_it(
    pairs: list[tuple[str, str]],
) -> None:
    import ast

    from archscribe.scanners.python_values import value_text

    source = "[" + ", ".join(f"({route!r}, {handler})" for route, handler in pairs) + "]"
    text = value_text(ast.parse(source, mode="eval").body, 1)
    read = [
        (item.items[0].text, item.items[1].text)
        for item in list_items(text)
        if item.kind == "list" and len(item.items) == 2
    ]
    # every pair read whole is right, in order; a cut text or a long list loses the rest only
    assert read == pairs[: len(read)]
    if not text.endswith("…") and len(pairs) <= 12:
        assert read == pairs


def test_a_list_of_the_same_module_included_under_several_prefixes(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/views.py": "def pause(request): ...\n",
            "api/urls.py": """\
                from django.urls import include, path
                from api import views

                api_urls = [path("checks/<uuid:code>/pause", views.pause)]

                urlpatterns = [
                    path("api/v1/", include(api_urls)),
                    path("api/v2/", include(api_urls)),
                ]
                """,
        },
    )
    assert _names(arch) == {
        "ANY /api/v1/checks/<uuid:code>/pause",
        "ANY /api/v2/checks/<uuid:code>/pause",
    }  # never also on its own path, as if nothing included it
