"""The crawl's one handle on the archive, shared by the middleware, pipelines and run bookkeeping, and what a
crawl does when the archive itself fails (disk full, read-only): stop at once with one line."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from crawler.config import load_config
from crawler.stats import Stat
from storage import Archive, ArchiveError, ArchiveFull, ArchiveLocked, ArchiveReadOnly

_ATTR = "_newsarchive_archive"
_FAILED_ATTR = "_newsarchive_archive_failure"
#: Archive failures that no later write can get past: the crawl stops at the first one (reason = the value).
FATAL = {ArchiveFull: "archive_full", ArchiveReadOnly: "archive_read_only",
         # still locked after the busy timeout and every retry (pipelines.writer): another process keeps it
         ArchiveLocked: "archive_locked"}
logger = logging.getLogger(__name__)


def archive_for(crawler: Crawler) -> Archive:
    """The `Archive` this crawl writes to (opened once per crawler; path from settings/env/default)."""
    archive = getattr(crawler, _ATTR, None)
    if archive is None:
        cfg = load_config(settings_db=crawler.settings.get("NEWSARCHIVE_DB"))
        archive = Archive(cfg.db_path)
        cache_kib = crawler.settings.getint("NEWSARCHIVE_ARCHIVE_CACHE_KIB")
        if cache_kib > 0:
            # each crawler of a process has its own connection and page cache (crawler.runner sets a share)
            archive.db.execute(f"PRAGMA cache_size = -{cache_kib}")
        setattr(crawler, _ATTR, archive)
    return archive


def close_archive(crawler: Crawler) -> None:
    """Close the crawl's archive handle if one was opened."""
    archive = getattr(crawler, _ATTR, None)
    if archive is not None:
        archive.close()
        setattr(crawler, _ATTR, None)


def archive_failure(crawler: Crawler) -> str | None:
    """The one-line message of the fatal archive failure that stopped this crawl, if any."""
    return getattr(crawler, _FAILED_ATTR, None)


@contextmanager
def guarded_write(crawler: Crawler) -> Iterator[None]:
    """Around a crawl's side write (alias, raw page, failure record): a fatal archive failure stops the crawl
    (`fail_crawl`) and is swallowed here, instead of a traceback per signal handler or item."""
    try:
        yield
    except ArchiveError as exc:
        if not fail_crawl(crawler, exc):
            raise


def fail_crawl(crawler: Crawler, exc: Exception) -> bool:
    """If `exc` is a fatal archive failure: log it once (one line), count it and stop the crawl; True then.

    Later writes fail the same way: they are counted but not logged again, so a full disk prints one line,
    not one per article, and no more pages are fetched for nothing.
    """
    reason = next((r for kind, r in FATAL.items() if isinstance(exc, kind)), None)
    if reason is None:
        return False
    if crawler.stats is not None:
        crawler.stats.inc_value(Stat.STORE_FAILED)
    if archive_failure(crawler) is None:
        setattr(crawler, _FAILED_ATTR, str(exc))
        logger.error("%s; stopping the crawl", exc)
        try:
            engine = crawler.engine
        except RuntimeError:  # Scrapy 2.19 raises until the crawl has started (pipelines driven by hand)
            engine = None
        if engine is not None:
            # kept on the crawler: an unreferenced Deferred could be collected before it runs
            setattr(crawler, "_newsarchive_closing", deferred_from_coro(engine.close_spider_async(reason=reason)))
    return True


def is_archived(crawler: Crawler, url: str) -> bool:
    """Is `url` an archived article URL or alias? A fleet node (NEWSARCHIVE_REDIS_URL set) asks the writer's
    Redis set instead of opening the archive."""
    redis_url = crawler.settings.get("NEWSARCHIVE_REDIS_URL")
    if redis_url:
        from crawler.fleet import queue

        client = getattr(crawler, "_newsarchive_redis", None)
        if client is None:
            client = queue.connect(redis_url)
            setattr(crawler, "_newsarchive_redis", client)
        return bool(client.sismember(queue.ARCHIVED, url))
    return archive_for(crawler).article_id_for_url(url) is not None
