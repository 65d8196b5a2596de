"""Security measures: Django and Flask settings as set, middleware, authentication backends,
DRF classes, decorators, mixins and permission classes resolved through imports, FastAPI
schemes and dependencies, JWT and password hashing; never a look-alike, a test's or a test
configuration's."""

from __future__ import annotations

from pathlib import Path

from code_repo import analyse

from archscribe.analysis.code_index import CodeIndex
from archscribe.analysis.security import describe_security, duration_words
from archscribe.catalogue.bundle import load_catalogue
from archscribe.model.architecture import CodeRole, Module
from archscribe.model.facts import CallFact, ImportFact, PythonFacts, SettingValue
from archscribe.model.semantics import SecurityMeasure

DJANGO = {
    "web/__init__.py": "",
    "web/settings.py": """\
        ALLOWED_HOSTS = ["*"]
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
        ]
        AUTHENTICATION_BACKENDS = [
            "django.contrib.auth.backends.ModelBackend",
            "web.backends.EmailBackend",
        ]
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = 31536000
        SESSION_COOKIE_SECURE = False
        SESSION_ENGINE = "django.contrib.sessions.backends.cache"
        X_FRAME_OPTIONS = "DENY"
        REST_FRAMEWORK = {
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "rest_framework.authentication.TokenAuthentication",
            ],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        }
        """,
    "web/backends.py": """\
        from django.contrib.auth.backends import ModelBackend

        class EmailBackend(ModelBackend):
            pass
        """,
    "web/views.py": """\
        from django.contrib.auth.decorators import login_required, permission_required
        from django.contrib.auth.mixins import LoginRequiredMixin
        from django.views import View
        from rest_framework.permissions import AllowAny, BasePermission
        from rest_framework.views import APIView

        class IsOwner(BasePermission):
            pass

        class Status(APIView):
            permission_classes = [AllowAny, IsOwner]

        class Profile(LoginRequiredMixin, View):
            pass

        @login_required
        def home(request):
            return None

        @permission_required("web.view_thing")
        def things(request):
            return None
        """,
    # look-alikes: a local decorator, a test's settings module
    "web/local.py": """\
        def login_required(view):
            return view

        @login_required
        def page(request):
            return None
        """,
    "web/settings_test.py": "SECURE_SSL_REDIRECT = False\n",
    "tests/test_views.py": """\
        from django.contrib.auth.decorators import login_required

        @login_required
        def fake(request):
            return None
        """,
}


def _said(measures: tuple[SecurityMeasure, ...]) -> list[tuple[str, str, str, str]]:
    return [(m.layer, m.area, m.what, m.evidence.cite()) for m in measures]


def test_django_settings_and_code_are_reported_as_set(tmp_path: Path) -> None:
    said = _said(analyse(tmp_path, DJANGO).semantics.security)
    expected = [
        (
            "application",
            "hosts",
            'any host allowed (ALLOWED_HOSTS contains "*")',
            "web/settings.py:1",
        ),
        ("transport", "transport", "HTTPS redirect", "web/settings.py:11"),
        ("transport", "transport", "HSTS for 31536000 s", "web/settings.py:12"),
        (
            "transport",
            "session",
            "session cookie not limited to HTTPS (SESSION_COOKIE_SECURE = False)",
            "web/settings.py:13",
        ),
        ("application", "session", "sessions kept by the cache", "web/settings.py:14"),
        ("application", "headers", "X-Frame-Options DENY", "web/settings.py:15"),
        (
            "application",
            "csrf",
            "CSRF check on unsafe requests (CsrfViewMiddleware)",
            "web/settings.py:4",
        ),
        (
            "application",
            "authentication",
            "ModelBackend: username and password against the user model",
            "web/settings.py:8",
        ),
        (
            "application",
            "authentication",
            # worded as the class is, so the document lists the two as one item
            "custom authentication backend EmailBackend",
            "web/settings.py:9",
        ),
        (
            "application",
            "authentication",
            "custom authentication backend EmailBackend",
            "web/backends.py:3",
        ),
        ("application", "authentication", "TokenAuthentication by default", "web/settings.py:18"),
        ("application", "authorization", "IsAuthenticated by default", "web/settings.py:20"),
        ("application", "authorization", "custom permission class IsOwner", "web/views.py:7"),
        (
            "application",
            "authorization",
            "permission_classes `[AllowAny, IsOwner]` on Status",
            "web/views.py:11",
        ),
        ("application", "authorization", "LoginRequiredMixin", "web/views.py:13"),
        ("application", "authorization", "login_required", "web/views.py:16"),
        (
            "application",
            "authorization",
            'permission_required("web.view_thing")',
            "web/views.py:20",
        ),
    ]
    for item in expected:
        assert item in said, item
    # whitenoise is no security measure; the local decorator, the test and the test settings
    # are not the system's
    assert not [
        s for s in said if "WhiteNoise" in s[2] or s[3].startswith(("web/local", "tests/"))
    ]
    assert not [s for s in said if "settings_test" in s[3]]


