"""Settings in Python source: text in, SettingValue facts out (read during the python scan)."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import PythonFacts, SettingValue
from archscribe.scanners.python_source import PYTHON_SCANNER, scan_python


def scan(source: str) -> PythonFacts:
    """Scan dedented source text, encoded as UTF-8."""
    return scan_python(textwrap.dedent(source).encode("utf-8"))


def test_settings_change_the_scanners_version() -> None:
    assert PYTHON_SCANNER.version == 13


# --- settings modules ----------------------------------------------------------------------

DJANGO_SETTINGS = '''\
"""Settings; see https://docs.djangoproject.com/en/5.0/topics/settings/."""

import os

import environ

env = environ.Env()

SECRET_KEY = "django-insecure-9x!k2@zq"
DEBUG = True
ALLOWED_HOSTS = ["example.com", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "rest_framework",
    "myapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "my app db",
        "HOST": "db.internal.example",
        "PASSWORD": "hunter2",
        "PORT": 5432,
    },
    "replica": env.db("REPLICA_URL", default="postgis://reader:s3cret@replica/app"),
}

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://redis:6379/1"),
    }
}

AUTHENTICATION_BACKENDS = ("django.contrib.auth.backends.ModelBackend",)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = "smtp.mailgun.org"
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "amqp://guest:guest@rabbitmq:5672//")
DEFAULT_FILE_STORAGE = "storages.backends.s3boto3.S3Boto3Storage"
STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}
STATIC_ROOT = "/var/www/static"
TIME_ZONE = "Europe/Paris"
API_TOKEN = "tok_live_abc"
database = "postgres://lower:case@host/db"
# CACHE_URL = "memcached://cache:11211"

if DEBUG:
    INSTALLED_APPS += ["debug_toolbar"]
    MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")

try:
    from .local import *  # noqa: F403
except ImportError:
    SENTRY_ENVIRONMENT = "production"
