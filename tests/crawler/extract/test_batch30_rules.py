"""Rules made after the first score of `tests/fixtures/real_world30` (mercury-parser's 2024-26 fixtures and three
Spanish pages), each checked on the page that showed the gap and on the pages that guard against over-reach."""

from __future__ import annotations

import pytest

from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    # `<meta name="author" value="Sunny">` and `von <a class="url fn n">Sunny</a> Lesezeit: 3 Min.`: a one-word pen
    # name two sources agree on, the reading time no part of it
    "real_world30/tarnkappe_info",
    # `<small>posted on <time>…</time></small> by Rafael Antonio Pineda`: the by-line as loose text in the header
    "real_world30/animenewsnetwork_com",
    # `<a href="/autor/juliusz-sabak-at-tacK-9RBt-FhE1/">Juliusz Sabak</a>` under the `<h1>` (the title is og:title's)
    "real_world30/portalobronny_se_pl",
])
def test_the_writer_the_page_shows(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


def test_a_block_kicker_inside_the_heading_is_not_the_title() -> None:
    # `<h1><div class="sub-title">News</div> School of Horns' …</h1>`: the metadata title says the rest
    expected, article = _extract("real_world30/animenewsnetwork_com")
    assert article.title == expected["title"]


def test_a_sidebar_cards_author_link_is_not_the_byline() -> None:
    # The Daily Beast: `div.sidebar_content > div.mostpopular > … > a[href=/author/buzz-bissinger/]` after the headline
    expected, article = _extract("real_world12/thedailybeast_com")
    assert "Buzz Bissinger" not in article.authors and article.authors == expected["authors"]


def test_a_licence_term_after_by_colon_is_text() -> None:
    # futurezone: `BY: Namensnennung` (Creative Commons' attribution term) in the story, not a by-line
    expected, article = _extract("real_misc/htmldate_futurezone_at_cc")
    assert "BY: Namensnennung" in expected["body_paragraphs"] and "BY: Namensnennung" in article.paragraphs


@pytest.mark.parametrize("name", ["real_world30/orf_at", "real_world30/larazon_es"])
def test_the_time_after_a_full_stop_or_with_a_full_stop_in_it(name: str) -> None:
    # ORF: `25. Oktober 2025, 17.52 Uhr`; La Razón: `09 de febrero de 2017. 17:18h`
    expected, article = _extract(name)
    assert article.published == expected["published"]


@pytest.mark.parametrize("name,line", [
    ("real_world30/lavanguardia_com", "09/02/2017 11:48 | Actualizado a 09/02/2017 15:03"),
    ("real_world30/numerama_com", "Tous nos articles sont aussi sur notre profil Google : suivez-nous pour ne rien manquer !"),
])
def test_stamp_and_follow_us_lines_are_not_text(name: str, line: str) -> None:
    expected, article = _extract(name)
    assert line not in article.paragraphs
    assert article.paragraphs[0] == expected["body_paragraphs"][0]
