"""Pre-parse limits: cheap scans of a decoded page that keep lxml's parse time bounded.

libxml2's HTML parser is fast on ordinary pages (~1 ms per 100 KB) but superlinear in the number of
attributes on one element (it checks each new attribute name against every earlier one): 60,000 attributes
on one `<div>` take seconds, 300,000 take minutes, and the parse runs on the crawl's only thread. Millions
of tiny elements cost seconds too. These checks run before lxml sees the text, in C-speed regex passes:

* a start tag with more than `MAX_TAG_ITEMS` attribute-like pieces keeps its name and loses its attributes
  (no real page has hundreds of attributes on one element; the element and its text stay) — or, when the
  piece runs over other tags (a stray quote on a real page), it is escaped to text instead of dropped;
* a page with more than `MAX_TAGS` start tags is refused (`ExtractionError`): the crawl records it as a
  failure that backs off, instead of spending seconds on it every crawl;
* NUL characters are dropped (lxml refuses text containing them; one stray NUL does not make a page binary).

Measured on this machine with `bench/hostile_pages.py` (`extract_article` on the seed page plus the hostile
part; `--no-limits` for the numbers without): 300,000 attributes on one element, > 30 s → 0.1–0.2 s;
2,000,000 `<br>` refused in 0.3 s (15.6 s to parse and extract). Deep nesting, 5 MB attribute values and
8 MB inline scripts parse in well under a second and need no limit. The scan costs 8–14 ms per MB of
ordinary pages (under 1 ms for a typical page; the 237 labelled and real pages in tests/fixtures pass
unchanged but for one with a stray quote, whose extraction is identical).

Pure functions over text; `parse_page` (crawler/extract/parser.py) calls `bounded_html` first, so `extract_article`
stays pure and every caller (crawl, `extract`, `reextract`) gets the same bounds.
"""

from __future__ import annotations

import re

from crawler.extract.regex_cache import re_compile
from crawler.extract.types import ExtractionError

MAX_TAG_ITEMS = 512  # attributes (a name, a value, or name=value without spaces) in one start tag
MAX_TAGS = 100_000  # start tags in one page (real news pages: a few thousand; 100,000 extract in ~0.7 s)

# A start tag (a name, then whitespace) with at least MAX_TAG_ITEMS pieces. Each piece and the repetition
# are possessive, so a tag that turns out shorter fails after one pass over it: no backtracking blow-up on
# hostile input. A quote that is never closed runs to the end of the text, as for libxml2. As in HTML's own
# tokenizer (and libxml2), a quote opens a value only after `=`: anywhere else it is part of an attribute's name
# (`<a rel="author" "="" href=…>`, a browser's copy of a stray quote), not the start of a string that would run
# over the rest of the page.
_LONG_TAG = re_compile(
    r"<([A-Za-z][A-Za-z0-9:_.-]{0,63})(?=\s)"
    r"(?:\s*+(?:[^\s=>]++(?:\s*+=\s*+(?:\"[^\"]*+\"?|'[^']*+'?|[^\s>]*+))?+|=(?:\"[^\"]*+\"?|'[^']*+'?|[^\s>]*+))){%d,}+>?"
    % MAX_TAG_ITEMS
)
_TAG_START = re_compile(r"<[A-Za-z]")


def bounded_html(text: str) -> str:
    """The page text made safe to parse in bounded time; ExtractionError when it has too many tags."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.count("<") > MAX_TAGS:
        tags = len(_TAG_START.findall(text))
        if tags > MAX_TAGS:
            raise ExtractionError(f"page has {tags:,} tags (limit {MAX_TAGS:,}): not an article page")
    return _LONG_TAG.sub(_defuse, text)


def _defuse(match: re.Match[str]) -> str:
    """A long tag as `<name>` without its attributes; as text when it swallowed other tags (broken quotes).

    When the piece runs over other tags it is most likely a real page with a stray quote, not an attack:
    its text is kept and only its `<` escaped, so libxml2 reads it as text in linear time and nothing of
    the page is dropped. (Scripts need no exception: `a<b` and `i<n;` never look like a tag name and a space.)
    """
    if "<" in match.group(0)[1:]:
        return "&lt;" + match.group(0)[1:]
    return f"<{match.group(1)}>"
