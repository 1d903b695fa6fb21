"""Main-text location and paragraph building on the lxml tree: known containers, text-density scoring, images."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain, islice
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import patterns as P
from crawler.extract.clean import norm_key, norm_space
from crawler.extract.memo import remember, text_of  # noqa: F401  (text_of re-exported)
from crawler.extract.regex_cache import re_compile
from crawler.extract.selectors import SelectorIndex, compile_css, css, current_index  # noqa: F401  (re-exported)
from crawler.extract.types import Image

_MIN_UNIT = 25
_PARA_LIKE = frozenset({"div", "span", "section", "li", "dd", "blockquote", "font"})  # chars: shorter text runs are menus/labels, not paragraphs
# any class token naming a caption (`editor-img-caption`, `captionText`), after the known caption selectors
_CAPTION_CLASS_RE = re_compile(r"caption", re.I)
_PHOTO_WRAPPER_RE = re_compile(r"photo|img|image|figure|pic|thumb|caption|media|art_photo|view_photo", re.I)


_CODE_CHARS_RE = re_compile(r'[{}\[\]":;=<>]')


def code_like(text: str) -> bool:
    """Text that is data or code rather than prose: a JSON object/array, or mostly braces, quotes and colons."""
    head = text.lstrip()[:400]
    if not head:
        return False
    if head[0] in "{[" and ('":' in head or "':" in head):
        return True
    return len(head) >= 40 and len(_CODE_CHARS_RE.findall(head)) > 0.15 * len(head)


def _attrs(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _obscured(el: HtmlElement) -> bool:
    """Text shown blurred or scrambled behind a paywall (patterns.OBSCURED_RE): not readable, so not body."""
    cls = el.get("class")
    return bool(cls) and P.OBSCURED_RE.search(cls) is not None


def _hidden(el: HtmlElement) -> bool:
    if _obscured(el):
        return True
    style = el.get("style")
    hidden = bool(style) and "display:none" in style.replace(" ", "").lower() or el.get("hidden") is not None \
        or el.get("aria-hidden") == "true"
    return hidden and not _folded_text(el)


def _folded_text(el: HtmlElement) -> bool:
    """A hidden element that a `기사 더보기` / `Read more` control next to it unfolds: the rest of the article."""
    if next(el.iter("p", "br"), None) is None and len(text_of(el)) < 100:
        return False
    sibs = [el.getprevious()]
    nxt = el.getnext()
    for _ in range(2):
        if nxt is None:
            break
        sibs.append(nxt)
        nxt = nxt.getnext()
    for sib in sibs:
        if sib is None or not isinstance(sib.tag, str):
            continue
        for ctl in sib.iter("button", "a", "span"):
            if P.FOLD_TOGGLE_RE.match(text_of(ctl)):
                return True
    return False


def _in_running_text(el: HtmlElement) -> bool:
    """An inline element with sentence text right around it (its tail, or text before it in the same parent)."""
    if (el.tail or "").strip(" \t\r\n\xa0"):
        return True
    parent = el.getparent()
    if parent is None:
        return False
    prev = el.getprevious()
    before = prev.tail if prev is not None else parent.text
    return bool((before or "").strip(" \t\r\n\xa0"))


_LINK_BOX_TAGS = frozenset({"ul", "ol", "div", "section"})
_LINK_BOX_SHARE = 0.6
_LINK_BOX_LABEL_CHARS = 40  # unlinked text of a link box: its labels (`Dosszié`, `Temas`), never a sentence
_LINK_BOX_MAX_CHARS = 1500


def _link_box(el: HtmlElement) -> bool:
    """A list or box that is mostly links and whose unlinked text is only a label or two (topic tags, a series' other
    parts, a dossier of related stories): navigation, labels included — the links alone would already be dropped as
    link-dense lines. Each list item is judged by its own unlinked text (a list citing its sources says something)."""
    text = text_of(el)
    if not text or len(text) > _LINK_BOX_MAX_CHARS:
        return False
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    if linked < _LINK_BOX_SHARE * len(text):
        return False
    if el.tag in ("ul", "ol"):
        return all(len(text_of(item)) - sum(len(text_of(a)) for a in item.iter("a")) < _LINK_BOX_LABEL_CHARS
                   for item in el.iterchildren("li"))
    # a `<div>` paragraph whose phrases are links (`The pair <a>revealed in February that …</a>`) ends a sentence
    return len(text) - linked < _LINK_BOX_LABEL_CHARS and not (len(text) >= _PROSE_CHARS and text[-1] in ".!?。")


def _introduced_list(el: HtmlElement, own: str, page_url: str) -> bool:
    """A list of links to other sites that the story introduces with a sentence and goes on after (`<p>If you're
    curious to read the emails, click the links.</p><ul>…</ul><h2>So What …</h2>`): its items are the story's lines
    even when they are mostly links. A list of the site's own stories is a related box, however it sits."""
    before, after = el.getprevious(), el.getnext()
    if before is None or after is None or before.tag != "p" or after.tag not in _STORY_NEXT_TAGS:
        return False
    lead = norm_space(text_of(before))
    if not (prose_paragraph(before) and lead[-1:] in ".:!?)" and norm_space(text_of(after))):
        return False
    sites = [site_of(urljoin(page_url, a.get("href") or "")) for a in el.iter("a")]
    return bool(sites) and all(site and site != own for site in sites)


_STORY_NEXT_TAGS = frozenset({"p", "h2", "h3", "h4"})
_DATA_BOX_MAX_CHARS = 300
_SENTENCE_RE = re_compile(r"[.!?。](?:\s|$)")


def _titled_data_box(el: HtmlElement) -> bool:
    """A named box that opens with its own heading (`div.panel` > `div.panel-heading` > `h3`) and holds only short
    data cells after it, no sentence (a dispatch log, a score card, a price ticker): a widget, not the story's text."""
    if not el.get("class"):
        return False
    kids = [c for c in el if isinstance(c.tag, str)]
    if len(kids) < 2:
        return False
    head = kids[0]
    if head.tag not in _HEADING_TAGS:
        inner = [c for c in head if isinstance(c.tag, str)]
        if head.tag != "div" or len(inner) != 1 or inner[0].tag not in _HEADING_TAGS or norm_space(head.text or ""):
            return False
    rest = " ".join(text_of(c) for c in kids[1:])
    if not rest.strip() or len(rest) > _DATA_BOX_MAX_CHARS or _SENTENCE_RE.search(rest):
        return False
    return sum(1 for c in kids[1:] for t in c.itertext() if t.strip()) >= 3


_STAMP_MAX_CHARS = 60
_YEAR_RE = re_compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _stamp_lines(container: HtmlElement) -> set[HtmlElement]:
    """Short lines built around a machine-readable `<time datetime>` and naming a year (`<p>Domingo, 17 de julio 2022
    <time datetime="…"></time></p>`): the page's date stamp in any language, not text. A clock time alone (a live
    blog's `10:45`) is not one."""
    out: set[HtmlElement] = set()
    for time_el in container.iter("time"):
        if not time_el.get("datetime"):
            continue
        node = time_el
        for _ in range(2):
            parent = node.getparent()
            if parent is None or parent is container:
                break
            node = parent
            if node.tag in ("p", "div", "span", "li", "dd"):
                break
        text = text_of(node)
        if node is not time_el and len(text) <= _STAMP_MAX_CHARS and _YEAR_RE.search(text) and text[-1:] not in ".!?":
            out.add(node)
    return out


_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_SUBHEADING_MAX_CHARS = 150


def _next_text_block(el: HtmlElement, backwards: bool) -> HtmlElement | None:
    """The nearest sibling holding text (empty ad slots between are passed over)."""
    for sib in (el.itersiblings(preceding=backwards)):
        if isinstance(sib.tag, str) and sib.tag not in P.SKIP_TAGS and text_of(sib):
            return sib
    return None


def _subheading_between_paragraphs(el: HtmlElement) -> bool:
    """A block holding nothing but one unlinked heading, with a paragraph of text right before and after it: the
    story's own subheading, whatever the wrapper's class says (`<div class="v-c-cmp"><h3>Desglose</h3></div>`)."""
    kids = [c for c in el if isinstance(c.tag, str)]
    if len(kids) != 1 or kids[0].tag not in _HEADING_TAGS or norm_space(el.text or "") or norm_space(kids[0].tail or ""):
        return False
    heading = kids[0]
    if not 0 < len(text_of(heading)) <= _SUBHEADING_MAX_CHARS or next(heading.iter("a"), None) is not None:
        return False
    before, after = _next_text_block(el, True), _next_text_block(el, False)
    # a paragraph, or a wrapper of one paragraph like the heading's own (blick.de: every block a `div.styled-tags`)
    return all(b is not None and (b.tag == "p" or (b.tag == el.tag and len(b) == 1 and b[0].tag == "p"))
               and len(text_of(b)) >= _PROSE_CHARS for b in (before, after))


def _same_class_text(el: HtmlElement) -> int:
    """Characters of text in `el` and its siblings of the same tag and class: a template that wraps every paragraph
    of the story in the same "junk"-named block (blick.de: each `<p>` and `<h2>` in its own `div.styled-tags`)."""
    parent, cls = el.getparent(), el.get("class")
    if parent is None or not cls:
        return len(text_of(el))
    sizes = [len(text_of(sib)) for sib in parent if sib.tag == el.tag and sib.get("class") == cls]
    # paragraph-sized wrappers, several of them: not a page's sections sharing a class (`div.page.section.footer`)
    return sum(sizes) if len(sizes) >= 3 and max(sizes) <= _PARAGRAPH_WRAPPER_MAX else len(text_of(el))


