"""Second opinion: trafilatura's body for the same page, merged into ours paragraph by paragraph with evidence.

Our extractor is precise but, when it fails, loses whole paragraphs (a step list cut into tiny blocks, a quoted post,
a lead paragraph filtered for its links); trafilatura has the opposite profile. A paragraph trafilatura keeps and we do
not is added only when the page itself says it belongs to our article: it sits inside our container (or, between two
paragraphs both extractors agree on, inside the block around it), it is not mostly link text there, and our own
boilerplate rules do not reject it. Our paragraphs are never dropped on trafilatura's word alone.
"""

from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from crawler.extract import patterns as P
from crawler.extract.clean import norm_key, norm_space
from crawler.extract.regex_cache import re_compile

_MIN_ADD_CHARS = 2  # `Step 2`-style subheadings are real text; empty lines are not
_MAX_LINK_SHARE = 0.5  # an added paragraph that is mostly link text is navigation (`Read: …`, teaser lists)
_COVER_SHARE = 0.7  # one of our paragraphs holding this share of theirs means we already have it
_MAX_ELEMENTS = 5_000  # elements in our container, at most, for a second opinion (see `affordable`)
_MAX_PAIRS = 250_000  # paragraphs ours × theirs compared at most (500 × 500; news stories have tens)
_EDGE_MIN_CHARS = 60  # before or after the agreed text: only real sentences, and never a lone one
_SHORT_CHARS = 40  # between agreed paragraphs a shorter line must end like a sentence (labels do not)
_MAX_CELL_CHARS = 200  # a table row with a longer cell flattens a nested table: a widget
_DOUBT_SHARE = 0.4  # we kept less than this share of our container's text: ask for a second opinion
_JUNK_OK_CHARS = 80  # a junk-named wrapper may hold story text (a folded `read-more` part) only long text
# Where article text never sits: forms, captions, navigation, asides and footers, embedded media, link text.
_NEVER_TAGS = frozenset({"a", "form", "label", "button", "select", "option", "textarea", "figure", "figcaption", "nav",
                         "aside", "footer", "menu", "dialog", "noscript", "script", "style", "template", "iframe", "object",
                         "video", "audio", "caption"})
_CAPTION_RE = re_compile(r"caption|credit|copyright|byline|author|share|social|newsletter|subscribe|promo", re.I)
# an embedded post is another account's text shown through a widget, never the article's (the labels' rule 2)
_EMBED_RE = re_compile(r"twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|embed-(?:instagram|twitter|"
                       r"facebook|tiktok)|social-embed", re.I)


@dataclass
class Region:
    """Our container and the block around it, with the text of every text node keyed to the element holding it."""

    container: HtmlElement
    root: HtmlElement  # the container's parent block (interior additions may come from here)
    keys: str  # norm_key of all text nodes of `root`, concatenated in page order
    owners: list[tuple[int, HtmlElement, bool]]  # (start offset in keys, element holding the text node, inside a link)


def region_of(container: HtmlElement) -> Region:
    """Index the text around our container (taken before trafilatura sees the page)."""
    root = container.getparent()
    if root is None or root.tag in ("body", "html"):
        root = container
    parts: list[str] = []
    owners: list[tuple[int, HtmlElement, bool]] = []
    pos = 0
    links: set[HtmlElement] = set(root.iter("a"))
    in_link: set[HtmlElement] = {el for a in links for el in a.iter()}

    def add(text: str | None, owner: HtmlElement, linked: bool) -> None:
        nonlocal pos
        if text:
            key = norm_key(text)
            if key:
                owners.append((pos, owner, linked))
                parts.append(key)
                pos += len(key)

    for el in root.iter():
        if not isinstance(el.tag, str):
            parent = el.getparent()
            if parent is not None:
                add(el.tail, parent, parent in in_link)
            continue
        add(el.text, el, el in in_link)
        if el is not root:
            parent = el.getparent()
            if parent is not None:
                add(el.tail, parent, parent in in_link)
    return Region(container, root, "".join(parts), owners)


