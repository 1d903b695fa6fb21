"""Running crawls from Python (used by `newsarchive crawl` and `newsarchive demo`): one Scrapy
`CrawlerProcess` for all requested sites, an optional live progress display, and a summary per site.

Usage::

    from crawler.runner import run_crawls
    summaries = run_crawls(["demo"], db="news.db", base_url="http://127.0.0.1:8765")

A process can run crawls once (Twisted's reactor is not restartable); the scheduler therefore starts a
subprocess per crawl — one per group of up to `max_sites_per_process` sites due together. Each site is its own
Scrapy `Crawler` (own downloader, slots, politeness settings, run row and stats), so many sites share one
process and one reactor while each stays as slow as its `[politeness]` asks.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import SETTINGS_PRIORITIES, Settings

from crawler.config import WatchesConfig
from crawler.log_levels import skip_unwritten_records
from crawler.site_lock import SiteLock
from crawler.spiders.site import extract_workers, extraction_pool
from crawler.stats import SUMMARY_COLUMNS, counts_from_stats


@dataclass
class CrawlSummary:
    """What one site's crawl did: its run id, final status and counts (fetched, new, duplicate, …)."""

    site: str
    run_id: int | None
    status: str
    reason: str
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # one line saying why the crawl failed (None when it went ok)


class SettingError(ValueError):
    """A `-s NAME=VALUE` override whose value does not fit the setting's type; the message is one line."""


def check_overrides(overrides: dict[str, Any]) -> dict[str, Any]:
    """Reject overrides whose value cannot be read as the type of the setting's default (int, float, bool).

    Scrapy reads settings lazily inside the crawl, where a bad value becomes "Unhandled error in Deferred".
    """
    defaults = Settings()
    defaults.setmodule("crawler.settings", priority="project")
    for name, value in overrides.items():
        default = defaults.get(name)
        if not isinstance(value, str) or default is None:
            continue
        try:
            if isinstance(default, bool):
                defaults.set(name, value)
                defaults.getbool(name)
            elif isinstance(default, int):
                int(value)
            elif isinstance(default, float):
                float(value)
        except ValueError:
            kind = {bool: "true or false", int: "an integer", float: "a number"}[type(default)]
            raise SettingError(f"setting {name}: expected {kind}, got {value!r}") from None
    return overrides


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
    run_ids: dict[str, int] | None = None,
    overrides: dict[str, Any] | None = None,
    progress: bool = False,
    log_level: str = "WARNING",
    log_file: str | os.PathLike | None = None,
    limit: int | None = None,
    watches: WatchesConfig | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[CrawlSummary]:
    """Crawl the given sites (in parallel, in this process) into the archive at `db`; blocks until done,
    then delivers new hits of the archive's watches (`storage.watch_delivery`; failures are logged only).

    `since` / `until` ('YYYY-MM-DD') make it a backfill of that window (crawler/backfill.py).
    `run_ids` (site -> existing crawl_runs id, from the scheduler) makes each site's crawl finish that row;
    `run_id` is the same for a single site.
    Holds each site's `SiteLock` until that site's crawl ends (`SiteBusy` if another process crawls one of them into this
    archive) and checks the archive first (`check_archive`: a one-line `ArchiveError` instead of a crawl).
    Logs go to `log_file` (rewritten each run, a header line per site of a group) when given, else to stderr — above the live display when
    `progress` is on. Either way only records at `log_level` and above are written.
    """
    extra = {"NEWSARCHIVE_TRIGGER": trigger, "LOG_LEVEL": log_level, **check_overrides(dict(overrides or {}))}
    if run_id is not None:
        if len(set(site_keys)) != 1:
            raise ValueError("run_id takes exactly one site; use run_ids for several")
        run_ids = {site_keys[0]: run_id}
    if log_file is not None:
        import logging

        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        # Appended to, and rewritten once per run below: Scrapy opens the file again for every crawler of a group
        # (each installs its own root handler), and with "w" each open erased the sites started before it.
        extra.update(LOG_FILE=str(log_file), LOG_FILE_APPEND=True, LOG_ENABLED=True)
        # a log file on a full disk loses lines; it must not print "--- Logging error ---" tracebacks instead
        logging.raiseExceptions = False
    elif progress:
        # log through the progress display's console so messages print above the live line, not through it
        extra["LOG_ENABLED"] = False
    settings = crawl_settings(Path(db), sites=sites, overrides=extra)
    lock_wait = settings.getfloat("NEWSARCHIVE_LOCK_WAIT_SECONDS")
    with ExitStack() as held:
        locks: dict[str, SiteLock] = {}
        try:
            for key in dict.fromkeys(site_keys):
                # SiteBusy: this site is being crawled into this archive already
                locks[key] = held.enter_context(SiteLock(db, key))
        except OSError:
            check_archive(db, lock_wait)  # no lock file beside the archive: say why (read-only, not a directory…)
            raise
        check_archive(db, lock_wait)
        workers = extract_workers(settings)
        if workers:
            # Started now, the workers import the extractor (~0.3 s) while Scrapy sets up and discovery runs, instead
            # of after the spider opens; the spiders then get this same pool.
            extraction_pool(workers)
        if log_file is not None:
            _log_header(log_file, f"newsarchive crawl of {', '.join(dict.fromkeys(site_keys))} (pid {os.getpid()})", mode="w")
        summaries = _crawl(settings, site_keys, base_url=base_url, limit=limit, progress=progress, log_level=log_level,
                           log_to_display=progress and log_file is None, since=since, until=until,
                           run_ids=run_ids or {}, locks=locks)
    # Also after a crawl with nothing new: webhook deliveries that failed earlier are retried here.
    deliver_watches(db, watches)
    return summaries


