"""Running crawls from Python (used by `newsarchive crawl` and `newsarchive demo`): one Scrapy
`CrawlerProcess` for all requested sites, an optional live progress display, and a summary per site.

Usage::

    from crawler.runner import run_crawls
    summaries = run_crawls(["demo"], db="news.db", base_url="http://127.0.0.1:8765")

A process can run crawls once (Twisted's reactor is not restartable); the scheduler therefore starts a
subprocess per crawl.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.config import WatchesConfig
from crawler.site_lock import SiteLock
from crawler.stats import counts_from_stats


@dataclass
class CrawlSummary:
    """What one site's crawl did: its run id, final status and counts (fetched, new, duplicate, …)."""

    site: str
    run_id: int | None
    status: str
    reason: str
    counts: dict[str, int] = field(default_factory=dict)


def crawl_settings(db: str | os.PathLike, *, sites: str | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Scrapy settings for a newsarchive crawl (the project settings module plus archive path and overrides)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("NEWSARCHIVE_DB", str(db), priority="cmdline")
    if sites:
        settings.set("NEWSARCHIVE_SITES", sites, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawls(
    site_keys: list[str],
    *,
    db: str | os.PathLike,
    sites: str | None = None,
    base_url: str | None = None,
    trigger: str = "manual",
    run_id: int | None = None,
    overrides: dict[str, Any] | None = None,
    progress: bool = False,
    log_level: str = "WARNING",
    limit: int | None = None,
    watches: WatchesConfig | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[CrawlSummary]:
    """Crawl the given sites (in parallel, in this process) into the archive at `db`; blocks until done,
    then delivers new hits of the archive's watches (`storage.watch_delivery`; failures are logged only).

    `since` / `until` ('YYYY-MM-DD') make it a backfill of that window (crawler/backfill.py).
    Holds each site's `SiteLock` throughout (`SiteBusy` if another process crawls one of them into this
    archive) and checks the archive first (`check_archive`: a one-line `ArchiveError` instead of a crawl).
    """
    extra = {"NEWSARCHIVE_TRIGGER": trigger, "LOG_LEVEL": log_level, **(overrides or {})}
    if run_id is not None:
        extra["NEWSARCHIVE_RUN_ID"] = run_id
    if progress:
        # log through the progress display's console so messages print above the live line, not through it
        extra["LOG_ENABLED"] = False
    settings = crawl_settings(Path(db), sites=sites, overrides=extra)
    lock_wait = settings.getfloat("NEWSARCHIVE_LOCK_WAIT_SECONDS")
    with ExitStack() as held:
        try:
            for key in dict.fromkeys(site_keys):
                held.enter_context(SiteLock(db, key))  # SiteBusy: this site is being crawled into this archive already
        except OSError:
            check_archive(db, lock_wait)  # no lock file beside the archive: say why (read-only, not a directory…)
            raise
        check_archive(db, lock_wait)
        summaries = _crawl(settings, site_keys, base_url=base_url, limit=limit, progress=progress, log_level=log_level,
                           since=since, until=until)
    # Also after a crawl with nothing new: webhook deliveries that failed earlier are retried here.
    deliver_watches(db, watches)
    return summaries


def check_archive(db: str | os.PathLike, lock_wait: float) -> None:
    """Before a crawl starts: the archive opens for writing (created/migrated) and its write lock can be taken.

    Raises a one-line `ArchiveError` (locked for longer than `lock_wait` s, read-only, not an archive, a
    directory…) instead of letting the crawl start and fail inside Scrapy with tracebacks.
    """
    from storage import Archive

    Archive(db, lock_wait=max(lock_wait, 0.001)).close()


def _crawl(settings: Settings, site_keys: list[str], *, base_url: str | None, limit: int | None, progress: bool,
           log_level: str, since: str | None = None, until: str | None = None) -> list[CrawlSummary]:
    """Run the crawls of `site_keys` in one CrawlerProcess; blocks until done."""
    process = CrawlerProcess(settings)
    crawlers: list[Crawler] = []
    spider_kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    if limit:
        spider_kwargs["limit"] = limit
    if since:
        spider_kwargs.update(since=since, until=until)
    for key in site_keys:
        crawler = process.create_crawler(key)
        crawlers.append(crawler)
        process.crawl(crawler, **spider_kwargs)
    display = _Progress(crawlers, log_level) if progress else None
    if display:
        display.start()
    try:
        process.start()
    finally:
        if display:
            display.stop()
    return [_summary(c) for c in crawlers]


def deliver_watches(db: str | os.PathLike, watches: WatchesConfig | None = None) -> None:
    """After a crawl (manual or scheduled: both end here): new watch hits to their feeds, files and webhooks."""
    from storage.watch_delivery import deliver

    cfg = watches or WatchesConfig()
    deliver(db, timeout=cfg.webhook_timeout_seconds, retry_seconds=cfg.webhook_retry_seconds)


def _summary(crawler: Crawler) -> CrawlSummary:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlSummary(
        site=crawler.spidercls.name,
        run_id=stats.get("newsarchive/run_id"),
        status=stats.get("newsarchive/status", "failed"),
        reason=str(stats.get("finish_reason", "not started")),
        counts=counts_from_stats(stats),
    )


class _Progress:
    """A rich live display of each crawl's counters, refreshed from Scrapy stats twice a second."""

    def __init__(self, crawlers: list[Crawler], log_level: str):
        import logging

        from rich.console import Console
        from rich.logging import RichHandler
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.crawlers = crawlers
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), TextColumn("{task.fields[line]}"),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        )
        self.tasks = {id(c): self.progress.add_task(c.spidercls.name, total=None, line="starting") for c in crawlers}
        self.loop: Any = None
        handler = RichHandler(console=self.progress.console, show_path=False, markup=False, rich_tracebacks=False)
        handler.setFormatter(logging.Formatter("[%(name)s] %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(log_level)

    def start(self) -> None:
        """Show the display and schedule refreshes on the reactor."""
        from twisted.internet import task

        self.progress.start()
        self.loop = task.LoopingCall(self.refresh)
        self.loop.start(0.5, now=False)

    def refresh(self) -> None:
        """Update each site's line from its stats."""
        for c in self.crawlers:
            if c.stats is None:
                continue
            n = counts_from_stats(c.stats.get_stats())
            line = (f"fetched {n['fetched']}  new {n['new']}  dup {n['duplicate']}  "
                    f"dropped {n['dropped']}  failed {n['failed']}  seen {n['skipped_seen']}")
            self.progress.update(self.tasks[id(c)], line=line)

    def stop(self) -> None:
        """Remove the display."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.progress.stop()


