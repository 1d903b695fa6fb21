"""`newsarchive import-warc`: the HTML responses of WARC files (e.g. CC-NEWS) go through the same path as a crawl.

A Scrapy crawl without a single request: `WarcImportSpider.start()` reads the files with `storage.warc.read_warc`
and yields one `ArticleItem` per HTML response, built as `SiteSpider.parse_article` builds it (extractor, the
matching site's rules, canonical URL), so the project's pipelines clean → validate → dedupe → store it, keep
the raw page (with its HTTP headers and WARC-Date) and count it in a `crawl_runs` row. Nothing is lost:
pages the extractor cannot read and records marked `WARC-Truncated` are kept as dropped raw pages
(`reextract` can recover them later); non-HTML, non-2xx, revisit and unreadable records are counted and each
unreadable one is reported with its file and offset.

Usage::

    from crawler.warc_import import import_warcs
    summary = import_warcs(["CC-NEWS-20240501.warc.gz"], db="news.db")
    summary.counts["new"], summary.warc["non_html"], summary.problems[:5]
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import HtmlResponse, Request

from crawler.extract import ExtractionError, extract_article
from crawler.items import ArticleItem, fill_extracted
from crawler.runner import _Progress, crawl_settings
from crawler.sites import SiteConfig, load_sites
from crawler.stats import Stat, counts_from_stats
from crawler.urls import canonical_url, same_site
from storage.warc import WarcPage, WarcProblem, WarcReadCounts, read_warc

#: Stats keys of the WARC side of an import (`WarcImportSummary.warc`).
WARC_STATS = ("records", "responses", "html", "non_html", "not_ok", "truncated", "revisits", "unreadable")
PROBLEMS_KEPT = 1000  # reported problems kept in the stats (the count is exact)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_stat(name: str) -> str:
    """The Scrapy stats key of one WARC counter."""
    return f"newsarchive/warc/{name}"


def is_html(page: WarcPage) -> bool:
    """An HTML response: by Content-Type, or (none given) by the body's first bytes."""
    ctype = (page.content_type or "").split(";", 1)[0].strip().lower()
    if ctype:
        return ctype in HTML_TYPES
    head = page.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


