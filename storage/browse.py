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
    # published carries its own UTC offset as text; first_seen is UTC: compare both as UTC instants
    rows = archive.db.execute(
        f"""SELECT id, url, site, title, section, published, first_seen FROM articles {where}
            ORDER BY coalesce(datetime(published), datetime(first_seen)) DESC, id DESC LIMIT ?""",
        [*params, limit],
    ).fetchall()
    keys = ("id", "url", "site", "title", "section", "published", "first_seen")
    return [dict(zip(keys, row)) for row in rows]
