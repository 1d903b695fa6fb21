"""`SiteSpider`: crawls one configured site — discovers article URLs from feeds, sitemaps (also those named in
robots.txt) and listing pages, then fetches each article page and hands it to the pure extractor.

Article pages are leaves: links inside them are not followed, so a crawl stays bounded by what the site's
own feeds, sitemaps and listings announce. Discovery is bounded too: each sitemap is read once per crawl,
indexes are followed `NEWSARCHIVE_SITEMAP_MAX_DEPTH` levels deep, and a crawl sends at most
`NEWSARCHIVE_MAX_DISCOVERY_REQUESTS` discovery requests. Sitemaps may be 50 MB (the protocol's limit), above
the download cap for pages. Article pages follow redirects (`REDIRECT_MAX_TIMES` hops; `crawler.scope`
refuses hops that leave the site) and are stored under their final URL, the first one kept as an alias.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from crawler.backfill import MAX_PAGES as BACKFILL_MAX_PAGES
from crawler.backfill import OUTSIDE, Window, child_sitemap_in_window, listing_links, parse_day
from crawler.discovery import MAX_XML_BYTES, DiscoveryError, Link, parse_feed, parse_sitemap, robots_sitemaps
from crawler.extract import ExtractionError
from crawler.extract.parser import without_early_end_html
from crawler.items import ArticleItem
from crawler.page_head import base_url
from crawler.page_job import Fill, PageResult, extracted_fields, process_page
from crawler.scope import OffScopeRequest
from crawler.sites import Listing, SiteConfig
from crawler.stats import Stat
from crawler.urls import canonical_url, same_site
from storage import RawPage
from storage.archive import RAW_PAGE_ZLIB_LEVEL

# Statuses an article callback sees itself (counted as failures or as unchanged); 3xx are left to
# RedirectMiddleware, which `handle_httpstatus_all` would switch off.
ARTICLE_STATUSES = (304, *range(400, 600))


@dataclass
class _Page:
    """An article page on its way to extraction: the response, its URLs, raw page and item."""

    response: Response
    first: str  # the canonical URL it was requested under
    canonical: str  # where its redirects ended
    raw: RawPage
    item: ArticleItem


class SiteSpider(scrapy.Spider):
    """Base spider; `crawler.spiders.loader` makes one subclass per site with `name` and `site` set.

    Spider arguments (`scrapy crawl KEY -a name=value`):
      base_url   serve the site from another origin (e.g. the demo site on another port)
      limit      stop after this many article pages
      since      backfill: only articles published on/after this day, read back through dated sitemaps,
                 feeds and listing pages (crawler/backfill.py); until: and on/before this day
    """

    site: SiteConfig
    # bounds; `from_crawler` reads them from the settings (NEWSARCHIVE_SITEMAP_MAX_DEPTH, …)
    max_sitemap_depth = 4
    discovery_budget = 2000
    guard_page_bytes = 1024 * 1024
    window: Window | None = None
    extraction_pool: Any = None  # a crawler.workpool.WorkerPool once the crawl starts (NEWSARCHIVE_EXTRACT_WORKERS > 0)
    extract_workers = 0
    extract_timeout = 60.0
    near_dup: Any = None  # storage.fingerprints.NearDupParams the pipelines use; None: near duplicates off

    def __init__(self, *args: Any, base_url: str | None = None, limit: str | int | None = None,
                 since: str | None = None, until: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if since:
            self.window = Window.parse(since, until)
        elif until:
            raise ValueError("until needs since (a backfill window)")
        if base_url:
            self.site = self.site.with_base_url(base_url)
        self.allowed_domains = list(self.site.allowed_domains)
        self.article_limit = int(limit) if limit else None
        self._site_host = self.site.base_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        self._requested: set[str] = set()  # canonical URLs already scheduled in this crawl
        self._aliases: dict[str, set[str]] = {}  # canonical URL -> other URLs it was linked under
        self._parsed: set[str] = set()  # canonical URLs whose page has been parsed in this crawl
        self._sitemaps_seen: set[str] = set()  # sitemap URLs already requested in this crawl
        self._discovery_sent = 0
        self._budget_warned = False
        self._counted: set[str] = set()  # canonical URLs counted against `limit` (not archived yet)
        self._limit_budget = self.article_limit or 0  # how many may be counted; grows when pages bring nothing new
        self._over_limit: dict[str, tuple[str, Link | None]] = {}  # canonical -> (link, hint) past the limit
        # original's canonical URL -> {copy's URL: its hint}: copies held back until their original is parsed
        # (`_article_items`); released (fetched again, stored on their own) when it brings no article
        self._held: dict[str, dict[str, Link | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "SiteSpider":
        """Scrapy's constructor hook; reads the discovery and extraction bounds from the settings."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_sitemap_depth = s.getint("NEWSARCHIVE_SITEMAP_MAX_DEPTH", cls.max_sitemap_depth)
        spider.discovery_budget = s.getint("NEWSARCHIVE_MAX_DISCOVERY_REQUESTS", cls.discovery_budget)
        spider.guard_page_bytes = s.getint("NEWSARCHIVE_GUARD_PAGE_BYTES", cls.guard_page_bytes)
        spider.extract_timeout = s.getfloat("NEWSARCHIVE_EXTRACT_TIMEOUT", cls.extract_timeout)
        spider.extract_workers = extract_workers(s)
        # The pool starts when the crawl opens, not in `start()`: a node of a shared frontier that leaves
        # discovery to another node never runs `start()`, yet pops article requests that node made.
        crawler.signals.connect(spider._start_pool, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider._original_scraped, signal=scrapy.signals.item_scraped)
        crawler.signals.connect(spider._original_dropped, signal=scrapy.signals.item_dropped)
        crawler.signals.connect(spider._release_held, signal=scrapy.signals.spider_idle)
        if s.getbool("NEWSARCHIVE_NEAR_DUP_ENABLED", True):
            from pipelines.dedupe import near_dup_params

            spider.near_dup = near_dup_params(s)  # fingerprints are made next to extraction, as dedupe makes them
        return spider

    def _start_pool(self) -> None:
        """Start the extraction workers (when `NEWSARCHIVE_EXTRACT_WORKERS` > 0): their imports overlap the
        crawl's first requests. Only a crawl that opens gets them (not a spider `doctor` merely builds)."""
        if self.extract_workers and self.extraction_pool is None:
            self.extraction_pool = extraction_pool(self.extract_workers)

    # ------------------------------------------------------------------ discovery

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Discovery requests: feeds, sitemaps, robots.txt sitemaps and listing pages (never dupe-filtered)."""
        if self.article_limit is not None:
            self.crawler.signals.connect(self._fill_limit, signal=scrapy.signals.spider_idle)
        for request in self.discovery_start():
            yield request

    def discovery_start(self) -> Iterator[scrapy.Request]:
        """The crawl's first requests, from the site's `[discovery]` table."""
        d = self.site.discovery
        for url in d.feeds:
            yield from self.discovery_request(self.site.resolve(url), self.parse_feed)
        for url in d.sitemaps:
            yield from self.sitemap_request(self.site.resolve(url), depth=0)
        if d.sitemaps_from_robots:
            yield from self.discovery_request(self.site.resolve("/robots.txt"), self.parse_robots)
        for listing in d.listings:
            yield from self.discovery_request(
                self.site.resolve(listing.url), self.parse_listing, cb_kwargs={"listing": listing, "page": 1}
            )

    def discovery_request(self, url: str, callback: Any, **kwargs: Any) -> Iterator[scrapy.Request]:
        """A feed/sitemap/listing request, unless this crawl's discovery budget is spent (then counted, logged once).

        Discovery requests are not dupe-filtered (a feed is re-read every crawl); `crawler.scope` still checks
        every one of them and each redirect hop.
        """
        # a backfill (crawl --since) walks years of sitemaps on purpose: its window, the seen set and the
        # depth limit bound it instead
        if self.window is None and self._discovery_sent >= self.discovery_budget:
            self.crawler.stats.inc_value(Stat.DISCOVERY_BUDGET)
            if not self._budget_warned:
                self._budget_warned = True
                self.logger.warning("discovery budget of %d requests spent: %s and later discovery pages not "
                                    "requested (NEWSARCHIVE_MAX_DISCOVERY_REQUESTS)", self.discovery_budget, url)
            return
        self._discovery_sent += 1
        kwargs.setdefault("dont_filter", True)
        yield scrapy.Request(url, callback, errback=self.discovery_failed, **kwargs)

    def sitemap_request(self, url: str, depth: int) -> Iterator[scrapy.Request]:
        """A sitemap request, once per URL per crawl and at most `NEWSARCHIVE_SITEMAP_MAX_DEPTH` indexes deep.

        Sitemaps may be up to 50 MB (the protocol's limit, and `parse_sitemap`'s), so they get that download
        cap instead of the smaller one for pages.
        """
        key = canonicalize_url(url, keep_fragments=False)
        if key in self._sitemaps_seen:
            return
        if depth > self.max_sitemap_depth:
            self._discovery_problem(url, f"sitemap index nested deeper than {self.max_sitemap_depth} levels")
            return
        self._sitemaps_seen.add(key)
        cap = max(MAX_XML_BYTES, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        yield from self.discovery_request(
            url, self.parse_sitemap, cb_kwargs={"depth": depth},
            meta={"download_maxsize": cap, "download_warnsize": cap},
        )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Article links of an RSS/Atom feed."""
        try:
            links = parse_feed(response.body)
        except DiscoveryError as exc:
            self._discovery_problem(response.url, str(exc))
            return
        for link in links:
            if self._outside_window(link.published or link.lastmod):
                continue
            yield from self.article_request(response.urljoin(link.url), link)

    def parse_sitemap(self, response: Response, depth: int = 0) -> Iterator[scrapy.Request]:
        """Child sitemaps of an index, or article links of a urlset (Google News fields kept)."""
        self._sitemaps_seen.add(canonicalize_url(response.url, keep_fragments=False))  # where a redirect ended
        try:
            sitemap = parse_sitemap(response.body)
        except DiscoveryError as exc:
            self._discovery_problem(response.url, str(exc))
            return
        if sitemap.skipped:
            self.logger.warning("sitemap lists %d entries past the protocol's 50,000, not read: %s",
                                sitemap.skipped, response.url)
        for child in sitemap.sitemaps:
            url = response.urljoin(child)
            if self.window and not child_sitemap_in_window(self.window, url, sitemap.lastmods.get(child)):
                self.crawler.stats.inc_value(OUTSIDE)
                continue
            if same_site(url, self.site.allowed_domains):
                yield from self.sitemap_request(url, depth + 1)
        max_age = self.site.discovery.max_sitemap_age_days
        for link in sitemap.links:
            if max_age is not None and not self.window and _older_than(link.lastmod or link.published, max_age):
                continue
            if self._outside_window(link.published or link.lastmod):
                continue
            yield from self.article_request(response.urljoin(link.url), link)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """Sitemaps announced in robots.txt."""
        for url in robots_sitemaps(response.text):
            url = response.urljoin(url)
            if same_site(url, self.site.allowed_domains):
                yield from self.sitemap_request(url, depth=0)

    def parse_listing(self, response: Response, listing: Listing, page: int) -> Iterator[scrapy.Request]:
        """Article links of a listing page matching the link pattern, then the next page."""
        pattern = re.compile(listing.link_pattern) if listing.link_pattern else None
        response = _whole_page(response)
        if self.window:
            yield from self._backfill_listing(response, listing, page, pattern)
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            if pattern is None or pattern.search(url):
                yield from self.article_request(url, None)
        if listing.next_page and page < listing.max_pages:
            next_href = response.css(f"{listing.next_page}::attr(href)").get()
            if next_href:
                yield from self.discovery_request(
                    response.urljoin(next_href),
                    self.parse_listing,
                    dont_filter=False,
                    cb_kwargs={"listing": listing, "page": page + 1},
                )

    def _outside_window(self, stamp: str | None) -> bool:
        """Backfill only: a discovered entry dated outside the window (counted; undated entries are kept)."""
        if self.window is None or self.window.contains(parse_day(stamp)):
            return False
        self.crawler.stats.inc_value(OUTSIDE)
        return True

    def _backfill_listing(self, response: Response, listing: Listing, page: int, pattern: re.Pattern[str] | None) -> Iterator[scrapy.Request]:
        """A listing page in a backfill: links dated inside the window, then the next page unless all were older."""
        assert self.window is not None
        dated_before = dated = 0
        for url, day in listing_links(response, pattern if pattern is not None else re.compile(self.site.article_url_pattern)):
            dated += day is not None
            dated_before += day is not None and day < self.window.since
            if self._outside_window(day.isoformat() if day else None):
                continue
            yield from self.article_request(url, None)
        max_pages = self.crawler.settings.getint("NEWSARCHIVE_BACKFILL_MAX_PAGES", BACKFILL_MAX_PAGES)
        if not listing.next_page or page >= max_pages or (dated and dated_before == dated):
            return
        next_href = response.css(f"{listing.next_page}::attr(href)").get()
        if next_href:
            yield scrapy.Request(response.urljoin(next_href), self.parse_listing, errback=self.discovery_failed,
                                 cb_kwargs={"listing": listing, "page": page + 1})

    def article_request(self, url: str, link: Link | None) -> Iterator[scrapy.Request]:
        """A request for an article page, once per canonical URL per crawl; other URLs become aliases."""
        if not self.site.is_article_url(url) or not same_site(url, self.site.allowed_domains):
            return
        canonical = canonical_url(url, site_host=self._site_host, id_params=self.site.dedupe.article_id_params)
        if url != canonical:
            self._aliases.setdefault(canonical, set()).add(url)
            holds = self._shared_holds()
            if holds is not None and canonical not in self._parsed:
                holds.add_aliases(canonical, [url])  # another node may be the one that parses it
        if canonical in self._requested:
            return
        if self.article_limit is not None and self._may_be_new(canonical, url):
            # the limit counts new article pages (archived ones are skipped by SkipArchivedMiddleware anyway);
            # links past it wait: if a counted page brings no new article (404, duplicate…) they fill in
            if len(self._counted) >= self._limit_budget:
                self._over_limit.setdefault(canonical, (url, link))
                return
            self._counted.add(canonical)
        self._requested.add(canonical)
        yield scrapy.Request(
            canonical,
            self._article_callback(),
            errback=self.article_failed,
            # see 304 and 4xx/5xx article pages in parse_article (unchanged, or failures by status)
            meta={"article": True, "canonical": canonical, "link": url, "hint": link,
                  "handle_httpstatus_list": ARTICLE_STATUSES},
        )

    def _fill_limit(self) -> None:
        """At idle (every counted page done): schedule waiting links until `limit` new articles are stored."""
        from scrapy.exceptions import DontCloseSpider

        missing = self.article_limit - int(self.crawler.stats.get_value(Stat.NEW, 0) or 0)
        if missing <= 0 or not self._over_limit:
            return
        self._limit_budget = len(self._counted) + missing
        waiting, self._over_limit = self._over_limit, {}
        scheduled = False
        for url, link in waiting.values():
            for request in self.article_request(url, link):
                # engine.crawl bypasses the spider middlewares: only pages that may still be new (counted by
                # article_request) are sent; one archived meanwhile (e.g. as a copy's alias) is left out
                if request.meta["canonical"] in self._counted:
                    self.crawler.engine.crawl(request)
                    scheduled = True
        if scheduled:
            raise DontCloseSpider

    def _may_be_new(self, canonical: str, link: str) -> bool:
        """False when SkipArchivedMiddleware will skip this page: archived (under its canonical URL or the
        link's URL), or failed recently and still backing off."""
        from crawler.archive_access import archive_for
        from storage.fetch_failures import FetchFailures

        archive = archive_for(self.crawler)
        if archive.article_id_for_url(canonical) is not None or archive.article_id_for_url(link) is not None:
            return False
        return FetchFailures(archive.db).due(canonical)

    # ------------------------------------------------------------------ articles

    def _article_callback(self) -> Any:
        """The callback of an article request: chosen by configuration, never by whether this process's pool is
        up yet — on a shared frontier the request travels (by callback name) to other nodes, which must extract
        it the same way."""
        return self.parse_article_pooled if self.extract_workers else self.parse_article

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        """Extract one article page into an `ArticleItem` (empty body when extraction fails: validate drops it).

        A 304 answer to a revisit (`SkipArchivedMiddleware` sent `If-None-Match` / `If-Modified-Since`) means
        the archived article is unchanged: counted as such, nothing yielded. This callback extracts in the
        crawl's own process (`NEWSARCHIVE_EXTRACT_WORKERS = 0`); `parse_article_pooled` is the same in workers.
        """
        page = self._article_page(response)
        if isinstance(page, _Page):
            yield from self._article_items(page, self._extract_here(page))
        else:
            yield from page

    async def parse_article_pooled(self, response: Response) -> AsyncIterator[Any]:
        """`parse_article` with extraction (and raw-page compression) in an extraction worker process.

        The reactor goes on downloading meanwhile; a page whose extraction runs past
        `NEWSARCHIVE_EXTRACT_TIMEOUT` (its worker is killed and replaced) or whose worker dies is an unreadable
        page: dropped, kept raw, backing off like a failed one.
        """
        page = self._article_page(response)
        if isinstance(page, _Page):
            outcome = await self._extract_pooled(page)
            for out in self._article_items(page, outcome):
                yield out
        else:
            for out in page:
                yield out

    def _article_page(self, response: Response) -> "_Page | list[ArticleItem]":
        """Everything before extraction: counts, the raw page, the item; or the items to yield instead (none for
        a 304 or an HTTP error, a dropped item for a redirect to a page that is not an article)."""
        first = response.meta.get("canonical") or response.url
        canonical = self._final_url(response, first)
        if response.status == 304 or response.status >= 400:
            self._mark_parsed(first, canonical)
        if response.status == 304:
            self.crawler.stats.inc_value(Stat.UNCHANGED)
            self.crawler.stats.inc_value(Stat.NOT_MODIFIED)
            return []
        if response.status >= 400:
            self._count_failure(f"http_{response.status}", response.url)
            return []
        if not response.meta.get("held_for"):  # a held copy fetched again was counted the first time
            self.crawler.stats.inc_value(Stat.FETCHED)
        headers = response.headers
        raw = RawPage(
            url=response.url,
            body=response.body,
            status=response.status,
            encoding=getattr(response, "encoding", None),
            content_type=_header(headers, b"Content-Type"),
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
            fetched_at=_now(),
            headers=_header_pairs(headers),
            request_headers=_header_pairs(response.request.headers) if response.request is not None else None,
        )
        seen_as = self._aliases.get(first, set()) | self._aliases.get(canonical, set())
        seen_as |= {first, response.url, *response.meta.get("redirect_urls", ())}
        item = ArticleItem(
            url=canonical, fetched_url=response.url, site=self.site.key, raw=raw, fetched_at=raw.fetched_at,
            aliases=sorted(seen_as - {canonical}),
        )
        if canonical != first and not self.site.is_article_url(response.url):
            self._mark_parsed(first, canonical)
            # e.g. a removed article redirected to the front page: not an article, kept raw as a dropped page
            problem = f"redirected to a page that is not an article URL: {response.url}"
            self.logger.warning("article page unusable (%s): %s", problem, first)
            item.update(title="", body="", extraction_error=problem)
            return [item]
        return _Page(response, first, canonical, raw, item)

    def _article_items(self, page: "_Page", outcome: "PageResult | ExtractionError") -> Iterator[Any]:
        """The item (or the requests for its original) once the page is extracted; `outcome` is the worker's
        result or the `ExtractionError` that says why there is no article."""
        response, canonical, item = page.response, page.canonical, page.item
        # Parsed only now: a copy naming this page as its original, parsed while this one was being extracted
        # (in a worker), was sent on as to come (`_original_to_come`) and its URLs are picked up here.
        self._mark_parsed(page.first, canonical)
        seen_as = self._aliases.get(page.first, set()) | self._aliases.get(canonical, set())
        item["aliases"] = sorted((set(item["aliases"]) | seen_as) - {canonical})
        if isinstance(outcome, ExtractionError):
            self.crawler.stats.inc_value(Stat.EXTRACTION_FAILED)
            self.logger.warning("extraction failed for %s: %s", response.url, outcome)
            item.update(title="", body="", extraction_error=str(outcome))
            yield item
            return
        article = outcome.article
        assert article is not None
        # The page's own canonical link wins when it stays on this site (it names the original of a copy).
        declared = article.canonical_url
        if declared:
            declared = _urljoin(response, declared)
            if same_site(declared, self.site.allowed_domains) and self.site.is_article_url(declared):
                page_canonical = canonical_url(
                    declared, site_host=self._site_host, id_params=self.site.dedupe.article_id_params
                )
                if page_canonical != canonical and not response.meta.get("held_for"):
                    item["aliases"] = sorted(set(item["aliases"]) | {canonical})
                    item["url"] = page_canonical
                    item["canonical_from_page"] = True
                    follow = self._original_to_come(page_canonical, response.meta.get("hint"))
                    if follow is not None and self._hold(page_canonical, page, item["aliases"]):
                        # The named page is parsed later in this crawl and brings this page's URLs along:
                        # storing this copy's text under its URL first would make the original look edited.
                        self.crawler.stats.inc_value(Stat.DUPLICATE)
                        yield from follow
                        return
        if outcome.prepared is not None:
            item.update(outcome.prepared.fields)
            item["prepared"] = outcome.prepared  # cleaned, hashed and fingerprinted already: see crawler.page_job
        else:
            item.update(extracted_fields(article, self._fill(response)))
        if not item["body"]:
            self.crawler.stats.inc_value(Stat.EXTRACTION_FAILED)
        yield item

    def _shared_holds(self) -> Any:
        """On a node of a shared frontier, its `crawler.fleet.frontier.SharedHolds`; else None (kept in memory)."""
        try:
            scheduler = self.crawler.engine.scheduler
        except (AttributeError, RuntimeError):  # no crawl running (a spider built by a test or `doctor`)
            return None
        return getattr(scheduler, "holds", None)

    def _mark_parsed(self, *urls: str) -> None:
        """This crawl is done with the page known under `urls` (the last is its canonical URL); on a shared
        frontier, take the other URLs and the copies other nodes recorded for it."""
        self._parsed.update(urls)
        holds = self._shared_holds()
        if holds is None:
            return
        aliases, copies = holds.settle(list(urls))
        if aliases:
            self._aliases.setdefault(urls[-1], set()).update(aliases)
        if copies:
            self._held.setdefault(urls[-1], {}).update(dict.fromkeys(copies))

    def _hold(self, original: str, page: "_Page", urls: list[str]) -> bool:
        """Hold the copy `page` back until `original` is parsed: should that bring no article, the copy is fetched
        again and stored on its own (so are copies held for this one). False: too late, pass the copy on."""
        holds = self._shared_holds()
        passed_on = self._held.pop(page.canonical, {})
        if holds is not None:
            if not holds.hold(original, page.first, urls):
                self._held[page.canonical] = passed_on
                return False
            for copy in passed_on:
                holds.hold(original, copy, [])
            return True
        self._aliases.setdefault(original, set()).update(urls)
        held = self._held.setdefault(original, {})
        held[page.first] = page.response.meta.get("hint")
        held.update(passed_on)
        return True

    def _original_scraped(self, item: Any) -> None:
        """An item left the pipelines: copies held for it came along as its aliases — unless it is no article
        (a fleet node passes unreadable pages on to the writer, which drops them)."""
        if item.get("body") and not item.get("extraction_error"):
            self._settle_held(item, release=False)
        else:
            self._settle_held(item, release=True)

    def _original_dropped(self, item: Any, exception: BaseException) -> None:
        """An item was dropped: unless as a duplicate (its URLs, the held copies' too, became aliases of the
        archived article), it brought no article, and the copies held for it are fetched again."""
        self._settle_held(item, release=not str(exception).startswith("duplicate of"))

    def _settle_held(self, item: Any, release: bool) -> None:
        for url in (item.get("url"), *(item.get("aliases") or ())):
            if url in self._held:
                copies = self._held.pop(url)
                if release:
                    self._refetch_copies(url, copies)

    def _release_held(self) -> None:
        """At idle, copies still held for an original that brought no item at all (HTTP error, download failure,
        skipped while backing off) are fetched again and stored on their own."""
        from scrapy.exceptions import DontCloseSpider

        if not self._held:
            return
        held, self._held = self._held, {}
        for original, copies in held.items():
            self._refetch_copies(original, copies)
        raise DontCloseSpider

    def _refetch_copies(self, original: str, copies: dict[str, Link | None]) -> None:
        for url, hint in copies.items():
            self.crawler.stats.inc_value(Stat.DUPLICATE, -1)  # counted when held; it is stored on its own now
            self.logger.info("original brought no article (%s): fetching its copy %s again", original, url)
            self.crawler.engine.crawl(scrapy.Request(
                url, self._article_callback(),
                errback=self.article_failed, dont_filter=True,
                meta={"article": True, "canonical": url, "link": url, "hint": hint, "held_for": original,
                      "handle_httpstatus_list": ARTICLE_STATUSES},
            ))

    def _final_url(self, response: Response, first: str) -> str:
        """The canonical URL to store an article under: where its redirects ended (in scope: `crawler.scope`)."""
        if not response.meta.get("redirect_urls"):
            return first
        final = canonical_url(response.url, site_host=self._site_host, id_params=self.site.dedupe.article_id_params)
        if final != first:
            self.crawler.stats.inc_value(Stat.REDIRECTED)
            self._requested.add(final)  # a later link to the final URL is this article again
        return final

    @contextmanager
    def _large_page_guard(self, page: "_Page") -> Iterator[None]:
        """A large page is marked failed in the archive while it is extracted.

        The pre-parse limits (`crawler.extract.limits`) and the workers' timeout bound extraction time; should a
        page still hang the crawl until it is killed, the mark stays behind and the page backs off like any
        failed page.
        """
        if len(page.response.body) <= self.guard_page_bytes:
            yield
            return
        from crawler.archive_access import archive_for
        from storage.fetch_failures import FetchFailures

        failures = FetchFailures(archive_for(self.crawler).db)
        failures.record(page.first, "extraction_unfinished")
        try:
            yield
        finally:
            failures.clear([page.first])

    def _fill(self, response: Response) -> Fill:
        """What an article page lacks is taken from: its feed/sitemap entry's title, the site's language/publisher."""
        hint: Link | None = response.meta.get("hint")
        return Fill(hint.title if hint and hint.title else "", self.site.language, self.site.publisher)

    def _extract_here(self, page: "_Page") -> "PageResult | ExtractionError":
        """`crawler.page_job.process_page` in this process (the raw page is compressed by the archive later):
        its result, or the `ExtractionError`."""
        with self._large_page_guard(page):
            try:
                result = process_page(page.response.body, page.response.url, self.site.extract, page.raw.encoding,
                                      None, self._fill(page.response), self.near_dup)
            except Exception as exc:  # noqa: BLE001 - an extractor bug: the page is kept raw, as from a worker
                return ExtractionError(f"extractor error: {type(exc).__name__}: {exc}")
        return result if result.error is None else ExtractionError(result.error)

    async def _extract_pooled(self, page: "_Page") -> "PageResult | ExtractionError":
        """`crawler.page_job.process_page` in a worker: its result, or the `ExtractionError` (also for a
        timeout or a dead worker, counted as `newsarchive/extraction_timeout` / `…_worker_died`)."""
        from crawler.workpool import CallFailed, CallTimedOut, WorkerDied

        if self.extraction_pool is None:  # a request made by a node with workers, popped by one without
            return self._extract_here(page)
        args = (page.response.body, page.response.url, self.site.extract, page.raw.encoding, RAW_PAGE_ZLIB_LEVEL,
                self._fill(page.response), self.near_dup)
        with self._large_page_guard(page):
            try:
                result = await asyncio.wrap_future(self.extraction_pool.submit(args, timeout=self.extract_timeout))
            except CallTimedOut:
                self.crawler.stats.inc_value(Stat.EXTRACTION_TIMEOUT)
                return ExtractionError(f"extraction timed out after {self.extract_timeout:g} s (worker replaced)")
            except WorkerDied as exc:
                self.crawler.stats.inc_value(Stat.EXTRACTION_WORKER_DIED)
                return ExtractionError(f"extraction worker died: {exc}")
            except CallFailed as exc:  # a bug in the extractor: this page is kept raw for `reextract`
                return ExtractionError(f"extractor error: {exc}")
            except Exception as exc:  # noqa: BLE001 - the pool itself failed (e.g. closed): never lose the page
                self.logger.error("extraction pool failed for %s: %s: %s", page.response.url, type(exc).__name__, exc)
                return ExtractionError(f"extraction pool failed: {type(exc).__name__}: {exc}")
        page.raw.body_zlib = result.raw_zlib
        if result.pid != os.getpid():
            self.crawler.stats.inc_value(Stat.EXTRACTED_IN_WORKERS)
        return result if result.error is None else ExtractionError(result.error)

    def _original_to_come(self, url: str, hint: Link | None) -> list[scrapy.Request] | None:
        """Requests still needed for article page `url` to be parsed later in this crawl; None if it won't be.

        An empty list: it is already scheduled. None: it was parsed already, is archived, or is over the limit.
        """
        from crawler.archive_access import is_archived

        if url in self._parsed or is_archived(self.crawler, url):
            return None
        follow = [] if url in self._requested else list(self.article_request(url, hint))
        return follow if url in self._requested else None

    def article_failed(self, failure: Failure) -> None:
        """Count an article page that could not be fetched (HTTP error, truncated, timeout), and go on."""
        if failure.request.meta.get("canonical"):
            self._mark_parsed(failure.request.meta["canonical"])  # copies held for it are fetched again at idle
        if failure.check(OffScopeRequest) or _robots_denied(failure):  # counted as such, not a site failure
            return
        self._count_failure(_failure_reason(failure), failure.request.url)

    def _count_failure(self, reason: str, url: str) -> None:
        self.crawler.stats.inc_value(Stat.FAILED)
        self.crawler.stats.inc_value(f"{Stat.FAILED}/{reason}")
        self.logger.warning("article page failed (%s): %s", reason, url)

    def discovery_failed(self, failure: Failure) -> None:
        """Count a feed/sitemap/listing page that could not be fetched, and go on."""
        reason = _failure_reason(failure)
        if failure.check(OffScopeRequest):  # ScopeMiddleware logged it; still a discovery page that failed
            self.crawler.stats.inc_value(Stat.DISCOVERY_FAILED)
            return
        self._discovery_problem(failure.request.url, reason)

    def _discovery_problem(self, url: str, problem: str) -> None:
        self.crawler.stats.inc_value(Stat.DISCOVERY_FAILED)
        self.logger.warning("discovery page skipped (%s): %s", problem, url)


