"""`WarcWriterExtension`: with `-s NEWSARCHIVE_WARC_DIR=DIR`, a crawl also writes every article page it fetched
(stored, duplicate or dropped) to `DIR/newsarchive-SITE-YYYYmmddTHHMMSSZ-PID.warc.gz`, as request/response
records in the same shape `export --format warc` writes (`storage.warc.write_page`)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any, BinaryIO

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from storage.warc import new_writer, write_page

logger = logging.getLogger(__name__)


class WarcWriterExtension:
    """Appends each fetched article page to one WARC file per crawl (only when NEWSARCHIVE_WARC_DIR is set)."""

    def __init__(self, crawler: Crawler, directory: Path):
        self.crawler = crawler
        self.directory = directory
        self.path: Path | None = None
        self._file: BinaryIO | None = None
        self._writer: Any = None
        self.records = 0
        crawler.signals.connect(self.page_done, signal=signals.item_scraped)
        crawler.signals.connect(self.page_done, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "WarcWriterExtension":
        """Scrapy's constructor hook; disabled unless NEWSARCHIVE_WARC_DIR is set."""
        directory = crawler.settings.get("NEWSARCHIVE_WARC_DIR")
        if not directory:
            raise NotConfigured  # no args: Scrapy then disables it without a warning
        return cls(crawler, Path(directory))

    def _open(self, spider: Spider | None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        name = getattr(spider, "name", None) or "crawl"
        self.path = self.directory / f"newsarchive-{name}-{stamp}-{os.getpid()}.warc.gz"
        self._file = open(self.path, "wb")
        self._writer = new_writer(self._file)

    def page_done(self, item: Any, response: Any = None, spider: Spider | None = None, **kwargs: Any) -> None:
        """Write the item's fetched page (its `raw` RawPage) as a request/response pair."""
        raw = ItemAdapter(item).get("raw")
        if raw is None:
            return
        if self._writer is None:
            self._open(spider or self.crawler.spider)
        write_page(self._writer, raw)
        self._file.flush()  # a killed crawl leaves whole records behind
        self.records += 1

    def spider_closed(self, spider: Spider) -> None:
        """Close the file and log where it is."""
        if self._file is not None:
            self._file.close()
            logger.info("wrote %d WARC response record(s) to %s", self.records, self.path)
            self.crawler.stats.set_value("newsarchive/warc_file", str(self.path))
