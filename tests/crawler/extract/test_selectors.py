"""SelectorIndex answers the pattern tables' simple selectors exactly as cssselect's XPath does, in document order."""

from pathlib import Path

import pytest

from crawler.extract import patterns as P
from crawler.extract.extractor import parse_html
from crawler.extract.selectors import SelectorIndex, _parse, css

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = sorted(FIXTURES.glob("real_*/*.html"))[::5] + sorted(FIXTURES.glob("extraction/*.html"))[::5] + [
    FIXTURES / "seed" / "article.html"]
# every selector of the pattern tables that the index answers itself (the rest go to XPath anyway)
TABLE_SELECTORS = sorted({sel for value in vars(P).values() if isinstance(value, tuple)
                          for sel in value if isinstance(sel, str) and _parse(sel)})
EDGES = FIXTURES / "mechanics" / "selectors.html"  # repeated ids, tab-separated classes, comments between siblings


def test_table_selectors_match_cssselect_on_real_pages():
    assert len(TABLE_SELECTORS) > 50
    for page in PAGES:
        doc = parse_html(page.read_bytes())
        index = SelectorIndex(doc)
        for sel in TABLE_SELECTORS:
            assert index.select(sel) == css(doc, sel), (page.name, sel)


@pytest.mark.parametrize("sel", [
    ".x", "p.x", "div.x.y", "#a", "div#a", "#a .x", ".tags li", ".tags li:last-child", "li.x:last-child",
    "[itemprop]", "meta[itemprop=datePublished]", "[datetime]", "[rel=author]", "a[rel]", "[data-testid=t]", "span",
    "[data-unindexed]", "div .x", ".yy .x", "#missing", ".missing p", "p:last-child",
])
def test_selectors_match_cssselect_on_edge_markup(sel):
    doc = parse_html(EDGES.read_bytes())
    assert SelectorIndex(doc).select(sel) == css(doc, sel)
