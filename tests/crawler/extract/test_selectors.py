"""SelectorIndex (and `css()` under an element, answered from it) selects exactly as cssselect's XPath does, in
document order."""

from pathlib import Path

import pytest

from lxml import etree

from crawler.extract import patterns as P
from crawler.extract.extractor import parse_html
from crawler.extract.memo import memoised_texts
from crawler.extract.selectors import SelectorIndex, _css_from_index, _parse, compile_css, css

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = sorted(FIXTURES.glob("real_*/*.html"))[::5] + sorted(FIXTURES.glob("extraction/*.html"))[::5] + [
    FIXTURES / "seed" / "article.html"]
# every selector of the pattern tables that the index answers itself (the rest go to XPath anyway)
TABLE_SELECTORS = sorted({sel for value in vars(P).values() if isinstance(value, tuple)
                          for sel in value if isinstance(sel, str) and _parse(sel)})
# repeated ids, tab-separated classes, comments between siblings, NBSP and U+3000 inside a class attribute
EDGES = FIXTURES / "mechanics" / "selectors.html"


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


def _xpath(el, sel):
    return [x for x in compile_css(sel)(el) if isinstance(x, etree._Element)]


def test_css_under_an_element_is_answered_from_the_index_as_xpath_would():
    selectors = [*P.CAPTION_SELECTORS, ".x", ".q", "#a", "p.x", "li.x", "div#a.x", "div.yy", "figure"]
    answered = 0
    for page in [*PAGES, EDGES]:
        doc = parse_html(page.read_bytes())

        @memoised_texts
        def run():
            nonlocal answered
            SelectorIndex(doc)  # registers itself for the extraction's css() calls
            for el in [doc, *list(doc.iter("figure", "div", "table", "ul", "p"))[:80]]:
                for sel in selectors:
                    answered += _css_from_index(el, sel) is not None
                    assert css(el, sel) == _xpath(el, sel), (page.name, el.tag, el.get("class"), sel)

        run()
    assert answered > 1000  # the index did answer (else this only compared XPath with itself)


def test_css_falls_back_to_xpath_for_another_tree():
    doc = parse_html(EDGES.read_bytes())
    other = parse_html(EDGES.read_bytes())

    @memoised_texts
    def run():
        SelectorIndex(doc)
        assert _css_from_index(other, ".x") is None
        return css(other, ".x")

    found = run()
    assert found == _xpath(other, ".x") and [el.text for el in found] == [None, "1", "2", "b"]


def test_class_and_id_pattern_answers_kept_across_pages_are_each_pages_own():
    # the answers per class name are remembered from page to page: each page must still get exactly its own elements
    from crawler.extract.extractor import DATE_CLASS_RE

    for pattern in (DATE_CLASS_RE, P.OBSCURED_RE):
        for page in PAGES:
            index = SelectorIndex(parse_html(page.read_bytes()))
            # (an element comes once per class token of its that the pattern finds)
            by_class = [el for el in index.root.iter() if isinstance(el.tag, str)
                        for t in set((el.get("class") or "").split()) if pattern.search(t)]
            by_id = [el for el in index.root.iter() if isinstance(el.tag, str) and el.get("id")
                     and pattern.search(el.get("id"))]
            assert sorted(map(id, index.by_class_matching(pattern))) == sorted(map(id, by_class)), page.name
            assert sorted(map(id, index.by_id_matching(pattern))) == sorted(map(id, by_id)), page.name


def test_the_byline_scan_looks_at_exactly_the_boxes_its_patterns_name():
    # `_byline_named` answers from class tokens and ids what the scan's search of "class id" would find
    from crawler.extract.extractor import _BYLINE_BOX_RE, _META_BOX_RE, _byline_named

    checked = 0
    for page in PAGES:
        doc = parse_html(page.read_bytes())

        @memoised_texts
        def named(doc=doc):
            SelectorIndex(doc)
            return _byline_named(doc)

        found = named()
        assert found is not None
        for box in doc.iter("div", "p", "span", "address"):
            names = f"{box.get('class') or ''} {box.get('id') or ''}"
            wanted = bool(_BYLINE_BOX_RE.search(names) or _META_BOX_RE.search(names))
            assert (box in found) == wanted, (page.name, names)
            checked += wanted
    assert checked > 20
