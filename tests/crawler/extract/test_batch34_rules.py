"""Rules made after the first score of `tests/fixtures/real_world34` (Chinese, French and English pages from a
mercury-parser fork), each checked on the page that showed the gap."""

from __future__ import annotations

from tests.crawler.extract.checks import extract_labelled as _extract


def test_a_long_quote_the_story_cites_is_not_the_whole_story() -> None:
    # GoNintendo: a developer's statement in `div.block-quote > blockquote` (1,750 characters) outscores the story's own
    # three paragraphs in the `div.paragraph` beside it; the story is the block holding both
    expected, article = _extract("real_world34/gonintendo_com")
    assert article.paragraphs[:3] == expected["body_paragraphs"][:3]


def test_chinese_photo_credits_and_rights_notice_are_not_text() -> None:
    # Douban: `图片｜滨田英明 ©` under each picture, `文字由物道原创。图片来源于网络，图片版权归原作者所有。` closing it
    expected, article = _extract("real_world34/douban_com")
    assert not [p for p in article.paragraphs if p.startswith("图片") or "版权归" in p]
    assert article.paragraphs[-1] == expected["body_paragraphs"][-1]
