"""`extract_article`: HTML (+ URL, + site rules) → `Article`. Pure: no I/O, parses each page once with lxml."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone, tzinfo
from html import unescape as unescape_entities
from itertools import chain, islice
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import patterns as P
from crawler.extract.body import (_PROSE_CHARS as _PROSE_RUN, _SHOWN_TEXT, _attrs, _score_container, build_paragraphs,
                                  css, cut_discussion, find_container, find_images, in_comment_thread, leading_deck,
                                  plain_text_div, prose_paragraph, site_of, text_of)
from crawler.extract.chunks import assemble_chunks
from crawler.extract import ensemble
from crawler.extract.ensemble import second_opinion_due
from crawler.extract.scripts import script_paragraphs, text_paragraphs
from crawler.extract.selectors import SelectorIndex, current_index
from crawler.extract.standfirst import find_standfirst
from crawler.extract.clean import clean_authors, clean_paragraphs, norm_key, norm_space, split_names
from crawler.extract.date_fallback import htmldate_day
from crawler.extract.date_words import DATE_CLASS_RE, metadata_date, shown_date, shown_date_near
from crawler.extract.dates import (AMERICAS_OFFSETS, first_timestamp, stamp_day, labelled_dates, local_evening, looks_like_date,
                                    may_hold_modified, parse_date, shown_days, to_iso, url_day)
from crawler.extract.decode import hangul_ratio
from crawler.extract.clean import han_names
from crawler.extract.memo import forget_texts, memoised_texts, remember, text_head
from crawler.extract.parser import parse_page
from crawler.extract import regex_cache
from crawler.extract.regex_cache import re_compile
from crawler.extract.metadata import (PageMeta, in_media_item, jsonld_list, jsonld_people, jsonld_text, microdata_value,
                                      parse_meta)
from crawler.extract.types import Article, ExtractionError, ExtractionRules
from crawler.extract.rule_tables import first_match
from crawler.extract.zones import page_zone

_DEFAULT_RULES = ExtractionRules()
_FALLBACK_MIN_CHARS = 200  # below this our own body is doubtful and trafilatura gets a say
_CAPTION_BODY_MIN_CHARS = 150  # caption text, at least, that stands for the body of a page with no other text
_HEADLINE_LEVELS = 4  # how far above the headline its own story is looked for


def parse_html(html: bytes | str, encoding: str | None = None) -> HtmlElement:
    """Decode (when bytes) and parse a page with lxml; ExtractionError when it is not usable HTML."""
    return parse_page(html, encoding)


def _first_css_text(doc: HtmlElement, selector: str | None) -> str | None:
    if not selector:
        return None
    for el in css(doc, selector):
        value = el.get("content") or el.get("datetime") or text_of(el)
        if value:
            return value
    return None


_HOST_PREFIX_RE = re_compile(r"^(?:www\d?|m|amp)\.")


def _host_names(url: str) -> list[str]:
    """The site's name as its host spells it: `www.factorio.com` → [`factorio.com`, `factorio`] (the organisation's
    label, `body.site_of`, only at 7+ characters, so that `bbc` or `nos` never matches a word of a title)."""
    label = site_of(url)
    if not label:
        return []
    host = _HOST_PREFIX_RE.sub("", (urlsplit(url).hostname or "").lower())
    # the registered domain too (`blogs.sacbee.com` → `sacbee.com`, a title's `… - sacbee.com`)
    at = host.find(label + ".")
    registered = [host[at:]] if at > 0 and (at == 0 or host[at - 1] == ".") else []
    return [host] + registered + ([label] if len(label) >= 7 else [])


_CREDIT_SLASH_RE = re_compile(r"(?P<who>[^/]{3,40}?)\s+/\s+(?P<site>[^/]{3,40})")


def _site_credit(line: str, outlet: set[str]) -> bool:
    """True for a credit line `Who / Site` whose second part is the site's own name or host (`outlet`: `norm_key`s of
    them, `androidauthority` for `Android Authority`)."""
    if len(line) > 85 or " / " not in line:
        return False
    m = _CREDIT_SLASH_RE.fullmatch(line)
    return m is not None and norm_key(m["site"]) in outlet


_SITE_ADDRESS_RE = re_compile(r"(?:www\.)?([^\W_][\w-]{2,})\.[a-z]{2,6}", re.I)


def _strip_site_suffix(title: str, site_names: list[str]) -> str:
    """Drop ` - 사이트명` / `| Site` parts naming the publisher from either end of a title."""
    keys = {norm_key(s) for s in site_names if s} | {norm_key(s) for s in P.KNOWN_PUBLISHERS}
    # a site named by its address (`og:site_name` `Factorio.com`) is named without it in titles (`… | Factorio`)
    keys |= {norm_key(m[1]) for s in site_names if s for m in [_SITE_ADDRESS_RE.fullmatch(s.strip())]
             if m and len(m[1]) >= 5}  # a short one (`zeit`) would match inside words of other segments
    keys.discard("")
    # the site's short name glued to a colon before the headline (`IOL: Trio set for Derby debuts` on iol.ie)
    m = _SITE_PREFIX_RE.match(title)
    if m and len(title) - m.end() >= 12 and norm_key(m[1]) in keys | {
            norm_key(a[1]) for s in site_names if s for a in [_SITE_ADDRESS_RE.fullmatch(s.strip())] if a}:
        title = title[m.end():]
    parts = P.TITLE_SEPARATORS_RE.split(title)
    if len(parts) < 2:
        return _strip_cjk_site_suffix(title, keys)
    seps = P.TITLE_SEPARATORS_RE.findall(title)
    while len(parts) > 1 and (norm_key(parts[-1]) in keys or any(k and k in norm_key(parts[-1]) and len(parts[-1]) <= 25 for k in keys)):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and (norm_key(parts[0]) in keys or _site_and_motto(parts[0], keys)
                              or norm_key(parts[0]) == "blogarchive"):  # (WordPress's default title once)
        parts.pop(0)
        seps.pop(0)
    # the site's name, then its sections (`Titel - SPIEGEL ONLINE - Nachrichten - Netzwelt`): all after the title
    named = next((i for i in range(1, len(parts)) if norm_key(parts[i]) in keys), None)
    if named is not None:
        del parts[named:], seps[named - 1:]
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return _strip_cjk_site_suffix(out.strip(), keys)


_SITE_PREFIX_RE = re_compile(r"^([^\s:]{2,30}):\s+(?=\S)")
_NAME_THEN_MOTTO_RE = re_compile(r"^(.{3,40}?)\s*[:,]\s+\S")


def _site_and_motto(part: str, keys: set[str]) -> bool:
    """A title segment that is the site's name and its motto (`BeyondChron: San Francisco's Alternative Online Daily
    News » Voters Begin …`)."""
    m = _NAME_THEN_MOTTO_RE.match(part)
    return m is not None and norm_key(m[1]) in keys


# A Chinese/Japanese title's site name glued on with `-`, `--`, `_` or `|` and no spaces (`标题-新华网`,
# `标题--上報`, `标题_中山网`): a short tail ending the way outlet names end (网, 报, 新闻, 日报, 社, 台, 频道, 官网).
_CJK_SITE_TAIL_RE = re_compile(r"(?:-{1,2}|_|\||｜)\s*(?P<site>[^-_|｜]{1,18}?(?:[网網报報台社刊]|新[闻聞]|官网|频道|頻道|在线|在線))\s*$")
_CJK_CHAR_RE = re_compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _strip_cjk_site_suffix(title: str, keys: set[str] = frozenset()) -> str:
    """`标题-新华网` → `标题` (see `_CJK_SITE_TAIL_RE`), `見出し｜佐賀新聞LiVE` → `見出し` (a tail opening with the
    name of the site, `keys`: `佐賀新聞電子版`); other titles as they are."""
    if len(_CJK_CHAR_RE.findall(title)) < len(title) // 3:
        return title
    for _ in range(2):  # `标题_图片频道_新华网`: the channel, then the site
        m = _CJK_SITE_TAIL_RE.search(title) or _named_cjk_tail(title, keys)
        head = title[: m.start()].strip() if m else ""
        if len(head) < 8:
            break
        title = head
    return title


_CJK_TAIL_RE = re_compile(r"(?:_|\||｜)\s*(?P<site>[^_|｜]{2,20})\s*$")


def _named_cjk_tail(title: str, keys: set[str]) -> "re.Match[str] | None":
    """The unspaced tail `｜佐賀新聞LiVE` of a CJK title when it opens with the first three characters of a name of the
    site (`佐賀新聞電子版`: the paper's brand and its edition's name differ after the paper's name)."""
    m = _CJK_TAIL_RE.search(title)
    if m is None:
        return None
    tail = norm_key(m["site"])
    return m if len(tail) >= 3 and any(len(k) >= 3 and _CJK_CHAR_RE.match(k) and tail[:3] == k[:3] for k in keys) else None


# A non-h1 heading classed as the headline (`h2.title-news`, ndsoft `h3.heading`), not a sub-heading.
_HEADING_CLASS_RE = re_compile(r"^(?!.*sub).*(?:tit|heading|headline)", re.I)
# the comment form's or thread's heading (`h3#reply-title` "Leave a Comment or Question", `h2.comments-title`)
_COMMENT_HEADING_RE = re_compile(r"reply-title|comments?-title|comment-reply|respond", re.I)


# the page of a story split over several (`…いくぜNUC（1/2 ページ）`, `… (Seite 2 von 3)`): not part of its headline
_PAGE_OF_RE = re_compile(r"\s*[（(]\s*(?:\d+\s*/\s*\d+\s*(?:ページ|页|頁)?|(?:page|seite|página|pagina|strona)\s+\d+"
                         r"(?:\s*(?:of|von|de|di|z)\s*\d+)?)\s*[)）]\s*$", re.I)


def _pick_title(doc: HtmlElement, pm: PageMeta, rules: ExtractionRules, site_names: list[str]) -> tuple[str, HtmlElement | None]:
    """Headline: site selector, then JSON-LD headline / og:title / <h1>, with the site-name suffix and page number removed."""
    title, el = _pick_headline(doc, pm, rules, site_names)
    for name in _banner_names(doc):
        # the blog's name, shown in the masthead, opening the title (`Capitol Alert: AM Alert: Vote on …`)
        if title.startswith(name) and re.match(r":\s|\s[-–—|]\s", title[len(name):]) and len(title) - len(name) >= 12:
            title = title[len(name):].lstrip(" :-–—|")
            break
    cut = _PAGE_OF_RE.sub("", title)
    return (cut, el) if len(cut) >= 8 else (title, el)


_PERSON_NAMES_XPATH = etree.XPath("//*[contains(@itemtype, 'Person')]//*[@itemprop='name']")


def _cut_short(heading: str, title: str, site_names: list[str]) -> bool:
    """True when `heading`, without its site-name tail, is `title` cut off inside a word (`… new recovery cen`)."""
    cut = _strip_site_suffix(heading, site_names)
    if cut == heading:
        parts = P.TITLE_SEPARATORS_RE.split(heading)
        cut = parts[0] if len(parts) == 2 and len(parts[1]) <= 40 else heading
    return len(cut) >= 20 and len(title) > len(cut) and title.startswith(cut) and title[len(cut)].isalnum() \
        and cut[-1].isalnum()


def _marked_person(doc: HtmlElement, name: str) -> bool:
    """The page's microdata names `name` as a Person (`<meta itemprop="publisher" content="Antonio Barrero F.">` beside
    the writer's `itemtype=Person` scope: a one-person byline given as the publisher too, not an outlet)."""
    if not 5 <= len(name) <= 40 or " " not in name.strip():
        return False
    key = norm_key(name)
    # (the page's person names found once per extraction: each author candidate asks, and the XPath walks the page)
    people = remember(("person-names", doc), lambda: _PERSON_NAMES_XPATH(doc)[:8])
    return any(norm_key(el.get("content") or text_of(el)) == key for el in people)


def _banner_names(doc: HtmlElement) -> list[str]:
    """Names a masthead heading shows beside a link to the front page (`<h1><a href="http://www.sacbee.com/"><img>
    </a><span id="pagename">Capitol Alert</span></h1>`): the site's or the blog's name."""
    names = []
    for el in islice(doc.iter("h1", "h2"), 6):
        text = norm_space(text_of(el))
        if 3 <= len(text) <= 40 and any(a.get("href") and _root_href(a.get("href")) for a in el.iter("a")):
            names.append(text)
    return names


def _root_href(href: str) -> bool:
    """`/`, `http://www.site.com/`: a link to a site's front page."""
    href = href.split("?", 1)[0].split("#", 1)[0]
    # (an empty `href`, or only a query or fragment, links to the page itself: `<h1><a href="">Headline</a></h1>`)
    return href == "/" or re.fullmatch(r"(?:https?:)?//[^/]+/?", href) is not None


def _home_link_banner(el: HtmlElement) -> bool:
    """An `<h1>` that is only a link to the site's front page (Blogger's `h1.title > a[href="http://blog/"]`): the
    blog's name, not a post's headline."""
    if el.tag != "h1" or (el.text or "").strip() or len(el) != 1 or el[0].tag != "a" or (el[0].tail or "").strip():
        return False
    href = el[0].get("href")
    # (an `<a>` without `href` links nowhere: `<h1><a id="…NewsHeadLine">Fire in Burrabazar …</a></h1>`, Hindustan Times)
    return href is not None and _root_href(href)


def _self_and_ancestors(el: HtmlElement, n: int) -> Iterator[HtmlElement]:
    """`el`, then its ancestors: `n` elements at most."""
    return islice(chain((el,), el.iterancestors()), n)


def _section_marked(el: HtmlElement) -> bool:
    """The heading or one of its two nearest ancestors carries `itemprop=articleSection`."""
    return any("articleSection" in (node.get("itemprop") or "") for node in _self_and_ancestors(el, 3))


