"""Rules made after the first score of `tests/fixtures/real_world33` (five more mercury-parser forks), each checked on
the page that showed the gap and on the pages that guard against over-reach."""

from __future__ import annotations

import pytest

from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world33/aeon_co",  # og:title `Before Minecraft or Snapchat, there was MicroMUSE`, `<h1>` `Return to Nib's Knoll`
    "real_world25/news_com_au",  # og:title on the reef, the `<h1>` (and the story under it) on tourism
    "real_world12/thedailybeast_com",  # `<title>` `Ted Sorensen: Speechwriter …`, `<h1>` `'Ask Not' Who Wrote …`
    "real_world12/economist_com",  # guard: `h1.rubric` is the line under the headline, og:title `Smoked out` stays
])
def test_the_h1_the_story_follows_over_a_social_headline(name: str) -> None:
    expected, article = _extract(name)
    assert article.title == expected["title"]


@pytest.mark.parametrize("name", [
    "real_world33/aeon_co",  # `p.styled__Author-…`: `by Robin Sloan + BIO`
    "real_world12/thedailybeast_com",  # `by Mark Katz Info`; a most-popular card's `by Buzz Bissinger` in the sidebar
])
def test_the_byline_without_its_buttons_and_not_a_sidebar_cards(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]
