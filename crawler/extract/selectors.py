"""CSS selection on one parsed page: a one-pass index for the simple selectors of our pattern tables, XPath otherwise.

Evaluating ~100 table selectors as XPath scans the whole tree each time; the index answers them from
class/id/attribute buckets built in a single walk.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.memo import recall, remember
from crawler.extract.regex_cache import re_compile

_translator = HTMLTranslator()
# tag? (#id | .class | [attr] | [attr=value])* (:last-child)?
_COMPOUND_RE = re_compile(r"^(?P<tag>[a-zA-Z][a-zA-Z0-9]*)?(?P<rest>(?:#[\w\-]+|\.[\w\-]+|\[[\w\-:]+(?:=[\w\-\"' ]+)?\])*)(?P<last>:last-child)?$")
_PART_RE = re_compile(r"#([\w\-]+)|\.([\w\-]+)|\[([\w\-:]+)(?:=([\w\-\"' ]+))?\]")
_INDEXED_ATTRS = ("itemprop", "data-component", "rel", "data-date-time", "data-published", "datetime", "data-testid")
_INDEXED_SET = frozenset(_INDEXED_ATTRS)


@lru_cache(maxsize=512)
def compile_css(selector: str) -> etree.XPath | None:
    """Compiled XPath for a CSS selector, None when the selector is invalid."""
    try:
        return etree.XPath(_translator.css_to_xpath(selector))
    except (SelectorError, etree.XPathError, ValueError):
        return None


def css(el: HtmlElement, selector: str) -> list[HtmlElement]:
    """Elements under `el` (and `el` itself) matching a CSS selector, in document order (empty for an invalid one)."""
    # the same element and selector come back for every image's caption search: one XPath run per extraction
    return list(remember(("css", el, selector), lambda: _css(el, selector)))


def _css(el: HtmlElement, selector: str) -> list[HtmlElement]:
    indexed = _css_from_index(el, selector)
    if indexed is not None:
        return indexed
    xp = compile_css(selector)
    if xp is None:
        return []
    try:
        return [x for x in xp(el) if isinstance(x, etree._Element)]
    except etree.XPathError:
        return []


Compound = tuple[str | None, tuple[tuple[str, str, str | None], ...], bool]
_INDEX_KEY = ("selector-index",)
_SMALL_BUCKET = 48  # beyond this, checking each candidate's ancestry costs more than libxml2's XPath walk
_XML_SPACE_RE = re_compile(r"[ \t\r\n]+")  # XPath's normalize-space(): only these four split a class list
_ODD_SPACE_RE = re_compile(r"[\x0b\x0c\x1c-\x1f]")  # ASCII characters str.split() splits on and XPath does not


def _css_from_index(el: HtmlElement, selector: str) -> list[HtmlElement] | None:
    """What the XPath of `selector` would select under `el`, answered from the extraction's `SelectorIndex` when it
    is one tag/#id/.class compound with a small bucket (caption selectors under each image: mostly absent classes,
    answered without walking the subtree); None when the index cannot answer exactly."""
    index = recall(_INDEX_KEY)
    chain = _parse(selector)
    if index is None or chain is None or len(chain) != 1:
        return None
    tag, conds, last = chain[0]
    if last or any(kind == "attr" for kind, _, _ in conds) or not (tag or conds):
        return None
    candidates = index._candidates(chain[0])
    if len(candidates) > _SMALL_BUCKET:
        return None
    if el is not index.root and all(anc is not index.root for anc in el.iterancestors()):
        return None  # not under the indexed element (another tree: a fragment, a copy)
    out = []
    for cand in candidates:
        if (tag and cand.tag != tag) or not _exact(cand, conds):
            continue
        if cand is el or any(anc is el for anc in cand.iterancestors()):
            out.append(cand)
    return out


def _class_tokens(el: HtmlElement) -> list[str]:
    """The element's class list as cssselect's XPath splits it (`normalize-space`: space, tab, CR, LF only).

    The index buckets split on any whitespace (`str.split`, faster): a superset of these tokens for the `[\\w-]+`
    names selectors hold, so filtering a bucket with this gives exactly what XPath selects."""
    value = el.get("class") or ""
    tokens = value.split()
    if not value.isascii() or _ODD_SPACE_RE.search(value):
        tokens = _XML_SPACE_RE.split(value.strip(" \t\r\n"))  # NBSP, U+2000…, VT, FF: inside a token for XPath
    return tokens


def _exact(el: HtmlElement, conds: tuple[tuple[str, str, str | None], ...]) -> bool:
    """The id/class conditions as cssselect's XPath tests them."""
    for kind, name, _value in conds:
        if kind == "id":
            if el.get("id") != name:
                return False
        elif name not in _class_tokens(el):
            return False
    return True


@lru_cache(maxsize=512)
def _parse(selector: str) -> tuple[Compound, ...] | None:
    """Descendant chain of compound selectors, or None when the selector needs full CSS."""
    chain = []
    for part in selector.split():
        m = _COMPOUND_RE.match(part)
        if not m:
            return None
        conds = []
        for pm in _PART_RE.finditer(m["rest"] or ""):
            if pm.group(1):
                conds.append(("id", pm.group(1), None))
            elif pm.group(2):
                conds.append(("class", pm.group(2), None))
            else:
                conds.append(("attr", pm.group(3), pm.group(4).strip("\"'") if pm.group(4) else None))
        if not m["tag"] and not conds:
            return None
        chain.append(((m["tag"] or "").lower() or None, tuple(conds), bool(m["last"])))
    return tuple(chain) or None


