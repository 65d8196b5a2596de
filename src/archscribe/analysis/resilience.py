"""Analysis: error handling and resilience: the system's exception hierarchy, handlers that
turn errors into client or server responses, retries, circuit breakers, timeouts, fallbacks and
error tracking.

Every name counts only when it resolves through the module's imports: ``@app.errorhandler(404)``
is a handler only when ``app`` is a Flask application (the route owners of
:mod:`archscribe.analysis.routes`, application factories included), ``@retry`` only when it
is tenacity's, ``@payments_breaker`` only when a breaker library made it. What each library
offers is data (``catalogue/data/resilience.toml``). Only the system's own modules count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from archscribe.analysis.code_index import CodeIndex, IndexedModule
from archscribe.analysis.routes import RouteOwners
from archscribe.catalogue.bundle import Catalogue
from archscribe.catalogue.resilience import CallPolicy, ResilienceKnowledge
from archscribe.model.facts import CallFact, DecoratorFact, literal
from archscribe.model.semantics import (
    CodeSemantics,
    ErrorHandler,
    ExceptionClass,
    OutboundCall,
    ResiliencePattern,
)

__all__ = ["callable_of", "describe_resilience", "made_objects"]

_STATUS = re.compile(r"^(?:\w+\.)*(?:HTTP_)?([1-5]\d\d)(?:_\w+)?$")


def describe_resilience(
    index: CodeIndex,
    catalogue: Catalogue,
    outbound: Sequence[OutboundCall],
    routes: RouteOwners | None = None,
) -> CodeSemantics:
    """``exceptions``, ``error_handlers`` and ``resilience`` filled in; ``routes`` is the
    system's :class:`RouteOwners` when the caller has made it already."""
    knowledge = catalogue.resilience
    exceptions = _exceptions(index, knowledge)
    own = frozenset(e.qualified for e in exceptions)
    handlers = _handlers(index, catalogue, own, routes)
    made = made_objects(index)
    patterns = [
        *_policies(index, knowledge, made),
        *_trackers(index, knowledge),
        *_timeouts(outbound),
        *_fallbacks(index, knowledge, outbound),
    ]
    return CodeSemantics(
        exceptions=tuple(sorted(exceptions, key=lambda e: (e.evidence, e.name))),
        error_handlers=tuple(
            sorted(set(handlers), key=lambda h: (h.side, h.evidence, h.handles, h.function))
        ),
        resilience=tuple(sorted(set(patterns), key=lambda p: (p.kind, p.evidence, p.what))),
    )


def made_objects(index: CodeIndex) -> dict[str, str]:
    """Module-level objects a call made (``module.http``), with the qualified callable that
    made them (``requests.Session``)."""
    made: dict[str, str] = {}
    for module in index.source_modules():
        for assignment in module.facts.call_assignments:
            maker = module.resolve(assignment.callee)
            if maker:
                made[f"{module.name}.{assignment.target}"] = maker
    return made


def callable_of(module: IndexedModule, dotted: str, made: Mapping[str, str]) -> str:
    """The qualified callable ``dotted`` names in ``module``: through its imports, and through
    the callable that made an object (``http.get`` where ``http = requests.Session()`` is
    ``requests.Session.get``); ``""`` when it does not resolve."""
    qualified = module.resolve(dotted)
    head, _, last = qualified.rpartition(".")
    if head in made:
        return f"{made[head]}.{last}"
    return qualified


# --- the exception hierarchy --------------------------------------------------------------


def _exceptions(index: CodeIndex, knowledge: ResilienceKnowledge) -> list[ExceptionClass]:
    """The system's classes whose ancestors reach a builtin exception or a library error."""
    found: dict[str, tuple[IndexedModule, str, tuple[str, ...], int]] = {}
    for module in index.source_modules():
        for cls in module.facts.classes:
            qualified = f"{module.name}.{cls.name}"
            if any(
                knowledge.is_exception_base(a, a not in index.classes)
                for a in index.ancestors(qualified)
            ):
                found[qualified] = (module, cls.name, cls.bases, cls.line)
    result: list[ExceptionClass] = []
    for qualified, (module, name, bases, line) in found.items():
        resolved = [module.resolve(base) for base in bases]
        own = [r for r in resolved if r in found]
        base = own[0] if own else (bases[0] if bases else "")
        result.append(
            ExceptionClass(name, qualified, base, module.component, module.evidence(line))
        )
    return result


