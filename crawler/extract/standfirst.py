"""The standfirst: a lead paragraph printed between the headline and the body container, outside the container.

The rule (the same one the real-page labels follow, tests/fixtures/real_world3/README.md): a lead written as running
text — a paragraph, not a heading, 80+ characters ending a sentence — that the body does not repeat (fewer than half
of its word trigrams recur in the body) is the story's first paragraph (Czech perex, Nordic ingress, Polish lead,
French chapô, English standfirst); a headline-style deck (a one-sentence heading element, a line without a sentence
end) or a summary the text then repeats is not. A lead block set as a heading but written as two or more sentences
(Clarín's `bajada`, ITmedia's `cmsAbstract`) is running text, so it counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.body import code_like, label_apart
from crawler.extract.clean import norm_space
from crawler.extract.memo import text_of
from crawler.extract.regex_cache import re_compile

# class/id words of a lead block, matched as whole tokens (`article--lead`, `o-article__intro`, `ContentHeaderDek`)
_LEAD_WORDS = ("lead", "lede", "perex", "ingress", "intro", "introtext", "introduction", "standfirst", "chapo",
               "chapeau", "sapo", "excerpt", "summary", "description", "abstract", "opener", "teaser", "sumario",
               "bajada", "entradilla", "dek", "descr", "desc", "subtitle", "sub[-_]title", "subheadline", "subhead",
               "short")  # Pro TV Chișinău's `div.short`
_LEAD_TOKEN_RE = re_compile(r"(?:^|[\s_\-]|(?<=[a-z])(?=[A-Z]))(?i:" + "|".join(_LEAD_WORDS) + r")(?:$|[\s_\-]|(?=[A-Z]))")
# caption, media, ad and byline blocks carry the same words (`fig-media-legende description`, `o-teaser--ad-with-…`);
# a comment's own lead (`PageArticle_commentLead`: the opinion column's standfirst) is not a reader-comment block
_NOT_LEAD_RE = re_compile(r"caption|legend|media|image|photo|img|video|figure|thumb|gallery|slideshow|player|promo|"
                          r"related|newsletter|teaser-list|error|cookie|consent|subscri|commercial|author|byline|bio|"
                          r"profile|comment(?![-_]?(?:lead|lede|intro))|(?:^|[\s_\-])ad(?:$|[\s_\-])", re.I)
_BLOCKS = frozenset({"p", "div", "section", "span"})
_REGION_MAX = 3000  # elements walked between the headline and the body (a lead sits in the article header)
_OPENING_MAX = 40  # elements walked at the top of the body container
_VISIBLE_TEXT_XP = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
_SENTENCE_END_RE = re_compile(r"[.!?。…:;][\"'”’»)\]]*$")
_SENTENCES_RE = re_compile(r"\w[.!?…][\"'”’»)\]]*(?:\s|$)|[。！？]")  # CJK full stops need no space after
_WORD_RE = re_compile(r"\w+")
# scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar
_UNSPACED_RE = re_compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_MIN_CHARS = 60
_MAX_CHARS = 1500


def _grams(text: str, unspaced: bool) -> set[tuple[str, ...]]:
    words = _WORD_RE.findall(text.lower())
    if unspaced:  # Japanese, Chinese, Thai: character 4-grams stand in for word trigrams
        chars = "".join(words)
        return {tuple(chars[i:i + 4]) for i in range(max(1, len(chars) - 3))}
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def repeated_share(lead: str, body: str) -> float:
    """Share of the lead's word trigrams that recur in the body (1.0: the body restates it)."""
    unspaced = len(_UNSPACED_RE.findall(lead)) >= 0.3 * len(lead)
    grams = _grams(lead, unspaced)
    return len(grams & _grams(body, unspaced)) / max(1, len(grams))