def test_fastapi_schemes_dependencies_jwt_and_hashing(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/deps.py": """\
            import jwt
            from fastapi.security import OAuth2PasswordBearer

            oauth2 = OAuth2PasswordBearer(tokenUrl="/login")

            def get_current_user(token):
                return jwt.decode(token, "k", algorithms=["HS256"])

            def get_current_active_superuser(user):
                return user

            def get_db():
                return None
            """,
        "app/routes.py": """\
            from app.deps import get_current_active_superuser, get_current_user, get_db
            from werkzeug.security import generate_password_hash
            """,
        # look-alike: a local jwt object
        "app/other.py": """\
            class jwt:
                @staticmethod
                def decode(token):
                    return token

            def read(token):
                return jwt.decode(token)
            """,
    }
    said = _said(analyse(tmp_path, files).semantics.security)
    assert (
        "application",
        "authentication",
        "OAuth2PasswordBearer: bearer tokens from the password flow",
        "app/deps.py:4",
    ) in said
    assert (
        "application",
        "authentication",
        "JWTs verified with HS256",
        "app/deps.py:7",
    ) in said
    assert (
        "application",
        "authentication",
        "get_current_user dependency, defined beside the authentication scheme",
        "app/deps.py:6",
    ) in said
    assert (
        "application",
        "authorization",
        "get_current_active_superuser dependency, defined beside the authentication scheme",
        "app/deps.py:9",
    ) in said
    assert (
        "data",
        "hashing",
        "password hashing with werkzeug.security's generate_password_hash",
        "app/routes.py:2",
    ) in said
    assert not [s for s in said if "get_db" in s[2] or s[3].startswith("app/other")]


def test_flask_config_classes_login_and_roles(tmp_path: Path) -> None:
    files = {
        "config.py": """\
            from datetime import timedelta

            class Config:
                SESSION_COOKIE_HTTPONLY = True
                PERMANENT_SESSION_LIFETIME = timedelta(hours=8)

            class TestConfig(Config):
                WTF_CSRF_ENABLED = False
            """,
        "shop/__init__.py": "",
        "shop/ext.py": """\
            from flask_login import LoginManager, UserMixin, login_required
            from flask_wtf.csrf import CSRFProtect

            login_manager = LoginManager()
            csrf = CSRFProtect()

            class User(UserMixin):
                is_admin = False
                name = ""

            @login_required
            def page():
                return None
            """,
    }
    said = _said(analyse(tmp_path, files).semantics.security)
    for item in [
        (
            "application",
            "session",
            "session cookie hidden from scripts (SESSION_COOKIE_HTTPONLY)",
            "config.py:4",
        ),
        (
            "application",
            "session",
            "sessions last 8 hours (PERMANENT_SESSION_LIFETIME)",
            "config.py:5",
        ),
        (
            "application",
            "authentication",
            "LoginManager: logins kept in the session",
            "shop/ext.py:4",
        ),
        ("application", "csrf", "CSRFProtect: CSRF tokens on form posts", "shop/ext.py:5"),
        (
            "application",
            "authorization",
            "role field User.is_admin on the user model",
            "shop/ext.py:8",
        ),
        ("application", "authorization", "login_required", "shop/ext.py:11"),
    ]:
        assert item in said, item
    assert not [s for s in said if "WTF_CSRF" in s[2] or "User.name" in s[2]]


def test_hashers_and_passlib_schemes_are_read_from_their_facts() -> None:
    """PASSWORD_HASHERS' first entry and ``CryptContext(schemes=[...])``, as the facts give
    them when the scanner records them."""
    settings = PythonFacts(
        settings=(
            SettingValue(
                "PASSWORD_HASHERS", 3, "django.contrib.auth.hashers.Argon2PasswordHasher"
            ),
            SettingValue(
                "PASSWORD_HASHERS", 4, "django.contrib.auth.hashers.PBKDF2PasswordHasher"
            ),
        )
    )
    security = PythonFacts(
        imports=(ImportFact("passlib.context", "CryptContext", 1),),
        calls=(CallFact("CryptContext", 3, "", (), (("schemes", '["bcrypt"]'),)),),
    )
    index = CodeIndex(
        [
            (Module("site.settings", "site/settings.py", CodeRole.SOURCE), settings),
            (Module("site.security", "site/security.py", CodeRole.SOURCE), security),
        ]
    )
    said = [(m.what, m.evidence.cite()) for m in describe_security(index, load_catalogue())]
    assert said == [
        ("password hashing with bcrypt (passlib CryptContext)", "site/security.py:3"),
        ("password hashing with Argon2 (first of PASSWORD_HASHERS)", "site/settings.py:3"),
    ]


def test_durations_read_as_words() -> None:
    assert duration_words("timedelta(hours=8)") == "8 hours"
    assert duration_words("timedelta(days=1, hours=2)") == "1 day 2 hours"
    assert duration_words("3600") == "3600"


def test_cors_middleware_added_with_its_origins(tmp_path: Path) -> None:
    arch = analyse(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/main.py": """\
                from fastapi import FastAPI
                from fastapi.middleware.cors import CORSMiddleware
                from api.config import settings

                app = FastAPI()
                app.add_middleware(CORSMiddleware, allow_origins=["*"])
                app.add_middleware(CORSMiddleware, allow_origins=["https://a.test", "https://b.test"])
                app.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS)
                app.add_middleware(GZipMiddleware, minimum_size=1000)
                """,
            "api/config.py": "settings = object()\n",
        },
    )
    cors = [(m.what, m.evidence.line) for m in arch.semantics.security if m.area == "cors"]
    assert cors == [
        ('CORS open to any origin (allow_origins ["*"])', 6),
        ("CORS limited to 2 listed origins", 7),
        ("CORS limited to the origins the settings give", 8),
    ]  # the import alone is not said again
