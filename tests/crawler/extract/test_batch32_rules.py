"""Rules made after the first scores of `tests/fixtures/real_world32` and `tests/fixtures/real_korean2` (a real 4th.kr
page), each checked on the page that showed the gap."""

from __future__ import annotations

from tests.crawler.extract.checks import extract_labelled as _extract


def test_a_classed_h4_headline_on_a_page_whose_h1s_are_logos() -> None:
    # 4th.kr: `<h1><a href="/"><img …></a></h1>` twice, the story's headline in `h4.tit-big` (og:title writes its
    # quotes as backticks)
    expected, article = _extract("real_korean2/4th_kr")
    assert article.title == expected["title"]


def test_a_korean_cms_writing_seoul_time_as_gmt() -> None:
    # `article:published_time` `Tue, 21 Apr 2020 11:44:34 GMT`, the page's `승인 2020.04.21 11:44`: Seoul's wall clock
    expected, article = _extract("real_korean2/4th_kr")
    assert article.published is not None and article.published.startswith("2020-04-21T11:44")
    assert article.published.endswith("+09:00") and expected["published"].endswith("+09:00")