'''


def test_a_django_settings_module() -> None:
    facts = scan_python(DJANGO_SETTINGS.encode())
    assert facts.settings == (
        SettingValue("DEBUG", 10, "True"),  # flags of security and debugging are kept
        SettingValue("ALLOWED_HOSTS", 11, "localhost"),
        SettingValue("INSTALLED_APPS", 14, "django.contrib.admin"),
        SettingValue("INSTALLED_APPS", 15, "rest_framework"),
        SettingValue("INSTALLED_APPS", 16, "myapp"),
        SettingValue("MIDDLEWARE", 20, "django.middleware.security.SecurityMiddleware"),
        SettingValue("MIDDLEWARE", 21, "whitenoise.middleware.WhiteNoiseMiddleware"),
        SettingValue("DATABASES.default.ENGINE", 26, "django.db.backends.postgresql"),
        SettingValue("DATABASES.replica", 32, scheme="postgis"),
        SettingValue("CACHES.default.BACKEND", 37, "django_redis.cache.RedisCache"),
        SettingValue("CACHES.default.LOCATION", 38, scheme="redis"),
        SettingValue("AUTHENTICATION_BACKENDS", 42, "django.contrib.auth.backends.ModelBackend"),
        SettingValue("EMAIL_BACKEND", 43, "django.core.mail.backends.smtp.EmailBackend"),
        SettingValue("SESSION_ENGINE", 45, "django.contrib.sessions.backends.cache"),
        SettingValue("CELERY_BROKER_URL", 46, scheme="amqp"),
        SettingValue("DEFAULT_FILE_STORAGE", 47, "storages.backends.s3boto3.S3Boto3Storage"),
        SettingValue("STORAGES.default.BACKEND", 48, "storages.backends.s3.S3Storage"),
        SettingValue("INSTALLED_APPS", 56, "debug_toolbar"),
        SettingValue("MIDDLEWARE", 57, "debug_toolbar.middleware.DebugToolbarMiddleware"),
        SettingValue("SENTRY_ENVIRONMENT", 62, "production"),
    )
    assert facts.problems == ()


def test_no_secret_host_or_password_reaches_the_facts() -> None:
    shown = repr(scan_python(DJANGO_SETTINGS.encode()))
    for hidden in (
        "django-insecure",  # SECRET_KEY's value
        "SECRET_KEY",
        "hunter2",
        "PASSWORD",
        "s3cret",
        "reader",
        "guest",
        "rabbitmq",
        "db.internal",
        "smtp.mailgun.org",
        "tok_live",
        "API_TOKEN",
        "lower:case",
        "memcached",
        "/var/www",
        "Europe",
        "my app db",
    ):
        assert hidden not in shown


def test_only_words_dotted_paths_and_url_schemes_are_kept() -> None:
    long_path = "pkg." * 50 + "Backend"  # 207 characters
    facts = scan(
        f"""\
        BACKEND = "myapp.backends.Fast"
        WORD = "redis"
        URL = "rediss://user:pw@cache.example.com:6380/0"
        SPACED = "two words"
        PATH = "/etc/app.conf"
        NUMBER = 42
        NUMERIC = "42"
        LONG = "{long_path}"
        REPEATED = "a" * 300
        HOSTNAME = "api.example.com"
        SERVER_NAME = "internal.web.cluster"
        KEYISH = "pk_test_51H8x2eLk9Q0zj3sA"
        DASHED = "django-redis"
        NONE = None
        EMPTY = ""
        JOINED = "https://" "example.com"
        NOT_A_URL = "see https://example.com"
        PREFIX = "https://"
        """
    )
    assert facts.settings == (
        SettingValue("BACKEND", 1, "myapp.backends.Fast"),
        SettingValue("WORD", 2, "redis"),
        SettingValue("URL", 3, scheme="rediss"),
        SettingValue("JOINED", 16, scheme="https"),
    )


def test_a_word_that_only_spells_its_own_name_is_not_a_setting() -> None:
    facts = scan(
        """\
        CONF_HOST = "host"
        SERVICE_TURN_ON = "turn_on"
        DOMAIN = "hue"
        REDIS = "redis"
        CACHE_BACKEND = "backend"
        """
    )
    assert facts.settings == (SettingValue("DOMAIN", 3, "hue"),)


def test_annotated_and_augmented_module_settings() -> None:
    facts = scan(
        """\
        from typing import Final

        EMAIL_BACKEND: Final = "anymail.backends.mailgun.EmailBackend"
        PLUGINS: list[str] = ["plugins.audit"]
        PLUGINS += ("plugins.billing",)
        PLUGINS.extend(["plugins.search"])
        PLUGINS.append("plugins.export")
        LATE: str
        """
    )
    assert facts.settings == (
        SettingValue("EMAIL_BACKEND", 3, "anymail.backends.mailgun.EmailBackend"),
        SettingValue("PLUGINS", 4, "plugins.audit"),
        SettingValue("PLUGINS", 5, "plugins.billing"),
        SettingValue("PLUGINS", 6, "plugins.search"),
        SettingValue("PLUGINS", 7, "plugins.export"),
    )


def test_environment_lookups_give_the_scheme_or_word_of_their_default() -> None:
    facts = scan(
        """\
        import os
        import dj_database_url
        from decouple import config

        A_URL = os.environ.get("A_URL", "postgres://a:pw@a-host/db")
        B_URL = os.getenv("B_URL", default="redis://b")
        C_URL = env("C_URL", default="amqp://c")
        D_URL = config("D_URL", default="mongodb+srv://d.example.net/x")
        DATABASES = {"default": dj_database_url.config(default="postgis:///geo")}
        E_BACKEND = env.str("E_BACKEND", "e.backends.Mine")
        F_URL = env.url("F_URL")
        G_URL = os.environ["G_URL"]
        H_URL = f"postgresql+asyncpg://{os.environ['DB_USER']}@db/app"
        I_URL = "sqlite:///" + os.path.join(BASE_DIR, "db.sqlite3")
        J_URL = settings.get("J_URL", "redis://not-an-env-lookup")
        SENTRY_DSN = env("SENTRY_DSN", default="https://key@sentry.io/1")
        """
    )
    assert facts.settings == (
        SettingValue("A_URL", 5, scheme="postgres"),
        SettingValue("B_URL", 6, scheme="redis"),
        SettingValue("C_URL", 7, scheme="amqp"),
        SettingValue("D_URL", 8, scheme="mongodb"),
        SettingValue("DATABASES.default", 9, scheme="postgis"),
        SettingValue("E_BACKEND", 10, "e.backends.Mine"),
        SettingValue("H_URL", 13, scheme="postgresql"),
        SettingValue("I_URL", 14, scheme="sqlite"),
    )


def test_a_lowercase_module_name_is_not_a_setting() -> None:
    facts = scan(
        """\
        database = "postgres://app:pw@db/app"
        _PRIVATE_BACKEND = "private.backends.Thing"
        Mixed_Case = "mixed.backends.Thing"
        """
    )
    assert facts.settings == ()


def test_settings_are_capped_per_file() -> None:
    items = "".join(f'    "app{n}.apps",\n' for n in range(600))
    facts = scan_python(f"INSTALLED_APPS = [\n{items}]\nLAST = 'last.one'\n".encode())
    assert len(facts.settings) == 500
    assert facts.settings[0] == SettingValue("INSTALLED_APPS", 2, "app0.apps")
    assert facts.settings[-1] == SettingValue("INSTALLED_APPS", 501, "app499.apps")


# --- configuration classes -----------------------------------------------------------------


def test_config_classes_and_pydantic_settings() -> None:
    facts = scan(
        """\
        import os
        from pydantic import Field
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Config:
            SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///app.db")
            SESSION_TYPE = "redis"
            SECRET_KEY = "flask-secret-value"
            debug_mode = "verbose"

            class Nested:
                NESTED_BACKEND = "nested.backend.Thing"

            def init_app(self):
                METHOD_BACKEND = "method.backend.Thing"


        class ProductionConfig(Config):
            CACHE_TYPE: str = "RedisCache"
            if os.environ.get("FAST"):
                CACHE_REDIS_URL = "redis://cache"


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_file=".env")
            database_url: str = "postgresql+asyncpg://user:pw@postgres/app"
            redis_url: str = Field("redis://localhost:6379", description="cache")
            broker: str = Field(default="amqp://rabbit")
            queue_backend = "queues.backends.Redis"
            redis_dsn: str = "rediss://dsn-is-secret"
            api_key: str = "sk_live_abcdef"
            _private: str = "private.value"
            workers: int = 4
            name: str
        """
    )
    assert facts.settings == (
        SettingValue("SQLALCHEMY_DATABASE_URI", 7, scheme="sqlite"),
        SettingValue("SESSION_TYPE", 8, "redis"),
        SettingValue("CACHE_TYPE", 20, "RedisCache"),
        SettingValue("CACHE_REDIS_URL", 22, scheme="redis"),
        SettingValue("database_url", 27, scheme="postgresql"),
        SettingValue("redis_url", 28, scheme="redis"),
        SettingValue("broker", 29, scheme="amqp"),
        SettingValue("queue_backend", 30, "queues.backends.Redis"),
        SettingValue("workers", 34, "4"),  # a worker count: kept for Performance
    )
    assert "flask-secret" not in repr(facts)
    assert "sk_live" not in repr(facts)


def test_a_class_inside_a_function_is_not_read() -> None:
    facts = scan(
        """\
        def make():
            class Config:
                CACHE_TYPE = "RedisCache"
            return Config
        """
    )
    assert facts.settings == ()


# --- app.config ----------------------------------------------------------------------------

FLASK_APP = '''\
"""The app factory. Docs: create_engine("postgresql://doc:string@x/y") is not a call."""

