"""`BatchWriter`: the crawl's archive writer — articles are written N per transaction, on a thread of their own.

`StorePipeline` hands each article to the crawl's writer (`writer_for(crawler)`) and waits for its batch to
commit: a batch is written when it holds `NEWSARCHIVE_WRITE_BATCH` articles (the first batches 1, 2, 4, …) or
`NEWSARCHIVE_WRITE_INTERVAL` seconds after its first one, whichever comes first, in one `Archive.save_batch` transaction together with
whatever `after_save` hooks do for each article (the near-duplicate index: `pipelines.dedupe`). An article's
item is passed on (Scrapy's `item_scraped`, which the backfill frontier and the run counts follow) only after
its batch committed, so a crawl killed mid-batch leaves those URLs unarchived and the next crawl fetches them
again: every article is either fully stored or fetched again.

During a crawl the batches are written by the process's writer thread (`ArchiveWriterThread`, one per archive file
and process, shared by every crawler in it) through its own SQLite connection, while the reactor thread goes on
downloading: the sqlite3 module releases the GIL while SQLite works, and a lock held by another process is waited
for there, not on the reactor. The crawl's own connection (dedupe lookups, aliases, run rows) sees a batch once it
has committed — which is when its items pass on. A write the archive refuses for good (disk full, read-only,
still locked after every retry) fails each of its articles with that `ArchiveError`, and `StorePipeline` stops the
crawl with one line.

Outside a running crawl (the fleet's `ingest`, tests that call pipelines directly) or with a batch size of 1,
each article is written at once on the calling thread, through the crawl's connection (a batch of one).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from scrapy.crawler import Crawler

from crawler.archive_access import archive_for
from crawler.os_threads import name_this_thread
from storage import Archive, RawPage
from storage.archive import SaveResult
from storage.errors import archive_error

#: Articles per transaction and the longest an article waits for its batch (seconds); Scrapy settings.
WRITE_BATCH = 100
WRITE_INTERVAL = 0.1
#: Another process (a parallel crawl) holding the write lock: the batch rolled back whole and is run again.
WRITE_ATTEMPTS = 8
#: SQLite's busy timeout of the writer thread's connection (seconds), waited for on each attempt.
WRITER_BUSY_TIMEOUT = 30.0
_ATTR = "_newsarchive_writer"
logger = logging.getLogger(__name__)

#: Called inside the batch's transaction for each stored article, with the archive handle that writes it.
AfterSave = Callable[[Any, SaveResult, Archive], None]


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


def write_batch(archive: Archive, entries: list[_Entry], hooks: list[AfterSave]) -> list[SaveResult | Exception]:
    """One transaction for `entries` (retried while another process holds the lock); one outcome each.

    A lock that outlasts every attempt becomes `ArchiveLocked`, like a full disk `ArchiveFull`: an `ArchiveError`
    for each entry, which stops the crawl."""

    def after_save(index: int, result: SaveResult) -> None:
        for hook in hooks:
            hook(entries[index].item, result, archive)

    pairs = [(e.record, e.raw) for e in entries]
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return archive.save_batch(pairs, after_save=after_save)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                return [exc] * len(entries)
            if attempt == WRITE_ATTEMPTS - 1:  # SQLite's busy timeout, WRITE_ATTEMPTS times: give up in one line
                return [archive_error(exc, archive.path, doing="write")] * len(entries)
            time.sleep(0.05 * (attempt + 1))
        except Exception as exc:  # noqa: BLE001 - ArchiveError (full, read-only) and the like: every entry
            return [exc] * len(entries)
    raise AssertionError("unreachable")


class ArchiveWriterThread:
    """The thread that writes one archive file's batches for every crawl of this process, with its own connection.

    One per (process, archive file), whatever the number of crawlers (a scheduled group crawls up to
    `max_sites_per_process` sites in one process): one more connection and thread, not one per site.
    """

    _shared: dict[Path, "ArchiveWriterThread"] = {}
    _shared_lock = threading.Lock()

    def __init__(self, path: Path):
        self.path = path
        self.users = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-writer",
                                        initializer=name_this_thread, initargs=("archive-writer",))
        self._archive: Archive | None = None  # opened and closed on the writer thread (sqlite3 binds it there)

    @classmethod
    def acquire(cls, path: Path) -> "ArchiveWriterThread":
        """The writer thread of `path`, started on first use; `release` it when the crawl is done."""
        with cls._shared_lock:
            writer = cls._shared.get(path)
            if writer is None:
                writer = cls._shared[path] = cls(path)
            writer.users += 1
            return writer

    def release(self) -> None:
        """One crawl less; the last one waits for the batches still queued, then closes the connection."""
        with self._shared_lock:
            self.users -= 1
            last = self.users == 0
            if last:
                self._shared.pop(self.path, None)
        if last:
            self._pool.submit(self._close).result()
            self._pool.shutdown(wait=True)

    def submit(self, entries: list[_Entry], hooks: list[AfterSave]) -> "Future[list[SaveResult | Exception]]":
        """Write `entries` in one transaction on the writer thread, after the batches queued before them."""
        return self._pool.submit(self._write, entries, hooks)

    def _write(self, entries: list[_Entry], hooks: list[AfterSave]) -> list[SaveResult | Exception]:
        if self._archive is None:
            try:
                self._archive = Archive(self.path, timeout=WRITER_BUSY_TIMEOUT)
            except Exception as exc:  # noqa: BLE001 - an archive that cannot be opened for writing fails the batch
                return [exc] * len(entries)
        return write_batch(self._archive, entries, hooks)

    def _close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


class BatchWriter:
    """Queues a crawl's articles and has them written in batched transactions (see the module docstring)."""

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
        self._thread: ArchiveWriterThread | None = None
        self._queued: set[Future] = set()  # batches handed to the writer thread and not written yet

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
        """Write one article in a transaction of its own, on this thread (no event loop, or batches of one)."""
        outcome = write_batch(archive_for(self.crawler), [_Entry(item, record, raw, None)], self.after_save)[0]
        if not isinstance(outcome, Exception):
            self.batches += 1
        return outcome

    def flush(self) -> None:
        """Hand every queued article to the writer thread now (also at the end of the crawl)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        entries, self._pending = self._pending, []
        if not entries:
            return
        self._limit = min(self.size, self._limit * 2)
        if self._thread is None:
            # the path is read here, on the reactor thread: `archive_for` opens the crawl's connection on first use
            self._thread = ArchiveWriterThread.acquire(archive_for(self.crawler).path.resolve())
        loop = asyncio.get_running_loop()
        done = self._thread.submit(entries, list(self.after_save))
        self._queued.add(done)
        done.add_done_callback(lambda f: loop.call_soon_threadsafe(self._written, entries, f))

    def _written(self, entries: list[_Entry], done: "Future[list[SaveResult | Exception]]") -> None:
        """On the reactor thread: a batch is written (or refused); its articles' futures get their outcomes."""
        self._queued.discard(done)
        try:
            outcomes = done.result()
        except BaseException as exc:  # noqa: BLE001 - a bug in the writer must fail its articles, not hang them
            outcomes = [exc if isinstance(exc, Exception) else RuntimeError(str(exc))] * len(entries)
        if not all(isinstance(o, Exception) for o in outcomes):
            self.batches += 1
        for entry, outcome in zip(entries, outcomes):
            if entry.future is not None and not entry.future.done():
                if isinstance(outcome, Exception):
                    entry.future.set_exception(outcome)
                else:
                    entry.future.set_result(outcome)

    def close(self) -> None:
        """At the end of the crawl (on the reactor thread): write what is queued, wait for it, let go of the
        writer thread."""
        if self._pending:
            self.flush()
        thread, self._thread = self._thread, None
        if thread is not None:
            for done in list(self._queued):
                done.result()  # the batches still on the writer thread are committed before the crawl ends
            thread.release()
