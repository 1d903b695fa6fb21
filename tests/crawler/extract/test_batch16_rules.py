"""Rules made after the first score of `tests/fixtures/real_world16` (batch 17), each checked on the page that showed
the gap and on byline fragments that must stay as they were."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_authors, split_names
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world16/kcci_com",  # `By Farid Ahmed and Tiffany Ap CNN`: the broadcaster after the name, `Ap` a surname
    "real_world16/mercurynews_com",  # `By Samantha Clark, Santa Cruz Sentinel`: the paper after the comma
    "real_world16/wamu_org",  # `div.byline`: `By: Laura Isensee<br>October 23, 2015`
    "real_world16/v3_co_uk",  # `li.author-dateline-name > a[href$="/dan-worth"]`, below the standfirst `<h2>`
])
def test_the_pages_byline_names_its_authors(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


@pytest.mark.parametrize("name", [
    "real_world16/kagstv_com",  # author tag `KAGS TV - College Station, Texas`: the station itself
    "real_world11/jewishbusinessnews_com",  # a teaser card's `a[href$="/michael-ordman/"]` under the story
])
def test_no_person_is_named(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] == [] and article.authors == []


@pytest.mark.parametrize("raw, names", [
    ("By Samantha Clark, Santa Cruz Sentinel", ["Samantha Clark"]),
    ("Andrew Lopez, The Times-Picayune", ["Andrew Lopez"]),
    ("Farid Ahmed and Tiffany Ap CNN", ["Farid Ahmed", "Tiffany Ap"]),
    ("JOHN SMITH AP", ["John Smith"]),
    # as before: names that end with such words' neighbours, and two people after a comma
    ("Tom Herald", []),  # one part: `Herald` needs a name before it to be a paper, but `Tom` alone is no byline
    ("Anna Post, Mark Times", ["Anna Post"]),
    ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
])
def test_byline_fragments(raw: str, names: list[str]) -> None:
    assert split_names(raw.removeprefix("By ")) == names


def test_the_outlet_named_whole_is_dropped_before_it_is_split() -> None:
    outlet = "KAGS TV - College Station, Texas"
    assert clean_authors([outlet], exclude={outlet}) == []
    assert clean_authors(["Jade DeGood - KAGS TV"], exclude={outlet}) == ["Jade DeGood"]


def test_the_mastheads_clock_is_not_the_storys_date() -> None:
    # `div.websiteDate > p > time[datetime="2015-12-02"]` (the day the page was served) before the story's own
    # `<time datetime="2014-09-29T23:44:08Z">`
    expected, article = _extract("real_world16/simcoereformer_ca")
    assert article.published and article.published[:10] == expected["published"][:10]
