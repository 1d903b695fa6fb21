"""`NodeRunReport`: on a crawl node, the crawl's outcome (status, counts) goes to Redis for the dispatcher.

Scrapyd reports a job that crashed as "finished" like any other, so the dispatcher reads the run's status
from here (`newsarchive:job:<SCRAPY_JOB>`); no report means the crawl died before closing.
"""

from __future__ import annotations

import json
import os

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.fleet import queue
from crawler.fleet.middleware import ERROR_STAT
from crawler.runs import run_status
from crawler.stats import counts_from_stats

REPORT_TTL_S = 7 * 24 * 3600


def report_key(job: str) -> str:
    """Redis key of a Scrapyd job's report."""
    return f"newsarchive:job:{job}"


class NodeRunReport:
    """Writes {status, reason, counts} for this Scrapyd job when the spider closes."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.redis = queue.connect(crawler.settings.get("NEWSARCHIVE_REDIS_URL"))
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "NodeRunReport":
        """Scrapy's constructor hook; only on a fleet node."""
        if not crawler.settings.get("NEWSARCHIVE_REDIS_URL"):
            raise NotConfigured("not a fleet node (NEWSARCHIVE_REDIS_URL unset)")
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Publish the outcome under the Scrapyd job id (spider argument `_job`, which Scrapyd adds)."""
        job = getattr(spider, "_job", None) or os.environ.get("SCRAPY_JOB")
        if not job:
            return
        counts = counts_from_stats(self.crawler.stats.get_stats())
        counts["pushed"] = int(self.crawler.stats.get_value("newsarchive/pushed", 0))
        # a node-side refusal (e.g. a backfill) names itself in one line instead of a bare close reason
        report = {"status": run_status(reason, counts), "reason": self.crawler.stats.get_value(ERROR_STAT) or reason,
                  "counts": counts}
        self.redis.set(report_key(job), json.dumps(report), ex=REPORT_TTL_S)
