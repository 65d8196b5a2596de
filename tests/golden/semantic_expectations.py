"""What the code-semantics analysis must find, and must not claim, in the four semantic fixture
repositories under ``tests/fixtures/repos/`` (drf_service, fastapi_service, flask_app,
misc_frameworks). Plain data: a test reads ``EXPECTATIONS`` and checks a generated document.

``must_find`` holds ``(kind, text)`` pairs. ``kind`` is one of:

grpc, graphql     a gRPC method as ``Service.Method``, a GraphQL root field as
                  ``Query.field`` / ``Mutation.field``.
api-operation     an operation an API description file declares (``GET /books``).
route             ``"<METHOD> <path>"``. The path is the full one a client uses, composed
                  from every prefix (``include``, ``url_prefix``, ``include_router``) with one
                  leading slash; path converters and regex groups are written as in the source
                  (``<int:product_id>``, ``{item_id}``, ``(?P<code>\\w+)``, ``([0-9]+)``);
                  Django's regex anchors ``^`` and ``$`` are dropped. DRF router routes use
                  ``{pk}`` for the lookup. ``ANY`` means the source does not restrict the
                  method: a Django function view, a Django class-based view whose handlers are
                  all inherited from Django, a Starlette ``Mount``. ``WS`` is a WebSocket
                  route.
command           the name a user types (a console script, a sub-command, a management
                  command).
task              the background task's dotted ``module.function``.
schedule          the dotted name of the task or function run on a schedule.
signal            the receiver's dotted ``module.function``.
consumer          the topic or queue a message consumer reads, or a WebSocket consumer's
                  dotted class.
model             Django: ``app_label.Model``; elsewhere the class name.
relation          ``"Source -> Target"`` with the names ``model`` uses.
external          the host an outbound call reaches, or the service an SDK reaches
                  (``Twilio``, ``AWS S3``, ``Stripe``).
auth              an authentication or authorization measure, by the name the code uses.
hashing           the password hashing scheme.
exception         an exception class the system defines.
handler           an error handler by what it handles as written (``404``, ``DomainError``),
                  or the function named by DRF's ``EXCEPTION_HANDLER``.
retry, breaker    the function the policy guards, or the library when the policy is not tied
                  to one function (a urllib3 ``Retry`` mounted on a session).
timeout-missing,  ``"path/in/repo.py:function"`` of the call.
blocking-in-async,
query-in-loop

Matching: for ``external``, ``auth``, ``hashing``, ``retry`` and ``breaker``, which a document
says in prose, an item matches when it contains ``text``, ignoring case. For every other kind
the item's name must equal ``text`` exactly: a route's method and path, a model's label, a
relation's two labels, a bottleneck's ``file:function`` (``geo.py:lookup`` is not
``geo.py:lookup_many``). The lists are not exhaustive: they hold what the fixture code clearly
contains; the comments name what it contains that no kind covers.

``must_not_claim`` holds look-alikes planted in the fixtures. A plain string must not appear
anywhere in the document. A ``(kind, text)`` pair means no item of that kind that the document
counts as the system's contains ``text``, case-sensitively (test-only items reported apart
are allowed); ``("outbound-in", path)`` means no outbound call is placed in that file.
"""

from __future__ import annotations

