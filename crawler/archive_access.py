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
