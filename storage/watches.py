"""Watches (saved searches): their state in the archive and the matching of new articles.

Usage::

    from storage import Archive
    from storage import watches
    with Archive("newsarchive.db") as archive:
        watches.add_watch(archive, "rates", "기준금리 인상", sites=["yna"])
        new = watches.collect(archive)      # {"rates": [article ids matched since the last check]}

A watch remembers how far it has looked (`checked_id`: the largest article id seen; `checked_version`: the
largest `article_versions` id, one row of which every edit adds), so each check reads only articles added
or edited since — exact, where timestamps of one-second precision are not; an edited article that newly matches is a new hit,
one that matched before is not. Each match is one row of `watch_hits` keyed (watch, article_id): it exists
once, whatever restarts or edits follow, and the delivery channels (`storage.watch_delivery`) read their
pending rows from it. A watch added to a full archive starts at its newest article unless `backfill`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from storage.archive import Archive, utcnow
from storage.query import parse
from storage.search import matching_ids
from storage.transactions import writing

# Names become file names (NAME.atom, NAME.jsonl): letters (any script), digits, '-', '_', '.'; no leading dot.
_NAME_RE = re.compile(r"^[^\W][\w.-]{0,63}$")


@dataclass
class Watch:
    """One saved search and how far it has looked."""

    name: str
    query: str
    sites: list[str]
    webhook: str | None
    created_at: str
    checked_at: str | None
    checked_id: int
    checked_version: int = 0
    jsonl_bytes: int = 0
    hits: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (`watch list --json`)."""
        return {k: getattr(self, k) for k in ("name", "query", "sites", "webhook", "created_at", "checked_at", "hits")}


def _row_to_watch(row: dict[str, Any], hits: int = 0) -> Watch:
    return Watch(
        name=row["name"], query=row["query"], sites=json.loads(row["sites"]) if row["sites"] else [],
        webhook=row["webhook"], created_at=row["created_at"], checked_at=row["checked_at"],
        checked_id=row["checked_id"], checked_version=row["checked_version"], jsonl_bytes=row["jsonl_bytes"], hits=hits,
    )  # fmt: skip


def validate_name(name: str) -> str:
    """The name if it can be a watch (and file) name; ValueError (one line) otherwise."""
    if not _NAME_RE.match(name or ""):
        raise ValueError(f"invalid watch name {name!r}: use letters, digits, '-', '_' or '.' (up to 64, no leading dot)")
    return name


def add_watch(
    archive: Archive, name: str, query: str, *, sites: list[str] | None = None, webhook: str | None = None,
    backfill: bool = False,
) -> Watch:  # fmt: skip
    """Save a watch; ValueError for a bad name/query/webhook or a name in use.

    Without `backfill` only articles added or changed from now on are delivered; with it, every matching
    article already archived is delivered at the next delivery too.
    """
    validate_name(name)
    parsed = parse(query)  # QuerySyntaxError (a ValueError) for an unsearchable query
    if not parsed.match:
        raise ValueError("a watch needs at least one word to look for (not only exclusions)")
    if webhook is not None and not re.match(r"^https?://[^\s/]+", webhook):
        raise ValueError(f"webhook must be an http:// or https:// URL, not {webhook!r}")
    db = archive.db
    with writing(db):
        if db.execute("SELECT 1 FROM watches WHERE name = ?", [name]).fetchone():
            raise ValueError(f"a watch named {name!r} exists (remove it first)")
        newest = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        edits = db.execute("SELECT coalesce(max(id), 0) FROM article_versions").fetchone()[0]
        row = {
            "name": name, "query": query, "sites": json.dumps(sites, ensure_ascii=False) if sites else None,
            "webhook": webhook, "created_at": utcnow(),
            "checked_at": None if backfill else utcnow(), "checked_id": 0 if backfill else newest,
            "checked_version": 0 if backfill else edits, "jsonl_bytes": 0,
        }  # fmt: skip
        db["watches"].insert(row)
    return _row_to_watch(row)


