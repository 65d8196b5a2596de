"""Scanners: API description files: OpenAPI and Swagger (``openapi.yaml``, ``swagger.json``),
AsyncAPI (``asyncapi.yaml``), protobuf (``*.proto``) and GraphQL schemas (``*.graphql``,
``*.gql``).

Each gives its operations with their lines: an OpenAPI path's methods (``GET /items/{id}``),
an AsyncAPI channel's operations (``SUBSCRIBE orders``; AsyncAPI 3 ``operations`` as
``SEND``/``RECEIVE``), a proto service's methods (``Inventory.GetItem``), the fields of a
GraphQL schema's ``Query``, ``Mutation`` and ``Subscription`` types (``Query.books``). Only
what the file declares is read; nothing is resolved (``$ref``) or fetched. Never raises: a file
that does not parse gives a problem and whatever was read.
"""

from __future__ import annotations

import re

from archscribe.model.facts import ApiFacts, ApiOperation, ProblemKind, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.compose import load_yaml
from archscribe.scanners.manifest_text import decode
from archscribe.scanners.yaml_nodes import get, items, line, scalar

__all__ = [
    "API_DESCRIPTION_SCANNER",
    "GRAPHQL_SCANNER",
    "PROTOBUF_SCANNER",
    "scan_api_description",
    "scan_graphql",
    "scan_protobuf",
]

OPERATIONS_MAX = 1000
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_ASYNC_OPERATIONS = ("publish", "subscribe")

# protobuf: ``package a.b;``, ``service Name {``, ``rpc Method (``, and comments to drop.
_PROTO_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_PROTO_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_PROTO_SYNTAX = re.compile(r"^\s*syntax\s*=\s*\"(proto[23])\"", re.MULTILINE)
_PROTO_TOKEN = re.compile(r"\b(service|rpc)\s+(\w+)|([{}])")

# GraphQL: the root types and their fields.
_GRAPHQL_COMMENT = re.compile(r"#[^\n]*|\"\"\".*?\"\"\"|\"(?:[^\"\\\n]|\\.)*\"", re.DOTALL)
_GRAPHQL_ROOT = re.compile(r"\b(?:extend\s+)?type\s+(Query|Mutation|Subscription)\b[^{]*\{")
_GRAPHQL_FIELD = re.compile(r"^\s*(\w+)\s*[(:]", re.MULTILINE)


def scan_api_description(data: bytes) -> ApiFacts:
    """Read an OpenAPI, Swagger or AsyncAPI document (YAML or JSON); never raises."""
    try:
        return _description(data)
    except Exception as exc:  # a scanner must never stop a run
        return ApiFacts(kind="", problems=(ScanProblem("", ProblemKind.MALFORMED, str(exc)),))


def _description(data: bytes) -> ApiFacts:
    documents, problems, _parsed = load_yaml(data)
    document = documents[0] if documents else None
    for kind in ("openapi", "swagger", "asyncapi"):
        version = scalar(get(document, kind))
        if version:
            break
    else:
        return ApiFacts(kind="", problems=tuple(problems))
    title = scalar(get(get(document, "info"), "title"))
    operations: list[ApiOperation] = []
    if kind == "asyncapi":
        for name, key, channel in items(get(document, "channels")):
            for operation, _key, _value in items(channel):
                if operation in _ASYNC_OPERATIONS:
                    operations.append(ApiOperation(f"{operation.upper()} {name}", line(key)))
        for name, key, declared in items(get(document, "operations")):  # AsyncAPI 3
            action = scalar(get(declared, "action")).upper() or "OPERATION"
            operations.append(ApiOperation(f"{action} {name}", line(key)))
    else:
        for path, _key, entry in items(get(document, "paths")):
            for method, method_key, _value in items(entry):
                if method.lower() in _HTTP_METHODS:
                    operations.append(ApiOperation(f"{method.upper()} {path}", line(method_key)))
    return ApiFacts(
        kind=kind,
        title=title,
        version=version,
        operations=tuple(operations[:OPERATIONS_MAX]),
        problems=tuple(problems),
    )


def scan_protobuf(data: bytes) -> ApiFacts:
    """Read a ``.proto`` file's services and their methods; never raises."""
    text, problems = decode(data)
    code = _PROTO_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    package = _PROTO_PACKAGE.search(code)
    syntax = _PROTO_SYNTAX.search(code)
    operations: list[ApiOperation] = []
    service = ""
    depth = 0
    service_depth = -1
    for match in _PROTO_TOKEN.finditer(code):
        keyword, name, brace = match.groups()
        if brace == "{":
            depth += 1
        elif brace == "}":
            depth -= 1
            if depth <= service_depth:
                service, service_depth = "", -1
        elif keyword == "service":
            service, service_depth = name, depth
        elif keyword == "rpc" and service and len(operations) < OPERATIONS_MAX:
            at = code.count("\n", 0, match.start()) + 1
            operations.append(ApiOperation(f"{service}.{name}", at))
    return ApiFacts(
        kind="protobuf" if operations or "service" in code else "",
        title=package.group(1) if package else "",
        version=syntax.group(1) if syntax else "",
        operations=tuple(operations),
        problems=tuple(problems),
    )


def scan_graphql(data: bytes) -> ApiFacts:
    """Read the fields of a GraphQL schema's root types; never raises."""
    text, problems = decode(data)
    code = _GRAPHQL_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    operations: list[ApiOperation] = []
    for match in _GRAPHQL_ROOT.finditer(code):
        root = match.group(1)
        end = code.find("}", match.end())
        body = code[match.end() : end if end >= 0 else len(code)]
        # fields stand at the top level of the type body: skip argument lists' contents
        flat = re.sub(r"\([^)]*\)", lambda m: "(" + "\n" * m.group().count("\n") + ")", body)
        base = code.count("\n", 0, match.end())
        for field_match in _GRAPHQL_FIELD.finditer(flat):
            if len(operations) >= OPERATIONS_MAX:
                break
            at = base + flat.count("\n", 0, field_match.start(1)) + 1
            operations.append(ApiOperation(f"{root}.{field_match.group(1)}", at))
    return ApiFacts(
        kind="graphql" if operations else "",
        operations=tuple(operations),
        problems=tuple(problems),
    )


API_DESCRIPTION_SCANNER = Scanner(
    name="api-description", version=1, fact_type=ApiFacts, scan=scan_api_description
)
PROTOBUF_SCANNER = Scanner(name="protobuf", version=1, fact_type=ApiFacts, scan=scan_protobuf)
GRAPHQL_SCANNER = Scanner(name="graphql", version=1, fact_type=ApiFacts, scan=scan_graphql)
