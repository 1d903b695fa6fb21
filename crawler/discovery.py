"""Finding article URLs: parsers for RSS/Atom feeds, XML sitemaps (incl. indexes and Google News
sitemaps) and robots.txt `Sitemap:` lines. Pure functions over bytes, so they are testable without a crawl.

Scrapy's own `SitemapSpider` flattens `<news:news>` to an empty string, losing the Google News title and
publication date, so sitemaps are read here with lxml directly.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field

from lxml import etree

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol caps files at 50 MB uncompressed


class DiscoveryError(ValueError):
    """A feed or sitemap could not be read at all (the message says why, in one line)."""


@dataclass(frozen=True)
class Link:
    """An article URL found in a feed or sitemap, with what the source said about it."""

    url: str
    title: str | None = None
    published: str | None = None
    lastmod: str | None = None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: either an index of child sitemaps or a list of page links."""

    is_index: bool
    sitemaps: list[str]
    links: list[Link]
    lastmods: dict[str, str] = field(default_factory=dict)  # child sitemap URL -> its <lastmod> (indexes)


def _xml_root(body: bytes, what: str) -> etree._Element:
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise DiscoveryError(f"{what} is gzip but does not decompress: {exc}") from None
    if len(body) > MAX_XML_BYTES:
        raise DiscoveryError(f"{what} is larger than {MAX_XML_BYTES // 2**20} MB")
    if not body.strip():
        raise DiscoveryError(f"{what} is empty")
    # no entity resolution and no network: feeds are untrusted input
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"{what} is not XML: {exc}") from None
    if root is None:
        raise DiscoveryError(f"{what} is not XML")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el.iter():
        if _local(child.tag) in names and child is not el:
            text = (child.text or "").strip()
            if text:
                return _plain(text)
    return None


def _plain(text: str) -> str:
    """Feed titles are often HTML fragments in CDATA (`<b>[속보]</b> …`, `&amp;quot;`): plain text of them.

    BeautifulSoup's html.parser is right for these few-byte fragments (no document to build, lenient with
    broken markup); whole pages go through lxml instead.
    """
    if "<" not in text and "&" not in text:
        return text
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(text, "html.parser").get_text(" ").split())


def parse_feed(body: bytes) -> list[Link]:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    root = _xml_root(body, "feed")
    links: list[Link] = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        url = None
        for child in item:
            if _local(child.tag) == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    url = href.strip()
                    break
                if not href and (child.text or "").strip():
                    url = child.text.strip()
                    break
        if not url:
            guid = _child_text(item, "guid", "id")
            if guid and guid.startswith(("http://", "https://")):
                url = guid
        if url:
            links.append(
                Link(
                    url=url,
                    title=_child_text(item, "title"),
                    published=_child_text(item, "pubdate", "published", "date", "issued"),
                    lastmod=_child_text(item, "updated", "modified"),
                )
            )
    if not links and _local(root.tag) not in ("rss", "feed", "rdf"):
        raise DiscoveryError(f"feed root element <{_local(root.tag)}> is not rss, feed or rdf")
    return links


def parse_sitemap(body: bytes) -> Sitemap:
    """A sitemap index's child sitemaps, or a urlset's links with lastmod and Google News fields."""
    root = _xml_root(body, "sitemap")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        entries = [(_child_text(sm, "loc"), _child_text(sm, "lastmod")) for sm in root if _local(sm.tag) == "sitemap"]
        lastmods = {loc: mod for loc, mod in entries if loc and mod}
        return Sitemap(True, [loc for loc, _ in entries if loc], [], lastmods)
    if kind != "urlset":
        raise DiscoveryError(f"sitemap root element <{kind}> is not urlset or sitemapindex")
    links = []
    for url_el in root:
        if _local(url_el.tag) != "url":
            continue
        loc = lastmod = title = published = None
        for child in url_el:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip() or None
            elif name == "news":
                title = _child_text(child, "title")
                published = _child_text(child, "publication_date")
        if loc:
            links.append(Link(url=loc, title=title, published=published, lastmod=lastmod))
    return Sitemap(False, [], links)


ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def robots_sitemaps(text: str) -> list[str]:
    """The `Sitemap:` URLs a robots.txt announces."""
    return ROBOTS_SITEMAP.findall(text)
