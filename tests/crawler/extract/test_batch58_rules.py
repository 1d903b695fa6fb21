"""Rules made after the first scores of `tests/fixtures/real_world58` (Slovene outlets), `real_world59` (English
outlets) and `real_world61` (Indonesian and Bengali outlets), each checked on the page that showed the gap."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_authors
from crawler.extract.date_words import shown_date
from crawler.extract.dates import first_timestamp, parse_date
from tests.crawler.extract.checks import extract_labelled as _extract


def test_an_author_label_element_names_the_writer_in_the_element_after_it() -> None:
    # `<div>AVTOR</div><div><a>Anja Kralj /</a><a>STA /</a></div>`: the writer, not the agency
    expected, article = _extract("real_world58/24ur_com")
    assert article.authors == expected["authors"] == ["Anja Kralj"]


def test_a_slovene_author_line_and_its_dotted_stamp() -> None:
    # `<p class="avtor"><strong>Avtor: Aljaž Pirnat</strong><br>22. 4. 2024, 08.29</p>`
    expected, article = _extract("real_world58/sport_tv_si")
    assert article.authors == expected["authors"] == ["Aljaž Pirnat"]
    assert article.published == expected["published"] == "2024-04-22T08:29:00+02:00"


@pytest.mark.parametrize("name", ["real_world58/rtvslo_si", "real_world58/siol_net", "real_world58/slovenskenovice_si"])
def test_slovene_stamps_with_month_words_or_spaced_dots_keep_their_time(name: str) -> None:
    # `28. december 2018 ob 08:51`, `petek, 5. 5. 2023; 14.15`, `Objavljeno 18. april 2020 17.59`
    expected, article = _extract(name)
    assert article.published == expected["published"]


@pytest.mark.parametrize("text, want", [
    ("28. december 2018 ob 08:51", "2018-12-28 08:51"),
    ("Objavljeno 18. april 2020 17.59", "2020-04-18 17:59"),  # dateparser's Slovene alone reads 17 April
    ("petek, 5. 5. 2023; 14.15", "2023-05-05 14:15"),
    ("25. Oktober 2025, 17.52 Uhr", "2025-10-25 17:52"),
])
def test_central_european_stamps_are_read_with_their_time(text: str, want: str) -> None:
    found = shown_date(text, "sl", "Europe/Ljubljana")
    assert found is not None and found.strftime("%Y-%m-%d %H:%M") == want


def test_a_spaced_dotted_stamp_and_one_ending_a_sentence() -> None:
    assert first_timestamp("22. 4. 2024, 08.29", "Europe/Ljubljana").strftime("%Y-%m-%d %H:%M") == "2024-04-22 08:29"
    # `Veröffentlicht am 04.05.2011, 16:43.`: the full stop after the minute is the sentence's
    assert first_timestamp("Veröffentlicht am 04.05.2011, 16:43.", "Europe/Berlin").strftime("%H:%M") == "16:43"
    assert first_timestamp("am 04.05.2011, 16.43.5 Uhr", "Europe/Berlin") is None  # not a time


def test_initials_alone_are_no_author_but_initials_before_a_surname_are() -> None:
    assert clean_authors(["N. V."]) == []
    assert clean_authors(["T.V."]) == []
    assert clean_authors(["J. K. Rowling"]) == ["J. K. Rowling"]
    expected, article = _extract("real_world58/siol_net")
    assert article.authors == expected["authors"] == []


def test_a_meta_author_the_page_never_shows_is_the_organisation_json_ld_names() -> None:
    # JSON-LD `"author": {"@type": "Organization", "name": "RT"}`; `<meta name="article:author" content="Russia Today">`
    expected, article = _extract("real_world59/rt_com")
    assert article.authors == expected["authors"] == []


def test_names_in_brahmic_scripts_keep_their_vowel_signs() -> None:
    # JSON-LD `"author": {"@type": "Person", "name": "মতিন আব্দুল্লাহ"}`: vowel signs are no `\w` letters
    expected, article = _extract("real_world61/jugantor_com")
    assert article.authors == expected["authors"] == ["মতিন আব্দুল্লাহ"]
    assert clean_authors(["ऐश्ली कुटिन्हो"], marked="element") == ["ऐश्ली कुटिन्हो"]
    # ... and a desk in those scripts is still no person (`वाराणसी ब्यूरो`: Varanasi bureau; `নিজস্ব প্রতিবেদক`)
    assert clean_authors(["वाराणसी ब्यूरो"], marked="element") == []
    assert clean_authors(["নিজস্ব প্রতিবেদক"], marked="element") == []


def test_a_made_up_author_element_names_the_writer() -> None:
    # `<author>Laban Laisila</author> : <time itemprop="datePublished" datetime="19 Jun 2015 | 13:06">`
    expected, article = _extract("real_world61/suara_com")
    assert article.authors == expected["authors"] == ["Laban Laisila"]
    assert article.published is not None and article.published.startswith("2015-06-19T13:06")
    assert parse_date("19 Jun 2015 | 13:06", "Asia/Jakarta").isoformat() == "2015-06-19T13:06:00+07:00"
