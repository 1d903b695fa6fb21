"""Author rules made after the first scores of `tests/fixtures/real_world18` and `real_world19` (batches 19 and 20),
each checked on the page that showed the gap and on byline fragments that must stay as they were."""

from __future__ import annotations

import pytest

from crawler.extract.clean import split_names
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world19/viva_co_id",  # author tag `PT. VIVA MEDIA BARU - VIVA.co.id`; the byline `Oleh : Maya Sofia`
    "real_world19/money_163_com",  # a comment form's `div.author-name` with its `账号` (account) field label
])
def test_the_pages_byline_names_its_authors(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


@pytest.mark.parametrize("name", [
    "real_world18/ceskenoviny_cz",  # `itemprop=author` of the photo's ImageObject: `ČTK/AP/Vahid Salemi`
    "real_world18/zeit_de",  # author tag `Die Zeit, Hamburg, Germany`: the paper
])
def test_no_person_is_named(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] == [] and article.authors == []


@pytest.mark.parametrize("raw, names", [
    ("Paulo Virgílio - Repórter da Agência Brasil", ["Paulo Virgílio"]),
    ("Jane Doe, Correspondent for Reuters", ["Jane Doe"]),
    ("PT. VIVA MEDIA BARU", []),
    ("Die Zeit", []),
    ("The Independent", []),
    ("Oleh : Maya Sofia", ["Maya Sofia"]),
    # as before: particles inside names, and a name that merely contains an article's letters
    ("Marine Le Pen", ["Marine Le Pen"]),
    ("Anna Der Zee", ["Anna Der Zee"]),
    ("Theodore Dieter", ["Theodore Dieter"]),
])
def test_byline_fragments(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


def test_a_click_through_card_is_no_chunk_of_the_story() -> None:
    # the next story's `div.article-text` inside `div.container[onclick="location.href='…'"]` below the story's own
    expected, article = _extract("real_world19/bento_de")
    assert "In diesem Café kann man nur mit Karte zahlen" not in article.body
    assert expected["body_paragraphs"][1][:60] in article.body


@pytest.mark.parametrize("name", [
    "real_world18/devblogi_pl",  # Blogger: `h1.title > a[href="http://www.devblogi.pl/"]`, then `h3.post-title`
    "real_readability/001",  # a `<title>` ending with the post's heading, after an author-intro heading
])
def test_the_heading_the_title_tag_ends_with_beats_banner_and_sidebar_headings(name: str) -> None:
    expected, article = _extract(name)
    assert article.title == expected["title"]
