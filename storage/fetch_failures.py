"""Article URLs that could not be fetched, so an hourly crawl does not hammer a broken page every hour.

`crawler.middlewares.SkipArchivedMiddleware` records each article URL a crawl requested without getting a
usable answer, and skips it until its `retry_after` has passed: a page that is gone (404/410) is retried
after `gone_hours`, any other failure (5xx, timeout, truncated body) after `retry_hours`, doubling with each
consecutive failure up to `max_hours`. A later success removes the row.

Usage::

    failures = FetchFailures(archive.db)
    failures.record("https://example.kr/a/1", "http_500")
    failures.due("https://example.kr/a/1")        # False until retry_after
    failures.clear(["https://example.kr/a/1"])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from sqlite_utils import Database

from storage.transactions import writing

GONE_STATUSES = ("http_404", "http_410")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class RetryPolicy:
    """How long a failed article URL is left alone (hours)."""

    retry_hours: float = 1.0  # transient failures: 5xx, timeouts, truncated bodies
    gone_hours: float = 24.0 * 7  # 404 / 410
    max_hours: float = 24.0 * 30

    def delay(self, status: str, failures: int) -> dt.timedelta:
        """The wait before the next attempt after `failures` consecutive failures ending with `status`."""
        base = self.gone_hours if status in GONE_STATUSES else self.retry_hours
        return dt.timedelta(hours=min(base * 2 ** max(failures - 1, 0), self.max_hours))


class FetchFailures:
    """The `fetch_failures` table of an archive."""

    def __init__(self, db: Database, policy: RetryPolicy | None = None):
        """Use the table in `db` (created by the archive's migrations)."""
        self.db = db
        self.policy = policy or RetryPolicy()

    def due(self, url: str, *, now: dt.datetime | None = None) -> bool:
        """True when `url` never failed, or its retry time has come."""
        row = self.db.execute("SELECT retry_after FROM fetch_failures WHERE url = ?", [url]).fetchone()
        return row is None or row[0] <= _stamp(now or _now())

    def record(self, url: str, status: str, *, now: dt.datetime | None = None) -> None:
        """Count one more failure of `url` and set its next retry time."""
        now = now or _now()
        with writing(self.db):
            row = self.db.execute("SELECT failures FROM fetch_failures WHERE url = ?", [url]).fetchone()
            failures = (row[0] if row else 0) + 1
            retry_after = _stamp(now + self.policy.delay(status, failures))
            self.db.execute(
                "INSERT INTO fetch_failures (url, failures, last_status, first_failed, last_failed, retry_after) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET failures = excluded.failures, "
                "last_status = excluded.last_status, last_failed = excluded.last_failed, "
                "retry_after = excluded.retry_after",
                [url, failures, status, _stamp(now), _stamp(now), retry_after],
            )

    def clear(self, urls: Iterable[str]) -> None:
        """Forget the failures of URLs that have now been fetched."""
        urls = list(urls)
        # most fetched URLs never failed: find the ones that did first, so that a crawl that had no failures
        # never waits for the write lock here (its sites' idle checks run on the reactor thread)
        failed: list[str] = []
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            failed += [row[0] for row in self.db.execute(
                f"SELECT url FROM fetch_failures WHERE url IN ({','.join('?' * len(chunk))})", chunk)]
        if not failed:
            return
        urls = failed
        with writing(self.db):
            for i in range(0, len(urls), 500):
                chunk = urls[i : i + 500]
                self.db.execute(f"DELETE FROM fetch_failures WHERE url IN ({','.join('?' * len(chunk))})", chunk)

    def get(self, url: str) -> dict | None:
        """The failure record of `url`, if any."""
        rows = list(self.db.query("SELECT * FROM fetch_failures WHERE url = ?", [url]))
        return rows[0] if rows else None
