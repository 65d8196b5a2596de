"""Scanners: the settings a Python file sets, reduced to what is safe to show.

:mod:`.python_source` walks a file's statements once and hands this module's
:class:`SettingsReader` the simple statements of the module scope (its blocks included) and of
top-level functions and classes. Settings are read from:

- module-level ``NAME = value`` (also annotated, and ``NAME += value``,
  ``NAME.append(value)``) where ``NAME`` is UPPER_CASE: a Django settings module;
- UPPER_CASE attributes of top-level classes (``class Config: SQLALCHEMY_DATABASE_URI = ...``),
  and every field with a default of a top-level pydantic ``BaseSettings`` class;
- ``app.config["X"] = value``, ``app.config.update(X=value)`` and
  ``app.config.from_mapping(X=value)``, at module level or in a top-level function
  (``create_app``);
- calls, at module level or in a top-level function, given a URL as their first argument or
  as a ``url``, ``broker``, ``backend``, ``dsn``… keyword (``create_engine("postgresql://...")``,
  ``Celery("proj", broker="amqp://...")``), as ``call:<callee>`` or ``call:<callee>.<keyword>``.

Literal dicts, lists and tuples are followed to their leaves (``DATABASES.default.ENGINE``; one
setting per list item). A leaf keeps its value only when it is a dotted Python path or a bare
word (a backend, an app label) that says more than its own name (``CONF_HOST = "host"`` does
not) and reads neither as a host name nor as a token; a URL keeps only its scheme, also when it
is the default of an environment lookup (``os.environ.get("X", "redis://...")``,
django-environ's ``env.db(...)``, python-decouple's ``config(...)``); anything else is not
recorded at all, and neither is anything under a name that looks secret (``SECRET_KEY``,
``API_TOKEN``). At most 500 settings are kept per file.

The statement walk is the scanner's hot path, so the checks are ordered cheapest first and the
search for URL calls only looks at statements on lines that hold a quoted URL.
"""

from __future__ import annotations

import ast
import itertools
import re
from bisect import bisect_left
from collections.abc import Callable

from archscribe.model.facts import SettingValue
from archscribe.scanners.env_values import looks_secret, url_parts

__all__ = ["SettingsReader", "dotted_name"]

_MAX_SETTINGS = 500
_MAX_VALUE = 200
_MAX_KEY = 100

# A dotted Python path or a bare word: the only kind of value ever kept.
_WORD_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_LETTERS_PATH = re.compile(r"[A-Za-z_]+(?:\.[A-Za-z_]+)*")  # the same without digits
_DIGITS = re.compile(r"[0-9]+")
# ``://`` (matched at its last ``/``), and a quote and a scheme just before it: a line where a
# URL call can stand.
_URL_MARK = re.compile(rb"/(?<=://)")
_QUOTED_SCHEME = re.compile(rb"[\"'][A-Za-z][A-Za-z0-9+.-]*$")
_MAX_SCHEME = 40
# Settings whose flags, numbers and durations are kept (``SESSION_COOKIE_SECURE = True``,
# ``SECURE_HSTS_SECONDS = 31536000``, ``ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)``): what
# the security, session and performance sections report. A flag or a number is never a secret.
_SCALAR_SETTING = re.compile(
    r"SECURE|SESSION|CSRF|CORS|COOKIE|HSTS|SSL|TLS|(?:^|_)DEBUG(?:_|$)|ALLOWED_HOSTS|ORIGIN|"
    r"EXPIRE|LIFETIME|DURATION|TIMEOUT|X_FRAME|NOSNIFF|REFERRER|WORKERS|CONCURRENCY|POOL_SIZE|"
    r"MAX_OVERFLOW|THROTTL|RATE_LIMIT|PREFETCH|MAX_RETRIES|RETRY",
    re.IGNORECASE,
)
# Settings whose names sound secret but whose values are lists of classes (the hashers).
_CLASS_LIST_SETTING = re.compile(r"_HASHERS\Z|\AAUTH_PASSWORD_VALIDATORS\Z")
# Settings where ``"*"`` (any host, any origin) is worth keeping.
_ANY_HOST_SETTING = re.compile(r"ALLOWED_HOSTS|ORIGIN", re.IGNORECASE)
_DURATION_CALLEES = frozenset({"timedelta", "datetime.timedelta"})
_DURATION_UNITS = frozenset(
    {"weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds"}
)
# Settings whose dotted values are host names, not Python paths (``EMAIL_HOST``).
_HOST_SETTING = re.compile(r"HOST|DOMAIN|ORIGIN|ADDR|SERVER|ENDPOINT", re.IGNORECASE)
# Last labels that make a dotted word a host name (``smtp.example.com``) rather than a path.
_HOST_SUFFIXES = frozenset(
    {
        "biz", "ch", "cn", "co", "com", "de", "edu", "eu", "example", "fr", "gov", "in", "info",
        "internal", "invalid", "io", "jp", "lan", "local", "localdomain", "localhost", "net",
        "nl", "org", "ru", "test", "uk", "us",
    }
)  # fmt: skip

