"""Rules made after the first score of `tests/fixtures/real_world38` (US local papers, alt-weeklies, opinion sites),
each checked on the page that showed the gap."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_authors
from crawler.extract.metrics import same_authors
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world38/abqjournal_com",  # `Edmundo Carrillo | Journal Staff Writer`
    "real_world38/christianpost_com",  # `Michael Gryboski, Christian Post Reporter`
    "real_world38/thinkprogress_org",  # `Jason Linkins` and his contact link's label `Twitter`
    "real_world38/missoulacurrent_com",  # `<h3>By Mike Dennison (MTN News)<span>May 24, 2019</span></h3>` under the h1
])
def test_bylines_of_batch38_name_only_the_people(name: str) -> None:
    expected, article = _extract(name)
    assert same_authors(expected["authors"], article.authors)


@pytest.mark.parametrize("value", ["뉴스1 | 네이버", "Galo Ramírez | El Sol de México"])
def test_a_bar_parts_a_job_title_only(value: str) -> None:
    # an outlet or platform beside a bar is no person's name (a bar is not a separator of names)
    assert clean_authors([value]) == []
