"""`newsarchive doctor`: is this site working today? A verdict per check, so a layout change is caught
before a crawl silently yields nothing.

Checks (offline ones need no network): configuration (base URL in allowed domains, discovery URLs on
the site, a pattern that does not match the homepage or the feeds themselves, politeness); then online:
robots.txt allows us, each feed and sitemap answers and parses, listing pages answer, discovered links
match the article pattern, and a sample of articles extracts with title, date, body ≥ min length and byline.

    from crawler.doctor import diagnose
    report = diagnose(site, offline=False, samples=3)
    report.verdict        # "ok" | "warn" | "fail"
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.settings import NEWSARCHIVE_MIN_BODY_CHARS as MIN_BODY_CHARS
from crawler.sites import SiteConfig
from crawler.urls import same_site

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
RANK = {OK: 0, SKIP: 0, WARN: 1, FAIL: 2}


@dataclass
class Check:
    """One check's verdict and a one-line detail."""

    name: str
    verdict: str
    detail: str


@dataclass
class SiteReport:
    """All checks of one site."""

    site: str
    checks: list[Check] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """The worst verdict of any check."""
        return max((c.verdict for c in self.checks), key=RANK.__getitem__, default=OK)

    def add(self, name: str, verdict: str, detail: str) -> None:
        """Record a check."""
        self.checks.append(Check(name, verdict, detail))

    def as_dict(self) -> dict:
        """JSON-friendly form."""
        return {"site": self.site, "verdict": self.verdict, "checks": [c.__dict__ for c in self.checks]}


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def check_config(site: SiteConfig, report: SiteReport) -> None:
    """Configuration-level checks (no network)."""
    problems = []
    if not same_site(site.base_url, site.allowed_domains):
        problems.append(f"base_url host is not in allowed_domains {list(site.allowed_domains)}")
    d = site.discovery
    for url in (*d.feeds, *d.sitemaps, *(lst.url for lst in d.listings)):
        if not same_site(site.resolve(url), site.allowed_domains):
            problems.append(f"{url} is outside allowed_domains")
    report.add("config", FAIL if problems else OK, "; ".join(problems) or
               f"{len(d.feeds)} feed(s), {len(d.sitemaps)} sitemap(s), {len(d.listings)} listing(s)"
               + (", robots.txt sitemaps" if d.sitemaps_from_robots else ""))
    rx = re.compile(site.article_url_pattern)
    wrong = [u for u in (site.base_url + "/", *(site.resolve(f) for f in (*d.feeds, *d.sitemaps))) if rx.search(u)]
    if wrong:
        report.add("pattern", FAIL, f"article_url_pattern also matches non-article URL {wrong[0]}")
    elif not re.search(r"\\d|\[0-9|\d\{|\\w|\[A-Z", site.article_url_pattern):
        report.add("pattern", WARN, "article_url_pattern has no id or date part; it may match section pages")
    else:
        report.add("pattern", OK, "compiles; matches neither the homepage nor the feeds")
    pol = site.politeness
    if not _loopback(site.base_url) and (pol.download_delay < 0.5 or pol.concurrency > 8 or not pol.obey_robots):
        report.add("politeness", WARN, f"download_delay {pol.download_delay:g} s, concurrency {pol.concurrency}, "
                   f"obey_robots {pol.obey_robots}: too hard on a real site")
    else:
        report.add("politeness", OK, f"download_delay {pol.download_delay:g} s, concurrency {pol.concurrency}")


def diagnose(site: SiteConfig, *, offline: bool = False, samples: int = 3, delay: float | None = None,
             min_body_chars: int = MIN_BODY_CHARS) -> SiteReport:
    """Run the checks for one site; `offline` stops after the configuration checks."""
    report = SiteReport(site.key)
    check_config(site, report)
    if offline:
        return report
    from crawler.onboard.fetch import Fetcher

    wait = site.politeness.download_delay if delay is None else delay
    with Fetcher(site.base_url, allowed_domains=site.allowed_domains, delay=wait,
                 obey_robots=site.politeness.obey_robots) as fetcher:
        _online(site, report, fetcher, samples, min_body_chars)
    return report