# Calls that read a setting with a default (environment lookups, pydantic's Field): the callee
# (as written, or its last two or last one dotted parts) -> (position, keyword) of the default.
_READERS: dict[str, tuple[int, str]] = {
    "environ.get": (1, "default"),
    "getenv": (1, "default"),
    "env": (1, "default"),
    "env.str": (1, "default"),
    "env.url": (1, "default"),
    "env.db": (1, "default"),
    "env.db_url": (1, "default"),
    "env.cache": (1, "default"),
    "env.cache_url": (1, "default"),
    "env.email_url": (1, "default"),
    "env.search_url": (1, "default"),
    "env.get_value": (1, "default"),
    "config": (1, "default"),
    "dj_database_url.config": (1, "default"),
    "dj_database_url.parse": (0, "url"),
    "Field": (0, "default"),
}

_READER_ENDINGS = frozenset(callee.rpartition(".")[2] for callee in _READERS)

# Keywords of a call that name what it connects to -> the suffix of the setting they give.
_URL_KEYWORDS: dict[str, str] = {
    "url": "",
    "dsn": ".dsn",
    "broker": ".broker",
    "broker_url": ".broker_url",
    "backend": ".backend",
    "result_backend": ".result_backend",
    "endpoint_url": ".endpoint_url",
}

# Methods that test or take apart a string given a URL; they connect to nothing.
_STRING_METHODS = frozenset(
    {"count", "endswith", "find", "index", "partition", "removeprefix", "removesuffix",
     "replace", "rfind", "split", "startswith"}
)  # fmt: skip

# ``app.config.<method>(X=...)`` that sets configuration keys.
_CONFIG_METHODS = frozenset({"update", "from_mapping"})
# ``NAME.<method>(...)`` on a module-level list setting -> the position of the added item(s).
_LIST_METHODS: dict[str, int] = {"append": 0, "extend": 0, "insert": 1}


def dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes; None for anything else."""
    parts: list[str] = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    if not parts:
        return node.id
    parts.append(node.id)
    parts.reverse()
    return ".".join(parts)


class SettingsReader:
    """Collects the :class:`SettingValue` facts of one file from the statements handed to it.

    Called for every simple statement of the module scope and of top-level functions and
    classes, so each method rejects the common statement with a few type checks before any call.
    """

    __slots__ = ("_url_lines", "settings")

    def __init__(self, data: bytes) -> None:
        self.settings: list[SettingValue] = []
        self._url_lines = _quoted_url_lines(data)

    def module_statement(self, node: ast.stmt) -> None:
        """Read a simple statement at module scope (the module body or its blocks)."""
        if type(node) is ast.Assign:
            value = node.value
            for target in node.targets:
                if type(target) is ast.Name:
                    name = target.id
                    if name.isupper() and name[0] != "_":
                        self._setting(name, value)
                elif type(target) is ast.Subscript:
                    self._config_item(target, value)
        elif type(node) is ast.AnnAssign or type(node) is ast.AugAssign:
            target = node.target
            if type(target) is ast.Name and node.value is not None:
                name = target.id
                if name.isupper() and name[0] != "_":
                    self._setting(name, node.value)
        elif type(node) is ast.Expr:
            call = node.value
            if type(call) is ast.Call and type(call.func) is ast.Attribute:
                self._method_call(call, call.func, True)
        if self._url_lines:
            self._url_calls(node)

    def function_statement(self, node: ast.stmt) -> None:
        """Read a simple statement in a top-level function (``create_app``), at any depth of
        its blocks: ``app.config`` items and updates, and URL calls."""
        if type(node) is ast.Expr:
            call = node.value
            if type(call) is ast.Call:
                func = call.func
                if type(func) is ast.Attribute and func.attr in _CONFIG_METHODS:
                    self._method_call(call, func, False)
        elif type(node) is ast.Assign:
            for target in node.targets:
                if type(target) is ast.Subscript:
                    self._config_item(target, node.value)
        if self._url_lines:
            self._url_calls(node)

    def class_statement(self, node: ast.stmt) -> None:
        """Read a simple statement in the body of a top-level class: UPPER_CASE attributes."""
        if type(node) is ast.Assign:
            for target in node.targets:
                if type(target) is ast.Name and _is_setting_name(target.id):
                    self._setting(target.id, node.value)
        elif type(node) is ast.AnnAssign:
            target = node.target
            if type(target) is ast.Name and _is_setting_name(target.id) and node.value is not None:
                self._setting(target.id, node.value)

    def settings_class_statement(self, node: ast.stmt) -> None:
        """Read a simple statement in the body of a top-level pydantic ``BaseSettings`` class:
        every public field with a default, whatever its case (``database_url: str = ...``)."""
        if type(node) is ast.Assign:
            targets = node.targets
        elif type(node) is ast.AnnAssign and node.value is not None:
            targets = [node.target]
        else:
            return
        for target in targets:
            if type(target) is ast.Name and _is_field_name(target.id) and node.value is not None:
                self._setting(target.id, node.value)

    def class_reader(self, bases: tuple[str, ...]) -> Callable[[ast.stmt], None]:
        """The method that reads the body of a top-level class with these bases (dotted text)."""
        for base in bases:
            if base.rpartition(".")[2] == "BaseSettings":
                return self.settings_class_statement
        return self.class_statement

    # --- what sets a setting -----------------------------------------------------------------

    def _config_item(self, target: ast.Subscript, value: ast.expr) -> None:
        """``app.config["X"] = value``."""
        key = target.slice
        holder = target.value
        if (
            type(holder) is ast.Attribute
            and holder.attr == "config"
            and type(key) is ast.Constant
            and type(key.value) is str
            and _is_key(key.value)
        ):
            self._setting(key.value, value)

    def _method_call(self, call: ast.Call, func: ast.Attribute, module: bool) -> None:
        """``app.config.update(X=...)``, or at module level ``MIDDLEWARE.append(...)``."""
        holder = func.value
        if func.attr in _CONFIG_METHODS:
            if type(holder) is ast.Attribute and holder.attr == "config":
                self._keywords(call)
        elif module and func.attr in _LIST_METHODS:
            position = _LIST_METHODS[func.attr]
            if (
                type(holder) is ast.Name
                and _is_setting_name(holder.id)
                and len(call.args) > position
            ):
                self._setting(holder.id, call.args[position])

    def _keywords(self, call: ast.Call) -> None:
        """Each ``X=value`` of a call, and each key of a dict (or ``dict(...)``) passed to it."""
        for keyword in call.keywords:
            if keyword.arg is not None:
                self._setting(keyword.arg, keyword.value)
        for argument in call.args:
            if type(argument) is ast.Dict:
                self._entries("", argument)
            elif type(argument) is ast.Call and _is_dict_call(argument):
                self._keywords(argument)

    # --- values --------------------------------------------------------------------------------

    def _setting(self, name: str, value: ast.expr) -> None:
        """Record what ``name`` is set to, unless the name looks secret.

        The name is judged only once something of its value would be kept: most values keep
        nothing, and the judgement is the costlier step.
        """
        settings = self.settings
        if type(value) is ast.Constant:  # the commonest setting, ``NAME = "literal"``: no descent
            text = value.value
            if type(text) is str and len(settings) < _MAX_SETTINGS:
                kept = _kept_text(name, text)
                if kept is not None and not looks_secret(name):
                    settings.append(SettingValue(name, value.lineno, kept[0], kept[1]))
                return
        if len(settings) < _MAX_SETTINGS and _SCALAR_SETTING.search(name):
            scalar = _scalar(value)
            if scalar:  # a flag, a number or a duration: never a secret
                settings.append(SettingValue(name, value.lineno, scalar))
                return
        if type(value) is ast.Constant:
            return
        before = len(settings)
        self._value(name, value)
        if len(settings) > before and looks_secret(name):
            if _CLASS_LIST_SETTING.search(name):
                # PASSWORD_HASHERS names classes: keep the dotted paths, never a bare word
                settings[before:] = [v for v in settings[before:] if "." in v.value]
            else:
                del settings[before:]

    def _value(self, setting: str, node: ast.expr) -> None:
        """Follow literal containers down to their leaves; record the leaves worth keeping.

        Ordered by how often each kind turns up in real settings and constants, so that the
        common leaves (strings, calls, names) cost a type check or two.
        """
        if type(node) is ast.Constant:
            text = node.value
            if type(text) is not str:
                if _SCALAR_SETTING.search(setting) and (scalar := _scalar(node)):
                    self.settings.append(SettingValue(setting, node.lineno, scalar))
                return
            kept = _kept_text(setting, text)
            if kept is None and text == "*" and _ANY_HOST_SETTING.search(setting):
                kept = ("*", "")
        elif type(node) is ast.Call:
            if _SCALAR_SETTING.search(setting) and (scalar := _scalar(node)):
                self.settings.append(SettingValue(setting, node.lineno, scalar))
                return
            if _is_dict_call(node):
                for keyword in node.keywords:
                    if keyword.arg is not None and not looks_secret(keyword.arg):
                        self._value(setting + "." + keyword.arg, keyword.value)
                return
            kept = _kept_default(setting, node)
        elif type(node) is ast.List or type(node) is ast.Tuple or type(node) is ast.Set:
            for item in node.elts:
                if type(item) is not ast.Name and type(item) is not ast.Attribute:
                    if len(self.settings) >= _MAX_SETTINGS:
                        return
                    self._value(setting, item)
            return
        elif type(node) is ast.Dict:
            self._entries(setting + ".", node)
            return
        elif type(node) is ast.JoinedStr or type(node) is ast.BinOp:
            scheme = _scheme(node)
            kept = ("", scheme) if scheme else None
        else:
            return
        if kept is not None and len(self.settings) < _MAX_SETTINGS:
            self.settings.append(SettingValue(setting, node.lineno, kept[0], kept[1]))

    def _entries(self, prefix: str, node: ast.Dict) -> None:
        """The entries of a literal dict whose keys are words, under ``prefix``."""
        for key, item in zip(node.keys, node.values, strict=True):
            if type(key) is not ast.Constant or type(key.value) is not str:
                continue
            if len(self.settings) >= _MAX_SETTINGS:
                return
            if _is_key(key.value):
                self._value(prefix + key.value, item)
            elif _SCALAR_SETTING.search(key.value) and (scalar := _scalar(item)):
                # ``"ACCESS_TOKEN_LIFETIME": timedelta(...)``: a secret-sounding key, but a
                # duration is no secret
                self.settings.append(SettingValue(prefix + key.value, item.lineno, scalar))

    # --- calls given a URL ---------------------------------------------------------------------

    def _url_calls(self, node: ast.stmt) -> None:
        """The URL calls in a statement, looked for only when it spans a quoted URL."""
        lines = self._url_lines
        index = bisect_left(lines, node.lineno)
        if index == len(lines) or lines[index] > (node.end_lineno or node.lineno):
            return
        for child in ast.walk(node):
            if type(child) is ast.Call and len(self.settings) < _MAX_SETTINGS:
                self._url_call(child)

    def _url_call(self, call: ast.Call) -> None:
        """``call:<callee>`` (and ``call:<callee>.<keyword>``) for a call given a URL."""
        callee = dotted_name(call.func)
        if (
            callee is None
            or callee.rpartition(".")[2] in _STRING_METHODS
            or _reader(callee) is not None
        ):
            return
        if call.args:
            self._call_setting("call:" + callee, call.args[0])
        for keyword in call.keywords:
            suffix = _URL_KEYWORDS.get(keyword.arg or "")
            if suffix is not None:
                self._call_setting("call:" + callee + suffix, keyword.value)

    def _call_setting(self, setting: str, argument: ast.expr) -> None:
        scheme = _scheme(argument)
        if scheme and len(self.settings) < _MAX_SETTINGS:
            self.settings.append(SettingValue(setting, argument.lineno, scheme=scheme))


# --- leaves --------------------------------------------------------------------------------


def _scalar(node: ast.expr) -> str:
    """A flag, a whole number (also a product or sum of literals, ``60 * 60 * 24``) or a
    ``timedelta(minutes=5)`` as text; "" for anything else."""
    if type(node) is ast.Constant:
        value = node.value
        if type(value) is bool or type(value) is int:
            return str(value)
        return ""
    if type(node) is ast.BinOp:
        number = _number(node)
        return str(number) if number is not None else ""
    if type(node) is ast.Call and dotted_name(node.func) in _DURATION_CALLEES and not node.args:
        parts = []
        for keyword in node.keywords:
            amount = _number(keyword.value)
            if keyword.arg not in _DURATION_UNITS or amount is None:
                return ""
            parts.append(f"{keyword.arg}={amount}")
        return f"timedelta({', '.join(parts)})" if parts else ""
    return ""


def _number(node: ast.expr, depth: int = 0) -> int | None:
    """The value of an integer literal or of ``+``/``*`` over them, or None."""
    if type(node) is ast.Constant and type(node.value) is int:
        return node.value
    if type(node) is ast.BinOp and depth < 6:
        left, right = _number(node.left, depth + 1), _number(node.right, depth + 1)
        if left is None or right is None:
            return None
        if type(node.op) is ast.Mult and abs(left * right) < 10**12:
            return left * right
        if type(node.op) is ast.Add:
            return left + right
    return None


def _kept_default(setting: str, call: ast.Call) -> tuple[str, str] | None:
    """(value, scheme) worth keeping for a call: the default of an environment lookup (a word,
    a dotted path, or a URL's scheme); None for any other call."""
    default = _default(call)
    if default is None:
        return None
    if type(default) is ast.Constant:
        text = default.value
        return _kept_text(setting, text) if type(text) is str else None
    if type(default) is ast.Call:
        return _kept_default(setting, default)
    scheme = _scheme(default)
    return ("", scheme) if scheme else None


def _kept_text(setting: str, text: str) -> tuple[str, str] | None:
    """(value, scheme) worth keeping for a string: a URL's scheme, a word or a dotted path."""
    if "://" in text:
        scheme = _text_scheme(text, False)
        return ("", scheme) if scheme else None
    if len(text) > _MAX_VALUE:
        return None
    if _LETTERS_PATH.fullmatch(text) is None and (  # most words have no digit: one pattern
        _WORD_PATH.fullmatch(text) is None or _looks_like_token(text)
    ):
        return None
    if "." in text:
        if _looks_like_host(setting, text):
            return None
    elif _repeats_name(setting, text):
        return None
    return text, ""


def _scheme(node: ast.expr, head: bool = False) -> str:
    """The URL scheme a value starts with: a literal, an f-string, ``"x://" + rest``, or the
    default of an environment lookup; "" for anything else.

    A literal that is only ``scheme://`` counts as the ``head`` of an f-string or a sum
    (``f"https://{host}"``), never alone (``url.startswith("https://")`` is no address).
    """
    if type(node) is ast.Constant:
        text = node.value
        return _text_scheme(text, head) if type(text) is str and "://" in text else ""
    if type(node) is ast.JoinedStr:
        return _scheme(node.values[0], True) if node.values else ""
    if type(node) is ast.BinOp:
        return _scheme(node.left, True)
    if type(node) is ast.Call:
        default = _default(node)
        return "" if default is None else _scheme(default)
    return ""


def _text_scheme(text: str, head: bool) -> str:
    """The scheme of a URL string; "" for a bare ``scheme://`` unless it heads a longer value."""
    if not head and text.rstrip().endswith("://"):
        return ""
    return url_parts(text)[0]


def _default(call: ast.Call) -> ast.expr | None:
    """The default an environment lookup (or ``Field``) is given; None for other calls."""
    func = call.func
    last = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else ""
    if last not in _READER_ENDINGS:  # most calls, told apart without building the dotted name
        return None
    callee = dotted_name(func)
    where = None if callee is None else _reader(callee)
    if where is None:
        return None
    position, keyword = where
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    return call.args[position] if len(call.args) > position else None


def _reader(callee: str) -> tuple[int, str] | None:
    """Where the default goes if ``callee`` reads a setting, matched on its last parts."""
    found = _READERS.get(callee)
    if found is None:
        parts = callee.rsplit(".", 2)
        if len(parts) > 2:
            found = _READERS.get(parts[-2] + "." + parts[-1])
        if found is None and len(parts) > 1:
            found = _READERS.get(parts[-1])
    return found


def _is_setting_name(name: str) -> bool:
    """UPPER_CASE, not private: ``DATABASES``, ``CELERY_BROKER_URL``."""
    return name.isupper() and name[0] != "_"


def _is_field_name(name: str) -> bool:
    """A settings class's field: public, and not pydantic's own ``model_config``."""
    return name[0] != "_" and name != "model_config"


def _is_key(key: str) -> bool:
    """A dict key that can stand in a setting's dotted path: a word, not free text, not secret."""
    return len(key) <= _MAX_KEY and _WORD_PATH.fullmatch(key) is not None and not looks_secret(key)


def _is_dict_call(call: ast.Call) -> bool:
    """``dict(A=..., B=...)``: a literal dict by another name."""
    func = call.func
    return type(func) is ast.Name and func.id == "dict" and not call.args


def _repeats_name(setting: str, word: str) -> bool:
    """A bare word that only spells the end of its own setting's name (``CONF_HOST = "host"``,
    ``SERVICE_TURN_ON = "turn_on"``, ``{"host": "host"}``): a key constant, which says nothing
    the name does not."""
    upper = word.upper()
    name = setting.upper()
    if not name.endswith(upper):
        return False
    before = len(name) - len(upper) - 1
    return before < 0 or name[before] in "._"


def _looks_like_host(setting: str, text: str) -> bool:
    """A dotted word that names a host (``smtp.example.com``, or any under ``EMAIL_HOST``)."""
    return (
        text.rpartition(".")[2].lower() in _HOST_SUFFIXES
        or _HOST_SETTING.search(setting.rpartition(".")[2]) is not None
    )


def _looks_like_token(text: str) -> bool:
    """A word that reads like a key or a token: digits scattered through it, or a long run of
    letters and digits (``sk_live_4eC39HqLyjWD…``)."""
    for segment in text.split("."):
        runs = len(_DIGITS.findall(segment))
        if runs >= 3 or (runs and len(segment) >= 24):
            return True
    return False


def _quoted_url_lines(data: bytes) -> list[int]:
    """The lines (1-based, as the parser counts them) where a quoted string starts with a URL.

    Each ``://`` is found by a pattern the regular expression engine searches for its ``/``
    alone (twice as fast as :meth:`bytes.find` on ``://``) and checked backwards for a quote
    and a scheme.
    """
    marks = _URL_MARK.finditer(data)
    first = next(marks, None)
    if first is None:
        return []
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        marks = _URL_MARK.finditer(data)
    else:
        marks = itertools.chain((first,), marks)
    lines: list[int] = []
    line, position = 1, 0
    for mark in marks:
        found = mark.end() - 3  # where ``://`` starts
        nearest = max(0, found - _MAX_SCHEME)
        start = data.rfind(b"\n", nearest, found) + 1 or nearest  # this line's, at most 40 back
        if _QUOTED_SCHEME.search(data, start, found) is not None:
            line += data.count(b"\n", position, found)
            position = found
            if not lines or lines[-1] != line:
                lines.append(line)
    return lines
