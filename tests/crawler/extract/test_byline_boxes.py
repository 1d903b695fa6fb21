"""Bylines in the page's own words and markup: by-words in any language in a byline box under the headline, hCard
names, labelled credits, blog `Posted by` lines; never a teaser card's. Each checked against a real page's label."""

from __future__ import annotations

import pytest

from crawler.extract.clean import split_names
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_trafilatura/tagesschau_de_rheinmetall",  # `p.autorenzeile`: `Von A, B und C, NDR`
    "real_world2/aktualne_cz_2013",  # `p.clanek-autor`: `autor: Tomáš Stejskal`
    "real_world8/laprensagrafica_com",  # `Por Laura Jordán / Javier Urbina` running on into the date
    "real_trafilatura/sueddeutsche_de_flixtrain",  # `Von Markus Balser, Berlin`; a teaser's `Von … und Klaus Ott` below
    "real_readability/yahoo_3",  # `cite.byline.vcard > span.fn` GILLIAN MOHNEY beside the date
    "real_news/derstandard_space",  # `span.author`: `Text: Olivera Stajić, Video: Siniša Puktalović`
    # `span.article__author-credit` (`Narayana Kocherlakota Bloomberg`), then a `<div>` with the stamp: two parts
    "real_world5/thestar_com",
])
def test_the_byline_the_page_shows_names_the_authors(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


def test_a_teaser_cards_byline_after_the_story_is_not_its_author() -> None:
    # `<a><span class="slug">Reportage</span><h2>A Katmandou…</h2></a> <span class="author">Par Sébastien Farcis`
    expected, article = _extract("real_final/liberation_1")
    assert article.authors == expected["authors"] == []


def test_a_posted_by_line_opening_a_post_is_its_byline_not_its_text() -> None:
    expected, article = _extract("real_readability/links_in_tables")
    assert article.authors == expected["authors"] == ["Andrew Hayden"]
    assert not article.body.startswith("Posted by")


def test_labelled_credits_keep_the_writer_only() -> None:
    assert split_names("Text: Olivera Stajić, Video: Siniša Puktalović") == ["Olivera Stajić"]
    assert split_names("Grafik: Anna Muster") == []


def test_a_personal_sites_name_marked_as_the_person_is_its_author() -> None:
    # `<title>… | Code | Nicolas Perriault</title>` names the site, and `span[itemprop=author][itemtype=Person] >
    # span[itemprop=name]` says that name is the writer's: the site is the writer's own
    expected, article = _extract("real_readability/001")
    assert expected["authors"] and article.authors == expected["authors"]


def test_an_author_link_in_the_storys_column_is_not_a_teaser_cards() -> None:
    # neontommy: `div.authors > a[href=/stories/omar-shamout]`; the column holding it (the whole story, 2,600
    # characters) has related-story links inside the body, but a card that long is no card
    expected, article = _extract("real_world22/neontommy_com")
    assert expected["authors"] and article.authors == expected["authors"]