_PARAGRAPH_WRAPPER_MAX = 2000  # characters one paragraph's wrapper holds at most


def spaced_text(el: HtmlElement) -> str:
    """Text of an element with a space at `<br>` and block boundaries (a caption's title line and credit line)."""
    out: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "br" or child.tag in P.BLOCK_TAGS:
                out += [" ", spaced_text(child), " "]
            else:
                out.append(spaced_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _gallery_items(el: HtmlElement) -> bool:
    """A gallery-named block that really is one: several slides (list items, images or figures)."""
    return sum(1 for _ in zip(range(5), el.iter("li", "img", "figure", "amp-img"))) >= 5 or \
        sum(1 for _ in zip(range(3), el.iter("img", "figure", "amp-img"))) >= 3


def _has_img(el: HtmlElement) -> bool:
    return next(el.iter("img"), None) is not None


_DATA_TABLE_CELLS = 4  # a photo with its caption (and credit) fills fewer cells with text


def _data_table(table: HtmlElement) -> bool:
    """A table of many text cells (a ranking with product photos, a comparison with icons): content, not a photo
    table, although it holds images."""
    filled = 0
    for cell in table.iter("td", "th"):
        if text_of(cell):
            filled += 1
            if filled >= _DATA_TABLE_CELLS:
                return True
    return False


def prose_paragraph(p: HtmlElement) -> bool:
    """A paragraph of prose: 80+ characters, under 30% of them link text."""
    text = text_of(p)
    return len(text) >= 80 and sum(len(text_of(a)) for a in p.iter("a")) < 0.3 * len(text)


def _prose_paragraphs(el: HtmlElement, wanted: int = 2) -> bool:
    """`wanted` or more prose `<p>` (`prose_paragraph`) inside `el`."""
    return sum(1 for _ in zip(range(wanted), filter(prose_paragraph, el.iter("p")))) >= wanted


def _credit(scores: dict[HtmlElement, float], para: HtmlElement, n: float) -> None:
    """Credit a paragraph's length to its parent, half to its grandparent and a sixth to the level above (readability's
    decay): a story whose every paragraph sits in its own two-level wrapper between ad slots still sums up in the
    block that holds them all, instead of losing to a one-paragraph lead that has a container of its own."""
    parent = para.getparent()
    for share in (1.0, 0.5, 1 / 6):
        if parent is None:
            return
        scores[parent] = scores.get(parent, 0.0) + n * share
        parent = parent.getparent()


_OBSCURED_XPATH = etree.XPath(".//@class[contains(., 'blur') or contains(., 'obfuscat') or contains(., 'scrambl')]/..")


def _unreadable(root: HtmlElement) -> set[HtmlElement]:
    """Every element inside a blurred or scrambled block (patterns.OBSCURED_RE), found once per extraction from the
    selector index's class tokens (an XPath walk per scored subtree would cost more than the scoring)."""
    index = current_index()
    if index is None:
        return {d for el in _OBSCURED_XPATH(root) if _obscured(el) for d in el.iter()}
    return remember(("unreadable",), lambda: {d for el in index.by_class_matching(P.OBSCURED_RE) for d in el.iter()})


_PROSE_TAIL = 40  # characters of a link's tail, at least, that go on with a sentence rather than separate links
_RUN_TAGS = frozenset({"i", "em", "b", "strong", "span", "font", "q", "cite"})  # inline elements prose runs through


def _score_container(root: HtmlElement) -> HtmlElement | None:
    """The element holding the most paragraph text (readability-style: paragraph length credited to parents)."""
    scores: dict[HtmlElement, float] = {}
    unreadable = _unreadable(root)
    # a news ribbon's teasers credit neither the list nor the column holding it and the story
    teasers = {d for lst in root.iter("dl", "ul", "ol")
               if (_teaser_list(lst) if lst.tag == "dl" else _linked_item_list(lst)) for d in lst.iter()}
    if teasers:
        unreadable = unreadable | teasers
    furniture = _page_furniture(root)
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in P.SKIP_TAGS or tag == "a" or el in unreadable or el in furniture:
            continue
        if tag == "p":
            n = len(text_of(el))
            links = sum(len(a.text_content()) for a in el.iter("a"))
            n -= links * 2
            if n >= _MIN_UNIT:
                _credit(scores, el, n)
            continue
        # Text sitting directly in a block: a leaf block (no <br>/block children) is a paragraph of its parent,
        # as with <p>; a block with <br>-separated text is itself the body.
        direct = len(norm_space(el.text or ""))
        leaf = True
        for child in el:
            ctag = child.tag if isinstance(child.tag, str) else ""
            if ctag == "br" or ctag in P.BLOCK_TAGS:
                leaf = False
            # (a link's tail: separators between the links of a menu, but the rest of the sentence in prose written
            # inside an inline element, Slashdot's `schwit1 writes <i>"Venus, <a>the … yacht</a> up until his
            # death …`; not in a block: a list item's or a widget's run after a link is a link list's)
            if child.tail:
                tail = len(child.tail.strip())
                if ctag != "a" or (tail >= _PROSE_TAIL and tag in _RUN_TAGS):
                    direct += tail
        if direct < _MIN_UNIT or code_like(el.text or ""):
            continue  # a JSON/script blob printed into a block (`<div id="endOfArticle">{"teasers":…}`) is not prose
        if leaf and tag in _PARA_LIKE:
            _credit(scores, el, direct)
        else:
            scores[el] = scores.get(el, 0.0) + direct
    if not scores:
        return None
    best, best_score = None, 0.0
    for el, score in scores.items():
        attrs = _attrs(el)
        if P.JUNK_RE.search(attrs) and not P.CONTENT_RE.search(attrs):
            score *= 0.3
        elif P.CONTENT_RE.search(attrs):
            score *= 1.2
        if el.tag in ("body", "html"):
            score *= 0.5
        if score > best_score and in_comment_thread(el):
            score *= 0.2  # a reader comment, however long, is not the story (`div.pluck-comm-comment-content`)
        if score > best_score:
            best, best_score = el, score
    return _with_sibling_paragraphs(_join_same_class_parts(_merge_split_body(best, scores), scores)) \
        if best is not None else None


def _page_furniture(root: HtmlElement) -> set[HtmlElement]:
    """Every element inside the page's own `<footer>` or `<nav>` (not an article's; or a footer named so by a page
    builder) or inside a header's `<figure>`: an imprint, a link list or a newsletter box there outscores nothing —
    on a page whose story is loaded by script, it would be the only text (El Peruano's imprint)."""
    doc = root.getroottree().getroot()
    return remember(("page_furniture",), lambda: _furniture_of(doc))  # once per page, whatever subtree is scored


def _furniture_of(doc: HtmlElement) -> set[HtmlElement]:
    # (one that holds an `<article>` or `<main>` is the page itself, nested there by unclosed menu markup)
    index = current_index()
    named = [el for token in _PAGE_FOOTER_NAMES for el in index.by_class(token)] if index is not None else []
    found = {d for el in chain(doc.iter("footer", "nav"), named)
             if next(el.iterancestors("article", "main"), None) is None
             and next(el.iterdescendants("article", "main"), None) is None for d in el.iter()}
    # ... and whatever a `<figure>` in a `<header>` holds, the story's lead picture or video and its caption: the
    # transcript of the video heading the New York Times' story (`figure > … > dl > dd`, 2,600 characters in one
    # block) is no story (a figure elsewhere may hold a listicle entry's text: Onedio's)
    found.update(d for f in doc.iter("figure") if next(f.iterancestors("header"), None) is not None
                 for d in f.iterdescendants())
    # ... and a video player's widget (its playlist of clip titles and durations, hk01.com's `avp-player-ui`)
    found.update(d for el in _media_players(doc) for d in el.iter())
    margins = set(_page_margins(doc))
    # (each outermost one once: a masthead's named parts sit inside it)
    found.update(d for el in margins if not any(anc in margins for anc in el.iterancestors()) for d in el.iter())
    return found


# A class token, id or custom element name of a media player (`avp-player-ui`, `avp-playlist`, `video-player`, `jwplayer`)
_PLAYER_NAME_RE = re_compile(r"(?:^|[-_])(?:player|playlist)(?:$|[-_])|^(?:jw|video|audio|media)player$", re.I)
_CUSTOM_TAGS = etree.XPath("//body//*[contains(local-name(), '-')]")


def _media_players(doc: HtmlElement) -> list[HtmlElement]:
    """The page's media players (by class token, id or custom element name) that hold no `<article>`, `<main>` or
    `<h1>`: a player's playlist is a column of titles, never the story."""
    index = current_index()
    if index is None:
        return []
    found = index.by_class_matching(_PLAYER_NAME_RE) + index.by_id_matching(_PLAYER_NAME_RE)
    found += [el for el in _CUSTOM_TAGS(doc) if _PLAYER_NAME_RE.search(el.tag)]
    return [el for el in found if next(el.iter("article", "main", "h1"), None) is None]


def _page_margins(doc: HtmlElement) -> list[HtmlElement]:
    """The page's own masthead, sidebars and footer: a `<header>` or `<aside>`, or a block with an id or class word
    `header`, `masthead`, `sidebar`, `footer` or `newsletter` (`div#footer-content`, `div.sidebar`), outside any
    `<article>`/`<main>` and holding none, without a headline (an `<h1>` not wholly a link), leaving a quarter of
    the page's text (200 characters at least) outside. Their one long blurb (a site's "about us" box, a magazine's
    latest-issue panel, a newsletter pitch, a blogger's profile) outscored short stories (Dragnet's R211, R292, R298,
    R569, T130); a header holding the headline may hold the story's opening, and a block holding nearly all the
    page's text is the page itself (`div#content-sidebar-wrap`, a `<header>` left open by broken markup)."""
    body = next(doc.iter("body"), None)
    index = current_index()
    if body is None or index is None:
        return []
    named = [el for el in (*index.by_id_matching(_MARGIN_NAME_RE), *index.by_class_matching(_MARGIN_NAME_RE))
             if el.tag not in ("body", "html")]
    candidates = [*doc.iter("header", "aside"), *named]
    if not candidates:
        return []
    # what a margin may not hold, found once: the story's `<article>`/`<main>` and headline, and (for a block named so)
    # an element named for the story (`div.panel-list-header > … > div#article-content`, `div#header >
    # div#post-40945.post` left open by broken markup); ancestors collected once, not a walk under each candidate
    story = [*doc.iter("article", "main"), *(h for h in doc.iter("h1") if _headline_like(h))]
    holders = {*story, *(anc for el in story for anc in el.iterancestors())}
    named_story = [*index.by_id_matching(_STORY_ID_RE), *(el for c in _STORY_CLASSES for el in index.by_class(c))]
    named_holders = {anc for el in named_story for anc in el.iterancestors()}
    named_set = set(named)
    page_chars = _TEXT_CHARS(body)
    return [el for el in candidates
            if el not in holders and not (el in named_set and el in named_holders)
            and next(el.iterancestors("article", "main"), None) is None
            and page_chars - _TEXT_CHARS(el) >= max(_MARGIN_REST_MIN_CHARS, page_chars / 4)]


# an element's text length, whitespace collapsed, counted in libxml2 (normalising the whole page's text in Python for
# one length cost ~1 ms a page)
_TEXT_CHARS = etree.XPath("string-length(normalize-space(.))")


def _headline_like(h1: HtmlElement) -> bool:
    """An `<h1>` with text of its own, not wholly a link (a blog's name linked home is its logo, not a headline)."""
    text = text_of(h1)
    return bool(text) and sum(len(text_of(a)) for a in h1.iter("a")) < len(text)


_MARGIN_REST_MIN_CHARS = 200  # text the rest of the page keeps, at least, for a block to be set aside as a margin
_STORY_ID_RE = re_compile(r"^(?:article|story|post|entry|main)(?:[-_]?(?:content|body|text|inner|wrap(?:per)?|\d+))?$",
                          re.I)
_STORY_CLASSES = frozenset({"hentry", "post", "article", "entry-content", "post-content", "article-body",
                            "article-content", "story-body", "story-content"})
# an id or class token naming the page's margins: the word after two dashed prefix words at most (or `new`), and a
# layout word after it at most (`div#footer-wrap`, `div#newsidebar`, `div#newsletter-slide`, `div.site-header`); not
# the story's own header (`div.article_header`), nor a layout that names its main column for the sidebar beside it
# (`div.sidebar_content`, `div.st-sidebar__main`)
_MARGIN_NAME_RE = re_compile(r"^(?!(?:article|post|entry|story|content|single|td-post)[-_])(?:[a-z]+[-_]){0,2}(?:new)?"
                             r"(?:footer|foot|sidebar|newsletter|masthead|header)\d?(?:[-_](?:wrap|wrapper|container|"
                             r"area|inner|outer|widgets?|left|right|primary|secondary|region|top|bottom|block|box|slide|bar|"
                             r"links|menu|nav|\d+))?$", re.I)


# the page's footer named by a page builder or theme rather than tagged `<footer>` (Elementor's footer template, whose
# author bio and risk notice outweighed coin-update.de's story)
_PAGE_FOOTER_NAMES = ("elementor-location-footer", "site-footer")


def _teaser_list(dl: HtmlElement) -> bool:
    """A definition list of linked headlines, each with its summary (`dl.lenta`: `<dt>10:17 <a>headline</a></dt>
    <dd>summary</dd>` × 20, a news ribbon): other stories' teasers, not one story's text."""
    terms = dl.findall("dt")
    return len(terms) >= 3 and sum(1 for dt in terms if next(dt.iter("a"), None) is not None) >= 0.8 * len(terms)


_LIST_MIN_ITEMS = 8


def _linked_item_list(ul: HtmlElement) -> bool:
    """A list of at least eight short items nearly all holding a link (`ul > li`: `記事タイトル(著者) (08.05 11:00)` under
    a link × 78, a site's latest stories): other stories, not this one's text."""
    items = [li for li in ul if li.tag == "li"]
    if len(items) < _LIST_MIN_ITEMS:
        return False
    linked = 0
    for li in items:
        if len(text_of(li)) > 200:
            return False  # a list of paragraphs, not of headlines
        if any(a.get("href") for a in li.iter("a")):  # (an empty `<a>` laid over the item counts: デイリーポータルZ)
            linked += 1
    return linked >= 0.8 * len(items)


def _join_same_class_parts(best: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    """A body split into copies of one template block further apart than siblings (`div.body-content` in a top and a
    bottom `section` around an ad row): every element with the winner's tag and class list that holds scored text,
    joined at their nearest common ancestor — when that ancestor holds little else (80% of its text is theirs)."""
    index = current_index()
    if index is None:
        return best
    # the winner itself, or (an unnamed wrapper) its best-scored named child, is the template block
    block = best
    if not best.get("class"):
        named = [child for child in best if isinstance(child.tag, str) and child.get("class") and scores.get(child)]
        block = max(named, key=lambda child: scores[child], default=best)
    cls = block.get("class")
    if not cls or not cls.split():
        return best
    parts = [el for el in index.by_class(cls.split()[0])
             if el.tag == block.tag and el.get("class") == cls and scores.get(el, 0.0) > 0 and len(text_of(el)) >= 80]
    inside = set(parts)
    if block not in inside or len(parts) > 12 or any(anc in inside for part in parts for anc in part.iterancestors()):
        return best  # nested look-alikes are not parts of one story
    parts = [part for part in parts if part is not best and not any(a is best for a in part.iterancestors())]
    if sum(len(text_of(part)) for part in parts) < 0.3 * len(text_of(best)):
        return best  # none, or a short note in the template's block after the story (`Originally published at …`)
    parts.append(best)
    above = [set(part.iterancestors()) for part in parts]
    for anc in islice(best.iterancestors(), 6):
        if anc.tag in ("body", "html"):
            return best
        if all(anc in ancestors for ancestors in above):
            own = sum(len(text_of(part)) for part in parts)
            return anc if own >= 0.8 * len(text_of(anc)) else best
    return best


def in_comment_thread(el: HtmlElement, headline: HtmlElement | None = None) -> bool:
    """`el` or one of its ancestors is named for reader comments and holds neither an `<h1>` nor the story's headline
    (so it is not a page wrapper that merely mentions comments, `div.post.comments-open`, around the story)."""
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > 12 or node.tag in ("body", "html"):
            return False
        if P.COMMENT_NAME_RE.search(_attrs(node)):
            holds_headline = headline is not None and any(anc is node for anc in headline.iterancestors())
            return not holds_headline and next(node.iter("h1"), None) is None
    return False


# a box quoting a press release the story cites (`div#pr_box`, `div#pr_text`, `div.press-release`; not Bootstrap's
# `pr-0` padding class)
_QUOTE_BOX_RE = re_compile(r"(?:^|[\s_\-])(?:pr[-_](?:box|text|content|release)|press[-_]?release)(?:$|[\s_\-])", re.I)
_RELEASE_SHARE = 0.1  # the story's own prose beside a quoted press release, as a share of the release
_STYLED_RUN_TAGS = frozenset({"span", "font"})  # inline elements a rich-text editor wraps each paragraph in


def _prose_beside(best: HtmlElement, holder: HtmlElement, share: float = 0.2) -> bool:
    """`holder` has prose paragraphs of its own outside `best`: two or more of 80+ characters, or one of 300+ (a story
    told in one paragraph: Engadget's short posts), `share` of `best`'s characters."""
    inside = set(best.iter("p"))
    beside = [len(t) for p in holder.iter("p") if p not in inside for t in [text_of(p)] if len(t) >= 80]
    return (len(beside) >= 2 or (len(beside) == 1 and beside[0] >= 300)) and sum(beside) >= share * len(text_of(best))


def _with_sibling_paragraphs(best: HtmlElement) -> HtmlElement:
    """The winner plus the prose paragraphs beside it: a story whose first paragraphs sit directly in the parent and
    whose rest is folded into a `Read more` block (Salon's `div.toggle-group`) is one body — take the parent."""
    parent = best.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return best
    if best.tag in _STYLED_RUN_TAGS:
        # a post written as styled runs between `<br>`s (Blogger's editor: `<span style="font-family: …">` per
        # paragraph, a video between two of them): the winning run is one paragraph of the block that holds them,
        # when such runs are most of that block's text (not one run among a page of other blocks)
        runs = [run for run in _direct_runs(parent) if run >= _PROSE_CHARS]
        if len(runs) >= 2 and sum(runs) >= 0.5 * len(text_of(parent)):
            return parent
    if best.tag == "blockquote":
        # a long quote the story cites (gonintendo: a statement in `div.block-quote > blockquote`, the story's own
        # paragraphs in the `div.paragraph` beside it): the story is the block holding both
        holder = parent
        while len(holder) == 1 and holder.getparent() is not None and holder.getparent().tag not in ("body", "html"):
            holder = holder.getparent()  # past wrappers holding only the quote
        if _prose_beside(best, holder):
            return holder
    elif _QUOTE_BOX_RE.search(f"{_attrs(best)} {_attrs(parent)}"):
        # ... or a box quoting a press release (Engadget: `div.post_body > div#pr_box > div#pr_text`, the story's own
        # paragraphs in `div.post_body`), up to two levels above the box; a release quoted whole may run five times
        # the story's own paragraph, so a tenth of it is enough
        holder = parent
        for _ in range(2):
            holder = holder.getparent()
            if holder is None or holder.tag in ("body", "html"):
                break
            if _prose_beside(best, holder, _RELEASE_SHARE):
                return holder
    prose = 0
    count = 0
    listed = best.tag in ("ul", "ol")
    # (beside a list, a `<div>` of plain text, no block inside, is a paragraph too: Blogger's closing line; and beside
    # a winner that writes its text without `<p>`, between `<br>`s: Blogger's posts of one `<div>` per paragraph)
    div_paragraphs = listed or (best.tag == "div" and next(best.iter("p"), None) is None)
    for child in parent:
        if child is best or (child.tag != "p" and not (div_paragraphs and child.tag == "div" and plain_text_div(child))):
            continue
        if prose_paragraph(child):
            prose += len(text_of(child))
            count += 1
    for run in _direct_runs(parent) if listed else ():
        # a list whose items outscored the prose written straight into its parent between `<br>`s (Blogger's
        # `div.post-body`: an opening, a `<ul>` of five features, a closing line): the list is part of the story
        if run >= 80:
            prose += run
            count += 1
    # (four or more are the story's opening even beside a long block: Cubadebate's story, then its appended updates in
    # `div#anexos_list`)
    if (count >= 2 and prose >= 0.2 * len(text_of(best))) or (count >= 4 and prose >= 0.1 * len(text_of(best))):
        return parent
    # (the scripts of a video player or an ad slot beside them hold no text a reader sees: Washington Examiner)
    shown = [c for c in parent if isinstance(c.tag, str) and c.tag not in _UNSHOWN_TAGS]
    after = [c for c in best.itersiblings() if c in shown]
    # (a plain `<p>`: one the template names, `p#newsAnnotation`, is a standfirst)
    if count == 1 and not any(text_of(c) for c in after) \
            and all(child is best or (child.tag == "p" and len(text_of(child)) >= 80 and not child.get("id")
                                      and not child.get("class")) or not text_of(child)
                    for child in shown):
        return parent  # a metered page's free first paragraph, the rest in `div.ev-meter-content`: nothing else here
    return parent if _lead_before(best) or _adjacent_text_block(best) else best


_CROSSHEADS = frozenset({"h2", "h3", "h4", "h5"})
_UNSHOWN_TAGS = frozenset({"script", "style", "template", "noscript"})  # children whose text no reader sees
_LEAD_MIN_CHARS = 200  # a story's opening paragraph(s), not a one-line header or disclaimer set as a `<p>`


def _lead_before(best: HtmlElement) -> bool:
    """The story's opening right before the winner, in its parent: plain prose `<p>`s (no id or class, so no
    standfirst or teaser the template names) of `_LEAD_MIN_CHARS` or more, with only crossheads and empty slots
    between them and the winner (Matichon: `div.td-post-content` holds the lead `<p>` and an `<h2>`, then
    `div#paragraph-2` with the rest)."""
    lead = 0
    for sib in best.itersiblings(preceding=True):
        if not isinstance(sib.tag, str) or sib.tag in _UNSHOWN_TAGS:
            continue
        text = text_of(sib)
        if not text:
            continue
        if sib.tag in _CROSSHEADS and len(text) < 200:
            continue
        if sib.tag == "p" and not sib.get("class") and not sib.get("id") and prose_paragraph(sib):
            lead += len(text)
            continue
        break
    return lead >= _LEAD_MIN_CHARS


def plain_text_div(div: HtmlElement) -> bool:
    """A `<div>` holding only text and inline elements (no block, list or table inside)."""
    return not any(isinstance(d.tag, str) and d.tag in P.BLOCK_TAGS for d in div.iterdescendants())


def _direct_runs(parent: HtmlElement) -> list[int]:
    """Lengths of the runs of text written straight into `parent` (its own text and its inline children's, with their
    tails), cut at `<br>` and at block children; link text does not count."""
    runs: list[int] = []
    n = len(norm_space(parent.text or ""))
    for child in parent:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br" or tag in P.BLOCK_TAGS:
            if n:
                runs.append(n)
            n = 0
        elif tag in P.INLINE_TAGS and tag != "a":
            n += len(norm_space(child.text_content()))
        n += len(norm_space(child.tail or ""))
    if n:
        runs.append(n)
    return runs


# text a reader sees: not the code of a script (an ad slot's `document.write('<script …>')`) or a style sheet
_SHOWN_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::template)]")


