"""Rules made after the first score of `tests/fixtures/real_world24` (2017 pages of English-language outlets), and a
Russian date form `real_world22` showed, each checked on the page that showed the gap and on input it must leave
alone."""

from __future__ import annotations

from crawler.extract.body import Unit, _linked_sentence
from crawler.extract.clean import clean_paragraphs
from crawler.extract.date_words import shown_date
from tests.crawler.extract.checks import extract_labelled as _extract


def test_a_short_sentence_that_cites_a_link_after_its_own_words_is_text() -> None:
    # `<p>The deaths come at the end of <a>a particularly deadly week for the troubled nation</a>.</p>`
    expected, article = _extract("real_world24/abc_net_au")
    sentence = "The deaths come at the end of a particularly deadly week for the troubled nation."
    assert sentence in expected["body_paragraphs"] and sentence in article.paragraphs
    # ... while a linked headline with a plug after it stays out (techtudo's forum teaser)
    _, article = _extract("real_world20/techtudo_com_br")
    assert not any(p.startswith("MacBook Pro 2016 tem data de lançamento") for p in article.paragraphs)


def test_linked_sentence_needs_its_own_opening_words_below_100_characters() -> None:
    text = "The deaths come at the end of a particularly deadly week for the troubled nation."
    assert _linked_sentence(Unit(text, link_chars=51, plain_lead=30))
    assert not _linked_sentence(Unit(text, link_chars=51, plain_lead=0))


def test_a_byline_running_into_its_date_after_a_dash() -> None:
    # `<p>By <span>Mohammad Ghazal</span> - Mar 21,2017 - Last updated at Mar 21,2017</p>`
    expected, article = _extract("real_world24/jordantimes_com")
    assert article.authors == expected["authors"] == ["Mohammad Ghazal"]


def test_russian_abbreviated_months_with_a_full_stop() -> None:
    assert shown_date("февр. 02 2012, 13:34", "ru", "Europe/Moscow").isoformat() == "2012-02-02T13:34:00+04:00"
    assert shown_date("02 сент. 2012", "ru", "Europe/Moscow").date().isoformat() == "2012-09-02"
    expected, article = _extract("real_world22/kavkaz-uzel_ru")
    assert article.published == expected["published"]


def test_furniture_lines_of_batch_24() -> None:
    first = "Suicide bombers struck two mosques during Friday prayers, killing at least 72 people, officials said."
    last = "The president said the security forces would step up the fight against the groups behind the attacks."
    lines = ["First posted October 21, 2017 07:17:01", "Be the first to know - Join our Facebook page.",
             "With reporting by RFE/RL's Radio Free Afghanistan, Reuters, AFP, AP, BBC, and Tolo News"]
    assert clean_paragraphs([first, lines[0], last, *lines[1:]]).paragraphs == [first, last]


def test_an_ad_slot_script_beside_the_body_is_no_prose_block() -> None:
    # Golem 2011: `div#contentad` ("content" + "ad") holds only `<script>document.write('<script src=…>')</script>`
    # beside `div.artikeltext`; its code read as a prose block joined the whole table cell to the body, with the
    # forum's latest posts and the next articles' teasers.
    expected, article = _extract("real_world12/golem_de")
    assert expected["body_paragraphs"][0] in article.paragraphs  # the standfirst before the ad slot still opens it
    assert not any("(Hans Schmucker, 13.04.11 23:55)" in p for p in article.paragraphs)
    assert not any(p.startswith("Der PS3-Ego-Shooter Resistance 3") for p in article.paragraphs)
    assert "Mozilla" not in article.paragraphs  # the kicker above the headline


def test_a_compound_class_ending_in_paragraph_is_no_title_box() -> None:
    # El País (Uruguay, GDA's CMS): `div.composite-label-title-paragraph` holds a subheading and the story's last five
    # paragraphs; its `-title-` part read as a junk `title` token dropped them all.
    expected, article = _extract("real_world10/elpais_com_uy")
    assert "La fórmula de salida rechazada por el gremio" in article.paragraphs
    assert expected["body_paragraphs"][-1] in article.paragraphs


def test_a_report_an_error_form_is_furniture() -> None:
    # `div.report-error-container`: Reportar error / Enviado / Error; aktualne.cz's "Pokud jste v článku zaznamenali
    # chybu …" box (`div.error-report`)
    _, article = _extract("real_world10/elpais_com_uy")
    assert not {"Reportar error", "Enviado", "Error"} & set(article.paragraphs)
    _, article = _extract("real_world2/aktualne_cz_2021")
    assert not any(p.startswith("Pokud jste v článku zaznamenali chybu") for p in article.paragraphs)