def _span_owners(region: Region, start: int, end: int) -> list[tuple[int, HtmlElement, bool]]:
    """The text nodes covering `keys[start:end]`."""
    lo = bisect.bisect_right(region.owners, start, key=lambda o: o[0]) - 1
    out = []
    for k in range(max(lo, 0), len(region.owners)):
        if region.owners[k][0] >= end:
            break
        out.append(region.owners[k])
    return out


def _sentence(text: str) -> bool:
    """Ends like a sentence (closing quotes and brackets aside)."""
    return text.rstrip("\"'”’)»」』]").endswith((".", "!", "?", "。", "！", "？", "…", ":"))


def _shaped(text: str, interior: bool) -> bool:
    """Paragraph shape: at an edge only sentences; inside, a short line only as a sentence or a table row
    (short unpunctuated lines between paragraphs are labels: `Show all 50`, `UK news in pictures`, `Trailer: …`)."""
    if text.startswith("|"):
        return all(len(cell) <= _MAX_CELL_CHARS for cell in text.split("|"))  # a whole nested table in one cell is a widget
    if not interior:
        return len(text) >= _EDGE_MIN_CHARS and _sentence(text)
    return len(text) >= _SHORT_CHARS or _sentence(text)


def _belongs(region: Region, key: str, text: str, interior: bool) -> bool:
    """The page's evidence that a paragraph only trafilatura kept is article text (see the module docstring)."""
    start = region.keys.find(key)
    if start < 0:
        return False
    end = start + len(key)
    owners = _span_owners(region, start, end)
    if not owners:
        return False
    linked = 0
    for k, (off, _, is_link) in enumerate(owners):
        nxt = owners[k + 1][0] if k + 1 < len(owners) else len(region.keys)
        if is_link:
            linked += min(nxt, end) - max(off, start)
    if linked > _MAX_LINK_SHARE * len(key):
        return False
    holder = owners[0][1]
    inside = region.container is holder or region.container in set(holder.iterancestors())
    if not inside and not interior:
        return False  # an edge paragraph (before or after everything both agree on) only from inside our container
    if text.startswith("|") and not inside:
        return False  # a data table next to the story (market rates, live counts) is a widget
    stop = region.root.getparent()
    for anc in (holder, *holder.iterancestors()):
        if anc is stop:
            break
        if anc.tag in _NEVER_TAGS or (anc.tag == "header" and not inside):
            return False
        attrs = f"{anc.get('class') or ''} {anc.get('id') or ''}"
        if not attrs.strip():
            continue
        if _CAPTION_RE.search(attrs) and not P.CONTENT_RE.search(attrs) or _EMBED_RE.search(attrs):
            return False
        if P.JUNK_RE.search(attrs) and not P.CONTENT_RE.search(attrs) and (not interior or len(text) < _JUNK_OK_CHARS):
            return False
    return True


_COUNT_ELEMENTS = etree.XPath("count(.//*)")


def affordable(container: HtmlElement) -> bool:
    """Whether trafilatura can read the container in bounded time: at most `_MAX_ELEMENTS` elements (on a 1 MB
    repository record of 8,500 elements it took 6 s; the largest labelled story's container has 1,800)."""
    return _COUNT_ELEMENTS(container) <= _MAX_ELEMENTS


def second_opinion_due(container_chars: int, paragraphs: list[str]) -> bool:
    """Whether our reading is doubtful enough to pay for a second opinion: we kept under `_DOUBT_SHARE` of the
    `container_chars` characters of text inside our own container (a step list cut into tiny blocks, quoted posts, a folded second half). Measured on the
    real-page corpus it fires on ~8% of pages; always asking costs ~12 ms per page for almost no further gain."""
    kept = sum(map(len, paragraphs))
    return kept < _DOUBT_SHARE * container_chars