EXPECTATIONS: dict[str, dict[str, list]] = {
    "drf_service": {
        "must_find": [
            ("route", "ANY /admin/"),
            # DefaultRouter adds its API root view at the include point.
            ("route", "GET /api/"),
            ("route", "GET /api/checks/"),
            ("route", "POST /api/checks/"),
            ("route", "GET /api/checks/{pk}/"),
            ("route", "PUT /api/checks/{pk}/"),
            ("route", "PATCH /api/checks/{pk}/"),
            ("route", "DELETE /api/checks/{pk}/"),
            ("route", "POST /api/checks/{pk}/pause/"),
            ("route", "GET /api/pings/"),
            ("route", "GET /api/pings/{pk}/"),
            ("route", "GET /api/status/"),
            ("route", "POST /api/status/"),
            ("route", "ANY /accounts/login/"),
            ("route", "ANY /accounts/logout/"),
            ("route", "ANY /accounts/password/"),
            ("route", "GET /accounts/profile/"),
            ("route", "ANY /"),
            ("route", r"ANY /legacy/(?P<code>\w+)/"),
            ("route", r"WS /ws/checks/(?P<id>\d+)/"),
            ("command", "prunepings"),
            ("task", "checks.tasks.run_due_checks"),
            ("task", "checks.tasks.send_alert"),
            ("task", "checks.tasks.prune_old_pings"),
            ("schedule", "checks.tasks.run_due_checks"),
            ("schedule", "checks.tasks.prune_old_pings"),
            ("signal", "accounts.signals.create_profile"),
            ("consumer", "checks.consumers.CheckConsumer"),
            ("model", "accounts.User"),
            ("model", "accounts.Team"),
            ("model", "accounts.Membership"),
            ("model", "accounts.Profile"),
            ("model", "checks.TimeStamped"),  # abstract
            ("model", "checks.Channel"),
            ("model", "checks.Check"),
            ("model", "checks.Ping"),
            ("relation", "accounts.Membership -> accounts.User"),  # via settings.AUTH_USER_MODEL
            ("relation", "accounts.Membership -> accounts.Team"),
            ("relation", "accounts.Profile -> accounts.User"),  # one-to-one
            ("relation", "checks.Channel -> accounts.Team"),
            ("relation", "checks.Check -> accounts.Team"),
            ("relation", "checks.Check -> checks.Channel"),  # many-to-many
            ("relation", "checks.Ping -> checks.Check"),
            ("external", "hooks.slack.com"),
            ("external", "api.telegram.org"),
            ("external", "events.pagerduty.com"),
            ("external", "Twilio"),
            ("auth", "SessionAuthentication"),
            ("auth", "TokenAuthentication"),
            ("auth", "ModelBackend"),
            ("auth", "EmailBackend"),
            ("auth", "IsAuthenticated"),
            ("auth", "IsTeamMember"),
            ("auth", "AllowAny"),  # StatusView opts out of the default permission
            ("auth", "login_required"),
            ("auth", "permission_required"),
            ("auth", "LoginRequiredMixin"),
            ("hashing", "Argon2"),
            ("exception", "MonitorError"),
            ("exception", "CheckFailed"),
            ("exception", "IntegrationError"),
            ("exception", "RateLimited"),
            ("handler", "404"),
            ("handler", "500"),
            ("handler", "api_exception_handler"),
            ("retry", "run_due_checks"),
            ("timeout-missing", "checks/tasks.py:notify_webhook"),
            ("query-in-loop", "checks/tasks.py:run_due_checks"),
            # No kind for: cache-backed sessions, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE,
            # SECURE_SSL_REDIRECT, HSTS for 31536000 s, CORS_ALLOWED_ORIGINS, CSRF and
            # X-Frame-Options middleware, ALLOWED_HOSTS from the environment; the fallback in
            # checks/tasks.py:check_one (except RequestException -> "down"); timeouts set on
            # requests/httpx calls; e-mail through Django's SMTP backend (send_alert).
        ],
        "must_not_claim": [
            "/fake",
            "/keyword",
            "example.invalid",
            ("route", "GET x"),
            ("route", "Team"),  # admin.site.register(Team) is not a router
            ("route", "Membership"),
            ("task", "rebuild_digest"),  # local Celery stand-in in checks/inline.py
            ("schedule", "rebuild_digest"),
            ("model", "FakeCheck"),  # defined in tests/
            ("external", "pingwatch.test"),  # CORS origins and the sender address
            ("outbound-in", "checks/utils.py"),  # `requests` list, local send_mail
            ("outbound-in", "checks/inline.py"),
            ("timeout-missing", "checks/notifications/"),
            ("timeout-missing", "checks/tasks.py:check_one"),
            ("query-in-loop", "checks/tasks.py:send_alert"),
        ],
    },
    "fastapi_service": {
        "must_find": [
            ("route", "GET /health"),
            ("route", "POST /api/v1/login/access-token"),
            ("route", "GET /api/v1/users/me"),
            ("route", "GET /api/v1/users/"),
            ("route", "POST /api/v1/users/"),
            ("route", "POST /api/v1/users/lookup"),
            ("route", "GET /api/v1/items/"),
            ("route", "POST /api/v1/items/"),
            ("route", "GET /api/v1/items/{item_id}"),
            ("route", "DELETE /api/v1/items/{item_id}"),
            ("route", "POST /api/v1/items/{item_id}/purchase"),
            ("command", "orderly"),
            ("command", "create-superuser"),  # Typer turns create_superuser into this
            ("command", "seed-db"),
            ("task", "app.worker.send_receipt"),
            ("schedule", "app.worker.cleanup"),
            ("model", "User"),
            ("model", "Item"),
            ("model", "AuditLog"),
            ("model", "ItemCreate"),
            ("model", "ItemPublic"),
            ("model", "UserCreate"),
            ("model", "UserPublic"),
            ("model", "LookupRequest"),
            ("model", "Token"),
            ("model", "Money"),
            ("model", "Receipt"),
            ("relation", "Item -> User"),
            ("relation", "User -> Item"),  # one-to-many, Mapped[list["Item"]]
            ("relation", "AuditLog -> User"),
            ("external", "api.stripe.com"),
            ("external", "geo.example.com"),
            ("auth", "OAuth2PasswordBearer"),
            ("auth", "JWT"),
            ("auth", "get_current_active_superuser"),
            ("hashing", "bcrypt"),
            ("exception", "DomainError"),
            ("exception", "NotFound"),
            ("exception", "Conflict"),
            ("handler", "DomainError"),
            ("handler", "NotFound"),
            ("handler", "RequestValidationError"),
            ("retry", "create_charge"),
            ("breaker", "fetch_prices"),
            ("timeout-missing", "app/clients/geo.py:lookup"),
            ("blocking-in-async", "app/clients/geo.py:lookup"),
            ("blocking-in-async", "app/clients/geo.py:lookup_many"),
            ("query-in-loop", "app/crud.py:load_users"),
            # No kind for: CORS allow_origins ["*"] with credentials; token lifetime
            # 60 * 24 minutes; Sentry error tracking; the fallback in
            # app/clients/payments.py:current_prices; the client-level timeout of the
            # AsyncClient; Alembic migrations; e-mail through aiosmtplib (host from settings).
        ],
        "must_not_claim": [
            "/only-in-tests",  # a local APIRouter class in tests/
            ("route", "/x"),  # scripts/show_config.py: local get()
            ("route", "GET docs"),  # `app` is a dict there
            ("route", "prices"),  # cache.get("prices") on a dict
            ("model", "ItemFactoryPayload"),  # pydantic model in tests/
            ("external", "orderly.test"),
            ("timeout-missing", "app/clients/payments.py"),
            ("blocking-in-async", "app/clients/payments.py"),
            ("blocking-in-async", "app/worker.py"),
            ("query-in-loop", "app/cli.py"),
        ],
    },
    "flask_app": {
        "must_find": [
            ("route", "GET /"),
            ("route", "GET /auth/login"),
            ("route", "POST /auth/login"),
            ("route", "GET /auth/register"),
            ("route", "POST /auth/register"),
            ("route", "GET /auth/logout"),
            ("route", "GET /catalog/"),
            ("route", "GET /catalog/<int:product_id>"),
            ("route", "POST /catalog/<int:product_id>/order"),
            ("route", "POST /catalog/admin/products"),
            ("command", "init-db"),
            ("command", "seed"),
            ("command", "export"),
            ("command", "shop-admin"),
            ("task", "shop.jobs.send_order_email"),  # enqueued on an RQ queue
            ("task", "shop.jobs.refresh_rates"),
            ("task", "shop.jobs.archive_invoice"),
            ("model", "User"),
            ("model", "Product"),
            ("model", "Order"),
            ("relation", "Order -> User"),
            ("relation", "Order -> Product"),  # many-to-many through order_items
            ("external", "api.exchangerate.host"),
            ("external", "warehouse.example.com"),
            ("external", "smtp.example.com"),
            ("external", "AWS S3"),
            ("external", "Stripe"),
            ("auth", "Flask-Login"),
            ("auth", "login_required"),
            ("auth", "is_admin"),
            ("hashing", "werkzeug"),
            ("exception", "ShopError"),
            ("exception", "OutOfStock"),
            ("exception", "PaymentDeclined"),
            ("handler", "404"),
            ("handler", "500"),
            ("handler", "403"),
            ("handler", "ShopError"),
            ("retry", "fetch_rates"),
            ("retry", "urllib3"),
            # No kind for: SESSION_COOKIE_SECURE/HTTPONLY/SAMESITE, PERMANENT_SESSION_LIFETIME
            # of 8 hours, REMEMBER_COOKIE_DURATION, CSRFProtect, Talisman (force_https, CSP);
            # e-mail through Flask-Mail; the order_items association table.
        ],
        "must_not_claim": [
            "/preview/order-confirmation",  # local Flask stand-in in shop/stubs.py
            "example.invalid",
            ("route", "rates"),  # @cache.get("rates") on a local object
            ("model", "FakeProduct"),  # defined in tests/
            ("external", "cornershop.test"),
            ("outbound-in", "shop/stubs.py"),
            ("timeout-missing", "shop/integrations.py"),
            ("query-in-loop", "shop/commands.py"),
        ],
    },
    "misc_frameworks": {
        "must_find": [
            # starlette_app
            ("route", "GET /"),
            ("route", "GET /users/{id}"),
            ("route", "ANY /static"),
            ("route", "WS /ws"),
            # aiohttp_app
            ("route", "POST /items"),
            ("route", "GET /health"),
            ("route", "GET /ping"),
            # falcon_app
            ("route", "GET /things"),
            ("route", "POST /things"),
            # tornado_app
            ("route", "GET /story/([0-9]+)"),
            ("route", "POST /story/([0-9]+)"),
            # grpc_service (protos/inventory.proto, server.py)
            ("grpc", "Inventory.GetItem"),
            ("grpc", "Inventory.ListItems"),
            # graphql_api
            ("graphql", "Query.books"),
            ("graphql", "Query.book"),
            ("graphql", "Mutation.borrow"),
            ("graphql", "Query.authors"),
            # specs/openapi.yaml
            ("api-operation", "GET /books"),
            ("api-operation", "POST /books"),
            ("api-operation", "GET /books/{isbn}"),
            ("api-operation", "POST /loans"),
            ("command", "tool"),
            ("command", "sync"),
            ("command", "report"),
            ("task", "events.dramatiq_actors.resize_cover"),
            ("task", "events.huey_tasks.reindex_book"),
            ("task", "events.huey_tasks.refresh_availability"),
            ("schedule", "events.huey_tasks.refresh_availability"),
            ("consumer", "orders"),  # Kafka, also an AsyncAPI channel
            ("consumer", "emails"),  # AMQP, also an AsyncAPI channel
            ("model", "Author"),  # peewee and Tortoise both define one
            ("model", "Book"),
            ("model", "Post"),
            ("model", "Reader"),
            ("model", "Review"),
            ("model", "Shelf"),
            ("model", "Loan"),
            ("model", "Publisher"),
            ("model", "Edition"),
            ("model", "PageRange"),
            ("model", "Rating"),
            ("relation", "Book -> Author"),
            ("relation", "Post -> Author"),
            ("relation", "Review -> Reader"),
            ("relation", "Loan -> Shelf"),
            ("relation", "Edition -> Publisher"),
            ("retry", "resize_cover"),  # dramatiq max_retries=3
        ],
        "must_not_claim": [
            ("route", "/x"),  # static_site/builder.py: local path() and urlpatterns
            ("route", "/about/"),
            ("route", "/changelog"),  # SiteMap.add_route on a local class
            ("consumer", "test-topic"),  # local KafkaConsumer class in tests/
        ],
    },
}
