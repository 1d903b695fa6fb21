"""Rules made from `tests/fixtures/real_world27` (Hebrew, Tagalog, Arabic, Bengali, Gujarati pages), each checked on
the page that showed the gap."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.body import leading_deck
from crawler.extract.clean import clean_paragraphs
from crawler.extract.extractor import parse_html

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_highlights_listed_in_a_heading_and_the_stamps_outlet_are_not_text() -> None:
    # Divya Bhaskar opens its story block with `<h2><ul><li>…</li><li>…</li></ul></h2>` (two highlights), then
    # `<div class="db_storytime"><h4>દિવ્ય ભાસ્કર</h4>Mar 28, 2020, 06:15 PM IST</div>`, then the text
    name = "real_world27/divyabhaskar_co_in"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.paragraphs == expected["body_paragraphs"]
    assert article.subtitle and article.subtitle.startswith("આખી દુનિયામાં કોરોનાના કહેર")


def test_a_heading_list_is_a_deck_only_when_the_heading_holds_nothing_else() -> None:
    li = "<li>A short highlight of the story</li>"
    deck = parse_html(f"<html><body><div id=c><h2><ul>{li}{li}</ul></h2><p>Text.</p></div></body></html>")
    assert leading_deck(deck.get_element_by_id("c")) is not None
    titled = parse_html(f"<html><body><div id=c><h2>Contents<ul>{li}{li}</ul></h2><p>Text.</p></div></body></html>")
    assert leading_deck(titled.get_element_by_id("c")) is None


def test_only_a_short_label_over_the_date_line_goes_with_it() -> None:
    body = "The council met on Tuesday and approved the plan after a long debate in the city hall."
    assert clean_paragraphs(["દિવ્ય ભાસ્કર", "Mar 28, 2020, 06:15 PM IST", body]).paragraphs == [body]
    lead = "The council approved the plan."
    assert clean_paragraphs([lead, "Mar 28, 2020, 06:15 PM IST", body]).paragraphs == [lead, body]
