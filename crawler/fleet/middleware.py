"""`SkipArchivedInRedisMiddleware`: a node's "is this URL archived?" asked of the writer's Redis set."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.fleet import queue
from crawler.stats import Stat


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
