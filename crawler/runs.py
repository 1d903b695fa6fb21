"""`CrawlRunExtension`: records each crawl in the archive's crawl_runs table (start, end, status, counts) and
beats a heartbeat while it runs, so a killed crawl's row is recognised and closed by the next start."""

from __future__ import annotations

import logging
import sqlite3

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

from crawler.archive_access import archive_failure, archive_for, close_archive
from crawler.site_lock_middleware import refused_as_busy
from crawler.stats import counts_from_stats
from storage import ArchiveError
from storage.archive import RUN_HEARTBEAT_SECONDS

logger = logging.getLogger(__name__)


def run_status(reason: str, counts: dict[str, int]) -> str:
    """ok, failed (nothing could be fetched, or the crawl crashed) or interrupted (stopped by a signal)."""
    if reason in ("shutdown", "cancelled"):
        return "interrupted"
    if reason != "finished" or counts["store_failed"]:
        return "failed"
    reached = counts["fetched"] + counts["skipped_seen"] + counts["unchanged"] + counts["skipped_failed"]
    if reached == 0 and (counts["discovery_failed"] or counts["failed"]):
        return "failed"
    return "ok"


class _ProcessHeartbeat:
    """One heartbeat for every run of this process: a group of 100 sites wrote 100 transactions every
    `RUN_HEARTBEAT_SECONDS`, each waiting on the reactor thread for the write lock the archive writer held."""

    def __init__(self) -> None:
        self.runs: dict[int, Crawler] = {}  # run id -> the crawler whose archive connection beats for it
        self._loop: task.LoopingCall | None = None

    def add(self, run_id: int, crawler: Crawler) -> None:
        """Beat for `run_id` from now on (the first run starts the timer)."""
        self.runs[run_id] = crawler
        if self._loop is None or not self._loop.running:
            self._loop = task.LoopingCall(self.beat)
            self._loop.start(RUN_HEARTBEAT_SECONDS, now=False)

    def remove(self, run_id: int) -> None:
        """Stop beating for `run_id` (the last one stops the timer)."""
        self.runs.pop(run_id, None)
        if not self.runs and self._loop is not None and self._loop.running:
            self._loop.stop()

    def beat(self) -> None:
        """Tell each archive that its runs' process is alive: one statement per archive file."""
        by_archive: dict[str, tuple[Crawler, list[int]]] = {}
        for run_id, crawler in self.runs.items():
            if archive_failure(crawler):
                continue
            path = str(crawler.settings.get("NEWSARCHIVE_DB"))
            by_archive.setdefault(path, (crawler, []))[1].append(run_id)
        for crawler, run_ids in by_archive.values():
            try:
                archive_for(crawler).heartbeat(*run_ids)
            except (ArchiveError, sqlite3.Error) as exc:  # a busy archive: the next beat will do
                logger.debug("heartbeat of runs %s skipped: %s", run_ids, exc)


_HEARTBEAT = _ProcessHeartbeat()


class CrawlRunExtension:
    """Opens a crawl_runs row when the spider opens (or adopts `NEWSARCHIVE_RUN_ID`) and closes it with counts."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CrawlRunExtension":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """Register the site and start (or adopt) the run row (none for a crawl refused because its site is busy)."""
        if refused_as_busy(self.crawler):
            return
        archive = archive_for(self.crawler)
        site = getattr(spider, "site", None)
        if site is not None:
            archive.upsert_source(
                site.key, name=site.name, publisher=site.publisher, language=site.language, base_url=site.base_url
            )
        given = self.crawler.settings.get("NEWSARCHIVE_RUN_ID")
        if given:
            self.run_id = int(given)
            archive.adopt_run(self.run_id)  # the row now names this process: it is the one to watch for liveness
        else:
            self.run_id = archive.start_run(spider.name, trigger=self.crawler.settings.get("NEWSARCHIVE_TRIGGER", "manual"))
        self.crawler.stats.set_value("newsarchive/run_id", self.run_id)
        _HEARTBEAT.add(self.run_id, self.crawler)  # see `Archive.mark_stale_runs`

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Finish the run row with the crawl's counts, then close the archive."""
        if self.run_id is None and refused_as_busy(self.crawler):
            close_archive(self.crawler)
            return
        if self.run_id is not None:
            _HEARTBEAT.remove(self.run_id)
        counts = counts_from_stats(self.crawler.stats.get_stats())
        status = run_status(reason, counts)
        error = None if status == "ok" else archive_failure(self.crawler) or f"crawl ended: {reason}"
        if status == "failed" and reason == "finished":
            error = "nothing could be fetched (discovery pages or article pages failed)"
            if counts["store_failed"]:
                error = f"{counts['store_failed']} article(s) could not be written to the archive"
        if status == "failed" and not archive_failure(self.crawler):  # an archive failure was said when it happened
            site = getattr(spider, "site", None)
            where = f" from {site.base_url}" if site else ""
            if reason == "finished" and not counts["store_failed"]:
                hint = " (is the site reachable? for the demo site, run `newsarchive demo-site` first)"
                if counts["skipped_offscope"]:  # the guard, not the network, stopped it: say so instead
                    hint = (f" ({counts['skipped_offscope']} request(s) refused off-scope: check base_url, feeds and "
                            f"allowed_domains; the log names each refused URL)")
                self.crawler.stats.set_value("newsarchive/error", f"{error}{where}{hint}")
            else:
                self.crawler.stats.set_value("newsarchive/error", error)
            logger.error("crawl of %s failed: %s", spider.name, self.crawler.stats.get_value("newsarchive/error"))
        try:
            archive_for(self.crawler).finish_run(self.run_id, status=status, counts=counts, error=error,
                                                 exit_code=0 if status == "ok" else 1)
        except ArchiveError as exc:
            # e.g. still no space: the row stays "running" until the next start marks it interrupted. After the
            # failure that stopped the crawl this is expected, and the user was told once already.
            level = logging.INFO if archive_failure(self.crawler) else logging.ERROR
            logger.log(level, "could not record the end of run %s: %s", self.run_id, exc)
        finally:
            close_archive(self.crawler)
        self.crawler.stats.set_value("newsarchive/status", status)
