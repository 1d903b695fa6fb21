"""The archive's one writer in fleet mode: Redis stream → clean → validate → dedupe → store, in batches.

At-least-once: entries are read through a consumer group and acked only after the batch's transaction has
committed; a writer killed mid-batch leaves them pending, and the next writer (same consumer name) reads its
pending entries first. Idempotent: a re-delivered item is an archived URL or body, so the store counts it
`unchanged` (or dedupe drops it as an alias of itself) and the archive does not change.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector

from crawler.archive_access import archive_for, close_archive
from crawler.fleet import queue
from crawler.items import ArticleItem
from crawler.stats import counts_from_stats

log = logging.getLogger("newsarchive.ingest")
PIPELINES = ("pipelines.clean.CleanPipeline", "pipelines.validate.ValidatePipeline",
             "pipelines.dedupe.DedupePipeline", "pipelines.store.StorePipeline")


class PipelineHost:
    """What the project's pipelines need of a Scrapy crawler (settings, stats, signals), without a crawl."""

    def __init__(self, db_path: Path, overrides: dict[str, Any] | None = None):
        self.settings = Settings()
        self.settings.setmodule("crawler.settings", priority="project")
        self.settings.set("NEWSARCHIVE_DB", str(db_path), priority="cmdline")
        for key, value in (overrides or {}).items():
            self.settings.set(key, value, priority="cmdline")
        self.signals = SignalManager(self)
        self.stats = MemoryStatsCollector(self)  # type: ignore[arg-type]
        self.spider = None