def remove_watch(archive: Archive, name: str) -> bool:
    """Delete a watch and its hit records (its files stay); False if there was none."""
    with writing(archive.db):
        archive.db.execute("DELETE FROM watch_hits WHERE watch = ?", [name])
        return archive.db.execute("DELETE FROM watches WHERE name = ?", [name]).rowcount > 0


def list_watches(archive: Archive) -> list[Watch]:
    """Every watch, by name, with its number of hits ([] for an archive opened read-only before watches existed)."""
    if not archive.db["watches"].exists():
        return []
    counts = dict(archive.db.execute("SELECT watch, count(*) FROM watch_hits GROUP BY watch").fetchall())
    rows = archive.db.query("SELECT * FROM watches ORDER BY name")
    return [_row_to_watch(r, counts.get(r["name"], 0)) for r in rows]


def get_watch(archive: Archive, name: str) -> Watch | None:
    """One watch by name, or None."""
    return next((w for w in list_watches(archive) if w.name == name), None)


def recent_hits(archive: Archive, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """The watch's latest hits, newest match first: article fields plus `matched_at` and webhook state."""
    sql = """
        SELECT h.article_id AS id, h.matched_at, h.webhook_state, h.webhook_attempts, h.webhook_error,
               a.url, a.title, a.subtitle, a.site, a.section, a.published, a.published_utc, a.last_changed,
               a.authors, substr(a.body, 1, 400) AS lead
        FROM watch_hits h JOIN articles a ON a.id = h.article_id
        WHERE h.watch = ? ORDER BY h.matched_at DESC, h.article_id DESC LIMIT ?
    """
    out = []
    for r in archive.db.query(sql, [name, limit]):
        r["authors"] = json.loads(r["authors"]) if r["authors"] else []
        out.append(r)
    return out


def collect(archive: Archive) -> dict[str, list[int]]:
    """Record, for every watch, the articles added or changed since its last check that now match it;
    returns the new hits per watch (ids ascending). One write transaction: a crawl writing in parallel
    waits, and no article slips between the check and the new high-water mark."""
    db = archive.db
    found: dict[str, list[int]] = {}
    with writing(db):
        newest = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        edits = db.execute("SELECT coalesce(max(id), 0) FROM article_versions").fetchone()[0]
        now = utcnow()
        for w in [_row_to_watch(r) for r in db.query("SELECT * FROM watches ORDER BY name")]:
            cond = "(a.id > ? OR a.id IN (SELECT article_id FROM article_versions WHERE id > ?))"
            params: list[Any] = [w.checked_id, w.checked_version]
            try:
                ids = matching_ids(db, w.query, site=w.sites or None, where=[cond], params=params)
            except ValueError:  # a query the parser no longer accepts: skip it, keep its state
                continue
            ids = _without_known_copies(archive, w.name, ids)
            state = "pending" if w.webhook else None
            new = []
            for article_id in ids:
                cur = db.execute(
                    "INSERT OR IGNORE INTO watch_hits (watch, article_id, matched_at, webhook_state) VALUES (?, ?, ?, ?)",
                    [w.name, article_id, now, state],
                )
                if cur.rowcount:
                    new.append(article_id)
            db.execute("UPDATE watches SET checked_id = ?, checked_version = ?, checked_at = ? WHERE name = ?",
                       [newest, edits, now, w.name])
            found[w.name] = new
    return found


def _without_known_copies(archive: Archive, watch: str, ids: list[int]) -> list[int]:
    """`ids` minus near-duplicates whose original this watch has already delivered (or delivers now)."""
    if not ids:
        return ids
    originals = dict(
        archive.db.execute(
            "SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        ).fetchall()
    )
    if not originals:
        return ids
    known = {r[0] for r in archive.db.execute("SELECT article_id FROM watch_hits WHERE watch = ?", [watch])}
    batch = set(ids)
    return [i for i in ids if originals.get(i) is None or (originals[i] not in known and originals[i] not in batch)]
