"""Tree reads computed once per extraction: `text_of(el)` (and CSS selections, `remember`) memoised while one
`extract_from_tree` call runs.

The extractor asks for the same elements' text many times (a body candidate is measured by the container search,
the split-body check, the date and byline scans), and an ancestor's text holds all of its descendants' text, so
recomputing it costs more than the rest of extraction; likewise every image's caption search runs the caption
selectors over the same body element. The memo lives only inside one call (`memoised_texts`) and is emptied whenever
the extractor changes the tree (`forget_texts`); outside a call, everything computes as before.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.clean import norm_space

_P = ParamSpec("_P")
_R = TypeVar("_R")
# a context variable, not a global: extraction may run in threads (each gets its own memo)
_memo: ContextVar[dict[HtmlElement, str] | None] = ContextVar("extract_text_memo", default=None)
_reads: ContextVar[dict[tuple, Any] | None] = ContextVar("extract_read_memo", default=None)


def _text(el: HtmlElement) -> str:
    try:
        return norm_space(el.text_content())
    except ValueError:
        return ""


def text_of(el: HtmlElement) -> str:
    """Whitespace-normalised text content of an element (memoised during one extraction)."""
    memo = _memo.get()
    if memo is None:
        return _text(el)
    # keyed by the element proxy itself: holding it keeps lxml from handing out a new proxy (and identity) for the node
    text = memo.get(el)
    if text is None:
        text = memo[el] = _text(el)
    return text


def text_head(el: HtmlElement, n: int) -> str:
    """`text_of(el)[:n]` without normalising all of a large element's text when only its start is needed."""
    memo = _memo.get()
    if memo is not None and el in memo:
        return memo[el][:n]
    reads = _reads.get()
    if reads is not None:
        # a longer head of the same element answers a shorter one (the header scans ask 4,000, then 1,500)
        known = reads.get(("head", el))
        if known is not None and known[0] >= n:
            return known[1][:n]
        head = _first_child_head(el, n, reads, memo)
        if head is not None:
            reads[("head", el)] = (n, head)
            return head
    head = _head(el, n, memo)
    if reads is not None:
        reads[("head", el)] = (n, head)
    return head


_ASCII_SPACE = " \t\n\r"


def _first_child_head(el: HtmlElement, n: int, reads: dict[tuple, Any],
                      memo: dict[HtmlElement, str] | None) -> str | None:
    """The known `n`-character head of el's first child when el's text starts with that child's (a wrapper: no text of
    its own but whitespace), else None. The header scans walk from the body up through such wrappers (`<body>` around
    the page's one `<div>`); the normalised text of a prefix is a prefix of the normalised whole, and leading
    whitespace is stripped, so a child head of full length is the wrapper's too."""
    if not len(el) or (el.text and el.text.strip(_ASCII_SPACE)):
        return None
    first = el[0]
    if memo is not None and first in memo:
        known = (len(memo[first]), memo[first])
    else:
        known = reads.get(("head", first))
    if known is None or known[0] < n or len(known[1]) < n:
        return None
    raw = reads.get(("raw", first))
    if raw is not None and ("raw", el) not in reads:
        # el's text opens with the child's, so a wrapper further up can still assemble its head from this prefix
        reads[("raw", el)] = ((el.text or "") + raw[0], False)
    return known[1][:n]


# The first $n characters of an element's text (what `text_content()` returns, cut in libxml2): only the head is
# turned into a Python string, where `text_content()` decodes the whole text (~25,000 characters for a page's body,
# asked for by the header scans on the body and each of its ancestors).
_TEXT_PREFIX = etree.XPath("substring(string(), 1, $n)", smart_strings=False)
_NO_TEXT = (etree._Comment, etree._ProcessingInstruction)  # children whose own text is not part of the parent's


def _head(el: HtmlElement, n: int, memo: dict[HtmlElement, str] | None) -> str:
    cut = n + n // 2  # raw characters to normalise first; grows when whitespace runs shrink them below n
    reads = _reads.get()
    while True:
        try:
            raw = _raw_prefix(el, cut + 1, reads)
        except ValueError:
            return ""
        if len(raw) <= cut:
            break  # the whole text
        # Normalising a prefix gives a prefix of the normalised whole (whitespace collapses locally, and the strip
        # at the cut, or a joiner or filler dropped there, only shortens it), so a long enough one has the same
        # first n characters.
        head = norm_space(raw[:cut])
        if len(head) >= n:
            return head[:n]
        cut *= 4
    text = norm_space(raw)
    if memo is not None:
        memo[el] = text
    return text[:n]


def _raw_prefix(el: HtmlElement, k: int, reads: dict[tuple, Any] | None) -> str:
    """The first `k` characters of the element's text (all of it when shorter), remembered during an extraction.

    The header scans walk up from the body to its ancestors, whose text each holds the last one's: when a child's
    prefix is known, the element's is assembled from its own text, its children's prefixes and their tails, so
    libxml2 only builds the text of the children before that one instead of the whole subtree again."""
    if reads is None:
        return _TEXT_PREFIX(el, n=k)
    known = reads.get(("raw", el))
    if known is not None and (known[1] or len(known[0]) >= k):
        return known[0][:k]
    children = list(el)
    raw = None
    if any(("raw", child) in reads for child in children):
        raw = _assembled(el, children, k, reads)
    if raw is None:
        raw = _TEXT_PREFIX(el, n=k)
    reads[("raw", el)] = (raw, len(raw) < k)  # shorter than asked: the whole text
    return raw


def _assembled(el: HtmlElement, children: list[HtmlElement], k: int, reads: dict[tuple, Any]) -> str | None:
    """`string(el)[:k]` as el.text + each child's text and tail (None for a child kind whose text is unclear)."""
    parts = [el.text or ""]
    total = len(parts[0])
    for child in children:
        if total >= k:
            break
        if isinstance(child.tag, str):
            known = reads.get(("raw", child))
            need = k - total
            piece = known[0][:need] if known is not None and (known[1] or len(known[0]) >= need) \
                else _TEXT_PREFIX(child, n=need)
        elif isinstance(child, _NO_TEXT):
            piece = ""
        else:
            return None  # an entity reference: left to libxml2
        parts.append(piece)
        total += len(piece)
        if total < k and child.tail:
            parts.append(child.tail)
            total += len(child.tail)
    return "".join(parts)[:k]


def remember(key: tuple, compute: Callable[[], _R]) -> _R:
    """`compute()`, once per `key` during one extraction (key: a name, the element, the arguments)."""
    reads = _reads.get()
    if reads is None:
        return compute()
    try:
        return reads[key]
    except KeyError:
        value = reads[key] = compute()
        return value


def recall(key: tuple) -> Any:
    """What `remember` holds for `key` in the running extraction, else None (nothing is computed or stored)."""
    reads = _reads.get()
    return None if reads is None else reads.get(key)


def forget_texts() -> None:
    """Empty the memos of the running extraction: the tree was just changed."""
    for memo in (_memo.get(), _reads.get()):
        if memo is not None:
            memo.clear()


def memoised_texts(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `func` with fresh memos (dropped when it returns)."""

    @wraps(func)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        token, reads_token = _memo.set({}), _reads.set({})
        try:
            return func(*args, **kwargs)
        finally:
            _memo.reset(token)
            _reads.reset(reads_token)

    return run
