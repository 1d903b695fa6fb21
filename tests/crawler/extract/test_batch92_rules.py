"""Rules made after the first scores of `tests/fixtures/real_world92`–`real_world94` (trafilatura's evaluation pages:
English, Spanish, French and German), each checked on the page that showed the gap; the line rules also on lines they
must leave alone."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_paragraphs
from tests.crawler.extract.checks import extract_labelled as _extract

_TEXT = "A long first paragraph of the story, long enough to count as text, with a second sentence after it. Yes."
_MORE = "A second paragraph that is also long enough to count as the article's own text, ending like a sentence."


def test_a_by_line_box_inside_the_headline_is_not_part_of_it() -> None:
    # `<h1 class="entry_title">Headline <div class="mobile_article_by_info"> - by <a rel="author">Kareem Smith</a>
    # April 21, 2022</div><div class="articleby_wrap">…Article by…Published on…</div></h1>`
    expected, article = _extract("real_world92/barbadostoday_bb")
    assert article.title == expected["title"]


def test_an_h2_saying_the_whole_title_tag_heads_the_story_when_og_title_is_the_sites_slogan() -> None:
    # `<title>Alajuelense se distancia …</title>`, `<h1 id="logo">` an image, og:title `Everardo Herrera, lo mejor del
    # fútbol de Costa Rica` on every page
    expected, article = _extract("real_world93/everardoherrera_com")
    assert article.title == expected["title"]
    assert expected["title"] not in article.paragraphs


@pytest.mark.parametrize("line", [
    "El periodismo independiente necesita del apoyo de sus lectores para continuar y garantizar que las noticias "
    "incómodas que no quieren que leas, sigan estando a tu alcance.",
    "NOW Grenada is not responsible for the opinions, statements or media content presented by contributors. In case "
    "of abuse, click here to report.",
])
def test_appeals_and_contributor_disclaimers_end_the_story(line: str) -> None:
    assert clean_paragraphs([_TEXT, _MORE, line, "Related: another story"]).paragraphs == [_TEXT, _MORE]


def test_a_sentence_on_journalism_and_support_is_text() -> None:
    line = "Der Verband sagt, guter Journalismus brauche vor allem Zeit, und fordert mehr Unterstützung vom Staat."
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, line, _MORE]


def test_an_acronym_closing_the_text_is_its_desks_credit() -> None:
    assert clean_paragraphs([_TEXT, _MORE, "GIS"]).paragraphs == [_TEXT, _MORE]
    assert clean_paragraphs([_TEXT, "NATO", _MORE]).paragraphs == [_TEXT, "NATO", _MORE]  # not closing: kept


def test_teaser_boxes_named_like_the_story_block_are_no_chunks_of_it() -> None:
    # DOMRADIO.DE: the story's `div.content` and, in the column beside it, `div.teaser_wrapper > … > div.content`
    # plugs (`Sehen Sie hier den täglichen Gottesdienst …`)
    expected, article = _extract("real_world94/domradio_de")
    assert not any(p.startswith(("Sehen Sie hier", "Jeden Freitag", "Nehmen Sie Ihr")) for p in article.paragraphs)
    assert expected["body_paragraphs"][-1] in article.paragraphs
