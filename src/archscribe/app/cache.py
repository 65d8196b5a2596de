"""App: the fact cache, each scanner's result for a file kept in SQLite by content and by stat.

Two tables. ``facts`` maps (content digest, scanner, version) to the scanner's encoded result,
so equal bytes are scanned once whatever their path. ``stats`` maps (path, scanner, version) to
the size, mtime and digest the file had, so an unchanged file is answered without being read
(the fast path). A changed size or mtime misses; a new scanner version misses both.

The cache can always be rebuilt, so it never stops a run: when the file cannot be opened, is
corrupt beyond repair or belongs to something else, the cache is disabled (every lookup misses,
every store is dropped) and ``problem`` says why. A corrupt file found on open is deleted and
built again. The database runs in WAL mode with ``synchronous=NORMAL``: a crash loses at most
the last commit and never corrupts the file, and several runs may share one cache.

A file modified within ``RACY_SECONDS`` of being stored gets no stat row (its facts are still
stored by digest): a second change inside the same mtime tick would keep size and mtime and
the fast path would serve stale facts. Git treats such "racily clean" entries the same way.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import Self

#: Bump when the tables change; a cache of another version is emptied on open.
SCHEMA_VERSION = 2
#: Marks the SQLite file as an archscribe cache ("ASCF"), so that no other database is emptied.
APPLICATION_ID = 0x41534346
#: The folder the caller keeps the cache in by default; it gets a ``.gitignore`` of ``*``.
CACHE_FOLDER = ".archscribe-cache"
#: Files modified more recently than this when stored get no stat row (see the docstring).
RACY_SECONDS = 3
#: How long to wait for another run that holds the write lock.
BUSY_SECONDS = 5.0

_SCHEMA = (
    "CREATE TABLE facts (digest TEXT NOT NULL, scanner TEXT NOT NULL, version INTEGER NOT NULL,"
    " blob BLOB NOT NULL, PRIMARY KEY (digest, scanner, version))",
    "CREATE TABLE stats (path TEXT NOT NULL, scanner TEXT NOT NULL, version INTEGER NOT NULL,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL,"
    " PRIMARY KEY (path, scanner, version)) WITHOUT ROWID",
    "CREATE TABLE results (repo TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,"
    " blob BLOB NOT NULL, PRIMARY KEY (repo, kind)) WITHOUT ROWID",
)
# One statement, so one snapshot: another run may be building the tables meanwhile.
_IDENTITY = (
    "SELECT (SELECT application_id FROM pragma_application_id()),"
    " (SELECT user_version FROM pragma_user_version()),"
    " (SELECT count(*) FROM sqlite_master)"
)
_LOOKUP_STAT = (
    "SELECT facts.blob FROM stats JOIN facts USING (digest, scanner, version)"
    " WHERE stats.path = ? AND stats.scanner = ? AND stats.version = ?"
    " AND stats.size = ? AND stats.mtime_ns = ?"
)
_LOOKUP_HASH = "SELECT blob FROM facts WHERE digest = ? AND scanner = ? AND version = ?"
_PRELOAD = (
    "SELECT stats.path, stats.scanner, stats.version, stats.size, stats.mtime_ns, facts.blob"
    " FROM stats JOIN facts USING (digest, scanner, version)"
    " WHERE stats.path >= ? AND stats.path < ?"
)
_LOOKUP_RESULT = "SELECT blob FROM results WHERE repo = ? AND kind = ? AND key = ?"
_STORE_RESULT = "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)"
_STORE_FACT = "INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?)"
_STORE_STAT = "INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?, ?)"
_CORRUPT = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by archscribe.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)

_Key = tuple[str, str, int]


def content_digest(data: bytes) -> str:
    """The key of a file's content in the cache: a 128-bit BLAKE2b, as hex."""
    from hashlib import blake2b  # not needed on a run where nothing changed

    return blake2b(data, digest_size=16).hexdigest()


class _ForeignFileError(Exception):
    """The file is an SQLite database, but not an archscribe cache."""


