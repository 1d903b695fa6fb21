"""Structured metadata of a page: JSON-LD (incl. @graph and lists), OpenGraph/article:* and CMS `<meta>`, microdata."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.regex_cache import re_compile

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "blogposting",
    "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting", "report", "askpublicnewsarticle", "scholarlyarticle",
    "techarticle", "socialmediaposting", "satiricalarticle", "posting",
})
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage"})

# `<meta>` keys per field, in priority order (data: extend for new CMS conventions).
META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "title", "parsely-title", "sailthru.title"),
    "published": ("article:published_time", "og:article:published_time", "article:published", "published_time",
                  "pubdate", "publishdate", "publish-date", "publish_date", "og:pubdate", "og:regdate", "dd:published_time",
                  "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created", "dc.date", "date",
                  "datepublished", "article.published", "cxenseparse:recs:publishtime", "nv:news:date", "regdate",
                  "originalpubdate", "displaydate", "dable:published_time"),
    "modified": ("article:modified_time", "og:article:modified_time", "og:updated_time", "modified_time", "lastmod",
                 "last-modified", "dcterms.modified", "datemodified", "article.updated", "dd:modified_time"),
    "authors": ("article:author", "og:article:author", "author", "dable:author", "byl", "parsely-author",
                "sailthru.author", "dc.creator", "dcterms.creator", "citation_author", "cxenseparse:author"),
    "section": ("article:section", "og:article:section", "section", "parsely-section", "dable:section",
                "article.section", "cxenseparse:recs:articlesection", "category"),
    "tags": ("article:tag", "og:article:tag", "news_keywords", "parsely-tags", "sailthru.tags"),
    "publisher": ("og:site_name", "application-name", "publisher", "article:publisher", "dc.publisher", "twitter:site"),
    "image": ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"),
    "url": ("og:url", "twitter:url"),
    "description": ("og:description", "description", "twitter:description"),
    "language": ("og:locale", "content-language", "language", "dc.language"),
    "rights": ("copyright", "dc.rights", "dcterms.rightsholder", "rights"),
}
_MULTI = frozenset({"authors", "tags"})
_VENDOR_AUTHOR_SUFFIXES = (":author", ".author", "-author", "_author")
_META_TO_FIELD = {key: fld for fld, keys in META_KEYS.items() for key in keys}
_CDATA_RE = re_compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")


@dataclass
class PageMeta:
    """Metadata fields found on the page, each as a list of raw values in priority order per source."""

    jsonld: dict[str, Any] = field(default_factory=dict)  # the chosen article object (merged with its page object)
    meta: dict[str, list[str]] = field(default_factory=dict)  # field name -> values in META_KEYS priority order
    microdata: dict[str, list[str]] = field(default_factory=dict)  # itemprop -> values
    html_lang: str | None = None
    canonical: str | None = None
    title_tag: str = ""


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).rsplit("/", 1)[-1].lower() for x in items if x}


def _walk_jsonld(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    # Article objects hide in @graph, lists and mainEntity(OfPage); bounded depth keeps hostile input cheap.
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:50]:
            _walk_jsonld(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if key in data and isinstance(data[key], (list, dict)):
                _walk_jsonld(data[key], out, depth + 1)


def _load_json(text: str) -> Any:
    text = _CDATA_RE.sub("", text.strip())
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    # Real pages ship trailing commas, several objects back to back, or stray semicolons.
    cleaned = re.sub(r",\s*([}\]])", r"\1", text).rstrip(";").strip()
    try:
        return json.loads(cleaned, strict=False)
    except ValueError:
        pass
    decoder = json.JSONDecoder(strict=False)
    items, pos = [], 0
    while pos < len(cleaned):
        while pos < len(cleaned) and cleaned[pos] in " \t\r\n,;":
            pos += 1
        if pos >= len(cleaned):
            break
        try:
            obj, pos = decoder.raw_decode(cleaned, pos)
        except ValueError:
            break
        items.append(obj)
    return items or None


def parse_jsonld(doc: lxml_html.HtmlElement) -> dict[str, Any]:
    """The page's article object from JSON-LD (first article-typed object; page-level fields fill gaps)."""
    objects: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        if data is not None:
            _walk_jsonld(data, objects)
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    page = next((o for o in objects if _types(o) & PAGE_TYPES), None)
    if article is None and page is None:
        return {}
    merged: dict[str, Any] = dict(page or {})
    merged.update({k: v for k, v in (article or {}).items() if v not in (None, "", [])})
    if article is None:
        merged["@weak"] = True  # a WebPage object: usable for dates and publisher, not as proof of an article
    return merged