# --- handlers that turn errors into responses ---------------------------------------------


def _handlers(
    index: CodeIndex, catalogue: Catalogue, own: frozenset[str], table: RouteOwners | None
) -> list[ErrorHandler]:
    knowledge = catalogue.resilience
    source = list(index.source_modules())
    if table is None:
        table = RouteOwners([(m.module, m.facts) for m in source], catalogue.route_owners)
    found: list[ErrorHandler] = []

    def add(
        module: IndexedModule, handles: str, technology: str, function: str, line: int
    ) -> None:
        side = _side(module, handles, own, knowledge)
        found.append(ErrorHandler(handles, side, technology, function, module.evidence(line)))

    for module in source:
        for decorator in module.facts.decorators:
            owner, _, method = decorator.name.rpartition(".")
            technologies = knowledge.handler_decorators.get(method)
            if technologies is None or not owner or not decorator.call or not decorator.args:
                continue
            scope = table.scope(module.module, decorator.target.rpartition(".")[0])
            made = table.resolve(module.module, owner, scope)
            if made is not None and made.owner.technology in technologies:
                technology = made.owner.technology
                add(module, decorator.args[0], technology, decorator.target, decorator.line)
        for call in module.facts.calls:
            owner, _, method = call.callee.rpartition(".")
            entry = knowledge.handler_calls.get(method)
            if entry is None or not owner or len(call.args) <= entry[1]:
                continue
            made = table.resolve(module.module, owner, table.scope(module.module, call.function))
            if made is not None and made.owner.technology in entry[0]:
                add(module, call.args[0], made.owner.technology, call.args[entry[1]], call.line)
        found.extend(_django_handlers(module, knowledge))
    return [*found, *_middleware(index, knowledge)]


def _django_handlers(module: IndexedModule, knowledge: ResilienceKnowledge) -> list[ErrorHandler]:
    """Django's error views and DRF's exception handler."""
    django = knowledge.django
    found: list[ErrorHandler] = []
    patterns = module.facts.url_patterns
    # a URL configuration: it imports Django and lists URLs (Django's own defaults in
    # django/conf/urls are no handlers of a system)
    if any(i.module.partition(".")[0] == "django" for i in module.facts.imports) and any(
        p.kind not in django.views for p in patterns
    ):
        for pattern in patterns:
            if pattern.kind in django.views and pattern.view:
                handles = pattern.kind.removeprefix("handler")
                side = _code_side(int(handles))
                view = _short(literal(pattern.view) or pattern.view)
                evidence = module.evidence(pattern.line)
                found.append(ErrorHandler(handles, side, django.technology, view, evidence))
    for setting in module.facts.settings:
        if setting.setting == django.drf_setting and setting.value:
            evidence = module.evidence(setting.line)
            function = _short(setting.value)
            found.append(ErrorHandler("", "any", django.drf_technology, function, evidence))
    return found


def _middleware(index: CodeIndex, knowledge: ResilienceKnowledge) -> list[ErrorHandler]:
    """Middleware classes with ``process_exception`` that ``MIDDLEWARE`` lists (or that
    derive from Django's middleware base)."""
    django = knowledge.django
    listed = {
        setting.value
        for module in index.source_modules()
        for setting in module.facts.settings
        if setting.setting == "MIDDLEWARE" and setting.value
    }
    found: list[ErrorHandler] = []
    for module in index.source_modules():
        for cls in module.facts.classes:
            qualified = f"{module.name}.{cls.name}"
            if django.middleware_method in cls.methods and (
                qualified in listed or index.inherits(qualified, django.middleware_bases)
            ):
                function = f"{cls.name}.{django.middleware_method}"
                evidence = module.evidence(cls.line)
                found.append(ErrorHandler("", "any", django.technology, function, evidence))
    return found


