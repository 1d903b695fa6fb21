"""A small news site on 127.0.0.1 with six months of dated articles (tests/fixtures/backfill/articles.json), for
backfill tests: robots.txt → a sitemap index of daily sitemaps (with lastmod) and a Google News sitemap, an RSS
feed of the latest items, a paginated listing with a date next to each link, and the article pages. Every
request is logged; `delay` slows article pages down so a test can kill a crawl in the middle."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "backfill" / "articles.json"
SITES = FIXTURES / "backfill" / "sites"
PER_PAGE = 8
FEED_SIZE = 5
NEWS_SIZE = 3


def load_articles() -> list[dict]:
    """The fixture articles, newest first, each with `when` (aware datetime) and `day` (its own calendar day)."""
    items = json.loads(ARTICLES.read_text(encoding="utf-8"))["articles"]
    for a in items:
        a["when"] = dt.datetime.fromisoformat(a["published"])
        a["day"] = a["when"].date()
    return sorted(items, key=lambda a: a["when"], reverse=True)


class BackfillSite:
    """Serve the site on 127.0.0.1:PORT in a thread; use as a context manager."""

    def __init__(self, delay: float = 0.0):
        self.articles = load_articles()
        self.by_day: dict[dt.date, list[dict]] = defaultdict(list)
        for a in self.articles:
            self.by_day[a["day"]].append(a)
        self.delay = delay
        self.log: list[str] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.log.append(self.path)
                status, ctype, body = site.route(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "BackfillSite":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def article_paths(self) -> list[str]:
        """Article pages requested so far, in order."""
        with self._lock:
            return [p for p in self.log if p.startswith("/news/")]

    def in_window(self, since: dt.date, until: dt.date | None = None) -> set[str]:
        """Paths of the articles published (own calendar day) inside the window."""
        return {f"/news/{a['id']}.html" for a in self.articles if a["day"] >= since and (until is None or a["day"] <= until)}

    # -- pages ---------------------------------------------------------------------------------------------

    def route(self, path: str) -> tuple[int, str, bytes]:
        parts = urlsplit(path)
        base = self.base_url
        xml = "application/xml; charset=utf-8"
        if parts.path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode()
        if parts.path == "/sitemap_index.xml":
            return 200, xml, self.sitemap_index().encode()
        if parts.path.startswith("/sitemaps/daily/") and parts.path.endswith(".xml"):
            day = dt.date.fromisoformat(parts.path.rsplit("/", 1)[1][:-4])
            return 200, xml, self.urlset(self.by_day.get(day, [])).encode()
        if parts.path == "/sitemaps/news.xml":
            return 200, xml, self.news_sitemap().encode()
        if parts.path == "/rss.xml":
            return 200, "application/rss+xml; charset=utf-8", self.rss().encode()
        if parts.path == "/list":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            return 200, "text/html; charset=utf-8", self.listing(page).encode()
        if parts.path.startswith("/news/") and parts.path.endswith(".html"):
            found = [a for a in self.articles if parts.path == f"/news/{a['id']}.html"]
            if found:
                if self.delay:
                    time.sleep(self.delay)
                return 200, "text/html; charset=utf-8", self.article(found[0]).encode()
        return 404, "text/plain", b"not found"

    def sitemap_index(self) -> str:
        entries = [f"<sitemap><loc>{self.base_url}/sitemaps/daily/{day.isoformat()}.xml</loc>"
                   f"<lastmod>{max(a['when'] for a in items).isoformat()}</lastmod></sitemap>"
                   for day, items in sorted(self.by_day.items(), reverse=True)]
        newest = self.articles[0]["when"].isoformat()
        entries.insert(0, f"<sitemap><loc>{self.base_url}/sitemaps/news.xml</loc><lastmod>{newest}</lastmod></sitemap>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "\n".join(entries) + "\n</sitemapindex>\n")

    def urlset(self, items: list[dict]) -> str:
        urls = "".join(f"<url><loc>{self.base_url}/news/{a['id']}.html</loc><lastmod>{a['published']}</lastmod></url>\n" for a in items)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + urls + "</urlset>\n")

    def news_sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{self.base_url}/news/{a['id']}.html</loc><news:news><news:publication><news:name>백필일보</news:name>"
            f"<news:language>ko</news:language></news:publication><news:publication_date>{a['published']}</news:publication_date>"
            f"<news:title>{html.escape(a['title'])}</news:title></news:news></url>\n"
            for a in self.articles[:NEWS_SIZE]
        )
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + urls + "</urlset>\n")

    def rss(self) -> str:
        items = "".join(
            f"<item><title>{html.escape(a['title'])}</title><link>{self.base_url}/news/{a['id']}.html</link>"
            f"<pubDate>{email.utils.format_datetime(a['when'])}</pubDate></item>\n"
            for a in self.articles[:FEED_SIZE]
        )
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>백필일보</title>\n{items}</channel></rss>\n'

    def listing(self, page: int) -> str:
        chunk = self.articles[(page - 1) * PER_PAGE: page * PER_PAGE]
        rows = "".join(f'<li><a href="/news/{a["id"]}.html">{html.escape(a["title"])}</a> '
                       f'<span class="date">{a["when"]:%Y.%m.%d %H:%M}</span></li>\n' for a in chunk)
        more = len(self.articles) > page * PER_PAGE
        nav = f'<a class="next" href="/list?page={page + 1}">다음</a>' if more else ""
        return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>전체기사 {page}</title></head><body>'
                f'<nav><a href="/">홈</a> <a href="/list?page=1">전체기사</a></nav><ul class="list">\n{rows}</ul>{nav}</body></html>')

    def article(self, a: dict) -> str:
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
                         "datePublished": a["published"], "articleSection": a["section"],
                         "author": {"@type": "Person", "name": "김백필"}}, ensure_ascii=False)
        body = "".join(f"<p>{html.escape(p)}</p>\n" for p in a["paragraphs"])
        return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{html.escape(a["title"])} - 백필일보</title>'
                f'<meta property="og:title" content="{html.escape(a["title"])}">'
                f'<script type="application/ld+json">{ld}</script></head><body><header>백필일보</header>'
                f'<article><h1>{html.escape(a["title"])}</h1><div class="byline">김백필 기자</div>'
                f'<div class="article-body">{body}</div></article><footer>ⓒ 백필일보 무단전재 및 재배포 금지</footer></body></html>')