def _pick_headline(doc: HtmlElement, pm: PageMeta, rules: ExtractionRules, site_names: list[str]) -> tuple[str, HtmlElement | None]:
    h1s = [el for el in doc.iter("h1", "h2") if el.tag == "h1" or "tit" in f"{el.get('class') or ''} {el.get('id') or ''}"]
    # then other headings classed as the headline (`h3.heading` of ndsoft), after every h1/h2 candidate
    # (an unlinked `<h4>` too on a page whose `<h1>`s are only logos: 4th.kr's `h4.tit-big`; a linked one is a teaser's)
    levels = ("h2", "h3") if any(len(_heading_text(el)) >= 8 for el in doc.iter("h1")) else ("h2", "h3", "h4")
    h1s = h1s[:12] + [el for el in doc.iter(*levels) if el not in h1s
                      and _HEADING_CLASS_RE.search(f"{el.get('class') or ''} {el.get('id') or ''}")
                      and (el.tag != "h4" or next(el.iter("a"), None) is None)][:6] \
        + [el for el in doc.iter("h1") if el not in h1s[:12]][:6]  # a headline `<h1>` after a dozen menu headings
    # a heading marked as the story's section (`div.titulo-seccion[itemprop=articleSection] > h1`) names the section
    # (nor the comment form's heading: `h3#reply-title`)
    heading_texts = [(_heading_text(el), el) for el in h1s if not _section_marked(el) and not _home_link_banner(el)
                     and not (el.tag != "h1" and _COMMENT_HEADING_RE.search(_attrs(el)))]
    custom = _first_css_text(doc, rules.title)
    if custom:
        return _strip_site_suffix(custom, site_names), next((el for t, el in heading_texts if t == custom), None)
    candidates = [jsonld_text(pm.jsonld.get("headline")) if not pm.jsonld.get("@weak") else None,
                  *(pm.meta.get("title") or [])[:2], *(pm.microdata.get("headline") or [])[:1]]
    # a CMS that escapes twice leaves entities in the value (`Сергей Аксенов: &quot;Про правду&quot;`)
    candidates = [norm_space(unescape_entities(c) if _ENTITY_RE.search(c) else c) for c in candidates if c]
    candidates = [_unmarked_title(c) if "<" in c else c for c in candidates]
    # A metadata "title" equal to a later `<title>` segment names the section or blog (`… : The Two-Way : NPR`).
    later = {norm_key(x) for x in P.TITLE_SEPARATORS_RE.split(pm.title_tag or "")[1:] if x.strip()}
    # (not one as long as a headline: `Coronavirus | Los pabellones de emergencia multiplican … - El Salto`, a topic
    # label opening the `<title>`, names its headline second)
    candidates = [c for c in candidates if norm_key(c) not in later or len(c.split()) >= 6]
    # A heading on the page equal to a metadata title confirms it (and marks the element to keep out of the body).
    for cand in candidates:
        stripped = _strip_site_suffix(cand, site_names)
        for text, el in heading_texts:
            if text and norm_key(text) in (norm_key(cand), norm_key(stripped)):
                # the metadata's spelling when the heading runs two of its parts together (`<h1><span
                # class="overline">Die Zukunft der Arbeit</span>"Wir dekorieren …"</h1>`, a block span without a space)
                same = cand if norm_key(text) == norm_key(cand) else stripped
                # (only where elements meet: a heading written as one run of text is spelled as the page shows it)
                return (same if len(el) and _runs_words_together(text, same) else text), el
    # ...or equal to it once the kicker the headline opens with is left out (`<h1><span class="roofline">Wow!</span>
    # Titel</h1>`, `<h1><span>Frain</span> Incendie …</h1>`): the metadata title is the headline.
    for cand in candidates:
        keys = {norm_key(cand), norm_key(_strip_site_suffix(cand, site_names))}
        for text, el in heading_texts:
            rest = _after_kicker(el)
            if rest and norm_key(rest) in keys:
                return _strip_site_suffix(cand, site_names), el
            rest = _before_label(el)  # (or the label it closes with)
            if rest and norm_key(rest) in keys:
                return _strip_site_suffix(cand, site_names), el
    # A heading equal to a metadata title's part before an unspaced underscore (`标题_数据_宏观频道首页_财经网 - …`: a
    # Chinese site's channel path after the headline)
    for cand in candidates:
        first = cand.split("_", 1)[0]
        if first != cand and len(first) >= 8:
            key = norm_key(first)
            for text, el in heading_texts:
                if text and norm_key(text) == key:
                    return text, el
    # A heading equal to the leading segments of a metadata title (`제목 > 게시판 | 사이트`, gnuboard og:title).
    for cand in candidates:
        parts = P.TITLE_SEPARATORS_RE.split(cand)
        seps = P.TITLE_SEPARATORS_RE.findall(cand)
        prefix = parts[0]
        for k in range(1, len(parts)):
            key = norm_key(prefix)
            if len(prefix) >= 8:
                for text, el in heading_texts:
                    if text and norm_key(text) == key:
                        return text, el
            prefix += seps[k - 1] + parts[k]
        # ...or an unclassed `<h2>`/`<h3>` equal to its first segment, the rest a short name (`Announcing Rust 1.84.0
        # | Rust Blog`, a static blog's `<h2>` headline and no `<h1>`)
        if len(parts) >= 2 and len(parts[0]) >= 8 and len(cand) - len(parts[0]) <= 40:
            key = norm_key(parts[0])
            for el in islice(doc.iter("h2", "h3"), 40):
                if norm_key(_heading_text(el)) == key:
                    return _heading_text(el), el
        # ...or to its trailing segments, the site named first (`대전일보 모바일 :: 제목`, `Site | Section | Title`); not
        # the site's name itself, named last (`見出し（産経新聞） - Yahoo!ニュース` over the masthead's `<h1>Yahoo!ニュース`)
        site_keys = {norm_key(n) for n in site_names if n}
        for k in range(1, len(parts)):
            suffix = "".join(sep + part for sep, part in zip(seps[k:], parts[k + 1:]))
            key = norm_key(parts[k] + suffix)
            if len(key) >= 8 and key not in site_keys:
                for text, el in heading_texts:
                    if text and norm_key(text) == key:
                        return text, el
    # A heading equal to a metadata title without its series kicker (`[기획] 지방소멸, 마을이 답이다 ③ 제목`): the
    # kicker sits above the headline on the page and is not part of it.
    for cand in candidates:
        for full in (cand, _strip_site_suffix(cand, site_names)):
            for text, el in heading_texts:
                if len(text) >= 8 and full.endswith(text) and P.SERIES_KICKER_RE.match(full[:-len(text)]):
                    return text, el
    # An `<h1>` that is a metadata title with one more segment after a separator (`Headline | Entertainment`, the
    # section printed into the heading): the metadata title is the headline.
    for cand in candidates:
        for text, el in heading_texts:
            if el.tag == "h1" and len(cand) >= 8 and text.startswith(cand):
                rest = P.TITLE_SEPARATORS_RE.match(text, len(cand))
                if rest and 0 < len(text) - rest.end() <= 30 and not P.TITLE_SEPARATORS_RE.search(text, rest.end()):
                    return cand, el
    # The `<title>` and an `<h1>` say the same and the metadata titles something else (NBC News: og:title `It's been a
    # rough few months for Elon Musk's SpaceX`, `<title>` and `<h1>` `What's the Hold-Up at SpaceX?`): a social
    # headline; the page's own two agree on the story's.
    if candidates and pm.title_tag:
        own = {norm_key(pm.title_tag), norm_key(_strip_site_suffix(norm_space(pm.title_tag), site_names))}
        for text, el in heading_texts:
            if el.tag == "h1" and len(text) >= 8 and norm_key(text) in own:
                # (unless the two are the metadata title cut short: WDRB's `<title>` and `<h1>` `… with new recovery cen
                # - WDRB 41 Louisville News`, og:title `… with new recovery center`)
                return next((c for c in candidates if _cut_short(text, c, site_names)), text), el
    # ... or an unlinked `<h2>`/`<h3>` says what the `<title>` opens with (the rest a short site name) and the metadata
    # title is something else altogether (中国日报网: `<title>` `外交部…答网友问 - 中文国际`, `h2.bt05` the same, a site-wide
    # `<meta name="Title">` slogan)
    if candidates and pm.title_tag:
        parts = P.TITLE_SEPARATORS_RE.split(norm_space(pm.title_tag))
        # (or the whole `<title>`, four words or more: `<title>Alajuelense se distancia …</title>` and its `<h2>` under
        # an `<h1>` logo, og:title the site's slogan on every page)
        if (len(parts) >= 2 or len(parts[0].split()) >= 4) and len(parts[0]) >= 8 \
                and len(pm.title_tag) - len(parts[0]) <= 40:
            key, meta = norm_key(parts[0]), norm_key(candidates[0])
            if key and key not in meta and meta not in key:
                for el in islice(doc.iter("h2", "h3"), 40):
                    text = _heading_text(el)
                    if norm_key(text) == key and next(el.iter("a"), None) is None:
                        return text, el
    # ... or the `<h1>` is the `<title>` said at length (Daily Mail: `<title>` `Debenhams and House of Fraser charge
    # for PAPER BAGS as Tesco give them away`, `<h1>` `Debenhams and House of Fraser accused of ripping off customers by
    # charging for PAPER BAGS - while …`, og:title `High street stores start charging customers for paper bags`)
    if candidates and pm.title_tag:
        own_words = {w.casefold() for w in _WORD_RE.findall(_strip_site_suffix(norm_space(pm.title_tag), site_names))}
        meta_words = {w.casefold() for w in _WORD_RE.findall(candidates[0])}
        if len(own_words) >= 5 and len(own_words & meta_words) < 0.5 * len(own_words):
            for text, el in heading_texts:
                if el.tag == "h1" and len(text) >= 20 and next(el.iter("a"), None) is None \
                        and len(own_words & {w.casefold() for w in _WORD_RE.findall(text)}) >= 0.6 * len(own_words):
                    return text, el
    # An on-page headline differing from the metadata titles (an SEO og:title): an `<h1>` about the same thing
    # (two or more shared words, at least 30% of its words) wins over metadata.
    if candidates:
        # a metadata title cut short (an unescaped quote ends `og:title`'s value): the `<h1>` it begins is the headline
        cut = norm_key(candidates[0])
        for text, el in heading_texts:
            if el.tag == "h1" and len(cut) >= 8 and norm_key(text).startswith(cut) and len(norm_key(text)) > len(cut) + 1 \
                    and not _after_title(text, candidates[0]).startswith(_BUTTON_WORDS):
                return text, el
        found = _h1_about(candidates[0], heading_texts, site_names) or _whole_title_heading(doc, candidates) \
            or _story_h1(heading_texts, site_names)
        return found if found else _visible_spelling(doc, _strip_site_suffix(candidates[0], site_names))
    # No metadata title: the `<title>` names the story, so the `<h1>` about the same thing is the headline, not the
    # first heading of the page (a site banner `<h1>`, a `Sections` menu heading, a hidden logo).
    if pm.title_tag:
        # a heading that is a whole headline-long segment of the `<title>` first (`TV3 > News > National News > Story >
        # Officials get down to …`: the `<h1>National News</h1>` shares words with it, the story's `<h1>` is a segment)
        # (not the site's own name, the segment a `<title>` closes with: `… · Environmental Leader` over the masthead's
        # `<h1>Environmental Leader</h1>`)
        segments = {norm_key(x) for x in P.TITLE_SEPARATORS_RE.split(norm_space(pm.title_tag))} \
            - {norm_key(n) for n in site_names if n}
        for text, el in heading_texts:
            if len(text) >= 20 and norm_key(text) in segments:
                return text, el
        found = _h1_about(_strip_site_suffix(norm_space(pm.title_tag), site_names), heading_texts, site_names)
        if found:
            return found
        # ... or a heading that ends or opens the `<title>` (`devBlogi: Po co nam testerzy?` over Blogger's
        # `h3.post-title`), before a sidebar's first heading (`Szukaj w tym blogu`)
        own = norm_key(pm.title_tag)
        # any `<h2>`–`<h4>` too: a blog theme's unclassed post heading (`<h2><a>Selamat bersenang-senang…</a></h2>`)
        # beside a sidebar's `h2.widgettitle`; AKI's `<h4>` under `<title>AKI - Adnkronos international Algeria: …`
        others = [(_heading_text(el), el) for el in islice(doc.iter("h2", "h3", "h4"), 40) if el not in h1s]
        for text, el in heading_texts + others:
            key = norm_key(text)
            if len(key) >= 8 and key != own and (own.endswith(key) or own.startswith(key)) and len(key) >= 0.4 * len(own):
                return text, el
    # ... nor the section a `<title>` of three or more segments opens with (`Spotlight | It's not 'monkey', … |
    # Indiainteracts.com`)
    segs = [x for x in P.TITLE_SEPARATORS_RE.split(pm.title_tag or "") if x.strip()]
    opening = norm_key(segs[0]) if len(segs) >= 3 and len(segs[0].strip()) <= 20 else None
    eligible = [(text, el) for text, el in heading_texts
                # a heading naming the blog/section is not the headline (`USA TODAY Drive On: …` for the `<title>`'s
                # `… - Drive On: … - USATODAY.com`)
                if len(text) >= 8 and not any(k == norm_key(text) or (len(k) >= 12 and k in norm_key(text)) for k in later)
                and norm_key(text) != opening]
    fallback = _title_from_tag(doc, pm.title_tag, site_names) if eligible and not candidates and pm.title_tag else ""
    if len(_WORD_RE.findall(fallback)) >= 3:
        # the `<title>` is the story's headline, shown as an element's whole text (eFluxMedia's `span#nointelliTXT`),
        # and no heading says anything like it: those headings are a side box's (`<h1>Other News in Science</h1>`)
        shown = _element_saying(doc, fallback)
        if shown is not None and not any(_shares_words(text, fallback) or _shares_words(fallback, text)
                                         for text, _el in eligible):
            return fallback, shown
    if eligible:
        h1s = [(text, el) for text, el in eligible if el.tag == "h1"]
        if len(h1s) >= 2:
            # two `<h1>`s and a `<title>` that names neither (`Emder Zeitung: News Detail`): the CMS's page heading
            # (`Aktuelles Detailansicht`, followed by a back link) or the story's, followed by its text
            best = max(h1s, key=lambda pair: _story_text_after(pair[1]))
            if _story_text_after(best[1]) >= 200 and _story_text_after(h1s[0][1]) < 100:
                return best
        if not candidates and not pm.title_tag and eligible[0][1].tag == "h1" and len(eligible[0][0].split()) <= 3:
            # no `<title>`, no metadata: a short `<h1>` over a tagline and menus is the site's or section's (`<h1>Latest
            # News</h1>`); the story's headline is the later heading the text follows (`<h2>Anand draws with …</h2>`)
            under = _story_text_after(eligible[0][1])
            for el in islice(doc.iter("h2", "h3"), 20):
                text = _heading_text(el)
                if len(text.split()) >= 4 and next(el.iter("a"), None) is None \
                        and _story_text_after(el) >= max(500, 5 * under):
                    return text, el
        return eligible[0]
    fallback = _title_from_tag(doc, pm.title_tag, site_names)
    shown = _story_named_heading(doc)
    # (a box's short label of two words is no headline: a video widget's `span#bx1_lblTitle` `Related videos`)
    if shown is not None and not _shares_words(shown[0], fallback or "") \
            and (len(shown[0].split()) >= 3 or len(shown[0]) > 20):
        # no heading element and a `<title>` that does not say the story (`Asharq Alawsat Newspaper (English)`, `Press
        # TV`): the element the template names as the story's headline (`span.headline`, `span#…lblTitle`,
        # `td.articalTitle`)
        return shown
    if not fallback or _HOST_LIKE_RE.fullmatch(fallback.strip()) or norm_key(fallback) in {norm_key(s) for s in site_names if s}:
        # the `<title>` names only the site (`carta.info`): the page's first headline-long heading is the story's
        for el in doc.iter("h1", "h2", "h3"):
            text = _heading_text(el)
            if len(text) >= 15 and " " in text:
                return text, el
        if not fallback:
            # no `<title>` and no heading element: a block classed just `title`/`headline` (`<td class=title>`) that
            # is no link
            for el in _BARE_TITLE_XP(doc)[:10]:
                text = norm_space(text_of(el))
                if 15 <= len(text) <= 200 and " " in text and next(el.iter("a"), None) is None \
                        and next(el.iterancestors("a"), None) is None:
                    return text, el
    return fallback, None


_BARE_TITLE_XP = etree.XPath("//body//*[contains(concat(' ', normalize-space(@class), ' '), ' title ') "
                             "or contains(concat(' ', normalize-space(@class), ' '), ' headline ')]")


_TIME_OF_DAY_RE = re_compile(r"\d\s*[:：시時h]\s*\d|\d\s*(?:시|時|[ap]\.?m\b)", re.I)
_WORD_RE = re_compile(r"[^\W_]{2,}")
_ENTITY_RE = re_compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_FOLLOWING_TEXT_XPATH = etree.XPath("following::text()[position() <= 60]")


def _story_text_after(heading: HtmlElement) -> int:
    """Characters of unlinked text after `heading` before the next `<h1>`/`<h2>` (at most the next 60 text nodes)."""
    total = 0
    for node in _FOLLOWING_TEXT_XPATH(heading):
        parent = node.getparent()
        if parent is None or not isinstance(parent.tag, str):
            continue
        owner = parent if not node.is_tail else parent.getparent()
        if owner is None:
            continue
        if owner.tag in ("h1", "h2") and not node.is_tail:
            break
        if owner.tag in ("script", "style", "a", "noscript") or next(owner.iterancestors("a", "script"), None) is not None:
            continue
        total += len(node.strip())
    return total
# a control's label printed inside the `<h1>` after the headline (`… PM apologizes Add to ...`): not part of it
_BUTTON_WORDS = ("Add to", "Share", "Save", "Print", "Listen", "Comments", "Teilen", "Merken", "Partager", "Kommentare",
                 "Commentaires", "Comentarios", "Comentários", "Commenti", "Комментарии", "Коментарі")


def _after_title(text: str, title: str) -> str:
    """What a heading says after the words of `title` (compared without punctuation and case), stripped."""
    want, i = norm_key(title), 0
    for pos, ch in enumerate(text):
        if i >= len(want):
            if norm_key(ch):  # past the title's closing punctuation too (`…платят»Комментарии: 83`)
                return text[pos:].strip()
            continue
        if norm_key(ch) == want[i]:
            i += 1
    return ""
_HOST_LIKE_RE = re_compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.I)


def _runs_words_together(text: str, spelled: str) -> bool:
    """True when `text` joins, without a space, a letter or digit to what `spelled` (the same characters, spaced
    otherwise) has after a space: `Arbeit"Wir` for `Arbeit - "Wir`, `Sudecco` for `Sud ecco`; not `मार्केट-कैप:शेयर`
    (a colon's space) nor a separator `spelled` adds (`dabei -`)."""
    shown = [(k, ch) for k, ch in enumerate(text) if not ch.isspace()]  # each visible character and where it stands
    i = 0
    for k, ch in enumerate(spelled):
        if i >= len(shown) or shown[i][1] != ch:
            continue  # a space, or what `spelled` has and `text` lacks (a separator's dash or bar)
        if k and spelled[k - 1].isspace() and i and shown[i - 1][1].isalnum() and not text[shown[i][0] - 1].isspace():
            return True
        i += 1
    return False


def _whole_title_heading(doc: HtmlElement, candidates: list[str]) -> tuple[str, HtmlElement] | None:
    """An `<h2>`/`<h3>` saying the whole of a metadata title that has no separators, when no `<h1>` is about it
    (`<h2><a href="…">Eamonn’s and T.N.T. Bar Opening Soon on Columbia Pike</a></h2>` on a page whose only `<h1>`
    heads a sidebar box, ARLnow)."""
    for cand in candidates:
        if len(cand) >= 20 and len(P.TITLE_SEPARATORS_RE.split(cand)) == 1:
            key = norm_key(cand)
            for el in islice(doc.iter("h2", "h3"), 40):
                if norm_key(_heading_text(el)) == key:
                    return _heading_text(el), el
    return None


def _after_kicker(el: HtmlElement) -> str | None:
    """A heading's text without the short element it opens with (a kicker, roofline or place name), or None."""
    if (el.text or "").strip() or not len(el):
        return None
    first = el[0]
    # (a block inside the heading too: `<h1><div class="sub-title">News</div> Headline</h1>`, a line of its own)
    if not isinstance(first.tag, str) or first.tag not in ("span", "strong", "em", "b", "small", "i", "div", "p"):
        return None
    kicker = norm_space(text_of(first))
    if not kicker or len(kicker) > 40:
        return None
    rest = norm_space((first.tail or "") + " ".join(_heading_text(child) + " " + (child.tail or "") for child in el[1:]))
    return rest if len(rest) >= 8 else None


def _before_label(el: HtmlElement) -> str | None:
    """A heading's text without the short element it closes with (its section's label: `<h1>Headline <span
    class="categorie">Le Monde Festival</span></h1>`), or None."""
    if not len(el):
        return None
    last = el[-1]
    if not isinstance(last.tag, str) or last.tag not in ("span", "small", "em", "i", "b", "strong") \
            or norm_space(last.tail or ""):
        return None
    label = norm_space(text_of(last))
    if not label or len(label) > 40:
        return None
    rest = norm_space((el.text or "") + " ".join(_heading_text(child) + " " + (child.tail or "") for child in el[:-1]))
    return rest if len(rest) >= 8 else None


_STORY_H1_TEXT = 300  # characters of unlinked text after it that make an `<h1>` the story's headline
# an `<h1>` the template names as the line under the headline (The Economist's `h1.rubric`); `subject` is a Korean
# CMS's name for the headline itself (`h1.subject`, `h1.tit_subject`)
_DECK_CLASS_RE = re_compile(r"rubric|sub(?!ject)|dek|standfirst|summary|lead|intro|teaser|kicker|description", re.I)


def _story_h1(heading_texts: list[tuple[str, HtmlElement]], site_names: list[str]) -> tuple[str, HtmlElement] | None:
    """An unlinked `<h1>` of four or more words that the story's text follows, when the metadata title says something
    else entirely (a social or search headline: og:title `Before Minecraft or Snapchat, there was MicroMUSE` over the
    `<h1>` `Return to Nib's Knoll`): the headline the reader sees. A site's name, a widget's heading (`Become an
    Affiliate`) or a masthead have no story under them."""
    names = {norm_key(n) for n in site_names if n}
    for text, el in heading_texts:
        if el.tag != "h1" or len(text) < 15 or len(text.split()) < 4 or norm_key(text) in names \
                or _DECK_CLASS_RE.search(el.get("class") or "") \
                or (el.getparent() is not None and el.getparent().tag == "a") or next(el.iter("a"), None) is not None:
            continue
        if _story_text_after(el) >= _STORY_H1_TEXT:
            return text, el
    return None


def _h1_about(title: str, heading_texts: list[tuple[str, HtmlElement]], site_names: list[str]) -> tuple[str, HtmlElement] | None:
    """An unlinked `<h1>` about the same thing as a title (two or more shared words, at least 30% of its words)."""
    words = set(_WORD_RE.findall(title))
    for text, el in heading_texts:
        if el.tag != "h1" or len(text) < 10 or el.getparent() is None or el.getparent().tag == "a" \
                or any(not _comment_count_link(a) for a in el.iter("a")):
            continue
        if norm_key(text) in {norm_key(n) for n in site_names if n}:
            continue
        own = set(_WORD_RE.findall(text))
        shared = len(words & own)
        if shared >= 2 and shared >= 0.3 * len(own):
            return _strip_site_suffix(text, site_names), el  # `<h1>Bangkok Post : WHC to decide …</h1>`
    return None


def _style_hidden(el: HtmlElement) -> bool:
    style = el.get("style")
    return bool(style) and "display:none" in style.replace(" ", "").lower()


_RUBY_TAGS = frozenset({"rt", "rp"})


