"""Routes and mounts in Python source: text in, RouteFact/MountFact facts out (read during the
python scan), and the string keywords of call assignments."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import CallAssignment, MountFact, PythonFacts, RouteFact
from archscribe.scanners.python_routes import ROUTES_MAX
from archscribe.scanners.python_source import scan_python


def scan(source: str) -> PythonFacts:
    """Scan dedented source text, encoded as UTF-8."""
    return scan_python(textwrap.dedent(source).encode("utf-8"))


# --- Flask ---------------------------------------------------------------------------------

FLASK_APP = """\
from flask import Blueprint, Flask

app = Flask(__name__)
admin = Blueprint("admin", __name__, url_prefix="/admin", template_folder=TEMPLATES)


@app.route("/")
def index():
    return "hello"


@admin.route("/users", methods=["get", "POST"])
@login_required
def users():
    return "users"


app.register_blueprint(admin, url_prefix="/admin")
"""


def test_flask_app_blueprint_routes_and_mount() -> None:
    facts = scan_python(FLASK_APP.encode())
    assert facts.call_assignments == (
        CallAssignment(target="app", callee="Flask", line=3),
        CallAssignment(
            target="admin", callee="Blueprint", line=4, keywords=(("url_prefix", "/admin"),)
        ),
    )
    assert facts.routes == (
        RouteFact(owner="app", verb="route", path="/", function="index", line=7),
        RouteFact(
            owner="admin",
            verb="route",
            path="/users",
            function="users",
            line=12,
            methods=("GET", "POST"),
        ),
    )
    assert facts.mounts == (
        MountFact(
            owner="app", method="register_blueprint", mounted="admin", prefix="/admin", line=18
        ),
    )


# --- FastAPI -------------------------------------------------------------------------------

FASTAPI_APP = """\
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/items/{item_id}")
async def read_item(item_id: int):
    return {"id": item_id}


@router.api_route(path="/both", methods=("get", "put"))
async def both():
    return {}


def create_app() -> FastAPI:
    app = FastAPI()
    if DEBUG:
        app.include_router(debug.router)
    app.include_router(router, prefix="/api")
    return app
