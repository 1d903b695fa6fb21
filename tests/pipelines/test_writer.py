"""Batched archive writes (pipelines/writer.py), driven as a crawl drives them: many items in flight at once
through clean → dedupe → store on the reactor's event loop, on a real archive file.

One commit per batch (1, 2, 4, then N articles, or per interval); nothing of a batch is visible to another connection before it
commits; an article the archive refuses fails alone; near-duplicate bands are written in the batch's own
transaction; copies inside one batch are still caught (exact: alias; near: linked)."""

from __future__ import annotations

import asyncio
import functools
import random
import sqlite3
from pathlib import Path

import pytest
import pytest_twisted
from scrapy.utils.defer import deferred_from_coro
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.archive_access import archive_for, close_archive
from crawler.items import ArticleItem
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from pipelines.writer import writer_for
from tests.pipelines.test_dedupe import ORIGINAL, REPRINT


def story(n: int) -> str:
    """An article body of its own (words drawn at random, seeded by `n`): no two share an LSH band."""
    rng = random.Random(n)
    words = ["".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.randint(2, 4))) for _ in range(80)]
    return f"{n}번 기사. " + " ".join(words) + "."


class CrawlChain:
    """clean → dedupe → store of a crawler that is crawling: items go through as the engine sends them, each
    awaited on its own, with `item_scraped` / `item_dropped` sent when it leaves the pipelines."""

    def __init__(self, tmp_path: Path, **settings):
        self.db = tmp_path / "a.db"
        self.crawler = get_crawler(settings_dict={"NEWSARCHIVE_DB": str(self.db), **settings})
        self.crawler.crawling = True  # what Crawler.crawl sets: the store batches from now on
        self.crawler.stats.open_spider()
        self.clean = CleanPipeline()
        self.dedupe = DedupePipeline.from_crawler(self.crawler)
        self.store = StorePipeline.from_crawler(self.crawler)
        self.dedupe.open_spider()

    async def one(self, url: str, body: str, **fields) -> ArticleItem | DropItem:
        item = ArticleItem(url=url, fetched_url=url, title=fields.pop("title", "제목"), body=body,
                           aliases=fields.pop("aliases", []), **fields)
        try:
            item = self.clean.process_item(item)
            for pipe in (self.dedupe, self.store):
                out = pipe.process_item(item)
                item = (await out) if asyncio.iscoroutine(out) else out  # a drop leaves `item` the item
        except DropItem as exc:
            self.crawler.signals.send_catch_log(signals.item_dropped, item=item, response=None, exception=exc, spider=None)
            return exc
        self.crawler.signals.send_catch_log(signals.item_scraped, item=item, response=None, spider=None)
        return item

    async def many(self, entries: list[tuple[str, str]]) -> list[ArticleItem | DropItem]:
        return await asyncio.gather(*(self.one(url, body) for url, body in entries))

    def stored(self) -> int:
        """Articles another connection sees (committed ones)."""
        with sqlite3.connect(self.db) as other:
            return other.execute("SELECT count(*) FROM articles").fetchone()[0]


def in_loop(test):
    """Run an async test as an asyncio task on the reactor's event loop (where a crawl's pipelines run)."""
    @pytest_twisted.inlineCallbacks
    @functools.wraps(test)
    def run(*args, **kwargs):
        yield deferred_from_coro(test(*args, **kwargs))
    return run


@pytest.fixture
def chain(tmp_path):
    c = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=5, NEWSARCHIVE_WRITE_INTERVAL=60)
    yield c
    close_archive(c.crawler)