def _side(
    module: IndexedModule, handles: str, own: frozenset[str], knowledge: ResilienceKnowledge
) -> str:
    """``client`` for a 4xx status or a domain error, ``server`` for 5xx and catch-alls,
    ``any`` when the code does not say."""
    status = _STATUS.match(handles)
    if status is not None:
        return _code_side(int(status.group(1)))
    qualified = module.resolve(handles)
    if qualified in own:
        return "client"
    return knowledge.sides.get(qualified or handles, "any")


def _code_side(code: int) -> str:
    return "client" if 400 <= code < 500 else "server" if code >= 500 else "any"


def _short(dotted: str) -> str:
    return dotted.rpartition(".")[2]


# --- retries, circuit breakers, error tracking --------------------------------------------


def _policies(
    index: CodeIndex, knowledge: ResilienceKnowledge, made: Mapping[str, str]
) -> list[ResiliencePattern]:
    """Retry and breaker decorators, task retry options and the calls making a policy."""
    found: list[ResiliencePattern] = []
    used: set[str] = set()  # breakers guarding a function, reported there
    for module in index.source_modules():
        calls = {(c.line, c.callee): c for c in module.facts.calls}
        for decorator in module.facts.decorators:
            qualified = module.resolve(decorator.name)
            pattern = _decorator_pattern(module, decorator, qualified, knowledge, made, calls)
            if pattern is not None:
                found.append(pattern)
                if qualified in made:
                    used.add(qualified)
    for module in index.source_modules():
        targets = {(a.line, a.callee): a.target for a in module.facts.call_assignments}
        for call in module.facts.calls:
            policy = knowledge.calls.get(module.resolve(call.callee))
            if policy is None or not _counts(policy, call):
                continue
            target = targets.get((call.line, call.callee), "")
            if target and f"{module.name}.{target}" in used:
                continue
            named = f" `{target}`" if target else ""
            what = f"{policy.what}{named}{_quote(call.args, call.keywords, policy)}"
            found.append(_pattern(module, policy.kind, what, policy.technology, call.line))
    return found


def _decorator_pattern(
    module: IndexedModule,
    decorator: DecoratorFact,
    qualified: str,
    knowledge: ResilienceKnowledge,
    made: Mapping[str, str],
    calls: Mapping[tuple[int, str], CallFact],
) -> ResiliencePattern | None:
    target = decorator.target
    policy = knowledge.decorators.get(qualified)
    if policy is not None:
        verb = "retried" if policy.kind == "retry" else "guarded by a circuit breaker"
        quoted = _quote(decorator.args, decorator.keywords, policy)
        return _pattern(
            module, policy.kind, f"`{target}` {verb}{quoted}", policy.technology, decorator.line
        )
    maker = made.get(qualified, "")
    policy = knowledge.calls.get(maker)
    if policy is not None and policy.kind == "circuit-breaker":
        made_by = _making_call(qualified, maker, module, calls)
        quoted = _quote(made_by.args, made_by.keywords, policy) if made_by is not None else ""
        what = f"`{target}` guarded by `{decorator.name}`{quoted}"
        return _pattern(module, policy.kind, what, policy.technology, decorator.line)
    head, _, attribute = qualified.rpartition(".")
    task = knowledge.tasks.get(f"{made[head]}.{attribute}" if head in made else qualified)
    if task is not None:
        technology, keywords = task
        options = [f"{k}={v}" for k, v in decorator.keywords if k in keywords]
        if options:
            what = f"task `{target}` retried ({', '.join(options)})"
            return _pattern(module, "retry", what, technology, decorator.line)
    return None


def _making_call(
    qualified: str, maker: str, module: IndexedModule, calls: Mapping[tuple[int, str], CallFact]
) -> CallFact | None:
    """The module-level call that made the object ``qualified``, when it stands in
    ``module`` (its keywords are kept there in full)."""
    name = qualified.removeprefix(module.name + ".")
    for assignment in module.facts.call_assignments:
        if assignment.target == name and module.resolve(assignment.callee) == maker:
            return calls.get((assignment.line, assignment.callee))
    return None


