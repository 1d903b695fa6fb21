"""`SiteLockMiddleware`: a plain `scrapy crawl SITE` takes the site's lock (`crawler.site_lock`) like every other
crawl; a second crawl of a site being crawled into the same archive stops before its first request, in one line."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.site_lock import SiteBusy, SiteLock, site_crawler_pid
from storage.errors import ArchiveError

_BUSY_ATTR = "_newsarchive_site_busy"
logger = logging.getLogger(__name__)


def refused_as_busy(crawler: Any) -> str | None:
    """The one-line refusal when this crawl's site was found being crawled by another process, else None."""
    return getattr(crawler, _BUSY_ATTR, None)


class SiteLockMiddleware(BaseSpiderMiddleware):
    """Takes the crawled site's lock when the crawl's engine is built — before the run row is opened
    (`crawler.runs` records no run for a refused crawl) — and holds it until the spider closes. A process that
    holds the lock already (`crawler.runner`: the CLI, the daemon's crawls, `fetch`) is not asked again."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        site = getattr(crawler.spidercls, "site", None)
        if site is None:
            raise NotConfigured("not a site spider")
        from crawler.config import load_config

        db = load_config(settings_db=crawler.settings.get("NEWSARCHIVE_DB")).db_path
        self.lock: SiteLock | None = None
        if site_crawler_pid(db, site.key) == os.getpid():
            return
        try:
            self.lock = SiteLock(db, site.key).acquire()
        except (SiteBusy, ArchiveError) as exc:  # busy, or a full disk (ArchiveFull): refused in one line
            setattr(crawler, _BUSY_ATTR, str(exc))
            return
        except OSError:
            return  # no lock file beside the archive: opening the archive says why, in one line
        crawler.signals.connect(self._release, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SiteLockMiddleware":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests, unless another process is crawling its site (then one line, and close)."""
        message = refused_as_busy(self.crawler)
        if message:
            logger.error("%s", message)
            raise CloseSpider("site_busy")
        async for item in start:
            yield item
