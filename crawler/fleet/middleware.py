"""Spider middlewares of a crawl node: "is this URL archived?" asked of the writer's Redis set
(`SkipArchivedInRedisMiddleware`), and backfills refused (`RefuseBackfillMiddleware`)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.fleet import queue
from crawler.stats import Stat

ERROR_STAT = "newsarchive/error"  # a one-line reason the node's report passes on to the dispatcher


class SkipArchivedInRedisMiddleware(BaseSpiderMiddleware):
    """Drops article requests whose canonical URL (or linked URL) is in `newsarchive:archived`."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        url = crawler.settings.get("NEWSARCHIVE_REDIS_URL")
        if not url:
            raise NotConfigured("NEWSARCHIVE_REDIS_URL is not set")
        self.redis = queue.connect(url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SkipArchivedInRedisMiddleware":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """The request, or None when its article is already archived."""
        if not request.meta.get("article"):
            return request
        urls = [request.meta.get("canonical", request.url)]
        link = request.meta.get("link")
        if link and link not in urls:
            urls.append(link)
        if any(self.redis.smismember(queue.ARCHIVED, urls)):
            self.crawler.stats.inc_value(Stat.SKIPPED_SEEN)
            return None
        return request


BACKFILL_REFUSED = ("backfill (since/until) does not run on a crawl node: its resumable frontier is kept in the "
                    "archive; run `newsarchive crawl {site} --since …` on the archive machine")


class RefuseBackfillMiddleware(BaseSpiderMiddleware):
    """A job with spider arguments `since`/`until` stops at once on a node, with one line saying why."""

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests, unless it is a backfill (then the crawl closes before any request)."""
        spider = self.crawler.spider
        if getattr(spider, "window", None) is not None:
            message = BACKFILL_REFUSED.format(site=spider.name)
            self.crawler.stats.set_value(ERROR_STAT, message)
            logging.getLogger(__name__).error("%s", message)
            raise CloseSpider("backfill_refused")
        async for item in start:
            yield item
