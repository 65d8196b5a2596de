"""Scanners: the routes and mounts of Python web frameworks, read during the python scan.

:mod:`.python_source` hands this module's :class:`RouteReader` what it needs during its one walk
of statement bodies. Two shapes are read, neither tied to one framework (whether ``app`` is
Flask, FastAPI or a cache is the analysis's to decide, through the imports):

- a route: a call decorator ``@X.verb(...)``, ``verb`` one of :data:`ROUTE_VERBS`, on a
  top-level function or on a method of a top-level class (``@app.route("/x", methods=["POST"])``,
  ``@router.get("/items/{id}")``). A bare-name decorator (``@route("/x")``, maybe a local
  function) and one that is not a call (``@app.get``) declare no route here;
- a mount: an expression statement ``owner.method(...)``, ``method`` one of
  :data:`MOUNT_METHODS`, in the module scope or in a top-level function (an application
  factory), in any of their blocks, as the walk defines them (``app.include_router(router,
  prefix="/api")``, ``app.register_blueprint(bp, url_prefix="/admin")``,
  ``app.mount("/static", StaticFiles(...))``). A nested function or a method is not looked
  into.

The checks are a few type tests per decorator and per statement: next to nothing for a file
without routes. At most :data:`ROUTES_MAX` routes and as many mounts are kept per file.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from archscribe.model.facts import MountFact, RouteFact
from archscribe.scanners.python_settings import dotted_name
from archscribe.scanners.python_values import value_text

__all__ = [
    "KEYWORD_VALUE_MAX",
    "MOUNT_METHODS",
    "ROUTES_MAX",
    "ROUTE_VERBS",
    "RouteReader",
    "string_keywords",
]

ROUTES_MAX = 1000

# A keyword literal longer than this is no prefix or name worth keeping.
KEYWORD_VALUE_MAX = 200

# The last name of a call decorator that declares a route: Flask, FastAPI, Starlette, Quart,
# Sanic and the like.
ROUTE_VERBS = frozenset(
    {
        "route",
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "trace",
        "api_route",
        "websocket",
        "websocket_route",
    }
)

# The methods that mount a router, blueprint or application under a prefix.
MOUNT_METHODS = frozenset({"include_router", "register_blueprint", "mount"})

# The keywords that give a route's path when it is not the first positional argument.
_PATH_KEYWORDS = frozenset({"path", "rule"})

# The keywords that give a mount's prefix (``mount`` takes its prefix as its first argument).
_PREFIX_KEYWORDS = frozenset({"prefix", "url_prefix"})

# The keyword each mount method names what it mounts by, when it is not given by position.
_MOUNTED_KEYWORDS = {"include_router": "router", "register_blueprint": "blueprint", "mount": "app"}


def string_keywords(call: ast.Call) -> tuple[tuple[str, str], ...]:
    """The keyword arguments of ``call`` given as string literals, in source order; a value
    longer than :data:`KEYWORD_VALUE_MAX` characters is left out."""
    if not call.keywords:
        return ()
    return tuple(
        (keyword.arg, value.value)
        for keyword in call.keywords
        if keyword.arg is not None
        and type(value := keyword.value) is ast.Constant
        and type(value.value) is str
        and len(value.value) <= KEYWORD_VALUE_MAX
    )


class RouteReader:
    """Collects the :class:`RouteFact` and :class:`MountFact` facts of one file."""

    __slots__ = ("mounts", "routes")

    def __init__(self) -> None:
        self.routes: list[RouteFact] = []
        self.mounts: list[MountFact] = []

    # --- routes ------------------------------------------------------------------------------

    def function(self, name: str, decorators: Sequence[ast.expr], class_name: str = "") -> None:
        """Read the route decorators of the top-level function ``name``, of the method
        ``name`` of the top-level class ``class_name``, or of the function ``name`` defined in
        the top-level function ``class_name`` (an application factory: the route's function
        is then ``create_app.index``, and its owner is the factory's own local)."""
        for decorator in decorators:
            if type(decorator) is ast.Call:
                func = decorator.func
                if type(func) is ast.Attribute and func.attr in ROUTE_VERBS:
                    self._route(decorator, func, f"{class_name}.{name}" if class_name else name)

    def _route(self, decorator: ast.Call, func: ast.Attribute, function: str) -> None:
        owner = dotted_name(func.value)
        if owner is None or len(self.routes) >= ROUTES_MAX:
            return
        path, computed = _route_path(decorator)
        self.routes.append(
            RouteFact(
                owner=owner,
                verb=func.attr,
                path=path,
                function=function,
                line=decorator.lineno,
                methods=_methods(decorator),
                computed=computed,
            )
        )

    # --- mounts ------------------------------------------------------------------------------

    def expression(self, value: ast.expr, function: str) -> None:
        """The value of an expression statement in the top-level function ``function``: a
        mount when it calls ``owner.<mount method>(...)``."""
        if type(value) is ast.Call:
            func = value.func
            if type(func) is ast.Attribute and func.attr in MOUNT_METHODS:
                self.mount(value, func, function)

    def mount(self, call: ast.Call, func: ast.Attribute, function: str = "") -> None:
        """Read ``owner.<mount method>(...)`` (in the top-level function ``function``, "" at
        module level); the caller has checked the method's name."""
        owner = dotted_name(func.value)
        if owner is None or len(self.mounts) >= ROUTES_MAX:
            return
        method = func.attr
        args = call.args
        prefix_node: ast.expr | None = None
        if method == "mount":
            mounted = args[1] if len(args) > 1 else _keyword(call, "app")
            prefix_node = args[0] if args else _keyword(call, "path")
        else:
            mounted = args[0] if args else _keyword(call, _MOUNTED_KEYWORDS[method])
            for keyword in call.keywords:
                if keyword.arg in _PREFIX_KEYWORDS:
                    prefix_node = keyword.value
                    break
        prefix = _string(prefix_node)
        self.mounts.append(
            MountFact(
                owner=owner,
                method=method,
                mounted=_mounted_text(mounted),
                prefix=prefix,
                line=call.lineno,
                function=function,
                prefix_value="" if prefix or prefix_node is None else value_text(prefix_node),
            )
        )


def _route_path(decorator: ast.Call) -> tuple[str, bool]:
    """A route's path as a literal ("" when none), and whether it is computed: given, but
    not as a literal."""
    args = decorator.args
    computed = bool(args)
    if args:
        first = args[0]
        if type(first) is ast.Constant and type(first.value) is str:
            return first.value, False
    for keyword in decorator.keywords:
        if keyword.arg in _PATH_KEYWORDS:
            value = keyword.value
            if type(value) is ast.Constant and type(value.value) is str:
                return value.value, False
            computed = True
    return "", computed


def _methods(decorator: ast.Call) -> tuple[str, ...]:
    """The string literals of ``methods=[...]`` (or a tuple or set), upper case, in order."""
    for keyword in decorator.keywords:
        if keyword.arg == "methods":
            value = keyword.value
            if type(value) is ast.List or type(value) is ast.Tuple or type(value) is ast.Set:
                return tuple(
                    elt.value.upper()
                    for elt in value.elts
                    if type(elt) is ast.Constant and type(elt.value) is str
                )
            return ()
    return ()


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of the keyword argument ``name``, or None."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _string(node: ast.expr | None) -> str:
    """A string literal's value; "" for anything else."""
    if type(node) is ast.Constant and type(node.value) is str:
        return node.value
    return ""


def _mounted_text(node: ast.expr | None) -> str:
    """What a mount mounts, as dotted text: a call as its callee's (``StaticFiles``)."""
    if node is None:
        return ""
    if type(node) is ast.Call:
        node = node.func
    return dotted_name(node) or ""
