"""`ValidatePipeline`: drops items that are not usable articles, counting each reason in the crawl stats."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.stats import Stat

MIN_BODY_CHARS = 30  # shorter "bodies" are photo captions or empty templates, not articles


class ValidatePipeline:
    """Requires url, title and a body of at least `NEWSARCHIVE_MIN_BODY_CHARS` characters."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.min_body = crawler.settings.getint("NEWSARCHIVE_MIN_BODY_CHARS", MIN_BODY_CHARS)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidatePipeline":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def problem(self, item: Any) -> str | None:
        """The reason this item is not a usable article, or None."""
        adapter = ItemAdapter(item)
        url = adapter.get("url") or ""
        if not url.startswith(("http://", "https://")):
            return "no_url"
        if adapter.get("extraction_error"):
            return "unreadable_page"
        if not (adapter.get("title") or "").strip():
            return "no_title"
        body = (adapter.get("body") or "").strip()
        if not body:
            return "no_body"
        if len(body) < self.min_body:
            return "body_too_short"
        return None

    def process_item(self, item: Any) -> Any:
        """Pass a valid item on; drop an invalid one (`newsarchive/dropped/<reason>` counted)."""
        reason = self.problem(item)
        if reason is None:
            return item
        self.stats.inc_value(Stat.DROPPED)
        self.stats.inc_value(f"{Stat.DROPPED}/{reason}")
        adapter = ItemAdapter(item)
        why = f" ({adapter['extraction_error']})" if reason == "unreadable_page" else ""  # kept in the raw page's note
        raise DropItem(f"{reason}: {adapter.get('url')}{why}", log_level="INFO")
