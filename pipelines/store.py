"""`StorePipeline`: writes each article (row, aliases, raw HTML, search columns) to the archive in one
transaction; pages dropped by validation keep their raw HTML so `newsarchive reextract` can recover them."""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.archive_access import archive_failure, archive_for, fail_crawl, guarded_write
from crawler.stats import Stat
from storage import ArchiveError

RECORD_FIELDS = (
    "url", "site", "title", "subtitle", "body", "authors", "published", "modified", "section", "tags",
    "language", "publisher", "top_image", "images", "emails", "body_hash", "duplicate_of", "similarity", "aliases",
)
WRITE_ATTEMPTS = 8
logger = logging.getLogger(__name__)
STATUS_STAT = {"new": Stat.NEW, "updated": Stat.UPDATED, "unchanged": Stat.UNCHANGED}


class StorePipeline:
    """Saves articles through `storage.Archive.save_article` and counts new / updated / unchanged."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Write the article; the item passes on unchanged (for `-O` feeds)."""
        adapter = ItemAdapter(item)
        record = {name: adapter.get(name) for name in RECORD_FIELDS}
        if archive_failure(self.crawler):
            # the archive already refused a write for good (disk full, read-only): the crawl is stopping
            self.crawler.stats.inc_value(Stat.STORE_FAILED)
            raise DropItem(f"store failed: {archive_failure(self.crawler)}", log_level="DEBUG")
        archive = archive_for(self.crawler)
        for attempt in range(WRITE_ATTEMPTS):
            try:
                result = archive.save_article(record, raw=adapter.get("raw"))
                break
            except ArchiveError as exc:
                if fail_crawl(self.crawler, exc):
                    raise DropItem(f"store failed: {exc}", log_level="DEBUG") from None
                self.crawler.stats.inc_value(Stat.STORE_FAILED)
                logger.error("could not store %s: %s", record["url"], exc)
                raise DropItem(f"store failed: {exc}", log_level="ERROR") from None
            except sqlite3.OperationalError as exc:
                # another process (a parallel crawl) holds the write lock: the transaction rolled back whole,
                # so running it again is safe
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == WRITE_ATTEMPTS - 1:
                    self.crawler.stats.inc_value(Stat.STORE_FAILED)
                    logger.error("could not store %s: %s", record["url"], exc)
                    raise DropItem(f"store failed: {exc}", log_level="ERROR") from None
                time.sleep(0.05 * (attempt + 1))
        self.crawler.stats.inc_value(STATUS_STAT[result.status])
        return item

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        """Keep the raw page of an item that failed validation, so nothing fetched is lost."""
        adapter = ItemAdapter(item)
        raw = adapter.get("raw")
        if raw is None or str(exception).startswith(("duplicate of", "store failed")) or archive_failure(self.crawler):
            return
        with guarded_write(self.crawler):
            # once: a crawl after an interrupted one may fetch (and drop) the same page again
            archive_for(self.crawler).save_raw_page(raw, note=f"dropped: {exception}", once=True)
