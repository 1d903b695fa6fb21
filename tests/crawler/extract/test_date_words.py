"""Day-first and month-word stamps (`crawler.extract.date_words`) on real pages without date metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.date_words import shown_date

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# Real pages whose only date is a shown stamp our year-first reader did not read: Czech numeric day-first with a
# time (`8. 3. 2013 14:21`), Czech month word in the genitive after a weekday (`pátek 8. srpna 2008, 6:52`),
# Ukrainian month word, Spanish `martes 17 de marzo de 2020`.
PAGES = ["real_world2/aktualne_cz_2013", "real_world2/novinky_cz_2014", "real_world2/football_ua",
         "real_world4/elsoldemazatlan_com_mx"]


@pytest.mark.parametrize("name", PAGES)
def test_a_shown_stamp_gives_the_labelled_date(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.published is not None
    if len(expected["published"]) > 10:  # the page shows the time: the minute and the offset must be right too
        assert article.published[:16] == expected["published"][:16]
        assert article.published[19:] == expected["published"][19:]
    else:
        assert article.published[:10] == expected["published"]


@pytest.mark.parametrize("text,lang", [
    ("vor 2 Stunden", "de"),  # relative: no year, and relative parsing is off
    ("Seit 2019 im Amt", "de"),  # a year alone is no date
    ("03/04/2019", "en"),  # English: our own reader's; a numeric date is a guess between US and British order
    ("2024년 3월 16일", "ko"),
])
def test_texts_that_are_no_stamp_for_this_reader(text: str, lang: str) -> None:
    assert shown_date(text, lang, "UTC") is None


def test_a_label_before_the_stamp_and_an_unknown_language_code() -> None:
    found = shown_date("Publié le 23 janvier 2019 à 14h05, mis à jour le 24 janvier 2019", "fr-FR", "Europe/Paris")
    assert found is not None and found.isoformat() == "2019-01-23T14:05:00+01:00"
    assert shown_date("23.01.2019", "xx", "UTC") is not None  # an unknown code: dateparser detects the language


@pytest.mark.parametrize("name", [
    "real_final/lefigaro_normal5",  # the stamp sits in an element named for page metadata, not for a date
    "real_world4/noticiaexata_com_br",  # `<p class="tagline">22/11/2020 - 04:30 - Fonte: …`: the time after a dash
])
def test_stamps_in_meta_and_tagline_elements_with_their_time(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.published is not None and article.published[:16] == expected["published"][:16]


@pytest.mark.parametrize("text, language", [
    ("Lisa Nimmervoll 1. Februar 2016, 05:30", "de"),  # derStandard's stamp, a page without a language tag
    ("Por ESdiario 13 de febrero de 2017, 10:56 @ESdiario_com", "es"),
    ("Иван Антонов © Служба новостей «URA.RU» 20 декабря 2017 в 19:15", "ru"),
    ("Publié le 23 janvier 2019 à 14h05", "fr"),
])
def test_a_page_without_a_language_is_read_in_the_languages_its_month_name_belongs_to(text: str, language: str) -> None:
    from crawler.extract.date_words import _month_languages

    guessed = _month_languages(text)
    assert language in guessed and len(guessed) <= 5  # a few locales for dateparser to weigh, not all 29
    found = shown_date(text, None, "UTC")
    assert found is not None and (found.day, found.hour) != (0, 0) and found.month in (1, 2, 12)

