"""Backfill: `newsarchive crawl SITE --since DATE [--until DATE]` (spider arguments `since` / `until`) reads a
site's discovery sources back to DATE and fetches only the articles published inside the window.

What decides "inside", per source (dates are the publisher's own calendar day, as the source writes it):

* sitemap index entries: a child sitemap whose `<lastmod>` is before `since` holds nothing newer and is not
  fetched; a child whose URL names a day or month (`sitemap-2024-03-05.xml`, `/2024/03/`, `…202403…`)
  outside the window is not fetched either;
* sitemap and Google News entries: `news:publication_date`, else `<lastmod>`; feed items: their pub date;
* listing pages: the date printed next to each link (`<time datetime>` or text like `2024.03.05`); the walk
  goes on past `max_pages` (up to ``NEWSARCHIVE_BACKFILL_MAX_PAGES``, 1000) and stops after the first page
  whose dated links are all older than `since`.

Undated links are fetched (the page alone can tell). `BackfillMiddleware` keeps the frontier in the
archive (`storage.backfill_state`): a killed backfill, run again with the same window, skips finished
sitemaps, feeds and listing pages without fetching them, and archived articles are never refetched anyway
(`SkipArchivedMiddleware`). Politeness is the site's own: robots.txt, `[politeness]`, AutoThrottle.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from typing import Any, Iterator

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.archive_access import archive_for
from storage.backfill_state import BackfillState

MAX_PAGES = 1000  # NEWSARCHIVE_BACKFILL_MAX_PAGES: listing pages walked per listing in a backfill
SKIPPED_DONE = "newsarchive/backfill/skipped_done"  # discovery pages finished by an earlier run
PAGES_DONE = "newsarchive/backfill/pages_done"
OUTSIDE = "newsarchive/backfill/outside_window"  # discovered links (and child sitemaps) left out by date

_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_TEXT_DAY = re.compile(r"(20\d\d|19\d\d)\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})")
_URL_DAY = re.compile(r"(?<!\d)(20\d\d)[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_MONTH = re.compile(r"(?<!\d)(20\d\d)[-_/](0[1-9]|1[0-2])(?![-_/]?\d)")


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO 8601, RFC 822 (feeds) or dotted Korean date, as the source wrote it; None if none."""
    if not value:
        return None
    text = value.strip()
    m = _ISO_DAY.match(text)
    if m:
        return _day(*m.groups())
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = _TEXT_DAY.search(text)
    return _day(*m.groups()) if m else None


