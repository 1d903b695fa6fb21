"""Failure bookkeeping (`storage.fetch_failures`): clearing URLs that never failed takes no write lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Archive
from storage.fetch_failures import FetchFailures


def test_clearing_urls_that_never_failed_does_not_wait_for_the_write_lock(tmp_path: Path):
    db = tmp_path / "a.db"
    with Archive(db) as a:
        failures = FetchFailures(a.db)
        failures.record("https://example.com/news/1", "http_500")
        a.db.execute("PRAGMA busy_timeout = 200")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer (the crawl's archive writer thread) holds the lock
        try:
            # a site's idle check on the reactor thread: every page of it worked, none had failed before
            failures.clear(["https://example.com/news/2", "https://example.com/news/3"])
            with pytest.raises(sqlite3.OperationalError, match="locked"):  # a real clear still needs the lock
                failures.clear(["https://example.com/news/1"])
        finally:
            other.execute("ROLLBACK")
            other.close()
        failures.clear(["https://example.com/news/1", "https://example.com/news/2"])
        assert failures.get("https://example.com/news/1") is None
