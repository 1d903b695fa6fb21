"""Browsing the archive without a query: the newest articles."""

from __future__ import annotations

from typing import Any

from storage.archive import Archive


def latest_articles(archive: Archive, *, sites: list[str] | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The `limit` newest articles (by publication time, else first seen), optionally of some sites only."""
    where, params = "", []
    if sites:
        where = f"WHERE site IN ({', '.join('?' * len(sites))})"
        params = list(sites)
    # published_utc is the publication instant in UTC, or first_seen when undated (set on every write), and
    # indexed: the newest rows are read off the index, not sorted out of a scan of every article (seconds at 1M)
    rows = archive.db.execute(
        f"""SELECT id, url, site, title, section, published, first_seen FROM articles {where}
            ORDER BY published_utc DESC, id DESC LIMIT ?""",
        [*params, limit],
    ).fetchall()
    keys = ("id", "url", "site", "title", "section", "published", "first_seen")
    return [dict(zip(keys, row)) for row in rows]
