"""Split bodies: an article cut into several look-alike blocks (ads, newsletter boxes or full-width figures between
them) is assembled from all of its chunks instead of the largest one."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extract import patterns as P
from crawler.extract.clean import norm_key
from crawler.extract.memo import text_of
from crawler.extract.regex_cache import re_compile

_MIN_CHUNK_CHARS = 100  # a chunk is at least a real paragraph; shorter look-alikes are labels and empty slots
_MAX_CHUNK_LINK_DENSITY = 0.35  # teaser cards and link lists are mostly link text
_MAX_PROSE_CHUNK_LINK_DENSITY = 0.6  # ... up to this much when paragraphs of prose are in it
_MIN_SENTENCE_CHARS = 40  # a chunk of article text has at least one sentence-long text run
_MIN_HEADER_PARAGRAPH_CHARS = 80
_SENTENCE_END_RE = re_compile(r"[.!?。！？…»”\"')]\s*$")
_SIBLING_LEVELS = 4  # how far above the container repeated sibling blocks (`<section>`s) are looked for
_MIN_HEADLINE_KEY = 12  # a stacked story's headline, at least (normalised characters); shorter ones are crossheads


def _text_len(el: HtmlElement) -> int:
    return len(text_of(el))


def _link_density(el: HtmlElement, total: int) -> float:
    links = sum(len(text_of(a)) for a in el.iter("a"))
    return links / max(1, total)


def _prose_paragraphs(el: HtmlElement) -> int:
    """`<p>`s of at least a long sentence, mostly not link text, ending like a sentence (not cut off)."""
    count = 0
    for p in el.iter("p"):
        n = _text_len(p)
        text = text_of(p)
        # a teaser's excerpt is cut off (`… než byste možná chtěli. Ať už se...`): no paragraph of the story
        if n >= _MIN_HEADER_PARAGRAPH_CHARS and _link_density(p, n) < 0.5 and _SENTENCE_END_RE.search(text) \
                and not text.rstrip().endswith(("...", "…")):
            count += 1
    return count


def _tokens(el: HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def _lookalike(el: HtmlElement, container: HtmlElement, shared: set[str]) -> bool:
    """Same tag and a shared content-naming class token (`body-content` ~ `body-content note-body`)."""
    return el.tag == container.tag and bool(_tokens(el) & shared)


def _good_chunk(el: HtmlElement, shared_ancestors: set[HtmlElement]) -> bool:
    """Article text, not a teaser: enough text, little of it links, no linked headings, no junk-named ancestor
    below the ones it shares with the container (a layout wrapper around the whole story may carry any name)."""
    if any("location" in (anc.get("onclick") or "") for anc in (el, *el.iterancestors())):
        return False  # a card the reader clicks through to another page (`div.container[onclick="location.href=…"]`)
    n = _text_len(el)
    if n < _MIN_CHUNK_CHARS:
        return False
    density = _link_density(el, n)
    linked_heads = sum(h.find(".//a") is not None for h in el.iter("h2", "h3", "h4"))  # teaser headlines link away
    if density > _MAX_CHUNK_LINK_DENSITY or linked_heads:
        # mostly links or linked headlines: a teaser list; unless prose carries it, two paragraphs more than the
        # teasers it holds (Prensa Libre: a topic link opening the chunk, one related-story card inside)
        if density > _MAX_PROSE_CHUNK_LINK_DENSITY or _prose_paragraphs(el) < linked_heads + 2:
            return False
    # A block holding the <h1> is the article header unless it also holds a real paragraph (Medium's first section).
    if el.find(".//h1") is not None:
        # ... and a header's deck (`p.description` without a full stop) is not a paragraph of the story
        if not any(len(t.strip()) >= _MIN_HEADER_PARAGRAPH_CHARS and _SENTENCE_END_RE.search(t) for t in el.itertext()):
            return False
    elif max((len(t.strip()) for t in el.itertext()), default=0) < _MIN_SENTENCE_CHARS:
        return False  # only short lines: a header, a label list, a date row
    for anc in el.iterancestors():
        if anc in shared_ancestors or anc.tag in ("body", "html"):
            break
        if anc.tag in P.SKIP_TAGS:
            return False
        attrs = f"{anc.get('class') or ''} {anc.get('id') or ''}"
        if (P.JUNK_RE.search(attrs) and not P.CONTENT_RE.search(attrs)) or _TEASER_BOX_RE.search(attrs):
            return False
    if any(_discussion_heading(text_of(h)) for h in el.iter("h2", "h3", "h4")):
        return False  # a reader forum under its heading (`Letzte Beiträge Newsforum`: posts in `div.news-post-content`)
    return _comment_text(el) < 0.5 * n


# a box presenting another page (`div.teaser_wrapper > div.view-teaser-single > … div.content`, DOMRADIO.DE's column
# of plugs beside the story): no part of this story, though its text block is named like the story's
_TEASER_BOX_RE = re_compile(r"(?:^|[\s_\-])teasers?(?:$|[\s_\-])", re.I)
# the heading of the readers' posts under a story, in the languages of the corpus
_DISCUSSION_HEADING_RE = re_compile(r"\b(?:comments?|kommentare?|leserkommentare|forum|newsforum|diskussion|discussion|"
                                    r"commentaires?|comentarios?|commenti|komentarze|reacties|leserbriefe)\b", re.I)


_QUOTES = "\"“”„«»‘’'"


def _discussion_heading(text: str) -> bool:
    """A heading over readers' posts (`Kommentare (12)`, `Letzte Beiträge Newsforum`, `3 Comments`): short, the word
    not quoted — webpack's crosshead `”Magic Comments”` names a feature of the story."""
    return len(text) <= 60 and not any(q in text for q in _QUOTES) and _DISCUSSION_HEADING_RE.search(text) is not None


