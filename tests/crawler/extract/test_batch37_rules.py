"""Rules made after the first score of `tests/fixtures/real_world37` (English news pages of US and Caribbean outlets),
each checked on the page that showed the gap."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_authors
from crawler.extract.metrics import same_authors
from tests.crawler.extract.checks import extract_labelled as _extract


def test_the_byline_under_the_headlines_deck_is_read() -> None:
    # The Columbian: `h1[itemprop=headline] + h2[itemprop=alternativeHeadline]`, a photo carousel, then an unclassed
    # `<p>By <a href="/author/amatarrese">Andy Matarrese</a>, Columbian environment and transportation reporter</p>`:
    # the deck does not close the story's header
    expected, article = _extract("real_world37/columbian_com")
    assert same_authors(expected["authors"], article.authors)


def test_a_job_title_run_on_after_the_name_is_left_out() -> None:
    # Jamaica Observer: JSON-LD's Person is `BY ALICIA DUNKLEY WILLIS Senior reporter dunkleywillisa@…`
    expected, article = _extract("real_world37/jamaicaobserver_com")
    assert same_authors(expected["authors"], article.authors)


@pytest.mark.parametrize("value, name", [("By Alicia Dunkley Willis Senior Reporter", "Alicia Dunkley Willis"),
                                         ("Maria Lopez Chief Political Correspondent", "Maria Lopez")])
def test_job_titles_after_two_name_words(value: str, name: str) -> None:
    assert clean_authors([value], marked="element") == [name]


def test_the_free_first_paragraph_beside_a_paywall_block_and_player_scripts_is_the_story() -> None:
    # Washington Examiner: `div.tdb-block-inner > p` (the free first paragraph), then `div.article-paywall` (the rest),
    # then the video player's and ad slots' `<script>`s: the scripts are no text beside the story
    expected, article = _extract("real_world37/washingtonexaminer_com")
    assert article.paragraphs[0] == expected["body_paragraphs"][0]


def test_a_newswires_republishing_terms_end_the_story() -> None:
    # Daily Caller: `All content created by the Daily Caller News Foundation, … is available without charge to …`
    expected, article = _extract("real_world37/dailycaller_com")
    assert article.paragraphs[-1] == expected["body_paragraphs"][-1]
    assert not any(p.startswith("All content created by") for p in article.paragraphs)


def test_a_named_annotation_beside_the_story_stays_a_standfirst() -> None:
    # 24tv.ua: `p#newsAnnotation` beside the story's `div` is its standfirst, not a metered page's free paragraph
    expected, article = _extract("real_world3/24tv_ua")
    assert article.paragraphs[0] == expected["body_paragraphs"][0]