def _prose_block(el: HtmlElement) -> bool:
    """Paragraph text, not a header or a link list: 150+ characters in paragraph-long runs, few links, no `<h1>`."""
    text = text_of(el)
    if len(text) < 150:
        return False
    runs = [t.strip() for t in _SHOWN_TEXT(el)]
    shown = sum(map(len, runs))
    return shown >= 150 and sum(len(text_of(a)) for a in el.iter("a")) < 0.2 * shown \
        and next(el.iter("h1"), None) is None \
        and sum(len(t) for t in runs if len(t) >= _PROSE_CHARS) >= 150


def _adjacent_text_block(best: HtmlElement) -> bool:
    """A content-named block of prose right before or after the winner, only photos or empty slots between (the
    story's opening paragraphs in `div#article-content-div`, a photo, the rest in `div.article_middle`). Not the
    article header (it holds the `<h1>`), and prose means paragraph-long text runs, not a row of short labels."""
    for after, sibs in ((False, best.itersiblings(preceding=True)), (True, best.itersiblings())):
        for sib in sibs:
            if not isinstance(sib.tag, str):
                continue
            text = text_of(sib)
            if not text or (len(text) < 200 and next(sib.iter("img", "picture", "figure", "amp-img"), None) is not None):
                continue  # an empty slot or a photo between the two parts
            if sib.tag in ("div", "section", "p") and P.CONTENT_RE.search(_attrs(sib)) \
                    and not P.JUNK_RE.search(_attrs(sib)) and (_prose_block(sib) or (after and _closing_sentence(sib))):
                return _prose_block(best)  # only a body joins its other half: a header beside the body is not one
            break
    return False


