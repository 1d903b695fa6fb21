"""Probing a site from its homepage: robots.txt, announced and common feeds and sitemaps, section pages.

Everything found is kept with how it answered, so the written site file and `doctor` can say which
sources work. Uses the same feed and sitemap parsers as the crawl (`crawler.discovery`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html

from crawler.discovery import DiscoveryError, parse_feed, parse_sitemap, robots_sitemaps
from crawler.extract.parser import without_early_end_html
from crawler.onboard.fetch import Fetcher, Page
from crawler.onboard.shapes import COMMON_FEEDS, COMMON_SITEMAPS
from crawler.urls import same_site

MAX_CHILD_SITEMAPS = 3  # children of a sitemap index read while probing (the crawl reads them all)
MAX_SECTIONS = 6  # section/listing pages fetched from the homepage navigation
# links that never lead to a listing of articles
NOT_LISTINGS = re.compile(
    r"(login|logout|join|member|signup|register|privacy|policy|terms|about|contact|company|intro|rss|feed|"
    r"sitemap|search|mailto:|javascript:|\.(jpe?g|png|gif|pdf|xml)$|/tag/|/author/|/wp-admin|/wp-login)",
    re.IGNORECASE,
)
NEXT_TEXT = ("다음", "next", "›", "»", "다음 »", "다음페이지")


@dataclass
class Source:
    """A feed or sitemap and how it answered: links found, or the problem."""

    url: str
    kind: str  # "feed" | "sitemap"
    how: str  # "announced" (link rel / robots.txt) or "common location"
    links: list[str] = field(default_factory=list)
    status: int = 0
    problem: str | None = None

    @property
    def works(self) -> bool:
        """True when it answered and listed at least one link."""
        return self.problem is None and bool(self.links)


@dataclass
class Listing:
    """A section page with article links, and the CSS selector of its next-page link (if any)."""

    url: str
    links: list[str]
    next_page: str | None = None


@dataclass
class Probe:
    """Everything learned about a site from its homepage outwards."""

    base_url: str
    home: Page | None = None
    site_name: str | None = None
    language: str | None = None
    robots_status: int | None = None
    robots_sitemaps: list[str] = field(default_factory=list)
    crawl_delay: float | None = None
    home_allowed: bool = True
    feeds: list[Source] = field(default_factory=list)
    sitemaps: list[Source] = field(default_factory=list)
    home_links: list[str] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)

    def all_links(self) -> list[str]:
        """Every same-site link seen (feeds, sitemaps, homepage, section pages), first-seen order."""
        links: list[str] = []
        for src in self.feeds + self.sitemaps:
            links += src.links
        links += self.home_links
        for lst in self.listings:
            links += lst.links
        return list(dict.fromkeys(links))


def page_links(page: Page, allowed: tuple[str, ...]) -> list[str]:
    """Same-site `<a href>` links of an HTML page, absolute, fragment-free, in document order."""
    doc = _html(page)
    if doc is None:
        return []
    out = []
    for href in doc.xpath("//a/@href"):
        url = urljoin(page.url, href.strip()).split("#", 1)[0]
        if url.startswith(("http://", "https://")) and same_site(url, allowed):
            out.append(url)
    return list(dict.fromkeys(out))


def _html(page: Page) -> lxml.html.HtmlElement | None:
    if not page.ok or not page.body.strip():
        return None
    try:
        # (a stray `</html>` before `<body>` would end the parse there: browsers read on)
        return lxml.html.document_fromstring(without_early_end_html(page.text))
    except (ValueError, lxml.etree.ParserError):
        return None


def announced_feeds(page: Page) -> list[str]:
    """Feeds a page announces with `<link rel="alternate" type="application/rss+xml|atom+xml">`."""
    doc = _html(page)
    if doc is None:
        return []
    hrefs = doc.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
        "[contains(@type, 'rss') or contains(@type, 'atom')]/@href"
    )
    return [urljoin(page.url, h.strip()) for h in hrefs if h.strip()]


def next_page_selector(page: Page) -> str | None:
    """A CSS selector for the page's "next page" link: rel=next, a class with "next", or the text 다음/Next."""
    doc = _html(page)
    if doc is None:
        return None
    if doc.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')][@href]"):
        return 'a[rel="next"]'
    for a in doc.xpath("//a[@href][@class]"):
        for cls in a.get("class", "").split():
            if "next" in cls.lower() and re.fullmatch(r"[A-Za-z_][\w-]*", cls):
                return f"a.{cls}"
    for a in doc.xpath("//a[@href]"):
        text = (a.text_content() or "").strip()
        if text.lower() in NEXT_TEXT:
            return f'a:contains("{text}")'
    return None


