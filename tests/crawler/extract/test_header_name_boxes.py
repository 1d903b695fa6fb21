"""Authors named without a by-word in a byline-named element of the story's header (`extractor._named_header_box`) or in
a closing note about the writer (`extractor._bio_names`),
and the look-alikes that name no author of the story: teaser cards, comments, the outlet's motto, link titles."""

from __future__ import annotations

import pytest

from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_postlight/spektrum_de",        # `div.content__author > a`: `Christie Wilcox`, after a deck set as a heading
    "real_world25/cairnspost_com_au",    # `div.tg-tlc-storymeta_author`: `Daniel Bateman, The Cairns Post`
    "real_world20/estadao_com_br",       # `p.autor`: `Tânia Monteiro e Carla Araújo,<br> O Estado de S.Paulo`
    "real_world3/zaxid_net",             # `a.author_name`: `Юрій Братюк,`
    "real_world26/timpul_md",            # `div.author`: `Un articol de: George Damian`
])
def test_a_name_alone_in_a_byline_named_header_box_is_the_author(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


@pytest.mark.parametrize("name, wrong", [
    ("real_world4/lexpress_fr", "Sylvain Fort"),            # `div.thumbnail` > `span.text--author`, under a story link
    ("real_world4/news_am", "Լուրեր Հայաստանից"),          # `div.article-author > a[href=/arm/]`: motto - NEWS.am
    ("real_world5/cbc_ca_kitchener", "CBC's Journalistic Standards"),  # `a.journalistLink-…`: a link's title
    ("real_world20/spreeblick_com", "Thomas Maier"),        # `div.comment_author`: a reader's name
    ("real_world33/dagens_dk", "Skrevet af Dagens"),        # `span.article-byline`: `Skrevet af DAGENS | 20.09.18 | 14:15`
])
def test_byline_named_boxes_that_name_no_writer_of_the_story(name: str, wrong: str) -> None:
    expected, article = _extract(name)
    assert wrong not in article.authors and wrong not in expected["authors"]
    assert all(a in expected["authors"] for a in article.authors)


@pytest.mark.parametrize("name", [
    "real_final/la_nacion",     # `<p><b><i>Andrés Malamud es politólogo … Martín Schapiro es abogado …</i></b></p>`
    "real_world8/searchlight_vc",  # `<p><em>Candice Sealey is the Founder & Principal Consultant at …</em></p>`
])
def test_a_closing_note_about_the_writers_names_them_and_leaves_the_text(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]
    assert not any(p.startswith(expected["authors"][0]) for p in article.paragraphs)


def test_a_closing_note_with_only_the_name_in_bold() -> None:
    from lxml import html as lxml_html

    from crawler.extract.extractor import _bio_names

    note = "<p><b>Jane Doe</b> is a freelance writer based in Paris. Her book is out in May.</p>"
    assert _bio_names(lxml_html.fragment_fromstring(note)) == ["Jane Doe"]
    assert _bio_names(lxml_html.fragment_fromstring("<p><b>Donald Trump</b> is the president.</p>")) == []
    assert _bio_names(lxml_html.fragment_fromstring("<p><b>Q:</b> Jane Doe is a writer?</p>")) == []


@pytest.mark.parametrize("html", [
    "<p><b>New York is a city that never sleeps.</b></p>",      # a place, no trade
    "<p><i>Donald Trump is the president.</i></p>",             # a person, but no writer's trade
    "<p>Jane Doe is a reporter at the Post.</p>",               # not set apart in italics or bold
    "<p><em>Jane Doe is a reporter</em> who wrote this and more.</p>",  # only part of the paragraph emphasised
])
def test_bold_or_italic_closing_lines_that_are_no_writers_note(html: str) -> None:
    from lxml import html as lxml_html

    from crawler.extract.extractor import _bio_names

    assert _bio_names(lxml_html.fragment_fromstring(html)) == []
    assert _bio_names(lxml_html.fragment_fromstring("<p><em>Jane Doe is a reporter at the Post.</em></p>")) == ["Jane Doe"]


def test_a_by_label_in_wrappers_of_its_own_names_the_writer_in_the_next_block() -> None:
    # `<div><p class='label'><strong>By</strong></p></div><div><p class='full-name'>Todd Bates</p></div>`
    expected, article = _extract("real_world10/rutgers_edu")
    assert article.authors == expected["authors"] == ["Todd Bates"]


@pytest.mark.parametrize("html, names", [
    ("<div><div><p><b>By</b></p></div><div><p>Jane Doe</p></div></div>", ["Jane Doe"]),
    ("<div><p><b>By</b> the way</p><p>Jane Doe</p></div>", []),     # the label is part of a sentence
    ("<div><p><b>By</b></p>tail text<p>Jane Doe</p></div>", []),    # text between label and value
])
def test_the_value_after_a_label_climbs_only_out_of_its_own_wrappers(html: str, names: list[str]) -> None:
    from lxml import html as lxml_html

    from crawler.extract.extractor import _value_after_label

    root = lxml_html.fragment_fromstring(html)
    value = _value_after_label(next(root.iter("b")))
    assert ([value.text_content()] if value is not None else []) == names
