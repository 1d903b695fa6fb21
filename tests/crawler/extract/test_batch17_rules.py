"""Rules made after the first score of `tests/fixtures/real_world17` (batch 18), each checked on the page that showed
the gap (and, for the code rule, on an older page it also mended)."""

from __future__ import annotations

import pytest

from crawler.extract.metrics import body_score
from crawler.extract.patterns import DATE_LINE_RE
from tests.crawler.extract.checks import extract_labelled as _extract


def _f1(expected: dict, article) -> float:
    return body_score([("\n\n".join(expected["body_paragraphs"]), article.body)]).f1


def test_a_known_body_class_inside_a_teaser_link_is_not_the_story() -> None:
    # `a.article-wrapper > div.article-content`: the next story's card in the related row, the page's first
    # `.article-content`; the story itself is in an unnamed `div.content-wrapper` (found by scoring)
    expected, article = _extract("real_world17/city_journal_org")
    assert "Putin’s Bet" not in article.body
    assert _f1(expected, article) >= 0.95


def test_a_section_heading_marked_articlesection_is_not_the_headline() -> None:
    # `div.titulo-seccion[itemprop=articleSection] > h1` (`autoconsumo`) before the headline's own `<h1>`
    expected, article = _extract("real_world17/energias_renovables_com")
    assert article.title == expected["title"]


def test_a_person_given_as_the_publisher_too_is_still_the_author() -> None:
    # `<meta itemprop="publisher" content="Antonio Barrero F.">` beside the writer's `itemtype=Person` scope
    expected, article = _extract("real_world17/energias_renovables_com")
    assert expected["authors"] and article.authors == expected["authors"]


def test_the_h1_that_says_the_title_tag_at_length_beats_a_social_og_title() -> None:
    expected, article = _extract("real_world17/dailymail_co_uk")
    assert article.title == expected["title"]
    assert "Published: 10:15" not in article.body


@pytest.mark.parametrize("name, gone", [
    ("real_world17/people_com", "As information about the coronavirus pandemic rapidly changes"),
    ("real_world17/vanityfair_com", "More Great Stories From"),
    ("real_world17/vanityfair_com", "If you would like to receive the Levin Report"),
])
def test_closing_and_plug_lines_are_left_out(name: str, gone: str) -> None:
    expected, article = _extract(name)
    assert gone not in article.body
    assert expected["body_paragraphs"][-1][:60] in article.body  # ... and the story's own end is kept


@pytest.mark.parametrize("name, kept", [
    ("real_world17/habr_com", "// switch case"),  # `span.hljs-comment` in a `<pre><code>` block
    ("real_readability/v8_blog", "function"),
])
def test_a_syntax_highlighters_token_classes_are_part_of_the_code(name: str, kept: str) -> None:
    expected, article = _extract(name)
    assert any(kept in p for p in expected["body_paragraphs"])
    assert _f1(expected, article) >= 0.99


@pytest.mark.parametrize("line, is_stamp", [
    ("Published: 10:15, 13 November 2015 | Updated: 10:33, 13 November 2015", True),
    ("Updated 9:05 am, 3 May 2020", True),
    ("Published: 10:15, 13 November 2015, when the story broke, nobody knew.", False),
])
def test_time_first_stamp_lines(line: str, is_stamp: bool) -> None:
    assert bool(DATE_LINE_RE.match(line)) is is_stamp


# --- after the first score of `real_world18` (batch 19) ---

def test_a_body_in_one_template_block_on_both_sides_of_an_ad_row_is_joined() -> None:
    # `section[data-testid=article-body-top]` and `…-bottom`, each with `div._1665V._2q-Vk` parts, an ad row between
    expected, article = _extract("real_world18/smh_com_au")
    assert expected["body_paragraphs"][-1][:60] in article.body
    assert _f1(expected, article) >= 0.98


def test_a_metered_pages_free_first_paragraph_joins_the_rest() -> None:
    # `div#pcl-full-content > p` (free), then `div.ev-meter-content` with the rest
    expected, article = _extract("real_world18/indianexpress_com")
    assert article.body.startswith(expected["body_paragraphs"][0][:60])
    assert "first appeared in the print edition" not in article.body


def test_a_regional_titles_channel_box_ends_the_story() -> None:
    expected, article = _extract("real_world18/dailyrecord_co_uk")
    assert "How to get the latest news from" not in article.body
    assert expected["body_paragraphs"][-1][:60] in article.body


def test_a_note_after_the_story_in_the_same_parent_is_no_metered_paragraph() -> None:
    # `p.notice` after the body's `div` (Mediapart's club notice): the free-paragraph rule wants it before the rest
    expected, article = _extract("real_final/htmldate_mediapart_fr_violences")
    assert "Le Club est l'espace de libre expression" not in article.body
