"""`PlainStatsCollector`: Scrapy's `MemoryStatsCollector` without its per-access `__getattribute__`.

Scrapy 2.19's `StatsCollector.__getattribute__` wraps every stats method to warn about a deprecated `spider`
argument, and runs for *every* attribute read of the collector, its own `self._stats` included (an f-string and a
caught `AttributeError` each time): ~2 us per `inc_value` against ~0.15 us, and a crawl makes ~20 such calls per
page on the reactor thread (request, response, scheduler and item counts). Same stats, same methods; only the
deprecation warning for passing `spider` is not given.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """`MemoryStatsCollector` with Python's plain attribute access (`STATS_CLASS` of the crawl)."""

    __getattribute__ = object.__getattribute__
