"""API description files: placed among the interfaces of the component beside whose code they
stand, else listed under Internal Services; a test's or an example's spec is not the
system's."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse, interfaces_of

from archscribe.renderers.infrastructure_sections import internal_services_section

OPENAPI = """\
openapi: 3.0.3
info:
  title: Shop API
paths:
  /items:
    get: {}
"""


def test_descriptions_are_placed_beside_code_or_listed_as_services(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/api/openapi.yaml": OPENAPI,
            "specs/asyncapi.yaml": "asyncapi: 2.6.0\nchannels:\n  orders:\n    subscribe: {}\n",
            "tests/fixtures/openapi.yaml": OPENAPI,
        },
    )
    placed = interfaces_of(arch, "api-spec")
    assert [(i.name, i.detail) for i in placed] == [
        ("shop/api/openapi.yaml", "OpenAPI Shop API, 1 operation")
    ]
    assert [d.evidence.path for d in arch.semantics.api_descriptions] == [
        "shop/api/openapi.yaml",
        "specs/asyncapi.yaml",
    ]
    section = internal_services_section(arch)
    assert (
        "- **API description** `specs/asyncapi.yaml`: AsyncAPI, 1 operation: "
        "`SUBSCRIBE orders`" in section
    )
    assert "tests/fixtures" not in section