def _comment_text(el: HtmlElement) -> int:
    """Characters inside comment-named blocks below `el` (TYPO3's every content element is a `div.csc-default`, the
    reader comments' one too: `div.csc-default > div.tx-comments-pi1`)."""
    total = 0
    it = el.iter()
    next(it)
    for node in it:
        if isinstance(node.tag, str) and P.COMMENT_NAME_RE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            total += _text_len(node)
            for _ in node.iterdescendants():  # the block's inside is counted: walk past it
                next(it, None)
    return total


def _ancestors(el: HtmlElement) -> list[HtmlElement]:
    return [el, *el.iterancestors()]


def _common_ancestor(els: list[HtmlElement]) -> HtmlElement:
    paths = [list(reversed(_ancestors(el))) for el in els]
    common = paths[0][0]
    for level in zip(*paths):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _story(el: HtmlElement) -> HtmlElement | None:
    """The nearest enclosing `<article>` (a story of an infinite-scroll stack has its own)."""
    return next(el.iterancestors("article"), None) if el.tag != "article" else el


def _boundary_between(root: HtmlElement, first: HtmlElement, second: HtmlElement, title_key: str = "") -> bool:
    """True when `first` and `second` belong to different stories: different enclosing `<article>` elements, an
    `<h1>` (a new headline) between them, or each opening on its own headline, one of them the page's title."""
    if _story(first) is not _story(second):
        return True
    if title_key:
        heads = [_opening_headline(first), _opening_headline(second)]
        if all(heads) and heads[0] != heads[1] and title_key in heads:
            return True
    started = False
    for el in root.iter():
        if el is second:
            return False
        if el is first:
            started = True
            continue
        if started and el.tag == "h1" and el not in set(first.iter()):
            return True
    return False


def _opening_headline(chunk: HtmlElement) -> str:
    """The comparison key of the `<h1>`/`<h2>` a chunk opens on (no text of its own before it: a story stacked under
    the page's, `div.entry-content > h2 + div.meta + div.text` × 4 on nyt.fi), '' when it opens otherwise."""
    head = next(chunk.iter("h1", "h2"), None)
    if head is None:
        return ""
    before = 0
    for el in chunk.iter():
        if el is head:
            key = norm_key(text_of(head))
            return key if len(key) >= _MIN_HEADLINE_KEY else ""
        if isinstance(el.tag, str) and el.tag not in P.SKIP_TAGS:
            before += len((el.text or "").strip())
        if before >= _MIN_SENTENCE_CHARS:
            return ""
    return ""