def _heading_text(el: HtmlElement) -> str:
    """A heading's text as shown: without descendants styled `display:none` (an editor's `CC-Editor öffnen` button),
    without ruby readings (`障害<rt>しょうがい</rt>`: NHK Easy's furigana over the headline's kanji) and without a
    sponsor's box set inside it (`<h1><div class="sponsorPanel"><span>Sponsored by</span>…</div> Headline</h1>`)."""
    if not any(d.tag in _RUBY_TAGS or _style_hidden(d) or _heading_box(d) for d in el.iterdescendants()
               if isinstance(d.tag, str)):
        return text_of(el)
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _RUBY_TAGS and not _style_hidden(child) \
                    and not _heading_box(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return norm_space("".join(parts))


# ... or for the by-line and stamp a template prints inside the heading (`<h1>Headline <div class="mobile_article_by_info">
# - by <a rel="author">…</a> April 21, 2022</div><div class="articleby_wrap">…</div></h1>`, Barbados Today)
_HEADING_BOX_RE = re_compile(r"sponsor|author|byline|articleby|(?:^|[\s_\-])(?:by|meta|info|date)(?:$|[\s_\-])", re.I)


def _heading_box(el: HtmlElement) -> bool:
    """A block element set inside a heading and named for a sponsor (`div.sponsorPanel`) or a by-line
    (`div.mobile_article_by_info`), or a comment-count link (`385 Comments`): not part of the heading's text."""
    return (el.tag in ("div", "aside", "section") and _HEADING_BOX_RE.search(el.get("class") or "") is not None) \
        or _comment_count_link(el)


# a link to the comments set inside or beside a headline (`<h1>How to Lose 100 Pounds … <a href="#comments">385
# Comments</a></h1>`)
_COMMENT_COUNT_RE = re_compile(r"^(?:\d+|no|one)\s+(?:comments?|responses?|replies|reactions?)$|^comments?\s*\(\d+\)$",
                               re.I)


def _comment_count_link(el: HtmlElement) -> bool:
    """A link whose whole text is a comment count (`385 Comments`, `Comments (3)`): not part of a headline."""
    return el.tag == "a" and _COMMENT_COUNT_RE.match(norm_space(text_of(el))) is not None


_CJK_SUFFIX_RE = re_compile(r"(?<=[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e])_(?=[\u3040-\u30ff\u4e00-\u9fff][^_]*$)")
_STORY_HEAD_RE = re_compile(r"(?:artic(?:le|al)|story|news|post|entry)[-_]?(?:head|title)|headline|(?:^|[\s_\-])lbl_?title"
                            r"|heading[-_]?story", re.I)  # (`span.headingstory`, Summit Daily)


_SUB_HEAD_RE = re_compile(r"sub[-_]?(?:head|title)", re.I)  # `font.subHeadline`: `Posted at 6:18 a.m., …`
# a picture's box under the headline (`div.article_title_img`: `[사진=SK그룹 제공]`)
_IMAGE_NAME_RE = re_compile(r"img|image|photo|pic|caption|credit|video", re.I)


def _story_named_heading(doc: HtmlElement) -> tuple[str, HtmlElement] | None:
    """The first element named as the story's headline (class or id: `headline`, `articleTitle`, `lblTitle`), not a
    link, of headline length."""
    for el in _TITLEISH_XP(doc)[:80]:
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if len(el) < 5 and el.tag != "a" and next(el.iter("a"), None) is None and next(el.iterancestors("a"), None) is None \
                and _STORY_HEAD_RE.search(names) and not _SUB_HEAD_RE.search(names) and not _IMAGE_NAME_RE.search(names) \
                and not any(_STORY_HEAD_RE.search(f"{d.get('class') or ''} {d.get('id') or ''}") for d in el.iterdescendants()
                            if isinstance(d.tag, str)):  # the innermost: `td.article_header > span.article_headline`
            # its own text before any child (`<td class="articalTitle">Junk food …<table>Published: …`)
            own = norm_space(el.text or "")
            text = own if len(own) >= 12 else norm_space(text_of(el))
            if 12 <= len(text) <= 200 and not _PLACEHOLDER_TITLE_RE.match(text):
                return text, el
    return None


_SAYING_XPATH = etree.XPath("//body//*[normalize-space(text()) = $text][not(self::title or self::option or self::a)]")


def _element_saying(doc: HtmlElement, text: str) -> HtmlElement | None:
    """The first element of the page's body whose own text is `text` (spaces normalised), not a link."""
    found = _SAYING_XPATH(doc, text=norm_space(text))
    return found[0] if found else None


def _shares_words(a: str, b: str) -> bool:
    """At least half of `a`'s words are in `b` (case-folded)."""
    words = {w.casefold() for w in _WORD_RE.findall(a)}
    return bool(words) and len(words & {w.casefold() for w in _WORD_RE.findall(b)}) >= 0.5 * len(words)
_PLACEHOLDER_TITLE_RE = re_compile(r"^(?:article|story|news|page|home|untitled|default|index|document|artikel|noticia|"
                                   r"nachrichten)$", re.I)
_TITLEISH_XP = etree.XPath("//*[contains(@class,'tit') or contains(@class,'headline') or contains(@class,'subject') "
                           "or contains(@id,'tit') or contains(@class,'head') or contains(@class,'Tit') "
                           "or contains(@class,'Head') or contains(@id,'Tit')]")  # (`td.ArticleHead`, `span#…lblTitle`)


def _day_only(stamp: datetime, text: str) -> bool:
    """True when `stamp` was read from a text giving a day and no time of day."""
    return (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0) and not _TIME_OF_DAY_RE.search(text)


_TITLE_BREAK_RE = re_compile(r"<br\s*/?>", re.I)
_TITLE_TAG_RE = re_compile(r"</?(?:b|i|em|strong|span|br|font|u|small|sup|sub)\b[^<>]{0,200}>", re.I)
_BOLD_CLOSE_RE = re_compile(r"</(?:b|strong)>", re.I)


def _unmarked_title(title: str) -> str:
    """A metadata title without the HTML a CMS left in it (`<b>Ιός H1N1 </b><br>Αυξάνονται …`, TO BHMA): a bold kicker
    over a line break is left out, other tags read as spaces."""
    parts = _TITLE_BREAK_RE.split(title)
    if len(parts) == 2 and _BOLD_CLOSE_RE.search(parts[0]):
        kicker, rest = (norm_space(_TITLE_TAG_RE.sub(" ", x)) for x in parts)
        if 0 < len(kicker) <= 60 and len(rest) >= 8:
            return rest
    return norm_space(_TITLE_TAG_RE.sub(" ", title))


def _visible_spelling(doc: HtmlElement, title: str) -> tuple[str, HtmlElement | None]:
    """A metadata title as an unlinked `<h2>`/`<h3>` of the page writes it (the same words, other marks), else as it is."""
    # 뉴스zum: og:title `…최소[2보]`, the unclassed `<h2>` and the `<title>` `…최소(2보)`: a reader sees the heading's
    key = norm_key(title)
    if len(key) >= 8:
        for el in islice(doc.iter("h2", "h3"), 40):
            text = _heading_text(el)
            if text != title and norm_key(text) == key and next(el.iter("a"), None) is None:
                return text, el
    return title, None


def _title_from_tag(doc: HtmlElement, title_tag: str, site_names: list[str]) -> str:
    """Headline from `<title>` alone: a title-classed element equal to one segment, else the longest segment."""
    stripped = _strip_site_suffix(title_tag, site_names)
    # Chinese/Japanese titles name the site after an unspaced underscore (`标题_网易新闻`, `标题_中国载人航天官方网站`)
    parts = _CJK_SUFFIX_RE.split(stripped)
    if len(parts) == 2 and len(parts[1]) <= 20 and len(parts[0]) >= 8:
        stripped = parts[0].strip()
    segments = [s.strip() for s in P.TITLE_SEPARATORS_RE.split(stripped) if s.strip()]
    if _PLACEHOLDER_TITLE_RE.match(stripped):
        # a template's `<title>Article</title>`: the headline-classed cell the page shows (`td.ArticleHead`)
        # the story's own heading cell by its name (`td.ArticleHead`), not a box's (`td.slinkstitle`: Sponsored links)
        shown = _story_named_heading(doc)
        if shown is not None:
            return shown[0]
    if len(segments) < 2:
        return stripped
    keys = {norm_key(s): s for s in segments}
    keys[norm_key(stripped)] = stripped
    whole = [x for x in P.TITLE_SEPARATORS_RE.split(title_tag) if x.strip()]
    if len(whole) >= 3 and len(segments[0]) <= 20:
        keys.pop(norm_key(segments[0]), None)  # the section it opens with (`Spotlight | Headline | Site`), a box's title
    for el in _TITLEISH_XP(doc)[:40]:
        if len(el) < 5:
            key = norm_key(text_of(el))
            if key in keys:
                return keys[key]
    # a segment the page's banner `<h1>` says with more words is the blog's name (`USA TODAY Drive On: …`)
    banners = {norm_key(text_of(h)) for h in list(doc.iter("h1"))[:5]}
    story = [s for s in segments if not any(len(norm_key(s)) >= 12 and norm_key(s) in b and b != norm_key(s) for b in banners)]
    return max(story or segments, key=len)


def _resolve(url: str | None, base: str) -> str | None:
    if not url:
        return None
    url = url.strip()
    if not url or url.startswith(("data:", "javascript:")):
        return None
    return urljoin(base, url)


# the site's own clock in its masthead (`div.websiteDate > p > time`, `#todayDate`, a weather box): the day the page
# was served, not the story's
_SITE_CLOCK_RE = re_compile(r"(?:website|site|today|current|header|masthead|top)[-_]?(?:date|time|clock)|weather", re.I)


def _site_clock(el: HtmlElement) -> bool:
    """`el` or one of its three nearest ancestors is named as the site's clock (`_SITE_CLOCK_RE`)."""
    return any(_SITE_CLOCK_RE.search(f"{node.get('class') or ''} {node.get('id') or ''}")
               for node in _self_and_ancestors(el, 4))


_SHORT_DAY_FIRST_RE = re_compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])")


_BARE_STAMP_WINDOW = 80  # elements after the headline: its header block, before the story's text runs on


def _bare_stamp_after(doc: HtmlElement, headline: HtmlElement, lang: str | None, tz: "str | tzinfo | None") -> datetime | None:
    """The element nearest the headline — shortly after it, or before it in the headline's own block — whose whole
    text is a date with a time of day, whatever its class (telegraf.by's `div.caption` atop `div.articleBox`, above
    the photo and the `<h1>`), outside links."""
    window = _after_headline(doc, headline)[0]
    after = [el for el in islice((el for el in doc.iter() if el in window), _BARE_STAMP_WINDOW)]
    block = headline.getparent()
    # (or its enclosing block's: Transfermarkt's `div.news-header > span` stamp above the `div.news-content` that holds
    # the `<h1>`)
    if block is not None and block.getparent() is not None and block.getparent().tag not in ("body", "html"):
        block = block.getparent()
    before: list[HtmlElement] = []
    if block is not None and block.tag not in ("body", "html"):
        for el in block.iter():
            if el is headline:
                break
            before.append(el)
    for el in chain(after, reversed(before[-_BARE_STAMP_WINDOW:])):
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style", "option") or len(el):
            continue
        text = norm_space(el.text or "")
        if not 10 <= len(text) <= 40 or not any(c.isdigit() for c in text) or next(el.iterancestors("a"), None) is not None:
            continue
        stamp = shown_date(text, lang, tz) or first_timestamp(text, tz, month_words=True)
        if stamp is not None and (stamp.hour, stamp.minute) != (0, 0):
            return stamp
    return None


# what a note about the writer says right after the name (`Leon Kaye, based in Fresno, California, is a …`, `Binoy
# Kampmark was a Commonwealth Scholar …`, `Doug Porter graduated from …`)
_BIO_AFTER_NAME_RE = re_compile(r"^,?\s+(?:is|was|has been|has written|writes|lectures|teaches|covers|graduated|"
                                r"holds|lives|worked|works|ist|war|arbeitet|est|était|es|fue|é|foi)\b|^,\s+(?:based|a|an|the)\b")


def _name_and_site_lines(lines: list[str], url: str) -> bool:
    """A person's name alone, then the site's own address alone (`Prisonplanet.com` on prisonplanet.com)."""
    if len(lines) < 2 or " " not in lines[0].strip():
        return False
    # the address first: it is cheap and almost never there, where reading the name is neither
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    site = lines[1].strip().lower().removeprefix("www.")
    if not host or _HOST_LIKE_RE.fullmatch(site) is None or not (host == site or host.endswith("." + site)):
        return False
    return _whole_name(lines[0], capitalised=True) is not None


def _author_bio(text: str, authors: list[str]) -> bool:
    """A closing paragraph about the story's writer: it opens with the writer's full name and a bio verb."""
    return len(text) <= 700 and any(" " in name and text.startswith(name) and _BIO_AFTER_NAME_RE.match(text[len(name):])
                                    for name in authors)


_HATOM_CLASS_RE = re_compile(r"(?:^|\s)(?:published|updated|dt-published|dt-updated)(?:$|\s)")


def _hatom_stamp(el: HtmlElement) -> str | None:
    """The ISO stamp of an hAtom date (`<abbr class="published" title="2012-11-01T06:00:00-07:00">6:00 AM</abbr>`)."""
    if el.tag != "abbr" or not _HATOM_CLASS_RE.search(el.get("class") or ""):
        return None  # an `abbr.date` with a title is any date (a reader comment's), not the entry's hAtom stamp
    title = el.get("title")
    return title if title and re.match(r"\d{4}-\d{2}-\d{2}", title) else None


def _day_first_short_year(text: str) -> str:
    """`11.03.12 2:51` written as `2012-03-11 2:51`: outside Korean pages (whose CMSs print `24.04.10 21:02`, year
    first) a two-digit year comes last, after the day and month (Russian, German, Czech … stamps)."""
    m = _SHORT_DAY_FIRST_RE.match(text)
    if m is None or not 1 <= int(m[1]) <= 31 or not 1 <= int(m[2]) <= 12:
        return text
    return f"20{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}{text[m.end():]}"


def _dates(doc: HtmlElement, pm: PageMeta, rules: ExtractionRules, scope: HtmlElement | None,
           now: datetime | None, index: SelectorIndex,
           headline: HtmlElement | None = None, url: str = "", korean_body: bool = False,
           site_names: list[str] | None = None, body_sample: str = "") -> tuple[datetime | None, datetime | None]:
    korean = korean_body or hangul_ratio(pm.title_tag or "") > 0.2 or bool(re.search(r"\.kr(?:$|[:/])", url)) \
        or (pm.html_lang or "").lower().startswith("ko")
    tz = rules.timezone or page_zone(url, pm.html_lang, korean, [jsonld_text(pm.jsonld.get(k)) for k in ("datePublished", "dateModified")]
        + [*(pm.meta.get("published") or []), *(pm.meta.get("modified") or [])],
        [jsonld_text(pm.jsonld.get("inLanguage")), *(pm.meta.get("language") or [])], site_names, body_sample)
    lang = pm.html_lang or (pm.meta.get("language") or [None])[0]  # for stamps written in the page's language
    published = parse_date(_first_css_text(doc, rules.published), tz, now=now)
    modified = parse_date(_first_css_text(doc, rules.modified), tz, now=now)
    if rules.published and published is None:
        text = _first_css_text(doc, rules.published) or ""
        published, m2 = labelled_dates(text, tz, now=now)
        modified = modified or m2
    sources_pub = [jsonld_text(pm.jsonld.get("datePublished")), jsonld_text(pm.jsonld.get("dateCreated")),
                   *(pm.meta.get("published") or []), *(pm.microdata.get("datePublished") or [])]
    sources_mod = [jsonld_text(pm.jsonld.get("dateModified")), *(pm.meta.get("modified") or []),
                   *(pm.microdata.get("dateModified") or [])]
    if sources_pub[0] and sources_mod[0]:
        # a JSON-LD publication days after its own modification is a template's slip (El Español: `datePublished`
        # 2017-06-23, `dateModified` 2017-02-14, `article:published_time` 2017-02-13): the next source says
        jl_pub, jl_mod = parse_date(sources_pub[0], tz), parse_date(sources_mod[0], tz)
        if jl_pub is not None and jl_mod is not None and jl_pub - jl_mod > timedelta(days=1):
            sources_pub[0] = None
    day_only: datetime | None = None
    for value in sources_pub:
        if published:
            break
        published = _real_date(metadata_date(value, lang, tz))
        if published is not None and not rules.published and value and ":" not in value \
                and (published.hour, published.minute, published.second) == (0, 0, 0):
            # A date-only value (`<meta name="date" content="2020-02-11">`) is a fallback: a later source may give
            # the same day with its time (microdata `datePublished`).
            day_only = day_only or published
            published = None
    if published is None or (day_only is not None and published.date() != day_only.date()):
        published = published if day_only is None else day_only
        if day_only is not None and published is day_only:
            # `<meta name="date" content="2016-12-15">`, `<time datetime="2016-12-15T15:33:00-05:00">` by the
            # headline (NPR): the page's own stamp of that day gives the hour; or of the day before, the tag giving
            # the print edition's date (nd: `content="2020-04-30"`, `<time>29.04.2020, 12:01 Uhr</time>`)
            for el in index.by_tag("time")[:6]:
                stamp = parse_date(el.get("datetime"), tz) if el.get("datetime") else shown_date(text_of(el), lang, tz)
                if stamp is not None and (stamp.hour, stamp.minute) != (0, 0) \
                        and timedelta(0) <= day_only.date() - stamp.date() <= timedelta(days=1):
                    published = stamp
                    break
            else:
                # ... or a date-named element's stamp of that day (ORF: `dc.date` `2025-10-25`, `div.story-meta-dates`
                # `25. Oktober 2025, 17.52 Uhr`)
                published = shown_date_near(index.by_class_matching(DATE_CLASS_RE), headline, doc, lang, tz,
                                            on_day=day_only) or day_only
    # the page's `<time datetime>` stamps may write the metadata's UTC instant in the outlet's own offset (read only
    # when the metadata time is UTC: the values are consumed lazily)
    published = _zoned_twin(published, chain(sources_pub, (el.get("datetime") for el in index.by_tag("time")[:8])), tz)
    meta_published = published if not rules.published else None
    for value in sources_mod:
        if modified:
            break
        modified = _real_date(metadata_date(value, lang, tz))
    modified = _zoned_twin(modified, sources_mod, tz)
    shown_day: datetime | None = None
    if published is None or modified is None:
        # On-page labels (입력/수정/Updated) in date-ish elements, the article header first.
        for sel in P.DATE_SELECTORS:
            for el in index.select(sel)[:6]:
                if _site_clock(el):
                    continue
                value = el.get("datetime") or el.get("data-date-time") or el.get("data-published") or _hatom_stamp(el)
                text = text_of(el) if len(el) < 30 else ""
                if len(text) > 300 or (published is not None and not may_hold_modified(text)):
                    continue  # too long for a stamp line; or only a modified stamp could add anything, and none is here
                pub, mod = labelled_dates(text, tz, now=now)
                if pub is None and mod is None:
                    if value:
                        pub = parse_date(value, tz, now=now)
                    elif text and (looks_like_date(text) or re.search(r"(?:전|ago)\b", text)):
                        pub = parse_date(text if korean else _day_first_short_year(text), tz, now=now)
                if pub is not None and published is None and not value and _day_only(pub, text):
                    # `2019.03.07 기사표출기준` (머니S): the day; a labelled stamp further on (`입력 : 2019.03.07 11:25`)
                    # may give its time
                    shown_day = shown_day or pub
                    continue
                published = published or pub
                modified = modified or mod
            if published and modified:
                break
    node = scope
    for _ in range(4):  # the article header sits a few levels above the body in table and div layouts
        if (published is not None and modified is not None) or node is None:
            break
        head = text_head(node, 4000)
        if published is None or may_hold_modified(head):  # else only a modified stamp could add anything
            pub, mod = labelled_dates(head, tz, now=now)
            published, modified = published or pub, modified or mod
        node = node.getparent()
    if published is None and headline is not None:
        # An unlabelled stamp in the headline block (`<li><i class="ico_date"></i>2024-03-16 17:12</li>`).
        node = headline.getparent()
        for _ in range(3):
            if node is None or node.tag in ("body", "html"):
                break
            published = first_timestamp(text_head(node, 1500), tz, month_words=True)
            if published is not None:
                break
            node = node.getparent()
        if published is None:
            # The stamp right under the headline, when the block holding both starts with a long masthead or menu
            # (대전일보: `<h2>` headline, then `<article>` opening with `이용민 기자 | 2020-03-04 16:52:59`).
            published = first_timestamp(_text_after(headline, 400), tz, month_words=True)
    if meta_published is not None and published is meta_published and headline is not None:
        shown = _shown_published(headline, tz)
        if shown is not None and _prefer_shown(meta_published, shown):
            published = shown
        elif shown is not None and shown == meta_published and shown.utcoffset() != meta_published.utcoffset():
            # The same instant as a UTC (`…Z`) metadata value: report it in the zone the page shows.
            published = shown
            if modified is not None and modified.utcoffset() == meta_published.utcoffset():
                modified = modified.astimezone(shown.tzinfo)
        elif meta_published.utcoffset() == timedelta(0):
            # `2019-04-19T20:00:00.000Z` in the tags, `<time datetime="2019-04-19T20:00:00+09:00">` by the headline:
            # the CMS wrote local time with a `Z` it does not mean (were it UTC, Tokyo would read 05:00 the next day)
            wall = meta_published.replace(tzinfo=None)
            for el in index.select("time[datetime]")[:3]:
                stamp = parse_date(el.get("datetime"), tz)
                if stamp is not None and stamp.utcoffset() and stamp.replace(tzinfo=None) == wall:
                    published = stamp
                    break
            else:
                if shown is None and meta_published.second:  # a stamp to the second: worth finding its shown minute
                    shown = _stamp_near(index, headline, doc, lang, tz)
                if korean and shown is not None and shown.utcoffset() \
                        and shown.replace(tzinfo=None) == meta_published.replace(tzinfo=None, second=0, microsecond=0):
                    # `Tue, 21 Apr 2020 11:44:34 GMT` in the tags, `승인 2020.04.21 11:44` on the page: a Korean CMS
                    # writing its Seoul wall clock as GMT (were it GMT, Seoul would read 20:44)
                    published = meta_published.replace(tzinfo=shown.tzinfo)
                else:
                    published = _in_shown_zone(meta_published, shown)
        else:
            published = _utc_under_local_offset(meta_published, shown or _stamp_near(index, headline, doc, lang, tz))
    if meta_published is not None and published is meta_published and published.utcoffset() == timedelta(0) \
            and published.hour < max(AMERICAS_OFFSETS):
        # a UTC stamp of the small hours on a page that shows the day before: the Americas' evening
        block = headline.getparent() if headline is not None else None
        for _ in range(2):
            if block is None or block.getparent() is None or block.getparent().tag in ("body", "html"):
                break
            block = block.getparent()
        published = local_evening(published, shown_days(text_head(block, 1500) if block is not None else "", url))
    if published is not None and published.year < EARLIEST_YEAR:
        published = None  # a CMS's empty value (`"datePublished":"1970-01-01T01:00:00+01:00"`), not a date
    if modified is not None and modified.year < EARLIEST_YEAR:
        modified = None
    if published is None:
        # A day-first or month-word stamp (`8. 3. 2013 14:21`, `17 de marzo de 2020`) in a date-named element.
        # (or, failing those, named by its id only: `p#articleDate` `Dodano: 4 stycznia 2012, 10:18`)
        published = shown_date_near(index.by_class_matching(DATE_CLASS_RE), headline, doc, lang, tz) \
            or shown_date_near([el for el in index.by_id_matching(DATE_CLASS_RE) if el.get("class") is None],
                               headline, doc, lang, tz)
    if published is None and headline is not None:
        # an unnamed element under the headline that says only a date and time (`div.caption`: `28 октября 2012, 17:25`)
        published = _bare_stamp_after(doc, headline, lang, tz)
    if published is None:
        published = shown_day  # a date-named element's day, no stamp with a time found elsewhere
    if published is not None and published > (now or datetime.now(timezone.utc)) + timedelta(days=2):
        published = None  # a stamp misread into the future (`27.11.11` as 2027) is no publication date
    if published is None:
        # Nothing placeable: the day the URL names (a CMS writes it when it files the story; htmldate's fast mode can
        # prefer a sidebar's or the saving day's date to it), else the day htmldate reads from <time>/abbr elements or
        # a bare shown date.
        published = url_day(url, tz) or _header_day(headline, body_sample, tz) or htmldate_day(doc, url, tz)
    if published is None and modified is not None:
        published = modified  # only an `Updated …` stamp is shown: the closest date the page gives
    if modified is not None and published is not None and modified < published:
        modified = None
    return published, modified


