"""Finding article URLs: parsers for RSS/Atom feeds, XML sitemaps (incl. indexes and Google News
sitemaps) and robots.txt `Sitemap:` lines. Pure functions over bytes, so they are testable without a crawl.

Scrapy's own `SitemapSpider` flattens `<news:news>` to an empty string, losing the Google News title and
publication date, so sitemaps are read here with lxml directly.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field

from lxml import etree

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol caps files at 50 MB uncompressed
MAX_SITEMAP_ENTRIES = 50_000  # … and at 50,000 URLs; entries past this are not read


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
    skipped: int = 0  # entries past MAX_SITEMAP_ENTRIES, not read


def gunzip_capped(body: bytes, limit: int, what: str) -> bytes:
    """Inflate gzip bytes, refusing (DiscoveryError) output larger than `limit` before it is all in memory.

    `gzip.decompress` inflates everything first: a 2 MB `.xml.gz` bomb then takes gigabytes. A streaming
    decompressor asked for at most `limit + 1` bytes stops there, whatever the input claims. Concatenated
    gzip members (legal, and how bombs are often built) count towards the same limit.
    """
    out = bytearray()
    data = body
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(data, limit + 1 - len(out))
        except zlib.error as exc:
            raise DiscoveryError(f"{what} is gzip but does not decompress: {exc}") from None
        if len(out) > limit or inflater.unconsumed_tail:
            raise DiscoveryError(f"{what} inflates to more than {limit // 2**20} MB (gzip bomb?)")
        if not inflater.eof:
            raise DiscoveryError(f"{what} is gzip but truncated")
        data = inflater.unused_data.lstrip(b"\x00")  # members may be padded with zeros
    return bytes(out)


def _xml_body(body: bytes, what: str) -> bytes:
    """The XML bytes of a feed or sitemap: gunzipped (capped), size-checked, not empty."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body, MAX_XML_BYTES, what)
    if len(body) > MAX_XML_BYTES:
        raise DiscoveryError(f"{what} is larger than {MAX_XML_BYTES // 2**20} MB")
    if not body.strip():
        raise DiscoveryError(f"{what} is empty")
    return body.lstrip()


# no entity resolution and no network: feeds are untrusted input
_SAFE_XML = dict(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def _xml_root(body: bytes, what: str) -> etree._Element:
    body = _xml_body(body, what)
    parser = etree.XMLParser(**_SAFE_XML)
    try:
        root = etree.fromstring(body, parser=parser)
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
    """A sitemap index's child sitemaps, or a urlset's links with lastmod and Google News fields.

    Read as a stream (each `<url>` is dropped from the tree once read), so a legal 50 MB sitemap costs
    about its own size in memory, not the several hundred MB its whole tree would; at most
    `MAX_SITEMAP_ENTRIES` entries are read.
    """
    body = _xml_body(body, "sitemap")
    kind: str | None = None
    sitemaps: list[str] = []
    links: list[Link] = []
    lastmods: dict[str, str] = {}
    skipped = 0
    events = etree.iterparse(io.BytesIO(body), events=("start", "end"), **_SAFE_XML)
    try:
        for event, el in events:
            if kind is None:
                kind = _local(el.tag)
                if kind not in ("sitemapindex", "urlset"):
                    raise DiscoveryError(f"sitemap root element <{kind}> is not urlset or sitemapindex")
                continue
            parent = el.getparent()
            if event != "end" or parent is None or parent.getparent() is not None:
                continue  # only whole entries directly under the root
            if len(sitemaps) + len(links) >= MAX_SITEMAP_ENTRIES:
                skipped += 1
            elif kind == "sitemapindex" and _local(el.tag) == "sitemap":
                loc = _child_text(el, "loc")
                if loc:
                    sitemaps.append(loc)
                    lastmod = _child_text(el, "lastmod")
                    if lastmod:
                        lastmods[loc] = lastmod
            elif kind == "urlset" and _local(el.tag) == "url":
                link = _url_entry(el)
                if link:
                    links.append(link)
            el.clear()
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        if kind is None:
            raise DiscoveryError(f"sitemap is not XML: {exc}") from None
        # a truncated sitemap: keep the entries read so far (recover=True already skips most damage)
    if kind is None:
        raise DiscoveryError("sitemap is not XML")
    return Sitemap(kind == "sitemapindex", sitemaps, links, lastmods, skipped)


def _url_entry(url_el: etree._Element) -> Link | None:
    """One `<url>` of a urlset: loc, lastmod and the Google News title and publication date."""
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
    return Link(url=loc, title=title, published=published, lastmod=lastmod) if loc else None


ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def robots_sitemaps(text: str) -> list[str]:
    """The `Sitemap:` URLs a robots.txt announces."""
    return ROBOTS_SITEMAP.findall(text)