import os

from flask import Flask

app = Flask(__name__)
app.config["SQLALCHEMY_ENGINE"] = "sqlalchemy.engine.Engine"
app.config.update(CACHE_TYPE="SimpleCache", SECRET_KEY="dev-secret")
app.config["free text key"] = "free.text.value"


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE=os.path.join(app.instance_path, "app.sqlite"),
        SESSION_ENGINE="flask_session.RedisSessionInterface",
    )
    if test_config:
        app.config.update({"CELERY_BROKER_URL": "redis://redis:6379/2", "TESTING": True})
        app.config.update(dict(RQ_BACKEND="rq.backends.Redis"))
    app.config["SQLALCHEMY_DATABASE_URI"] = f"postgresql://{os.environ['DB_HOST']}/app"
    DATABASES = {"default": {"ENGINE": "local.not.read"}}
    CACHES = "caches.not.read"

    def inner():
        app.config["INNER"] = "inner.value"
        DATABASES = {"default": {"ENGINE": "inner.not.read"}}

    return app


class Factory:
    def build(self):
        self.app.config["IN_METHOD"] = "method.value"
        self.app.config.update(METHOD_BACKEND="method.backend")
'''


def test_app_config_at_module_level_and_in_a_top_level_function() -> None:
    facts = scan_python(FLASK_APP.encode())
    assert facts.settings == (
        SettingValue("SQLALCHEMY_ENGINE", 8, "sqlalchemy.engine.Engine"),
        SettingValue("CACHE_TYPE", 9, "SimpleCache"),
        SettingValue("SESSION_ENGINE", 17, "flask_session.RedisSessionInterface"),
        SettingValue("CELERY_BROKER_URL", 20, scheme="redis"),
        SettingValue("RQ_BACKEND", 21, "rq.backends.Redis"),
        SettingValue("SQLALCHEMY_DATABASE_URI", 22, scheme="postgresql"),
    )
    assert "dev-secret" not in repr(facts)


# --- calls given a URL ---------------------------------------------------------------------


def test_calls_given_a_url() -> None:
    facts = scan(
        """\
        import os
        import redis
        from celery import Celery
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        engine = create_engine("postgresql+psycopg://app:pw@db/app")  # create_engine("mysql://x")
        cache = redis.Redis.from_url(
            "redis://cache:6379/0"
        )
        celery = Celery("proj", broker="amqp://guest@rabbit//", backend="redis://redis/1")
        Session = sessionmaker(bind=create_engine(os.getenv("DB_URL", "mysql+pymysql://u:p@m/db")))
        boto3.client("s3", endpoint_url="http://minio:9000")
        print("plain words, no url")
        secure = url.startswith("https://")
        stored = url.removeprefix("s3://bucket/")


        async def main():
            pool = await asyncpg.create_pool(dsn="postgres://pool/db")
            return create_async_engine(url="sqlite+aiosqlite:///x.db")
        """
    )
    assert facts.settings == (
        SettingValue("call:create_engine", 7, scheme="postgresql"),
        SettingValue("call:redis.Redis.from_url", 9, scheme="redis"),
        SettingValue("call:Celery.broker", 11, scheme="amqp"),
        SettingValue("call:Celery.backend", 11, scheme="redis"),
        SettingValue("call:create_engine", 12, scheme="mysql"),
        SettingValue("call:boto3.client.endpoint_url", 13, scheme="http"),
        SettingValue("call:asyncpg.create_pool.dsn", 20, scheme="postgres"),
        SettingValue("call:create_async_engine", 21, scheme="sqlite"),
    )


def test_urls_in_docstrings_comments_methods_and_nested_functions_are_not_calls() -> None:
    facts = scan(
        '''\
        """Connect with create_engine("postgresql://doc:string@x/y")."""
        # engine = create_engine("mysql://commented/out")


        class Store:
            """Uses Redis.from_url("redis://doc/0")."""

            engine = make_engine("oracle://class/body")

            def connect(self):
                return create_engine("oracle://in/method")


        def outer():
            """create_engine("postgresql://function/docstring")"""

            def inner():
                return create_engine("mssql://inner/fn")

            return inner


        url = "postgres://lower:case@db/app"
        headers = {"Referer": "https://example.com"}
        '''
    )
    assert facts.settings == ()


def test_settings_come_in_source_order_with_call_lines_and_carriage_returns() -> None:
    source = (
        'A_BACKEND = "a.Backend"\r\n'
        "def create_app():\r\n"
        '    app.config["B_BACKEND"] = "b.Backend"\r'
        '    return create_engine("postgresql://x")\r\n'
        'C_URL = "redis://c"\n'
    )
    assert scan_python(source.encode()).settings == (
        SettingValue("A_BACKEND", 1, "a.Backend"),
        SettingValue("B_BACKEND", 3, "b.Backend"),
        SettingValue("call:create_engine", 4, scheme="postgresql"),
        SettingValue("C_URL", 5, scheme="redis"),
    )


# --- bad input -----------------------------------------------------------------------------


def test_unparsable_source_has_no_settings_and_a_problem() -> None:
    facts = scan_python(b'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"\n')
    assert facts.settings == ()
    assert len(facts.problems) == 1


_SETTINGSISH = st.lists(
    st.sampled_from(
        [
            'DATABASES = {"default": {"ENGINE": "x.y", "URL": "pg://a:b@c/d"}}\n',
            "CACHES = dict(default=dict(BACKEND='a.b'))\n",
            "MIDDLEWARE = ['a.b', ('c', ['d.e'])]\n",
            "MIDDLEWARE.insert(0)\n",
            "MIDDLEWARE += 1\n",
            "X = os.environ.get()\n",
            "Y = env.db(default=1)\n",
            "Z = f'{a}://b'\n",
            "W = f''\n",
            "app.config[0] = 'x'\n",
            "app.config.update(1, {**d}, {None: 1}, dict(a=1))\n",
            "create_engine(url=f'redis://{x}')\n",
            "Celery(broker=None, **kw)\n",
            "(lambda: x)()('http://x')\n",
            "def create_app():\n",
            "class Config(BaseSettings):\n",
            "    SECRET = 'x://y'\n",
            "    a: int = Field()\n",
            "    create_engine('sqlite://')\n",
            "if DEBUG:\n",
            "    pass\n",
            "'''https://doc'''\n",
            "\r",
            "(((\n",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SETTINGSISH)
