"""Pre-parse limits (`crawler.extract.limits`): pages built to make lxml slow are made cheap or refused,
a stray NUL byte is dropped instead of marking the page binary, and ordinary pages pass unchanged."""

from pathlib import Path

import pytest

from crawler.extract import ExtractionError, extract_article
from crawler.extract.limits import MAX_TAG_ITEMS, MAX_TAGS, bounded_html

FIX = Path(__file__).parents[2] / "fixtures"
SEED = (FIX / "seed" / "article.html").read_text(encoding="utf-8")
URL = "http://127.0.0.1:8765/read/economy/1853871.htm"


def _with(extra: str) -> str:
    return SEED.replace("</body>", extra + "</body>", 1)


@pytest.mark.parametrize("tag", [
    "<div " + " ".join(f"a{i}=x" for i in range(300_000)) + ">",  # 300,000 attributes: minutes in lxml
    "<div " + "".join(f'a{i}=">"' for i in range(50_000)) + ">",  # quoted '>' must not hide them
    "<div " + " ".join(f"a{i}" for i in range(50_000)) + ">",  # attributes without values
])
def test_element_with_huge_attribute_list_keeps_only_its_name(tag):
    out = bounded_html(_with(tag + "x</div>"))
    assert "<div>x</div>" in out and " a1" not in out
    article = extract_article(_with(tag + "x</div>"), URL)
    assert article.title and article.body


def test_few_attributes_and_large_values_are_left_alone():
    page = _with('<img src="data:image/png;base64,' + "A" * 3_000_000 + '" alt="x">'
                 + "<p " + " ".join(f"a{i}=x" for i in range(MAX_TAG_ITEMS - 1)) + ">y</p>")
    assert bounded_html(page) == page


def test_page_with_too_many_tags_is_refused_in_one_line():
    with pytest.raises(ExtractionError, match=r"page has 2,000,\d{3} tags \(limit 100,000\)") as info:
        extract_article(_with("<br>" * 2_000_000), URL)
    assert "\n" not in str(info.value)
    assert bounded_html(_with("<br>" * (MAX_TAGS // 2)))  # well under the limit: kept


def test_nul_byte_in_first_4kb_does_not_make_a_page_binary():
    # one stray NUL near the top used to reject the page as "input looks binary"
    page = SEED.encode("utf-8").replace(b"<head>", b"<head>\x00", 1)
    assert page.index(b"\x00") < 4096
    article = extract_article(page, URL)
    assert article.title and article.body


def test_binary_input_is_still_refused():
    with pytest.raises(ExtractionError, match="binary"):
        extract_article(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, URL)


def test_long_tag_running_over_other_tags_is_escaped_not_dropped():
    # a stray quote on a real page can make a "tag" run on over text and other tags: nothing may be lost
    broken = '<a title="" ' + " ".join(f'w{i}=""' for i in range(MAX_TAG_ITEMS)) + ' \'ll <b>kept text</b> tail\'>'
    out = bounded_html(_with(broken))
    assert "&lt;a title" in out and "<b>kept text</b>" in out
    assert out.replace("&lt;a title", "<a title") == _with(broken)


def test_real_and_labelled_pages_pass_unchanged_or_only_escaped():
    pages = sorted(FIX.glob("extraction*/**/*.html")) + sorted(FIX.glob("real_*/**/*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\x00", "")
        out = bounded_html(text)
        assert out == text or out.replace("&lt;", "<") == text.replace("&lt;", "<"), path


def test_a_stray_quote_in_attribute_name_position_opens_no_string():
    # a browser's copy of a stray quote (`<a rel="author" "="" href=…>`, chicagoyimby): HTML (and libxml2) read `"` as
    # an attribute's name there, not as the start of a value running over the rest of the page's tags
    tag = '<a rel="author" class="fn" "="" href="/author/ian">Ian Achong</a>'
    page = _with("<p>" + tag + "</p>" + "".join(f'<span class="c{i}" title="t{i}">w</span>' for i in range(600)))
    assert bounded_html(page) == page
    real = (FIX / "real_world30" / "chicagoyimby_com.html").read_text(encoding="utf-8")
    assert bounded_html(real) == real


def test_a_tables_cells_ask_once_per_table_whether_it_is_a_grid(monkeypatch):
    # each cell of a data table asks whether its table has two rows of cells: walking all the rows per cell took
    # minutes on a real 1 MB frequency chart (bench/hostile_pages.py --case page_chart_3k_rows: 43.6 s → 1.4 s)
    from crawler.extract import body

    grids, cells = [], []
    grid_rows, inline_cell = body._grid_rows, body._inline_cell
    monkeypatch.setattr(body, "_grid_rows", lambda table: grids.append(table) or grid_rows(table))
    monkeypatch.setattr(body, "_inline_cell", lambda cell: cells.append(cell) or inline_cell(cell))
    extract_article((FIX / "real_world11" / "anandtech_com.html").read_bytes(), "https://www.anandtech.com/x")
    assert len(cells) > 10 * len(grids) > 0
    assert len(grids) == len({id(t) for t in grids})


def test_a_huge_container_gets_no_second_opinion():
    # trafilatura on a 1 MB repository record of 8,500 elements took 6 s; comparing thousands of lines with
    # thousands more is quadratic: both are skipped where no news story is
    from crawler.extract import ensemble
    from crawler.extract.parser import parse_page

    lines = "".join(f"<p>Line {i} of a record: a short sentence.</p>" for i in range(6_000))
    doc = parse_page(f"<html><body><div>{lines}</div></body></html>")
    block = doc.find(".//div")
    assert not ensemble.affordable(block)
    assert ensemble.affordable(doc.find(".//p"))
    ours = [f"Line {i} of a record: a short sentence." for i in range(0, 1_200, 2)]
    theirs = [f"Line {i} of a record: a short sentence." for i in range(1_200)]
    assert ensemble.merge(ours, theirs, ensemble.region_of(block)) == []