@dataclass
class IngestStats:
    """What one `Ingestor.run` did."""

    batches: int = 0
    items: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class Ingestor:
    """Consumes `newsarchive:items` into the archive at `db_path`; `run()` until `stop` is set or drained."""

    def __init__(self, db_path: Path, redis_url: str, *, consumer: str = "writer", group: str = queue.GROUP,
                 batch_size: int = 200,
                 block_ms: int = 1000, overrides: dict[str, Any] | None = None):
        from scrapy.utils.misc import build_from_crawler, load_object

        self.redis = queue.connect(redis_url)
        self.consumer, self.group, self.batch_size, self.block_ms = consumer, group, batch_size, block_ms
        self.host = PipelineHost(db_path, overrides)
        self.pipelines = [build_from_crawler(load_object(path), self.host) for path in PIPELINES]  # type: ignore[arg-type]
        self.archive = archive_for(self.host)  # type: ignore[arg-type]
        for pipe in self.pipelines:
            if hasattr(pipe, "open_spider"):
                pipe.open_spider()
        try:
            self.redis.xgroup_create(queue.STREAM, group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def rebuild_archived_set(self) -> int:
        """Replace the Redis set of archived URLs with the archive's article URLs and aliases; returns its size."""
        tmp = queue.ARCHIVED + ":rebuild"
        self.redis.delete(tmp)
        rows = self.archive.db.execute("SELECT url FROM articles UNION SELECT url FROM article_urls")
        count = 0
        while chunk := [r[0] for r in rows.fetchmany(5000)]:
            self.redis.sadd(tmp, *chunk)
            count += len(chunk)
        if count:
            self.redis.rename(tmp, queue.ARCHIVED)  # atomic swap: nodes never see a half-built set
        else:
            self.redis.delete(queue.ARCHIVED)
        return count

    def _read(self, pending_first: bool) -> list[tuple[bytes, dict]]:
        """Up to one batch: our own unacked entries first (after a crash), then new ones."""
        start = "0" if pending_first else ">"
        reply = self.redis.xreadgroup(self.group, self.consumer, {queue.STREAM: start}, count=self.batch_size,
                                      block=None if pending_first else self.block_ms)
        return reply[0][1] if reply else []

    def _process(self, item: ArticleItem) -> str:
        """One item through the pipelines inside the batch transaction; the outcome's name."""
        try:
            for pipe in self.pipelines:
                item = pipe.process_item(item)
        except DropItem as exc:
            self.host.signals.send_catch_log(signals.item_dropped, item=item, response=None, exception=exc, spider=None)
            # a duplicate's URLs became aliases of the archived article: archived too
            return "stored" if str(exc).startswith("duplicate of") else "dropped"
        self.host.signals.send_catch_log(signals.item_scraped, item=item, response=None, spider=None)
        return "stored"

    def _already_stored(self, item: ArticleItem) -> bool:
        """True when this very fetch (raw page URL + fetch time) is in the archive already."""
        raw = item.get("raw")
        if raw is None or not raw.fetched_at:
            return False
        row = self.archive.db.execute("SELECT 1 FROM raw_pages WHERE url = ? AND fetched_at = ? LIMIT 1",
                                      [raw.url, raw.fetched_at]).fetchone()
        return row is not None

    def ingest_batch(self, entries: list[tuple[bytes, dict]]) -> int:
        """Write one batch in one transaction, then ack it and publish its URLs as archived."""
        urls: list[str] = []
        per_run: dict[int, Counter[str]] = {}
        with self.archive.writing():
            for entry_id, fields in entries:
                try:
                    data = queue.decode(fields[b"item"])
                    item = ArticleItem(**{k: v for k, v in data.items() if k in ArticleItem.fields})
                except Exception as exc:  # a malformed entry is set aside, never blocks the stream
                    log.error("unreadable stream entry %s set aside in %s: %s", entry_id.decode(), queue.DEAD, exc)
                    self.redis.xadd(queue.DEAD, {"item": fields.get(b"item", b""), "error": repr(exc)[:500]})
                    continue
                if self._already_stored(item):
                    continue  # re-delivered after a commit whose ack was lost: storing it again would add a raw page
                before = counts_from_stats(self.host.stats.get_stats())
                try:
                    outcome = self._process(item)
                except Exception as exc:  # a bug on one item must not block the stream or lose the item
                    log.exception("could not store %s; kept in %s", item.get("url"), queue.DEAD)
                    self.redis.xadd(queue.DEAD, {"item": fields[b"item"], "error": repr(exc)[:500]})
                    continue
                run_id = _run_id(fields)
                if run_id is not None:
                    after = counts_from_stats(self.host.stats.get_stats())
                    per_run.setdefault(run_id, Counter()).update(
                        {k: after[k] - before[k] for k in after if after[k] != before[k]})
                if outcome == "stored":
                    urls.append(item["url"])
                    urls.extend(item.get("aliases") or [])
            # in the batch's transaction: a re-delivered batch (writer killed before commit) is counted once
            for run_id, counts in per_run.items():
                self.archive.add_run_counts(run_id, dict(counts))
        # committed: only now may Redis forget the entries (ack and publish in one round trip)
        pipe = self.redis.pipeline(transaction=False)
        if entries:
            pipe.xack(queue.STREAM, self.group, *[e[0] for e in entries])
        if urls:
            pipe.sadd(queue.ARCHIVED, *urls)
        pipe.execute()
        return len(entries)

    def run(self, stop: threading.Event | None = None, *, until_empty: bool = False) -> IngestStats:
        """Ingest batches until `stop` is set (or, with `until_empty`, until the stream has nothing new)."""
        stop = stop or threading.Event()
        stats = IngestStats()
        log.info("archived-URL set rebuilt: %d URLs", self.rebuild_archived_set())
        pending = True
        while not stop.is_set():
            entries = self._read(pending)
            if pending and not entries:
                pending = False
                continue
            if not entries:
                if until_empty:
                    break
                continue
            t0 = time.monotonic()
            stats.items += self.ingest_batch(entries)
            stats.batches += 1
            log.debug("batch of %d ingested in %.2f s", len(entries), time.monotonic() - t0)
        stats.counts = {k.split("/", 1)[-1]: v for k, v in self.host.stats.get_stats().items() if isinstance(v, int)}
        return stats

    def close(self) -> None:
        """Close the archive handle."""
        close_archive(self.host)  # type: ignore[arg-type]


def _run_id(fields: dict) -> int | None:
    """The crawl run a stream entry belongs to (set by nodes the dispatcher started), or None."""
    raw = fields.get(b"run")
    try:
        return int(raw) if raw else None
    except ValueError:
        return None