def _matches(el: HtmlElement, comp: Compound) -> bool:
    tag, conds, last = comp
    if tag and el.tag != tag:
        return False
    for kind, name, value in conds:
        if kind == "id":
            if el.get("id") != name:
                return False
        elif kind == "class":
            if name not in _class_tokens(el):
                return False
        else:
            got = el.get(name)
            if got is None or (value is not None and got != value):
                return False
    if last:
        nxt = el.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None:
            return False
    return True


# Whether a pattern finds a class token or id, per pattern, kept across pages: a site's pages (and most sites) share
# their class names, so a crawl's later pages answer `by_class_matching` from dictionaries instead of ~700 regex searches.
_FOUND: dict["re.Pattern[str]", dict[str, bool]] = {}
_FOUND_MAX = 50_000  # names per pattern before its answers are dropped and gathered again


def _matching(buckets: dict[str, list[HtmlElement]], pattern: "re.Pattern[str]") -> list[HtmlElement]:
    """The elements of the buckets whose name the pattern finds, bucket by bucket."""
    found = _FOUND.get(pattern)
    if found is None or len(found) > _FOUND_MAX:
        found = _FOUND[pattern] = {}
    known = found.get
    out: list[HtmlElement] = []
    for name, els in buckets.items():
        hit = known(name)
        if hit is None:
            hit = found[name] = pattern.search(name) is not None
        if hit:
            out.extend(els)
    return out


def current_index() -> "SelectorIndex | None":
    """The selector index of the running extraction, if one was built."""
    return recall(_INDEX_KEY)


class SelectorIndex:
    """Class/id/tag/attribute buckets of one document, answering simple CSS selectors in document order."""

    def __init__(self, root: HtmlElement):
        self.root = root
        # defaultdicts: a bucket is created in C on first use (`.get` below never creates one)
        by_class: defaultdict[str, list[HtmlElement]] = defaultdict(list)
        by_id: defaultdict[str, list[HtmlElement]] = defaultdict(list)
        by_attr: defaultdict[str, list[HtmlElement]] = defaultdict(list)
        self._by_class, self._by_id, self._by_attr = by_class, by_id, by_attr
        self._by_tag: dict[str, list[HtmlElement]] = {}
        remember(_INDEX_KEY, lambda: self)  # `css()` answers from the first index of the running extraction
        # One walk; each element's attribute names come back in one call (`keys()`), elements without any are passed
        # over, and only the values read are decoded (not every link's `href`: `items()` cost ~10% more). Tag buckets
        # are not built here: `iter(tag)` fills one on demand, filtered in libxml2.
        for el in root.iter(etree.Element):
            for name in el.keys():
                if name == "class":
                    tokens = el.get("class").split()
                    if len(tokens) == 1:  # most class lists: no set needed to list the element once
                        by_class[tokens[0]].append(el)
                    else:
                        for token in set(tokens):
                            by_class[token].append(el)
                elif name == "id":
                    value = el.get("id")
                    if value:
                        by_id[value].append(el)
                elif name in _INDEXED_SET:
                    by_attr[name].append(el)

    def by_class(self, token: str) -> list[HtmlElement]:
        """Elements whose class list holds `token`, in document order."""
        return self._by_class.get(token, [])

    def by_class_matching(self, pattern: "re.Pattern[str]") -> list[HtmlElement]:
        """Elements with a class token the pattern finds (one regex per distinct token never seen before)."""
        return _matching(self._by_class, pattern)

    def by_id_matching(self, pattern: "re.Pattern[str]") -> list[HtmlElement]:
        """Elements whose id the pattern finds (one regex per id never seen before), in document order."""
        return _matching(self._by_id, pattern)

    def by_id(self, ident: str) -> list[HtmlElement]:
        """Elements whose id is exactly `ident`, in document order."""
        return self._by_id.get(ident, [])

    def by_attr(self, attr: str) -> list[HtmlElement]:
        """Elements carrying the attribute `attr` (one of the indexed ones), in document order."""
        return self._by_attr.get(attr, [])

    def by_tag(self, tag: str) -> list[HtmlElement]:
        """Elements with this tag name, in document order."""
        found = self._by_tag.get(tag)
        if found is None:
            found = self._by_tag[tag] = list(self.root.iter(tag))
        return found

    def _candidates(self, comp: Compound) -> list[HtmlElement]:
        tag, conds, _ = comp
        for kind, name, _value in conds:
            if kind == "id":
                return self.by_id(name)
        for kind, name, _value in conds:
            if kind == "class":
                return self.by_class(name)
        for kind, name, _value in conds:
            if kind == "attr" and name in _INDEXED_ATTRS:
                return self.by_attr(name)
        if tag:
            return self.by_tag(tag)
        return list(self.root.iter())

    def select(self, selector: str) -> list[HtmlElement]:
        """Elements matching `selector` anywhere in the document (XPath fallback for complex selectors)."""
        chain = _parse(selector)
        if chain is None:
            return css(self.root, selector)
        # Narrow from the outermost compound down: its buckets are small (.tags), the target's may be huge (li, a).
        current = [el for el in self._candidates(chain[0]) if _matches(el, chain[0])]
        for comp in chain[1:]:
            seen: set[HtmlElement] = set()
            nxt: list[HtmlElement] = []
            for anc in current:
                for el in anc.iterdescendants(comp[0]) if comp[0] else anc.iterdescendants():
                    if el not in seen and isinstance(el.tag, str) and _matches(el, comp):
                        seen.add(el)
                        nxt.append(el)
            current = nxt
        return current
