"""An outlet is not an author: its name in a logo or a publisher tag, and names on cards linking to other stories."""

from __future__ import annotations

from tests.crawler.extract.checks import extract_labelled as _extract


def test_naver_press_logo_and_ranking_card_names_are_not_authors() -> None:
    # `og:article:author` "뉴스타파 | 네이버" is the press (its logo: `<img alt="뉴스타파" class="media_end_head_top_logo_img">`);
    # `아츠손` is the writer of a premium-content card (`a.rl_link_end … div.rl_author`) linking elsewhere
    expected, article = _extract("real_world3/n_news_naver_com")
    assert expected["authors"] == []
    assert article.authors == []


def test_a_publisher_tag_equal_to_the_author_tag_names_the_outlet() -> None:
    # `<meta name="author" content="Deutsche Welle (www.dw.com)">` = `<meta name="publisher" …>`, logo alt "Deutsche Welle"
    _, article = _extract("real_trafilatura/dw_com_elephants")
    assert "Deutsche Welle" not in article.authors


def test_a_bare_korean_name_in_a_reporter_box_is_still_the_author() -> None:
    # the card rule leaves alone a name that is no link at all (OhmyNews `div.reporter_area strong`)
    _, article = _extract("extraction_holdout/ohmynews_election")
    assert article.authors == ["유성애"]


def test_wires_newsrooms_and_police_press_offices_are_not_authors() -> None:
    # `Europa Press` (a wire), `Portal iG` and `Do Uol` (the outlet's newsroom), `Polizei Steinfurt` (a police report)
    for name in ("real_world4/andaluciainformacion_es", "real_world4/economia_ig_com_br", "real_world4/presseportal_de",
                 "real_world4/uol_com_br_esporte"):
        expected, article = _extract(name)
        assert article.authors == expected["authors"] == [], name


def test_teaser_cards_microdata_authors_do_not_join_the_tagged_author() -> None:
    # `article:author` names the writer; `itemprop=author` also marks each related story's `By …` (Condé Nast)
    for name in ("real_postlight/newyorker_com_multiple_authors", "real_world2/wired_jp"):
        expected, article = _extract(name)
        assert article.authors == expected["authors"] and len(expected["authors"]) == 1, name
