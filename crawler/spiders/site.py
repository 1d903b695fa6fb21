"""`SiteSpider`: crawls one configured site — discovers article URLs from feeds, sitemaps (also those named in
robots.txt) and listing pages, then fetches each article page and hands it to the pure extractor.

Article pages are leaves: links inside them are not followed, so a crawl stays bounded by what the site's
own feeds, sitemaps and listings announce.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.backfill import MAX_PAGES as BACKFILL_MAX_PAGES
from crawler.backfill import OUTSIDE, Window, child_sitemap_in_window, listing_links, parse_day
from crawler.discovery import DiscoveryError, Link, parse_feed, parse_sitemap, robots_sitemaps
from crawler.extract import ExtractionError, extract_article
from crawler.items import ArticleItem
from crawler.sites import Listing, SiteConfig
from crawler.stats import Stat
from crawler.urls import canonical_url, same_site
from storage import RawPage


class SiteSpider(scrapy.Spider):
    """Base spider; `crawler.spiders.loader` makes one subclass per site with `name` and `site` set.

    Spider arguments (`scrapy crawl KEY -a name=value`):
      base_url   serve the site from another origin (e.g. the demo site on another port)
      limit      stop after this many article pages
      since      backfill: only articles published on/after this day, read back through dated sitemaps,
                 feeds and listing pages (crawler/backfill.py); until: and on/before this day
    """

    site: SiteConfig
    window: Window | None = None

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

    # ------------------------------------------------------------------ discovery

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Discovery requests: feeds, sitemaps, robots.txt sitemaps and listing pages (never dupe-filtered)."""
        d = self.site.discovery
        for url in d.feeds:
            yield scrapy.Request(self.site.resolve(url), self.parse_feed, errback=self.discovery_failed, dont_filter=True)
        for url in d.sitemaps:
            yield scrapy.Request(self.site.resolve(url), self.parse_sitemap, errback=self.discovery_failed, dont_filter=True)
        if d.sitemaps_from_robots:
            yield scrapy.Request(
                self.site.resolve("/robots.txt"), self.parse_robots, errback=self.discovery_failed, dont_filter=True
            )
        for listing in d.listings:
            yield scrapy.Request(
                self.site.resolve(listing.url),
                self.parse_listing,
                errback=self.discovery_failed,
                dont_filter=True,
                cb_kwargs={"listing": listing, "page": 1},
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

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Child sitemaps of an index, or article links of a urlset (Google News fields kept)."""
        try:
            sitemap = parse_sitemap(response.body)
        except DiscoveryError as exc:
            self._discovery_problem(response.url, str(exc))
            return
        for child in sitemap.sitemaps:
            url = response.urljoin(child)
            if self.window and not child_sitemap_in_window(self.window, url, sitemap.lastmods.get(child)):
                self.crawler.stats.inc_value(OUTSIDE)
                continue
            if same_site(url, self.site.allowed_domains):
                yield scrapy.Request(url, self.parse_sitemap, errback=self.discovery_failed, dont_filter=True)
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
                yield scrapy.Request(url, self.parse_sitemap, errback=self.discovery_failed, dont_filter=True)

    def parse_listing(self, response: Response, listing: Listing, page: int) -> Iterator[scrapy.Request]:
        """Article links of a listing page matching the link pattern, then the next page."""
        pattern = re.compile(listing.link_pattern) if listing.link_pattern else None
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
                yield scrapy.Request(
                    response.urljoin(next_href),
                    self.parse_listing,
                    errback=self.discovery_failed,
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
        if canonical in self._requested:
            return
        if self.article_limit is not None and len(self._requested) >= self.article_limit:
            return
        self._requested.add(canonical)
        yield scrapy.Request(
            canonical,
            self.parse_article,
            errback=self.article_failed,
            # see 4xx/5xx article pages in parse_article, to count them as failures by status
            meta={"article": True, "canonical": canonical, "link": url, "hint": link, "handle_httpstatus_all": True},
        )

    # ------------------------------------------------------------------ articles

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        """Extract one article page into an `ArticleItem` (empty body when extraction fails: validate drops it).

        A 304 answer to a revisit (`SkipArchivedMiddleware` sent `If-None-Match` / `If-Modified-Since`) means
        the archived article is unchanged: counted as such, nothing yielded.
        """
        canonical = response.meta.get("canonical") or response.url
        self._parsed.add(canonical)
        if response.status == 304:
            self.crawler.stats.inc_value(Stat.UNCHANGED)
            self.crawler.stats.inc_value(Stat.NOT_MODIFIED)
            return
        if response.status >= 400:
            self._count_failure(f"http_{response.status}", response.url)
            return
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
        item = ArticleItem(
            url=canonical, fetched_url=response.url, site=self.site.key, raw=raw, fetched_at=raw.fetched_at,
            aliases=sorted(self._aliases.get(canonical, set()) | ({response.url} - {canonical})),
        )
        try:
            article = extract_article(response.body, response.url, self.site.extract, encoding=raw.encoding)
        except ExtractionError as exc:
            self.crawler.stats.inc_value(Stat.EXTRACTION_FAILED)
            self.logger.warning("extraction failed for %s: %s", response.url, exc)
            item.update(title="", body="", extraction_error=str(exc))
            yield item
            return
        # The page's own canonical link wins when it stays on this site (it names the original of a copy).
        declared = article.canonical_url
        if declared:
            declared = response.urljoin(declared)
            if same_site(declared, self.site.allowed_domains) and self.site.is_article_url(declared):
                page_canonical = canonical_url(
                    declared, site_host=self._site_host, id_params=self.site.dedupe.article_id_params
                )
                if page_canonical != canonical:
                    item["aliases"] = sorted(set(item["aliases"]) | {canonical})
                    item["url"] = page_canonical
                    item["canonical_from_page"] = True
                    follow = self._original_to_come(page_canonical, response.meta.get("hint"))
                    if follow is not None:
                        # The named page is parsed later in this crawl and brings this page's URLs along:
                        # storing this copy's text under its URL first would make the original look edited.
                        self._aliases.setdefault(page_canonical, set()).update(item["aliases"])
                        self.crawler.stats.inc_value(Stat.DUPLICATE)
                        yield from follow
                        return
        hint: Link | None = response.meta.get("hint")
        data = article.to_dict()
        item.update(
            title=data["title"] or (hint.title if hint and hint.title else ""),
            subtitle=data["subtitle"],
            body=data["body"],
            authors=data["authors"],
            published=data["published"],
            modified=data["modified"],
            section=data["section"],
            tags=data["tags"],
            language=data["language"] or self.site.language,
            publisher=data["publisher"] or self.site.publisher,
            top_image=data["top_image"],
            images=data["images"],
            emails=data["emails"],
        )
        if not data["body"]:
            self.crawler.stats.inc_value(Stat.EXTRACTION_FAILED)
        yield item

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
        from scrapy.exceptions import IgnoreRequest

        if failure.check(IgnoreRequest):  # robots.txt said no (counted by Scrapy): not a failure of the site
            return
        self._count_failure(_failure_reason(failure), failure.request.url)

    def _count_failure(self, reason: str, url: str) -> None:
        self.crawler.stats.inc_value(Stat.FAILED)
        self.crawler.stats.inc_value(f"{Stat.FAILED}/{reason}")
        self.logger.warning("article page failed (%s): %s", reason, url)

    def discovery_failed(self, failure: Failure) -> None:
        """Count a feed/sitemap/listing page that could not be fetched, and go on."""
        reason = _failure_reason(failure)
        self._discovery_problem(failure.request.url, reason)

    def _discovery_problem(self, url: str, problem: str) -> None:
        self.crawler.stats.inc_value(Stat.DISCOVERY_FAILED)
        self.logger.warning("discovery page skipped (%s): %s", problem, url)


def _failure_reason(failure: Failure) -> str:
    """A short label for why a request failed: http_404, timeout, truncated, …"""
    from scrapy.exceptions import ResponseDataLossError
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError
    from twisted.web._newclient import ResponseFailed

    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
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
