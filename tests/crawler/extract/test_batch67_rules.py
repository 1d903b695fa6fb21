"""Rules made after the first scores of `tests/fixtures/real_world67`–`real_world69` (L3S-GN1 pages of 2008, and four
German pages), each checked on the page that showed the gap; the pure helpers also on made-up stamps and names."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.clean import clean_authors
from crawler.extract.dates import find_dates, stamp_day

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _extract(name: str):
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return expected, extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])


# bodies

def test_the_pages_own_story_in_an_infinite_scroll_stack() -> None:
    # 13 `article.list__item` stories; the first is named for the page (`id`, `data-path`), the second is longer
    expected, article = _extract("real_world68/correctiv_org")
    assert article.paragraphs[0] == expected["body_paragraphs"][0]
    assert article.paragraphs[-1] == expected["body_paragraphs"][-1]
    assert not any("Deutschland-Kurier" in p for p in article.paragraphs[:3])


def test_a_german_stoerer_box_inside_the_text_is_left_out() -> None:
    # `<div class="disturber"><h2>CORRECTIV ist spendenfinanziert!</h2><p>…</p></div>` between two paragraphs
    _expected, article = _extract("real_world68/correctiv_org")
    assert not any(p.startswith("CORRECTIV ist spendenfinanziert") for p in article.paragraphs)


def test_a_teaser_card_set_into_the_text_is_left_out() -> None:
    # `div.snippet`: `<h3><a href=X>Heiß, heißer, Bella Hadid!…</a></h3>`, a photo linked to X, a summary, `Weiterlesen`
    expected, article = _extract("real_world68/jolie_de")
    assert not any("Bella Hadid" in p for p in article.paragraphs)
    assert article.paragraphs == expected["body_paragraphs"]


def test_hard_wrapped_lines_of_one_answer_make_one_paragraph() -> None:
    # `einzige Bedingung<br>\nist für den Endkunden …<br>\nüblicherweise einen Anschluss …`
    expected, article = _extract("real_world68/meedia_de")
    joined = next(p for p in expected["body_paragraphs"] if p.startswith("Die Exaring AG übergibt"))
    assert joined in article.paragraphs


def test_a_line_break_in_code_or_before_an_address_still_ends_the_line() -> None:
    # (on older pages: `$ wasmer run hello.wasm<br>hello, world!` in a `<pre>`, `… Astronomie<br>astronews.com`)
    _expected, article = _extract("real_world33/astronews_com")
    assert not any(p.endswith("Astronomie astronews.com") for p in article.paragraphs)


# titles, authors, dates

def test_the_title_tag_shown_on_the_page_beats_a_side_boxs_h1() -> None:
    # no metadata title; `<title>` = `<span id="nointelliTXT">MESSENGER Probe …</span>`; `<h1>Other News in Science</h1>`
    expected, article = _extract("real_world67/efluxmedia_com")
    assert article.title == expected["title"]
    assert article.authors == expected["authors"] == ["Alice Turner"]


def test_a_weekday_run_into_a_name_is_cut() -> None:
    # `<p class="byline">By <a>David Lassen</a> (<a>Contact</a>) <br> Thursday, December 27, 2007</p>`
    expected, article = _extract("real_world67/venturacountystar_com")
    assert article.authors == expected["authors"] == ["David Lassen"]
    assert clean_authors(["Jane Mary Doe Friday"]) == ["Jane Mary Doe"]
    assert clean_authors(["Kim Friday"]) == ["Kim Friday"]  # a two-word name may end so


def test_a_sites_own_links_and_a_web_firm_are_no_authors() -> None:
    # `td.byline`: `About Us - Contact Us - Subscribe`; `<meta name="author" content="Vivid Interactive and Design">`
    for name in ("real_world69/morrisdailyherald_com", "real_world69/thewest_com_au"):
        expected, article = _extract(name)
        assert article.authors == expected["authors"] == []


def test_stamps_with_ordinals_zones_and_slashes() -> None:
    assert find_dates("9th January 2008", "UTC")[0].date().isoformat() == "2008-01-09"
    assert find_dates("the 21st of March 2019", "UTC")[0].date().isoformat() == "2019-03-21"
    assert stamp_day("By David Richards | Monday | 07/01/2008", "Australia/Sydney").date().isoformat() == "2008-01-07"
    assert stamp_day("Posted 07/01/2008", "America/Chicago").date().isoformat() == "2008-07-01"
    assert stamp_day("Posted 13/01/2008", "America/Chicago").date().isoformat() == "2008-01-13"
    assert stamp_day("Volume 55 Issue 3 March 2005", "UTC") is None
    expected, article = _extract("real_world69/thewest_com_au")  # `9th January 2008, 16:23 WST`
    assert article.published == expected["published"] == "2008-01-09T16:23:00+08:00"


def test_a_day_shown_by_the_byline_or_opening_the_text() -> None:
    for name in ("real_world69/smarthouse_com_au", "real_world67/un_org", "real_world67/apcmag_com"):
        expected, article = _extract(name)
        assert article.published and article.published[:10] == expected["published"][:10]