# compiled once; reached through the attribute axis, which libxml2 walks faster than a predicate on every element
_ITEMPROP_XP = etree.XPath("//@itemprop/..")


# the properties the extractor reads (`PageMeta.microdata`): an `articleBody`'s text is not decoded for nothing
USED_MICRODATA = frozenset({"author", "datePublished", "dateModified", "headline"})


def parse_microdata(doc: lxml_html.HtmlElement, only: frozenset[str] | None = None) -> dict[str, list[str]]:
    """itemprop values of the page (content/datetime/src/href attributes, else text); of the `only` ones if given."""
    out: dict[str, list[str]] = {}
    for el in _ITEMPROP_XP(doc):
        props = (el.get("itemprop") or "").split()
        if only is not None:
            props = [p for p in props if p in only]
            if not props:
                continue
        value = microdata_value(el)
        if value:
            if "author" in props and in_media_item(el):
                props = [p for p in props if p != "author"]  # a photo's credit (`ČTK/AP/Vahid Salemi`), not a byline
            for prop in props:
                out.setdefault(prop, []).append(value)
    return out


_MEDIA_TYPES = ("ImageObject", "VideoObject", "Photograph", "MediaObject", "AudioObject")


def in_media_item(el: lxml_html.HtmlElement) -> bool:
    """The nearest item around `el` (not `el` itself) is a picture, video or sound."""
    for anc in el.iterancestors():
        if anc.get("itemscope") is not None:
            return any(t in (anc.get("itemtype") or "") for t in _MEDIA_TYPES)
    return False


def microdata_value(el: lxml_html.HtmlElement) -> str | None:
    """The value of one `itemprop` element (content/datetime/src/href attribute, an item's name, else its text)."""
    value = el.get("content") or el.get("datetime") or el.get("src") or el.get("href")
    if value is None:
        if el.get("itemscope") is not None and "Organization" in (el.get("itemtype") or "") \
                and "author" in (el.get("itemprop") or "").split():
            return None  # `itemprop=author` typed as an Organization names the outlet, not a person
        if el.get("itemscope") is not None:
            names = el.xpath(".//*[@itemprop='name']")
            value = (names[0].get("content") or names[0].text_content()) if names else None
        elif el.tag != "meta":
            value = el.text_content() if len(el) < 50 else None
    return " ".join(value.split()) if value and value.strip() else None


# RDFa in the page's body (Drupal 7 writes the node's date and author so, and no `<meta>` for them):
# `<span property="dc:date dc:created" content="2016-03-10T16:42:00+01:00">`, `<span typeof="sioc:UserAccount"
# property="foaf:name">Bianca Brasser</span>`
# (the attribute axis: libxml2 tests only the attributes, 3x cheaper than a predicate on every element)
_RDFA_XP = etree.XPath("//@property")
# (Drupal 7's rnews/schema pair on the node's `<span property="rnews:dateCreated schema:dateCreated" content=…>`;
# RDFa Lite's unprefixed `property="datePublished"` under `vocab="http://schema.org/"`)
_RDFA_DATES = frozenset({"dc:date", "dc:created", "dcterms:created", "dcterms:issued", "schema:datepublished",
                         "schema:datecreated", "rnews:datecreated", "rnews:datepublished", "datepublished"})


_ENP_FIELD_RE = re_compile(r"<(date|title)>([^<]{1,300})</\1>")


def _enp_property(doc: lxml_html.HtmlElement, found: dict[str, list[tuple[int, str]]]) -> None:
    """The story's date and title a Founder (方正) CMS leaves in a comment (`<!--enpproperty <date>2012-01-17
    20:05:11.0</date>…<title>…</title>…/enpproperty-->`: 南方网, 中国日报网, 法制日报, 光明网), after every meta tag.
    Its `<author>` is not read: on some sites it is the editor who filed the story."""
    for comment in doc.iter(etree.Comment):
        text = comment.text or ""
        if text.startswith("enpproperty"):
            for name, value in _ENP_FIELD_RE.findall(text[:2000]):
                fld = "published" if name == "date" else "title"
                value = " ".join(value.split())
                if fld == "published":
                    value = value.removesuffix(".0")
                if value:
                    found.setdefault(fld, []).append((len(META_KEYS[fld]), value))
            return


