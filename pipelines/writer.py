"""`BatchWriter`: the crawl's one archive writer — articles are written N per transaction, not one by one.

`StorePipeline` hands each article to the crawl's writer (`writer_for(crawler)`) and waits for its batch to
commit: a batch is written when it holds `NEWSARCHIVE_WRITE_BATCH` articles (the first batches 1, 2, 4, …) or
`NEWSARCHIVE_WRITE_INTERVAL` seconds after its first one, whichever comes first, in one `Archive.save_batch` transaction together with
whatever `after_save` hooks do for each article (the near-duplicate index: `pipelines.dedupe`). An article's
item is passed on (Scrapy's `item_scraped`, which the backfill frontier and the run counts follow) only after
its batch committed, so a crawl killed mid-batch leaves those URLs unarchived and the next crawl fetches them
again: every article is either fully stored or fetched again.

Outside a running crawl (the fleet's `ingest`, tests that call pipelines directly) or with a batch size of 1,
each article is written at once, in the same way (a batch of one).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, Callable

from scrapy.crawler import Crawler

from crawler.archive_access import archive_for
from storage import RawPage
from storage.archive import SaveResult

#: Articles per transaction and the longest an article waits for its batch (seconds); Scrapy settings.
WRITE_BATCH = 100
WRITE_INTERVAL = 0.1
#: Another process (a parallel crawl) holding the write lock: the batch rolled back whole and is run again.
WRITE_ATTEMPTS = 8
_ATTR = "_newsarchive_writer"
logger = logging.getLogger(__name__)

AfterSave = Callable[[Any, SaveResult], None]


@dataclass
class _Entry:
    item: Any
    record: dict[str, Any]
    raw: RawPage | None
    future: asyncio.Future | None


def writer_for(crawler: Crawler) -> "BatchWriter":
    """The crawl's writer (one per crawler, made on first use)."""
    writer = getattr(crawler, _ATTR, None)
    if writer is None:
        writer = BatchWriter(crawler)
        setattr(crawler, _ATTR, writer)
    return writer


class BatchWriter:
    """Queues articles and writes them in batched transactions on the crawl's thread."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.size = max(1, crawler.settings.getint("NEWSARCHIVE_WRITE_BATCH", WRITE_BATCH))
        self.interval = max(0.0, crawler.settings.getfloat("NEWSARCHIVE_WRITE_INTERVAL", WRITE_INTERVAL))
        self.after_save: list[AfterSave] = []
        self.batches = 0  # transactions committed (tests, stats)
        # Batches start at one article and double up to `size`: a crawl into a full disk or a read-only archive
        # learns it at its first article, not after a full batch of pages fetched for nothing.
        self._limit = 1
        self._pending: list[_Entry] = []
        self._timer: asyncio.TimerHandle | None = None

    def batching(self) -> bool:
        """True when articles wait for a batch: batch size > 1, in a running crawl (its event loop runs)."""
        if self.size <= 1 or not getattr(self.crawler, "crawling", False):
            return False
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    def submit(self, item: Any, record: dict[str, Any], raw: RawPage | None) -> asyncio.Future:
        """Queue one article; the future gets its `SaveResult`, or the exception that kept it out."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending.append(_Entry(item, record, raw, future))
        if len(self._pending) >= self._limit:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.interval, self.flush)
        return future

    def write_now(self, item: Any, record: dict[str, Any], raw: RawPage | None) -> SaveResult | Exception:
        """Write one article in a transaction of its own (no event loop, or batches of one)."""
        return self._write([_Entry(item, record, raw, None)])[0]

    def flush(self) -> None:
        """Write every queued article now (also at the end of the crawl)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        entries, self._pending = self._pending, []
        if not entries:
            return
        for entry, outcome in zip(entries, self._write(entries)):
            if entry.future is not None and not entry.future.done():
                if isinstance(outcome, Exception):
                    entry.future.set_exception(outcome)
                else:
                    entry.future.set_result(outcome)

    def _write(self, entries: list[_Entry]) -> list[SaveResult | Exception]:
        """One transaction for `entries` (retried while another process holds the lock); one outcome each."""
        archive = archive_for(self.crawler)

        def after_save(index: int, result: SaveResult) -> None:
            for hook in self.after_save:
                hook(entries[index].item, result)

        pairs = [(e.record, e.raw) for e in entries]
        for attempt in range(WRITE_ATTEMPTS):
            try:
                outcomes = archive.save_batch(pairs, after_save=after_save)
                self.batches += 1
                self._limit = min(self.size, self._limit * 2)
                return outcomes
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == WRITE_ATTEMPTS - 1:
                    return [exc] * len(entries)
                time.sleep(0.05 * (attempt + 1))
            except Exception as exc:  # noqa: BLE001 - ArchiveError (full, read-only) and the like: every entry
                return [exc] * len(entries)
        raise AssertionError("unreachable")
