"""`crawler.stats_collector`: the crawl's stats collector keeps Scrapy's stats the same way, and a stats call is one
Python call (Scrapy's own runs a Python `__getattribute__` and a warning wrapper around every access)."""

from __future__ import annotations

import sys

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler import settings as project
from crawler.stats_collector import PlainStatsCollector


def _python_calls(method, *args) -> int:
    """How many Python-level calls `method(*args)` makes, itself included."""
    calls = 0

    def profile(frame, event, arg):  # noqa: ANN001
        nonlocal calls
        calls += event == "call"

    sys.setprofile(profile)
    try:
        method(*args)
    finally:
        sys.setprofile(None)
    return calls


def test_the_crawl_uses_it_and_a_stats_call_is_one_python_call():
    crawler = get_crawler(settings_dict={"STATS_CLASS": project.STATS_CLASS})
    crawler._apply_settings()
    stats = crawler.stats
    assert isinstance(stats, MemoryStatsCollector)
    assert _python_calls(stats.inc_value, "downloader/response_count") == 1


def test_same_stats_as_scrapys():
    ours, scrapys = PlainStatsCollector(get_crawler()), MemoryStatsCollector(get_crawler())
    for stats in (ours, scrapys):
        stats.open_spider()
        stats.inc_value("a")
        stats.inc_value("a", 2)
        stats.inc_value("b", start=10)
        stats.max_value("m", 3)
        stats.max_value("m", 1)
        stats.min_value("n", 3)
        stats.min_value("n", 1)
        stats.set_value("s", "x")
    assert ours.get_stats() == scrapys.get_stats() == {"a": 3, "b": 11, "m": 3, "n": 1, "s": "x"}
    assert ours.get_value("a") == 3 and ours.get_value("zz", 7) == 7
    ours.clear_stats()
    assert ours.get_stats() == {}
