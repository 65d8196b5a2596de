"""The routing knowledge: URL-list entries, view methods, REST framework routers and actions,
route tables and registration methods, as data."""

from __future__ import annotations

import copy

import pytest

from archscribe.catalogue import read_toml
from archscribe.catalogue.routing import (
    DrfAction,
    Registration,
    UrlEntry,
    parse_routing,
    routing_knowledge,
)
from archscribe.errors import InternalError


def test_the_shipped_file_loads_with_the_common_frameworks() -> None:
    knowledge = routing_knowledge()
    assert knowledge.url_entries["django.urls.re_path"] == UrlEntry("route", True, "ANY")
    assert knowledge.url_entries["starlette.routing.WebSocketRoute"].role == "websocket"
    assert "django.urls.include" in knowledge.includes
    assert "django.contrib.admin.site.urls" in knowledge.admin_urls
    assert knowledge.root_setting == "ROOT_URLCONF"
    assert knowledge.view_decorators["django.views.decorators.http.require_POST"] == ("POST",)
    assert knowledge.class_views["django.views.generic.TemplateView"] == ("GET",)
    assert knowledge.handler_methods["delete"] == "DELETE"
    assert knowledge.method_attributes == {"methods": "declare", "http_method_names": "restrict"}
    assert knowledge.routers == {
        "rest_framework.routers.DefaultRouter": True,
        "rest_framework.routers.SimpleRouter": False,
    }
    assert set(knowledge.viewsets["rest_framework.viewsets.ModelViewSet"]) == set(
        knowledge.actions
    )
    assert knowledge.actions["partial_update"] == DrfAction("PATCH", detail=True)
    assert knowledge.action_decorators["rest_framework.decorators.action"] == "keyword"
    assert knowledge.tables["falcon.App"] == "Falcon"
    assert knowledge.registrations["Falcon"]["add_route"] == Registration(
        "path-class", "ANY", "on_"
    )
    assert knowledge.registrations["aiohttp"]["router.add_get"].method == "GET"
    assert knowledge.functions["tornado.web.Application"].style == "handler-list"
    assert "tornado.web.url" in knowledge.handler_list_entries


def test_every_action_a_viewset_gives_is_known() -> None:
    knowledge = routing_knowledge()
    for actions in knowledge.viewsets.values():
        assert set(actions) <= set(knowledge.actions)


def _document() -> dict[str, object]:
    return copy.deepcopy(read_toml("routing.toml"))


def _set(document: dict[str, object], path: str, value: object) -> None:
    *tables, key = path.split("/")
    target: dict[str, object] = document
    for table in tables:
        inner = target[table]
        assert isinstance(inner, dict)
        target = inner
    target[key] = value


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("url-entries/x.path", {"role": "view", "regex": False, "default": "ANY"}, "x.path"),
        ("url-entries/x.path", {"role": "route", "regex": "no", "default": "ANY"}, "x.path"),
        ("url-entries/x.path", {"role": "route", "regex": False}, "x.path"),
        ("view-decorators/x.only", [], "x.only"),
        ("view-decorators/x.only", ["FETCH"], "x.only"),
        ("class-views/x.View", "GET", "x.View"),
        ("handler-methods/fetch", "FETCH", "fetch"),
        ("method-attributes/verbs", "allow", "verbs"),
        ("drf/routers/x.Router", {"api-root": "yes"}, "x.Router"),
        ("drf/actions/x", {"method": "GET"}, "x"),
        ("drf/action-decorators/x.action", "maybe", "x.action"),
        ("tables/x.App", "", "x.App"),
        ("registrations/Flask/add", {"style": "guess", "method": "GET"}, "add"),
        ("registrations/Flask/add", {"style": "path-view", "method": "GET", "extra": 1}, "add"),
        ("functions/x.get", {"style": "path-view", "method": "FETCH"}, "x.get"),
        ("django/includes", "django.urls.include", "includes"),
        ("handler-list", {}, "handler-list"),
    ],
)
def test_a_malformed_entry_names_itself(path: str, value: object, named: str) -> None:
    document = _document()
    _set(document, path, value)
    with pytest.raises(InternalError, match=named.replace(".", r"\.")):
        parse_routing(document)


def test_a_missing_table_is_named() -> None:
    document = _document()
    del document["tables"]
    with pytest.raises(InternalError, match=r"\[tables\]"):
        parse_routing(document)