def _rdfa_fallbacks(doc: lxml_html.HtmlElement, found: dict[str, list[tuple[int, str]]]) -> None:
    """The first RDFa publication date and the first RDFa user account's name, where the `<meta>` tags give no time
    or no name."""
    date = name = None
    for attr in _RDFA_XP(doc):
        el = attr.getparent()
        if el.tag == "meta" or (el.get("content") is None and el.get("typeof") is None):
            continue
        props = set(attr.lower().split())
        if date is None and props & _RDFA_DATES and (el.get("content") or "").strip()[:2] in ("19", "20"):
            date = " ".join(el.get("content").split())
        elif name is None and "foaf:name" in props and el.get("typeof") == "sioc:UserAccount":
            name = " ".join(el.text_content().split()) or None
        if date is not None and name is not None:
            break
    days = [v for _, v in found.get("published", ())]
    if date and (not days or (all("T" not in v for v in days) and date.startswith(days[0][:10]))):
        # (before a date-only tag of the same day: `<meta itemprop="datePublished" content="2016-03-10">`)
        found["published"] = [(-1, date), *found.get("published", [])]
    if name and all(v.startswith(("http://", "https://")) for _, v in found.get("authors", ())):
        # (before a profile address given as the author: `<meta … author content="https://www.facebook.com/…">`)
        found["authors"] = [(-1, name), *found.get("authors", [])]


def _uncut_title(value: str, title_tag: str) -> str:
    """A meta title cut short by a quote its CMS left unescaped (`content="… a Biden de "incapacitado""` reads as
    `… a Biden de`), completed from the `<title>` that goes on with the quoted words."""
    if not title_tag.startswith(value) or len(title_tag) == len(value):
        return value
    m = re.match(r'\s*(["\'])[^"\']{1,80}\1', title_tag[len(value):])
    return value + m.group(0) if m else value


def parse_meta(doc: lxml_html.HtmlElement) -> PageMeta:
    """Collect every metadata source of the page in one pass over `<head>`-style elements."""
    pm = PageMeta()
    found: dict[str, list[tuple[int, str]]] = {}
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        # `<meta name="author" value="小暮ひさのり">`: a CMS writing `value` for `content` (Gizmodo Japan)
        content = el.get("content") if "content" in el.attrib else el.get("value")
        if not key or content is None or not content.strip():
            continue
        fld = _META_TO_FIELD.get(key)
        if fld:
            found.setdefault(fld, []).append((META_KEYS[fld].index(key), " ".join(content.split())))
        elif key.endswith(_VENDOR_AUTHOR_SUFFIXES):
            # a vendor's own author tag (`vr:author`, `cXenseParse:author`-style): after every known key
            found.setdefault("authors", []).append((len(META_KEYS["authors"]), " ".join(content.split())))
    if not any("T" in v for _, v in found.get("published", ())) \
            or all(v.startswith(("http://", "https://")) for _, v in found.get("authors", ())):
        _rdfa_fallbacks(doc, found)
    if "published" not in found or "title" not in found:
        _enp_property(doc, found)
    for fld, pairs in found.items():
        pairs.sort(key=lambda p: p[0])  # stable: keeps page order among equal keys (several article:tag)
        if fld not in _MULTI:
            pm.meta[fld] = [v for _, v in pairs]
        else:
            best = pairs[0][0]
            pm.meta[fld] = [v for k, v in pairs if k == best] + [v for k, v in pairs if k != best]
    for el in doc.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            pm.canonical = el.get("href").strip()
            break
    root = doc.getroottree().getroot()
    pm.html_lang = (root.get("lang") or root.get("xml:lang") or None) if root is not None else None
    title = doc.find(".//title")
    pm.title_tag = " ".join((title.text_content() if title is not None else "").split())
    if pm.title_tag and pm.meta.get("title"):
        pm.meta["title"] = [_uncut_title(v, pm.title_tag) for v in pm.meta["title"]]
    pm.jsonld = parse_jsonld(doc)
    pm.microdata = parse_microdata(doc, USED_MICRODATA)
    return pm


def jsonld_text(value: Any) -> str | None:
    """A plain string from a JSON-LD value that may be a string, a list or an object with name/@value/url."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        for item in value:
            text = jsonld_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        for key in ("name", "@value", "url", "contentUrl", "headline", "@id"):
            text = jsonld_text(value.get(key))
            if text:
                return text
    return None


def jsonld_list(value: Any) -> list[str]:
    """Strings from a JSON-LD value that may be a list, a comma-separated string or objects with names."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,;]", value) if v.strip()]
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(jsonld_list(item) if isinstance(item, (str, list)) else [t for t in [jsonld_text(item)] if t])
        return out
    text = jsonld_text(value)
    return [text] if text else []


def jsonld_people(value: Any) -> list[tuple[str, bool]]:
    """(name, is_organization) for each JSON-LD author/creator entry."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            name = jsonld_text(item.get("name"))
            if name:
                out.append((name, "organization" in _types(item) or "newsmediaorganization" in _types(item)))
        elif isinstance(item, str) and item.strip():
            out.append((item.strip(), False))
    return out
