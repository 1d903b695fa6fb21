"""`ScopeMiddleware`: every request a crawl sends stays inside its site's scope.

A downloader middleware, so it sees every request at the last moment before it leaves: discovery and
article requests, each hop of a redirect (RedirectMiddleware and MetaRefreshMiddleware hand the next hop
back to the engine, which passes it through here again) and Scrapy's own robots.txt requests. Scrapy's
OffsiteMiddleware does not do this: it lets `dont_filter=True` requests through, and a redirect copies the
flag, so an on-site feed that redirected to another host used to be fetched and stored.

A request is refused (`OffScopeRequest`, counted as `newsarchive/skipped_offscope`, one log line) when

* its scheme is not http or https;
* its host is not one of the site's `allowed_domains` (or a subdomain of one);
* its host is, or resolves to, a private, loopback, link-local or otherwise non-public address while the
  site's own base URL is not one (an SSRF guard: a public site cannot make the crawler fetch from the
  machine's network). A site served from 127.0.0.1 or an intranet address may fetch from such addresses.

Names are resolved with the reactor's resolver (Scrapy's caching resolver), so the address checked is the
one the download then uses.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.stats import Stat
from crawler.urls import same_site

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class OffScopeRequest(IgnoreRequest):
    """A request outside its site's scope was refused (the message says why, in one line)."""


def literal_address(host: str) -> IPAddress | None:
    """The IP address a host names literally (`127.0.0.1`, `[::1]`, `localhost`), or None for a DNS name."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return ipaddress.ip_address("127.0.0.1")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_public(address: IPAddress) -> bool:
    """True for an address on the public internet (not private, loopback, link-local, reserved, multicast)."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


class ScopeMiddleware:
    """Refuses requests outside the crawling site's scheme, domains and address class."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self._base_public: bool | None = None  # whether the site's own base URL is a public address

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ScopeMiddleware":
        """Scrapy's constructor hook."""
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        """Let an in-scope request through; raise OffScopeRequest for any other."""
        site = getattr(self.crawler.spider, "site", None)
        if site is None:
            return
        problem = await self.problem(request.url, site.base_url, site.allowed_domains)
        if problem:
            self.crawler.stats.inc_value(Stat.SKIPPED_OFFSCOPE)
            first = (request.meta.get("redirect_urls") or [None])[0]
            via = f" (redirected from {first})" if first else ""
            logger.warning("request refused, %s: %s%s", problem, request.url, via)
            raise OffScopeRequest(f"{problem}: {request.url}")

    async def problem(self, url: str, base_url: str, allowed_domains: tuple[str, ...]) -> str | None:
        """Why `url` is outside the scope of a site at `base_url`, or None when it is inside."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme!r} is not http(s)"
        host = parts.hostname or ""
        if not same_site(url, allowed_domains):
            return f"host {host!r} is not in allowed_domains"
        address = await self._address(host)
        if address is None or is_public(address):
            return None
        if self._base_public is None:
            base = await self._address(urlsplit(base_url).hostname or "")
            self._base_public = base is None or is_public(base)
        if self._base_public:
            return f"host {host!r} is a non-public address ({address}) and the site's base URL is public"
        return None

    async def _address(self, host: str) -> IPAddress | None:
        """The address `host` names or resolves to (None when it does not resolve: the download then fails)."""
        literal = literal_address(host)
        if literal is not None or not host:
            return literal
        from twisted.internet import reactor

        try:
            resolved = await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:  # unresolvable: the download reports the DNS error itself
            return None
        return literal_address(resolved)