def _closing_sentence(el: HtmlElement) -> bool:
    """A last paragraph of plain text set in its own block after the body (a gallery page's `div.short_content`:
    `AFAD, depremde … 120 kişinin yaralandığını duyurdu.`): one or more whole sentences, no links, no markup."""
    text = norm_space(text_of(el))
    return _PROSE_CHARS <= len(text) < 150 and len(el) == 0 and _SENTENCE_RE.search(text[-2:] + " ") is not None


def _merge_split_body(best: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    """A body split into sibling blocks of one kind (NYT companion columns, per-paragraph wrappers between ads):
    when the winner — or its parent — has look-alike siblings that also hold paragraph text, take their parent."""
    node = best
    for _ in range(2):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        # (measured against the winner's own text too: a wrapper's score may be only its lead's, `div#material`
        # around `p.zajawka` and the scored `div#tresc`, which a contact box beside it would otherwise match)
        own = max(scores.get(node, 0.0), scores.get(best, 0.0))
        # (not a reader-comment thread or other junk-named block that merely shares the tag: `div#art-komentarze`
        # beside an unclassed `div#material`)
        kin = sum(scores.get(sib, 0.0) for sib in parent
                  if sib is not node and sib.tag == node.tag and sib.get("class") == node.get("class")
                  and not P.JUNK_RE.search(_attrs(sib)))
        if own > 0 and kin >= 0.3 * own:
            return parent
        node = parent
    return best


def _select_body(matches: list[HtmlElement]) -> HtmlElement | None:
    """The first known body element with text; when it is one of several sibling bodies (a story cut into
    `div.article-body` blocks between ads), their common parent."""
    for el in matches:
        if el.tag in ("body", "html"):
            continue  # `<body id="article_body">`: a template quirk, not the article's container
        if _obscured(el):
            continue  # the paywalled part shown blurred: the readable part is found by scoring
        if next(el.iterancestors("a"), None) is not None:
            continue  # a teaser card linking to another story (`a.article-wrapper > div.article-content`)
        if _in_side_box(el):
            continue  # a most-read widget's card (`aside.widget … article.post-item > div.article-content`)
        if _other_post(el):
            continue  # a teaser of another WordPress post (`article#post-4163 > div.post-content` on `postid-3568`)
        # siblings with text: an empty look-alike slot (`div.article_body` left for an ad) splits nothing; or cousins,
        # each body piece in a wrapper of its own (`div.text.parbase > p[itemprop=articleBody]`, one per paragraph)
        for level in (1, 2):
            anc = _ancestor(el, level)
            if anc is None or anc.tag in ("body", "html"):
                break
            kin = [m for m in matches if _ancestor(m, level) is anc and len(text_of(m)) >= 20]
            if level == 2 and any(len(text_of(m.getparent())) > len(text_of(m)) + 20 for m in kin):
                break  # a wrapper holding more than its piece: not a one-paragraph slot
            if len(kin) > 1 and sum(len(text_of(m)) for m in kin) >= 150:
                return anc
        if len(text_of(el)) >= 150:
            return el
    return None


# a box beside the story named so by a class or id word (`div.sidebar`, `div.most-views-content`, `div.related-posts`)
_SIDE_BOX_RE = re_compile(r"(?:sidebar|side-bar|related|popular|most-?(?:popular|read|views?)|recommend)", re.I)
_SIDE_BOX_SHARE = 0.5  # a "side" wrapper holding this share of the page's text is the layout around the story


def _in_side_box(el: HtmlElement) -> bool:
    """`el` sits in an `<aside>` or a sidebar/related/most-read box that holds a small part of the page's text (a
    layout wrapper named `sidebar-layout` around the story and its sidebar holds most of it)."""
    page: int | None = None
    for anc in el.iterancestors():
        if anc.tag in ("body", "html"):
            return False
        words = f"{anc.get('class') or ''} {anc.get('id') or ''}".split()
        if anc.tag == "aside" or any(_SIDE_BOX_RE.match(w) for w in words):
            if page is None:
                body = next(el.iterancestors("body"), None)
                page = len(text_of(body)) if body is not None else 0
            if len(text_of(anc)) < _SIDE_BOX_SHARE * page:
                return True
    return False


_POST_ID_RE = re_compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
_ENTRY_ID_RE = re_compile(r"post-(\d+)")


def _other_post(el: HtmlElement) -> bool:
    """`el` sits in the entry of another post than the page's own: WordPress names the page's post in the body class
    (`postid-3568`) and each entry element by its id (`article#post-4163`)."""
    body = next(el.iterancestors("body"), None)
    page = _POST_ID_RE.search(body.get("class") or "") if body is not None else None
    if page is None:
        return False
    for anc in el.iterancestors():
        m = _ENTRY_ID_RE.fullmatch(anc.get("id") or "")
        if m:
            return m.group(1) != page.group(1)
    return False


def _ancestor(el: HtmlElement, level: int) -> HtmlElement | None:
    """The ancestor `level` steps up (1: the parent)."""
    for _ in range(level):
        el = el.getparent()
        if el is None:
            return None
    return el


def find_container(root: HtmlElement, selector: str | None = None, index: SelectorIndex | None = None) -> HtmlElement | None:
    """The article-body element: the site selector, a known container, else the best-scoring block."""
    index = index or SelectorIndex(root)
    if selector:
        found = css(root, selector)
        if found:
            return found[0]
    for sel in P.BODY_SELECTORS:
        found = _select_body(index.select(sel))
        if found is not None:
            return found
    return _score_container(root)


@dataclass
class Unit:
    """One paragraph candidate with how much of it is link text."""

    text: str
    link_chars: int
    offsite_links: bool = False  # every link in it leads to another site (a cited source, not our own navigation)
    heading: bool = False  # the text of an `<h2>`–`<h4>`
    plain_lead: int = 0  # characters before its first link (a sentence opening on its own words, then citing)
    introduced: bool = False  # an item of a list the story introduces with a sentence and goes on after
    hrefs: tuple[str, ...] = ()  # where its links lead (as written)


def _entry_header(el: HtmlElement, container: HtmlElement) -> bool:
    """A `<header>` of one of several repeated entries inside the body (a live blog's update time and heading):
    its parent is a block with look-alike siblings, below the container."""
    parent = el.getparent()
    if parent is None or parent is container or len(text_of(el)) > 200:
        return False
    grand = parent.getparent()
    if grand is None:
        return False
    return sum(1 for sib in grand if sib.tag == parent.tag and sib.get("class") == parent.get("class")) >= 2


# A compound class name ending in `paragraph` names a paragraph block, whatever its other parts say: GDA's
# `div.composite-label-title-paragraph` (a subheading and its paragraphs, mid-story) is no `title` box.
_PARAGRAPH_NAME_RE = re_compile(r"\S+[-_]+paragraphs?(?=\s|$)", re.I)


_CELLS = frozenset({"td", "th"})
_CELL_MAX = 200  # characters of a table cell read as part of its row's line


def _inline_cell(cell: HtmlElement) -> bool:
    """A table cell holding a short run of text and no blocks but line breaks (a data table's value), not a layout
    table's column."""
    for el in cell.iterdescendants():
        if isinstance(el.tag, str) and el.tag != "br" and el.tag in P.BLOCK_TAGS:
            return False
    if len(text_of(cell)) > _CELL_MAX:
        return False
    # rows of two or more cells: a table of one row is a layout strip (a tip-line box: `Не молчи! | SMS: … | Форма …`)
    table = next(cell.iterancestors("table"), None)
    # (asked once per table, not per cell: a 1 MB frequency chart's cells each walking all its rows took minutes)
    return table is not None and remember(("grid-table", table), lambda: _grid_rows(table))


def _grid_rows(table: HtmlElement) -> bool:
    """Two or more rows of two or more cells in `table` (nested tables' rows included)."""
    rows = 0
    for row in table.iter("tr"):
        if len(row) >= 2:
            rows += 1
            if rows == 2:
                return True
    return False


_MEDIA_WORD_RE = re_compile(r"^(?:video|vod|player|photo|img|image|figure|audio)$", re.I)
_TEXT_AFTER_RE = re_compile(r"[_-]?text", re.I)  # a media word's token going on as `…video-text`
_PROSE_END_RE = re_compile(r"[.!?…][\"'”’»)]*$")
_MEDIA_PROSE_PARAGRAPHS = 3  # prose paragraphs that make a media-named block part of the story, not a caption


def _has_prose_paragraphs(el: HtmlElement, needed: int) -> bool:
    """`el` holds at least `needed` `<p>`s of prose: 80+ characters, ending a sentence."""
    prose = 0
    for p in el.iter("p"):
        text = text_of(p)
        if len(text) >= 80 and _PROSE_END_RE.search(text):
            prose += 1
            if prose >= needed:
                return True
    return False


def _extended_entry(el: HtmlElement) -> bool:
    """Movable Type's `div#more`: the rest of the post after its "continue reading" cut — three paragraphs of prose
    with few links, where a "more stories" box is headlines and teasers."""
    if not _has_prose_paragraphs(el, _MEDIA_PROSE_PARAGRAPHS):
        return False
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return linked < 0.15 * max(1, len(text_of(el)))


def _media_named_prose(el: HtmlElement, attrs: str) -> bool:
    """Every furniture word of the block's names is a media word, and it holds paragraphs of prose (80+ characters,
    ending a sentence): three or more, or one where the name says so (`video-text`, `photo-text`: the text beside
    the media) — a story segment beside its video or photo, not a player or a caption. (And Movable Type's
    `div#more`, named by the junk word `more` alone: `_extended_entry`.)"""
    found = list(P.JUNK_RE.finditer(attrs))
    if el.get("id") == "more" and all(m.group(0).strip(" _-") == "more" for m in found):
        return _extended_entry(el)
    if not found or not all(_MEDIA_WORD_RE.match(m.group(0).strip(" _-")) for m in found):
        return False
    beside = all(_TEXT_AFTER_RE.match(attrs, m.end()) for m in found)
    return _has_prose_paragraphs(el, 1 if beside else _MEDIA_PROSE_PARAGRAPHS)


def build_paragraphs(container: HtmlElement, skip: set[HtmlElement], page_url: str = "",
                     total: int | None = None, *, junk_names: bool = True) -> list[Unit]:
    """Split a container into paragraphs at block elements and `<br>`, leaving out furniture subtrees
    (`total`: the container's text length when the caller has it; `junk_names=False`: furniture by tag and shape
    only, not by class/id words — for a container whose every block carries such a word)."""
    units: list[Unit] = []
    buf: list[str] = []
    link_chars = 0
    hosts: list[bool] = []  # per link in the current paragraph: does it lead off-site?
    hrefs: list[str] = []  # the current paragraph's link targets
    headings = 0  # how many `<h2>`–`<h4>` the walk is inside
    introduced = 0  # how many lists the story introduces (`_introduced_list`) the walk is inside
    first_link_at: int | None = None  # characters of the paragraph before its first link text
    own = site_of(page_url)
    total = max(1, total if total is not None else len(text_of(container)))
    stamps = _stamp_lines(container)

    def flush() -> None:
        nonlocal link_chars, first_link_at
        if buf:
            text = norm_space("".join(buf))
            if text:
                lead = len(text) if first_link_at is None else first_link_at
                units.append(Unit(text, link_chars, bool(hosts) and all(hosts), headings > 0, lead, introduced > 0,
                                  tuple(hrefs)))
            buf.clear()
        link_chars = 0
        first_link_at = None
        hosts.clear()
        hrefs.clear()

    def skipped(el: HtmlElement) -> bool:
        tag = el.tag
        if tag == "header" and el not in skip and not _hidden(el) and _entry_header(el, container):
            return False
        if not isinstance(tag, str) or tag in P.SKIP_TAGS or el in skip or _hidden(el) or el in stamps:
            return True
        if tag in _LINK_BOX_TAGS and (_link_box(el) or _titled_data_box(el)):
            return True
        if tag == "table" and _has_img(el) and len(text_of(el)) < total * 0.4 and not _data_table(el) \
                and not _prose_paragraphs(el):
            # a photo table; a layout table holding most of the text is the page itself, and one holding paragraphs
            # of prose is the story's (icScotland's `table > tr > td > p.headtypea` × 5 beside an ad's arrow icon)
            return True
        if tag in _CAPSULE_TAGS and _read_also_capsule(el):
            return True
        if tag in _CARD_TAGS and _teaser_card(el):
            return True
        if tag == "p" and _small_print_caption(el):
            return True
        if tag in ("div", "aside", "blockquote", "figure", "p") and _pull_quote(el, container):
            return True
        if tag == "div" and el.get("type", "").startswith("Related"):
            return True  # a VCCorp CMS box of another story (`div[type=RelatedOneNews]`: its title, picture and lead)
        if tag in P.NO_JUNK_CHECK_TAGS or (tag in P.INLINE_TAGS and _in_running_text(el)):
            return False
        attrs = _attrs(el)
        if attrs.strip() and P.GALLERY_RE.search(attrs) and _gallery_items(el):
            return True
        if junk_names and attrs.strip() and P.JUNK_RE.search(attrs) \
                and P.JUNK_RE.search(_PARAGRAPH_NAME_RE.sub(" ", attrs)):
            if tag == "span" and next(el.iterancestors("pre", "code"), None) is not None:
                return False  # a syntax highlighter's token class (`span.hljs-comment`): part of the code shown
            # A "junk" name on an element holding most of the article is a template quirk, not furniture; so is one
            # on the wrapper of a subheading set between the story's paragraphs, and a media word on a block of the
            # story's prose (E! Online's first segment, `div.article-detail__video-text`: a video and six paragraphs).
            return len(text_of(el)) < total * 0.4 and not _subheading_between_paragraphs(el) \
                and _same_class_text(el) < total * 0.4 and not _media_named_prose(el, attrs)
        return False

    inline_cells: set[HtmlElement] = set()
    intro_lists: set[HtmlElement] = set()
    in_cell = 0  # how many such cells the walk is inside
    # Explicit stack instead of recursion: deeply nested hostile pages must not hit the recursion limit.
    stack: list[tuple[HtmlElement, bool, bool]] = [(container, False, False)]
    while stack:
        el, leaving, in_link = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if leaving:
            if el in inline_cells:
                in_cell -= 1
                buf.append(" ")
            elif tag in P.BLOCK_TAGS and not (in_cell and tag == "br") and not (tag == "br" and _wrapped_line(el, buf)) \
                    and not (tag == "p" and _cut_by_float(el, buf)):
                flush()
            if tag in _SUBHEAD_TAGS:
                headings -= 1
            elif tag in ("ul", "ol") and el in intro_lists:
                introduced -= 1
            if el is not container and el.tail:
                if label_apart(el):
                    buf.append(" ")
                buf.append(el.tail)
                if in_link:
                    link_chars += len(el.tail.strip())
            continue
        if el is not container and tag in _FLOAT_TAGS and _floated_blank(el):
            # an ad box floated beside the text, set mid-sentence (`the world's<table align="right">…ad…</table>
            # highest peak`): a float does not break the line it sits in, and it shows no text of its own
            if el.tail:
                buf.append(el.tail)
                if in_link:
                    link_chars += len(el.tail.strip())
            continue
        if el is not container and skipped(el):
            if tag in P.BLOCK_TAGS and not (in_cell and tag == "br"):
                flush()
            if el.tail:
                buf.append(el.tail)
                if in_link:
                    link_chars += len(el.tail.strip())
            continue
        if tag in _CELLS and el is not container and _inline_cell(el):
            # a data table's short cell is part of its row's line (`E7 125kg 120～210cm 58~123cm 51,700円`), as a
            # reader reads a row, not five one-word paragraphs
            inline_cells.add(el)
            in_cell += 1
            buf.append(" ")
        elif (in_cell or _wrapped_line(el, buf)) and tag == "br":
            buf.append(" ")  # a line break inside such a cell, or one that cuts a sentence (hard-wrapped text)
        elif tag in P.BLOCK_TAGS:
            flush()
        if tag in _SUBHEAD_TAGS:
            headings += 1
        elif tag in ("ul", "ol") and own and _introduced_list(el, own, page_url):
            intro_lists.add(el)
            introduced += 1
        child_link = (in_link or tag == "a") and tag != "time"  # a linked update time is text, not a link
        if tag == "a":
            hrefs.append(el.get("href") or "")
        if tag == "a" and own and headings:  # only linked subheadings are judged by where they lead
            site = site_of(urljoin(page_url, el.get("href") or ""))
            hosts.append(bool(site) and site != own)
        if el.text:
            if child_link and first_link_at is None and el.text.strip():
                first_link_at = len(norm_space("".join(buf)))
            buf.append(el.text)
            if child_link:
                link_chars += len(el.text.strip())
        stack.append((el, True, in_link))
        for child in reversed(el):
            stack.append((child, False, child_link))
    flush()
    prose = [i for i, u in enumerate(units) if len(u.text) >= _PROSE_CHARS and u.link_chars < 0.3 * len(u.text)]
    first, last = (prose[0], prose[-1]) if prose else (0, -1)
    plain = sum(1 for u in units if not u.link_chars) >= 2  # the addresses sit among the story's own lines
    glossed = _glossed_links(units, own, page_url)
    return [u for i, u in enumerate(units) if u.link_chars <= 0.6 * len(u.text) or _linked_sentence(u)
            or (first < i < last and (_linked_line(u) or u.introduced)) or (plain and _cited_address(u, page_url))
            or i in glossed]


_GLOSSED_MIN = 3  # linked titles each glossed by a sentence, at least, for a round-up of links


def _glossed_links(units: list[Unit], own: str, page_url: str) -> set[int]:
    """Indexes of the linked titles of a round-up post: three or more lines that are each one link to another site,
    each followed by a plain sentence saying what is behind it (`Eating Disorder Experiences: Where Did It Come From`
    / `Olivia tries to sum up her experience with an eating disorder.`, Skepchick's weekly round-up). A related-story
    teaser links the site's own pages, and comes alone."""
    if not own:
        return set()
    found = {i for i in range(len(units) - 1)
             if len(units[i].hrefs) == 1 and units[i].link_chars > 0.6 * len(units[i].text) and len(units[i].text) >= 10
             and not units[i + 1].link_chars and len(units[i + 1].text) >= 30
             and units[i + 1].text.rstrip("\"'”’)»")[-1:] in ".!?。"}
    if len(found) < _GLOSSED_MIN:
        return set()
    found = {i for i in found if site_of(urljoin(page_url, units[i].hrefs[0])) not in ("", own)}
    return found if len(found) >= _GLOSSED_MIN else set()


_PROSE_CHARS = 80
# A heading named for the discussion under a post (Movable Type's `<h2 id="trackbacks">Trackback Pings</h2>` and
# `<h2 id="comments">Comments</h2>`, WordPress's `<h3 id="comments">3 Responses to “…”</h3>`), set in the same block
# as the post when the template has no comment box around the thread
_THREAD_NAME_RE = re_compile(r"^(?:comments?|trackbacks?|pingbacks?|responses|comments?-title|trackbacks?-title)$", re.I)
_THREAD_AFTER_CHARS = 150  # story text before it: a heading over comments above the story (or alone) ends nothing


def _thread_heading(el: HtmlElement) -> bool:
    """An `<h2>`–`<h4>` whose id or a class names the comment thread or trackbacks, with a short text."""
    names = [el.get("id") or "", *(el.get("class") or "").split()]
    return any(_THREAD_NAME_RE.match(n) for n in names if n) and len(text_of(el)) <= 80


def cut_discussion(container: HtmlElement) -> bool:
    """Remove from the tree a discussion heading inside `container` that follows the story's text, and everything
    after it in the container (the thread, the comment form); True when something was cut.

    Cut, not skipped: the second opinion and the byline and date searches read the container too, and a thread
    without a comment box around it reads like more of the story to them."""
    if not any(_thread_heading(h) for h in container.iter("h2", "h3", "h4")):
        return False  # most pages: no such heading, and no walk of the container for its prose
    # One pass in page order (a page of thousands of such headings must not walk the container once per heading):
    # prose before each heading, in `<p>`s or in runs between `<br>`s of 80+ characters each (a menu's or a
    # sidebar's short items are none). An element's tail is counted when the element is reached, so the tails of
    # a heading's own ancestors, which come after it, are taken back out.
    runs = paragraphs = 0
    for el in container.iter():
        tag = el.tag
        if tag in _SUBHEAD_TAGS and el is not container and _thread_heading(el):
            late = sum(n for a in el.iterancestors() if a is not container and a.tail
                       for n in [len(a.tail.strip())] if n >= _PROSE_CHARS)
            if max(runs - late, paragraphs) >= _THREAD_AFTER_CHARS:
                _cut_from(el, container)
                return True
        if tag == "p" and len(text := text_of(el)) >= _PROSE_CHARS:
            paragraphs += len(text)
        pieces = (el.text if isinstance(tag, str) and tag not in P.SKIP_TAGS else None, el.tail)
        runs += sum(n for n in (len(s.strip()) for s in pieces if s) if n >= _PROSE_CHARS)
    return False


def _cut_from(heading: HtmlElement, container: HtmlElement) -> None:
    """Remove `heading` and everything after it inside `container`."""
    node = heading
    while node is not container:
        parent = node.getparent()
        for sib in list(node.itersiblings()):
            parent.remove(sib)
        node = parent
    heading.getparent().remove(heading)


_FLOAT_TAGS = frozenset({"table", "div", "iframe", "ins", "aside"})
_FLOAT_STYLE_RE = re_compile(r"float\s*:\s*(?:left|right)", re.I)


def _floated_blank(el: HtmlElement) -> bool:
    """A block floated to one side (`align="right"`, `style="float:left"`) that shows no text: an ad or an empty
    frame beside the running text, not a break in it."""
    floated = (el.get("align") or "").lower() in ("left", "right") or _FLOAT_STYLE_RE.search(el.get("style") or "")
    if not floated or next(el.iter("img"), None) is not None:
        return False
    for node in el.iter():
        if node is not el and (node.tail or "").strip():
            return False
        if isinstance(node.tag, str) and node.tag not in P.SKIP_TAGS and (node.text or "").strip():
            return False  # (a script's or style's text is not shown)
    return True


_WRAP_END_RE = re_compile(r"[\w,\-–]$")  # a line that stops mid-sentence: on a word, a comma or a hyphen
_WRAP_NEXT_RE = re_compile(r"[^\W\d_]+(?:[\s,;:]|$)")


def _wrapped_line(br: HtmlElement, buf: list[str]) -> bool:
    """A `<br>` that cuts a sentence (text pasted with its hard line breaks: `einzige Bedingung<br>ist für den
    Endkunden …`): the line before stops on a word or a comma, and the line after goes on in lower case."""
    if br.tag != "br":
        return False
    # never in code (`$ run<br>hello, world!`)
    return _goes_on(br.tail or "", buf) and next(br.iterancestors("pre", "code"), None) is None


def _cut_by_float(p: HtmlElement, buf: list[str]) -> bool:
    """A paragraph the parser closed at an ad table floated into its sentence (`the world's<table align="right">…
    </table> highest peak, died …`: libxml2 ends the `<p>` at the `<table>`, a browser in quirks mode flows the
    sentence around it): the text after the float goes on the sentence."""
    nxt = p.getnext()
    return nxt is not None and nxt.tag in _FLOAT_TAGS and _floated_blank(nxt) and _goes_on(nxt.tail or "", buf)


def _goes_on(after: str, buf: list[str]) -> bool:
    """The text `after` a break goes on the sentence in `buf`: that stops on a word or a comma, and `after` opens
    with a plain word in lower case (not `astronews.com` under a credit line)."""
    after = after.lstrip()
    if not after[:1].islower() or not _WRAP_NEXT_RE.match(after):
        return False
    before = "".join(buf[-3:]).rstrip()
    return len(before) >= 20 and _WRAP_END_RE.search(before) is not None


_LABEL_CLASS_RE = re_compile(r"(?:^|[\s_\-])(?:location|dateline|stamp|label|kicker|overline)(?:$|[\s_\-])", re.I)


def label_apart(el: HtmlElement) -> bool:
    """An inline element styled as a label before the text (a dateline, a location or section stamp) that its text
    follows without a space (`<span class="location-stamp">Hà Giang</span>Hơn 23h`): the page shows the two apart."""
    tail = el.tail
    return bool(tail) and tail[0].isalnum() and el.tag in P.INLINE_TAGS and bool(_LABEL_CLASS_RE.search(_attrs(el)))


_SUBHEAD_TAGS = frozenset({"h2", "h3", "h4"})


_CAPSULE_TAGS = frozenset({"span", "div", "aside", "strong", "b", "em", "small", "p"})


_SMALL_STYLE_RE = re_compile(r"font-size\s*:\s*(?:smaller|small|x-small|xx-small)\b", re.I)
_MEDIA_TAGS = ("img", "picture", "iframe", "video", "figure", "amp-img")


def _small_print(el: HtmlElement) -> bool:
    return el.tag == "small" or bool(_SMALL_STYLE_RE.search(el.get("style") or ""))


def _small_print_caption(el: HtmlElement) -> bool:
    """A photo's or video's caption set as the next paragraph in small print (`<p><em><span style="font-size:smaller">
    Women protest in Tapachula. (Video sent to our team …)</span></em></p>` after the embed): all of its text sits in a
    small-print element, it is short, and the block before it (empty paragraphs aside) holds only the media."""
    # the small-print check first: it rules out nearly every paragraph without normalising its text
    small = [d for d in el.iter() if isinstance(d.tag, str) and _small_print(d)]
    if not small:
        return False
    text = text_of(el)
    if not text or len(text) > P.CAPTION_MAX_CHARS:
        return False
    if sum(len(text_of(d)) for d in small if not any(a in small for a in d.iterancestors())) < len(text) - 2:
        return False
    prev = el.getprevious()
    while prev is not None and prev.tag == "p" and not text_of(prev) and next(prev.iter(*_MEDIA_TAGS), None) is None:
        prev = prev.getprevious()
    return prev is not None and next(prev.iter(*_MEDIA_TAGS), None) is not None and len(text_of(prev)) < 20


# `exergue` (fr) and `cita` (es) name pull quotes too; `pull-right` boxes float one beside the text
_QUOTE_CLASS_RE = re_compile(r"(?:^|[\s_\-])(?:pull-?quote|quote|zitat|citation|cita|exergue|pull)(?:$|[\s_\-])", re.I)
_WORDS_RE = re_compile(r"\w+")
_PULL_QUOTE_MIN_WORDS = 8
_PULL_QUOTE_SHARE = 0.6


def _trigrams(text: str) -> Counter[tuple[str, ...]]:
    words = [w.lower() for w in _WORDS_RE.findall(text)]
    return Counter(zip(words, words[1:], words[2:]))


def _quote_free_trigrams(container: HtmlElement) -> Counter[tuple[str, ...]]:
    """Word trigrams of the container's text outside its `<blockquote>`s (computed once per extraction)."""
    text = text_of(container)
    for quote in container.iter("blockquote"):
        if next(quote.iterancestors("blockquote"), None) is None:
            text = text.replace(text_of(quote), " ", 1)
    return _trigrams(text)


def _pull_quote(el: HtmlElement, container: HtmlElement) -> bool:
    """A quote box repeating a sentence of the text in large type (`div.Quote` holding `„Werbung kann auch das sein …“`
    that a paragraph of the column says in full): read once already. A quote box whose words are its own (a
    witness's account in `blockquote.quote`) is the story's text."""
    if el.tag != "blockquote" and not _QUOTE_CLASS_RE.search(_attrs(el)):
        return False  # any <blockquote> may be one; other boxes must be named as quotes
    own = _trigrams(text_of(el))
    if len(own) < _PULL_QUOTE_MIN_WORDS - 2:
        return False
    # The text outside quotes: words it shares only with another quote are quoted twice (Medium sets a question alone,
    # then again opening a longer quote), not pulled from the story's own sentences.
    rest = remember(("quote-free trigrams", container), lambda: _quote_free_trigrams(container))
    if el.tag != "blockquote" and next(el.iterancestors("blockquote"), None) is None:
        rest = rest - own  # a named quote box outside any blockquote: its own words are in that text once
    # Most of its word trigrams recur in the text: a pull quote is often cut short (`…`), rejoins a quote the text
    # interrupts (`he said,`) or ends with its speaker's name and role.
    return sum(1 for g in own if rest[g] > 0) >= _PULL_QUOTE_SHARE * len(own)


_CARD_TAGS = frozenset({"div", "aside", "section"})
_CARD_CHARS = 500  # a teaser card's text at most: its headline and a sentence or two


def _teaser_card(el: HtmlElement) -> bool:
    """A teaser card set into the text (`div.snippet`: a linked `<h3>` headline, a photo and a `Weiterlesen` link to
    the same story, and its summary sentence): one subheading, wholly a link, whose address another link of the
    block repeats. A story's own subheading is not a link, and a linked one is not repeated by a photo and a "more"."""
    if len(text_of(el)) > _CARD_CHARS:
        return False
    heads = list(islice(el.iter("h2", "h3", "h4"), 2))
    if len(heads) != 1:
        return False
    links = list(islice(heads[0].iter("a"), 2))
    href = links[0].get("href") if len(links) == 1 else None
    if not href or href.startswith(("#", "javascript:")) or text_of(links[0]) != text_of(heads[0]):
        return False
    return sum(1 for a in el.iter("a") if a.get("href") == href) >= 2


def _read_also_capsule(el: HtmlElement) -> bool:
    """A short "read also" label with its link (`À LIRE AUSSI <a>Antisémitisme : retour au Moyen Âge</a>`), even
    when it sits inside a paragraph's running text: a link to another story, not a sentence of this one."""
    head = el.text or ""
    if not head.strip() and len(el):
        head = el[0].text or ""  # the label's own element (`<span class="Phylactery">À LIRE AUSSI</span>`)
    if not head or not P.READ_ALSO_RE.match(head):
        return False
    text = text_of(el)
    return len(text) <= 250 and next(el.iter("a"), None) is not None


def _linked_line(unit: Unit) -> bool:
    """A linked subheading between prose paragraphs that cites another site (a product heading linking its store
    page): the story's own text. Linked lines to the page's own site are related-story teasers, and linked
    paragraphs to other sites are share buttons and source notes."""
    return unit.heading and unit.offsite_links and len(unit.text) >= 10


_ADDRESS_RE = re_compile(r"^(?:https?://|www\.)[^\s/]+\.[^\s]*$", re.I)


def _cited_address(unit: Unit, page_url: str) -> bool:
    """A line that is one web address of another site (`https://code.visualstudio.com/` under the project it names):
    the reader sees the address itself, which the text cites; navigation and share links show a label instead."""
    if not _ADDRESS_RE.match(unit.text):
        return False
    site = site_of(unit.text if "://" in unit.text else "http://" + unit.text)
    return bool(site) and site != site_of(page_url)


def site_of(url: str) -> str:
    """The organisation's name in a URL's host, roughly: the label before the public suffix (`news.bbc.co.uk` and
    `www.bbc.com` → bbc, `blog.mozilla.org` → mozilla); `""` for a relative or odd URL."""
    host = (urlsplit(url).hostname or "").lower() if url.startswith(("http://", "https://", "//")) else ""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ac", "go", "or", "ne", "gov", "edu"})


def _linked_sentence(unit: Unit) -> bool:
    """A real sentence whose names are links (a lead naming people who each link to a profile), not a link list:
    long, ends like a sentence, and some of its words are plain text."""
    text = unit.text
    # a shorter one (80+ characters) when it opens on its own words before the link (`The deaths come at the end of
    # <a>a particularly deadly week for the troubled nation</a>.`), not with a linked headline and a plug after it
    return (len(text) >= 100 or (len(text) >= 80 and unit.plain_lead >= 20)) and text.rstrip("\"'”’)»")[-1:] in ".!?。" \
        and len(text) - unit.link_chars >= 25 \
        and text.count(" ") >= 12


_SUMMARY_CLASS_RE = re_compile(r"summary|subtitle|sub_title", re.I)


def leading_deck(container: HtmlElement) -> HtmlElement | None:
    """A summary deck opening the body: the first block is one bold element of short `<br>`-separated lines that
    are not sentences (`<p><strong>서울 전세 매물 1년새 20% 감소<br>월세 비중 42%로 높아져</strong></p>`), or that bold
    element itself opening `<br>`-separated text (`<strong class="summary">…<br>…</strong><br><br>본문…`)."""
    if norm_space(container.text or ""):
        return None
    first = next((c for c in container if isinstance(c.tag, str) and c.tag not in P.SKIP_TAGS and text_of(c)), None)
    if first is not None and first.tag in ("h2", "h3", "h4") and (_heading_list(first) or _deck_heading(first)):
        return first
    if first is None or first.tag not in ("p", "div", "strong", "b"):
        return None
    bold = first if first.tag in ("strong", "b") else (first[0] if len(first) == 1 else None)
    if bold is None or bold.tag not in ("strong", "b") or (first is not bold and norm_space(first.text or "")) \
            or (norm_space(bold.tail or "") and not _SUMMARY_CLASS_RE.search(bold.get("class") or "")):
        return None  # (a deck the template names as the summary may run straight into the text: Naver's
        # `<strong class="media_end_summary">…<br>…</strong>[이데일리 조민정 기자] 국민의힘 …`)
    named = _SUMMARY_CLASS_RE.search(bold.get("class") or "") is not None
    if next(bold.iter("br"), None) is None and not named:
        return None
    lines = [norm_space(t) for t in bold.itertext() if norm_space(t)]
    # (one line too when named so: `<strong class="media_end_summary">전기안전공사, ‘…’ 발표</strong>`)
    if not (1 if named else 2) <= len(lines) <= 4 or any(len(x) > 60 or x[-1] in ".!?" for x in lines):
        return None
    return first


# a heading the template names as the story's deck (위키트리's `h2.lead` opening `div.article_body`)
_DECK_HEADING_RE = re_compile(r"(?:^|[\s_\-])(?:lead|deck|dek|summary|subtitle|sub_title|sub-title|standfirst)"
                              r"(?:$|[\s_\-])", re.I)


def _deck_heading(heading: HtmlElement) -> bool:
    """A deck-named heading of one to three short lines that are not sentences (`더킴로펌배 한스타 연예인 야구... 모델
    임태희 시구`): the story's subtitle set above its text, not a crosshead."""
    if not _DECK_HEADING_RE.search(_attrs(heading)):
        return False
    lines = [norm_space(t) for t in heading.itertext() if norm_space(t)]
    return 1 <= len(lines) <= 3 and all(len(x) <= 80 and x[-1] not in ".!?。" and not x.endswith("다") for x in lines)


def _heading_list(heading: HtmlElement) -> bool:
    """A heading that holds nothing but a short list: the story's highlights (`<h2><ul><li>…</li><li>…</li></ul></h2>`
    opening Divya Bhaskar's story), a deck in list form, never text under a subheading."""
    kids = [c for c in heading if isinstance(c.tag, str)]
    if len(kids) != 1 or kids[0].tag not in ("ul", "ol") or norm_space(heading.text or "") or norm_space(kids[0].tail or ""):
        return False
    items = [norm_space(text_of(li)) for li in kids[0] if isinstance(li.tag, str)]
    return 1 <= len(items) <= 5 and all(0 < len(x) <= 250 for x in items) and all(li.tag == "li" for li in kids[0]
                                                                                   if isinstance(li.tag, str))


def _img_src(img: HtmlElement) -> str | None:
    for attr in ("data-src", "data-original", "data-lazy-src", "data-url", "src"):
        src = (img.get(attr) or "").strip()
        if src and not src.startswith("data:"):
            return src
    return None


_IMAGE_FILE_RE = re_compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.I)
_NOT_CAPTION_RE = re_compile(r"credit|copyright|source|author|byline|bio|label|icon|button|btn", re.I)
_CAPTION_MIN_CHARS = 12
_BARE_CAPTION_TAGS = frozenset({"small", "span", "em", "i", "p", "div", "font", "figcaption", "cite"})


