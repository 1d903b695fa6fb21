"""The CPU-bound, pure work on one fetched article page, as one picklable call for an extraction worker.

`process_page` runs in a `crawler.workpool` worker process (or in the crawl process when the pool is off): the
extractor, and the raw page's compression for the archive. It imports neither Scrapy nor the archive.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass

from crawler.extract import ExtractionError, extract_article
from crawler.extract.types import Article, ExtractionRules

#: Target of the extraction workers (`crawler.workpool.WorkerPool`).
TARGET = "crawler.page_job:process_page"


@dataclass
class PageResult:
    """What the worker sends back: the article (or why there is none) and the page as the archive stores it."""

    article: Article | None
    error: str | None  # ExtractionError's one-line message
    raw_zlib: bytes | None  # the body compressed at `zlib_level` (None: not asked for)
    pid: int  # the process that did the work


def process_page(body: bytes, url: str, rules: ExtractionRules | None, encoding: str | None,
                 zlib_level: int | None) -> PageResult:
    """Extract one page and compress its bytes; an unusable page is a result with `error`, never an exception."""
    raw = zlib.compress(body, zlib_level) if zlib_level is not None else None
    try:
        return PageResult(extract_article(body, url, rules, encoding=encoding), None, raw, os.getpid())
    except ExtractionError as exc:
        return PageResult(None, str(exc), raw, os.getpid())
