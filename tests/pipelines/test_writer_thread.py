"""The archive writer thread (pipelines/writer.py): batches are written off the reactor thread, through one
connection per archive file and process; a write lock held by another process is waited for there while the event
loop runs on; a lock that outlasts every retry stops the crawl with one line, and the article is not lost (it is
not passed on, so the next crawl fetches it again)."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from crawler.archive_access import archive_failure, close_archive
from pipelines import writer as writer_module
from pipelines.writer import ArchiveWriterThread, writer_for
from scrapy.exceptions import DropItem
from crawler.items import ArticleItem
from tests.crawler.test_crawl_failures import _hold_write_lock
from tests.pipelines.test_writer import CrawlChain, in_loop, story


def _finish(chain: CrawlChain) -> None:
    chain.store.close_spider()
    close_archive(chain.crawler)


@in_loop
async def test_batches_are_written_on_the_writer_thread(tmp_path):
    chain = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=4, NEWSARCHIVE_WRITE_INTERVAL=0.05)
    threads = []
    writer_for(chain.crawler).after_save.append(lambda item, result, archive: threads.append(threading.current_thread()))
    try:
        out = await chain.many([(f"http://x.kr/a/{n}", story(n)) for n in range(6)])
        assert all(isinstance(r, ArticleItem) for r in out) and chain.stored() == 6
        assert len(threads) == 6 and all(t is not threading.current_thread() for t in threads)
        assert {t.name.split("_")[0] for t in threads} == {"archive-writer"}
    finally:
        _finish(chain)


@in_loop
async def test_the_event_loop_runs_while_a_batch_waits_for_the_write_lock(tmp_path):
    chain = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=4, NEWSARCHIVE_WRITE_INTERVAL=0.05)
    try:
        await chain.one("http://x.kr/a/0", story(0))  # archive and writer open; the next batch meets the lock
        holder = _hold_write_lock(chain.db, 3)
        try:
            task = asyncio.ensure_future(chain.one("http://x.kr/a/1", story(1)))
            ticks = 0
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            while loop.time() - t0 < 2.0:  # the lock is held 3 s: the batch is still waiting all along
                await asyncio.sleep(0.01)
                ticks += 1
            assert not task.done()
            # written on the reactor thread, the batch blocked the loop in SQLite's busy wait: no tick for 3 s
            assert ticks >= 20, ticks
        finally:
            holder.wait(30)
        out = await asyncio.wait_for(task, 60)
        assert isinstance(out, ArticleItem) and chain.stored() == 2
    finally:
        _finish(chain)


@in_loop
async def test_a_lock_outlasting_every_retry_stops_the_crawl_with_one_line_and_loses_nothing(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(writer_module, "WRITER_BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(writer_module, "WRITE_ATTEMPTS", 2)
    chain = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=4, NEWSARCHIVE_WRITE_INTERVAL=0.05)
    try:
        await chain.one("http://x.kr/a/0", story(0))
        holder = _hold_write_lock(chain.db, 30)
        try:
            with caplog.at_level(logging.ERROR):
                out = await asyncio.wait_for(chain.many([(f"http://x.kr/a/{n}", story(n)) for n in (1, 2, 3)]), 60)
        finally:
            holder.kill()
            holder.wait()
        assert all(isinstance(r, DropItem) and str(r).startswith("store failed") for r in out)
        assert "is locked by another process" in (archive_failure(chain.crawler) or "")
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "locked" in errors[0].getMessage()
        assert chain.crawler.stats.get_value("newsarchive/store_failed") == 3
        assert chain.stored() == 1  # none of them half-written, and none passed on as stored
    finally:
        _finish(chain)


@in_loop
async def test_crawls_of_one_process_share_one_writer_thread_per_archive(tmp_path):
    one = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=2, NEWSARCHIVE_WRITE_INTERVAL=0.05)
    two = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=2, NEWSARCHIVE_WRITE_INTERVAL=0.05)
    assert one.db == two.db
    try:
        await asyncio.gather(one.many([(f"http://x.kr/a/{n}", story(n)) for n in range(3)]),
                             two.many([(f"http://y.kr/b/{n}", story(100 + n)) for n in range(3)]))
        shared = writer_for(one.crawler)._thread
        assert shared is not None and shared is writer_for(two.crawler)._thread and shared.users == 2
        assert one.stored() == 6
        one.store.close_spider()
        assert shared.users == 1 and ArchiveWriterThread._shared.get(shared.path) is shared
    finally:
        _finish(two)
        close_archive(one.crawler)
    assert shared.path not in ArchiveWriterThread._shared  # the last crawl closed its connection


@pytest.fixture(autouse=True)
def _no_writer_left():
    yield
    assert not any(str(p).startswith("/tmp") and "test_writer_thread" in str(p) for p in ArchiveWriterThread._shared)
