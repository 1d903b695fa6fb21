"""`StorePipeline`: writes each article (row, aliases, raw HTML, search columns) to the archive — during a crawl in
batched transactions (`pipelines.writer`); pages dropped by validation keep their raw HTML so `newsarchive
reextract` can recover them."""

from __future__ import annotations

import logging
from typing import Any, Awaitable

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.archive_access import archive_failure, archive_for, fail_crawl, guarded_write
from crawler.stats import Stat
from pipelines.writer import writer_for
from storage import ArchiveError
from storage.archive import TEXT_COLUMNS_KEY, SaveResult

RECORD_FIELDS = (
    "url", "site", "title", "subtitle", "body", "authors", "published", "modified", "section", "tags",
    "language", "publisher", "top_image", "images", "emails", "body_hash", "duplicate_of", "similarity", "aliases",
)
logger = logging.getLogger(__name__)
STATUS_STAT = {"new": Stat.NEW, "updated": Stat.UPDATED, "unchanged": Stat.UNCHANGED}


class StorePipeline:
    """Saves articles through the crawl's `BatchWriter` and counts new / updated / unchanged."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Write the article (in a batch during a crawl: `pipelines.writer`); the item passes on unchanged once
        it is committed (for `-O` feeds and `item_scraped`)."""
        adapter = ItemAdapter(item)
        record = {name: adapter.get(name) for name in RECORD_FIELDS}
        prepared = adapter.get("prepared")
        if prepared is not None:  # search columns made in the extraction worker (used if the texts are the same)
            record[TEXT_COLUMNS_KEY] = prepared.text_columns
        if archive_failure(self.crawler):
            # the archive already refused a write for good (disk full, read-only): the crawl is stopping
            self.crawler.stats.inc_value(Stat.STORE_FAILED)
            raise DropItem(f"store failed: {archive_failure(self.crawler)}", log_level="DEBUG")
        writer = writer_for(self.crawler)
        if writer.batching():
            return self._stored_later(item, writer.submit(item, record, adapter.get("raw")))
        return self._stored(item, writer.write_now(item, record, adapter.get("raw")))

    async def _stored_later(self, item: Any, outcome: Awaitable[SaveResult]) -> Any:
        try:
            result: SaveResult | Exception = await outcome
        except Exception as exc:  # noqa: BLE001 - the batch's failure is this item's
            result = exc
        return self._stored(item, result)

    def _stored(self, item: Any, result: SaveResult | Exception) -> Any:
        """Count a written article, or turn the write's failure into a dropped item (a fatal one stops the crawl)."""
        if isinstance(result, SaveResult):
            self.crawler.stats.inc_value(STATUS_STAT[result.status])
            return item
        url = ItemAdapter(item).get("url")
        if isinstance(result, ArchiveError) and fail_crawl(self.crawler, result):
            raise DropItem(f"store failed: {result}", log_level="DEBUG") from None
        self.crawler.stats.inc_value(Stat.STORE_FAILED)
        logger.error("could not store %s: %s", url, result)
        raise DropItem(f"store failed: {result}", log_level="ERROR") from None

    def close_spider(self) -> None:
        """Write the articles still waiting for a batch, and wait for the writer thread to commit them."""
        writer_for(self.crawler).close()

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        """Keep the raw page of an item that failed validation, so nothing fetched is lost."""
        adapter = ItemAdapter(item)
        raw = adapter.get("raw")
        if raw is None or str(exception).startswith(("duplicate of", "store failed")) or archive_failure(self.crawler):
            return
        with guarded_write(self.crawler):
            # once: a crawl after an interrupted one may fetch (and drop) the same page again
            archive_for(self.crawler).save_raw_page(raw, note=f"dropped: {exception}", once=True)
