"""CleanPipeline: NFC, whitespace, invisible characters, boilerplate and repeated paragraphs."""

import unicodedata

from crawler.items import ArticleItem
from pipelines.clean import CleanPipeline, clean_body, clean_text


def test_nfd_korean_becomes_nfc_and_spaces_collapse():
    nfd_title = unicodedata.normalize("NFD", "구광모  회장\u200b,  AI\u00a0육성")
    item = ArticleItem(url="http://x/1", title=nfd_title, body="첫 문단", authors=[" 서재근 ", "서재근"], tags=[])
    out = CleanPipeline().process_item(item)
    assert out["title"] == "구광모 회장, AI 육성"
    assert unicodedata.is_normalized("NFC", out["title"])
    assert out["authors"] == ["서재근"]


def test_body_drops_boilerplate_and_repeats_but_keeps_news():
    body = (
        "구광모 LG그룹 회장이 AI 투자를 늘린다.\n\n"
        "  두 번째   문단이다.\n\n"
        "두 번째 문단이다.\n\n"
        "저작권자 © 데모뉴스 무단 전재 및 재배포 금지\n\n"
        "▶카카오톡: '데모뉴스제보' 검색\n\n"
        "Copyright © Demo. All rights reserved."
    )
    assert clean_body(body) == "구광모 LG그룹 회장이 AI 투자를 늘린다.\n\n두 번째 문단이다."


def test_quoted_copyright_discussion_is_not_boilerplate():
    body = "저작권 분쟁이 늘면서 출판계가 대응에 나섰다고 업계 관계자는 말했다."
    assert clean_body(body) == body


def test_clean_text_keeps_joiners_inside_words():
    """A Persian word spelled with a zero-width non-joiner keeps it in the archive; a stray one at a word's edge goes."""
    assert clean_text("اصلاح\u200cطلبان \u200cگفت\u200d") == "اصلاح\u200cطلبان گفت"


def test_archive_and_extractor_share_the_joiner_rule():
    """The clean pipeline and the extractor's `norm_space` keep and drop the same joiners (one rule, one place)."""
    from crawler.extract.clean import norm_space

    for text in ("اصلاح\u200cطلبان \u200cگفت\u200d", "दिल्\u200dली \u200d", "\u200c", "a \u200c\u200d b\u200c",
                 "\U0001f468\u200d\U0001f469\u200d\U0001f467 ok"):
        assert clean_text(text) == norm_space(text)
