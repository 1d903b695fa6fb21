"""Fetching one article now (`newsarchive fetch URL`): a one-page crawl through the usual spider, extractor
and pipelines (clean → validate → dedupe → store), so the article is archived exactly as a crawl would.

Usage::

    from crawler.fetch import fetch_article
    result = fetch_article("https://www.mynews.co.kr/news/articleView.html?idxno=1", db="news.db")
    result.outcome, result.article_id
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, AsyncIterator
from urllib.parse import urlsplit

from crawler.sites import ConfigError, SiteConfig, load_sites
from crawler.spiders.loader import spider_class_for
from crawler.urls import canonical_url, same_site


@dataclass
class FetchResult:
    """What fetching one URL did: `outcome` is new, updated, unchanged, duplicate, near_duplicate,
    already_archived, dropped, robots_denied or failed; `article_id` is set when the archive holds it."""

    url: str
    site: str
    outcome: str
    article_id: int | None
    detail: str | None
    counts: dict[str, int]
    run_id: int | None


def site_for_url(url: str, sites: dict[str, SiteConfig], key: str | None = None) -> SiteConfig:
    """The site whose rules apply to `url`: the named one, else the one whose domains cover it, else an
    ad-hoc site for the URL's host (generic extraction, robots.txt obeyed). ConfigError for a bad URL or key."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    host = parts.hostname.lower()
    if key is not None:
        if key not in sites:
            raise ConfigError(f"unknown site {key!r} (known: {', '.join(sites) or 'none'})")
        site = sites[key]
    else:
        owners = [s for s in sites.values() if same_site(url, s.allowed_domains)]
        if owners:
            site = owners[0]
        else:
            return SiteConfig(key=host.removeprefix("www."), name=host, base_url=f"{parts.scheme}://{parts.netloc}",
                              allowed_domains=(host,), article_url_pattern=".")
    # the user named this page: it is an article page of the site whatever the site's link pattern says
    domains = site.allowed_domains if same_site(url, site.allowed_domains) else (*site.allowed_domains, host)
    return replace(site, allowed_domains=domains, article_url_pattern=".")


def fetch_spider_class(site: SiteConfig, url: str) -> type:
    """A spider for `site` that requests only `url`, as an article page (no discovery)."""
    base = spider_class_for(site)

    async def start(self: Any) -> AsyncIterator[Any]:
        for request in self.article_request(url, None):
            yield request

    return type(f"FetchSpider_{site.key}", (base,), {"start": start})


def fetch_article(url: str, *, db: str | os.PathLike, site_key: str | None = None, sites_path: str | None = None,
                  log_file: str | os.PathLike | None = None, log_level: str = "WARNING") -> FetchResult:
    """Download, extract, dedupe and archive one article page now; blocks until done (one reactor per process).

    Raises ConfigError for a bad URL or site key, SiteBusy while another process crawls the site into `db`.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.runner import crawl_settings
    from crawler.site_lock import SiteLock
    from crawler.stats import counts_from_stats
    from storage import Archive
    from storage.fetch_failures import FetchFailures

    site = site_for_url(url, load_sites(sites_path), site_key)
    host = urlsplit(site.base_url).hostname
    canonical = canonical_url(url, site_host=host, id_params=site.dedupe.article_id_params)
    with Archive(db) as archive:
        FetchFailures(archive.db).clear([canonical])  # asked for now: an earlier failure's backoff does not apply
    extra: dict[str, Any] = {"NEWSARCHIVE_TRIGGER": "fetch", "LOG_LEVEL": log_level}
    if log_file is not None:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        extra.update(LOG_FILE=str(log_file), LOG_FILE_APPEND=False)
    process = CrawlerProcess(crawl_settings(Path(db), sites=sites_path, overrides=extra))
    crawler = process.create_crawler(fetch_spider_class(site, url))
    with SiteLock(db, site.key):  # SiteBusy while a crawl of this site writes to this archive (one at a time)
        process.crawl(crawler)
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    counts = counts_from_stats(stats)
    with Archive(db) as archive:
        article_id = archive.article_id_for_url(canonical) or archive.article_id_for_url(url)
    outcome, detail = _outcome(counts, stats)
    return FetchResult(url=canonical, site=site.key, outcome=outcome, article_id=article_id, detail=detail,
                       counts=counts, run_id=stats.get("newsarchive/run_id"))


def _outcome(counts: dict[str, int], stats: dict[str, Any]) -> tuple[str, str | None]:
    """The one thing that happened to the page, with its reason when it went wrong."""
    for name in ("new", "updated", "unchanged", "near_duplicate", "duplicate"):
        if counts[name]:
            return name, None
    if counts["skipped_seen"]:
        return "already_archived", None
    if counts["robots_denied"]:
        return "robots_denied", "robots.txt disallows this page"
    reasons = sorted(k.split("/", 2)[2] for k in stats if k.startswith(("newsarchive/dropped/", "newsarchive/failed/")))
    if counts["dropped"]:
        return "dropped", ", ".join(reasons) or "no usable article"
    if counts["failed"]:
        return "failed", ", ".join(reasons) or "could not be fetched"
    return "failed", f"nothing was fetched ({stats.get('newsarchive/error') or stats.get('finish_reason')})"