def probe(fetcher: Fetcher, *, sections: int = MAX_SECTIONS,
          is_article: Callable[[str], bool] | None = None) -> Probe:
    """Probe the fetcher's site. `is_article(url)` (when known) keeps article pages out of the section pages."""
    base = fetcher.base_url
    allowed = fetcher.allowed_domains
    result = Probe(base)
    robots = fetcher.robots()
    result.robots_status = fetcher.robots_status
    result.crawl_delay = robots.crawl_delay(fetcher.client.headers["User-Agent"])
    result.robots_sitemaps = [urljoin(base + "/", u) for u in robots_sitemaps(fetcher.robots_text or "")]
    result.home_allowed = fetcher.allowed(base + "/")
    home = fetcher.get(base + "/")
    result.home = home
    doc = _html(home)
    if doc is not None:
        name = doc.xpath("string(//meta[@property='og:site_name']/@content)").strip()
        title = doc.xpath("string(//title)").strip()
        result.site_name = name or re.split(r"\s[-–—|:·]\s", title)[0].strip() or None
        result.language = (doc.get("lang") or "").split("-")[0].lower() or None
    result.home_links = page_links(home, allowed)
    feed_urls = announced_feeds(home)
    # sitemaps: robots.txt first, then common locations of the recognised CMS (or all of them)
    from crawler.onboard.shapes import recognise_cms

    cms = recognise_cms(home.text if home.ok else "", result.home_links)
    for url in result.robots_sitemaps:
        if same_site(url, allowed):
            result.sitemaps.append(read_sitemap(fetcher, url, "announced"))
    if not any(s.works for s in result.sitemaps):
        for path in COMMON_SITEMAPS.get(cms, COMMON_SITEMAPS[None]):
            src = read_sitemap(fetcher, urljoin(base + "/", path.lstrip("/")), "common location")
            if src.status != 404 or src.works:
                result.sitemaps.append(src)
            if src.works:
                break
    for url in dict.fromkeys(feed_urls):
        if same_site(url, allowed):
            result.feeds.append(read_feed(fetcher, url, "announced"))
    if not any(f.works for f in result.feeds):
        for path in COMMON_FEEDS.get(cms, COMMON_FEEDS[None]):
            url = urljoin(base + "/", path.lstrip("/"))
            if url in {f.url for f in result.feeds}:
                continue
            src = read_feed(fetcher, url, "common location")
            if src.works:
                result.feeds.append(src)
                break
    if is_article is None:
        from crawler.onboard.shapes import infer

        shape = infer(result.all_links())
        rx = re.compile(shape.pattern) if shape.pattern else None
        is_article = (lambda u: bool(rx.search(u))) if rx else (lambda u: False)
    # section pages: the homepage's non-article links, navigation first
    for url in result.home_links:
        if len(result.listings) >= sections:
            break
        if url.rstrip("/") == base or NOT_LISTINGS.search(url) or is_article(url):
            continue
        page = fetcher.get(url)
        if not page.ok:
            continue
        result.listings.append(Listing(page.url, page_links(page, allowed), next_page_selector(page)))
        for feed in announced_feeds(page):
            if same_site(feed, allowed) and feed not in {f.url for f in result.feeds}:
                result.feeds.append(read_feed(fetcher, feed, "announced"))
    return result


def read_feed(fetcher: Fetcher, url: str, how: str) -> Source:
    """Fetch and parse one feed."""
    src = Source(url, "feed", how)
    page = fetcher.get(url)
    src.status = page.status
    if not page.ok:
        src.problem = page.error or f"HTTP {page.status}"
        return src
    try:
        src.links = [urljoin(page.url, link.url) for link in parse_feed(page.body)]
    except DiscoveryError as exc:
        src.problem = str(exc)
        return src
    if not src.links:
        src.problem = "no items"
    return src


def read_sitemap(fetcher: Fetcher, url: str, how: str, *, children: int = MAX_CHILD_SITEMAPS) -> Source:
    """Fetch and parse one sitemap; for an index, read a few children (news and newest first)."""
    src = Source(url, "sitemap", how)
    page = fetcher.get(url)
    src.status = page.status
    if not page.ok:
        src.problem = page.error or f"HTTP {page.status}"
        return src
    try:
        sm = parse_sitemap(page.body)
    except DiscoveryError as exc:
        src.problem = str(exc)
        return src
    src.links = [urljoin(page.url, link.url) for link in sm.links]
    kids = [urljoin(page.url, c) for c in sm.sitemaps if same_site(urljoin(page.url, c), fetcher.allowed_domains)]
    kids.sort(key=lambda u: ("news" not in u.lower() and "post" not in u.lower(), 0))
    for child in kids[:children]:
        sub = read_sitemap(fetcher, child, how, children=0)
        src.links += sub.links
    if not src.links:
        src.problem = "no links"
    return src