class WarcImportSpider(scrapy.Spider):
    """Yields an `ArticleItem` per HTML response record of the given WARC files (no requests at all)."""

    name = "warc-import"
    custom_settings = {"ROBOTSTXT_OBEY": False, "LOGSTATS_INTERVAL": 0}

    def __init__(self, *args: Any, paths: list[str] | str = (), sites: dict[str, SiteConfig] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.paths = [paths] if isinstance(paths, str) else list(paths)
        self.sites = sites

    async def start(self) -> AsyncIterator[ArticleItem]:
        """One item per HTML response, file by file; problems are counted and reported, never raised."""
        if self.sites is None:
            self.sites = load_sites(self.crawler.settings.get("NEWSARCHIVE_SITES"))
        stats = self.crawler.stats
        for path in self.paths:
            counts = WarcReadCounts()
            for entry in read_warc(path, counts):
                if isinstance(entry, WarcProblem):
                    self._problem(path, entry)
                    continue
                stats.inc_value(warc_stat("responses"))
                if not 200 <= entry.status < 300:
                    stats.inc_value(warc_stat("not_ok"))
                    continue
                if not is_html(entry):
                    stats.inc_value(warc_stat("non_html"))
                    continue
                stats.inc_value(warc_stat("html"))
                stats.inc_value(Stat.FETCHED)
                yield self.article_item(entry)
            stats.inc_value(warc_stat("records"), counts.records)

    def _problem(self, path: str, problem: WarcProblem) -> None:
        stats = self.crawler.stats
        if problem.kind == "revisit":
            stats.inc_value(warc_stat("revisits"))
            return
        stats.inc_value(warc_stat("unreadable"))
        where = f"{path}@{problem.offset}"
        message = f"{where}: {problem.reason}" + (f" ({problem.url})" if problem.url else "")
        self.logger.warning("WARC record skipped: %s", message)
        kept = stats.get_value(warc_stat("problems")) or []
        if len(kept) < PROBLEMS_KEPT:
            stats.set_value(warc_stat("problems"), [*kept, message])

    def site_for(self, url: str) -> SiteConfig | None:
        """The configured site whose domains cover `url`, if any."""
        return next((s for s in (self.sites or {}).values() if same_site(url, s.allowed_domains)), None)

    def article_item(self, page: WarcPage) -> ArticleItem:
        """The item for one HTML response, as `SiteSpider.parse_article` would build it from a live fetch."""
        site = self.site_for(page.url)
        host = (urlsplit(page.url).hostname or "").lower()
        key = site.key if site else host.removeprefix("www.")
        id_params = site.dedupe.article_id_params if site else ()
        # a configured site's m./AMP hosts map to its desktop host, as in a crawl; other hosts stay as they are
        site_host = (urlsplit(site.base_url).hostname or host) if site else host
        canonical = canonical_url(page.url, site_host=site_host, id_params=id_params)
        raw = page.raw_page()
        response = HtmlResponse(page.url, status=page.status, headers=page.headers, body=page.body, request=Request(page.url))
        raw.encoding = response.encoding
        item = ArticleItem(
            url=canonical, fetched_url=page.url, site=key, raw=raw, fetched_at=raw.fetched_at,
            aliases=sorted({page.url} - {canonical}),
        )  # fmt: skip
        if page.truncated:
            self.crawler.stats.inc_value(warc_stat("truncated"))
            item.update(title="", body="", extraction_error=f"WARC record truncated ({page.truncated})")
            return item
        try:
            article = extract_article(page.body, page.url, site.extract if site else None, encoding=raw.encoding)
        except ExtractionError as exc:
            self.crawler.stats.inc_value(Stat.EXTRACTION_FAILED)
            item.update(title="", body="", extraction_error=str(exc))
            return item
        declared = article.canonical_url and response.urljoin(article.canonical_url)
        on_site = declared and (same_site(declared, site.allowed_domains) if site else (urlsplit(declared).hostname or "").lower() == host)
        if on_site:
            page_canonical = canonical_url(declared, site_host=site_host, id_params=id_params)
            if page_canonical != canonical and (site is None or site.is_article_url(declared)):
                item["aliases"] = sorted(set(item["aliases"]) | {canonical})
                item["url"] = page_canonical
                item["canonical_from_page"] = True
        fill_extracted(item, article, language=site.language if site else None,
                       publisher=site.publisher if site else None)
        if not item["body"]:
            self.crawler.stats.inc_value(Stat.EXTRACTION_FAILED)
        return item


@dataclass
class WarcImportSummary:
    """What an import did: the crawl-run counts (new, duplicate, dropped, …), WARC counters and problems."""

    run_id: int | None
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    warc: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def import_warcs(
    paths: list[str | os.PathLike[str]], *, db: str | os.PathLike[str], sites: str | None = None,
    progress: bool = False, log_level: str = "WARNING", overrides: dict[str, Any] | None = None,
) -> WarcImportSummary:  # fmt: skip
    """Import every HTML response of the WARC files into the archive at `db`; blocks until done (one per process)."""
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"no such file: {missing[0]}")
    extra = {"NEWSARCHIVE_TRIGGER": "import-warc", "LOG_LEVEL": log_level, **(overrides or {})}
    if progress:
        extra["LOG_ENABLED"] = False
    process = CrawlerProcess(crawl_settings(Path(db), sites=sites, overrides=extra))
    crawler: Crawler = process.create_crawler(WarcImportSpider)
    process.crawl(crawler, paths=[str(p) for p in paths])
    display = _Progress([crawler], log_level) if progress else None
    if display:
        display.start()
    try:
        process.start()
    finally:
        if display:
            display.stop()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return WarcImportSummary(
        run_id=stats.get("newsarchive/run_id"),
        status=stats.get("newsarchive/status", "failed"),
        counts=counts_from_stats(stats),
        warc={name: int(stats.get(warc_stat(name), 0) or 0) for name in WARC_STATS},
        problems=list(stats.get(warc_stat("problems")) or []),
    )