#: No news page on the web is older: an earlier date is a placeholder (the Unix epoch, `0001-01-01`).
EARLIEST_YEAR = 1991


def _real_date(value: datetime | None) -> datetime | None:
    """`value` unless it is a CMS's placeholder (`"datePublished": "0001-01-01T00:00:00Z"`, USA Today): dropped as it
    is read, so the next source is tried and no later step does arithmetic on the year 1 (a day before it overflows)."""
    return value if value is not None and value.year >= EARLIEST_YEAR else None


_LOGO_RE = re_compile(r"logo", re.I)
_RIGHTS_NOISE_RE = re_compile(r"copyright|\(c\)|©|\b(?:19|20)\d\d\b|all rights reserved\.?|tous droits réservés|"
                              r"alle rechte vorbehalten|todos los derechos reservados|[-–,.]", re.I)


def _rights_holder(value: str) -> str:
    """The holder a copyright notice names (`Copyright (c) Condé Nast 2022` → `Condé Nast`)."""
    return norm_space(_RIGHTS_NOISE_RE.sub(" ", value))


def _logo_names(doc: HtmlElement) -> set[str]:
    """The names an outlet's logo images carry (`alt`/`title` of an `<img>` whose class, id or file name, or whose
    link's, says logo): short names only."""
    names: set[str] = set()
    for img in doc.iter("img"):
        alt = (img.get("alt") or img.get("title") or "").strip()
        if not alt or len(alt) > 40:
            continue
        parent = img.getparent()
        marks = [img.get("class"), img.get("id"), img.get("src"), img.get("data-src")]
        if parent is not None:
            marks += [parent.get("class"), parent.get("id")]
        if any(m and _LOGO_RE.search(m) for m in marks):
            names.add(alt)
    return names


_CHARTBEAT_AUTHORS_RE = re_compile(r"""_sf_async_config\.authors\s*=\s*(["'])(?P<names>[^"'\n]{2,200})\1""")


def _analytics_authors(doc: HtmlElement) -> list[str]:
    """Bylines a page gives only to its analytics (Chartbeat's `_sf_async_config.authors = 'A / B'`, set by the
    CMS from the story's byline): names to clean, or none."""
    for script in doc.iter("script"):
        text = script.text or ""
        if "_sf_async_config" in text:
            m = _CHARTBEAT_AUTHORS_RE.search(text)
            if m:
                return split_names(m["names"])
    return []


def _zoned_twin(found: datetime | None, values: Iterable[str | None], tz: "str | tzinfo | None") -> datetime | None:
    """A UTC metadata date as another source writes the same instant in the page's own offset (JSON-LD `…Z`,
    `article:published_time` `…-06:00`): the calendar day the page shows. Otherwise `found` as it is."""
    if found is None or found.utcoffset() != timedelta(0):
        return found
    for value in values:
        if value and ("+" in value[10:] or "-" in value[10:]):  # an explicit offset after the date part
            other = parse_date(value, tz)
            if other is not None and other == found and other.utcoffset() != timedelta(0):
                return other
    return found


def _header_day(headline: HtmlElement | None, body_sample: str, tz: "str | tzinfo | None") -> datetime | None:
    """The day a reader sees between the headline and the text (`By David Richards | Monday | 07/01/2008`,
    `By Alice Turner<br>21:04, January 11th 2008`) or opening the text (UN News: `16 January 2008 – The Security
    Council …`): for a page that dates itself nowhere else."""
    node = headline
    for _ in range(3):  # the headline may sit alone in its cell or span: the block around it has the stamp
        if node is None or node.tag in ("body", "html"):
            break
        after = _text_after(node, 300)
        if len(after.strip()) >= 20:
            day = stamp_day(after[:300], tz)
            if day is not None:
                return day
            break
        node = node.getparent()
    if headline is not None:
        # ... or just above it, alone on its line (`<span class="summary">Jan 17, 2008</span><br>` over the headline)
        before = _line_before(headline)
        if before and len(before) <= _STAMP_LINE_MAX:
            day = stamp_day(before, tz)
            if day is not None:
                return day
    return stamp_day(body_sample[:40], tz) if body_sample else None


_STAMP_LINE_MAX = 40  # characters of a line that is only a date stamp (`Friday, January 11, 2008`)


def _line_before(el: HtmlElement) -> str:
    """The text of the line a reader sees right above `el` (the previous sibling's text or the text before it in its
    parent, climbing past wrappers that hold nothing else), or ''."""
    node = el
    for _ in range(3):
        prev = node.getprevious()
        while prev is not None and (not isinstance(prev.tag, str) or prev.tag == "br") and not (prev.tail or "").strip():
            prev = prev.getprevious()
        if prev is not None:
            tail = (prev.tail or "").strip()
            return norm_space(tail) if tail else text_of(prev)
        parent = node.getparent()
        if parent is None or (parent.text or "").strip():
            return norm_space(parent.text or "") if parent is not None else ""
        node = parent
    return ""


def _text_after(el: HtmlElement, n: int) -> str:
    """About the first `n` characters a reader sees after `el` (its tail, then its following siblings' text)."""
    parts = [el.tail or ""]
    size = len(parts[0])
    for sib in el.itersiblings():
        if size >= n:
            break
        if isinstance(sib.tag, str):
            piece = text_head(sib, n)
            parts.append(piece)
            size += len(piece)
        parts.append(sib.tail or "")
        size += len(parts[-1])
    return " ".join(parts)[: n * 2]


def _shown_published(headline: HtmlElement, tz: "str | tzinfo | None") -> datetime | None:
    """The publication stamp a reader sees in the headline block: a labelled one (`입력 …`), else the first with a time."""
    node = headline.getparent()
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            break
        text = text_head(node, 1500)
        pub, _ = labelled_dates(text, tz)
        if pub is None:
            pub = first_timestamp(text, tz)
        if pub is not None:
            return pub
        node = node.getparent()
    return None


def _stamp_near(index: SelectorIndex, headline: HtmlElement | None, doc: HtmlElement, lang: str | None,
                tz: "str | tzinfo | None") -> datetime | None:
    """The shown stamp of one of the four date-named elements nearest the headline, to compare a metadata time with."""
    return shown_date_near(index.by_class_matching(DATE_CLASS_RE), headline, doc, lang, tz, limit=4)


def _in_shown_zone(meta: datetime, shown: datetime | None) -> datetime:
    """A UTC metadata stamp (`2022-05-04T00:44:52Z`) that a shown stamp without a zone gives whole hours apart to the
    minute (`03/05/2022 21:44`): the same instant in the offset the page shows it in (-03:00), so the day is the
    page's. Otherwise `meta` as it is."""
    if shown is None or (shown.second, shown.microsecond) != (0, 0):
        return meta
    delta = shown.replace(tzinfo=None) - meta.replace(tzinfo=None, second=0, microsecond=0)
    if not delta or delta % timedelta(hours=1) or not timedelta(hours=-12) <= delta <= timedelta(hours=14):
        return meta
    return meta.astimezone(timezone(delta))


def _utc_under_local_offset(meta: datetime, shown: datetime | None) -> datetime:
    """`"datePublished": "2022-04-27T02:10:00-05:00"` on a page showing `26 abr 2022 - 9:10 p.m.`: the CMS wrote the
    UTC wall clock with the local offset after it; the shown stamp (the metadata's wall clock shifted by that offset,
    to the minute) is the publication time, in that offset. Otherwise `meta` as it is."""
    offset = meta.utcoffset()
    if shown is None or not offset or (shown.second, shown.microsecond) != (0, 0):
        return meta
    wall = meta.replace(tzinfo=None, second=0, microsecond=0)
    if shown.replace(tzinfo=None) != wall + offset:
        return meta
    return shown.replace(tzinfo=meta.tzinfo)


def _prefer_shown(meta: datetime, shown: datetime) -> bool:
    """Metadata dates that disagree with the page: a date-only value (midnight) on the day the page shows with a
    time (강원일보), or a later value — print edition or last update — within a few days after the shown stamp (매일신문)."""
    if meta == shown or (shown.hour, shown.minute, shown.second) == (0, 0, 0):
        return False  # a shown date without a time of day (`4 June 2024`) says nothing about the hour
    if meta.utcoffset() != shown.utcoffset():
        return False  # the shown stamp was read in the default zone; a metadata value in another zone is not comparable
    midnight = (meta.hour, meta.minute, meta.second) == (0, 0, 0)
    if midnight and (shown.hour, shown.minute) != (0, 0) and shown.astimezone(meta.tzinfo).date() == meta.date():
        return True
    return timedelta(0) < meta - shown <= P.META_DATE_LATE_MAX


_HEADLINE_TAGS = ("h1", "h2", "h3", "h4")


def _headline_el(doc: HtmlElement, title: str, title_el: HtmlElement | None) -> HtmlElement | None:
    """The element showing the headline on the page (the article header sits around it)."""
    if title_el is not None:
        return title_el
    key = norm_key(title) if title else ""
    if not key:
        return None
    for el in doc.iter(*_HEADLINE_TAGS):
        if norm_key(text_of(el)) == key:
            return el
    titleish = [el for el in _TITLEISH_XP(doc)[:60] if len(el) < 3]
    for el in titleish:  # `<div class="article-head-title">` (ndsoft) and other non-heading headlines
        if norm_key(text_of(el)) == key:
            return el
    for el in titleish if len(key) >= 12 else ():  # ... the headline under a kicker (`<b>Ιός H1N1 </b><br>Αυξάνονται …`)
        shown = norm_key(text_of(el))
        if shown.endswith(key) and len(shown) - len(key) <= 30:
            return el
    # `Retro-PC: Commodore reaktiviert den C64` shown as a kicker heading and the headline heading
    kicker, colon, rest = title.partition(": ")
    if colon and len(rest) >= 12 and len(kicker) <= 30:
        rest_key = norm_key(rest)
        found = next((el for el in doc.iter(*_HEADLINE_TAGS) if norm_key(text_of(el)) == rest_key), None)
        if found is not None:
            return found
    if len(key) < _PLAIN_HEADLINE_MIN_KEY:
        return None
    # a headline in plain markup, no heading and no title-ish name (`<font size="+1"><b>EMC Sees …</b></font><br>`,
    # a 2008 trade site): the first element of the body that shows just the title, in the body's first 60 such
    for el in _SHORT_TEXT_XP(doc, lo=max(1, len(title) - 20), hi=len(title) + 20)[:60]:
        if len(el) < 3 and norm_key(text_of(el)) == key:
            return el
    return None


_PLAIN_HEADLINE_MIN_KEY = 12  # a title this long (normalised characters), at least, is looked for in plain markup
# body elements whose text is about a headline's length (`$lo`–`$hi` characters), in document order
_SHORT_TEXT_XP = etree.XPath("//body//*[self::b or self::strong or self::font or self::span or self::td or self::div "
                             "or self::p][string-length(normalize-space(.)) >= $lo][string-length(normalize-space(.)) <= $hi]")


_HEADER_BYLINE_RE = re_compile(rf"^(?:\S{{1,12}}\s+(?!{P.ROLE}))?(?P<names>{P.KO_NAMES}\s*{P.ROLE}(?:\s*[,·]\s*{P.KO_NAME}\s*{P.ROLE})*)$")
_BARE_NAME_RE = re_compile(rf"^(?P<names>{P.KO_NAME})(?:\s*{P.ROLE})?(?:\s*\([A-Za-z][\w.\-]{{1,20}}\))?$")
# also a camel-case part of a class name (`ShareByline`, `articleAuthor`)
_BYLINE_BOX_RE = re_compile(r"(?:^|[\s_\-])(?i:reporter|repoter|writt?er|author|autor|avtor|auteur|journalist|byline|contributor)"
                            r"|(?<=[a-z])(?:Reporter|Writer|Author|Journalist|By[lL]ine)")  # `h3.newsByLine`
_BYLINE_LEAVES = ("a", "span", "li", "em", "strong", "b", "p", "div", "dd", "dt")
# `Von Claudia Ludewig`, `Piše: P. Mucović`, `Par E. NURDIN`: a by-word and names, read only inside a byline-classed box
_BYWORD_LINE_RE = re_compile(r"^(?:by|von|par|por|di|door|przez|piše|napisao|napisala|oleh|penulis|autor|autorin|autorka|avtor|avtorica|auteur|av|af|από|"
                             r"skrevet af|skrevet av|skrivet av|geschreven door|escrito por|scritto da|écrit par|un articol de|"
                             r"автор|авторы|كتب|كتبت|بقلم)\s*[:：]?\s+(?P<names>\S.{2,78})$", re.I)


def _microdata_authors(doc: HtmlElement, pm: PageMeta, headline: HtmlElement | None, exclude: set[str],
                       marked: str) -> list[str]:
    """People in `itemprop=author` microdata; of several, those in the story's header when it names some of them
    (teaser cards above or beside the story carry `itemprop=author` bylines too)."""
    found = clean_authors(list(pm.microdata.get("author") or []), exclude=exclude, marked=marked)
    if len(found) < 2 or headline is None:
        return found
    near = [el for el in _story_header(doc, headline) if "author" in (el.get("itemprop") or "").split()]
    # the first byline after the headline: its author elements share a parent (`A and B`); later ones are cards'
    near = [el for el in near if _grandparent(el) is _grandparent(near[0])] if near else []
    # an item without an `itemprop=name` (`div.byline[itemprop=author][itemscope]` > `a.fn`, then an address and a
    # role): its text pieces, each on its own
    values = [v for el in near for v in ([microdata_value(el)] if microdata_value(el) else el.itertext())]
    names = clean_authors([v.strip() for v in values if v and v.strip() and len(v) < 120], exclude=exclude, marked=marked)
    return names if names and set(names) < set(found) else found


def _in_other_story(el: HtmlElement, headline: HtmlElement | None) -> bool:
    """`el` sits in an `<article>` that does not hold the story's headline and links to a story of its own (a news-feed
    item: `article.news-feed-item` > `span.author`)."""
    if headline is None:
        return False
    card = next(el.iterancestors("article"), None)
    if card is None or any(anc is card for anc in headline.iterancestors()):
        return False
    return any(len(text_of(a)) >= 20 for a in card.iter("a"))  # `Uni Watch: Reveal the shield`


def _under_linked_heading(el: HtmlElement, headline: HtmlElement | None) -> bool:
    """`el` shares a small block (3 levels up at most) with a heading that links to another story, a block that does
    not hold the story's headline: a teaser card's byline (Boston Herald's `div.articleTease` > `h1 > a` and
    `div.byline`, under `Related Articles`)."""
    if headline is None:
        return False
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None or node.tag in ("body", "html") or any(anc is node for anc in headline.iterancestors()):
            return False
        if any(h is not headline and h.find(".//a[@href]") is not None for h in node.iter("h1", "h2", "h3", "h4")):
            return True
    return False


def _grandparent(el: HtmlElement) -> HtmlElement | None:
    parent = el.getparent()
    return parent.getparent() if parent is not None else None


def _story_header(doc: HtmlElement, headline: HtmlElement) -> list[HtmlElement]:
    """The elements after the headline up to the next headline-sized heading (another story's, or the body's first
    subhead), at most `_NEAR_HEADLINE` of them: where the story's own byline sits."""
    out: list[HtmlElement] = []
    seen = False
    key = norm_key(text_of(headline))
    for node in doc.iter(etree.Element):
        if seen:
            if node.tag in ("h1", "h2", "h3") and len(text_of(node)) >= 20 and norm_key(text_of(node)) != key:
                break
            out.append(node)
            if len(out) >= _NEAR_HEADLINE:
                break
        elif node is headline:
            seen = True
    return out


def _header_authors(headline: HtmlElement | None, index: SelectorIndex, doc: HtmlElement, *, boxes: bool = True) -> list[str]:
    """Reporter names as a reader finds them when no metadata names one: a short `… 홍길동 기자` line in the
    headline block, else a bare name (`유성애`, `유성애(findhope)`) in a reporter/writer/byline box."""
    if headline is not None:
        node = headline.getparent()
        for _ in range(2):
            if node is None or node.tag in ("body", "html"):
                break
            for el in node.iter(*_BYLINE_LEAVES):
                if len(el) > 2:
                    continue
                text = text_of(el)
                if 4 <= len(text) <= 30:
                    m = _HEADER_BYLINE_RE.match(text)
                    if m:
                        return split_names(m["names"])
            node = node.getparent()
    if not boxes:
        return []
    # the article's header: a by-word line (`Von …`, `Par …`) elsewhere is a teaser card's (`Par Sylvain Fort`)
    header = headline
    for _ in range(3):
        if header is None or header.getparent() is None or header.getparent().tag in ("body", "html"):
            break
        header = header.getparent()
    named = _byline_named(doc)
    for box in doc.iter("div", "section", "aside", "ul", "dl", "p", "span"):
        if named is not None and box not in named:
            continue
        names = f"{box.get('class') or ''} {box.get('id') or ''}"
        if not _BYLINE_BOX_RE.search(names) or P.COMMENT_NAME_RE.search(names):
            continue  # a reader comment's `div.comment-author` names a commenter
        if len(text_of(box)) > 300:
            continue
        for el in box.iter(*_BYLINE_LEAVES):
            if len(el) > 1:
                continue
            text = _by_line_of(el)
            m = _BARE_NAME_RE.match(text)
            if m is not None and _inside_longer_link(el, text):
                # a name inside a link that says more than the name: a card linking to another story (Naver's ranking
                # cards, `a.rl_link_end > div.rl_content > div.rl_author`), not a link to the author's page
                continue
            if m is None and len(text) <= 80:
                m = next((x for x in (rx.match(text) for rx in P.BYLINE_LINES) if x and x.groupdict().get("names")), None)
                if m is None and header is not None and header in set(el.iterancestors()) and not _in_teaser_card(el) \
                        and not _in_side_region(el, headline):
                    m = _BYWORD_LINE_RE.match(text)
                    if m is None and (el.tag == "a" or next(el.iterancestors("a"), None) is not None) \
                            and not _TAXONOMY_HREF_RE.search(_link_of(el).get("href") or ""):
                        # a bare name linking to its author page in the article header's author box
                        # (`div.post-meta-author` → `<a href="/Editors/…">نورهان نبيل</a>`); capitalised where the
                        # script has case (`Olvasói szavazás`, a poll link, is no name)
                        name = _whole_name(text, capitalised=True)
                        if name:
                            # the box's other author links too (`div.field--name-field-autorzy`: one link per author)
                            link = _link_of(el)
                            where = (link.get("href") or "").rsplit("/", 1)[0]  # `/pl/eksperci/`: the authors' pages
                            more = [n for a in box.iter("a") if a is not link and where
                                    and (a.get("href") or "").rsplit("/", 1)[0] == where
                                    for n in [_whole_name(text_of(a))] if n]
                            return _whole_by_line(box, [name] + [n for n in more if n != name])
                    elif m is None and len(text) <= 40 and (el is box or _BYLINE_BOX_RE.search(el.get("class") or "")):
                        # the author-classed element holds the name alone (`p.article-header-full__author`), or its
                        # author-named part does, perhaps with the firm after a comma (`span.Author_name`: `Martin
                        # Gerecke, CMS`)
                        name = _whole_name(text, capitalised=True) or _whole_name(text.partition(",")[0], capitalised=True)
                        if name:
                            return [name]
            if m and split_names(m["names"]):
                return _whole_by_line(box, split_names(m["names"]))
            if m is None and el.tag == "a" and len(text) <= 40 and headline is not None \
                    and _links_own_page(el, text) and _before_other_headline(doc, headline, el) \
                    and not _in_teaser_card(el) and not in_comment_thread(el, headline) \
                    and not _in_side_region(el, headline):
                # a name linking to a page named after it (`<a href="/author/1523/dan-worth">Dan Worth</a>`) in an
                # author box after the headline, wherever the page's layout puts that box
                name = _whole_name(text, capitalised=True)
                if name:
                    return [name]
            if m is None and len(text) <= 60 and header is not None and header in set(el.iterancestors()) \
                    and not _in_teaser_card(el) and _labelled_by(el):
                # `<span>Article by</span><br><span class="author_single">Barry Alleyne</span>`: the by-word set apart
                name = _whole_name(text)
                if name:
                    return [name]
    return []


