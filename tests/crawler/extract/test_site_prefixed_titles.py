"""Titles with the site's name around them: named first (`대전일보 모바일 :: 제목`), glued to a Chinese title
(`标题-新华网`), or a headline carrying ruby readings; the real pages' labelled titles are the expected values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import extract_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_the_heading_after_the_site_name_is_the_headline_and_its_stamp_the_time() -> None:
    name = "real_world3/daejonilbo_com"  # a real 대전일보 mobile page: `<h2 class="sub_tit">`, then the byline stamp
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.title == expected["title"]
    assert article.published == expected["published"]  # `이용민 기자 | 2020-03-04 16:52:59`, to the second


@pytest.mark.parametrize("name", [
    "real_final/gne_xinhuanet_1",  # `<title>标题-新华网</title>`, nothing else names the story
    "real_world2/xinhuanet_com",
    "real_world4/upmedia_mg",  # og:title `标题--上報`, the only `<h1>` is the site's logo
    "real_final/nhk_ne2024120411451",  # the `<h1>` carries furigana: `中村<rt>なかむら</rt>さん…`
    "real_misc/nhk_k10014405081000",
])
def test_site_names_glued_to_cjk_titles_and_ruby_readings_are_not_the_title(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.title == expected["title"]


@pytest.mark.parametrize("title", ["中美贸易战-最新进展", "COVID-19 cases rise - news", "短-新华网"])
def test_titles_whose_tail_is_no_site_name_are_kept(title: str) -> None:
    from crawler.extract.extractor import _strip_site_suffix

    assert _strip_site_suffix(title, []) == title


@pytest.mark.parametrize("name", [
    "real_world5/wunderweib_de",  # `<h1><span class="…roofline">Wow, wow, wow!</span>Manuela Reimann: …</h1>`
    "real_misc/htmldate_futurezone_at_cc",  # `<h1><span class="pretitle">KNOWHOW</span><span>Wie …</span></h1>`
])
def test_a_kicker_opening_the_headline_is_not_part_of_the_title(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.title == expected["title"]


@pytest.mark.parametrize("name", [
    "real_readability/keep_tabular_data",  # `… | Factorio` with `og:site_name` `Factorio.com`: the site by its address
    "real_world19/blog_rust_lang_org",  # `… | Rust Blog`, the page's plain `<h2>` saying the first segment alone
])
def test_a_short_site_segment_after_the_headline_is_left_out(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.title == expected["title"]


@pytest.mark.parametrize("name", ["real_world33/joins_com", "extraction_holdout7/mt_mobile_folded_more",
                                  "extraction_holdout7/khan_mobile_cp949"])
def test_a_korean_h1_subject_is_a_headline_the_story_follows(name: str) -> None:
    # `h1.subject` / `h1.tit_subject` is what Korean CMSs call the headline; the deck-class rule (`h1.rubric`,
    # `h1.subtitle`) must not pass it over when the metadata title is a social headline saying something else
    import lxml.html

    from crawler.extract import extractor

    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    doc = lxml.html.document_fromstring((FIXTURES / f"{name}.html").read_bytes())
    headings = [(extractor._heading_text(el), el) for el in doc.iter("h1")]
    found = extractor._story_h1(headings, [])
    assert found is not None and found[0] == expected["title"]


def test_a_site_named_with_its_motto_before_a_guillemet_is_no_part_of_the_title() -> None:
    # BeyondChron (2012): `<title>BeyondChron: San Francisco's Alternative Online Daily News » Voters Begin …</title>`
    name = "real_world23/beyondchron_org"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.title == expected["title"] == "Voters Begin Restoring California Dream"

    from crawler.extract.extractor import _strip_site_suffix

    assert _strip_site_suffix("My Blog » Blog Archive » Hello World Again", ["My Blog"]) == "Hello World Again"
    assert _strip_site_suffix("Apples » Oranges", ["My Blog"]) == "Apples » Oranges"  # no site named: kept whole


def test_a_section_label_closing_the_headline_is_no_part_of_it() -> None:
    # Le Monde Festival: `<h1>Benjamin Millepied rayonne … <span class="categorie">Le Monde Festival</span></h1>`, the
    # og:title without the label
    name = "real_news/lemonde_festival"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.title == expected["title"] == "Benjamin Millepied rayonne dans les pas de ses maîtres"
