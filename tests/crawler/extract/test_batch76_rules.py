"""Rules made after the first score of `tests/fixtures/real_world76` (a WeChat-style Chinese tech story, QbitAI
2025), each checked on that page; the line rules also on lines of their own kind and on text they must leave alone."""

from __future__ import annotations

import pytest

from crawler.extract import patterns as P
from crawler.extract.clean import clean_paragraphs, is_credit_line
from tests.crawler.extract.checks import extract_labelled as _extract


def test_the_qbitai_page_comes_out_as_labelled() -> None:
    expected, article = _extract("real_world76/qbitai_com")
    assert article.paragraphs == expected["body_paragraphs"]
    assert article.authors == expected["authors"]


def test_a_summary_deck_the_first_paragraph_repeats_is_said_once() -> None:
    # `div.zhaiyao` above a first paragraph that ends with the same sentence
    deck = "助力政企极速落地AI应用与创意灵感，让AI技术精细化满足真实业务场景，加速AI普惠落地。"
    first = "2月22日，中科闻歌2025 AI新产品线上发布会成功举办，升级发布“智川”企业智能体平台1.0，" + deck
    assert clean_paragraphs([deck, first, "第二段正文在这里继续说明。"]).paragraphs == [first, "第二段正文在这里继续说明。"]
    # a short opening line that recurs inside the text is kept (too short to be a deck)
    assert clean_paragraphs(["Analysis", "Analysis of the vote shows a swing."]).paragraphs[0] == "Analysis"
    # an opening the text does not repeat stays
    other = "A different opening paragraph that the story never repeats word for word."
    assert clean_paragraphs([other, first]).paragraphs[0] == other


@pytest.mark.parametrize("line", ["版权所有，未经授权不得以任何形式转载及使用，违者必究。", "本文未经许可，严禁转载。", "未經授權，不得轉載。"])
def test_a_chinese_rights_notice_ends_the_text(line: str) -> None:
    out = clean_paragraphs(["正文第一段，足够长的一句话在这里。", "正文第二段，同样是文章的内容。", line, "相关阅读的标题"])
    assert out.paragraphs == ["正文第一段，足够长的一句话在这里。", "正文第二段，同样是文章的内容。"]


def test_a_sentence_about_reposting_rules_is_text() -> None:
    line = "他说，未经授权不得转载的规定很严格，但是很多网站依然无视这些规定继续复制内容。"
    assert not any(rx.search(line) for rx in P.STOP_LINES)


@pytest.mark.parametrize("line", ["扫描上方二维码申领《中科闻歌雅意大模型案例集》", "长按识别二维码关注我们", "量子位 | 公众号 QbitAI",
                                  "允中 发自 凹非寺"])
def test_wechat_furniture_lines_are_not_text(line: str) -> None:
    assert any(rx.search(line) for rx in P.PROMO_LINES)


def test_a_triangle_led_caption_is_a_caption_but_a_korean_list_item_is_not() -> None:
    assert is_credit_line("△智川X-Agent五层架构")
    assert not is_credit_line("△서울 3명 △부산 2명")
    assert not is_credit_line("△LG전자 신제품 발표")
