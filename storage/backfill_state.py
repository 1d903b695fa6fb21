"""Progress of one backfill (`newsarchive crawl SITE --since DATE [--until DATE]`), kept in the archive so a
killed backfill resumes where it stopped (table `backfill_state`, migration m009).

A backfill is identified by (site, since, until). Each discovery page it reads (sitemap, feed, listing page)
gets a row; `done_at` is set once every article the page named inside the window is archived (or kept as a
dropped raw page) and, for a sitemap index or robots.txt, every child sitemap is done too. A rerun skips
done pages without fetching them; a done listing page's `next_url` lets the walk jump to the page after it.

Usage::

    state = BackfillState(archive.db, "yna", "2024-01-01", "")
    state.is_done(url); state.next_page(url)       # -> (next_url, page) of a done listing page, or None
    state.mark_done(url, kind="sitemap", links=12)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from storage.transactions import writing


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class BackfillState:
    """The persisted frontier of one backfill window of one site."""

    def __init__(self, db: Database, site: str, since: str, until: str | None):
        self.db = db
        self.key = (site, since, until or "")
        self._done: dict[str, dict[str, Any]] = {
            row["url"]: row
            for row in db.query(
                "SELECT url, kind, links, next_url, page, done_at FROM backfill_state"
                " WHERE site = ? AND since = ? AND until = ? AND done_at IS NOT NULL",
                list(self.key),
            )
        }

    def is_done(self, url: str) -> bool:
        """True when this discovery page was finished by an earlier (or this) run of the backfill."""
        return url in self._done

    def next_page(self, url: str) -> tuple[str, int] | None:
        """For a done listing page: the URL and number of the page after it (None when it was the last)."""
        row = self._done.get(url)
        if row is None or not row.get("next_url"):
            return None
        return row["next_url"], int(row["page"] or 0) + 1

    def mark_done(self, url: str, *, kind: str, links: int, next_url: str | None = None, page: int | None = None) -> None:
        """Record that a discovery page is finished (committed at once: a kill right after keeps it)."""
        row = {"site": self.key[0], "since": self.key[1], "until": self.key[2], "url": url, "kind": kind,
               "links": links, "next_url": next_url, "page": page, "done_at": _now()}  # fmt: skip
        with writing(self.db):
            self.db["backfill_state"].upsert(row, pk=("site", "since", "until", "url"))
        self._done[url] = row

    def done_urls(self) -> list[str]:
        """Discovery pages finished so far."""
        return list(self._done)
