"""`GcTuning`: the crawl process's cyclic garbage collector runs ~15x less often (`NEWSARCHIVE_GC_THRESHOLDS`).

Python collects its youngest generation every 700 net allocations. A crawl allocates a great deal and keeps a great
deal alive (the scheduled requests, Scrapy and Twisted state), and each collection of the older generations walks
all of it: measured on `bench/crawl_bench.py --pages 3000`, the reactor thread spent 2.0–2.5 s of its ~10 s in the
collector (0.7–0.8 CPU ms per page); with thresholds (10000, 10, 10), 0.2–0.26 s, at the same peak RSS. Reference
counting still frees everything that is not in a cycle at once; cycles wait a little longer.

An extension, so every way a crawl starts (`newsarchive crawl`, the scheduler, `scrapy crawl`, a fleet node) gets
it; the thresholds are process-wide, set when the first crawler of the process is built.
"""

from __future__ import annotations

import gc
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class GcTuning:
    """Sets the collector's thresholds from `NEWSARCHIVE_GC_THRESHOLDS` (empty: Python's own are kept)."""

    def __init__(self, thresholds: tuple[int, ...]):
        self.thresholds = thresholds
        gc.set_threshold(*thresholds)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "GcTuning":
        """Scrapy's constructor hook."""
        value: Any = crawler.settings.getlist("NEWSARCHIVE_GC_THRESHOLDS")
        if not value:
            raise NotConfigured("NEWSARCHIVE_GC_THRESHOLDS is empty: Python's collector thresholds are kept")
        try:
            thresholds = tuple(int(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(f"NEWSARCHIVE_GC_THRESHOLDS: expected up to 3 whole numbers, got {value!r}") from None
        if not 1 <= len(thresholds) <= 3 or any(t < 0 for t in thresholds):
            raise ValueError(f"NEWSARCHIVE_GC_THRESHOLDS: expected up to 3 whole numbers >= 0, got {value!r}")
        return cls(thresholds)
