"""The route owners catalogue: Flask(), Blueprint(), FastAPI(), APIRouter()… as data."""

from __future__ import annotations

import pytest

from archscribe.catalogue.route_owners import RouteOwner, parse_route_owners, route_owners
from archscribe.errors import InternalError


def test_the_shipped_file_loads_with_the_common_frameworks() -> None:
    owners = route_owners()
    assert owners["flask.Blueprint"] == RouteOwner("flask.Blueprint", "Flask", "url_prefix", "GET")
    assert owners["fastapi.APIRouter"].prefix == "prefix"
    assert owners["fastapi.FastAPI"].prefix == ""
    assert all(o.technology and o.default for o in owners.values())


@pytest.mark.parametrize(
    "entry",
    [
        "not a table",
        {"technology": "X", "prefix": ""},  # no default
        {"technology": "", "prefix": "", "default": "GET"},
        {"technology": "X", "prefix": 1, "default": "GET"},
        {"technology": "X", "prefix": "", "default": "GET", "extra": 1},
    ],
)
def test_a_malformed_entry_names_itself(entry: object) -> None:
    with pytest.raises(InternalError, match=r"x\.Router"):
        parse_route_owners({"x.Router": entry})
