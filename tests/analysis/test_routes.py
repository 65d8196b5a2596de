"""HTTP routes from decorators: owners resolved through imports, prefixes through mounts."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse, interfaces_of
from hand_facts import find_component, imp, run, source

from archscribe.model.facts import CallAssignment, MountFact, RouteFact


def _routes(arch: object, component: str) -> list[str]:
    comp = find_component(arch, component)  # type: ignore[arg-type]
    return [f"{i.name} @{i.evidence.cite()}" for i in comp.interfaces if i.kind == "http-route"]


def test_flask_app_and_blueprint_with_prefix() -> None:
    app = source(
        "shop/app.py",
        imp("flask", "Flask", line=1),
        imp("shop.admin", "bp", line=2),
        call_assignments=(CallAssignment("app", "Flask", 4),),
        routes=(RouteFact("app", "route", "/", "index", 6),),
        mounts=(MountFact("app", "register_blueprint", "bp", "/admin", 9),),
    )
    admin = source(
        "shop/admin.py",
        imp("flask", "Blueprint", line=1),
        call_assignments=(CallAssignment("bp", "Blueprint", 3, (("url_prefix", "/staff"),)),),
        routes=(RouteFact("bp", "route", "/users", "users", 5, ("GET", "POST")),),
    )
    arch = run(source("shop/__init__.py"), app, admin)
    assert _routes(arch, "shop") == [
        "GET / @shop/app.py:6",
        "GET /admin/staff/users @shop/admin.py:5",
        "POST /admin/staff/users @shop/admin.py:5",
    ]


def test_fastapi_router_included_with_a_prefix_in_a_factory() -> None:
    main = source(
        "api/main.py",
        imp("fastapi", "FastAPI", line=1),
        imp("api", "items", line=2),
        call_assignments=(CallAssignment("app", "FastAPI", 4),),
        mounts=(MountFact("app", "include_router", "items.router", "/v1", 7),),
    )
    items = source(
        "api/items.py",
        imp("fastapi", "APIRouter", line=1),
        call_assignments=(CallAssignment("router", "APIRouter", 3, (("prefix", "/items"),)),),
        routes=(
            RouteFact("router", "get", "", "list_items", 5),  # "" is the router's own path
            RouteFact("router", "get", "/{item_id}", "read_item", 9),
            RouteFact("router", "post", "", "create", 13, computed=True),
        ),
    )
    arch = run(source("api/__init__.py"), main, items)
    assert _routes(arch, "api") == [
        "GET /v1/items @api/items.py:5",
        "POST /v1/items/{computed} @api/items.py:13",
        "GET /v1/items/{item_id} @api/items.py:9",
    ]


def test_look_alikes_are_no_routes() -> None:
    module = source(
        "tool/cache.py",
        imp("cachetools", "TTLCache", line=1),
        call_assignments=(CallAssignment("cache", "TTLCache", 3),),  # not a framework owner
        routes=(
            RouteFact("cache", "get", "/k", "f", 5),
            RouteFact("app", "get", "/x", "g", 9),  # `app` is bound to nothing here
        ),
        functions=(),
    )
    local = source(
        "tool/web.py",
        call_assignments=(CallAssignment("app", "Flask", 4),),  # Flask defined locally below
        routes=(RouteFact("app", "route", "/y", "h", 7),),
    )
    arch = run(source("tool/__init__.py"), module, local)
    assert _routes(arch, "tool") == []


def test_routes_in_tests_are_not_the_systems() -> None:
    test_app = source(
        "tests/test_app.py",
        imp("flask", "Flask", line=1),
        call_assignments=(CallAssignment("app", "Flask", 3),),
        routes=(RouteFact("app", "route", "/t", "t", 5),),
    )
    arch = run(source("pkg/__init__.py"), test_app)
    assert all(i.kind != "http-route" for c in arch.components for i in c.interfaces)


def test_a_prefix_named_by_a_constant_or_a_settings_attribute_is_followed(
    tmp_path: Path,
) -> None:
    arch = analyse(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/config.py": """\
                from pydantic_settings import BaseSettings

                class Settings(BaseSettings):
                    API_V1_STR: str = "/api/v1"

                settings = Settings()
                """,
            "api/items.py": """\
                from fastapi import APIRouter

                router = APIRouter(prefix="/items")
                ADMIN_PREFIX = "/admin"

                @router.get("/")
                def items(): ...
                """,
            "api/main.py": """\
                from fastapi import FastAPI
                from api.config import settings
                from api import items
                from api.items import ADMIN_PREFIX

                app = FastAPI()
                app.include_router(items.router, prefix=settings.API_V1_STR)
                app.include_router(items.router, prefix=ADMIN_PREFIX)
                app.include_router(items.router, prefix=get_prefix())
                """,
        },
    )
    assert sorted(i.name for i in interfaces_of(arch, "http-route")) == [
        "GET /admin/items/",
        "GET /api/v1/items/",
        "GET /{computed}/items/",  # named, but not found: said, never dropped
    ]