_SLUG_SPLIT_RE = re_compile(r"[^a-z0-9]+")


def _before_other_headline(doc: HtmlElement, headline: HtmlElement, el: HtmlElement) -> bool:
    """`el` follows the headline closely (`_NEAR_HEADLINE` elements), before any heading that links to another story
    (a teaser card's `<a><h2>…</h2></a>`); a standfirst `<h2>` under the headline does not end the story's header."""
    window = _after_headline(doc, headline)[0]
    if el not in window:
        return False
    seen = False
    for node in doc.iter():
        if node is headline:
            seen = True
        elif node is el:
            return seen
        elif seen and node.tag in ("h1", "h2", "h3", "h4") and (
                next(node.iterancestors("a"), None) is not None or next(node.iter("a"), None) is not None):
            return False
    return False


# a path segment naming the site's pages of its writers (`/szerzo/forisek-adam`, `/autor/…`, `/author/…`)
_AUTHOR_PATH_RE = re_compile(r"/(?:authors?|autor(?:es|en|zy|i)?|auteurs?|autore|autori|szerzo|szerzok|journalists?|"
                             r"reporters?|redaktor|writers?|columnists?|staff|people|by)/", re.I)


def _author_page_link(doc: HtmlElement, headline: HtmlElement) -> list[str]:
    """The writer's name in the story's header as a link to their page under a writers' path, the page named after
    them (`<a href="/szerzo/forisek-adam">Forisek Ádám</a>` under the headline): no byline box or by-word needed."""
    header = _after_headline(doc, headline)[1]
    for el in doc.iter("a"):  # in page order: the first such link
        if el not in header or not _AUTHOR_PATH_RE.search(el.get("href") or ""):
            continue
        text = text_of(el)
        para = next(el.iterancestors("p"), None)
        if para is not None and len(text_of(para)) > 120:
            continue  # a name linked in the running text (`<p><strong><a href="/people/philippe-katerine-en-couple-…">`)
        if len(text) <= 40 and _links_own_page(el, text, suffixed=True) and not _in_teaser_card(el) and not in_media_item(el) \
                and not any(_CREDIT_CLASS_RE.search(f"{a.get('class') or ''} {a.get('id') or ''}")
                            for a in _self_and_ancestors(el, 3)) \
                and not _in_side_region(el, headline):  # a photographer's credit (`p.credit > a`), a sidebar's card
            name = _whole_name(text, capitalised=True)
            if name:
                return [name]
    return []


# a region of the page beside or after the story (`div.sidebar_content > div.mostpopular`: cards with their bylines)
_SIDE_REGION_RE = re_compile(r"sidebar|related|popular|most-?popular|most-?read|recommend", re.I)


def _in_side_region(el: HtmlElement, headline: HtmlElement | None) -> bool:
    """`el` sits in a region beside or after the story (`div.sidebar_content > div.mostpopular`): a block named so
    by one of its class or id words, below the nearest block that also holds the headline (a page wrapper named
    `withSidebar` or `no-sidebars` holds the story itself)."""
    above = set(headline.iterancestors()) if headline is not None else set()
    for anc in el.iterancestors():
        if anc in above:
            return False
        if any(_SIDE_REGION_RE.match(w) for w in f"{anc.get('class') or ''} {anc.get('id') or ''}".split()):
            return True
    return False


_FN_CLASS_RE = re_compile(r"(?:^|\s)fn(?:$|\s)")


# a link to a category, tag or section page (`/review/?category=CPU%20Coolers`, `/tag/ai/`): the byline's "in …"
_TAXONOMY_HREF_RE = re_compile(r"[?&](?:category|cat|tag|tags|section|topic)=|/(?:category|categories|tags?|topics?|"
                               r"sections?|rubri[ck]a?|kategori[ea]?)/", re.I)
# a writers' path, or a user's (Habr: `/ru/users/programmerguru/`)
_HANDLE_PATH_RE = re_compile(_AUTHOR_PATH_RE.pattern + r"|/users?/", re.I)
_HANDLE_RE = re_compile(r"[^\W_][\w.\-]{2,29}")
# one-word labels a blog platform prints where no writer is named
_NO_HANDLE = frozenset({"admin", "administrator", "editor", "editors", "staff", "redaktion", "redaction", "rédaction",
                        "redacción", "redaccion", "team", "guest", "anonymous", "anonyme", "webmaster", "user", "author",
                        "agencies", "agency", "desk", "newsdesk", "bureau", "wires", "wire", *P.NEWSROOM_WORDS})


def _link_of(el: HtmlElement) -> HtmlElement:
    """`el` itself when it is a link, else the link it sits in."""
    return el if el.tag == "a" else next(el.iterancestors("a"))


def _marked_handle(doc: HtmlElement, headline: HtmlElement | None) -> list[str]:
    """A blogger's one-word handle that the page marks as the post's author, when nothing else names one: the text of
    a link to its own page under a writers' or users' path (`<a href="/author/pradeep/">pradeep</a>`, Habr's
    `/ru/users/programmerguru/`) or of an `a[rel=author]` (`Yiru`). Never a menu's, a commenter's, a sidebar's or
    another story's link, nor an acronym (`/autor/erbol`: `ERBOL`, a news agency). (An hCard `.fn` alone was tried:
    as often a blog platform's account name, `Tango`, `satter`, as the writer's.)"""
    for el in doc.iter("a"):
        href = el.get("href") or ""
        rel = el.get("rel") or ""
        # HTML's `<address>` holds the contact of the article's author (`by <address><a href="/forums/members/68032/">
        # crazyeyesreaper</a></address>`, TechPowerUp)
        # (one link alone in it: a footer's `<address>` of policy links is the site's)
        parent = el.getparent()
        in_address = parent is not None and parent.tag == "address" and len(parent) == 1 \
            and not (parent.text or "").strip() and not (el.tail or "").strip()
        if "author" not in rel and not in_address and not _HANDLE_PATH_RE.search(href):
            continue  # (the address first: reading every link's text cost ~2 ms on a page of 800 links)
        text = norm_space(text_of(el))
        if not _HANDLE_RE.fullmatch(text) or text.casefold() in _NO_HANDLE or text.isdigit() or text.isupper():
            continue
        path = href.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        head, _, last = path.rpartition("/")
        marked = (last.casefold() == text.casefold() and head.rsplit("/", 1)[-1] != ""
                  and _HANDLE_PATH_RE.search("/" + head.rsplit("/", 1)[-1] + "/") is not None) \
            or "author" in rel.split() or in_address
        if not marked or next(el.iterancestors("nav"), None) is not None \
                or any("menu" in f"{a.get('class') or ''} {a.get('id') or ''}".casefold() for a in el.iterancestors()):
            continue
        if in_comment_thread(el, headline) or _in_other_story(el, headline) or _in_side_region(el, headline) \
                or _in_teaser_card(el) or any("comment" in f"{a.get('class') or ''} {a.get('id') or ''}".casefold()
                                              for a in el.iterancestors()):
            continue
        return [text]
    return []


def _agreed_single_name(doc: HtmlElement, pm: PageMeta) -> list[str]:
    """A one-word writer's name (`Sunny`, a pen name) when two sources agree on it: the `author` meta tag and an
    author-marked element the reader sees (`a[rel=author]`, hCard `.fn`, a byline-classed element). One source alone
    is too weak: bylined people have two names, one word is often a site or a handle."""
    single = [v.strip() for v in pm.meta.get("authors") or []
              if v and 3 <= len(v.strip()) <= 30 and " " not in v.strip() and v.strip()[0].isupper()
              and "@" not in v and "/" not in v and "." not in v and not P.AGENCY_RE.search(v)]
    if not single:
        return []
    for el in doc.iter("a", "span"):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if ((el.get("rel") or "").lower() == "author" or _FN_CLASS_RE.search(el.get("class") or "")
                or _BYLINE_BOX_RE.search(names)) and len(el) == 0 and norm_space(el.text or "") == single[0]:
            return [single[0]]
    return []


def _links_own_page(link: HtmlElement, text: str, *, suffixed: bool = False) -> bool:
    """The link leads to a page whose address ends with its own text as a slug (`Dan Worth` → `/author/1523/dan-worth`,
    `…/by/dan-worth/`, `Forisek Ádám` → `/szerzo/forisek-adam`): an author page, not a story. `suffixed`: the slug may
    carry an id after it (`/autor/juliusz-sabak-at-tacK-9RBt-FhE1/`), for links already under a writers' path."""
    # letters without their marks: a slug writes `Ádám` as `adam`
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    slug = "-".join(w for w in _SLUG_SPLIT_RE.split(plain) if w)
    if "-" not in slug:
        return False  # one word (or a script without Latin letters): too weak a match
    path = (link.get("href") or "").split("?", 1)[0].split("#", 1)[0].rstrip("/")
    last = path.rsplit("/", 1)[-1].lower().strip("-_")  # `…/antonio-barrero-f-` for `Antonio Barrero F.`
    if last == slug or last.rsplit(".", 1)[0] == slug or (suffixed and last.startswith(slug + "-")):
        return True
    # under a writers' path, the slug written run together or as initial and surname (`Bill Palmer` →
    # `/author/billpalmer/`, `Andy Matarrese` → `/author/amatarrese`)
    words = slug.split("-")
    return suffixed and len(last) >= 6 and last in ("".join(words), words[0][:1] + "".join(words[1:]))


def _by_line_of(el: HtmlElement) -> str:
    """A byline element's text; when `<br>` breaks it, the line that reads as a by-line (`By ANDREW DALTON<br>AP
    Entertainment Writer`: `By ANDREW DALTON`, not the glued `… DALTONAP Entertainment Writer` of `text_of`)."""
    if next(el.iter("br"), None) is None:
        return text_of(el)
    for line in _br_lines(el):
        if any(m and m.groupdict().get("names") for m in (rx.match(line) for rx in P.BYLINE_LINES)):
            return line
    return text_of(el)


def _br_lines(el: HtmlElement) -> list[str]:
    """The element's text as the lines its `<br>`s make, whitespace-normalised, empty lines left out."""
    lines: list[str] = []
    current: list[str] = []

    def walk(node: HtmlElement) -> None:
        current.append(node.text or "")
        for child in node:
            if child.tag == "br":
                lines.append(" ".join(current))
                current.clear()
            elif isinstance(child.tag, str):
                walk(child)
            current.append(child.tail or "")

    walk(el)
    lines.append(" ".join(current))
    return [line for line in map(norm_space, lines) if line]


def _parts_text(el: HtmlElement) -> str:
    """A byline element's text with its parts kept apart: `<strong>María … Reina</strong><a>maria.carrasquilla@…</a>`
    reads `… Reina maria.carrasquilla@…`, not the glued `Reinamaria.carrasquilla@…` of `text_of`."""
    return norm_space(" ".join(el.itertext()))


def _whole_name(text: str, *, capitalised: bool = False) -> str | None:
    """The one person's name that is the whole of `text`, else None; `capitalised`: each word starts with a capital
    where the script has case (`Olvasói szavazás`, a poll link, is no name)."""
    names = split_names(text)
    if len(names) != 1 or norm_key(names[0]) != norm_key(text):
        return None
    if capitalised and not all(w[0].isupper() or not w[0].islower() for w in names[0].split()):
        return None
    return names[0]


_BYWORD_LABEL_RE = re_compile(r"^(?:(?:article|story|text|words|written|posted|reported)\s+)?(?:by|von|par|por|autor|"
                              r"autorin|auteur|door|przez|av|af)\s*[:：]?$", re.I)


def _labelled_by(el: HtmlElement) -> bool:
    """The element right before `el` (a `<br>` between them aside) is a by-word label alone (`Article by`, `Von:`)."""
    prev = el.getprevious()
    while prev is not None and (not isinstance(prev.tag, str) or prev.tag == "br") and not (prev.tail or "").strip():
        prev = prev.getprevious()
    return prev is not None and isinstance(prev.tag, str) and not (prev.tail or "").strip() \
        and _BYWORD_LABEL_RE.match(norm_space(text_of(prev))) is not None


def _whole_by_line(box: HtmlElement, names: list[str]) -> list[str]:
    """All the names of the `By A, B and C` line a byline-classed name element belongs to (NYT marks only the last
    name `span.last-byline`; its paragraph names the four reporters)."""
    node = box.getparent()
    for _ in range(2):
        if node is None:
            break
        text = text_of(node)
        if len(text) > 200:
            break
        m = _BY_LINE_RE.match(text)
        if m and m["names"]:
            whole = split_names(m["names"])
            if len(whole) > len(names) and set(names) <= set(whole):
                return whole
        node = node.getparent()
    return names


# `Редактор: Елин Димитров` marked up as `itemprop=author`: the desk editor who handled the story, not its author.
_EDITOR_LABEL_RE = re_compile(r"^(?:редактор|редакторка|editor|edited by|editado por|επιμέλεια|uredio|uredila|szerkesztő)\b\s*[:：]?",
                              re.I)


# Chinese bylines: `〔記者巫其倫／台北報導〕` opening the text, `聯合報 記者林宸誼／即時報導` under the headline;
# `（记者唐霁）`, `（评论员 罗博 萧海川）` in brackets; `作者： 记者王敬照`, `采写：南都记者 余毅菁 向雪妮`, `执笔/叨叨姐、胡一刀`
_ZH_NAMES = r"(?P<names>[\u4e00-\u9fff]{2,4}(?:(?:\s*[、，,&]\s*|\s+)[\u4e00-\u9fff]{2,4})*)(?=$|[\s、，,&／/）)]|[编編]辑|[编編]輯)"
# Taiwanese places a credit's reporter name runs into (`中央社記者邱俊欽桃園19日電`)
_TW_PLACES = "台北|臺北|新北|桃園|台中|臺中|台南|臺南|高雄|基隆|新竹|苗栗|彰化|南投|雲林|嘉義|屏東|宜蘭|花蓮|台東|臺東|澎湖|金門|馬祖"
_ZH_REPORTER_RES = (
    re_compile(r"(?:記者|记者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4})*)\s*[／/]"),
    re_compile(r"[（(][^（()）]{0,12}?(?:記者|记者|评论员|評論員|实习生|實習生)\s*" + _ZH_NAMES + r"[^（()）]{0,16}[）)]"),
    re_compile(r"(?:^|[\s：:》」])(?:作者|执笔|執筆|采写|採寫|撰文)\s*[：:/／\s]\s*(?:[\u4e00-\u9fff]{0,8}?(?:记者|記者)\s*)?"
               + _ZH_NAMES),
    # `作者：李在山` run into the stamp and source before it (`2019-09-26 12:11来源：证券时报网作者：李在山`)
    re_compile(r"(?:作者|作\s者)\s*[：:]\s*" + _ZH_NAMES),
    # a closing credit before the source note: `中青报·中青网记者 魏其濛 来源：中国青年报`
    re_compile(r"(?:記者|记者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4}){0,3})\s+(?:来源|來源)\s*[:：]"),
    # a closing credit: `（王煌忠／台中報導）` (蘋果日報), `（記者王小明／台北報導）`
    re_compile(r"[（(]\s*(?:記者|记者)?\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4}){0,3})\s*[／/]\s*"
               r"[\u4e00-\u9fff]{1,8}(?:報導|报道|報道)\s*[）)]"),
    # 中央社's dateline, names run into the place: `（中央社記者邱俊欽桃園19日電）`; a Taiwanese place known, else a
    # three-character name (the common length) before a place of two or more
    re_compile(r"[（(]\s*中央社(?:記者|记者)(?P<names>(?:[\u4e00-\u9fff]{2,3}[、，,])*[\u4e00-\u9fff]{2,3}?)"
               rf"(?:{_TW_PLACES}|連江)[\u4e00-\u9fff]{{0,6}}\s*\d{{1,2}}日(?:專)?電\s*[）)]"),
    re_compile(r"[（(]\s*中央社(?:記者|记者)(?P<names>(?:[\u4e00-\u9fff]{2,3}[、，,])*[\u4e00-\u9fff]{3})"
               r"[\u4e00-\u9fff]{2,8}\s*\d{1,2}日(?:專)?電\s*[）)]"),
    # any outlet's bracketed credit, the name run into the place: `【台灣醒報記者林宜靜台北報導】`
    re_compile(r"[【\[（(]\s*[\u4e00-\u9fff]{0,8}(?:記者|记者)(?P<names>(?:[\u4e00-\u9fff]{2,3}[、，,])*[\u4e00-\u9fff]{2,3}?)"
               rf"(?:{_TW_PLACES}|北京|上海|天津|重庆|重慶|广州|廣州|深圳|香港|澳门|澳門)[\u4e00-\u9fff]{{0,6}}"
               r"(?:報導|报道|報道|\d{1,2}日(?:專)?電|\d{1,2}日(?:专)?电)\s*[】\]）)]"),
)


# a role before each name, then `报道`: `大江网讯 实习生吴梦丽、记者喻云亮报道：`
_ZH_ROLED_RUN_RE = re_compile(r"(?:(?:实习生|實習生|记者|記者|通讯员|通訊員)\s*[\u4e00-\u9fff]{2,3}\s*[、，,和]?\s*){1,4}"
                              r"(?=(?:报道|報導|报导|報道)\s*[：:])")
_ZH_ROLED_NAME_RE = re_compile(r"(?:实习生|實習生|记者|記者|通讯员|通訊員)\s*([\u4e00-\u9fff]{2,3})")


# a name in full-width brackets closing the text after its last sentence (`…举行。（张巨峰）`); not Sina's ASCII `(李楠)`,
# which the labels (`gne_sina_4`) do not count as a writer
_ZH_CLOSING_NAME_RE = re_compile(r"[。！？”]（(?P<names>[\u4e00-\u9fff]{2,3})）$")


def _zh_reporters(headline: HtmlElement | None, paragraphs: list[str]) -> list[str]:
    """Reporter names of a Chinese byline: in the headline block, opening the first paragraph or closing the last."""
    # short lines anywhere are byline-sized (`采写：南都记者 余毅菁 向雪妮` after a boxed summary)
    texts = [p[:40] for p in paragraphs[:2]] + [p[-40:] for p in paragraphs[-5:]] + [p for p in paragraphs if len(p) <= 30]
    node = headline.getparent() if headline is not None else None
    for _ in range(2):
        if node is None or node.tag in ("body", "html"):
            break
        texts.append(text_head(node, 600))
        node = node.getparent()
    for rx in _ZH_REPORTER_RES:
        found = [han_names(m["names"]) for m in map(rx.search, texts) if m]
        if any(found):
            return max(found, key=len)  # the fullest of the lines naming them
    # the writer's name in brackets closing the text (`…南美站活动将先后在巴西、乌拉圭、阿根廷举行。（张巨峰）`)
    m = _ZH_CLOSING_NAME_RE.search(paragraphs[-1]) if paragraphs else None
    if m and han_names(m["names"]):
        return han_names(m["names"])
    for text in texts[:2]:
        m = _ZH_ROLED_RUN_RE.search(text)
        if m:
            return [name for name in _ZH_ROLED_NAME_RE.findall(m.group(0)) if han_names(name)]
    return []


def _subhead_between_paragraphs(el: HtmlElement) -> bool:
    """A heading classed `subtitle` after a paragraph of text (NZZ's `h2.subtitle`): a subhead of the story, not its deck."""
    if el.tag not in ("h2", "h3", "h4", "h5", "h6"):
        return False
    for sib in el.itersiblings("p", preceding=True):
        if len(text_of(sib)) >= 80:
            return True
    return False


_RIGHT_ALIGNED_RE = re_compile(r"text-align\s*:\s*right", re.I)
_SIGNOFF_SPLIT_RE = re_compile(r"\s+[-–—]\s+")
_SIGNOFF_MAX_CHARS = 60


