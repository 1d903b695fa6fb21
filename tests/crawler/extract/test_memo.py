"""The per-extraction text memo: same text as computing it afresh, only inside one extraction, emptied on tree changes."""

from pathlib import Path

from crawler.extract import extract_article, extract_from_tree
from crawler.extract.clean import norm_space
from crawler.extract.extractor import parse_html
from crawler.extract.memo import _memo, forget_texts, memoised_texts, text_head, text_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = [FIXTURES / "seed" / "article.html", *sorted(FIXTURES.glob("real_*/*.html"))[::9]]
# indentation runs that shrink a raw prefix below the characters asked for, and an element shorter than any cut
WHITESPACE = FIXTURES / "mechanics" / "whitespace.html"


def fresh(el) -> str:
    return norm_space(el.text_content())


def test_memoised_text_equals_fresh_text():
    @memoised_texts
    def run(doc):
        elements = [el for el in doc.iter() if isinstance(el.tag, str)]
        first = [text_of(el) for el in elements]
        again = [text_of(el) for el in reversed(elements)][::-1]  # answered from the memo
        return elements, first, again

    for page in PAGES:
        elements, first, again = run(parse_html(page.read_bytes()))
        assert first == again == [fresh(el) for el in elements], page.name


def test_text_head_is_the_start_of_the_text():
    doc = parse_html(WHITESPACE.read_bytes())
    for page_doc in [doc, *(parse_html(p.read_bytes()) for p in PAGES)]:
        for el in page_doc.iter("html", "body", "div", "section", "article", "p"):
            for n in (1, 80, 1500, 4000):
                assert text_head(el, n) == fresh(el)[:n]
    wide = doc.get_element_by_id("w")
    assert len(wide.text_content()) > 6 * len(fresh(wide)) // 2  # the case where the first cut is too short
    assert memoised_texts(lambda: text_head(wide, 1500))() == fresh(wide)[:1500]


def test_a_longer_head_answers_a_shorter_one_inside_an_extraction():
    @memoised_texts
    def heads(doc):
        elements = list(doc.iter("html", "body", "div", "section", "article"))
        return elements, [(text_head(el, 4000), text_head(el, 1500), text_head(el, 80), text_head(el, 6000))
                          for el in elements]

    for page in [WHITESPACE, *PAGES]:
        elements, got = heads(parse_html(page.read_bytes()))
        assert got == [(fresh(el)[:4000], fresh(el)[:1500], fresh(el)[:80], fresh(el)[:6000]) for el in elements]


def test_heads_walking_up_from_deep_elements_inside_an_extraction():
    # the header scan's order: an element first, then its ancestors, whose prefixes are assembled from the
    # child's known one, their own text, other children (comments among them) and tails
    @memoised_texts
    def walk(doc):
        got, want = [], []
        for start in [el for el in doc.iter("p", "span", "time", "li") if isinstance(el.tag, str)][::40]:
            node = start
            while node is not None:
                for n in (4000, 80, 9000):
                    got.append(text_head(node, n))
                    want.append(fresh(node)[:n])
                node = node.getparent()
        return got, want

    walked = 0
    for page in [WHITESPACE, *PAGES[::3]]:
        got, want = walk(parse_html(page.read_bytes()))
        assert got == want, page.name
        walked += len(got)
    assert walked > 10 * len(PAGES[::3])  # (a page with few such elements walks little: counted over all pages)


def test_memo_lives_only_inside_one_extraction():
    doc = parse_html(WHITESPACE.read_bytes())
    div = doc.get_element_by_id("w")
    assert _memo.get() is None

    @memoised_texts
    def change_tree():
        before = text_of(div)
        div[0].drop_tree()
        stale = text_of(div)  # the contract: the extractor calls forget_texts after changing the tree
        forget_texts()
        return before, stale, text_of(div)

    before, stale, after = change_tree()
    assert before == stale != after == fresh(div) and after.startswith("낱말1 ")
    assert _memo.get() is None and text_of(div) == after


def test_site_rule_removal_is_seen_by_later_steps():
    """`[extract] remove` elements are deleted after the headline candidates were read; later steps see the page
    without them. Here a badge inside the <h1> hides the headline (and the stamp next to it) unless the text memo is
    emptied after the removal."""
    from crawler.extract.types import ExtractionRules

    html = (FIXTURES / "mechanics" / "headline_badge.html").read_bytes()
    removed = extract_article(html, "https://news.example.kr/1", ExtractionRules(remove=(".badge",)))
    doc = parse_html(html)
    for el in doc.find_class("badge"):
        el.drop_tree()
    assert removed.to_dict() == extract_from_tree(doc, "https://news.example.kr/1").to_dict()
    assert removed.published == "2024-03-16T17:12:00+09:00"


def test_css_selections_are_remembered_until_the_tree_changes():
    from crawler.extract.selectors import css

    doc = parse_html((FIXTURES / "mechanics" / "selectors.html").read_bytes())

    @memoised_texts
    def run():
        first = css(doc, "div .x")
        first.clear()  # a caller's list is its own
        again = css(doc, "div .x")
        again[0].drop_tree()
        forget_texts()
        return again, css(doc, "div .x")

    again, after = run()
    assert [el.text for el in again] == ["1", "2", "b"] and [el.text for el in after] == ["2", "b"]


# wrappers around one child: only whitespace before it (its head is the child's), own text, a no-break space or a
# comment before it, a child shorter than the head asked for, and a child that is not the first
WRAPPERS = FIXTURES / "mechanics" / "wrappers.html"


def test_a_wrapper_head_after_its_first_childs_head_inside_an_extraction():
    @memoised_texts
    def walk(doc):
        got, want = [], []
        for wrapper in doc.body.iterchildren("div"):
            child = doc.get_element_by_id(wrapper.get("id") + "-child")
            for el in (child, wrapper, wrapper.getparent()):  # the header scan's order: child, then up
                for n in (4000, 1500):
                    got.append((wrapper.get("id"), n, text_head(el, n)))
                    want.append((wrapper.get("id"), n, fresh(el)[:n]))
        return got, want

    got, want = walk(parse_html(WRAPPERS.read_bytes()))
    assert len(got) == 7 * 3 * 2 and got == want
