"""Rules made after the first score of `tests/fixtures/real_world9` (batch 10), each checked on the page that showed
the gap and, where one exists, on a pure-function case that must stay as it was."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_paragraphs
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world9/blog_mondediplo_net",  # `div.dates_auteurs`: `par Didier Roy, 21 juin 2018`
    "real_world9/dalloz_actualite_fr",  # `span.field-field-contributor`: `Par Matthieu Hy`
    "real_world9/dwutygodnik_com",  # `p.article-header-full__author`: the name alone
    "real_world9/osw_waw_pl",  # two author-page links in `div.field--name-field-autorzy`
    "real_world9/guardian_co_tt",  # `PETER CHRISTOPHER` above `peter.christopher@guardian.co.tt`
    "real_world9/jamaicaobserver_com",  # closing `– David Dunkley`
])
def test_the_pages_byline_names_its_authors(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


def test_an_address_confirms_the_name_above_it_and_both_leave_the_text() -> None:
    text = "A long opening sentence of the story, long enough to be text on its own."
    cleaned = clean_paragraphs(["PETER CHRISTOPHER", "peter.christopher@guardian.co.tt", text])
    assert cleaned.paragraphs == [text] and cleaned.authors == ["Peter Christopher"]
    other = clean_paragraphs(["Jane Roe", "newsdesk@guardian.co.tt", text])  # an address that is not hers
    assert other.paragraphs[0] == "Jane Roe" and other.authors == []


def test_a_hyphen_led_closing_line_is_a_list_item_not_a_sign_off() -> None:
    cleaned = clean_paragraphs(["+ Added Slime Block", "- Removed Herobrine"])  # a changelog (readability's tumblr)
    assert cleaned.authors == [] and cleaned.paragraphs[-1] == "- Removed Herobrine"


def test_a_print_edition_date_tag_yields_to_the_shown_stamp_of_the_day_before() -> None:
    # `<meta name="date" content="2020-04-30">`, `<time>29.04.2020, 12:01 Uhr</time>` under the headline
    expected, article = _extract("real_world9/neues_deutschland_de")
    assert article.published == expected["published"] == "2020-04-29T12:01:00+02:00"


def test_a_chunk_of_prose_with_a_topic_link_and_a_teaser_inside_is_still_the_story() -> None:
    expected, article = _extract("real_world9/prensalibre_com")
    assert article.body.split("\n\n")[-1] == expected["body_paragraphs"][-1]


def test_teaser_excerpts_cut_off_are_not_prose() -> None:
    # idnes.cz: a list of teaser excerpts ending `...` stays out of the body
    expected, article = _extract("real_world2/idnes_cz_2021")
    assert "Beránci ve škodovkách" not in article.body


@pytest.mark.parametrize("name", [
    "real_world10/guatemala_com",  # `span.writter` (sic): `Por: Juan Diego`
    "real_world10/laestrella_com_pa",  # `<strong>… Reina</strong>` glued to the reporter's address in `div.author`
])
def test_batch11_bylines(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


def test_a_utc_wall_clock_under_a_local_offset_yields_to_the_shown_stamp() -> None:
    # JSON-LD `2022-04-27T02:10:00-05:00`, shown `martes 26 de abril de 2022 - 9:10 p.m.` (El Siglo)
    expected, article = _extract("real_world10/elsiglo_com_pa")
    assert article.published == expected["published"] == "2022-04-26T21:10:00-05:00"


def test_a_shown_time_with_pm_is_read_as_the_evening() -> None:
    from crawler.extract.date_words import shown_date

    assert shown_date("martes 26 de abril de 2022 - 9:10 p.m.", "es", "America/Panama").hour == 21
    assert shown_date("martes 26 de abril de 2022 - 9:10", "es", "America/Panama").hour == 9


def test_a_reporters_address_glued_to_her_name_is_read_whole() -> None:
    # `<strong>… Carrasquilla Reina</strong><a>maria.carrasquilla@laestrella.com.pa</a>` in `div.author`
    _, article = _extract("real_world10/laestrella_com_pa")
    assert article.emails == ["maria.carrasquilla@laestrella.com.pa"]
