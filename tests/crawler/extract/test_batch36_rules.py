"""Rules made after the first score of `tests/fixtures/real_world36` (Japanese papers and blogs, a Daum page), each
checked on the page that showed the gap."""

from __future__ import annotations

import pytest

from crawler.extract.metrics import same_authors
from tests.crawler.extract.checks import extract_labelled as _extract


def test_the_site_named_last_in_the_metadata_title_is_not_the_headline() -> None:
    # Yahoo!ニュース: og:title `見出し（産経新聞） - Yahoo!ニュース`, the masthead `<h1>Yahoo!ニュース</h1>` equal to its last
    # segment, the story's own `<h1>` further down
    expected, article = _extract("real_world36/news_yahoo_co_jp")
    assert article.title == expected["title"]


def test_a_japanese_papers_bracketed_closing_reporter_is_the_author() -> None:
    # Mainichi: `…財務局も既に不開示決定を出している。【松本紫帆】` closes the story; no byline element, no author tag
    expected, article = _extract("real_world36/mainichi_jp")
    assert article.authors == expected["authors"]


@pytest.mark.parametrize("name", ["real_world17/habr_com", "real_world20/wmpoweruser_com",
                                  "real_world21/yaniwid_wordpress_com", "real_world34/streetvoice_com"])
def test_a_one_word_handle_linked_to_its_own_writers_page_is_the_author(name: str) -> None:
    # `<a href="/author/pradeep/">pradeep</a>`, Habr's `/ru/users/programmerguru/`, `a[rel=author]` `Yiru`: marked as
    # the post's author although one word (a bylined person usually has two)
    expected, article = _extract(name)
    assert same_authors(expected["authors"], article.authors)


@pytest.mark.parametrize("name", ["real_world25/globalnews_ca", "real_world9/lostiempos_com",
                                  "real_trafilatura/japantimes_co_jp_surgical", "real_world33/observador_pt"])
def test_menu_links_and_agencies_under_writers_paths_are_no_handles(name: str) -> None:
    # `/national/staff/personalities/` in a menu, `/autor/erbol` (`ERBOL`, an agency), `/people`, `/autores`
    expected, article = _extract(name)
    assert same_authors(expected["authors"], article.authors)


def test_a_data_tables_row_is_one_line() -> None:
    # a Hatena blog's comparison table (`<th>製品型番</th><th>耐荷重</th>…`, `<td>E7</td><td>125kg</td>…<td><a>51,700円</a>`):
    # each row reads as one line of its cells, its linked price kept, as a reader reads it
    expected, article = _extract("real_world36/blog_takuros_net")
    rows = [p for p in expected["body_paragraphs"] if p.startswith(("製品型番", "E7 ", "E8 ", "EJ2 ", "E9 "))]
    assert len(rows) == 5 and all(row in article.paragraphs for row in rows)
