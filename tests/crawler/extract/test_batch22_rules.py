"""Rules made after the first scores of `tests/fixtures/real_world22` and `real_world23` (Media Cloud's 2013 pages,
en and ru), each checked on the page that showed the gap and, where the rule could reach other pages, on input it must
leave alone."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_paragraphs
from crawler.extract.extractor import _author_bio, _day_first_short_year
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world22/russ_ru",  # `p.date`: `11.03.12 2:51`, day first (was read as 2011-03-12)
    "real_world22/blogs_sacbee_com",  # hAtom `<abbr class="published" title="2012-11-01T06:00:00-07:00">6:00 AM</abbr>`
    "real_world22/telegraf_by",  # `div.caption`: `28 октября 2012, 17:25` atop the story block; Minsk's offset
])
def test_the_shown_publication_time(name: str) -> None:
    expected, article = _extract(name)
    assert article.published == expected["published"]


def test_a_two_digit_year_is_last_outside_korean_pages() -> None:
    assert _day_first_short_year("11.03.12 2:51") == "2012-03-11 2:51"
    assert _day_first_short_year("24.04.10 21:02").startswith("2010-04-24")
    assert _day_first_short_year("2012.03.11 02:51") == "2012.03.11 02:51"  # a four-digit year: as it is
    assert _day_first_short_year("45.13.12 2:51") == "45.13.12 2:51"  # no such day and month


def test_a_reader_comments_abbr_date_is_not_the_storys() -> None:
    # regards.fr: `<abbr class="date" title="2018-09-11T10:57:27Z">` on each comment, the story dated 2018-09-30
    expected, article = _extract("real_world8/regards_fr")
    assert article.published[:10] == expected["published"] == "2018-09-30"


@pytest.mark.parametrize("name", [
    "real_world22/kp_ru",  # `<h1>…платят»<a>Комментарии: 83</a></h1>`: the comment count is no part of the headline
    "real_world22/blogs_sacbee_com",  # og:title `Capitol Alert: AM Alert: … - sacbee.com`, the blog's name in the masthead
])
def test_the_headline_without_page_furniture(name: str) -> None:
    expected, article = _extract(name)
    assert article.title == expected["title"]


def test_a_twice_escaped_metadata_title_is_unescaped() -> None:
    # og:title `Грани.Ру | Сергей Аксенов: &amp;quot;Про правду&amp;quot;`
    _, article = _extract("real_world22/grani_ru")
    assert "&quot;" not in article.title and '"Про правду"' in article.title


@pytest.mark.parametrize("name, bio", [
    ("real_world22/triplepundit_com", "Leon Kaye, based in Fresno, California, is a sustainability consultant"),
    ("real_world22/dissidentvoice_org", "Binoy Kampmark was a Commonwealth Scholar"),
    ("real_world22/sandiegofreepress_org", "Doug Porter graduated from Point Loma High"),
])
def test_a_closing_note_about_the_writer_is_no_paragraph(name: str, bio: str) -> None:
    expected, article = _extract(name)
    assert bio not in article.body
    assert expected["body_paragraphs"][-1] in article.paragraphs


def test_author_bio_needs_the_writers_whole_name_and_a_bio_verb() -> None:
    assert _author_bio("Leon Kaye, based in Fresno, California, is a consultant.", ["Leon Kaye"])
    assert _author_bio("Jane Roe is a reporter for the Post.", ["Jane Roe"])
    assert not _author_bio("Jane Roe said the vote was close.", ["Jane Roe"])  # a quote, not a bio
    assert not _author_bio("Roe is a reporter.", ["Roe"])  # one word: too weak to tell
    assert not _author_bio("Mayor Jane Roe is a candidate.", ["Jane Roe"])  # does not open with the name


def test_a_russian_author_line_with_its_source() -> None:
    expected, article = _extract("real_world22/kavkaz-uzel_ru")
    assert article.authors == expected["authors"] == ["Олеся Дианова"]
    assert not any(p.startswith(("Автор:", "SMS:")) for p in article.paragraphs)


def test_furniture_lines_of_the_batch() -> None:
    first = "The measure would raise the sales tax by a quarter cent for four years, the governor said on Monday."
    last = "Opponents say the money would not reach classrooms, and they plan a campaign of their own this fall."
    lines = ["▼▼▼ 1 Comment ▼▼▼", "Scroll down to see comments.", "-- Opinion page staff",
             "Reach Staff Reporter Omar here; follow him on Twitter.", "Latest posts by Doug Porter (see all)",
             "This article was posted on Tuesday, October 16th, 2012 at 8:01am and is filed under Food/Nutrition.",
             "Did you enjoy this article? Subscribe to “The Starting Line” and get an email every time!"]
    assert clean_paragraphs([first, *lines[:3], last, *lines[3:]]).paragraphs == [first, last]
    # a sentence about copyright law opening a paragraph is text
    law = ["Copyright law in the United States protects a work for the life of its author plus seventy years.",
           "The court said that the photographs were protected and that the use was not fair."]
    assert clean_paragraphs(law).paragraphs == law


def test_a_name_line_and_the_sites_address_opening_the_story_are_its_byline() -> None:
    # prisonplanet.com: `Jon Rappoport`, `Prisonplanet.com`, then the story
    expected, article = _extract("real_world23/prisonplanet_com")
    assert article.authors == expected["authors"] == ["Jon Rappoport"]
    assert article.paragraphs[0] == expected["body_paragraphs"][0]


def test_furniture_lines_of_batch_23() -> None:
    first = "Voters rejected the labelling measure by a narrow margin, according to the secretary of state's count."
    last = "Supporters said they would return with a new initiative in two years, and donors pledged to help."
    lines = ["A d v e r t i s e m e n t", "Read other articles by Activist Post Here",
             "BE THE CHANGE! PLEASE SHARE THIS USING THE TOOLS BELOW", "Share This Article -", "Ссылки по теме:",
             "This article was posted: Sunday, November 11, 2012 at 8:01 am",
             "Photo by League of Women Voters of California, via Flickr"]
    assert clean_paragraphs([first, *lines[:4], last, *lines[4:]]).paragraphs == [first, last]
    prose = ["A photo by a local teacher won the contest, and the judges said it showed the valley as few had seen it."]
    assert clean_paragraphs(prose).paragraphs == prose
