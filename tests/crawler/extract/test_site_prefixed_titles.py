"""A metadata title that names the site first (`대전일보 모바일 :: 제목`): the heading equal to its trailing segments is
the headline, and the stamp under that headline is the publication time."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_the_heading_after_the_site_name_is_the_headline_and_its_stamp_the_time() -> None:
    name = "real_world3/daejonilbo_com"  # a real 대전일보 mobile page: `<h2 class="sub_tit">`, then the byline stamp
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.title == expected["title"]
    assert article.published == expected["published"]  # `이용민 기자 | 2020-03-04 16:52:59`, to the second