def _log_header(path: str | os.PathLike, title: str, mode: str = "a") -> None:
    """One `==== title ====` line in the crawl log (`mode` "w": the first, starting the file afresh).

    Written directly, not logged: it must be there whatever LOG_LEVEL lets through. A log file that cannot be
    written (full disk) costs the header only; the crawl itself reports why the disk is a problem.
    """
    import time

    try:
        with open(path, mode, encoding="utf-8") as f:
            f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} ==== {title} ====\n")
    except OSError:
        pass


def check_archive(db: str | os.PathLike, lock_wait: float) -> None:
    """Before a crawl starts: the archive opens for writing (created/migrated) and its write lock can be taken.

    Raises a one-line `ArchiveError` (locked for longer than `lock_wait` s, read-only, not an archive, a
    directory…) instead of letting the crawl start and fail inside Scrapy with tracebacks.
    """
    from storage import Archive

    Archive(db, lock_wait=max(lock_wait, 0.001)).close()


def _crawl(settings: Settings, site_keys: list[str], *, base_url: str | None, limit: int | None, progress: bool,
           log_level: str, log_to_display: bool, since: str | None = None, until: str | None = None,
           run_ids: dict[str, int] | None = None, locks: dict[str, SiteLock] | None = None) -> list[CrawlSummary]:
    """Run the crawls of `site_keys` in one CrawlerProcess (one Crawler each); blocks until all are done.

    A site's lock is released as soon as its own crawl ends, so a site that finished early in a large group
    can be crawled again (its next scheduled run) while slower sites of the group still run.
    """
    process = CrawlerProcess(settings)
    crawlers: list[Crawler] = []
    crashed: dict[int, str] = {}
    spider_kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    if limit:
        spider_kwargs["limit"] = limit
    if since:
        spider_kwargs.update(since=since, until=until)
    active_share = _active_share(settings, len(site_keys))
    cache_share = _cache_share(settings, len(site_keys))
    for key in site_keys:
        crawler = process.create_crawler(key)
        if active_share is not None:
            crawler.settings.set("SCRAPER_SLOT_MAX_ACTIVE_SIZE", active_share, priority="cmdline")
        queue = _request_queue(crawler.settings, len(site_keys))
        if queue is not None:
            crawler.settings.set("CONCURRENT_REQUESTS", queue, priority="cmdline")
        if cache_share is not None:
            crawler.settings.set("NEWSARCHIVE_ARCHIVE_CACHE_KIB", cache_share, priority="cmdline")
        if key in (run_ids or {}):
            # per crawler, not per process: each site of a group finishes its own run row
            crawler.settings.set("NEWSARCHIVE_RUN_ID", run_ids[key], priority="cmdline")
        crawlers.append(crawler)
        if settings.get("LOG_FILE") and len(site_keys) > 1:
            _log_header(settings["LOG_FILE"], f"site {key} ({len(crawlers)} of {len(site_keys)})")
        deferred = process.crawl(crawler, **spider_kwargs)
        # a crawl that dies while starting (e.g. a component rejects a setting) is reported in its summary,
        # not as Twisted's "Unhandled error in Deferred" traceback
        deferred.addErrback(_remember_crash, crashed, id(crawler))
        if locks and key in locks:
            deferred.addBoth(_release, locks[key])
    display = _Progress(crawlers, log_level, rich_log=log_to_display) if progress else None
    if display:
        display.start()
    try:
        with skip_unwritten_records():  # after the handlers above: Scrapy's DEBUG lines cost a LogRecord each
            process.start()
    finally:
        if display:
            display.stop()
    return [_summary(c, crashed.get(id(c))) for c in crawlers]


MIN_ACTIVE_SHARE = 256 * 1024  # a few pages per site in processing, however many sites share the process


def _request_queue(settings: Settings, sites: int) -> int | None:
    """Each crawler's `CONCURRENT_REQUESTS` when several sites share this process: twice its per-host concurrency
    (room for a second host, e.g. a redirect to `www.`), else None (the project's 16). A set value (`-s`) wins.

    Scrapy hands a crawler's downloader up to `CONCURRENT_REQUESTS` requests, and those wait in the host's slot for
    their politeness delay and are then sent whatever the pipeline's backlog: the `SCRAPER_SLOT_MAX_ACTIVE_SIZE`
    budget stops only the requests not handed over yet. With 16 per site, 100 polite sites on a machine short of CPU
    kept ~1,400 downloaded pages waiting for the extraction workers (~175 KB each in memory: the RSS growth of a
    100-site process, bench/README.md); a site sending `concurrency` requests at a time needs no more queued than that.
    """
    if sites < 2 or settings.getpriority("CONCURRENT_REQUESTS") > SETTINGS_PRIORITIES["project"]:
        return None
    return max(2, 2 * settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))


