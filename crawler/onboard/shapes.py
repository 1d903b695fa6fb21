"""URL shapes: which of a site's links are articles, as a regex plus the query parameters that identify one.

Each link is reduced to a shape — path segments and query values classified as number, year, month/day,
long id, slug or literal word — and links are clustered by shape. Article clusters are the ones whose
links carry an id (a long number, a long mixed-case id) or a dated slug, with many distinct values; the
regex is built from the cluster (a literal that varies, such as the section name, becomes a wildcard).
Pure functions over URL strings, so they are testable without a site.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

NUM, YEAR, MD, ID, SLUG, WORD = "NUM", "YEAR", "MD", "ID", "SLUG", "WORD"
# parameters that page or sort a listing; never an article's identity
PAGING_PARAMS = {"page", "p", "pg", "pageno", "page_no", "offset", "start", "sort", "order", "view_type", "cpage"}
NON_PAGES = re.compile(r"\.(jpe?g|png|gif|webp|svg|css|js|pdf|zip|mp4|mp3|xml|rss|ico|woff2?)$", re.IGNORECASE)


def classify(token: str) -> str:
    """The class of one path segment or query value."""
    stem = re.sub(r"\.(s?html?|php|asp|aspx|jsp|do)$", "", token, flags=re.IGNORECASE)
    if re.fullmatch(r"(19|20)\d\d", stem):
        return YEAR
    if re.fullmatch(r"\d{1,2}", stem):
        return MD if len(stem) == 2 else NUM
    if re.fullmatch(r"\d+", stem):
        return NUM
    if len(stem) >= 8 and re.search(r"\d", stem) and re.fullmatch(r"[A-Za-z0-9_]+", stem):
        return ID  # AKR20261201000100001, NISX20261201_0001, Arc's upper-case ids
    if len(stem) >= 12 and re.fullmatch(r"[A-Z0-9]+", stem):
        return ID
    if "-" in stem and len(stem) >= 10:
        return SLUG
    return WORD


@dataclass(frozen=True)
class Shape:
    """A link's shape: classified path segments (literals kept), extension, and query keys with classes."""

    segments: tuple[tuple[str, str], ...]  # (class, literal)
    trailing_slash: bool
    query: tuple[tuple[str, str], ...]  # (key, class), sorted by key

    @property
    def prefix(self) -> int:
        """Length of a run of section words before a date (`/economy/stock/2026/03/…`): its depth varies."""
        n = 0
        while n < len(self.segments) and self.segments[n][0] in (WORD, SLUG) and not _ext(self.segments[n][1]):
            n += 1
        return n if 0 < n < len(self.segments) and self.segments[n][0] == YEAR else 0

    @property
    def key(self) -> tuple:
        """The clustering key: classes only (literal words are compared later; dated section runs collapse)."""
        segs = tuple(c if c != WORD else f"W{_ext(lit)}" for c, lit in self.segments[self.prefix:])
        return (("W+",) if self.prefix else ()) + segs, self.trailing_slash, self.query


def _ext(literal: str) -> str:
    m = re.search(r"\.(s?html?|php|asp|aspx|jsp|do)$", literal, re.IGNORECASE)
    return m.group(0).lower() if m else ""


def shape_of(url: str) -> Shape:
    """The shape of one URL."""
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s]
    query = tuple(sorted((k, classify(v)) for k, v in parse_qsl(parts.query) if k.lower() not in PAGING_PARAMS))
    return Shape(tuple((classify(s), s) for s in segs), parts.path.endswith("/") and bool(segs), query)


@dataclass
class Cluster:
    """Links of one shape, and what makes them look like articles."""

    key: tuple
    urls: list[str] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)

    def distinct_ids(self) -> int:
        """How many distinct id-like values (numbers, ids, slugs) the links carry."""
        values = set()
        for url, s in zip(self.urls, self.shapes):
            ident = tuple(lit for c, lit in s.segments if c in (NUM, ID, SLUG))
            ident += tuple(v for (_, c), v in _query_values(url, s) if c in (NUM, ID))
            values.add(ident)
        return len(values)

    @property
    def article_like(self) -> bool:
        """True when the shape carries an identifier: a long number, a long id, or a date plus slug/number."""
        first = self.shapes[0]
        segs = [c for c, _ in first.segments]
        long_num = any(c == NUM and len(lit.split(".")[0]) >= 3 for c, lit in first.segments)
        for (_, cls), value in _query_values(self.urls[0], first):
            long_num = long_num or (cls == NUM and len(value) >= 3) or cls == ID
        dated = YEAR in segs and MD in segs and (SLUG in segs or ID in segs or NUM in segs)
        return long_num or ID in segs or dated

    def pattern(self) -> str:
        """A regex matching this cluster's links (varying literals generalised)."""
        first = self.shapes[0]
        parts = []
        if first.prefix:
            runs = {tuple(lit for _, lit in s.segments[:s.prefix]) for s in self.shapes}
            if len(runs) == 1:
                parts += [re.escape(lit) for lit in next(iter(runs))]
            elif len({len(r) for r in runs}) == 1:
                parts += [r"[^/?#]+"] * first.prefix
            else:
                parts.append(r"[^/?#]+(?:/[^/?#]+)*")  # sections nest to different depths
        for i, (cls, lit) in enumerate(first.segments[first.prefix:]):
            literals = {s.segments[s.prefix + i][1] for s in self.shapes}
            ext = re.escape(_ext(lit))
            if cls == WORD:
                parts.append(re.escape(lit) if len(literals) == 1 else r"[^/?#]+" + ext)
            elif cls == YEAR:
                parts.append(r"\d{4}")
            elif cls == MD:
                parts.append(r"\d{2}")
            elif cls == NUM:
                parts.append(r"\d+" + ext)
            elif cls == ID:
                parts.append(r"[A-Za-z0-9_]+" + ext)
            else:
                parts.append(r"[^/?#]+" + ext)
        path = "/" + "/".join(parts)
        ids = id_params([self])
        if ids:
            values = {k: c for k, c in first.query}
            q = "".join(rf"(?=\?(?:[^#]*&)?{re.escape(k)}={_value_regex(values.get(k, NUM))}(?:[&#]|$))" for k in ids)
            return rf"^https?://[^/]+{path}{q}"
        tail = "/?" if first.trailing_slash else ""
        return rf"^https?://[^/]+{path}{tail}(?:[?#]|$)"


