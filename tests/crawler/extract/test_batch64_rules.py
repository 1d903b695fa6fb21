"""Rules made after the first score of `tests/fixtures/real_world64` (L3S-GN1 Google News pages of 2008), each checked
on the page that showed the gap."""

from __future__ import annotations

from tests.crawler.extract.checks import extract_labelled as _extract


def test_a_by_line_after_a_date_line_in_the_same_byline_box() -> None:
    # `<div class="DetailByline"><h2>Friday, January 11, 2008<br>By Jalilur Rehman, AFP</h2></div>`
    expected, article = _extract("real_world64/chinapost_com_tw")
    assert article.authors == expected["authors"] == ["Jalilur Rehman"]


def test_a_placeholder_title_gives_way_to_the_story_heading_cell() -> None:
    # `<title>Article</title>`, `<td class="ArticleHead">Mbeki puts top cop on leave</td>`, `<td class="Byline">…`
    expected, article = _extract("real_world64/thetimes_co_za")
    assert article.title == expected["title"] == "Mbeki puts top cop on leave"
    assert article.authors == expected["authors"]


def test_a_genre_after_the_name_and_a_related_list_heading() -> None:
    # `<span class="byline"> Richard Beeston: Analysis </span>`; `Also in Middle East News` and its links after the text
    expected, article = _extract("real_world64/timesonline_co_uk")
    assert article.authors == expected["authors"] == ["Richard Beeston"]
    assert not any(p.startswith("Also in") for p in article.paragraphs)
    assert article.paragraphs[-1] == expected["body_paragraphs"][-1]


def test_a_teaser_cards_by_label_names_no_author_and_read_on_ends_the_text() -> None:
    # a masthead box after the headline: `<a>The truth about the 'credit crunch'</a> <span>by </span><span>Phil Mullan`
    expected, article = _extract("real_world64/spiked_online_com")
    assert "Phil Mullan" not in article.authors
    assert "Read on:" not in article.paragraphs


# `tests/fixtures/real_world65` (more L3S-GN1 pages): headlines of templates without metadata titles

def test_an_h1_wrapping_an_anchor_without_href_is_the_headline_not_a_home_link() -> None:
    # `<h1><a id="ctl00_NewsHeadline1_NewsHeadLine" class="nihl">Fire in Burrabazar …</a></h1>`
    expected, article = _extract("real_world65/hindustantimes_com")
    assert article.title == expected["title"]


def test_an_h1_that_is_a_segment_of_the_title_wins_over_a_section_h1() -> None:
    # `<title>TV3 > News > National News > Story > Officials get down to …</title>`, `<h1>National News</h1>` first
    expected, article = _extract("real_world65/tv3_co_nz")
    assert article.title == expected["title"]


def test_a_story_named_element_when_the_title_names_only_the_site() -> None:
    # `<title>Asharq Alawsat Newspaper (English)</title>` + `span.headline`; `<title>Press TV</title>` +
    # `span#ctl00_ContentPlaceHolder1_lblTitle`; `td.articalTitle` holding the headline then a table of its stamp
    for name in ("real_world65/aawsat_com", "real_world65/presstv_ir", "real_world65/gulf_times_com"):
        expected, article = _extract(name)
        assert article.title == expected["title"], name
    # ... but never a dated sub-headline (`font.subHeadline`: `Posted at 6:18 a.m., …`)
    expected, article = _extract("real_world64/honoluluadvertiser_com")
    assert article.title == expected["title"]


# `tests/fixtures/real_world66` (a third L3S-GN1 batch)

def test_a_slashed_stamp_in_a_north_american_zone_reads_month_first() -> None:
    # `Article Last Updated: 01/11/2008 09:53:03 AM EST` (The Berkshire Eagle): 11 January, not 1 November
    expected, article = _extract("real_world66/berkshireeagle_com")
    assert article.published == "2008-01-11T09:53:03-05:00" and expected["published"] == "2008-01-11"
    from crawler.extract.dates import first_timestamp

    assert first_timestamp("12/25/2008 9:53 PM PST", None).isoformat() == "2008-12-25T21:53:00-08:00"
    assert first_timestamp("25/12/2008 9:53", None) is None  # no zone: the order stays unknown


def test_headline_cells_site_prefixes_and_wire_after_a_by_colon() -> None:
    # `td.article_header > span.article_headline` + a date div: the innermost headline element
    expected, article = _extract("real_world66/supersport_co_za")
    assert article.title == expected["title"]
    # `<TITLE>IOL: Trio set for Derby debuts</TITLE>` on breakingnews.iol.ie
    expected, article = _extract("real_world66/iol_ie")
    assert article.title == expected["title"] == "Trio set for Derby debuts"
    # `<p>By: Murray Brewster, THE CANADIAN PRESS</p>`
    expected, article = _extract("real_world66/cjad_com")
    assert article.authors == expected["authors"] == ["Murray Brewster"]
