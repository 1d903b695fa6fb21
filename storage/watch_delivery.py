"""Delivering watch hits: an Atom feed and a JSONL file per watch, and optionally a webhook.

Usage (what every crawl does when it ends, see `crawler.runner.run_crawls`)::

    from storage.watch_delivery import deliver
    report = deliver("newsarchive.db")      # never raises; report.errors lists what failed

Files live next to the archive in `ARCHIVE.watches/`: `NAME.atom` (the latest `FEED_ENTRIES` hits, rewritten
atomically) and `NAME.jsonl` (one line per hit, appended). Exactly once, also across crashes: a hit is a
`watch_hits` row made once (`storage.watches.collect`); the JSONL file's committed length is stored with
the rows it covers, and a crash between appending and committing is cut back to that length and appended
again. The webhook gets one POST per watch per delivery (`{"watch", "query", "articles": [...]}`), retried
`WEBHOOK_TRIES` times with backoff within the delivery (a crawl waits at most ~`WEBHOOK_TIMEOUT` × tries per
watch), then at later deliveries after an exponentially growing pause; each failure is recorded on the
hits (`watch show NAME`). A receiver must treat (watch, article id) as the key: a POST whose answer is lost
is sent again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from storage.archive import Archive, utcnow
from storage.transactions import writing
from storage.watches import Watch, collect, list_watches, recent_hits

log = logging.getLogger("newsarchive.watches")

FEED_ENTRIES = 100
WEBHOOK_TIMEOUT = 5.0
WEBHOOK_RETRY_SECONDS = 60.0
WEBHOOK_TRIES = 3  # within one delivery: at once, after 0.5 s, after 1 s
WEBHOOK_MAX_ATTEMPTS = 12  # deliveries that tried; then the hits are marked failed
WEBHOOK_BATCH = 200


@dataclass
class DeliveryReport:
    """What one delivery did: new hits per watch, webhook articles sent, and one-line errors."""

    new: dict[str, int] = field(default_factory=dict)
    webhook_sent: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def watch_dir(db_path: str | os.PathLike[str]) -> Path:
    """Where a watch's files are kept: `ARCHIVE.watches/` next to the archive file."""
    p = Path(db_path)
    return p.with_name(p.name + ".watches")


