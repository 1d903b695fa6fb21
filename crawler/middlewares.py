"""`SkipArchivedMiddleware`: article pages already in the archive are not requested again.

It sits between the spider and the scheduler, so it decides before a request is even scheduled; feeds,
sitemaps and listing pages (requests without `meta["article"]`) always pass, so a re-crawl of an unchanged
site downloads only those. For each article request:

* archived (its canonical URL, or the URL it was linked under, is an article URL or alias) → dropped and
  counted as `skipped_seen` — unless the site's `[dedupe] revisit_hours` says it is young enough to be
  re-checked for edits: then it goes out with `If-None-Match` / `If-Modified-Since` from the archived page,
  so an unchanged article costs a 304 (`SiteSpider.parse_article` counts it as `unchanged`).
  "Young" is measured from the article's `published` date (its `first_seen` if undated).
* failed in an earlier crawl (404, 5xx, timeout, truncated, or no usable article on the page) and not yet
  due again (`storage.fetch_failures`) → dropped and counted as `newsarchive/skipped_failed`.

When the crawl runs out of requests (`spider_idle`), article URLs that reached the downloader without a
usable answer are recorded as failures (retried after ``NEWSARCHIVE_RETRY_FAILED_HOURS``, default 1,
doubling per consecutive failure; 404/410 after ``NEWSARCHIVE_RETRY_GONE_HOURS``, default 168) and those
fetched fine are cleared. An interrupted crawl never gets there, so pages in flight are not marked broken.
``-s NEWSARCHIVE_RETRY_FAILED_HOURS=0`` retries every failed page on every crawl.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.archive_access import archive_failure, archive_for, guarded_write
from crawler.stats import Stat
from storage.fetch_failures import FetchFailures, RetryPolicy

SKIPPED_FAILED = Stat.SKIPPED_FAILED
REVISITED = "newsarchive/revisited"


class SkipArchivedMiddleware(BaseSpiderMiddleware):
    """Drops article requests that are archived (and not due for a revisit) or failed recently."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        s = crawler.settings
        self.policy = RetryPolicy(
            retry_hours=s.getfloat("NEWSARCHIVE_RETRY_FAILED_HOURS", RetryPolicy.retry_hours),
            gone_hours=s.getfloat("NEWSARCHIVE_RETRY_GONE_HOURS", RetryPolicy.gone_hours),
        )
        self._sent: dict[str, str] = {}  # canonical URL -> last status seen ("no_response" until one arrives)
        self._answered: set[str] = set()  # canonical URLs that got a usable response
        crawler.signals.connect(self.request_reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        # spider_idle, not spider_closed: at idle every request has its answer and the archive is still open
        # (CrawlRunExtension closes it on spider_closed).
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SkipArchivedMiddleware":
        """Scrapy's constructor hook."""
        return cls(crawler)

    def process_spider_input(self, response: Response) -> None:
        """A 304 to a revisit: the archived article is unchanged; note that it was seen (last_seen)."""
        article_id = response.meta.get("revisit")
        if response.status == 304 and article_id:
            with guarded_write(self.crawler):
                archive_for(self.crawler).touch(article_id)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """The request itself (perhaps with conditional headers), or None when it must not be sent."""
        if not request.meta.get("article"):
            return request
        crawler = self.crawler
        if archive_failure(crawler):
            return None  # the archive refuses writes (disk full, read-only): fetching more would be for nothing
        archive = archive_for(crawler)
        url = request.meta.get("canonical", request.url)
        article_id = archive.article_id_for_url(url)
        link = request.meta.get("link")
        if article_id is None and link and link != url:
            article_id = archive.article_id_for_url(link)
        if article_id is None:
            if FetchFailures(archive.db, self.policy).due(url):
                return request
            crawler.stats.inc_value(SKIPPED_FAILED)
            return None
        site = getattr(crawler.spider, "site", None)
        revisit = site.dedupe.revisit_hours if site else 0
        if revisit:
            row = archive.get_article(article_id) or {}
            born = _parse(row.get("published") or row.get("first_seen"))
            # Only the article's own URL is re-checked; its aliases (copies, variants) would bring nothing new.
            if row.get("url") == url and born and datetime.now(timezone.utc) - born < timedelta(hours=revisit):
                request.headers.update(archive.conditional_headers(url))
                request.meta["revisit"] = article_id
                crawler.stats.inc_value(REVISITED)
                return request
        crawler.stats.inc_value(Stat.SKIPPED_SEEN)
        return None

    # -- failure bookkeeping -------------------------------------------------------------------------------

    def request_reached_downloader(self, request: Request, spider: Spider | None = None) -> None:
        """Note an article request actually sent (robots.txt-denied ones never get here)."""
        if request.meta.get("article"):
            self._sent.setdefault(request.meta.get("canonical", request.url), "no_response")

    def response_received(self, response: Response, request: Request, spider: Spider | None = None) -> None:
        """Note the answer to an article request (a retried 500 that later succeeds ends up answered)."""
        if not request.meta.get("article"):
            return
        url = request.meta.get("canonical", request.url)
        # a 3xx here is a redirect that was not followed (no Location, a non-http target): no article either
        if response.status < 300 or response.status == 304:
            self._answered.add(url)
        else:
            self._sent[url] = f"http_{response.status}"

    def item_dropped(
        self, item: object, response: Response | None, exception: BaseException, spider: Spider | None = None
    ) -> None:
        """A page that yielded no storable article (validation dropped it) is retried later like a failure."""
        if response is None or not response.meta.get("article") or str(exception).startswith("duplicate of"):
            return
        url = response.meta.get("canonical", response.url)
        self._answered.discard(url)
        self._sent[url] = "dropped"

    def spider_idle(self, spider: Spider | None = None) -> None:
        """Record the failed article URLs of this crawl so far and clear the ones that worked again."""
        if not self._sent or archive_failure(self.crawler):
            return
        failures = FetchFailures(archive_for(self.crawler).db, self.policy)
        with guarded_write(self.crawler):
            failures.clear(self._answered & self._sent.keys())
            for url, status in self._sent.items():
                if url not in self._answered:
                    failures.record(url, status)
        self._sent.clear()
        self._answered.clear()


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
