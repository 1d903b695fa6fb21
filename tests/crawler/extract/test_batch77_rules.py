"""Rules made after the first score of `tests/fixtures/real_world77` (four English tech pages, 2024–2025), each
checked on the page that showed the gap and, where it is a pure line rule, on lines it must leave alone."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract import patterns as P
from tests.crawler.extract.checks import extract_labelled as _extract

_TEXT = "<p>" + "The story itself runs on for a good while in plain sentences. " * 12 + "</p>"


def test_a_handle_in_an_address_is_the_author_and_a_category_link_is_not() -> None:
    # `by <address><a href="/forums/members/68032/">crazyeyesreaper</a></address>, on …, in <a href="…?category=CPU
    # %20Coolers">CPU Coolers</a>.`
    expected, article = _extract("real_world77/techpowerup_com")
    assert article.authors == expected["authors"] == ["crazyeyesreaper"]


def test_a_footers_address_of_policy_links_names_no_author() -> None:
    page = ("<html><head><title>Story</title></head><body><h1>Story</h1>" + _TEXT +
            '<footer><address><a href="/privacy">Privacy</a> - <a href="/terms">Terms</a></address></footer></body></html>')
    assert extract_article(page, "https://example.org/story").authors == []


def test_an_icon_before_the_by_word_is_left_out() -> None:
    # `<span class="title-icon"><span class="icon-text">👤</span>by <a href="…">Michael Pabia</a></span>`
    expected, article = _extract("real_world77/vortez_net")
    assert article.authors == expected["authors"] == ["Michael Pabia"]


def test_a_photo_credit_naming_the_site_is_not_text() -> None:
    # `<div>Andy Walker / Android Authority</div>` under each app's picture
    expected, article = _extract("real_world77/androidauthority_com")
    assert "Andy Walker / Android Authority" not in article.paragraphs
    assert expected["body_paragraphs"][0] in article.paragraphs


def test_a_slashed_line_not_naming_the_site_stays() -> None:
    page = ("<html><head><title>Media deals</title></head><body><h1>Media deals</h1><article>" + _TEXT +
            "<h2>Axel Springer / Bild</h2>" + _TEXT + "</article></body></html>")
    assert "Axel Springer / Bild" in extract_article(page, "https://thestack.example/media-deals").paragraphs


@pytest.mark.parametrize("line", ["You might like", "You may also like", "Recommended for you", "Most read"])
def test_a_related_widgets_heading_is_not_text(line: str) -> None:
    assert any(rx.search(line) for rx in P.PROMO_LINES)


def test_a_sentence_opening_like_a_widget_heading_is_text() -> None:
    assert not any(rx.search("You might like the new tablet more than the old one.") for rx in P.PROMO_LINES)