@in_loop
async def test_one_commit_per_batch_of_n_and_nothing_visible_before_it(chain):
    writer = writer_for(chain.crawler)
    # batches of 1, 2, 4, then 5 (NEWSARCHIVE_WRITE_BATCH): 4 articles make two batches, and the fourth waits
    first = asyncio.ensure_future(chain.many([(f"http://x.kr/a/{n}", story(n)) for n in range(4)]))
    await asyncio.sleep(0.3)
    assert writer.batches == 2 and chain.stored() == 3 and not first.done()  # interval 60 s: still waiting
    rest = asyncio.ensure_future(chain.many([(f"http://x.kr/a/{n}", story(n)) for n in range(4, 14)]))
    for _ in range(600):
        if writer.batches == 4:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    # a batch of 4 (the waiting one and three more), one of 5; the last 2 wait, invisible to other connections
    assert writer.batches == 4 and chain.stored() == 12 and first.done() and not rest.done()
    writer.flush()  # what the store's close_spider does
    out = await rest
    assert all(isinstance(r, ArticleItem) for r in out)
    assert writer.batches == 5 and chain.stored() == 14
    assert chain.crawler.stats.get_value("newsarchive/new") == 14


@in_loop
async def test_a_partial_batch_commits_after_the_interval(tmp_path):
    chain = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=100, NEWSARCHIVE_WRITE_INTERVAL=1.0)
    writer = writer_for(chain.crawler)
    try:
        task = asyncio.ensure_future(chain.many([(f"http://x.kr/a/{n}", story(n)) for n in range(6)]))
        await asyncio.sleep(0.2)
        assert writer.batches == 2 and chain.stored() == 3 and not task.done()  # 1 + 2; the next 3 wait (of 4)
        out = await asyncio.wait_for(task, 60)
        assert all(isinstance(r, ArticleItem) for r in out)
        assert writer.batches == 3 and chain.stored() == 6
    finally:
        close_archive(chain.crawler)


@in_loop
async def test_an_article_the_archive_refuses_fails_alone(chain):
    out = await asyncio.gather(*(
        chain.one(f"http://x.kr/a/{n}", story(n), published=object() if n == 2 else "2026-12-01") for n in range(7)
    ))  # SQLite cannot store the third one's date; it shares the second batch with the second one
    assert isinstance(out[2], DropItem) and str(out[2]).startswith("store failed")
    assert [isinstance(r, ArticleItem) for i, r in enumerate(out) if i != 2] == [True] * 6
    assert chain.stored() == 6 and chain.crawler.stats.get_value("newsarchive/store_failed") == 1


@in_loop
async def test_near_duplicate_bands_are_written_in_the_batch_transaction(chain):
    writer = writer_for(chain.crawler)
    await chain.many([(f"http://x.kr/a/{n}", story(n)) for n in range(7)])
    assert writer.batches == 3  # 1 + 2 + 4
    with sqlite3.connect(chain.db) as other:
        indexed = other.execute("SELECT count(*) FROM near_dup_articles").fetchone()[0]
        bands = other.execute("SELECT count(DISTINCT article_id) FROM near_dup_bands").fetchone()[0]
    assert indexed == 7 and bands == 7


@in_loop
async def test_copies_inside_one_batch_are_caught(tmp_path):
    chain = CrawlChain(tmp_path, NEWSARCHIVE_WRITE_BATCH=5, NEWSARCHIVE_WRITE_INTERVAL=0.2)
    # the copies wait for their original's batch: it is written at the interval (only 3 articles are not copies)
    out = await chain.many([
        ("http://x.kr/a/1", ORIGINAL),
        ("http://x.kr/a/2", ORIGINAL.replace("\n\n", "\n\n  ")),  # the same body: an alias of a/1
        ("http://y.kr/b/1", REPRINT),  # a reprint: stored, linked to a/1
        ("http://x.kr/a/3", story(3)),
        ("http://x.kr/a/4", story(4)),
    ])
    archive = archive_for(chain.crawler)
    assert isinstance(out[1], DropItem) and "duplicate of article 1" in str(out[1])
    assert archive.article_id_for_url("http://x.kr/a/2") == 1
    reprint = archive.get_article("http://y.kr/b/1")
    assert reprint["duplicate_of"] == 1 and reprint["similarity"] > 0
    assert chain.stored() == 4
    assert chain.crawler.stats.get_value("newsarchive/duplicate") == 1
    assert chain.crawler.stats.get_value("newsarchive/near_duplicate") == 1
    close_archive(chain.crawler)