def _active_share(settings: Settings, sites: int) -> int | None:
    """Each crawler's share of `NEWSARCHIVE_GROUP_ACTIVE_BYTES` when several sites share this process, else None.

    Scrapy stops downloading for a crawler while more than `SCRAPER_SLOT_MAX_ACTIVE_SIZE` bytes of its responses
    are being processed (5 MB by default). That bound is per crawler: 100 sites of a group could hold 500 MB of
    pages waiting for the extraction workers on a machine short of CPU (the RSS of a 100-site crawl grew by ~2 MiB/s
    until it ended). A set `SCRAPER_SLOT_MAX_ACTIVE_SIZE` (e.g. `-s`) wins.
    """
    if sites < 2 or settings.getpriority("SCRAPER_SLOT_MAX_ACTIVE_SIZE") > SETTINGS_PRIORITIES["project"]:
        return None
    budget = settings.getint("NEWSARCHIVE_GROUP_ACTIVE_BYTES")
    return max(MIN_ACTIVE_SHARE, min(settings.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE"), budget // sites))


def _cache_share(settings: Settings, sites: int) -> int | None:
    """Each crawler's SQLite page cache (KiB) when several sites share this process: `NEWSARCHIVE_GROUP_CACHE_KIB`
    divided among them (at least 256 KiB), else None (SQLite's default, 2 MB).

    Every crawler reads the archive through its own connection (duplicate checks, near-duplicate bands, archived
    URLs), and each connection's cache fills to its size: 100 sites in one process held ~200 MB of page caches.
    """
    if sites < 2 or settings.getpriority("NEWSARCHIVE_ARCHIVE_CACHE_KIB") > SETTINGS_PRIORITIES["project"]:
        return None
    return max(256, min(2000, settings.getint("NEWSARCHIVE_GROUP_CACHE_KIB") // sites))


def deliver_watches(db: str | os.PathLike, watches: WatchesConfig | None = None) -> None:
    """After a crawl (manual or scheduled: both end here): new watch hits to their feeds, files and webhooks."""
    from storage.watch_delivery import deliver

    cfg = watches or WatchesConfig()
    deliver(db, timeout=cfg.webhook_timeout_seconds, retry_seconds=cfg.webhook_retry_seconds)


def _release(result: Any, lock: SiteLock) -> Any:
    lock.release()
    return result


def _remember_crash(failure: Any, crashed: dict[int, str], key: int) -> None:
    import logging

    exc = failure.value
    crashed[key] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
    logging.getLogger(__name__).error("crawl could not run", exc_info=(type(exc), exc, failure.getTracebackObject()))


def _summary(crawler: Crawler, crash: str | None = None) -> CrawlSummary:
    from crawler.archive_access import archive_failure

    stats = crawler.stats.get_stats() if crawler.stats else {}
    status = stats.get("newsarchive/status", "failed")
    error = archive_failure(crawler) or stats.get("newsarchive/error")  # disk full, read-only: said first
    if crash:
        status, error = "failed", f"the crawl could not run: {crash}"
    elif status != "ok" and not error:
        error = f"crawl ended: {stats.get('finish_reason', 'not started')}"
    return CrawlSummary(
        site=crawler.spidercls.name,
        run_id=stats.get("newsarchive/run_id"),
        status=status,
        reason=str(stats.get("finish_reason", "not started")),
        counts=counts_from_stats(stats),
        error=None if status == "ok" else error,
    )


class _Progress:
    """A rich live display of each crawl's counters, refreshed from Scrapy stats twice a second."""

    def __init__(self, crawlers: list[Crawler], log_level: str, rich_log: bool):
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
        if rich_log:
            handler = RichHandler(console=self.progress.console, show_path=False, markup=False, rich_tracebacks=False)
            handler.setFormatter(logging.Formatter("[%(name)s] %(message)s"))
            # Scrapy sets the root logger to NOTSET when a crawl starts: without its own level this handler
            # would render every DEBUG record, including each scraped item with its raw HTML
            handler.setLevel(log_level)
            logging.getLogger().addHandler(handler)

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
            self.progress.update(self.tasks[id(c)], line=progress_line(counts_from_stats(c.stats.get_stats())))

    def stop(self) -> None:
        """Remove the display."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.refresh()  # the last line shows the final counts, the same the summary shows
        self.progress.stop()


def progress_line(counts: dict[str, int]) -> str:
    """The live line of one crawl: the summary's columns, under the summary's names."""
    return "  ".join(f"{label} {counts.get(name, 0)}" for name, label in SUMMARY_COLUMNS)