"""


def test_fastapi_router_routes_and_include_router_in_a_factory() -> None:
    facts = scan_python(FASTAPI_APP.encode())
    assert facts.call_assignments == (
        CallAssignment(
            target="router", callee="APIRouter", line=3, keywords=(("prefix", "/items"),)
        ),
    )
    assert facts.routes == (
        RouteFact(
            owner="router", verb="get", path="/items/{item_id}", function="read_item", line=6
        ),
        RouteFact(
            owner="router",
            verb="api_route",
            path="/both",
            function="both",
            line=11,
            methods=("GET", "PUT"),
        ),
    )
    assert facts.mounts == (
        MountFact(
            owner="app",
            method="include_router",
            mounted="debug.router",
            prefix="",
            line=19,
            function="create_app",
        ),
        MountFact(
            owner="app",
            method="include_router",
            mounted="router",
            prefix="/api",
            line=20,
            function="create_app",
        ),
    )


def test_mount_takes_its_prefix_and_mounted_app_by_position() -> None:
    facts = scan("""\
        app.mount("/static", StaticFiles(directory="static"), name="static")
        app.mount("/sub", subapp)
        app.mount(STATIC, app=files.StaticFiles())
        """)
    assert facts.mounts == (
        MountFact(owner="app", method="mount", mounted="StaticFiles", prefix="/static", line=1),
        MountFact(owner="app", method="mount", mounted="subapp", prefix="/sub", line=2),
        MountFact(
            owner="app",
            method="mount",
            mounted="files.StaticFiles",
            prefix="",
            line=3,
            prefix_value="STATIC",  # not a literal: kept as written
        ),
    )


def test_mounts_in_module_level_blocks_at_any_depth() -> None:
    facts = scan("""\
        try:
            app.include_router(extra, prefix=PREFIX)
        except ImportError:
            pass
        with suppress(Exception):
            api.v1.register_blueprint(bp)
        for plugin in PLUGINS:
            if plugin.enabled:
                app.include_router(plugin.router)
        """)
    assert facts.mounts == (
        MountFact(
            owner="app",
            method="include_router",
            mounted="extra",
            prefix="",
            line=2,
            prefix_value="PREFIX",
        ),
        MountFact(owner="api.v1", method="register_blueprint", mounted="bp", prefix="", line=6),
        MountFact(
            owner="app", method="include_router", mounted="plugin.router", prefix="", line=9
        ),
    )


# --- methods, paths, decorators --------------------------------------------------------------


def test_a_method_of_a_top_level_class_is_named_class_dot_method() -> None:
    facts = scan("""\
        class ItemViews:
            @api.v1.post("/items", methods=[METHOD, "post"])
            def create(self):
                ...

            def helper(self):
                @app.get("/nested")
                def inner(): ...
        """)
    assert facts.routes == (
        RouteFact(
            owner="api.v1",
            verb="post",
            path="/items",
            function="ItemViews.create",
            line=2,
            methods=("POST",),
        ),
    )


def test_a_non_literal_path_is_empty_and_computed() -> None:
    facts = scan("""\
        @app.get(PATH)
        def computed(): ...

        @app.get("")
        def empty_literal(): ...

        @app.route(rule="/by-keyword")
        def keyword(): ...

        @app.websocket()
        def no_path(): ...
        """)
    assert [(r.path, r.computed, r.function) for r in facts.routes] == [
        ("", True, "computed"),
        ("", False, "empty_literal"),
        ("/by-keyword", False, "keyword"),
        ("", False, "no_path"),
    ]


def test_look_alikes_are_not_routes() -> None:
    facts = scan("""\
        @route("/x")
        def bare_name(): ...

        @app.get
        def not_a_call(): ...

        @app.fetch("/x")
        def not_a_verb(): ...

        @get_app().get("/x")
        def owner_is_no_dotted_name(): ...

        class Outer:
            class Inner:
                @app.get("/inner")
                def method(self): ...
        """)
    assert facts.routes == ()


def test_any_object_with_a_verb_method_is_recorded() -> None:
    # ``cache.get("k")`` has a route's shape: it is recorded with owner "cache", and the
    # analysis decides through the imports whether ``cache`` is a framework object at all.
    facts = scan("""\
        @cache.get("k")
        def cached(): ...
        """)
    assert facts.routes == (
        RouteFact(owner="cache", verb="get", path="k", function="cached", line=1),
    )


def test_mounts_in_nested_functions_and_methods_are_not_recorded() -> None:
    facts = scan("""\
        def create_app():
            def register():
                def really():
                    app.include_router(router)
                app.include_router(router)
            register()

        class Setup:
            app.include_router(router)

            def run(self):
                app.include_router(router)

        x = app.include_router(router)
        await app.include_router(router)
        get_app().include_router(router)
        """)
    assert facts.mounts == ()


def test_routes_are_capped_per_file() -> None:
    source = "".join(f"@app.get('/r{i}')\ndef r{i}(): ...\n" for i in range(ROUTES_MAX + 5))
    facts = scan_python(source.encode())
    assert len(facts.routes) == ROUTES_MAX
    assert facts.routes[-1].path == f"/r{ROUTES_MAX - 1}"


# --- call assignment keywords ----------------------------------------------------------------


def test_call_assignment_keywords_keep_short_string_literals_only() -> None:
    long_value = "x" * 201
    facts = scan(f"""\
        bp = Blueprint("b", __name__, url_prefix="/b", static_folder=STATIC, **extra,
                       subdomain="api", description="{long_value}", strict=False)
        router: APIRouter = APIRouter(prefix="/r")
        """)
    assert facts.call_assignments == (
        CallAssignment(
            target="bp",
            callee="Blueprint",
            line=1,
            keywords=(("url_prefix", "/b"), ("subdomain", "api")),
        ),
        CallAssignment(target="router", callee="APIRouter", line=3, keywords=(("prefix", "/r"),)),
    )


def test_files_without_routes_have_none() -> None:
    facts = scan("""\
        import os

        @functools.cache
        def f(): ...

        class C:
            @property
            def p(self): ...
        """)
    assert facts.routes == ()
    assert facts.mounts == ()


# --- never raises --------------------------------------------------------------------------

_ROUTISH = st.lists(
    st.sampled_from(
        [
            "@app.get('/x')\n",
            "@app.route(PATH, methods=['get', M])\n",
            "@router.post(path=1)\n",
            "@route('/x')\n",
            "@app.get\n",
            "def f():\n",
            "async def g():\n",
            "class C:\n",
            "    @bp.delete()\n",
            "    def m(self): ...\n",
            "    app.include_router(router, prefix='/p')\n",
            "    app.mount()\n",
            "app.mount('/s', StaticFiles(directory='s'))\n",
            "app.register_blueprint(blueprint=bp, url_prefix=1)\n",
            "bp = Blueprint('b', __name__, url_prefix='/b', **kw)\n",
            "if x:\n",
            "try:\n",
            "except Exception:\n",
            "with x:\n",
            "    pass\n",
            "    ...\n",
            "(((\n",
            "\t",
            "\n",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_ROUTISH)
def test_route_like_fragments_never_raise(text: str) -> None:
    facts = scan_python(text.encode("utf-8"))
    assert isinstance(facts, PythonFacts)
    assert len(facts.routes) <= ROUTES_MAX
    assert all(r.owner and r.function for r in facts.routes)
    assert all(m.owner and m.method for m in facts.mounts)


def test_an_application_factory_keeps_its_routes_and_its_local_owner() -> None:
    facts = scan_python(
        textwrap.dedent(
            """\
            from flask import Flask

            def create_app():
                app = Flask(__name__)
                cache = {}

                @app.route("/")
                def index():
                    @app.route("/nested/twice")  # two levels down: not read
                    def inner(): ...
                    return "ok"

                return app
            """
        ).encode()
    )
    assert [(r.owner, r.path, r.function, r.line) for r in facts.routes] == [
        ("app", "/", "create_app.index", 7)
    ]
    assert [(a.target, a.callee, a.line) for a in facts.local_assignments] == [
        ("create_app.app", "Flask", 4)
    ]