def _signoff_names(el: HtmlElement) -> list[str] | None:
    """Names when `el` is a right-aligned or all-bold short line of names only, [] when it is another line of text."""
    text = norm_space(text_of(el))
    if len(text) > _SIGNOFF_MAX_CHARS:
        return []
    bold = [b for b in el.iter("strong", "b") if norm_space(text_of(b)) == text]
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()  # `<p style="text-align: right;">(Nils Baer)</p>`
    if not (bold or _RIGHT_ALIGNED_RE.search(el.get("style") or "")):
        return []
    parts = _SIGNOFF_SPLIT_RE.split(text)
    names = [n for part in parts for n in split_names(part)]
    # every word of the line is a name's (`Mehr zu Konny Reimann und seiner Familie:` is a lead-in, not a sign-off)
    whole = len(names) == len(parts) and norm_key("".join(names)) == norm_key(text)
    return names if whole and all(" " in n for n in names) else []


def _closing_signoff(container: HtmlElement) -> list[str]:
    """Names in the body's last paragraph when it is a right-aligned or all-bold line of names only (VnExpress's
    `<p style="text-align:right"><strong>Giang Huy - Hoàng Phương</strong></p>` closing a photo story)."""
    filled = [p for p in container.iter("p") if norm_space(text_of(p))]
    last = filled[-1] if filled else None
    # (not a label or plug after it, nor the comments and their form when the container holds them:
    # `<p><strong>Alex Hayes</strong></p><p><strong>Related:</strong></p>…<li id="comment-1176562">`, Mumbrella);
    # only the last few paragraphs are looked at, each a short line or in a comment block
    for p in reversed(filled[-_SIGNOFF_LOOKBACK:]):
        text = norm_space(text_of(p))
        if not (_in_comments_of(p, container) or (len(text) <= 160 and (_LABEL_LINE_RE.fullmatch(text)
                                                                        or first_match(P.PROMO_LINES, text)))):
            last = p
            break
    if last is not None:
        names = _signoff_names(last)
        if names:
            return names
        # a Japanese paper's reporters in lenticular brackets closing the story (Mainichi: `…出している。【松本紫帆】`)
        m = _JA_SIGNOFF_RE.search(norm_space(text_of(last)))
        if m and not _JA_SIGNOFF_WORDS.intersection(m["names"].split("、")):
            return m["names"].split("、")
        names = _bio_names(last)
        if names:
            return names
        line = norm_space(text_of(last))
        if _PLAIN_SIGNOFF_RE.fullmatch(line) and next(last.iter("a"), None) is None \
                and not _NOT_SIGNOFF_WORDS.intersection(line.casefold().split()):
            # the writer's name alone closing the text (`<p>Douglas A. McIntyre</p>`, 24/7 Wall St.); never a widget's
            # label in title case (`Share This Story`, `Back To Top`)
            return [line]
    return _credit_after(container)


_COMMENTS_RE = re_compile(r"comment|respond|reply", re.I)
_SIGNOFF_LOOKBACK = 40  # paragraphs from the container's end: a comment thread's and its form's, then the sign-off


def _in_comments_of(el: HtmlElement, container: HtmlElement) -> bool:
    """`el` sits in a form or a comment block inside `container`."""
    for anc in el.iterancestors():
        if anc is container:
            return False
        if anc.tag == "form" or _COMMENTS_RE.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


_LABEL_LINE_RE = re_compile(r"[^\W\d_][\w ]{0,24}\s*[:：]")  # `Related:`, `Read more:`, `Tags:`
_NOT_SIGNOFF_WORDS = frozenset({"the", "this", "a", "an", "of", "to", "in", "on", "at", "for", "and", "us", "our", "your",
                                "more", "read", "share", "related", "links", "top", "back", "comment", "comments",
                                "story", "stories", "posted", "leave", "follow", "print", "email", "tags", "gallery",
                                "photo", "photos", "video", "videos", "news", "home", "next", "previous", "page",
                                "advertisement", "sponsored", "subscribe", "newsletter", "continue", "reading"})
# two to four capitalised names, initials allowed (`Douglas A. McIntyre`)
_PLAIN_SIGNOFF_RE = re_compile(r"(?-i:[A-Z][a-z][A-Za-z'’\-]*(?:\s+(?:[A-Z]\.|[A-Z][A-Za-z'’\-]*[a-z])){1,3})")


# a writer's note closing the story, set in italics or bold: `Candice Sealey is the Founder …`, `Andrés Malamud es
# politólogo … Martín Schapiro es abogado …`, `This article is contributed by Carmen Sin, and …`
_BIO_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]+|de|da|del|van|von|di|du|le|la)){1,3}"
# ... `is` then a writer's trade (`Donald Trump is the president.`, `New York is a city.` in a bold line name no writer)
_BIO_ROLE = (r"(?:writer|journalist|reporter|editor|columnist|author|novelist|professor|lecturer|researcher|scientist|"
             r"fellow|founder|co-founder|director|correspondent|contributor|analyst|consultant|freelance|historian|"
             r"economist|lawyer|attorney|student|doctor|physician|periodista|escritor|escritora|abogad[oa]|investigador[a]?|"
             r"profesor[a]?|economista|analista|polit[óo]log[oa]|historiador[a]?|journaliste|écrivain|professeur|chercheur|"
             r"chercheuse|historien|historienne|économiste|avocat|avocate|politologue|Journalist(?:in)?|Autor(?:in)?|"
             r"Redakteur(?:in)?|Historiker(?:in)?|giornalista|scrittore|scrittrice|docente|ricercatore|ricercatrice|"
             r"jornalista|escritor|investigador)")
_BIO_SENTENCE_RE = re_compile(rf"(?:^|(?<=[.!?]\s))(?P<name>{_BIO_NAME})\s+(?:is|was|es|fue|est|ist|war|è|é|era|er|är|jest|je)\s+"
                              rf"(?i:(?:(?:a|an|the|un|une|una|el|la|le|l'|ein|eine|der|die|uno|o)\s+)?(?:[\w-]+\s+){{0,3}}?{_BIO_ROLE})\b")
_CONTRIBUTED_RE = re_compile(rf"\b(?:article|story|piece|column|op-ed)\s+(?:is|was|has been)\s+(?:contributed|written)\s+by\s+"
                             rf"(?P<name>{_BIO_NAME})", re.I)


def _bio_names(p: HtmlElement) -> list[str]:
    """Writers named by a closing note about them, when the whole paragraph is italic or bold."""
    text = norm_space(text_of(p))
    if not text or len(text) > 600 or (p.text or "").strip() or not len(p) or p[0].tag not in ("em", "i", "b", "strong"):
        return []
    lead = norm_space(text_of(p[0]))
    if len(p) == 1 and not (p[0].tail or "").strip() and len(lead) >= len(text) - 2:
        pass  # the whole note set apart
    elif _whole_name(lead, capitalised=True) and text.startswith(lead):
        # only the name set apart, at the start (`<b>Justine Brian</b> is national administrator of …`): a one-name note
        m = _BIO_SENTENCE_RE.match(text)
        return [lead] if m and norm_key(m["name"]) == norm_key(lead) else []
    else:
        return []
    m = _CONTRIBUTED_RE.search(text)
    found = [m["name"]] if m else [b["name"] for b in _BIO_SENTENCE_RE.finditer(text)]
    return [n for name in found for n in split_names(name)][:4]


_JA_SIGNOFF_RE = re_compile(r"[。」）)]\s*【(?P<names>[\u4e00-\u9fff]{2,5}(?:、[\u4e00-\u9fff]{2,5}){0,3})】$")
# bracketed labels that are no reporter (`【写真】`, `【速報】` closing a teaser line)
_JA_SIGNOFF_WORDS = frozenset({"写真", "動画", "関連", "関連記事", "速報", "図解", "続報", "詳報", "独自", "解説", "更新", "追記",
                               "訂正", "特集", "広告", "提供", "参考", "資料", "注", "編集部"})


def _linked_after_byword(box: HtmlElement, text: str) -> str | None:
    """The name a line's first link gives right after its by-word (`Von <a>Christian S.</a> am …`), else None."""
    link = next(box.iter("a"), None)
    name = norm_space(text_of(link)) if link is not None else ""
    at = norm_space(text).find(name) if name else -1
    if at <= 0 or not _CREDIT_LEAD_RE.match(norm_space(text)[:at].strip()):
        return None
    return _whole_name(name, capitalised=True)


_CREDIT_LEAD_RE = re_compile(r"^(?:[^\W\d_]+\s+)?(?:von|by|par|por|di|door|av|af|przez|od)\s*:?$", re.I)


def _credit_after(container: HtmlElement) -> list[str]:
    """The name in a credit line right after the body (`<p>Kritik von <a href="redaktion/felix-frieler/">Felix
    Frieler</a></p>`): a by-word, perhaps after one word, then one link to a page named after the person."""
    for k, sib in enumerate(el for el in container.itersiblings() if isinstance(el.tag, str)):  # past HTML comments
        if k >= 3:
            break
        text = norm_space(text_of(sib))
        if not text:
            continue
        links = list(sib.iter("a"))
        if len(text) <= 80 and len(links) == 1:
            name = norm_space(text_of(links[0]))
            lead = text[: text.find(name)] if name and text.endswith(name) else ""
            if lead and _CREDIT_LEAD_RE.match(lead.strip()) and _links_own_page(links[0], name):
                found = _whole_name(name, capitalised=True)
                return [found] if found else []
        return []
    return []


def _one_byline_block(els: list[HtmlElement]) -> list[HtmlElement]:
    """The first author-marked element and the later ones outside teaser cards: on the way up from a later one to the
    block it shares with the first, no headline-long link (Gothamist repeats `div.byline` under each related story)."""
    if len(els) < 2:
        return els
    first_line = set(els[0].iterancestors())
    kept = [els[0]]
    for el in els[1:]:
        for node in el.iterancestors():
            if node in first_line:
                kept.append(el)
                break
            if any(len(text_of(a)) >= 30 for a in node.iter("a")):
                break  # a card linking to another story
    return kept


def _inside_longer_link(el: HtmlElement, text: str) -> bool:
    """`el` (whose text is `text`) sits inside a link, among its 3 nearest ancestors, whose text is longer than it."""
    for depth, node in enumerate(el.iterancestors()):
        if depth >= 3 or node.tag in ("body", "html"):
            return False
        if node.tag == "a":
            return len(text_of(node)) > len(text) + 4
    return False


def _beside_heading_link(el: HtmlElement) -> bool:
    """`el` shares a card with a link wrapping a heading (`<a><h2>Another story</h2></a> <span class="author">Par …`):
    the byline of the story that link leads to. Looked for among the children of its two nearest ancestors."""
    node = el
    for _ in range(2):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return False
        for child in node:
            if child.tag == "a" and next(child.iter("h2", "h3", "h4"), None) is not None:
                return True
    return False


def _in_teaser_card(el: HtmlElement) -> bool:
    """Inside a card that links to another story (a headline-long link among its nearest ancestors; not a link around
    `el` itself, such as an author box's link to the author's page: `<a><cite>Robert Moore</cite> Washington
    Correspondent</a>`)."""
    own = set(el.iterancestors("a"))
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return False
        if len(text_head(node, _CARD_MAX + 1)) > _CARD_MAX:
            return False  # the story's own column (its body's related links inside), far longer than any card
        if any(len(text_of(a)) >= 30 for a in node.iter("a") if a not in own):
            return True
    return False


_CARD_MAX = 1500  # characters of text a teaser card holds at most


def _editor_credit(el: HtmlElement) -> bool:
    """An author-marked element that a visible label names as the editor (checked on it and its short parent)."""
    for node in (el, el.getparent()):
        if node is None:
            break
        text = text_of(node)
        if len(text) <= 120 and _EDITOR_LABEL_RE.match(text):
            return True
    return False


_BY_LINE_RE = next(rx for rx in P.BYLINE_LINES if rx.pattern.startswith("^By"))
_BY_START_RE = re_compile(r"\s*By\s+[A-Z]")
# a by-word with a verb before it or a colon after it, read as a plain `By ` (`Written by <a>Chris Beaumont</a>`,
# `<td class="PublishDate">By: Jay Bobbin</td>`)
_BY_VARIANT_RE = re_compile(r"^(?:(?:written|posted|reported|story|text|words)\s+by\s*:?|by\s*:)\s*(?=(?-i:[A-Z]))", re.I)


def _plain_by(line: str) -> str:
    """`line` with a by-word variant written as `By ` (`Written by X`, `By: X`), else as it is; an icon before it
    left out (`👤 by Michael Pabia`, an emoji or an icon font's private-use glyph)."""
    if line[:1] >= "\u2190":
        line = _ICON_LEAD_RE.sub("", line)
    return _BY_VARIANT_RE.sub("By ", line, count=1) if line[:1] in "WwPpRrSsTtBb" else line


def _date_first(line: str) -> str:
    """`line` from its by-word when a date (or WordPress's `Posted on <date>` / `Posted in <categories>`) comes first:
    `February 10, 2016 by Robin Lally` → `by Robin Lally`; else as it is."""
    if " by " not in line and " By " not in line:
        return line
    return _DATE_LEAD_RE.sub("", line, count=1)


# arrows, symbols, dingbats, private-use (icon fonts) and emoji, with their variation selector
_ICON_LEAD_RE = re_compile(r"^[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\ue000-\uf8ff\ufe0f\U0001f000-\U0001faff]+\s*")
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# a date opening a header's meta line before its by-word (`February 10, 2016 by Robin Lally`, WordPress's `Posted on
# March 3, 2016 at 10:15 am by X`, `Posted in News, PSP by Darrin Olson on …`), up to the by-word
_DATE_LEAD_RE = re_compile(
    r"^(?:posted\s+in\s+[^\n]{1,80}?\s+(?=by\s)|(?:(?:posted|published)(?:\s+on)?\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_WORD},?\s+\d{{4}}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?\s*[-–—|,·•]?\s*(?=by\s))", re.I)
# a job title after a dash closing a by-line (`By Arpon Basu - Managing Editor LNH.com`, `By X | Staff Writer`)
_ROLE_DASH_TAIL_RE = re_compile(r"\s+[-–—|]\s+(?:[\w.]+\s+){0,3}(?:editor|writer|reporter|correspondent|columnist|"
                                r"contributor|producer|analyst)s?\b.*$", re.I)
# the outlet a byline names in brackets after the person (`By Mike Dennison (MTN News)`)
_PAREN_TAIL_RE = re_compile(r"\s*\([^()]{2,40}\)$")


# what follows the names in a byline box: a reading time (`5 minute Read`), an author-page link (`More stories by …`)
_BYLINE_TRAILER_RE = re_compile(r"\s*(?:\d+\s*(?:min(?:ute)?s?\.?|minutes?)\s+read\b|more (?:stories|articles) (?:by|from)\b|"
                                r"(?:lesezeit|reading time|read time|temps de lecture|tiempo de lectura|tempo di lettura|"
                                r"czas czytania|leestijd|lästid|lesetid)\s*:?\s*\d).*$", re.I)


# the date a by-line runs on into (`By Duncan Bell January 19, 2017`, `By A. Name 19 January 2017`, `… by Eric Earling on
# December 30, 2007`)
_DATE_TAIL_RE = re_compile(r"\s+(?:(?:published|updated|posted|last updated)\b|(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
                           r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d)).*$", re.I)
# a photo or video credit's box (`span.credit.video-credit`: `By U.S. CUSTOMS AND BORDER PROTECTION`)
_CREDIT_CLASS_RE = re_compile(r"(?:^|[\s_\-])(?:credit|caption|photo|image|video|media|copyright)", re.I)
_META_BOX_RE = re_compile(r"(?:^|[\s_\-])meta(?:$|[\s_\-])", re.I)
_FROM_DIGITS_RE = re_compile(r"\s+\S*\d.*$")
_NEAR_HEADLINE = 300  # elements after the headline that still belong to its header block


def _following(doc: HtmlElement, headline: HtmlElement) -> list[HtmlElement]:
    """The `_NEAR_HEADLINE` elements after the headline, in document order (one walk per extraction)."""
    def compute() -> list[HtmlElement]:
        out: list[HtmlElement] = []
        seen = False
        for el in doc.iter():
            if seen:
                out.append(el)
                if len(out) >= _NEAR_HEADLINE:
                    break
            elif el is headline:
                seen = True
        return out
    return remember(("following", headline), compute)


def _after_headline(doc: HtmlElement, headline: HtmlElement) -> tuple[set[HtmlElement], set[HtmlElement]]:
    """The `_NEAR_HEADLINE` elements after the headline, and those of them before the next headline-sized heading
    (another story's, or the body's): the story's header block."""
    def compute() -> tuple[set[HtmlElement], set[HtmlElement]]:
        following = _following(doc, headline)
        header: set[HtmlElement] = set()
        for el in following:
            if el.tag in ("h1", "h2", "h3") and len(text_of(el)) >= 20 and not _headline_deck(el, headline) \
                    and not _BY_START_RE.match(text_of(el)):  # `<h3>By Mike Dennison (MTN News)…`
                break
            header.add(el)
        return set(following), header
    return remember(("after-headline", headline), compute)


def _headline_deck(el: HtmlElement, headline: HtmlElement) -> bool:
    """`el`, a heading after the headline, is the headline's own deck, which the byline may follow (`h1 + h2[itemprop=
    alternativeHeadline]` in The Columbian's `div.story-header`): the headline's next sibling, or a heading marked as
    the alternative headline or classed as a deck."""
    return el is headline.getnext() or el.get("itemprop") == "alternativeHeadline" \
        or _DECK_CLASS_RE.search(el.get("class") or "") is not None


_AUTHOR_LABEL_WORDS = r"(?:autor|autorka|autorin|author|auteur|autore|avtor|avtorica|автор|αρθρογράφος|yazar|penulis)"
_AUTHOR_LABEL_RE = re_compile(rf"^(?:{_AUTHOR_LABEL_WORDS}|escrito por|written by)\s*:\s*(?P<names>\S.{{2,60}})$", re.I)
# a label element alone (`<div class="article__details-sub">AVTOR</div>`, its names in the next element)
_AUTHOR_LABEL_ALONE_RE = re_compile(rf"^(?:{_AUTHOR_LABEL_WORDS}(?:s|i|ji|en)?|by|von|por|par|door)\s*:?$", re.I)