def deliver(
    db_path: str | os.PathLike[str], *, timeout: float = WEBHOOK_TIMEOUT, retry_seconds: float = WEBHOOK_RETRY_SECONDS,
    retry_now: bool = False, post: Callable[[str, bytes], None] | None = None, sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """Match new articles against every watch and deliver them; logs and reports failures, never raises.

    `retry_seconds`: pause after a failed webhook delivery (doubling per failure, at most 6 h); `retry_now`
    ignores that pause (and retries hits marked failed).
    """
    report = DeliveryReport()
    try:
        with Archive(db_path) as archive:
            if not archive.db["watches"].exists() or not archive.db.execute("SELECT 1 FROM watches LIMIT 1").fetchone():
                return report
            report.new = {k: len(v) for k, v in collect(archive).items()}
            out = watch_dir(db_path)
            out.mkdir(parents=True, exist_ok=True)
            for w in list_watches(archive):
                for step in (write_atom, write_jsonl):
                    try:
                        step(archive, w, out)
                    except (OSError, ValueError) as e:
                        report.errors.append(f"watch {w.name}: {step.__name__}: {e}")
                if w.webhook:
                    if retry_now:
                        with writing(archive.db):
                            archive.db.execute("UPDATE watch_hits SET webhook_state = 'pending', webhook_next = NULL "
                                               "WHERE watch = ? AND webhook_state IN ('pending', 'failed')", [w.name])
                    sent, error = send_webhook(archive, w, post=post or _poster(timeout), sleep=sleep, retry_seconds=retry_seconds)
                    report.webhook_sent[w.name] = sent
                    if error:
                        report.errors.append(f"watch {w.name}: webhook: {error}")
    except Exception as e:  # noqa: BLE001 - a delivery problem must never fail the crawl that triggered it
        report.errors.append(f"watch delivery: {type(e).__name__}: {e}")
    for e in report.errors:
        log.warning("%s", e)
    return report


def _entry(hit: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape of one hit (JSONL line, webhook article)."""
    keys = ("id", "url", "title", "subtitle", "site", "section", "published", "authors", "matched_at")
    return {k: hit.get(k) for k in keys} | {"summary": (hit.get("lead") or "")[:300]}


def _atom_time(value: str | None) -> dt.datetime:
    text = (value or "1970-01-01T00:00:00Z").replace("Z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        when = dt.datetime(1970, 1, 1)
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def write_atom(archive: Archive, watch: Watch, out: Path) -> Path:
    """Rewrite `NAME.atom` with the watch's latest hits (atomically: readers never see half a feed)."""
    from feedgen.feed import FeedGenerator

    hits = recent_hits(archive, watch.name, FEED_ENTRIES)
    fg = FeedGenerator()
    fg.id(f"urn:newsarchive:watch:{watch.name}")
    fg.title(f"newsarchive watch {watch.name}: {watch.query}")
    fg.link(href=f"urn:newsarchive:watch:{watch.name}", rel="self")
    fg.updated(_atom_time(hits[0]["matched_at"] if hits else watch.created_at))
    for hit in reversed(hits):  # feedgen prepends: add oldest first so the newest ends up first
        e = fg.add_entry()
        e.id(f"urn:newsarchive:article:{hit['id']}")
        e.title(hit["title"] or hit["url"])
        e.link(href=hit["url"])
        e.published(_atom_time(hit["published_utc"]))
        e.updated(_atom_time(hit["last_changed"] or hit["matched_at"]))
        for name in hit["authors"] or [hit["site"] or "unknown"]:
            e.author({"name": name})
        if hit["site"]:
            e.category(term=hit["site"])
        e.summary((hit["subtitle"] or hit["lead"] or "")[:300])
    path = out / f"{watch.name}.atom"
    tmp = path.with_name(path.name + ".part")
    fg.atom_file(str(tmp), pretty=True)
    tmp.replace(path)
    return path


def write_jsonl(archive: Archive, watch: Watch, out: Path) -> int:
    """Append the watch's undelivered hits to `NAME.jsonl`, exactly once; returns the lines written."""
    db = archive.db
    ids = [r[0] for r in db.execute(
        "SELECT article_id FROM watch_hits WHERE watch = ? AND jsonl_done = 0 ORDER BY matched_at, article_id", [watch.name]
    )]  # fmt: skip
    path = out / f"{watch.name}.jsonl"
    size = path.stat().st_size if path.exists() else 0
    if not ids and size == watch.jsonl_bytes:
        return 0
    hits = {h["id"]: h for h in recent_hits(archive, watch.name, limit=-1)} if ids else {}
    with open(path, "ab") as f:
        # Anything past the committed length was appended by a delivery that never committed: cut it.
        f.truncate(min(size, watch.jsonl_bytes))
        for i in ids:
            if i in hits:
                f.write(json.dumps(_entry(hits[i]), ensure_ascii=False).encode("utf-8") + b"\n")
        f.flush()
        os.fsync(f.fileno())
        new_size = f.tell()
    with writing(db):
        db.execute("UPDATE watches SET jsonl_bytes = ? WHERE name = ?", [new_size, watch.name])
        db.execute("UPDATE watch_hits SET jsonl_done = 1 WHERE watch = ? AND article_id IN (SELECT value FROM json_each(?))",
                   [watch.name, json.dumps(ids)])
    return len(ids)


def _poster(timeout: float) -> Callable[[str, bytes], None]:
    """A function POSTing JSON that raises on a network error, a timeout or a non-2xx answer."""

    def post(url: str, body: bytes) -> None:
        headers = {"Content-Type": "application/json", "User-Agent": "newsarchive-watch"}
        req = urllib.request.Request(url, data=body, method="POST", headers=headers)
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the user's own URL
            if not 200 <= resp.status < 300:
                raise urllib.error.HTTPError(url, resp.status, resp.reason, resp.headers, None)

    return post


def _retry_pause(attempts: int, base: float) -> float:
    """Seconds before a later delivery may try again after `attempts` failed ones: `base` doubling, at most 6 h."""
    return min(base * 2 ** max(attempts - 1, 0), 6 * 3600)


def send_webhook(
    archive: Archive, watch: Watch, *, post: Callable[[str, bytes], None] | None = None,
    sleep: Callable[[float], None] = time.sleep, retry_seconds: float = WEBHOOK_RETRY_SECONDS,
) -> tuple[int, str | None]:
    """POST the watch's due pending hits; returns (articles delivered, last error or None)."""
    db = archive.db
    now = utcnow()
    due = [r[0] for r in db.execute(
        "SELECT article_id FROM watch_hits WHERE watch = ? AND webhook_state = 'pending' AND (webhook_next IS NULL OR webhook_next <= ?) "
        "ORDER BY matched_at, article_id LIMIT ?", [watch.name, now, WEBHOOK_BATCH],
    )]  # fmt: skip
    if not due or not watch.webhook:
        return 0, None
    hits = {h["id"]: h for h in recent_hits(archive, watch.name, limit=-1)}
    body = json.dumps({"watch": watch.name, "query": watch.query, "articles": [_entry(hits[i]) for i in due if i in hits]},
                      ensure_ascii=False).encode("utf-8")
    error = None
    for attempt in range(WEBHOOK_TRIES):
        if attempt:
            sleep(0.5 * 2 ** (attempt - 1))
        try:
            (post or _poster(WEBHOOK_TIMEOUT))(watch.webhook, body)
            error = None
            break
        except Exception as e:  # noqa: BLE001 - any failure of the receiver is recorded, never raised
            error = f"{type(e).__name__}: {e}"[:300]
    with writing(db):
        if error is None:
            db.execute("UPDATE watch_hits SET webhook_state = 'delivered', webhook_error = NULL, webhook_attempts = webhook_attempts + 1 "
                       "WHERE watch = ? AND article_id IN (SELECT value FROM json_each(?))", [watch.name, json.dumps(due)])
            return len(due), None
        for article_id, attempts in db.execute(
            "SELECT article_id, webhook_attempts FROM watch_hits WHERE watch = ? AND article_id IN (SELECT value FROM json_each(?))",
            [watch.name, json.dumps(due)],
        ).fetchall():
            n = attempts + 1
            later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=_retry_pause(n, retry_seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")
            state = "failed" if n >= WEBHOOK_MAX_ATTEMPTS else "pending"
            db.execute("UPDATE watch_hits SET webhook_state = ?, webhook_attempts = ?, webhook_next = ?, webhook_error = ? "
                       "WHERE watch = ? AND article_id = ?", [state, n, later, error, watch.name, article_id])
    return 0, error