def _between(headline: HtmlElement, first_body: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after the headline and before the body in document order (neither the headline's descendants nor the
    body's ancestors), then the first few elements at the top of the body; empty when the body comes first."""
    path = {first_body, *first_body.iterancestors()}
    if headline in path:
        return
    if any(a is first_body for a in headline.iterancestors()):
        # the headline inside the body container (NZZ's `section.container--article`): the blocks right after it
        yield from islice(_after(headline, first_body), _OPENING_MAX)
        return
    node = headline
    while node is not None:
        for sib in node.itersiblings():
            if sib in path:
                while sib is not first_body:  # down the body's ancestors: what precedes the next one on the path
                    nxt = next(c for c in sib if c in path)
                    for c in sib:
                        if c is nxt:
                            break
                        if isinstance(c.tag, str):
                            yield from c.iter()
                    sib = nxt
                yield from islice(first_body.iterdescendants(), _OPENING_MAX)
                return
            if isinstance(sib.tag, str):
                yield from sib.iter()
        node = node.getparent()
        if node is not None and node in path:
            return  # the body came before the headline


def _after(el: HtmlElement, stop: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after `el` in document order, up to the end of its ancestor `stop`."""
    node = el
    while node is not None and node is not stop:
        for sib in node.itersiblings():
            if isinstance(sib.tag, str):
                yield from sib.iter()
        node = node.getparent()


def _grouped_with_body(el: HtmlElement, headline: HtmlElement, first_body: HtmlElement) -> bool:
    """The smallest element holding both `el` and the body does not hold the headline: `el` opens the story's text
    (Uusi Suomi's `div#article-content` > `h3` + `article`) rather than closing the article header."""
    body_path = {first_body, *first_body.iterancestors()}
    common = next((a for a in el.iterancestors() if a in body_path), None)
    return common is not None and not any(a is common for a in headline.iterancestors())


def _opening_sibling(first_body: HtmlElement) -> HtmlElement | None:
    """The `<p>` of two or more sentences right before the body element, only empty elements between (critic.de's
    lead `<h4><p>…</p></h4>`, which the parser sets beside the empty `<h4>` as the body's previous sibling); or before
    the block the body opens (two levels up at most), the `<p>` alone in a bare `<div>` (LIGA.net: `<div><p>lead</p>
    </div><div itemprop="articleBody"><p>…`)."""
    node = first_body
    for _ in range(3):
        for sib in node.itersiblings(preceding=True):
            if not isinstance(sib.tag, str):
                continue
            if text_of(sib).strip() or next(sib.iter("img", "picture", "figure"), None) is not None:
                if sib.tag == "div" and not sib.attrib and len(sib) == 1 \
                        and sib[0].tag == "p" and not (sib.text or "").strip() and not (sib[0].tail or "").strip():
                    # (a paragraph of its own: one long sentence will do, `find_standfirst` weighs it like any lead)
                    lead = norm_space(text_of(sib[0]))
                    return sib[0] if len(lead) >= 80 and _SENTENCE_END_RE.search(lead) else None
                return sib if sib.tag == "p" and len(_SENTENCES_RE.findall(text_of(sib))) >= 2 else None
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return None
    return None


def _attrs(el: HtmlElement) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))


def find_standfirst(doc: HtmlElement, headline: HtmlElement | None, first_body: HtmlElement, body_text: str) -> str | None:
    """The lead paragraph between the headline and the body's first block that the rule counts as body, else None.
    A lead block opening the body container itself counts too: its lead-named class made it furniture there."""
    if headline is None:
        return None
    taken: list[HtmlElement] = []
    opening_p = _opening_sibling(first_body)
    opening = text_of(first_body)
    if any(a is first_body for a in headline.iterancestors()):
        at = opening.find(text_of(headline))
        if at >= 0:
            opening = opening[at + len(text_of(headline)):].lstrip()  # the body opens under its headline
    for el in islice(_between(headline, first_body), _REGION_MAX):
        if el.tag in ("h2", "h3", "h4"):
            # an unnamed heading is a lead only when written as sentences and grouped with the body, not the headline
            attrs = _attrs(el)
            if _NOT_LEAD_RE.search(attrs) or len(_SENTENCES_RE.findall(text_of(el))) < 2 \
                    or not _grouped_with_body(el, headline, first_body):
                continue
        elif el.tag not in _BLOCKS:
            continue
        else:
            attrs = _attrs(el)
            if _NOT_LEAD_RE.search(attrs) or not (_LEAD_TOKEN_RE.search(attrs) or el is opening_p):
                continue
        if taken and any(a in taken for a in el.iterancestors()):
            continue  # inside a lead block already looked at
        if next(el.iter("h1", "figure", "img", "ul", "ol"), None) is not None:
            continue  # a lead block with the author's box or a photo in it: its own text block is looked at next
        taken.append(el)
        if any(a is first_body for a in el.iterancestors()) \
                and not 0 <= opening.find(norm_space(text_of(el))[:40]) <= 40:
            continue  # inside the body, but not where it opens
        if next(el.iterancestors("a", "li", "figure", "figcaption", "aside", "nav", "footer"), None) is not None:
            continue
        text = norm_space("".join(" " + t if t.is_tail and label_apart(t.getparent()) else t for t in _VISIBLE_TEXT_XP(el)))
        if not _MIN_CHARS <= len(text) <= _MAX_CHARS or not _SENTENCE_END_RE.search(text) or code_like(text):
            continue
        if next(el.iter("h2", "h3", "h4"), None) is not None and len(_SENTENCES_RE.findall(text)) < 2:
            continue  # a deck set as a heading; two sentences or more in it are running text all the same
        if sum(len(text_of(a)) for a in el.iter("a")) > 0.2 * len(text):
            continue
        if text in body_text or repeated_share(text, body_text) >= 0.5:
            return None  # the body repeats it: a summary deck, not the story's opening
        return text
    return None