def _bare_caption(node: HtmlElement, img: HtmlElement) -> HtmlElement | None:
    """The caption of an unnamed photo box: a block holding only the picture (maybe linked) and one short text element
    (`<div><a><img></a><small>caption</small></div>`), a `<figure>` in all but name."""
    if norm_space(node.text or ""):
        return None
    kids = [c for c in node if isinstance(c.tag, str) and c.tag != "br" and (len(c) or text_of(c))]
    if len(kids) != 2 or any(norm_space(c.tail or "") for c in kids):
        return None
    pic, cap = kids
    if (pic is not img and img not in pic.iterdescendants()) or text_of(pic) or cap.tag not in _BARE_CAPTION_TAGS:
        return None
    # a picture linking to a page, not to its own larger file, is a teaser or profile card
    link = pic if pic.tag == "a" else next(pic.iterancestors("a"), None)  # its own link, else one around the box
    if link is not None and not _IMAGE_FILE_RE.search(link.get("href") or ""):
        return None
    if _NOT_CAPTION_RE.search(_attrs(cap)) or not _CAPTION_MIN_CHARS <= len(text_of(cap)) <= P.CAPTION_MAX_CHARS:
        return None
    # nothing but text: no blocks, links, scripts or icons (`<i class="fa-camera"></i>View Photos` is a button)
    for child in cap.iterdescendants():
        if isinstance(child.tag, str) and (child.tag in P.SKIP_TAGS or len(child) or not text_of(child)):
            return None
    return cap