def trafilatura_paragraphs(root: HtmlElement, *, tables: bool = True) -> list[str]:
    """trafilatura's body lines for the block `root` alone (a copy, as its own page: ~4× cheaper than the whole page,
    and only this block can contribute anyway). ImportError is never swallowed (issue 11, item 8)."""
    import trafilatura

    page = lxml_html.Element("html")
    body = lxml_html.Element("body")
    page.append(body)
    body.append(copy.deepcopy(root))
    try:
        text = trafilatura.extract(page, include_comments=False, include_tables=tables, deduplicate=False,
                                   fast=True)
    except Exception:  # noqa: BLE001  a crash inside the second opinion must not fail a page we could read
        return []
    return [line for line in map(norm_space, (text or "").split("\n")) if line]


def _covered(key: str, ours_joined: str, ours_keys: list[str]) -> int | None:
    """Index of our paragraph that already holds this text (-1: held across several), None when we lack it."""
    for i, ok in enumerate(ours_keys):
        if key in ok or (len(ok) >= _COVER_SHARE * len(key) and ok in key):
            return i
    return -1 if key in ours_joined else None


def merge(ours: list[str], theirs: list[str], region: Region) -> list[tuple[int, str]]:
    """Paragraphs of `theirs` to add to `ours`, each as (insert before index into ours, text), in page order.

    A missing paragraph between two agreed ones may come from the block around our container; one before the first
    or after the last agreed paragraph only from inside the container itself (the edges are where comments, related
    links and footers start)."""
    if len(ours) * len(theirs) > _MAX_PAIRS:
        return []  # thousands of lines on both sides (a 1 MB repository record): no story, and quadratic to compare
    ours_keys = [norm_key(p) for p in ours]
    joined = "".join(ours_keys)
    slots: list[int | None] = []
    for text in theirs:
        key = norm_key(text)
        slots.append(_covered(key, joined, ours_keys) if key else -1)
    agreed = [i for i, s in enumerate(slots) if s is not None]
    if not agreed:
        return []  # no common ground: the two extractors read different blocks, nothing to merge
    first, last = agreed[0], agreed[-1]
    adds: list[tuple[int, str]] = []
    edge_runs: dict[int, list[tuple[str, bool]]] = {}
    twice = {t for t in theirs if theirs.count(t) > 1} if len(theirs) < 2000 else set()
    anchor = 0  # insert position in ours: after the last agreed paragraph seen
    for i, (text, slot) in enumerate(zip(theirs, slots)):
        if slot is not None:
            if slot >= 0:
                anchor = max(anchor, slot + 1)
            continue
        key = norm_key(text)
        if len(key) < _MIN_ADD_CHARS:
            continue
        interior = first < i < last
        if text in twice:
            continue  # the same line twice (a caption under a photo and again in its lightbox) is not body text
        if _shaped(text, interior) and _belongs(region, key, text, interior):
            adds.append((anchor, text))
            if text not in (t for t, _ in edge_runs.get(anchor, ())):
                edge_runs.setdefault(anchor, []).append((text, interior))
    # A lone sentence at an edge is a caption, a form message or a teaser; a lead or closing passage has several.
    lone = {anchor for anchor, run in edge_runs.items() if sum(1 for _, inner in run if not inner) == 1}
    return [(anchor, text) for anchor, text in adds if anchor not in lone
            or any(inner and t == text for t, inner in edge_runs[anchor])]


def apply(ours: list[str], adds: list[tuple[int, str]]) -> list[str]:
    """`ours` with the added paragraphs inserted at their positions (stable for several at one position)."""
    out: list[str] = []
    k = 0
    for pos, para in enumerate(ours):
        while k < len(adds) and adds[k][0] <= pos:
            out.append(adds[k][1])
            k += 1
        out.append(para)
    out.extend(text for _, text in adds[k:])
    return out