def _counts(policy: CallPolicy, call: CallFact) -> bool:
    """Whether ``call`` makes the policy: the keyword it needs is given, and not as a call
    (``HTTPAdapter(max_retries=Retry(...))`` is read at the ``Retry``)."""
    if not policy.needs:
        return True
    value = dict(call.keywords).get(policy.needs)
    return value is not None and "(" not in value and value not in ("0", "None", "False")


def _quote(
    args: tuple[str, ...], keywords: tuple[tuple[str, str], ...], policy: CallPolicy
) -> str:
    parts = [*(args if policy.args else ())]
    parts += [f"{key}={value}" for key, value in keywords if key in policy.show]
    return f" ({', '.join(parts)})" if parts else ""


def _pattern(
    module: IndexedModule, kind: str, what: str, technology: str, line: int
) -> ResiliencePattern:
    return ResiliencePattern(kind, what, technology, module.component, module.evidence(line))


def _trackers(index: CodeIndex, knowledge: ResilienceKnowledge) -> list[ResiliencePattern]:
    """Error tracking set up by a call (``sentry_sdk.init``) or a Django middleware."""
    found: list[ResiliencePattern] = []
    for module in index.source_modules():
        for call in module.facts.calls:
            service = knowledge.tracker_calls.get(module.resolve(call.callee))
            if service:
                what = f"{service} error tracking (`{call.callee}`)"
                found.append(_pattern(module, "error-tracking", what, service, call.line))
        for setting in module.facts.settings:
            service = knowledge.tracker_middleware.get(setting.value)
            if setting.setting == "MIDDLEWARE" and service:
                what = f"{service} error tracking (middleware)"
                found.append(_pattern(module, "error-tracking", what, service, setting.line))
    return found


# --- timeouts and fallbacks ---------------------------------------------------------------


def _timeouts(outbound: Sequence[OutboundCall]) -> list[ResiliencePattern]:
    """One pattern per outbound call that sets a timeout (those without one are bottleneck
    candidates)."""
    return [
        ResiliencePattern(
            "timeout",
            f"{call.client} call to {call.target or 'a computed URL'}"
            + (f" in `{call.function}`" if call.function else ""),
            call.client,
            call.component,
            call.evidence,
        )
        for call in outbound
        if call.timeout == "set"
    ]


# What an ``except`` returns when it answers with an error rather than falling back: Django's
# error responses, ``abort``, an exception object, or a status of 400 and above.
_ERROR_RESPONSE = re.compile(
    r"\A(?:[\w.]*\.)?(?:HttpResponse(?:BadRequest|Forbidden|NotFound|NotAllowed|Gone|"
    r"ServerError)|Http404|abort|\w*(?:Error|Exception))\("
)
_ERROR_STATUS = re.compile(r"(?:status(?:_code)?=|, )(?:status\.HTTP_)?[45][0-9][0-9](?![0-9])")


def _error_response(returned: str) -> bool:
    """Whether a returned value text is an error answer (``HttpResponseBadRequest()``,
    ``jsonify(...), 400``, ``Response(status=503)``)."""
    return bool(_ERROR_RESPONSE.match(returned) or _ERROR_STATUS.search(returned))


def _fallbacks(
    index: CodeIndex, knowledge: ResilienceKnowledge, outbound: Sequence[OutboundCall]
) -> list[ResiliencePattern]:
    """``except`` clauses that return a value instead of failing; ``technology`` names the
    library when the error is an outbound call's (or the function makes one)."""
    calling = {(o.evidence.path, o.function): o.client for o in outbound if o.function}
    found: list[ResiliencePattern] = []
    for module in index.source_modules():
        for handler in module.facts.handlers:
            if handler.action != "return-value" or _error_response(handler.returned):
                continue  # an error response is error handling, not a fallback
            libraries = [
                knowledge.outbound_library(module.resolve(name) or name) for name in handler.caught
            ]
            library = next((lib for lib in libraries if lib), "")
            library = library or calling.get((module.path, handler.function), "")
            caught = ", ".join(f"`{name}`" for name in handler.caught) or "any error"
            what = f"`{handler.function}` returns a fallback value on {caught}"
            found.append(_pattern(module, "fallback", what, library, handler.line))
    return found