# BEM modifiers naming what kind of content an entry holds (`entry--text`, `entry--image`), not its layout or place
_CONTENT_KINDS = frozenset({"text", "image", "img", "photo", "picture", "video", "quote", "gallery", "media", "audio"})


def _block_classes(value: str) -> frozenset[str]:
    """A class list without the BEM modifiers that name a kind of content (`entry entry--text text` and `entry
    entry--image image` are both `{entry}`: one list's entries of text and of pictures, onedio's); other lists as they
    are (`wrapper wrapper--reverse`, `section--first` stay apart)."""
    tokens = value.split()
    kinds = {t.split("--", 1)[1] for t in tokens if "--" in t and t.split("--", 1)[1] in _CONTENT_KINDS}
    if not kinds:
        return frozenset(tokens)
    base = frozenset(t for t in tokens if not ("--" in t and t.split("--", 1)[1] in kinds) and t not in kinds)
    return base if base else frozenset(tokens)


def _sibling_chunks(container: HtmlElement) -> list[HtmlElement]:
    """The container's block, or one of its nearest ancestors, repeated as siblings of the same tag and class
    (Medium's `<section>`s between `<hr>`s, class names obfuscated): those siblings that hold article text."""
    node = container
    for _ in range(_SIBLING_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or node.tag == "article":
            break
        above = set(node.iterancestors())
        if not (node.get("class") or "").strip() and node.tag != "section":
            node = parent  # class-less `<div>`s are any layout blocks (`div#content` beside `div#stats`), not look-alikes
            continue
        family = _block_classes(node.get("class") or "")
        kin = [sib for sib in parent if sib is node or (sib.tag == node.tag and _block_classes(sib.get("class") or "") == family
                                                          and _good_chunk(sib, above))]
        if len(kin) > 1:
            return kin
        node = parent
    return [container]


def assemble_chunks(root: HtmlElement, container: HtmlElement,
                    title: str | None = None) -> tuple[HtmlElement, list[HtmlElement], set[HtmlElement]]:
    """(new container, chunks in page order, subtrees to leave out) for a body split into look-alike blocks (`title`:
    the page's headline, which tells its own story from the next one of a stack).

    Without other chunks this is `(container, [container], set())`. With them the container becomes the chunks'
    nearest common ancestor and every subtree off the paths to the chunks (the ads and boxes between) is skipped."""
    if container.tag in ("body", "html"):
        return container, [container], set()
    shared = {t for t in _tokens(container) if P.CONTENT_RE.search(t)}
    inside = set(container.iter())
    above = set(container.iterancestors())
    chunks: list[HtmlElement] = []
    for el in root.iter(container.tag) if shared else ():
        if el is container:
            chunks.append(el)
            continue
        if el in inside or el in above or not _lookalike(el, container, shared):
            continue
        if any(c in set(el.iterancestors()) for c in chunks):
            continue  # nested in a chunk already taken
        if _good_chunk(el, above):
            chunks.append(el)
    if len(chunks) < 2:
        chunks = _sibling_chunks(container)
    if len(chunks) < 2:
        return container, [container], set()
    # keep the run of chunks around the container that no new story separates
    k = next(i for i, c in enumerate(chunks) if c is container or c in above)
    title_key = norm_key(title) if title else ""
    lo = k
    while lo > 0 and not _boundary_between(root, chunks[lo - 1], chunks[lo], title_key):
        lo -= 1
    hi = k
    while hi < len(chunks) - 1 and not _boundary_between(root, chunks[hi], chunks[hi + 1], title_key):
        hi += 1
    chunks = chunks[lo:hi + 1]
    if len(chunks) < 2:
        return container, [container], set()
    top = _common_ancestor(chunks)
    if top.tag in ("html",):
        return container, [container], set()
    on_path: set[HtmlElement] = set()
    for c in chunks:
        for anc in _ancestors(c):
            on_path.add(anc)
            if anc is top:
                break
    skip: set[HtmlElement] = set()
    for node in on_path:
        if node in chunks:
            continue
        for child in node:
            if child not in on_path and isinstance(child.tag, str):
                skip.add(child)
    return top, chunks, skip
