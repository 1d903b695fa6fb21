"""Polite HTTP for onboarding and health checks (outside a Scrapy crawl): one `Fetcher` per site.

httpx (already in the environment through Datasette; declared in pyproject.toml) gives timeouts and
streamed bodies; this module adds what a crawler owes a site: the project User-Agent, robots.txt rules
(protego, Scrapy's own parser), a delay between requests (robots `Crawl-delay` wins when longer), a
size cap, and redirects followed only while they stay on the site's own hosts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from crawler.config import USER_AGENT
from crawler.urls import same_site

MAX_BYTES = 5 * 1024 * 1024  # an article, feed or sitemap page bigger than this is not worth probing
MAX_REDIRECTS = 5
TIMEOUT = 15.0


@dataclass
class Page:
    """One fetched URL: final URL, status, headers we use, and the (capped) body."""

    url: str
    status: int
    content_type: str
    body: bytes
    error: str | None = None  # why nothing usable came back (network error, off-site redirect, too big, robots)

    @property
    def ok(self) -> bool:
        """True for a 2xx answer with a body."""
        return self.error is None and 200 <= self.status < 300

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        low = self.content_type.lower()
        return low.split("charset=", 1)[1].split(";")[0].strip().strip("\"'") or None if "charset=" in low else None

    @property
    def text(self) -> str:
        """The body as text, decoded the way the extractor decodes pages (header, `<meta>`, CP949 for EUC-KR)."""
        from crawler.extract.decode import decode_html
        from crawler.extract.types import ExtractionError

        try:
            return decode_html(self.body, self.charset)[0]
        except ExtractionError:  # empty or binary: nothing to read
            return ""


class Fetcher:
    """GETs URLs of one site politely; every answer (also failures) comes back as a `Page`, never an exception."""

    def __init__(self, base_url: str, *, allowed_domains: tuple[str, ...] = (), delay: float = 1.0,
                 obey_robots: bool = True, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT):
        self.base_url = base_url.rstrip("/")
        host = urlsplit(base_url).hostname or ""
        self.allowed_domains = tuple(allowed_domains) or (host,)
        self.delay = delay
        self.obey_robots = obey_robots
        self.max_bytes = max_bytes
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=timeout, follow_redirects=False)
        self._last = 0.0
        self._robots: Protego | None = None
        self.robots_text: str | None = None
        self.robots_status: int | None = None
        self.requests = 0

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    # ------------------------------------------------------------------ robots

    def robots(self) -> Protego:
        """The site's robots.txt rules (fetched once; a missing or broken file allows everything)."""
        if self._robots is None:
            page = self._get(self.base_url + "/robots.txt", check_robots=False)
            self.robots_status = page.status
            self.robots_text = page.text if page.ok else ""
            self._robots = Protego.parse(self.robots_text)
            delay = self._robots.crawl_delay(USER_AGENT)
            if delay and delay > self.delay:
                self.delay = float(delay)  # the site asked for more patience than our default
        return self._robots

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets our User-Agent fetch `url`."""
        return self.robots().can_fetch(url, USER_AGENT)

    # ------------------------------------------------------------------ fetching

    def get(self, url: str) -> Page:
        """GET `url` (relative to the base URL allowed) obeying robots.txt, the delay and the size cap."""
        return self._get(urljoin(self.base_url + "/", url), check_robots=self.obey_robots)

    def _get(self, url: str, *, check_robots: bool) -> Page:
        if check_robots and not self.allowed(url):
            return Page(url, 0, "", b"", error="disallowed by robots.txt")
        for _ in range(MAX_REDIRECTS + 1):
            if not same_site(url, self.allowed_domains):
                return Page(url, 0, "", b"", error=f"redirected off the site to {urlsplit(url).hostname}")
            self._wait()
            try:
                with self.client.stream("GET", url) as resp:
                    if resp.is_redirect and resp.headers.get("location"):
                        url = urljoin(url, resp.headers["location"])
                        if check_robots and not self.allowed(url):
                            return Page(url, 0, "", b"", error="redirect target disallowed by robots.txt")
                        continue
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > self.max_bytes:
                            return Page(url, resp.status_code, resp.headers.get("content-type", ""), b"",
                                        error=f"larger than {self.max_bytes // 1024} KB")
                    return Page(url, resp.status_code, resp.headers.get("content-type", ""), bytes(body))
            except httpx.HTTPError as exc:
                return Page(url, 0, "", b"", error=f"{type(exc).__name__}: {exc}".strip(": "))
        return Page(url, 0, "", b"", error=f"more than {MAX_REDIRECTS} redirects")

    def _wait(self) -> None:
        """Sleep so that requests to the site are at least `delay` seconds apart."""
        pause = self._last + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()
        self.requests += 1
