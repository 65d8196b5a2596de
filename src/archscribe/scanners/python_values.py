"""Scanners: Python expressions written down compactly as *value texts* (see
:func:`archscribe.model.facts.literal`): what the semantic facts keep of arguments, keyword
values and class attributes, so that no AST outlives the scan.

A string literal is kept in double quotes, a dotted name as written, a call as
``callee(arg, key=value)``, a list, tuple or set as ``[a, b]``, an f-string with its literal
parts and ``{…}`` for each expression, ``x[y]`` subscripts as written; anything else is
``<expr>``. Texts are cut at :data:`VALUE_MAX` characters and nesting at :data:`DEPTH_MAX`.
"""

from __future__ import annotations

import ast
import re

from archscribe.scanners.env_values import looks_secret
from archscribe.scanners.python_settings import dotted_name

__all__ = ["DEPTH_MAX", "SECRET", "VALUE_MAX", "call_parts", "kept_value", "value_text"]

SECRET = "<secret>"
"""What a string literal that may be a secret reads as: one given under a name that looks
secret (``password=``, ``api_key=``, ``SECRET_KEY = ...``), or one that reads like a token."""

VALUE_MAX = 200
DEPTH_MAX = 4
_ITEMS_MAX = 12
_ARGS_MAX = 8
_ELLIPSIS = "…"
# Placeholders of str.format and of %-formatting.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*[0-9.*]*[sdifrx]")
# The user and password of a URL (``postgres://user:pw@host``): never kept.
_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")
# A long run of letters and digits with digits scattered through it: a key or a token.
_TOKEN = re.compile(r"(?=[A-Za-z0-9_+/=-]{20,})(?=(?:[^0-9]*[0-9]){3})[A-Za-z0-9_+/=-]+\Z")


def value_text(node: ast.expr | None, depth: int = 0) -> str:
    """``node`` as a value text; ``""`` for None."""
    if node is None:
        return ""
    text = _text(node, depth)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + _ELLIPSIS


def call_parts(call: ast.Call) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The positional arguments and keywords of ``call`` as value texts (``**kwargs`` as a
    keyword named ``**``), at most :data:`_ARGS_MAX` of each."""
    args = tuple(value_text(arg, 1) for arg in call.args[:_ARGS_MAX])
    keywords = tuple(
        (name, kept_value(name, keyword.value, 1))
        for keyword in call.keywords[:_ARGS_MAX]
        if (name := keyword.arg if keyword.arg is not None else "**")
    )
    return args, keywords


def kept_value(name: str, node: ast.expr | None, depth: int = 0) -> str:
    """The value text of ``node`` given under ``name``; :data:`SECRET` for a string literal
    when the name looks secret."""
    if (
        node is not None
        and type(node) is ast.Constant
        and type(node.value) is str
        and node.value
        and looks_secret(name)
    ):
        return SECRET
    return value_text(node, depth)


def _string(value: str) -> str:
    if len(value) > VALUE_MAX:
        value = value[:VALUE_MAX]
    if "://" in value:
        value = _USERINFO.sub("", value)
    elif _TOKEN.match(value):
        return SECRET
    return '"' + value + '"'


def _text(node: ast.expr, depth: int) -> str:
    if type(node) is ast.Constant:
        value = node.value
        if type(value) is str:
            return _string(value)
        if value is Ellipsis:
            return "..."
        if type(value) is bytes:
            return "<bytes>"
        return repr(value)
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute:
        dotted = dotted_name(node)
        if dotted is not None:
            return dotted
        return _text(node.value, depth + 1) + "." + node.attr
    if depth >= DEPTH_MAX:
        return _ELLIPSIS
    if type(node) is ast.Call:
        func = node.func
        if (
            type(func) is ast.Attribute
            and func.attr == "format"
            and type(func.value) is ast.Constant
            and type(func.value.value) is str
        ):  # "https://host/{}".format(x): read like an f-string
            return 'f"' + _PLACEHOLDER.sub("{…}", _string(func.value.value)[1:-1]) + '"'
        callee = _text(node.func, depth + 1)
        args, keywords = _call_inner(node, depth + 1)
        return callee + "(" + ", ".join((*args, *(f"{k}={v}" for k, v in keywords))) + ")"
    if type(node) is ast.List or type(node) is ast.Tuple or type(node) is ast.Set:
        elts = node.elts
        items = [_text(elt, depth + 1) for elt in elts[:_ITEMS_MAX]]
        if len(elts) > _ITEMS_MAX:
            items.append(_ELLIPSIS)
        return "[" + ", ".join(items) + "]"
    if type(node) is ast.JoinedStr:
        parts: list[str] = []
        for part in node.values:
            if type(part) is ast.Constant and type(part.value) is str:
                parts.append(_USERINFO.sub("", part.value) if "://" in part.value else part.value)
            else:
                parts.append("{…}")
        return 'f"' + "".join(parts) + '"'
    if type(node) is ast.Subscript:
        return _text(node.value, depth + 1) + "[" + _text(node.slice, depth + 1) + "]"
    if type(node) is ast.UnaryOp and type(node.op) is ast.USub:
        return "-" + _text(node.operand, depth + 1)
    if (
        type(node) is ast.BinOp
        and type(node.op) is ast.Mod
        and type(node.left) is ast.Constant
        and type(node.left.value) is str
    ):  # "https://host/%s" % x: read like an f-string
        return 'f"' + _PERCENT.sub("{…}", _string(node.left.value)[1:-1]) + '"'
    if type(node) is ast.BinOp:
        symbol = _OPERATORS.get(type(node.op))
        if symbol is not None:
            return _text(node.left, depth + 1) + symbol + _text(node.right, depth + 1)
    if type(node) is ast.Await:
        return _text(node.value, depth + 1)
    if type(node) is ast.Dict:
        return "{…}"
    if type(node) is ast.Lambda:
        return "lambda"
    return "<expr>"


_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: " + ",
    ast.Sub: " - ",
    ast.Mult: " * ",
    ast.Div: " / ",
    ast.BitOr: " | ",
}


def _call_inner(call: ast.Call, depth: int) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    args = tuple(_text(arg, depth) for arg in call.args[:_ARGS_MAX])
    keywords = tuple(
        (
            name,
            SECRET
            if looks_secret(name) and _is_text(keyword.value)
            else _text(keyword.value, depth),
        )
        for keyword in call.keywords[:_ARGS_MAX]
        if (name := keyword.arg if keyword.arg is not None else "**")
    )
    return args, keywords


def _is_text(node: ast.expr) -> bool:
    return type(node) is ast.Constant and type(node.value) is str and bool(node.value)
