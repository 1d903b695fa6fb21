"""`RedisItemPipeline`: on a crawl node, each extracted item goes to the Redis stream instead of the archive."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.fleet import queue

PUSHED = "newsarchive/pushed"


class RedisItemPipeline:
    """XADDs the whole item (record + raw page); the writer (`newsarchive ingest`) cleans, dedupes and stores it."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.redis = queue.connect(crawler.settings.get("NEWSARCHIVE_REDIS_URL"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisItemPipeline":
        """Scrapy's constructor hook."""
        if not crawler.settings.get("NEWSARCHIVE_REDIS_URL"):
            from scrapy.exceptions import NotConfigured

            raise NotConfigured("NEWSARCHIVE_REDIS_URL is not set")
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Push the item; it passes on unchanged (a Redis outage fails the item loudly, never silently)."""
        self.redis.xadd(queue.STREAM, {"item": queue.encode(dict(ItemAdapter(item).items()))})
        self.crawler.stats.inc_value(PUSHED)
        return item