class FactCache:
    """Scanner results by file content and by file stat; see the module docstring.

    Stores wait in memory until ``commit`` writes them in one transaction; lookups see them at
    once. Use it from one thread; ``close`` (or leaving a ``with`` block) commits.
    """

    def __init__(self, connection: sqlite3.Connection | None, path: Path | None) -> None:
        """Use ``FactCache.open`` or ``FactCache.disabled``; this takes an opened database."""
        self._db = connection
        self._path = path
        self._facts: dict[_Key, bytes] = {}
        self._stats: dict[_Key, tuple[int, int, str]] = {}
        self._known: dict[_Key, tuple[int, int, bytes]] = {}  # preloaded stat rows
        self._preloaded: list[str] = []
        self._results: dict[tuple[str, str], tuple[str, bytes]] = {}
        self._delete_on_close = False
        self.problem = ""  # why the cache is disabled or did not save, for the user

    @classmethod
    def open(cls, path: Path) -> FactCache:
        """The cache in ``path`` (created if missing); a disabled cache if it cannot be used."""
        try:
            _prepare_folder(path.parent)
        except OSError as error:
            return cls.disabled(f"cannot create the cache folder ({error.strerror})")
        rebuilt = False
        for _attempt in range(2):
            try:
                cache = cls(_connect(path), path)
            except _ForeignFileError:
                return cls.disabled(f"'{path.name}' is not an archscribe cache; left untouched")
            except sqlite3.Error as error:
                if _code(error) in _CORRUPT and not rebuilt:
                    rebuilt = True
                    try:
                        _delete(path)
                    except OSError as delete_error:
                        return cls.disabled(
                            f"the cache is corrupt and cannot be deleted ({delete_error.strerror})"
                        )
                    continue
                return cls.disabled(f"cannot open the cache ({error})")
            if rebuilt:
                cache.problem = "the cache was corrupt; it was deleted and is built again"
            return cache
        return cls.disabled("the cache is corrupt and could not be rebuilt")  # pragma: no cover

    @classmethod
    def disabled(cls, reason: str) -> FactCache:
        """A cache that misses every lookup and drops every store; ``problem`` is ``reason``."""
        cache = cls(None, None)
        cache.problem = reason
        return cache

    @property
    def enabled(self) -> bool:
        """Whether lookups can hit and stores are kept."""
        return self._db is not None

    def lookup_stat(
        self, path: str, size: int, mtime_ns: int, scanner: str, version: int
    ) -> bytes | None:
        """The stored result for a file unchanged since it was stored (not read: stat only)."""
        pending = self._stats.get((path, scanner, version))
        if pending is not None and pending[:2] == (size, mtime_ns):
            return self._facts.get((pending[2], scanner, version))
        known = self._known.get((path, scanner, version))
        if known is not None:
            return known[2] if known[:2] == (size, mtime_ns) else None
        if any(path.startswith(prefix) for prefix in self._preloaded):
            return None  # preloaded, and not there
        return self._fetch(_LOOKUP_STAT, (path, scanner, version, size, mtime_ns))

    def preload(self, prefix: str) -> None:
        """Read every stat row whose path starts with ``prefix`` in one query, so the stat
        fast path of a whole repository costs one round trip instead of one per file."""
        if self._db is None or not prefix:
            return
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        try:
            rows = self._db.execute(_PRELOAD, (prefix, upper)).fetchall()
        except sqlite3.Error as error:
            self._fail(error)
            return
        for path, scanner, version, size, mtime_ns, blob in rows:
            self._known[(path, scanner, version)] = (size, mtime_ns, bytes(blob))
        self._preloaded.append(prefix)

    def lookup_result(self, repo: str, kind: str, key: str) -> bytes | None:
        """The stored output of ``kind`` for ``repo``, if it was made from the same ``key``."""
        pending = self._results.get((repo, kind))
        if pending is not None:
            return pending[1] if pending[0] == key else None
        return self._fetch(_LOOKUP_RESULT, (repo, kind, key))

    def store_result(self, repo: str, kind: str, key: str, blob: bytes) -> None:
        """Keep one output per repository and kind (the newest replaces the older)."""
        if self._db is not None:
            self._results[(repo, kind)] = (key, blob)

    def lookup_hash(self, digest: str, scanner: str, version: int) -> bytes | None:
        """The stored result for this content (``content_digest`` of the file's bytes)."""
        pending = self._facts.get((digest, scanner, version))
        if pending is not None:
            return pending
        return self._fetch(_LOOKUP_HASH, (digest, scanner, version))

    def store(
        self,
        path: str,
        size: int,
        mtime_ns: int,
        digest: str,
        scanner: str,
        version: int,
        blob: bytes,
    ) -> None:
        """Keep ``blob`` as the result of ``scanner`` on this content, and on this path's stat."""
        if self._db is None:
            return
        self._facts[(digest, scanner, version)] = blob
        if time.time_ns() - mtime_ns >= RACY_SECONDS * 1_000_000_000:
            self._stats[(path, scanner, version)] = (size, mtime_ns, digest)
        else:
            self._stats.pop((path, scanner, version), None)

    def commit(self) -> None:
        """Write what was stored since the last commit, in one transaction."""
        facts, stats, results = self._facts, self._stats, self._results
        self._facts, self._stats, self._results = {}, {}, {}
        if self._db is None or not (facts or stats or results):
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(_STORE_FACT, [(*key, blob) for key, blob in facts.items()])
            self._db.executemany(_STORE_STAT, [(*key, *stat) for key, stat in stats.items()])
            self._db.executemany(
                _STORE_RESULT, [(*where, *stored) for where, stored in results.items()]
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if _code(error) in _BUSY:
                self.problem = (
                    "the cache was busy (another run?); this run's results were not saved"
                )
            else:
                self._fail(error)

    def close(self) -> None:
        """Commit, then let go of the database (and delete it if it turned out corrupt)."""
        self.commit()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        if self._delete_on_close and self._path is not None:
            with contextlib.suppress(OSError):
                _delete(self._path)
            self._delete_on_close = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _fetch(self, query: str, parameters: tuple[str | int, ...]) -> bytes | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(query, parameters).fetchone()
        except sqlite3.Error as error:
            self._fail(error)
            return None
        return None if row is None else bytes(row[0])

    def _fail(self, error: sqlite3.Error) -> None:
        """Disable the cache after an error; a corrupt file is deleted on close."""
        corrupt = _code(error) in _CORRUPT
        self.problem = (
            "the cache is corrupt; it is disabled for this run and deleted for the next"
            if corrupt
            else f"the cache failed and is disabled for this run ({error})"
        )
        self._delete_on_close = corrupt
        self._facts.clear()
        self._stats.clear()
        self._known.clear()
        self._results.clear()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _prepare_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if folder.name != CACHE_FOLDER:
        return
    for name, text in (
        (".gitignore", "# Created by archscribe.\n*\n"),
        ("CACHEDIR.TAG", _CACHEDIR_TAG),
    ):
        marker = folder / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def _connect(path: Path) -> sqlite3.Connection:
    """Open the database and make sure it holds this version's empty or filled tables."""
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        current = _is_current(connection)  # before anything writes to a file not ours
        _use_wal(connection)
        connection.execute("PRAGMA synchronous=NORMAL")
        if not current:
            connection.execute("BEGIN IMMEDIATE")
            if not _is_current(connection):  # another run may have just built it
                _build(connection)
            connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL; SQLite answers "busy" at once (no waiting) while another run switches."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if _code(error) not in _BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.005)
        else:
            return


def _is_current(connection: sqlite3.Connection) -> bool:
    """Whether the file is this version's cache; raises if it is someone else's database."""
    application_id, version, tables = connection.execute(_IDENTITY).fetchone()
    if application_id == APPLICATION_ID:
        return bool(version == SCHEMA_VERSION)
    if application_id != 0 or tables:
        raise _ForeignFileError
    return False


def _build(connection: sqlite3.Connection) -> None:
    for table in ("facts", "stats", "results"):
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _SCHEMA:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _code(error: sqlite3.Error) -> int:
    """The primary SQLite result code of an error (0 when sqlite3 did not give one)."""
    return int(getattr(error, "sqlite_errorcode", 0)) & 0xFF
