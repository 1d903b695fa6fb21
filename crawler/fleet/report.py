"""`NodeRunReport`: on a crawl node, the crawl's outcome (status, counts) goes to Redis for the dispatcher.

Scrapyd reports a job that crashed as "finished" like any other, so the dispatcher reads the run's status
from here (`newsarchive:job:<SCRAPY_JOB>`); no report means the crawl died before closing.
"""

from __future__ import annotations

import json
import os
from collections import Counter

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


def judge_nodes(reports: list[tuple[str, str | None, dict, str | None]]) -> tuple[str, str | None, dict[str, int]]:
    """A distributed run's (status, error, summed counts) from each node's (status, error, counts, close reason).

    A node that reached no page of the shared frontier (the others took them all) and saw one request fail calls
    itself failed by `run_status`'s nothing-reached rule (reason `finished`, no article lost to the archive): such a
    report is judged with every node's counts together, so the run fails only when no node reached anything.
    """
    counts: Counter[str] = Counter()  # (a count a node did not send reads as 0)
    bad, reached_nothing = [], []
    for status, error, node_counts, reason in reports:
        counts.update(node_counts)
        if status == "ok" or not error:
            continue
        if reason == "finished" and not node_counts.get("store_failed"):
            reached_nothing.append(error)
        else:
            bad.append(error)
    if not bad and reached_nothing and run_status("finished", counts) != "ok":
        bad = reached_nothing
    return ("failed" if bad else "ok"), "; ".join(bad) or None, dict(counts)