def extraction_pool(workers: int) -> Any:
    """The process's extraction pool of `workers` processes (`crawler.workpool.shared_pool`: one per size, kept
    for later crawls in this process), started on first use."""
    from crawler.page_job import TARGET
    from crawler.workpool import shared_pool

    return shared_pool(TARGET, workers)


def extract_workers(settings: Any) -> int:
    """`NEWSARCHIVE_EXTRACT_WORKERS`: extraction worker processes; unset, the cores this crawl may use shared
    with the other crawl processes its scheduler runs at once (`crawl_processes`)."""
    value = settings.get("NEWSARCHIVE_EXTRACT_WORKERS")
    if value is None or value == "":
        from crawler.workpool import workers_per_process

        return workers_per_process(crawl_processes(settings))
    return max(0, int(value))


def crawl_processes(settings: Any) -> int:
    """How many crawl processes share this machine's cores at once: `NEWSARCHIVE_CRAWL_PROCESSES` (a fleet job's,
    from its scheduler), else `$NEWSARCHIVE_CRAWL_PROCESSES` (the local daemon's crawls), else 1; on a Scrapyd node
    at most the node's own `max_proc` (`NEWSARCHIVE_NODE_MAX_PROC`, crawler/fleet/node_settings.py)."""
    from crawler.workpool import CRAWL_PROCESSES_ENV

    value = settings.get("NEWSARCHIVE_CRAWL_PROCESSES") or os.environ.get(CRAWL_PROCESSES_ENV) or 1
    try:
        processes = max(1, int(value))
    except ValueError:
        processes = 1  # a garbled environment value must not stop a crawl: one process, every core
    node_cap = settings.get("NEWSARCHIVE_NODE_MAX_PROC")
    return min(processes, max(1, int(node_cap))) if node_cap else processes


