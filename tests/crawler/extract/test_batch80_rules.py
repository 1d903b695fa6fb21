"""Rules made after the first scores of `tests/fixtures/real_world80` (German and English pages from htmldate's test
set) and `real_world81` (Dragnet pages of 2012), each checked on the page that showed the gap; the line rules also on
lines of the corpus's labels they must leave alone."""

from __future__ import annotations

import pytest

from crawler.extract import patterns as P
from crawler.extract.clean import clean_paragraphs, is_credit_line
from tests.crawler.extract.checks import extract_labelled as _extract

_TEXT = "Ein langer erster Absatz der Geschichte, der lang genug ist, um als Text zu gelten. Und noch ein Satz dazu."
_MORE = "Ein zweiter Absatz, der ebenfalls lang genug ist, um als Text des Artikels zu gelten."


def test_a_linked_h2_saying_the_whole_metadata_title_heads_the_story_over_a_sidebar_h1() -> None:
    # `<h2><a href="…">Eamonn’s and T.N.T. Bar Opening Soon on Columbia Pike</a></h2>`; the only `<h1>` is the
    # sidebar's `ARLnow.com In Your Inbox`, above a Twitter stream that repeats the story's opening
    expected, article = _extract("real_world81/arlnow_com")
    assert article.title == expected["title"]
    assert article.paragraphs[0] == expected["body_paragraphs"][0]
    assert not any("minutes ago" in p for p in article.paragraphs)


def test_the_sites_name_closing_the_title_tag_is_no_headline() -> None:
    # `<title>Unilever, DHL Partner … · Environmental Management & Energy News · Environmental Leader</title>` over
    # the masthead's `<h1><span>Environmental Leader</span></h1>` and the story's `<h2>`
    expected, article = _extract("real_world81/environmentalleader_com")
    assert article.title == expected["title"]
    assert article.authors == []  # `<meta name="author" content="Environmental Leader">`: the site


@pytest.mark.parametrize("line", ["Rendering courtesy EatGoodFood Group", "Cover photo by Mike Lewis",
                                  "Eileen Gu, Freestylerin. © GETTY IMAGES NORTH AMERICA / MADDIE MEYER",
                                  "Hat das Potential zum Olympia-Superstar: Mikaela Shiffrin. © AFP / JEFF PACHOUD"])
def test_credit_lines_are_captions(line: str) -> None:
    assert is_credit_line(line)


def test_a_quote_attributed_with_a_copyright_sign_is_text() -> None:
    assert not is_credit_line("«Вот дам тебе просто-таки коленом – и вылетишь с моего участка!» © к/ф Берегись автомобиля")


@pytest.mark.parametrize("line", ["02. Februar 2022", "3 juin 2021", "Von: det/dpa",
                                  "Advertising disclosure: We may receive compensation for some of the links in our "
                                  "stories. Thank you for supporting LA Weekly and our advertisers."])
def test_date_by_and_disclosure_lines_are_not_text(line: str) -> None:
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, _MORE]


def test_a_by_line_naming_a_person_is_not_taken_for_a_wire_credit() -> None:
    assert not any(rx.search("Von: Anna Schmidt/dpa") for rx in P.PROMO_LINES)


def test_the_german_sports_page_keeps_its_captions_and_stamps_out_of_the_text() -> None:
    expected, article = _extract("real_world80/sportnews_bz")
    assert not any("©" in p or p in ("02. Februar 2022", "Von: det/dpa") for p in article.paragraphs)
    assert expected["body_paragraphs"][-1] in article.paragraphs


def test_a_heading_that_runs_two_parts_together_takes_the_metadatas_spelling() -> None:
    # `<h1><span class="overline">Die Zukunft der Arbeit</span>"Wir dekorieren …"</h1>`: a block span, no space
    _expected, article = _extract("real_world80/deutschlandfunk_de")
    assert 'Arbeit"Wir' not in article.title and article.title.startswith("Die Zukunft der Arbeit")
    expected, article = _extract("real_world40/repubblica_it")  # `…soldi per il Sud<br>ecco il progetto…`
    assert article.title == expected["title"]


def test_a_name_linked_in_the_running_text_is_no_author() -> None:
    # `<p><strong><a href="/people/philippe-katerine-en-couple-avec-julie-depardieu-…">Philippe Katerine</a></strong>
    # …</p>`: a link to another story whose address opens with the name, inside a paragraph of the text
    expected, article = _extract("real_world82/closermag_fr")
    assert article.authors == expected["authors"] == []


def test_japanese_marked_subheads_stay_and_the_stamp_line_goes() -> None:
    # `◆PageDashに登録する` over paragraphs ending in `。`; `2017年11月14日 08時05分00秒` alone on its line
    expected, article = _extract("real_world82/gigazine_net")
    assert "◆PageDashに登録する" in article.paragraphs
    assert "2017年11月14日 08時05分00秒" not in article.paragraphs
    assert clean_paragraphs([_TEXT, "2024年5月3日 10:15", _MORE]).paragraphs == [_TEXT, _MORE]


def test_a_headline_long_metadata_title_that_the_title_tag_names_second_is_still_the_headline() -> None:
    # `<title>Coronavirus | Los pabellones de emergencia … - El Salto - …</title>`, og:title the headline alone, and
    # `<h1><span class="antetitulo"><a>Coronavirus</a><br></span><span class="titulo">Los pabellones …</span></h1>`
    expected, article = _extract("real_world83/elsaltodiario_com")
    assert article.title == expected["title"]


@pytest.mark.parametrize("text, spelled, glued", [
    ('Die Zukunft der Arbeit"Wir dekorieren', 'Die Zukunft der Arbeit - "Wir dekorieren', True),
    ("soldi per il Sudecco il", "soldi per il Sud ecco il", True),
    ("मार्केट-कैप:शेयर बाजार", "मार्केट-कैप: शेयर बाजार", False),  # the page's own spelling after a colon
    ("Pferdesport definitiv dabei", "Pferdesport definitiv dabei -", False),
    ("Frain Incendie dans", "Frain | Incendie dans", False),
])
def test_runs_words_together(text: str, spelled: str, glued: bool) -> None:
    from crawler.extract.extractor import _runs_words_together

    assert _runs_words_together(text, spelled) is glued


def test_a_created_classed_stamp_dates_the_page() -> None:
    # `<div class="panel-pane news-detail-created"><div class="pane-content"> 24 setembro 2020 </div></div>`
    expected, article = _extract("real_world85/alert-online_com")
    assert article.published is not None and article.published.startswith(expected["published"])


@pytest.mark.parametrize("line", ["Kontakt:", "Media contact", "Pressekontakt:"])
def test_a_press_releases_contact_block_ends_the_text(line: str) -> None:
    out = clean_paragraphs([_TEXT, _MORE, line, "Åke Lundkvist, professor, ake.lundkvist@imbim.uu.se"])
    assert out.paragraphs == [_TEXT, _MORE]


def test_a_sentence_about_contact_is_text() -> None:
    assert not any(rx.search("Contact with the virus was limited, the study found.") for rx in P.STOP_LINES)


@pytest.mark.parametrize("line", ["Підписуйтеся на наш телеграм-канал Новини Еспресо",
                                  "ติดตามข่าวสารจาก Brand Inside ได้จาก Facebook ของเรา"])
def test_follow_us_plugs_in_ukrainian_and_thai_are_not_text(line: str) -> None:
    assert any(rx.search(line) for rx in P.PROMO_LINES)
