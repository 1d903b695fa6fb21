"""Rules made after the first score of `tests/fixtures/real_korean3` (Naver-carried stories and Korean outlets),
each checked on the page that showed the gap."""

from __future__ import annotations

import pytest

from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name, lines", [("real_korean3/naver_edaily_2022", 3), ("real_korean3/naver_busanilbo_2024", 1)])
def test_naver_summary_lines_are_the_subtitle_not_the_text(name: str, lines: int) -> None:
    # `<strong class="media_end_summary">남부지법, …<br>…<br>…</strong>[이데일리 조민정 기자] 국민의힘 …`: the summary
    # runs straight into the first paragraph (no break after it); one line on 부산일보's page
    expected, article = _extract(name)
    assert article.subtitle and len(article.subtitle) > 10
    assert not any(article.subtitle[:10] in p for p in article.paragraphs)
    assert expected["body_paragraphs"][0].endswith(article.paragraphs[0][-40:])