def _failure_reason(failure: Failure) -> str:
    """A short label for why a request failed: http_404, timeout, truncated, …"""
    from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError
    from twisted.web._newclient import ResponseFailed

    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a body that inflates past the cap
            return "too_large"
        if "max redirections" in message:
            return "too_many_redirects"
        return "ignored"
    if isinstance(exc, (TimeoutError,)):
        return "timeout"
    if isinstance(exc, DNSLookupError):
        return "dns"
    if isinstance(exc, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(exc, (ResponseFailed, ResponseDataLossError)):
        return "truncated"
    name = type(exc).__name__
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _robots_denied(failure: Failure) -> bool:
    """True when robots.txt forbade the request (Scrapy counts those as `robotstxt/forbidden`)."""
    from scrapy.exceptions import IgnoreRequest

    return failure.check(IgnoreRequest) is not None and "robots.txt" in str(failure.value)


def _urljoin(response: Response, url: str) -> str:
    """`response.urljoin(url)`, without decoding a whole article page to look for a `<base href>` its head cannot
    hold (`crawler.page_head.base_url`)."""
    if isinstance(response, TextResponse):
        return urljoin(base_url(response), url)
    return response.urljoin(url)


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    """Scrapy `Headers` as (name, value) pairs in order, one pair per repeated value (kept for WARC export)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _older_than(stamp: str | None, days: int) -> bool:
    """True when an ISO-ish date is more than `days` old (unparseable dates are kept)."""
    if not stamp:
        return False
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return (datetime.now(timezone.utc) - when).days > days


def _whole_page(response: Response) -> Response:
    """A listing page as a browser reads it: a stray `</html>` before the links (`</head></html><body>…`) would end
    Scrapy's parse there and lose every link after it."""
    if not isinstance(response, TextResponse):
        return response
    text = response.text
    whole = without_early_end_html(text)
    if whole is text:
        return response
    return response.replace(body=whole.encode(response.encoding, errors="xmlcharrefreplace"))
