"""Page bytes to an lxml tree, once per page: decoding, pre-parse limits, and lxml.html's element classes chosen in C.

`lxml.html`'s own parser picks each element's class (`HtmlElement`, `FormElement`, …) in a Python method that runs
every time an element gets a Python proxy — about a thousand times per page. The same mapping as a namespace-class
lookup runs in libxml2's C code. libxml2's HTML parser lower-cases tag names, so the exact-name table gives the
classes `lxml.html` would.

A page that is valid UTF-8 (most of them) and that the pre-parse steps leave unchanged is handed to libxml2 as its
original bytes with the encoding fixed: libxml2 then reads UTF-8 directly instead of converting Python's UCS-2 copy
of a Korean page (~15% of the parse on the generated 70 KB Korean pages; the tree is the same).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.decode import decode_html
from crawler.extract.limits import bounded_html
from crawler.extract.regex_cache import re_compile
from crawler.extract.types import ExtractionError

# to the first `>`: a declaration cut off by a capture (no `?>`) runs into the next tag
_XML_DECL_RE = re_compile(r"^\s*<\?xml[^>]*>", re.I)
_HTMLISH_RE = re_compile(r"<\s*(?:!doctype|html|head|body|meta|title|div|p|br|article|span|table|a|h[1-6]|section|main)\b", re.I)
# `</br>`: browsers (and the HTML standard) read it as a `<br>`, libxml2 drops it; pages separate paragraphs with
# `</br></br>` (kedainietis.lt), which then run together
_END_BR_RE = re_compile(r"</br\s*>", re.I)
# `</html>` before the end of the page (business-punk.com closes its `<head>` with `</head></html>`, then opens
# `<body>`): browsers read on, libxml2 (2.14) drops everything after it — the whole article
_END_HTML_RE = re_compile(r"</html\s*>", re.I)
_TRAILER_RE = re_compile(r"\s*(?:<!--.*?-->\s*)*", re.S)  # what may follow the real `</html>`: spaces, comments
# A `<title>` whose `</title>` was lost (a capture with bytes missing: `<title>Gale to drive Nation'?' + OAS_query + …`):
# libxml2, like a browser, reads everything up to the next `</title>` or the end as the title's text — the whole page.
# A title that long with tags in it is repaired: it ends where its first tag begins.
_TITLE_OPEN_RE = re_compile(r"<title\b[^>]*>", re.I)
_TAG_START_RE = re_compile(r"<[/!]?[A-Za-z]|<!--")
_RUNAWAY_TITLE_CHARS = 1_000
# An `<html …/>` start tag written as self-closing (here by a capture that spliced an `<img …/>` into it: `<html
# xmogo.jpg" alt="…" border="0" />`): browsers ignore the slash and read on, libxml2 ends the document there
_SELF_CLOSED_HTML_RE = re_compile(r"<html\b[^>]*/\s*>", re.I)


def with_runaway_title_closed(text: str) -> str:
    """The page's text with `</title>` put before the first tag inside its title (the same string when none)."""
    opened = _TITLE_OPEN_RE.search(text)
    if opened is None:
        return text
    tag = _TAG_START_RE.search(text, opened.end())
    return text if tag is None else f"{text[:tag.start()]}</title>{text[tag.start():]}"


def _runaway_title(doc: lxml_html.HtmlElement) -> bool:
    """The parsed page's `<title>` swallowed markup: over `_RUNAWAY_TITLE_CHARS` characters, with a tag inside."""
    title = doc.find("head/title")
    text = title.text if title is not None else None
    return bool(text) and len(text) > _RUNAWAY_TITLE_CHARS and _TAG_START_RE.search(text) is not None


def without_early_end_html(text: str) -> str:
    """The page's text without its `</html>` tags when markup follows one (browsers read on; libxml2 drops the rest);
    the same string when nothing does."""
    return _END_HTML_RE.sub("", text) if _early_end_html(text) else text


def _early_end_html(text: str) -> bool:
    """True when the page has a `</html>` with markup after it (not only spaces and comments)."""
    lower, upper = text.rfind("</html"), text.rfind("</HTML")
    pos = max(lower, upper)
    if pos < 0:
        return _END_HTML_RE.search(text) is not None  # `</Html>`: rare, searched for only then
    # the first one, of a spelling the page has (each search of an absent one reads the whole page)
    first = min(text.find(tag) for tag, last in (("</html", lower), ("</HTML", upper)) if last >= 0)
    if first < pos:
        return True
    end = text.find(">", pos)
    return end >= 0 and _TRAILER_RE.match(text, end + 1).end() < len(text)


def _html_parser(encoding: str | None = None) -> lxml_html.HTMLParser:
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity))
    classes = lookup.get_namespace(None)
    for tag, cls in lxml_html.HtmlElementClassLookup._default_element_classes.items():
        classes[tag] = cls
    # collect_ids: libxml2's table of `id` attributes serves only XPath's id() and DTD validation, which we never use
    # (`#id` selectors compile to `@id = …`); skipping it saves ~5% of the parse
    parser = lxml_html.HTMLParser(encoding=encoding, collect_ids=False)
    parser.set_element_class_lookup(lookup)
    return parser


HTML_PARSER = _html_parser()
_UTF8_PARSER = _html_parser("utf-8")  # for page bytes already known to be valid UTF-8


def parse_page(html: bytes | str, encoding: str | None = None) -> lxml_html.HtmlElement:
    """Decode (when bytes) and parse a page with lxml; ExtractionError when it is not usable HTML."""
    raw: bytes | None = None
    if isinstance(html, (bytes, bytearray, memoryview)):
        raw = bytes(html)
        text, used = decode_html(raw, encoding)
        if used != "utf-8" or raw.startswith(b"\xef\xbb\xbf") or "\ufffd" in text:
            # libxml2 decodes other charsets its own way (and may stop at a bad byte); U+FFFD: the bytes may not be
            # valid UTF-8 (decoded with replacement), and only Python's replacement is the one we define
            raw = None
    elif isinstance(html, str):
        text = html
    else:
        raise ExtractionError(f"expected HTML as bytes or str, got {type(html).__name__}")
    ready = _XML_DECL_RE.sub("", text.lstrip("\ufeff"), count=1)
    if not ready.strip():
        raise ExtractionError("empty input")
    ready = bounded_html(ready)
    if "</br" in ready or "</BR" in ready:
        ready = _END_BR_RE.sub("<br>", ready)
    ready = without_early_end_html(ready)
    if not _HTMLISH_RE.search(ready[:200_000]):
        raise ExtractionError("input is not HTML (no HTML tags found)")
    try:
        if raw is not None and ready is text:  # no step changed the text: parse its bytes
            doc = lxml_html.document_fromstring(raw, parser=_UTF8_PARSER)
        else:
            doc = lxml_html.document_fromstring(ready, parser=HTML_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"cannot parse HTML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    if doc is None:
        raise ExtractionError("cannot parse HTML: empty document")
    if doc.find("body") is None and len(doc) <= 1 and _SELF_CLOSED_HTML_RE.search(ready):
        doc = _reparsed(_SELF_CLOSED_HTML_RE.sub("<html>", ready, count=1), doc)
    if _runaway_title(doc):
        repaired = with_runaway_title_closed(ready)
        if repaired is not ready:
            doc = _reparsed(repaired, doc)
    return doc


def _reparsed(text: str, first: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """`text` (a repaired page) parsed, or the `first` parse when the repair does not parse."""
    try:
        doc = lxml_html.document_fromstring(text, parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return first
    return first if doc is None else doc
