"""Rules made after the first scores of `tests/fixtures/real_world78` (Dragnet pages of 2012) and `real_world79`,
each checked on the page that showed the gap; the pure helpers also on made-up lines they must leave alone."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.clean import split_names
from crawler.extract.dates import first_timestamp
from tests.crawler.extract.checks import extract_labelled as _extract

_TEXT = "".join(f"<p>Paragraph {i} of the story runs on in plain sentences for a good while, as stories do.</p>"
                for i in range(6))


def test_an_outlet_after_the_writer_in_a_by_line_is_no_author() -> None:
    # `<div class="byline">By Evelyn Macairan, The Philippine Star</div>`
    expected, article = _extract("real_world78/abs-cbnnews_com")
    assert article.authors == expected["authors"] == ["Evelyn Macairan"]
    assert split_names("Evelyn Macairan, The Philippine Star") == ["Evelyn Macairan"]


def test_a_by_line_with_the_writers_job_after_a_dash() -> None:
    # `<h3 class="newsByLine"> By <a>Arpon Basu</a> - Managing Editor LNH.com</h3>`
    expected, article = _extract("real_world78/nhl_com")
    assert article.authors == expected["authors"] == ["Arpon Basu"]


def test_a_by_line_run_on_with_bullets() -> None:
    # `By <a>David Gordon</a> <a rel=author><img></a> • Nov 6, 2012 • New York City`
    expected, article = _extract("real_world78/theatermania_com")
    assert article.authors == expected["authors"] == ["David Gordon"]


def test_the_writers_name_alone_closing_the_text_is_the_author() -> None:
    # `<p>Douglas A. McIntyre</p>` after the last paragraph
    expected, article = _extract("real_world78/247wallst_com")
    assert article.authors == expected["authors"] == ["Douglas A. McIntyre"]
    assert article.paragraphs == expected["body_paragraphs"]


@pytest.mark.parametrize("line", ["Good night, moon, and thanks for reading.", "Share This Story", "Back To Top"])
def test_a_closing_line_that_is_no_name_names_no_author(line: str) -> None:
    page = (f"<html><head><title>Story</title></head><body><h1>Story</h1><article>{_TEXT}<p>{line}</p>"
            "</article></body></html>")
    assert extract_article(page, "https://example.org/s").authors == []


def test_the_weekday_says_which_number_of_a_dotted_date_is_the_month() -> None:
    # NHL.com: `Monday, 11.05.2012 / 11:00 AM` is 5 November 2012 (11 May 2012 was a Friday)
    assert first_timestamp("Monday, 11.05.2012 / 11:00 AM", "UTC").date().isoformat() == "2012-11-05"
    assert first_timestamp("Friday, 11.05.2012 / 11:00 AM", "UTC").date().isoformat() == "2012-05-11"
    expected, article = _extract("real_world78/nhl_com")
    assert article.published.startswith(expected["published"][:10])