def test_settings_like_fragments_never_raise(text: str) -> None:
    facts = scan_python(text.encode("utf-8"))
    assert isinstance(facts, PythonFacts)
    assert len(facts.settings) <= 500
    for found in facts.settings:
        assert found.line >= 1
        assert found.value or found.scheme
        assert " " not in found.value and "/" not in found.value


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1500))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    for variant in (data, data.replace(b"\x00", b" "), b'X = "a://b"\n' + data):
        assert isinstance(scan_python(variant), PythonFacts)


def test_flags_numbers_and_durations_of_security_and_sessions_are_kept() -> None:
    facts = scan(
        """\
        from datetime import timedelta
        SESSION_COOKIE_SECURE = True
        SECURE_HSTS_SECONDS = 31536000
        ALLOWED_HOSTS = ["*"]
        SIMPLE_JWT = {"ACCESS_TOKEN_LIFETIME": timedelta(minutes=5), "SIGNING_KEY": "k3y"}
        ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8
        PAGE_SIZE = 30
        SECRET_KEY = "not-kept"
        """
    )
    assert facts.settings == (
        SettingValue("SESSION_COOKIE_SECURE", 2, "True"),
        SettingValue("SECURE_HSTS_SECONDS", 3, "31536000"),
        SettingValue("ALLOWED_HOSTS", 4, "*"),
        SettingValue("SIMPLE_JWT.ACCESS_TOKEN_LIFETIME", 5, "timedelta(minutes=5)"),
        SettingValue("ACCESS_TOKEN_EXPIRE_MINUTES", 6, "11520"),
    )
    assert "k3y" not in repr(facts)
    assert "not-kept" not in repr(facts)


def test_password_hashers_keep_their_class_paths_but_never_a_bare_word() -> None:
    facts = scan(
        """\
        PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "hunter2",
        ]
        DB_PASSWORD = "django.contrib.auth.hashers.Looks.Like.A.Path"
        """
    )
    assert facts.settings == (
        SettingValue("PASSWORD_HASHERS", 2, "django.contrib.auth.hashers.Argon2PasswordHasher"),
    )