def _value_regex(cls: str) -> str:
    return r"\d+" if cls == NUM else r"[A-Za-z0-9_]+"


def _query_values(url: str, shape: Shape) -> list[tuple[tuple[str, str], str]]:
    values = dict(parse_qsl(urlsplit(url).query))
    return [((k, c), values.get(k, "")) for k, c in shape.query]


def id_params(clusters: list[Cluster]) -> list[str]:
    """Query parameters whose values identify an article: numeric/id values, distinct on most links."""
    found: list[str] = []
    for cl in clusters:
        per_key: dict[str, set[str]] = defaultdict(set)
        for url in cl.urls:
            for k, v in parse_qsl(urlsplit(url).query):
                if k.lower() not in PAGING_PARAMS and classify(v) in (NUM, ID):
                    per_key[k].add(v)
        distinct = cl.distinct_ids()
        for k, values in per_key.items():
            if len(values) >= max(2, 0.5 * distinct) and k not in found:
                found.append(k)
    return found


@dataclass
class ShapeResult:
    """What the URL shapes say: the article regex, id parameters, and how many links it covers."""

    pattern: str | None
    id_params: list[str]
    articles: list[str]  # links the pattern matches, in first-seen order
    others: list[str]  # same-site links it does not match
    clusters: list[Cluster]


def cluster(urls: list[str]) -> list[Cluster]:
    """Group page URLs (images, feeds and other files left out) by shape, biggest first."""
    by_key: dict[tuple, Cluster] = {}
    seen: set[str] = set()
    for url in urls:
        path = urlsplit(url).path
        if url in seen or NON_PAGES.search(path) or not path.strip("/"):
            continue
        seen.add(url)
        s = shape_of(url)
        cl = by_key.setdefault(s.key, Cluster(s.key))
        cl.urls.append(url)
        cl.shapes.append(s)
    return sorted(by_key.values(), key=lambda c: -len(c.urls))


def infer(urls: list[str], *, min_share: float = 0.2) -> ShapeResult:
    """Infer the article URL regex from a site's links (same-site links only; order = weight on ties)."""
    clusters = cluster(urls)
    articles = [c for c in clusters if c.article_like and c.distinct_ids() >= 2]
    articles.sort(key=lambda c: -c.distinct_ids())
    if not articles:
        return ShapeResult(None, [], [], list(dict.fromkeys(urls)), clusters)
    best = articles[0].distinct_ids()
    chosen = [c for c in articles if c.distinct_ids() >= max(2, min_share * best)]
    patterns = list(dict.fromkeys(c.pattern() for c in chosen))
    pattern = patterns[0] if len(patterns) == 1 else "(" + "|".join(f"(?:{p})" for p in patterns) + ")"
    rx = re.compile(pattern)
    unique = list(dict.fromkeys(urls))
    return ShapeResult(
        pattern, id_params(chosen), [u for u in unique if rx.search(u)], [u for u in unique if not rx.search(u)], chosen
    )


# ---------------------------------------------------------------- CMS recognition

CMS_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("ndsoft", re.compile(r"articleView\.html\?idxno=|/rss/allArticle\.xml|ndsoft", re.IGNORECASE)),
    ("wordpress", re.compile(r"/wp-content/|/wp-includes/|/wp-json/|name=\"generator\" content=\"WordPress", re.IGNORECASE)),
    ("arc", re.compile(r"/pf/resources/|id=\"fusion-app\"|Fusion\.(globalContent|arcSite)|/arc/outboundfeeds/", re.IGNORECASE)),
]


def recognise_cms(html: str, urls: list[str]) -> str | None:
    """The CMS a homepage and its links give away (ndsoft, wordpress, arc), or a Korean portal-style site."""
    text = html[:400_000] + "\n" + "\n".join(urls[:500])
    for name, rx in CMS_MARKERS:
        if rx.search(text):
            return name
    if any(re.search(r"/(news|article)/[a-z_]*(read|view)\w*\.(php|asp|aspx|jsp|do)\?", u, re.IGNORECASE) for u in urls):
        return "portal"  # /news/read.php?no=…, /article/view.asp?arcid=… (Korean portal-style CMS)
    return None


# common feed and sitemap locations per CMS (tried when the site announces none that work)
COMMON_FEEDS = {
    "ndsoft": ["/rss/allArticle.xml"],
    "wordpress": ["/feed/"],
    "arc": ["/arc/outboundfeeds/rss/?outputType=xml"],
    None: ["/rss/allArticle.xml", "/feed/", "/rss", "/rss.xml", "/feed", "/atom.xml", "/arc/outboundfeeds/rss/?outputType=xml"],
}
COMMON_SITEMAPS = {
    "ndsoft": ["/sitemap.xml"],
    "wordpress": ["/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml"],
    "arc": ["/arc/outboundfeeds/sitemap-index/?outputType=xml", "/arc/outboundfeeds/news-sitemap/?outputType=xml"],
    None: ["/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml", "/wp-sitemap.xml"],
}

