"""Rules made after the first scores of `tests/fixtures/real_world20` and `real_world21`, each checked on the page that
showed the gap and, where the rule could reach other pages, on the kind of input it must leave alone."""

from __future__ import annotations

from pathlib import Path

from crawler.extract.decode import decode_html
from crawler.extract.clean import clean_paragraphs
from crawler.extract.patterns import DATE_LINE_RE
from tests.crawler.extract.checks import extract_labelled as _extract

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_a_utf8_page_with_one_stray_byte_stays_utf8() -> None:
    # emderzeitung.de: 25 umlauts and one Latin-1 byte in a script comment (`/* hier nichts \x8andern */`); read as
    # CP949 every umlaut turned into a Hangul syllable (`Terrorverd채chtige`)
    raw = (FIXTURES / "real_world20/emderzeitung_de.html").read_bytes()
    text, codec = decode_html(raw)
    assert codec == "utf-8"
    assert "Terrorverdächtige" in text


def test_legacy_korean_pages_are_not_read_as_utf8() -> None:
    # the other side of the line: EUC-KR/CP949 pages read as UTF-8 give several errors per good character
    for name in ("extraction/khan_euckr_book", "extraction_holdout7/khan_mobile_cp949",
                 "extraction_holdout5/dt_short_cp949"):
        _, codec = decode_html((FIXTURES / f"{name}.html").read_bytes())
        assert codec == "cp949", name


def test_the_story_heading_beats_the_cms_page_heading() -> None:
    # `<h1>Aktuelles Detailansicht</h1>` (then a back link) and the story's `<h1>` (then its text); the `<title>`
    # `Emder Zeitung: News Detail` names neither
    expected, article = _extract("real_world20/emderzeitung_de")
    assert article.title == expected["title"]
    assert article.body == expected["body_paragraphs"][0]


def test_a_labelled_day_first_stamp_is_no_paragraph() -> None:
    for line in ("Veröffentlicht am 04.05.2011, 16:43.", "Publié le 12/03/2021 à 10:15", "Publicado em 3.4.2019 às 9:05"):
        assert DATE_LINE_RE.match(line), line
    # a sentence that opens with the word is text
    assert not DATE_LINE_RE.match("Veröffentlicht am 04.05.2011 wurde der Bericht, der 16:43 Minuten dauerte.")


def test_a_comment_thread_in_the_storys_template_block_is_no_chunk() -> None:
    # TYPO3: the review and its 77 reader comments are both a `div.csc-default`
    expected, article = _extract("real_world20/critic_de")
    assert article.paragraphs == expected["body_paragraphs"]
    for text in expected["must_not_contain"]:
        assert text not in article.body


def test_a_credit_line_after_the_body_names_the_writer() -> None:
    # `<p>Kritik von <a href="redaktion/felix-frieler/">Felix Frieler</a></p>` right after the review's text
    expected, article = _extract("real_world20/critic_de")
    assert expected["authors"] == ["Felix Frieler"] and article.authors == expected["authors"]


def test_a_teaser_cards_byline_is_not_the_storys() -> None:
    # `div.articleTease` > `h1 > a` + `div.byline` (`By Jay Fitzgerald`) under `Related Articles`; the story's own
    # byline is `div#bylineArea` (`By Dave Wedge`)
    expected, article = _extract("real_world21/bostonherald_com")
    assert article.authors == expected["authors"] == ["Dave Wedge"]


def test_an_unclassed_post_heading_that_opens_the_title_beats_a_sidebar_heading() -> None:
    # `<title>Selamat bersenang-senang… « Yani's Weblog</title>`, the post's `<h2><a>`, the sidebar's `h2.widgettitle`
    expected, article = _extract("real_world21/yaniwid_wordpress_com")
    assert article.title == expected["title"]


def test_the_site_name_before_a_spaced_colon_leaves_an_h1_title() -> None:
    # `<h1 class="mainTitle">Bangkok Post : WHC to decide …</h1>`; the bare headline then is no body paragraph
    expected, article = _extract("real_world20/bangkokpost_com")
    assert article.title == expected["title"]
    assert expected["title"] not in article.paragraphs
    assert article.authors == []  # `<meta name="author" content="Post Publishing PCL.">`: the firm


def test_bylines_a_meta_line_and_a_bracketed_signoff() -> None:
    # `div.post-meta`: `Von <a href="…/author/chris/">Christian S.</a> am 25. August 2010 unter …`
    expected, article = _extract("real_world20/mobiflip_de")
    assert article.authors == expected["authors"] == ["Christian S."]
    # the body's last line, right-aligned: `(Nils Baer)`
    expected, article = _extract("real_world20/basicthinking_de")
    assert article.authors == expected["authors"] == ["Nils Baer"]
    assert "(Nils Baer)" not in article.body


def test_furniture_lines_of_the_batch() -> None:
    lines = ["1 Kommentar", "Kommentare (22)", "Hinterlasse einen Kommentar", "» Kommentarregeln", "Compartilhe",
             "Amazon-Partnerlinks:", "Published: 29/07/2010 at 05:23 PM", "Cartoon by Osama Qassim",
             "Touch Bar promete facilitar na edição de fotos e vídeos (Foto: Reprodução/Apple)"]
    first = "Der erste Absatz der Meldung ist ein ganzer Satz über das Thema des Tages."
    last = "Der letzte Absatz schließt die Meldung mit einem weiteren ganzen Satz ab."
    assert clean_paragraphs([first, *lines[:4], last, *lines[4:]]).paragraphs == [first, last]
    # sentences that merely mention comments or a photo stay
    prose = ["Die 22 Kommentare unter dem Artikel zeigen, wie sehr das Thema die Leser bewegt.",
             "Cartoon by cartoon, the exhibition traces how the magazine's humour changed over forty years."]
    assert clean_paragraphs(prose).paragraphs == prose