def _day(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


@dataclass(frozen=True)
class Window:
    """The days a backfill covers: since ≤ day ≤ until (until None: up to today)."""

    since: dt.date
    until: dt.date | None = None

    @classmethod
    def parse(cls, since: str | dt.date, until: str | dt.date | None = None) -> "Window":
        """A window from 'YYYY-MM-DD' strings; ValueError (one line) when a date is bad or the window empty."""
        start = since if isinstance(since, dt.date) else _required_day(since, "--since")
        end = until if isinstance(until, dt.date) or until is None else _required_day(until, "--until")
        if end is not None and end < start:
            raise ValueError(f"--until {end} is before --since {start}")
        return cls(start, end)

    @property
    def key(self) -> tuple[str, str]:
        """(since, until) as stored in `backfill_state` ('' for an open end)."""
        return self.since.isoformat(), self.until.isoformat() if self.until else ""

    def contains(self, day: dt.date | None) -> bool:
        """True for a day inside the window, and for an unknown day (None): only the page can tell."""
        return day is None or (day >= self.since and (self.until is None or day <= self.until))

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """True when the days first..last share at least one day with the window."""
        return last >= self.since and (self.until is None or first <= self.until)


def _required_day(value: str, option: str) -> dt.date:
    day = parse_day(value) if _ISO_DAY.match(value or "") else None
    if day is None:
        raise ValueError(f"{option} takes a date like 2024-03-01, not {value!r}")
    return day


def url_days(url: str) -> tuple[dt.date, dt.date] | None:
    """The days a dated sitemap URL covers: one day (`…2024-03-05…`, `…20240305…`) or a month (`…2024-03…`)."""
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    m = _URL_DAY.search(path)
    if m:
        day = _day(*m.groups())
        if day:
            return day, day
    m = _URL_MONTH.search(path)
    if m:
        first = dt.date(int(m.group(1)), int(m.group(2)), 1)
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return None


def child_sitemap_in_window(window: Window, url: str, lastmod: str | None) -> bool:
    """Whether a sitemap index entry can hold articles of the window (see the module docstring)."""
    modified = parse_day(lastmod)
    if modified is not None and modified < window.since:
        return False
    days = url_days(url)
    return days is None or window.overlaps(*days)


def listing_links(response: Response, pattern: re.Pattern[str] | None) -> Iterator[tuple[str, dt.date | None]]:
    """(absolute URL, printed date or None) of each link on a listing page matching `pattern`.

    The date is the first one found in the link's nearest enclosing element (up to four levels) that holds
    no other matching link: the list item, table row or card of that article.
    """
    for a in response.xpath("//a[@href]"):
        url = response.urljoin(a.attrib["href"].strip())
        if pattern is not None and not pattern.search(url):
            continue
        day = None
        node = a
        for _ in range(4):
            parents = node.xpath("..")
            if not parents:
                break
            node = parents[0]
            hrefs = [response.urljoin(h.strip()) for h in node.xpath(".//a/@href").getall()]
            if len({h for h in hrefs if pattern is None or pattern.search(h)}) > 1:
                break
            stamp = node.xpath(".//time/@datetime").get()
            day = parse_day(stamp) if stamp else None
            if day is None:
                m = _TEXT_DAY.search(" ".join(node.xpath(".//text()").getall()))
                day = _day(*m.groups()) if m else None
            if day is not None:
                break
        yield url, day


class BackfillMiddleware(BaseSpiderMiddleware):
    """Persists a backfill's frontier and skips what an earlier run finished (no-op for ordinary crawls).

    For each discovery response it notes the window's article URLs the spider asked for (minus archived ones)
    and the child sitemaps; the page is marked done once those are all archived / dropped and its children
    are done. Requests for done pages are dropped, or for a done listing page replaced by the page after it.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "BackfillMiddleware":
        """Scrapy's constructor hook: not built at all for a crawl that is no backfill (its spider has no window),
        where it would only wrap every callback's output in one more async generator and hear every item."""
        spider = getattr(crawler, "spider", None)
        if spider is not None and getattr(spider, "window", None) is None:
            raise NotConfigured  # no message: Scrapy would log one warning line per crawl for it
        return cls(crawler)

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._state: BackfillState | None = None
        self._articles: dict[str, set[str]] = {}  # discovery page -> article URLs still to be handled
        self._children: dict[str, set[str]] = {}  # discovery page -> child discovery pages not done yet
        self._parents: dict[str, set[str]] = {}  # child discovery page -> its parents
        self._owners: dict[str, set[str]] = {}  # article URL -> discovery pages waiting for it
        self._links: dict[str, int] = {}
        self._next: dict[str, tuple[str, int]] = {}  # listing page -> (next page URL, next page number)
        self._parsed: set[str] = set()
        self._kinds: dict[str, str] = {}
        crawler.signals.connect(self.article_handled, signal=signals.item_scraped)
        crawler.signals.connect(self.article_handled, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def _window(self) -> Window | None:
        return getattr(self.crawler.spider, "window", None)

    @property
    def state(self) -> BackfillState:
        """The persisted state of this backfill (site, window), loaded on first use."""
        if self._state is None:
            spider = self.crawler.spider
            self._state = BackfillState(archive_for(self.crawler).db, spider.name, *spider.window.key)
        return self._state

    # -- spider output -----------------------------------------------------------------------------------

    def process_spider_output(self, response: Response, result: Any) -> Iterator[Any]:
        """Every output passes `get_processed_request`; then the page's own bookkeeping is settled."""
        yield from super().process_spider_output(response, result)
        self._page_parsed(response)

    async def process_spider_output_async(self, response: Response, result: Any) -> Any:
        """Async twin of `process_spider_output`."""
        async for out in super().process_spider_output_async(response, result):
            yield out
        self._page_parsed(response)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """Note article requests per discovery page; drop (or jump over) discovery pages already done."""
        if self._window() is None:
            return request
        page = response.url if response is not None and not response.meta.get("article") else None
        if request.meta.get("article"):
            url = request.meta.get("canonical", request.url)
            if page is not None and archive_for(self.crawler).article_id_for_url(url) is None:
                self._articles.setdefault(page, set()).add(url)
                self._owners.setdefault(url, set()).add(page)
            if page is not None:
                self._links[page] = self._links.get(page, 0) + 1
            return request
        listing_page = request.cb_kwargs.get("page") if "listing" in request.cb_kwargs else None
        if page is not None and listing_page is not None:
            self._next[page] = (request.url, listing_page)
        request = self._skip_done(request)
        if request is not None and page is not None and listing_page is None:
            self._children.setdefault(page, set()).add(request.url)
            self._parents.setdefault(request.url, set()).add(page)
        return request

    def _skip_done(self, request: Request) -> Request | None:
        """None for a finished discovery page; for a finished listing page, the first unfinished page after it."""
        seen = 0
        while self.state.is_done(request.url):
            self.crawler.stats.inc_value(SKIPPED_DONE)
            following = self.state.next_page(request.url) if "listing" in request.cb_kwargs else None
            seen += 1
            if following is None or seen > MAX_PAGES:
                return None
            url, number = following
            request = request.replace(url=url, cb_kwargs={**request.cb_kwargs, "page": number})
        return request

    def _page_parsed(self, response: Response) -> None:
        if self._window() is None or response is None or response.meta.get("article"):
            return
        self._parsed.add(response.url)
        if "listing" in (response.request.cb_kwargs if response.request is not None else {}):
            self._kinds[response.url] = "listing"
        else:
            head = response.body[:2048]
            kind = "robots" if response.url.endswith("/robots.txt") else "sitemap" if b"<urlset" in head or b"<sitemapindex" in head else "feed"
            self._kinds[response.url] = kind
        self._maybe_done(response.url)

    # -- completion --------------------------------------------------------------------------------------

    def article_handled(self, item: Any, response: Response | None = None, spider: Any = None, **kwargs: Any) -> None:
        """An article item left the pipelines (stored, or dropped with its raw page kept): its pages may be done."""
        urls = {response.meta.get("canonical")} if response is not None else set()
        try:
            urls.add(item["url"])
        except (KeyError, TypeError):
            pass
        for url in urls - {None}:
            for page in self._owners.pop(url, set()):
                self._articles.get(page, set()).discard(url)
                self._maybe_done(page)

    def _maybe_done(self, page: str) -> None:
        if page not in self._parsed or self._articles.get(page) or self._children.get(page) or self.state.is_done(page):
            return
        next_url, number = self._next.get(page, (None, None))
        self.state.mark_done(page, kind=self._kinds.get(page, "sitemap"), links=self._links.get(page, 0),
                             next_url=next_url, page=number - 1 if number else None)  # fmt: skip
        self.crawler.stats.inc_value(PAGES_DONE)
        for parent in self._parents.pop(page, set()):
            self._children.get(parent, set()).discard(page)
            self._maybe_done(parent)

    def spider_idle(self) -> None:
        """At the end every request has its answer: pages whose remaining articles got archived by another way
        (a canonical named by another page, an alias) are done; those with failed articles stay open."""
        if self._window() is None:
            return
        archive = archive_for(self.crawler)
        for page in list(self._articles):
            left = {u for u in self._articles[page] if archive.article_id_for_url(u) is None and not archive.raw_pages(url=u)}
            self._articles[page] = left
        for page in list(self._parsed):
            self._maybe_done(page)
