"""Rules made after the first score of `tests/fixtures/real_world28` (Catalan and Turkish pages), each checked on the
page that showed the gap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.date_words import shown_date
from crawler.extract.zones import page_zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_a_catalan_stamp_named_updated_gives_the_day_and_time() -> None:
    # NacióDigital: `span.txtactualitzatel`: `| 13/02/2017 a les 16:39h` beside the byline; a related item's
    # `div.datapubliopinio` (20/06/2017) was the only date-named element before
    name = "real_world28/naciodigital_cat"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.published == expected["published"]


@pytest.mark.parametrize("text", ["13/02/2017 a les 16:39h", "13/02/2017 a las 16:39", "13.02.2017 um 16:39"])
def test_the_word_for_at_between_day_and_time(text: str) -> None:
    found = shown_date(text, "ca", "Europe/Madrid")
    assert found is not None and (found.day, found.hour, found.minute) == (13, 16, 39)


@pytest.mark.parametrize("url,lang,zone", [
    ("https://www.naciodigital.cat/noticia/1", None, "Europe/Madrid"),  # a regional TLD of one zone
    ("https://example.com/a", "hu", "Europe/Budapest"),  # a language written in one zone
    ("https://example.com/a", "ca", "Europe/Madrid"),
])
def test_zone_of_a_regional_tld_or_a_one_zone_language(url: str, lang: str | None, zone: str) -> None:
    assert page_zone(url, lang, False, []) == zone
