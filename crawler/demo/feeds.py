"""Machine-readable discovery files of the demo site: robots.txt, RSS 2.0, sitemap index, urlset, News sitemap."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from crawler.demo.store import ARTICLE_PATH, Entry, SiteData

SITEMAPS = ("/sitemap-articles.xml", "/sitemap-news.xml")


def robots_txt(base: str) -> str:
    """robots.txt disallowing drafts and admin, pointing at the sitemap index of this server."""
    return ("User-agent: *\n"
            "Disallow: /news/draft/\n"
            "Disallow: /admin/\n"
            "\n"
            f"Sitemap: {base}/sitemap.xml\n")


def feed_entries(data: SiteData) -> list[Entry]:
    """The feed's items: the latest feed_size public entries, plus the seed article if it fell off."""
    items = [e for e in data.entries(drafts=False) if e.kind != "seed"][: data.config["feed_size"]]
    return items + [data.seed_entry]


def _link(data: SiteData, e: Entry) -> str:
    """Path an entry is linked under in the feed: one story carries syndication tracking params."""
    return data.tracking_path if e.path == ARTICLE_PATH.format(data.tracking_of) else e.path


def rss(data: SiteData, base: str) -> str:
    """RSS 2.0 of the latest articles (pubDate in RFC 822)."""
    entries = feed_entries(data)
    newest = max(e.published for e in entries)
    items = []
    for e in entries:
        url = escape(base + _link(data, e))
        items.append(
            "  <item>\n"
            f"   <title>{escape(e.title)}</title>\n"
            f"   <link>{url}</link>\n"
            f"   <description>{escape(e.summary)}</description>\n"
            f"   <category>{escape(data.sections[e.section])}</category>\n"
            f"   <author>{escape(e.author)}</author>\n"
            f'   <guid isPermaLink="true">{url}</guid>\n'
            f"   <pubDate>{format_datetime(e.published)}</pubDate>\n"
            "  </item>"
        )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n <channel>\n'
            f"  <title>{escape(data.name)} 전체기사</title>\n"
            f"  <link>{escape(base)}/</link>\n"
            f"  <description>{escape(data.config['tagline'])}</description>\n"
            "  <language>ko</language>\n"
            f"  <lastBuildDate>{format_datetime(newest)}</lastBuildDate>\n"
            + "\n".join(items) + "\n </channel>\n</rss>\n")


def sitemap_index(data: SiteData, base: str) -> str:
    """Sitemap index pointing at the articles urlset and the News sitemap."""
    lastmod = max(e.last_modified for e in data.entries(drafts=False)).isoformat()
    maps = "".join(f"  <sitemap><loc>{escape(base + p)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
                   for p in SITEMAPS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + maps + "</sitemapindex>\n")


def sitemap_articles(data: SiteData, base: str) -> str:
    """Plain urlset of every public article URL with lastmod."""
    urls = "".join(f"  <url><loc>{escape(base + e.path)}</loc><lastmod>{e.last_modified.isoformat()}</lastmod></url>\n"
                   for e in data.entries(drafts=False))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def news_entries(data: SiteData) -> list[Entry]:
    """Entries of the Google News sitemap: the latest news_sitemap_size public entries."""
    return data.entries(drafts=False)[: data.config["news_sitemap_size"]]


def _news_date(dt: datetime) -> str:
    """W3C datetime with offset, as Google News wants it."""
    return dt.isoformat()


def sitemap_news(data: SiteData, base: str) -> str:
    """Google News sitemap of the latest articles."""
    name = escape(data.name)
    urls = []
    for e in news_entries(data):
        urls.append(
            f"  <url>\n   <loc>{escape(base + e.path)}</loc>\n   <news:news>\n"
            f"    <news:publication><news:name>{name}</news:name><news:language>ko</news:language></news:publication>\n"
            f"    <news:publication_date>{_news_date(e.published)}</news:publication_date>\n"
            f"    <news:title>{escape(e.title)}</news:title>\n   </news:news>\n  </url>"
        )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "\n".join(urls) + "\n</urlset>\n")