def _online(site: SiteConfig, report: SiteReport, fetcher, samples: int, min_body_chars: int) -> None:
    from crawler.discovery import robots_sitemaps
    from crawler.onboard.probe import page_links, read_feed, read_sitemap
    from crawler.onboard.sample import sample_articles

    d = site.discovery
    fetcher.robots()
    denied = [u for u in [site.base_url + "/", *(site.resolve(x) for x in (*d.feeds, *d.sitemaps))]
              if not fetcher.allowed(u)]
    if not site.politeness.obey_robots:
        report.add("robots", WARN, "obey_robots = false: robots.txt is ignored for this site")
    elif denied:
        report.add("robots", FAIL, f"robots.txt disallows {len(denied)} of our start URL(s), e.g. {denied[0]}")
    else:
        report.add("robots", OK, f"robots.txt (HTTP {fetcher.robots_status}) allows our User-Agent")
    sources = [read_feed(fetcher, site.resolve(u), "configured") for u in d.feeds]
    maps = [site.resolve(u) for u in d.sitemaps]
    if d.sitemaps_from_robots:
        maps += [u for u in robots_sitemaps(fetcher.robots_text or "") if same_site(u, site.allowed_domains)]
        if not robots_sitemaps(fetcher.robots_text or ""):
            report.add("robots sitemaps", WARN, "sitemaps_from_robots is on but robots.txt names no sitemap")
    sources += [read_sitemap(fetcher, u, "configured") for u in dict.fromkeys(maps)]
    links: list[str] = []
    for src in sources:
        report.add(f"{src.kind} {src.url}", OK if src.works else FAIL,
                   f"{len(src.links)} link(s)" if src.works else (src.problem or "no links"))
        links += src.links
    for lst in d.listings:
        page = fetcher.get(site.resolve(lst.url))
        found = page_links(page, site.allowed_domains) if page.ok else []
        report.add(f"listing {lst.url}", OK if found else FAIL,
                   f"{len(found)} link(s)" if found else (page.error or f"HTTP {page.status}"))
        links += found
    links = list(dict.fromkeys(links))
    articles = [u for u in links if site.is_article_url(u)]
    if not links:
        report.add("article links", FAIL, "no discovery source gave any link")
    elif not articles:
        report.add("article links", FAIL, f"article_url_pattern matches none of {len(links)} discovered link(s), "
                   f"e.g. {links[0]} — did the site change its URLs?")
    else:
        report.add("article links", OK, f"{len(articles)} of {len(links)} discovered link(s) match the pattern")
    if not articles or samples <= 0:
        report.add("sample articles", SKIP, "no article link to sample" if samples > 0 else "--samples 0")
        return
    results = sample_articles(fetcher, articles, count=samples, rules=site.extract)
    good = [s for s in results if s.body_chars >= min_body_chars and s.title]
    missing = []
    for s in results:
        gaps = [f for f, v in (("title", s.title), ("date", s.published), ("byline", s.authors)) if not v]
        if s.body_chars < min_body_chars:
            gaps.insert(0, f"body ({s.body_chars} chars)")
        if gaps or s.problem:
            missing.append(f"{s.url}: {s.problem or 'no ' + ', '.join(gaps)}")
    if not good:
        report.add("sample articles", FAIL, f"none of {len(results)} sample(s) extracts an article body — "
                   f"template changed? {missing[0] if missing else ''}")
    elif missing:
        report.add("sample articles", WARN, f"{len(good)} of {len(results)} extract; {missing[0]}")
    else:
        report.add("sample articles", OK, f"{len(results)} of {len(results)} extract with title, date, body, byline")