_CENTRED_RE = re_compile(r"text-align\s*:\s*center", re.I)
_CENTRED_CAPTION_MAX_CHARS = 60


def _centred(el: HtmlElement) -> bool:
    return el.tag == "center" or (el.get("align") or "").lower() == "center" or bool(_CENTRED_RE.search(el.get("style") or ""))


def _centred_caption_after(node: HtmlElement) -> HtmlElement | None:
    """The caption set as its own centred line right under a centred block holding only the photo (`<p style=
    "text-align:center"><img></p><p style="text-align:center">大会开幕式</p>`): short, plain text, no sentence of the
    story. A bold or linked line there is a subheading or a teaser, not a caption."""
    cap = node.getnext()
    if cap is None or cap.tag not in ("p", "div", "center") or not _centred(node) or not _centred(cap) or text_of(node):
        return None
    text = text_of(cap)
    if not 2 <= len(text) <= _CENTRED_CAPTION_MAX_CHARS or text[-1] in ".!?。" or _NOT_CAPTION_RE.search(_attrs(cap)):
        return None
    if any(isinstance(el.tag, str) and el.tag in ("img", "a", "strong", "b", "h2", "h3", "h4", "br") or el.tag in P.SKIP_TAGS
           for el in cap.iterdescendants()):
        return None
    return cap


