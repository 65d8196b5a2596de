"""API description files: OpenAPI/Swagger, AsyncAPI, protobuf and GraphQL operations with
their lines; anything else is no API description."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import ApiOperation
from archscribe.scanners.api_descriptions import (
    scan_api_description,
    scan_graphql,
    scan_protobuf,
)
from archscribe.scanners.registry import scanners_for


def _bytes(text: str) -> bytes:
    return textwrap.dedent(text).encode()


def test_openapi_paths_and_methods_with_their_lines() -> None:
    facts = scan_api_description(
        _bytes(
            """\
            openapi: 3.0.3
            info:
              title: Catalogue
            paths:
              /books:
                get: {}
                post: {}
                parameters: []
              /books/{isbn}:
                delete: {}
            """
        )
    )
    assert (facts.kind, facts.title, facts.version) == ("openapi", "Catalogue", "3.0.3")
    assert facts.operations == (
        ApiOperation("GET /books", 6),
        ApiOperation("POST /books", 7),
        ApiOperation("DELETE /books/{isbn}", 10),
    )


def test_swagger_in_json() -> None:
    facts = scan_api_description(b'{"swagger": "2.0", "paths": {"/ping": {"get": {}}}}')
    assert facts.kind == "swagger"
    assert [o.name for o in facts.operations] == ["GET /ping"]


def test_asyncapi_channels_and_version_3_operations() -> None:
    two = scan_api_description(
        _bytes(
            """\
            asyncapi: 2.6.0
            channels:
              orders:
                subscribe: {}
                publish: {}
            """
        )
    )
    assert [o.name for o in two.operations] == ["SUBSCRIBE orders", "PUBLISH orders"]
    three = scan_api_description(
        _bytes(
            """\
            asyncapi: 3.0.0
            operations:
              sendReceipt:
                action: send
            """
        )
    )
    assert three.operations == (ApiOperation("SEND sendReceipt", 3),)


def test_a_yaml_file_that_is_no_api_description_is_nothing() -> None:
    facts = scan_api_description(b"apiVersion: v1\nkind: Service\n")
    assert facts.kind == ""
    assert facts.operations == ()


def test_protobuf_services_and_methods_ignore_comments() -> None:
    facts = scan_protobuf(
        _bytes(
            """\
            syntax = "proto3";
            package shop.inventory;
            // service Fake { rpc Nope (A) returns (B); }
            service Inventory {
              rpc GetItem (ItemRequest) returns (Item);
              /* rpc Hidden (A) returns (B); */
              rpc ListItems (ListRequest) returns (stream Item) {}
            }
            message Item { string id = 1; }
            """
        )
    )
    assert (facts.kind, facts.title, facts.version) == ("protobuf", "shop.inventory", "proto3")
    assert facts.operations == (
        ApiOperation("Inventory.GetItem", 5),
        ApiOperation("Inventory.ListItems", 7),
    )


def test_graphql_root_type_fields_only() -> None:
    facts = scan_graphql(
        _bytes(
            '''\
            """The schema."""
            type Book { id: ID! title: String }
            type Query {
              # books: [Book]  (a comment, not a field)
              books(first: Int,
                    after: String): [Book!]!
              book(id: ID!): Book
            }
            type Mutation { borrow(id: ID!): Book }
            '''
        )
    )
    assert facts.kind == "graphql"
    assert facts.operations == (
        ApiOperation("Query.books", 5),
        ApiOperation("Query.book", 7),
        ApiOperation("Mutation.borrow", 9),
    )


def test_registry_routes_descriptions_by_name_and_suffix() -> None:
    assert [s.name for s in scanners_for("specs/openapi.yaml")] == ["api-description"]
    assert [s.name for s in scanners_for("docs/swagger.json")] == ["api-description"]
    assert [s.name for s in scanners_for("protos/inventory.proto")] == ["protobuf"]
    assert [s.name for s in scanners_for("api/schema.graphql")] == ["graphql"]
    assert [s.name for s in scanners_for("k8s/service.yaml")] == ["kubernetes"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    for scan in (scan_api_description, scan_protobuf, scan_graphql):
        facts = scan(data)
        assert all(o.line >= 1 for o in facts.operations)