def _shown_by_line(doc: HtmlElement, headline: HtmlElement | None = None, exclude: set[str] | None = None) -> list[str]:
    """Names from the first short `By A and B` line in a byline/author-classed element (with `headline`: only one
    shortly after it, in the story's header, never a teaser card's further down the page; with `exclude`, the site's
    names: never a line naming only the outlet)."""
    window, header = _after_headline(doc, headline) if headline is not None else (None, set())

    def outlet(line: str, names: list[str]) -> bool:
        # a line read from its by-word after a date naming only the outlet is the site's meta line (`May 24, 2019 By
        # Missoula Current` above the story's `By Mike Dennison (MTN News)`): looked on past it
        return bool(exclude) and _date_first(line) != line and not clean_authors(names, exclude=exclude)

    named = _byline_named(doc)
    for box in doc.iter("div", "p", "span", "address"):
        if named is not None and box not in named:
            continue
        names = f"{box.get('class') or ''} {box.get('id') or ''}"
        # a byline-named box; or, in the story's header, its meta line (`div.blog-header__meta`: `By Duncan Bell
        # January 19, 2017`), read only when it opens with a by-word
        meta = box in header and _META_BOX_RE.search(names) is not None
        if not (_BYLINE_BOX_RE.search(names) or meta):
            continue
        if (window is not None and box not in window) or _in_side_region(box, headline):
            continue  # (a most-popular card's `by …` in the sidebar after the headline is another story's)
        # the date the line runs on into (`By: Laura Isensee<br>October 23, 2015`) is no part of the names
        # its parts kept apart: the name and the stamp in the next element (`…Bloomberg</span><div>Fri., Aug. 23`)
        whole = _parts_text(box)
        text = _plain_by(_DATE_TAIL_RE.sub("", _BYLINE_TRAILER_RE.sub("", _date_first(whole))).rstrip(" -–—|,"))
        if len(text) <= 120:
            m = None
            if len(whole) <= 160 and next(box.iter("br"), None) is not None:
                # each line on its own: the date on a line before the by-line (`<h2>Friday, January 11, 2008<br>By
                # Jalilur Rehman, AFP</h2>`, The China Post), the writer's job on the line after it (`By ANDREW
                # DALTON<br>AP Entertainment Writer`, Daily Herald: not `Andrew Dalton Ap`)
                m = next((x for line in _br_lines(box)
                          for x in [_BY_LINE_RE.match(_DATE_TAIL_RE.sub("", line).rstrip(" -–—|,"))] if x), None)
            m = m or _BY_LINE_RE.match(text)
            if m is None and not meta and window is not None and (box in header or not _beside_heading_link(box)) \
                    and next(box.iterancestors("a"), None) is None:
                # under the headline, before any other heading, a by-word in the page's language (`p.autorenzeile`:
                # `Von A, B und C`); the date the line runs on into left out (`Por A / B 12 de abril de 2022`)
                m = _BYWORD_LINE_RE.match(_FROM_DIGITS_RE.sub("", text))
            if m and m["names"]:
                found = split_names(m["names"])
                if not outlet(whole, found):
                    return found
            if m is None and meta:
                # `div.post-meta`: `Von <a href="/author/chris/">Christian S.</a> am 25. August 2010 unter …`
                name = _linked_after_byword(box, text)
                if name:
                    return [name]
    # no byline box: a `By A and B` line alone in an element of the story's header, whatever its class (`div.font-italic`,
    # a hashed `span.rlwyg`), its date left out
    # (in page order: the set's own order follows memory addresses, and a comment's `Posted by walter` further down
    # must not answer before the story's `By Graham Kates`)
    for el in [x for x in _following(doc, headline) if x in header] if window is not None else ():
        if isinstance(el.tag, str) and len(el) <= 3 and el.tag not in ("a", "script", "style"):
            text = _parts_text(el)
            # the dash before the date left out too (`By Mohammad Ghazal - Mar 21,2017 - Last updated at …`)
            # ... and the writer's job after a dash (`By Arpon Basu - Managing Editor LNH.com`)
            line = _plain_by(_PAREN_TAIL_RE.sub("", _ROLE_DASH_TAIL_RE.sub("", _DATE_TAIL_RE.sub("", _date_first(text)))
                                                .rstrip(" -–—|,•·"))) \
                if len(text) <= 80 else ""
            # (or an author label with its colon: `<span>Autor: Ivana Petrić </span>`, net.hr)
            m = (_BY_LINE_RE.match(line) or _AUTHOR_LABEL_RE.match(line)) if line else None
            # (where the element sits is asked only of a line that reads as a by-line: most header lines are not)
            if m and m["names"] and not _CREDIT_CLASS_RE.search(f"{el.get('class') or ''} {el.get('id') or ''}") \
                    and not _in_side_region(el, headline):
                found = split_names(m["names"])
                if not outlet(text, found):
                    return found
        # ... or as a label element and its value (`<div>AVTOR</div><div><a>Anja Kralj /</a><a>STA /</a></div>`, 24ur)
        if isinstance(el.tag, str) and len(el) == 0 and _AUTHOR_LABEL_ALONE_RE.match(norm_space(el.text or "")) \
                and not _in_teaser_card(el) and not _in_side_region(el, headline):
            # (never a teaser card's: spiked's `<a>The truth about the 'credit crunch'</a> <span>by </span><span>Phil
            # Mullan</span>` in a masthead box after the headline)
            # (the value may be the label's own tail: `<h5 class="title-inline">Autor: </h5>Peter Maahn/SP-X`, autohaus.de)
            tail = norm_space(el.tail or "").strip(" /|,")
            value = _value_after_label(el) if not tail else None
            links = [norm_space(text_of(a)).rstrip(" /|,") for a in value.iter("a")] if value is not None else []
            text = tail or (norm_space(text_of(value)) if value is not None else "")
            names = [x for x in links if x] if 0 < len(links) <= 4 else (split_names(text) if 2 < len(text) <= 80 else [])
            if names:
                return names
        # ... or as loose text after an element of the header (`<small>posted on <time>…</time></small> by Rafael
        # Antonio Pineda`)
        tail = norm_space(el.tail or "") if isinstance(el.tag, str) else ""
        m = _BY_LINE_RE.match(tail) if 4 < len(tail) <= 80 else None
        if m and m["names"]:
            return split_names(m["names"])
    return []


def _byline_named(doc: HtmlElement) -> set[HtmlElement] | None:
    """The elements a class token or id of which `_BYLINE_BOX_RE` or `_META_BOX_RE` finds, from the extraction's selector
    index (None without one): the by-line scans (`_shown_by_line`, `_header_authors`, `_named_header_box`) ask the
    patterns of these few instead of every box of the page.
    The same elements: neither pattern can match across a space, so searching each token is searching the names."""
    index = current_index()
    if index is None or index.root is not doc:
        return None
    return remember(("byline-named",), lambda: {el for rx in (_BYLINE_BOX_RE, _META_BOX_RE)
                                                for el in (*index.by_class_matching(rx), *index.by_id_matching(rx))})


def _value_after_label(label: HtmlElement) -> HtmlElement | None:
    """The element after a label, climbing (3 levels at most) out of wrappers that hold only the label (Rutgers:
    `<div><p class="label"><strong>By</strong></p></div><div><p class="full-name">Todd Bates</p></div>`)."""
    node = label
    for _ in range(4):
        value = node.getnext()
        while value is not None and not isinstance(value.tag, str):
            value = value.getnext()  # past a comment
        if value is not None:
            return value if not (node.tail or "").strip() else None
        parent = node.getparent()
        if parent is None or (parent.text or "").strip() or (node.tail or "").strip() \
                or sum(1 for c in parent if isinstance(c.tag, str)) != 1:
            return None
        node = parent
    return None


_NAME_BOX_TAGS = frozenset({"div", "p", "span", "a", "address", "li", "strong", "b", "em", "td"})
_NAME_BOX_NEAR = 60  # elements after the headline
_POSSESSIVE_RE = re_compile(r"\w['’]s\b")  # `CBC's Journalistic Standards`: a title, not a name
_GENRE_TAIL_RE = re_compile(r"\s*[:|]\s*(?:analysis|comment|opinion|column|review|interview|feature|editorial|blog|"
                            r"analyse|kommentar|meinung|análisis|opinión|analisi|commento)$", re.I)
_SITE_WORD_RE = re_compile(r"[A-Za-z0-9]\.[A-Za-z]{2,6}\b")


def _named_header_box(doc: HtmlElement, headline: HtmlElement) -> list[str]:
    """Names standing alone, without a by-word, in a byline-named element of the story's header (`div.content__author`:
    `Christie Wilcox`; `div.tg-tlc-storymeta_author`: `Daniel Bateman, The Cairns Post`; `a.author_name`)."""
    _, header = _after_headline(doc, headline)
    # the header block, or the first elements after the headline when a deck set as a heading closed the block early
    following = _following(doc, headline)
    named = _byline_named(doc)
    for i, el in enumerate(following):
        if el.tag not in _NAME_BOX_TAGS or (i >= _NAME_BOX_NEAR and el not in header) \
                or (named is not None and el not in named) \
                or not _BYLINE_BOX_RE.search(f"{el.get('class') or ''} {el.get('id') or ''}") \
                or _CREDIT_CLASS_RE.search(f"{el.get('class') or ''} {el.get('id') or ''}") \
                or next(el.iter("h1", "h2", "h3", "h4", "p", "li"), el) is not el or _in_side_region(el, headline) \
                or in_comment_thread(el, headline) or _in_other_story(el, headline) or _under_linked_heading(el, headline):
            continue  # (a comment's, a teaser card's or a feed item's author is another story's)
        if _in_teaser_card(el):
            continue
        links = [a.get("href") or "" for a in el.iter("a")]
        if links and all(_root_href(h) for h in links):
            continue  # `<a href="https://news.am/arm/">…</a>`: the outlet's home
        # the first line (`Tânia Monteiro e Carla Araújo,<br>O Estado de S.Paulo`: the outlet on the next)
        lines = _br_lines(el) if next(el.iter("br"), None) is not None else []
        text = _DATE_TAIL_RE.sub("", _BYLINE_TRAILER_RE.sub("", lines[0] if lines else _parts_text(el))).strip(" ,;|-–—/")
        m = _BYWORD_LINE_RE.match(text)
        if m:
            text = m["names"]  # `Skrevet af DAGENS`: the by-word is no part of a name
        text = _GENRE_TAIL_RE.sub("", text)  # `Richard Beeston: Analysis`
        if 4 <= len(text) <= 60 and not any(ch.isdigit() for ch in text) and not _POSSESSIVE_RE.search(text) \
                and not _SITE_WORD_RE.search(text):  # `Լուրեր Հայաստանից - NEWS.am`: the outlet's motto and name
            names = split_names(text)
            if names:
                return names
    return []


def _tags(doc: HtmlElement, pm: PageMeta, rules: ExtractionRules, index: SelectorIndex) -> list[str]:
    raw: list[str] = []
    if rules.tags:
        raw = [text_of(el) for el in css(doc, rules.tags)]
    if not raw:
        raw = list(pm.meta.get("tags") or [])
        if len(raw) == 1 and "," in raw[0]:
            raw = raw[0].split(",")
    if not raw and not pm.jsonld.get("@weak"):
        raw = jsonld_list(pm.jsonld.get("keywords"))
    if not raw:
        for sel in P.TAG_SELECTORS:
            raw = [text_of(el) for el in index.select(sel)]
            if raw:
                break
    out: list[str] = []
    for tag in raw:
        tag = norm_space(tag).lstrip("#").strip()
        if tag and len(tag) <= 50 and tag not in out:
            out.append(tag)
    return out[:50]


def _language(pm: PageMeta, rules: ExtractionRules, body: str) -> str | None:
    for value in (jsonld_text(pm.jsonld.get("inLanguage")), pm.html_lang, *(pm.meta.get("language") or [])):
        if value and re.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*$", value.strip()):
            return value.strip().replace("_", "-").split("-")[0].lower()
    if body:
        return "ko" if hangul_ratio(body[:2000]) > 0.3 else (rules.language or None)
    return rules.language


_NAMES_BLIND_MIN_CHARS = 500  # text in a container, and in its paragraphs read without the junk-name check


def _mostly_inside(paragraphs: list[str], container: HtmlElement) -> bool:
    """True when at least half of these paragraphs' text (by their openings) is found in the container's text."""
    if not paragraphs:
        return False
    inside = text_of(container)
    found = sum(len(p) for p in paragraphs if norm_space(p)[:60] in inside)
    return found >= 0.5 * sum(map(len, paragraphs))


_PHOTO_POST_MIN_CAPTIONS = 5  # captioned pictures set in the text of a photo post, at least
_PHOTO_POST_MAX_PROSE = 3  # prose paragraphs a photo post has beside its pictures, at most


def _story_captions(caption_els: list[HtmlElement], container: HtmlElement, paragraphs: list[str]) -> list[HtmlElement]:
    """The caption elements of a photo post, whose captions are its story: five or more pictures set in the text, each
    captioned with a sentence, whose captions together are longer than the text's few (at most 3) paragraphs of
    prose (`Photos: Halloween in Hong Kong`: an opening paragraph, then ten captioned photographs). [] otherwise."""
    if len(caption_els) < _PHOTO_POST_MIN_CAPTIONS or len(paragraphs) > _PHOTO_POST_MAX_PROSE:
        return []
    inside = [el for el in caption_els if any(anc is container for anc in el.iterancestors())]
    texts = list(dict.fromkeys(text_of(el) for el in inside))
    sentences = [t for t in texts if len(t) >= 30 and " " in t]
    if len(sentences) < _PHOTO_POST_MIN_CAPTIONS or len(sentences) < 0.8 * len(texts):
        return []
    return inside if sum(map(len, sentences)) > sum(map(len, paragraphs)) else []


_NOSCRIPT_MIN_CHARS = 200  # a `<noscript>` copy of the text, not a "please enable JavaScript" line or a pixel


def _unwrap_noscript_text(container: HtmlElement) -> bool:
    """Unwrap the `<noscript>` blocks of a container that hold paragraphs of text (≥ 200 characters, a `<p>` or a
    `<br>`-broken run), so they read as body; True when one was. Only asked when the container gave no text."""
    found = [ns for ns in container.iter("noscript")
             if len(text_of(ns)) >= _NOSCRIPT_MIN_CHARS and next(ns.iter("p", "br"), None) is not None]
    for ns in found:
        ns.drop_tag()
    if found:
        forget_texts()
    return bool(found)


def _trafilatura_paragraphs(doc: HtmlElement) -> list[str]:
    """Generic-path fallback when no container is convincing (slow; only for odd pages)."""
    import trafilatura  # a missing fallback is an installation error: never swallowed (issue 11, item 8)

    try:
        text = trafilatura.extract(doc, include_comments=False, include_tables=False, favor_precision=True)
    except Exception:  # trafilatura failures must not fail extraction of a page we could parse
        return []
    return [p for p in (text or "").split("\n") if p.strip()]


def _with_second_opinion(container: HtmlElement, paragraphs: list[str], drop: set[str]) -> list[str]:
    """Our paragraphs plus those trafilatura keeps that the page places inside our article (see `ensemble`)."""
    region = ensemble.region_of(container)
    adds = ensemble.merge(paragraphs, ensemble.trafilatura_paragraphs(container), region)
    if not adds:
        return paragraphs
    # cleaned after our own paragraphs, as they will read: a paywall prompt among the additions then ends the text
    # (`For at læse denne artikel …` and the offer lines under it), as it would in one list
    kept = set(clean_paragraphs(paragraphs + [text for _, text in adds], drop=drop).paragraphs) - set(paragraphs)
    return ensemble.apply(paragraphs, [(pos, text) for pos, text in adds if text in kept])


def _declared_empty(index: SelectorIndex) -> bool:
    """True when the page has a known article-body element and every one is (nearly) empty: a page without
    an article (photo stub, removed story) — a generic extractor would only find the footer there."""
    found = False
    for sel in P.BODY_SELECTORS:
        for el in index.select(sel):
            if el.tag in ("meta", "link"):
                continue  # microdata as `<meta itemprop="articleBody" content="…">` (NDTV Sports' live blog): no slot
            if len(text_of(el)) >= 20:
                return False  # one known body with text is enough: the rest need not be looked up
            found = True
    return found


def _alt_quotes_paragraph(img: HtmlElement, key: str) -> bool:
    """True when an image's alt text (`key`, its comparison key) repeats a paragraph of the text set apart from the
    image (a pull-quote picture: t24.com.tr's `<img alt="Yolsuzluk TC’de en az kovuşturulan…">` floated in one
    paragraph, the sentence itself a paragraph thirty lines on): that paragraph is text. A caption under or beside its
    picture (the alt's usual echo) still goes. (An alt repeating a heading of the text — a list entry's sentence set as
    its heading, onedio's — is asked by the caller.)"""
    block = next((a for a in img.iterancestors() if a.tag in ("p", "div", "figure", "li", "td")), None)
    if block is None or block.tag != "p" or block.getparent() is None:
        return False  # only a picture set inside a paragraph of the text, as such quotes are
    siblings = [el for el in block.getparent() if isinstance(el.tag, str)]
    at = siblings.index(block)
    for i, p in enumerate(siblings):
        if p.tag == "p" and abs(i - at) > 1 and next(p.iter("img"), None) is None and norm_key(text_of(p)) == key:
            return True
    return False


def _drop_body_styles(doc: HtmlElement) -> None:
    """Take the `<style>` sheets out of the page's body: no reader sees their text, but an element's text counts it
    (hk01.com's video player: 130,000 characters of CSS in 29 sheets inside the story's `<article>`, which then
    weighed as a block of text and lost to a playlist of clip durations)."""
    body = doc.find("body")
    sheets = list(body.iter("style")) if body is not None else []
    for sheet in sheets:
        sheet.drop_tree()  # its tail (text after it) stays
    if sheets:
        forget_texts()


