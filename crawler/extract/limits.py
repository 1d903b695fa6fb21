"""Pre-parse limits: cheap scans of a decoded page that keep lxml's parse time bounded.

libxml2's HTML parser is fast on ordinary pages (~1 ms per 100 KB) but superlinear in the number of
attributes on one element (it checks each new attribute name against every earlier one): 60,000 attributes
on one `<div>` take seconds, 300,000 take minutes, and the parse runs on the crawl's only thread. Millions
of tiny elements cost seconds too. These checks run before lxml sees the text, in C-speed regex passes:

* a start tag with more than `MAX_TAG_ITEMS` attribute-like pieces keeps its name and loses its attributes
  (no real page has hundreds of attributes on one element; the element and its text stay);
* a page with more than `MAX_TAGS` start tags is refused (`ExtractionError`): the crawl records it as a
  failure that backs off, instead of spending seconds on it every crawl;
* NUL characters are dropped (lxml refuses text containing them; one stray NUL does not make a page binary).

Measured on this machine with `bench/hostile_pages.py` (`extract_article` on the seed page plus the hostile
part): 300,000 attributes on one element, minutes → 0.1 s; 2,000,000 `<br>` refused in under 1 s (about
4 s to parse and extract). Deep nesting, 5 MB attribute values and 8 MB inline scripts parse in well
under a second and need no limit. The scan costs about 10 ms per MB of ordinary pages.

Pure functions over text; `parse_html` calls `bounded_html` first, so `extract_article` stays pure and
every caller (crawl, `extract`, `reextract`) gets the same bounds.
"""

from __future__ import annotations

import re

from crawler.extract.types import ExtractionError

MAX_TAG_ITEMS = 128  # attributes (a name, a value, or name=value without spaces) in one start tag
MAX_TAGS = 100_000  # start tags in one page (real news pages: a few thousand; 100,000 extract in ~0.7 s)

# A start tag with at least MAX_TAG_ITEMS pieces. Each piece and the repetition are possessive, so a tag
# that turns out shorter fails after one pass over it: no backtracking blow-up on hostile input (and about
# 3 ms per MB on ordinary pages). A quote that is never closed runs to the end of the text, as for libxml2.
_LONG_TAG = re.compile(
    r"<([A-Za-z][^\s/>\"']{0,64})(?:\s*+(?:[^\s\"'>]++|\"[^\"]*+\"?|'[^']*+'?)){%d,}+>?" % MAX_TAG_ITEMS
)
_TAG_START = re.compile(r"<[A-Za-z]")


def bounded_html(text: str) -> str:
    """The page text made safe to parse in bounded time; ExtractionError when it has too many tags."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.count("<") > MAX_TAGS:
        tags = len(_TAG_START.findall(text))
        if tags > MAX_TAGS:
            raise ExtractionError(f"page has {tags:,} tags (limit {MAX_TAGS:,}): not an article page")
    return _LONG_TAG.sub(_strip_attributes, text)


def _strip_attributes(match: re.Match[str]) -> str:
    return f"<{match.group(1)}>"
