"""The crawl's one handle on the archive, shared by the middleware, pipelines and run bookkeeping."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.config import load_config
from storage import Archive

_ATTR = "_newsarchive_archive"


def archive_for(crawler: Crawler) -> Archive:
    """The `Archive` this crawl writes to (opened once per crawler; path from settings/env/default)."""
    archive = getattr(crawler, _ATTR, None)
    if archive is None:
        cfg = load_config(settings_db=crawler.settings.get("NEWSARCHIVE_DB"))
        archive = Archive(cfg.db_path)
        setattr(crawler, _ATTR, archive)
    return archive


def close_archive(crawler: Crawler) -> None:
    """Close the crawl's archive handle if one was opened."""
    archive = getattr(crawler, _ATTR, None)
    if archive is not None:
        archive.close()
        setattr(crawler, _ATTR, None)


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