def _headline_story(container: HtmlElement, title_el: HtmlElement | None) -> HtmlElement:
    """The story under the page's headline: when the winning block lies outside the headline's nearest enclosing
    blocks (a cookie-consent text, the next story of an infinite-scroll stack, a comment thread beside a short
    article), the best block next to the headline — if it plainly holds an article."""
    if title_el is None:
        return container
    above = set(container.iterancestors())
    node = title_el
    for _ in range(_HEADLINE_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
        if node is container or node in above or container in set(node.iter()):
            return container  # the winner is the headline's own story
        inside = _score_container(node)
        # (the headline's own furniture is no story: `header > div.subtitle`, three summary bullets under it)
        # (a reader's comment beside the headline is no story either)
        if inside is not None and (_plainly_article(inside, furniture=False) or _dwarfs(inside, container)) \
                and not in_comment_thread(inside):
            return inside
    return container


_DWARF_MIN_CHARS = 1_000  # prose of the headline's block, at least, to overrule the winner by size alone
_DWARF_RATIO = 3


def _dwarfs(story: HtmlElement, winner: HtmlElement) -> bool:
    """The headline's block holds prose in long runs (not `<p>`: a press release pasted as text with `<br>`) three
    times the whole winner's text: TMCnet's 7,000-character release beside a 444-character events box that a known
    body class (`div.body-text`) named."""
    prose = sum(len(t) for t in (t.strip() for t in _SHOWN_TEXT(story)) if len(t) >= _PROSE_RUN)
    return prose >= max(_DWARF_MIN_CHARS, _DWARF_RATIO * len(text_of(winner)))


_STACK_LEVELS = 10  # how far above the winning block its story in a stack of stories is looked for


def _url_story(container: HtmlElement, url: str, title: str | None) -> HtmlElement:
    """The page's own story in a stack of look-alike stories (an infinite-scroll capture: `article.list__item` × 13,
    each with its own headline and text): when the winning block sits in a story that is not the page's and exactly
    one of its look-alikes is — named for the page's address (`id="wir-haben-bereits-die-zusage"`,
    `data-path="aktuelles/…/wir-haben-bereits-die-zusage"`) or, failing that, headed by the page's title — the best
    block of that one, if it plainly holds an article."""
    path = urlsplit(url).path.strip("/") if url else ""
    slug = path.rsplit("/", 1)[-1]
    if not path and not title:
        return container
    node = container
    for _ in range(_STACK_LEVELS):
        parent = node.getparent()
        if parent is None or node.tag in ("body", "html"):
            return container
        kin = [sib for sib in parent if sib.tag == node.tag and sib.get("class") == node.get("class")]
        if len(kin) >= 2 and (node.tag == "article" or (node.get("class") or "").strip()):
            for evidence in (lambda el: _names_address(el, path, slug), lambda el: _headed_by(el, title)):
                own = [sib for sib in kin if evidence(sib)]
                if len(own) == 1:
                    if own[0] is node:
                        return container
                    inside = _score_container(own[0])
                    return inside if inside is not None and _plainly_article(inside) else container
                if own:
                    break  # several look-alikes claim the page: no evidence either way
        node = parent
    return container


def _names_address(el: HtmlElement, path: str, slug: str) -> bool:
    """The element's own attributes name the page's address: an id equal to its last path segment (a slug of 8+
    characters), or a `data-*` value whose path is the page's path."""
    if not path:
        return False
    if len(slug) >= 8 and el.get("id") == slug:
        return True
    for name, value in el.attrib.items():
        if name.startswith("data-") and "/" in value and len(path) >= 8:
            if urlsplit(value.strip()).path.strip("/") == path:
                return True
    return False


def _headed_by(el: HtmlElement, title: str | None) -> bool:
    """The element's first headline (`<h1>`, else `<h2>`) says the page's title."""
    if not title:
        return False
    for tag in ("h1", "h2"):
        first = next(el.iter(tag), None)
        if first is not None:
            return norm_key(text_of(first)) == norm_key(title)
    return False


def _ancestors_below(el: HtmlElement, top: HtmlElement) -> Iterator[HtmlElement]:
    """`el`'s ancestors up to (not including) `top`."""
    for node in el.iterancestors():
        if node is top:
            return
        yield node


def _br_runs(p: HtmlElement) -> list[int]:
    """Lengths of the runs of text a `<br>` separates inside one paragraph (what a reader sees as paragraphs)."""
    runs = [0]
    for node in p.iter():
        if node is not p and node.tag == "br":
            runs.append(0)
        elif node.text and isinstance(node.tag, str) and node.tag not in ("script", "style"):
            runs[-1] += len(node.text.strip())
        if node is not p and node.tail:
            runs[-1] += len(node.tail.strip())
    return runs


def _junk_named(el: HtmlElement) -> bool:
    """Named as page furniture (`div.subtitle`, `div.related-posts`) and not as content."""
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    return P.JUNK_RE.search(attrs) is not None and P.CONTENT_RE.search(attrs) is None


def _plainly_article(el: HtmlElement, *, furniture: bool = True) -> bool:
    """Visible article text: at least three paragraphs of 80+ characters that are not mostly links (in a content-named
    block, a `<p>` whose text is several `<br>`-separated runs counts each run: one CMS's `<p>` is another's paragraph).
    `furniture=False`: paragraphs inside a furniture-named block under `el` (`div.subtitle`) do not count."""
    # only where the page names the block as text: a footer's `<br>`-separated legal lines are not an article
    runs_count = P.CONTENT_RE.search(_attrs(el)) is not None
    n = 0
    for p in el.iter("p", "div"):
        # (a `<div>` of plain text, no block inside, is a paragraph too: `div.deck` holding a short story's first one;
        # its shape asked first, since a wrapper's link count walks its whole subtree)
        if (p.tag == "p" or plain_text_div(p)) and prose_paragraph(p):
            if not furniture and any(_junk_named(a) for a in _ancestors_below(p, el)):
                continue
            n += max(1, sum(1 for run in _br_runs(p) if run >= 80)) if runs_count else 1
            if n >= 3:
                return True
    return False


def _lead_figures(container: HtmlElement) -> list[HtmlElement]:
    """`<figure>` elements among the three blocks before the body element (or before its parent), nearest last."""
    out: list[HtmlElement] = []
    for node in (container, container.getparent()):
        if node is None or node.tag in ("body", "html"):
            break
        for k, sib in enumerate(node.itersiblings(preceding=True)):
            if k >= 3:
                break
            if sib.tag == "figure":
                out.insert(0, sib)
    return out


@memoised_texts
def extract_from_tree(doc: HtmlElement, url: str, rules: ExtractionRules | None = None, *,
                      now: datetime | None = None) -> Article:
    """Extract an article from an already-parsed lxml document (mutates the tree: removes furniture)."""
    rules = rules or _DEFAULT_RULES
    pm = parse_meta(doc)
    base = url or ""
    jl = {} if pm.jsonld.get("@weak") else pm.jsonld
    publisher = next((p for p in ((pm.meta.get("publisher") or [None])[0], jsonld_text(pm.jsonld.get("publisher")),
                                  rules.publisher) if p and not p.startswith(("@", "http"))), None)
    site_names = [n for n in (publisher, rules.publisher, jsonld_text(pm.jsonld.get("publisher"))) if n]
    # the site's own name in its host (`factorio.com` → `Factorio`, `vegolosi.it`) ends titles of sites that name
    # themselves nowhere else (`Friday Facts #282 - 0.17 in sight | Factorio`); for titles only: a one-person blog's
    # host is its author's name
    title, title_el = _pick_title(doc, pm, rules, site_names + _host_names(url))

    for sel in rules.remove:
        for el in css(doc, sel):
            if el.getparent() is not None:
                el.drop_tree()
                forget_texts()
    _drop_body_styles(doc)
    index = SelectorIndex(doc)
    declared_empty = not rules.body and _declared_empty(index)
    container = find_container(doc, rules.body, index)
    if container is not None and not rules.body:
        container = _headline_story(container, title_el)
        container = _url_story(container, url, title)
    if declared_empty and container is not None and _plainly_article(container):
        declared_empty = False  # the body slot is an empty ad block; the story sits in another element
    if declared_empty:
        container = None
    chunks: list[HtmlElement] = []
    chunk_skip: set[HtmlElement] = set()
    if container is not None and not rules.body:
        container, chunks, chunk_skip = assemble_chunks(doc, container, title)
    if container is not None and cut_discussion(container):
        forget_texts()

    # Subtitle: site selector, known subtitle elements, then JSON-LD alternativeHeadline.
    subtitle_el = None
    subtitle = None
    if rules.subtitle:
        found = css(doc, rules.subtitle)
        subtitle_el = found[0] if found else None
    if subtitle_el is None:
        for sel in P.SUBTITLE_SELECTORS:
            found = [el for el in index.select(sel) if not _subhead_between_paragraphs(el)]
            if found and 0 < len(text_of(found[0])) < 300:
                subtitle_el = found[0]
                break
    if subtitle_el is not None:
        subtitle = "\n".join(filter(None, (norm_space(t) for t in subtitle_el.itertext()))) or None
        subtitle = " ".join(subtitle.split("\n")) if subtitle else None
    subtitle = subtitle or jsonld_text(jl.get("alternativeHeadline")) or None

    images, caption_els = ([], [])
    container_chars = 0
    skip: set[HtmlElement] = set()
    paragraphs: list[str] = []
    drop = {norm_key(title)} if title else set()
    if subtitle:
        drop.add(norm_key(subtitle))
    if container is not None:
        for part in chunks or [container]:  # a split body: images of its chunks, not of the boxes between them
            part_images, part_caps = find_images(part, base, title)
            images += part_images
            caption_els += part_caps
        skip.update(chunk_skip)
        # A lead photo placed just before the body element (`<figure class="lede">` then `<div class="body-content">`).
        seen = {im.url for im in images}
        for fig in _lead_figures(chunks[0] if chunks else container):
            lead_images, lead_caps = find_images(fig, base, title)
            images[:0] = [im for im in lead_images if im.url not in seen]
            caption_els.extend(lead_caps)
        skip.update(caption_els)
        if subtitle_el is not None:
            skip.add(subtitle_el)
        if title_el is not None:
            skip.add(title_el)
        deck = leading_deck(chunks[0] if chunks else container)
        if deck is not None:
            skip.add(deck)
            if not subtitle:
                subtitle = " ".join(norm_space(t) for t in deck.itertext() if norm_space(t))
        for im in images:
            if im.caption:
                drop.add(norm_key(im.caption))
        heading_keys: set[str] | None = None  # the text's headings, read once and only for a page with alt texts
        for img in container.iter("img"):
            alt = img.get("alt")
            if alt and len(alt) >= 10:
                if heading_keys is None:
                    heading_keys = {norm_key(text_of(h)) for h in container.iter("h2", "h3", "h4")}
                key = norm_key(alt)
                if key in heading_keys or _alt_quotes_paragraph(img, key):
                    drop.discard(key)  # (also when it came in as the picture's caption)
                else:
                    drop.add(key)
        container_chars = len(text_of(container))
        paragraphs = [u.text for u in build_paragraphs(container, skip, url, container_chars)]
        if sum(map(len, paragraphs)) < _FALLBACK_MIN_CHARS and _unwrap_noscript_text(container):
            # the story is printed only for readers without JavaScript (Blogger's Google blogs: a `script` template
            # and its `<noscript>` copy): that copy is the text
            container_chars = len(text_of(container))
            paragraphs = [u.text for u in build_paragraphs(container, skip, url, container_chars)]
        shown = _story_captions(caption_els, container, paragraphs)
        if shown:
            # a photo post: the captions of the pictures set in the text are its story, in the text's order
            skip.difference_update(shown)
            drop.difference_update(norm_key(text_of(el)) for el in shown)
            drop.difference_update(norm_key(im.caption) for im in images if im.caption)
            paragraphs = [u.text for u in build_paragraphs(container, skip, url, container_chars)]
    cleaned = clean_paragraphs(paragraphs, drop=drop)
    own_chars = len("".join(cleaned.paragraphs))  # what the container gave, before any fallback
    paras = cleaned.paragraphs
    if len(paras) > 3 and len(paras[0]) >= 40 and paras[0] in paras[2:6]:
        # a summary box opening the container that a paragraph a little further on repeats (39健康网's `div.tips`):
        # once is the story's, where the text has it
        del paras[0]
    if container is not None and cleaned.paragraphs and second_opinion_due(container_chars, cleaned.paragraphs) \
            and ensemble.affordable(container):
        cleaned.paragraphs = _with_second_opinion(container, cleaned.paragraphs, drop)
    if container is not None and cleaned.paragraphs and not rules.body:
        lead = find_standfirst(doc, _headline_el(doc, title, title_el), chunks[0] if chunks else container,
                               "\n".join(cleaned.paragraphs))
        if lead is not None and norm_key(lead) not in drop - {norm_key(subtitle or "")}:
            cleaned.paragraphs.insert(0, lead)
    body_text = "\n\n".join(cleaned.paragraphs)
    if len(body_text) < _FALLBACK_MIN_CHARS:
        ld_body = jsonld_text(jl.get("articleBody"))
        # (Arc writes its JSON-LD articleBody as HTML: `<a href=…>El Ministerio</a> comenzó …`)
        ld_paras = text_paragraphs(ld_body) if ld_body else []
        ld_chars = sum(map(len, ld_paras))
        scripted = script_paragraphs(doc)  # a client-rendered page: the text is only in a JSON state
        if scripted and len("".join(scripted)) > max(len(body_text) * 1.5, ld_chars):
            cleaned = clean_paragraphs(scripted, drop=drop)
        elif ld_paras and ld_chars > len(body_text):
            cleaned = clean_paragraphs(ld_paras, drop=drop)
        elif (container is None or len(body_text) < 80) and not declared_empty and not cleaned.ended_at_box:
            alt = clean_paragraphs(_trafilatura_paragraphs(doc), drop=drop)
            # A few words of navigation are not an article: only a real text replaces our (empty) body.
            if len("".join(alt.paragraphs)) >= 100 and len("".join(alt.paragraphs)) > len(body_text) * 1.5:
                cleaned = alt
        body_text = "\n\n".join(cleaned.paragraphs)
        if container is not None and own_chars < _FALLBACK_MIN_CHARS and container_chars >= _NAMES_BLIND_MIN_CHARS \
                and not _mostly_inside(cleaned.paragraphs, container):
            # every block of the container's text carries a "furniture" word in a template class (Drupal's
            # `field--label-hidden` on each text field: the label is hidden, not the field) and what the fallbacks
            # found lies elsewhere on the page: a container plainly holding text is not emptied by class names alone
            blind = clean_paragraphs([u.text for u in build_paragraphs(container, skip, url, container_chars,
                                                                       junk_names=False)], drop=drop)
            # (and much more text than they found: a container that is itself a disclaimer box does not win)
            if len("".join(blind.paragraphs)) >= max(_NAMES_BLIND_MIN_CHARS, 2 * len(body_text)):
                cleaned = blind
                body_text = "\n\n".join(cleaned.paragraphs)

    if not body_text and images:
        # a photo page: the picture's caption is the story's only text (CBS's `div.mediaViewer`, a photo and its
        # 300-character caption); an empty body would lose the page at validation
        captions = list(dict.fromkeys(im.caption for im in images if im.caption))
        if sum(map(len, captions)) >= _CAPTION_BODY_MIN_CHARS:
            cleaned.paragraphs = captions
            body_text = "\n\n".join(captions)

    # Authors: site selector, JSON-LD people, the body byline, then meta tags and byline elements.
    exclude = set(site_names)
    # each part of a long outlet name (`Graiul Maramureșului - Cotidian independent al județului Maramureș`)
    exclude.update(part.strip() for name in site_names for part in P.TITLE_SEPARATORS_RE.split(name) if len(part.strip()) >= 8)
    # The last `<title>` segment after the headline names the outlet (`… | 데일리안`): a JSON-LD "Person" with that
    # name is the outlet, not a reporter. (Only the last: `Headline | Polly Toynbee | The Guardian` names the author.)
    title_parts = P.TITLE_SEPARATORS_RE.split(pm.title_tag or "")
    # (A personal site named after its writer, `… | Code | Nicolas Perriault`, whose microdata marks that name as a
    # Person, is the writer's own: the name stays an author.)
    if len(title_parts) >= 2 and 0 < len(title_parts[-1].strip()) <= 20 and norm_key(title_parts[-1]) != norm_key(title or "") \
            and not _marked_person(doc, title_parts[-1].strip()):
        exclude.add(title_parts[-1].strip())
    # Every publisher metadata value (`<meta name="publisher" content="Deutsche Welle (www.dw.com)">`, not only the
    # first one read as the publisher) and the outlet's logo (`<img alt="뉴스타파" class="…logo…">`, Naver's press
    # logo) name the outlet: a metadata "author" with that name is the outlet, not a reporter.
    exclude.update(v for v in pm.meta.get("publisher") or [] if v and not _marked_person(doc, v))
    exclude.update(_logo_names(doc))
    headline = _headline_el(doc, title, title_el)
    authors: list[str] = []
    if rules.authors:
        authors = clean_authors([text_of(el) for el in css(doc, rules.authors)], exclude=exclude, marked="element")
    org_only = False  # JSON-LD names the author and every one of them is typed as an organisation
    if not authors and jl.get("author"):
        people = jsonld_people(jl.get("author"))
        org_only = bool(people) and all(is_org for _, is_org in people)
        authors = clean_authors([n for n, is_org in people if not is_org], exclude=exclude, marked="element")
    if not authors:
        authors = [a for a in cleaned.authors if a not in exclude]
        if authors:
            # The closing line often names only the lead reporter; the headline block names them all.
            shown = [a for a in _header_authors(headline, index, doc, boxes=False) if a not in exclude]
            if len(shown) > len(authors) and set(authors) <= set(shown):
                authors = shown
    if not authors:
        # a Japanese page's tags name its writer in Han characters too (`島津健吾`); a Chinese outlet's name its outlet
        japanese = bool(P.KANA_RE.search(pm.title_tag or "") or P.KANA_RE.search(body_text[:500]))
        # the tags first: microdata `itemprop=author` is on every teaser card's byline too (Condé Nast's `By …` under
        # each related story), so it is read only when no tag names the author
        marked = "element" if japanese else "tag"
        meta_authors = list(pm.meta.get("authors") or [])
        if org_only:
            # JSON-LD says an organisation wrote it (RT: `"@type": "Organization", "name": "RT"`): a meta "author"
            # the page shows nowhere (`<meta name="article:author" content="Russia Today">`) is that outlet's other
            # name, not a hidden writer
            shown = norm_space(" ".join(doc.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))).casefold()
            meta_authors = [a for a in meta_authors if norm_space(a).casefold() in shown]
        authors = clean_authors(meta_authors, exclude=exclude, marked=marked) \
            or _microdata_authors(doc, pm, headline, exclude, marked)
        if authors:
            # A meta tag often names only the lead writer; the shown `By A and B` line names them all (or the by-line
            # opening the text: `[시선뉴스 박진아, 이시연 수습기자 / …]` under `<meta … author content="박진아 기자">`).
            for shown in ([a for a in _shown_by_line(doc) if a not in exclude],
                          [a for a in cleaned.authors if a not in exclude]):
                if len(shown) > len(authors) and set(authors) <= set(shown):
                    authors = shown
                    break
    if not authors:
        for sel in P.AUTHOR_SELECTORS:
            found = [el for el in index.select(sel) if not in_comment_thread(el, headline)
                     and not _in_other_story(el, headline) and not _under_linked_heading(el, headline)
                     and not in_media_item(el)
                     and next(el.iter("input", "textarea"), None) is None][:4]  # a comment form's name field
            texts = [_parts_text(el) for el in _one_byline_block(found) if not _editor_credit(el)]
            authors = clean_authors([t for t in texts if len(t) < 80], exclude=exclude, marked="element")
            if authors:
                break
    if not authors:
        authors = clean_authors(_header_authors(headline, index, doc), exclude=exclude)
    if not authors:
        authors = [a for a in _zh_reporters(headline, cleaned.paragraphs) if a not in exclude]
    if not authors:
        # a `By A, B` line in a byline-classed element of any naming scheme (`p.Byline-byline-1sVmo`,
        # `div.post__byline`), its reading time or author-page link label left out; never a teaser card's
        authors = clean_authors(_shown_by_line(doc, headline, exclude), exclude=exclude) if headline is not None else []
    # (the page's `<h1>` when the title came from metadata the page does not show: the writer's link is under it)
    anchor = headline if headline is not None else next(doc.iter("h1"), None)
    if not authors and anchor is not None:
        authors = [a for a in _author_page_link(doc, anchor) if a not in exclude]
    if not authors and container is not None:
        authors = clean_authors(_closing_signoff(container), exclude=exclude, marked="element")
    if not authors and headline is not None:
        authors = clean_authors(_named_header_box(doc, headline), exclude=exclude, marked="element")
    if not authors:
        authors = clean_authors(_analytics_authors(doc), exclude=exclude)
    if not authors:
        authors = [a for a in _agreed_single_name(doc, pm) if a not in exclude]
    if not authors:
        authors = [a for a in _marked_handle(doc, headline) if a not in exclude and norm_key(a) not in
                   {norm_key(x) for x in exclude}]
    if site_names or url:
        # a picture's credit left in the text as a line of its own: the photographer and the site (`Andy Walker /
        # Android Authority`)
        outlet = {norm_key(n) for n in site_names + _host_names(url)} - {""}
        cleaned.paragraphs = [p for p in cleaned.paragraphs if not _site_credit(p, outlet)]
        body_text = "\n\n".join(cleaned.paragraphs)
    if len(cleaned.paragraphs) > 3 and _name_and_site_lines(cleaned.paragraphs[:2], url):
        # the story opens with its writer's name and the site's address on lines of their own (`Jon Rappoport`,
        # `Prisonplanet.com`): a byline, not text
        authors = authors or clean_authors([cleaned.paragraphs[0]], exclude=exclude)
        del cleaned.paragraphs[:2]
        body_text = "\n\n".join(cleaned.paragraphs)

    # A closing line that only names the article's author (`Anh Minh`, VnExpress; `Kab NIANG` before a footnote,
    # Bondy Blog) is a sign-off, not text.
    if authors and len(cleaned.paragraphs) > 1:
        keys = {norm_key(a) for a in authors}
        paras = cleaned.paragraphs
        tail = [i for i in range(max(1, len(paras) - 3), len(paras))
                if norm_key(paras[i]) in keys or _author_bio(paras[i], authors)]
        for i in reversed(tail):
            del paras[i]
        if tail:
            body_text = "\n\n".join(paras)

    if len(authors) > 1:
        # `<meta name="author" content="Condé Nast">` beside the writer's `article:author`: the copyright holder named
        # among people is the publisher. (Alone it stays: a one-person blog's author holds its copyright.)
        holders = {norm_key(h) for h in map(_rights_holder, pm.meta.get("rights") or []) if h}
        authors = [a for a in authors if norm_key(a) not in holders] or authors

    # Reporter emails: byline lines cleaned out of the body, byline elements, mailto links in the article.
    emails = list(cleaned.emails)
    byline_texts: list[str] = []
    for sel in P.AUTHOR_SELECTORS + P.EMAIL_SELECTORS:
        byline_texts.extend(_parts_text(el) for el in index.select(sel)[:4])  # not `…Reinamaria.carrasquilla@…`
    scope = container if container is not None else doc
    byline_texts.extend((a.get("href") or "")[7:].split("?")[0] for a in scope.iter("a")
                        if (a.get("href") or "").lower().startswith("mailto:"))
    for text in byline_texts:
        if len(text) > 200:
            continue
        for addr in P.EMAIL_RE.findall(text):
            if addr not in emails and not P.GENERIC_EMAIL_RE.match(addr):
                emails.append(addr)

    published, modified = _dates(doc, pm, rules, container, now, index, headline, url,
                                 korean_body=hangul_ratio(body_text[:2000]) > 0.3, site_names=site_names,
                                 body_sample=body_text[:2000])

    section = norm_space(_first_css_text(doc, rules.section) or "") or jsonld_text(jl.get("articleSection")) \
        or (pm.meta.get("section") or [None])[0] or None

    canonical = _resolve(pm.canonical, base) or _resolve((pm.meta.get("url") or [None])[0], base)
    top_image = _resolve((pm.meta.get("image") or [None])[0], base) or _resolve(jsonld_text(jl.get("image")), base)
    if top_image is None and images:
        top_image = images[0].url

    return Article(
        url=url,
        title=title,
        subtitle=subtitle if subtitle and norm_key(subtitle) != norm_key(title) else None,
        body=body_text,
        authors=authors,
        published=to_iso(published) if published else None,
        modified=to_iso(modified) if modified else None,
        section=section,
        tags=_tags(doc, pm, rules, index),
        language=_language(pm, rules, body_text),
        publisher=publisher,
        canonical_url=canonical,
        top_image=top_image,
        images=images,
        emails=emails,
    )


def extract_article(html: bytes | str, url: str, rules: ExtractionRules | None = None, *,
                    encoding: str | None = None, now: datetime | None = None) -> Article:
    """Extract one article from page HTML. Raises ExtractionError (one line) only for unusable input.

    `encoding` is the charset the caller believes (may be wrong or None); `now` enables relative dates (`5분 전`).
    """
    doc = parse_html(html, encoding)
    try:
        return extract_from_tree(doc, url, rules, now=now)
    except RecursionError:
        raise ExtractionError("page is nested too deeply to extract") from None


# Every module of the extractor is imported by now: keep their compiled patterns for the next process's start.
regex_cache.save()
