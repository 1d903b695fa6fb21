"""`DedupePipeline`: one article per story — the same body under another URL becomes an alias, not a row.

URL identity (tracking parameters, AMP/mobile variants, `rel=canonical`) is settled before this point by
the spider (`crawler.urls.canonical_url`); here the body decides.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.archive_access import archive_for
from crawler.stats import Stat
from storage import body_hash


class DedupePipeline:
    """Marks each item with its body hash; drops exact duplicates of an archived article (keeping their URLs)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DedupePipeline":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Pass new articles and re-checks of archived ones; drop an exact copy under a new URL."""
        adapter = ItemAdapter(item)
        adapter["body_hash"] = body_hash(adapter["body"])
        archive = archive_for(self.crawler)
        url = adapter["url"]
        known = archive.article_id_for_url(url)
        if known is not None and not adapter.get("canonical_from_page"):
            return item  # a re-check of an archived article: the store decides updated / unchanged
        # a page whose rel=canonical names an archived article is a copy of it, not an edit of it
        original = known if known is not None else archive.article_id_for_body_hash(adapter["body_hash"])
        if original is None:
            return item
        for alias in [url, *(adapter.get("aliases") or [])]:
            archive.add_alias(original, alias)
        self.crawler.stats.inc_value(Stat.DUPLICATE)
        raise DropItem(f"duplicate of article {original}: {url}", log_level="INFO")
