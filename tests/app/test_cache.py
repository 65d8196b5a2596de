"""Tests for app.cache: the SQLite fact cache, its fast path, versions and recovery."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from archscribe.app import cache as cache_module
from archscribe.app.cache import SCHEMA_VERSION, FactCache, content_digest

OLD_MTIME = 1_600_000_000_000_000_000  # long ago: not "racily clean"


def cache_path(tmp_path: Path) -> Path:
    return tmp_path / ".archscribe-cache" / "facts.sqlite3"


def fill(path: Path, count: int = 1, *, version: int = 1) -> None:
    with FactCache.open(path) as cache:
        for index in range(count):
            digest = content_digest(f"content {index}".encode())
            cache.store(f"m{index}.py", 10 + index, OLD_MTIME, digest, "python", version, b"blob")


def test_content_digest_is_a_128_bit_blake2b_in_hex() -> None:
    digest = content_digest(b"print('hello')\n")

    assert len(digest) == 32
    assert int(digest, 16) >= 0
    assert digest == content_digest(b"print('hello')\n")
    assert digest != content_digest(b"print('hello')")


def test_round_trip(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    digest = content_digest(b"x = 1\n")
    with FactCache.open(path) as cache:
        assert cache.enabled
        assert cache.problem == ""
        cache.store("src/a.py", 6, OLD_MTIME, digest, "python", 3, b"\x00facts\xff")

    with FactCache.open(path) as cache:
        assert cache.lookup_stat("src/a.py", 6, OLD_MTIME, "python", 3) == b"\x00facts\xff"
        assert cache.lookup_hash(digest, "python", 3) == b"\x00facts\xff"
        assert cache.lookup_hash(digest, "manifest", 3) is None
        assert cache.lookup_stat("src/b.py", 6, OLD_MTIME, "python", 3) is None


def test_lookups_see_stores_before_they_are_committed(tmp_path: Path) -> None:
    with FactCache.open(cache_path(tmp_path)) as cache:
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"one")

        assert cache.lookup_stat("a.py", 1, OLD_MTIME, "python", 1) == b"one"
        assert cache.lookup_hash("d1", "python", 1) == b"one"


def test_a_later_store_replaces_an_earlier_one(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    with FactCache.open(path) as cache:
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"one")
        cache.commit()
        cache.store("a.py", 2, OLD_MTIME + 5, "d2", "python", 1, b"two")

    with FactCache.open(path) as cache:
        assert cache.lookup_stat("a.py", 1, OLD_MTIME, "python", 1) is None
        assert cache.lookup_stat("a.py", 2, OLD_MTIME + 5, "python", 1) == b"two"
        assert cache.lookup_hash("d1", "python", 1) == b"one"  # content is content


@pytest.mark.parametrize(("size", "mtime_ns"), [(7, OLD_MTIME), (6, OLD_MTIME + 1)])
def test_the_stat_fast_path_misses_when_size_or_mtime_change(
    tmp_path: Path, size: int, mtime_ns: int
) -> None:
    path = cache_path(tmp_path)
    with FactCache.open(path) as cache:
        cache.store("a.py", 6, OLD_MTIME, "d1", "python", 1, b"facts")

    with FactCache.open(path) as cache:
        assert cache.lookup_stat("a.py", size, mtime_ns, "python", 1) is None
        assert cache.lookup_hash("d1", "python", 1) == b"facts"  # unchanged bytes still hit


def test_a_new_scanner_version_misses_both_lookups(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    with FactCache.open(path) as cache:
        cache.store("a.py", 6, OLD_MTIME, "d1", "python", 1, b"old facts")

    with FactCache.open(path) as cache:
        assert cache.lookup_stat("a.py", 6, OLD_MTIME, "python", 2) is None
        assert cache.lookup_hash("d1", "python", 2) is None
        assert cache.lookup_stat("a.py", 6, OLD_MTIME, "python", 1) == b"old facts"


def test_a_file_modified_just_now_gets_no_stat_row(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    with FactCache.open(path) as cache:
        cache.store("a.py", 6, time.time_ns(), "d1", "python", 1, b"facts")

    with FactCache.open(path) as cache:
        assert cache.lookup_stat("a.py", 6, time.time_ns(), "python", 1) is None
        assert cache.lookup_hash("d1", "python", 1) == b"facts"


def test_the_cache_folder_gets_a_gitignore(tmp_path: Path) -> None:
    FactCache.open(cache_path(tmp_path)).close()

    folder = tmp_path / ".archscribe-cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f")


def test_an_existing_gitignore_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / ".archscribe-cache"
    folder.mkdir()
    (folder / ".gitignore").write_text("mine\n", encoding="utf-8")

    FactCache.open(folder / "facts.sqlite3").close()

    assert (folder / ".gitignore").read_text(encoding="utf-8") == "mine\n"


def test_another_folder_gets_no_gitignore(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "caches" / "facts.sqlite3"

    with FactCache.open(path) as cache:
        assert cache.enabled

    assert path.exists()
    assert not (path.parent / ".gitignore").exists()


# --- recovery ----------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_rebuilt(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(b"\x00garbage, not SQLite\xff" * 500)

    with FactCache.open(path) as cache:
        assert cache.enabled
        assert "corrupt" in cache.problem
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"facts")

    with FactCache.open(path) as cache:
        assert cache.problem == ""
        assert cache.lookup_hash("d1", "python", 1) == b"facts"


def test_damage_found_while_reading_disables_the_cache_and_deletes_it(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    fill(path, 2000)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page:] = b"\xa5" * (len(data) - page)  # keep the header page, wreck the rest
    path.write_bytes(bytes(data))

    cache = FactCache.open(path)
    results = [cache.lookup_stat(f"m{i}.py", 10 + i, OLD_MTIME, "python", 1) for i in range(50)]
    cache.store("new.py", 1, OLD_MTIME, "d", "python", 1, b"dropped")
    cache.close()

    assert not cache.enabled
    assert "corrupt" in cache.problem
    assert results == [None] * 50
    assert not path.exists()
    with FactCache.open(path) as cache:
        assert cache.enabled
        assert cache.problem == ""


def test_a_cache_of_an_older_layout_is_emptied(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    fill(path)
    with sqlite3.connect(path) as database:
        database.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 100}")
    database.close()

    with FactCache.open(path) as cache:
        assert cache.enabled
        assert cache.lookup_hash(content_digest(b"content 0"), "python", 1) is None
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"facts")

    with sqlite3.connect(path) as database:
        assert database.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    database.close()


def test_a_database_that_is_not_a_cache_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "important.sqlite3"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE facts (precious TEXT)")
        database.execute("INSERT INTO facts VALUES ('keep me')")
    database.close()
    before = path.read_bytes()

    with FactCache.open(path) as cache:
        assert not cache.enabled
        assert "not an archscribe cache" in cache.problem
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"facts")

    assert path.read_bytes() == before


def test_a_cache_that_cannot_be_created_is_disabled(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder should be", encoding="utf-8")

    with FactCache.open(blocker / "facts.sqlite3") as cache:
        assert not cache.enabled
        assert cache.problem.startswith("cannot create the cache folder")
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"facts")
        assert cache.lookup_hash("d1", "python", 1) is None
        assert cache.lookup_stat("a.py", 1, OLD_MTIME, "python", 1) is None
        cache.commit()


def test_a_path_that_is_a_directory_is_disabled(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite3"
    path.mkdir()

    cache = FactCache.open(path)

    assert not cache.enabled
    assert cache.problem.startswith("cannot open the cache")


def test_close_is_idempotent(tmp_path: Path) -> None:
    cache = FactCache.open(cache_path(tmp_path))
    cache.close()
    cache.close()
    cache.commit()

    assert cache.lookup_hash("d", "python", 1) is None


# --- several runs at once ----------------------------------------------------------------------


def test_two_caches_on_the_same_file_share_their_results(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    first = FactCache.open(path)
    second = FactCache.open(path)

    first.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"from first")
    second.store("b.py", 2, OLD_MTIME, "d2", "python", 1, b"from second")
    first.commit()
    second.commit()

    assert first.lookup_hash("d2", "python", 1) == b"from second"
    assert second.lookup_stat("a.py", 1, OLD_MTIME, "python", 1) == b"from first"
    first.close()
    second.close()
    assert first.problem == second.problem == ""


def test_concurrent_opens_of_a_new_file_do_not_crash(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    errors: list[BaseException] = []
    problems: list[str] = []
    start = threading.Barrier(8)

    def run(index: int) -> None:
        try:
            start.wait()
            with FactCache.open(path) as cache:
                for item in range(50):
                    digest = f"d{index}-{item}"
                    cache.store(f"{index}/{item}.py", item, OLD_MTIME, digest, "python", 1, b"x")
                cache.commit()
                problems.append(cache.problem)
        except BaseException as error:  # pragma: no cover - the assertion shows it
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert problems == [""] * 8
    with FactCache.open(path) as cache:
        assert all(cache.lookup_hash(f"d{i}-49", "python", 1) == b"x" for i in range(8))


def test_a_cache_locked_by_another_run_drops_its_results_but_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "BUSY_SECONDS", 0.05)
    path = cache_path(tmp_path)
    fill(path)
    cache = FactCache.open(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run, writing
    try:
        cache.store("a.py", 1, OLD_MTIME, "d1", "python", 1, b"facts")
        cache.commit()
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert cache.enabled
    assert "busy" in cache.problem
    assert cache.lookup_hash(content_digest(b"content 0"), "python", 1) == b"blob"
    cache.close()