def _caption_for(img: HtmlElement, stop: HtmlElement) -> tuple[str, HtmlElement | None]:
    node = img.getparent()
    bare = None  # an unnamed photo box's caption: used only when no named caption is found
    for _ in range(5):
        if node is None:
            break
        if bare is None and node is not stop and node.tag in ("div", "p", "span", "center"):
            bare = _bare_caption(node, img)
            if bare is None and node.tag != "span":
                bare = _centred_caption_after(node)
        if node.tag in ("figure", "table") or _PHOTO_WRAPPER_RE.search(_attrs(node)) or node is stop:
            named = [el for el in node.iter() if isinstance(el.tag, str) and el is not node
                     and _CAPTION_CLASS_RE.search(el.get("class") or "")][:3]
            # lazily: the first caption selector that finds a caption ends the search
            for found in chain((css(node, sel)[:3] for sel in P.CAPTION_SELECTORS), [named]):
                for el in found:
                    text = P.CAPTION_PREFIX_RE.sub("", norm_space(spaced_text(el)))
                    # a caption is short: a long `.txt` element is the article text itself (연합뉴스TV `p.txt`)
                    if text and len(text) <= P.CAPTION_MAX_CHARS:
                        return text, el
                    if text:
                        break
            if node.tag in ("figure", "table") or node is stop:
                break
        node = node.getparent()
    if bare is not None:
        return norm_space(spaced_text(bare)), bare
    return "", None


def find_images(scope: HtmlElement, base_url: str, title: str = "") -> tuple[list[Image], list[HtmlElement]]:
    """Images of the article with captions (caption element first, else a meaningful alt), and caption elements."""
    images: list[Image] = []
    caption_els: list[HtmlElement] = []
    seen_urls: set[str] = set()
    seen_caps: set[str] = set()
    title_key = norm_key(title)
    for img in scope.iter("img", "amp-img"):  # AMP pages: `<amp-img src=…>`
        src = _img_src(img)
        if not src or P.JUNK_IMAGE_RE.search(src):
            continue
        width = img.get("width") or ""
        if width.isdigit() and int(width) < 80:
            continue
        url = urljoin(base_url, src)
        if url in seen_urls:
            continue
        seen_urls.add(url)
        caption, cap_el = _caption_for(img, scope)
        if cap_el is not None:
            caption_els.append(cap_el)
        if not caption:
            alt = norm_space(img.get("alt") or img.get("title") or "")
            if len(alt) >= 10 and norm_key(alt) != title_key:
                caption = alt
        key = norm_key(caption)
        if key in seen_caps:
            caption = ""
        elif key:
            seen_caps.add(key)
        images.append(Image(url=url, caption=caption))
    return images, caption_els
