"""Rules made after the first scores of `tests/fixtures/real_world88` (Indonesian, Polish and Russian pages) and
`real_korean7` (Korean columns and TV pages), each checked on the page that showed the gap; the line rules also on
lines they must leave alone."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extract.body import _in_side_box
from crawler.extract.clean import clean_authors, clean_paragraphs
from tests.crawler.extract.checks import FIXTURES
from tests.crawler.extract.checks import extract_labelled as _extract

_TEXT = "Dalam upaya mencegah penyebaran, gugus tugas melakukan edukasi kepada masyarakat di seluruh kecamatan hari ini."
_MORE = "Kegiatan yang dilaksanakan berupa sidak, sosialisasi dan edukasi serta pembagian masker kepada warga."


def test_a_most_read_widgets_card_is_not_the_story_body() -> None:
    # the first `div.article-content` of the page is a card of `aside.widget > div.most-views-content`; the story is
    # `article > div.entry-content` (it came back with another story's excerpt: F1 0.000)
    expected, article = _extract("real_world88/metrobali_com")
    assert expected["body_paragraphs"][1] in article.paragraphs
    assert not any(p.startswith("Kapolres Buleleng") for p in article.paragraphs)


def test_a_side_named_wrapper_around_the_whole_page_is_layout_not_a_sidebar() -> None:
    doc = lxml_html.parse(str(FIXTURES / "real_world88/metrobali_com.html")).getroot()
    story = doc.xpath("//article//div[contains(@class, 'entry-content-inner')]")[0]
    assert not _in_side_box(story)
    # the page's wrapper around the story and its sidebar, named for the sidebar: layout, not a box beside the story
    wrapper = next(a for a in story.iterancestors() if "wrap-content" in (a.get("class") or ""))
    wrapper.set("class", "wrap-content sidebar-layout")
    assert not _in_side_box(story)
    # ... while the most-read widget's card (the body selector's first match) sits in a box beside the story
    card = doc.xpath("//aside//div[contains(@class, 'article-content')]")[0]
    assert _in_side_box(card)


@pytest.mark.parametrize("line", ["Sumber : Humas Pemkab Badung", "Sumber:BeritaSatu.com", "Quelle: dpa-AFX",
                                  "Źródło: PAP", "Podpis: MJM"])
def test_a_source_credit_closing_the_text_is_not_text(line: str) -> None:
    assert clean_paragraphs([_TEXT, _MORE, line]).paragraphs == [_TEXT, _MORE]


def test_a_source_line_inside_the_text_stays() -> None:
    # `Source : site officiel du district de Huili, Sichuan` under a picture in the middle of Le Monde's text
    line = "Source : site officiel du district de Huili, Sichuan"
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, line, _MORE]


@pytest.mark.parametrize("line,author", [("Z Brukseli Krzysztof Strzępka (PAP)", "Krzysztof Strzępka"),
                                         ("PAP - Nauka w Polsce, Klaudia Torchała", "Klaudia Torchała")])
def test_a_wire_sign_off_closing_the_text_names_the_writer(line: str, author: str) -> None:
    cleaned = clean_paragraphs([_TEXT, _MORE, line, "tor/ joz/"])
    assert cleaned.paragraphs == [_TEXT, _MORE]
    assert cleaned.authors == [author]


def test_a_closing_sentence_with_a_wire_in_brackets_is_text() -> None:
    line = "Rząd przyjął w piątek projekt ustawy o ochronie ludności, podała agencja (PAP)."
    assert clean_paragraphs([_TEXT, line]).paragraphs == [_TEXT, line]


@pytest.mark.parametrize("by_line,name", [("장석준 글로벌정치경제연구소 기획위원", "장석준"), ("홍길동 서울대 교수", "홍길동"),
                                          ("김철수 한국개발연구원 선임연구위원", "김철수"), ("박영희 연구위원", "박영희")])
def test_a_korean_columns_writer_is_the_name_before_institution_and_post(by_line: str, name: str) -> None:
    assert clean_authors([by_line]) == [name]


def test_the_korean_column_page_names_its_writer() -> None:
    expected, article = _extract("real_korean7/pressian_com")
    assert article.authors == expected["authors"]


def test_a_reader_poll_under_the_story_is_not_text() -> None:
    # `div.dem-poll-shortcode > div.democracy`: `How do you feel about the Nintendo Switch 2 after the reveal?` and its
    # answers
    _expected, article = _extract("real_world32/wccftech_com")
    assert not any(p.startswith("How do you feel about") for p in article.paragraphs)


@pytest.mark.parametrize("line,author", [("Ca Tiếu(theo online-tech-tips)", "Ca Tiếu"), ("(Theo VnExpress)", None),
                                         ("Minh Anh (tổng hợp)", "Minh Anh")])
def test_a_vietnamese_sign_off_closing_the_text_names_the_writer(line: str, author: str | None) -> None:
    vi = "Cho dù bạn sở hữu thiết bị Android hay iOS, bạn đều có thể chia sẻ vị trí của mình với người thân."
    cleaned = clean_paragraphs([vi, vi.replace("Cho dù", "Dù"), line])
    assert cleaned.paragraphs == [vi, vi.replace("Cho dù", "Dù")]
    assert cleaned.authors == ([author] if author else [])


def test_a_vietnamese_sentence_opening_on_theo_is_text() -> None:
    vi = "Theo ông Nguyễn Văn A (theo báo cáo của bộ), giá vàng sẽ còn giảm trong những tuần tới."
    assert clean_paragraphs([_TEXT, vi]).paragraphs == [_TEXT, vi]


def test_a_vccorp_box_of_another_story_is_not_text() -> None:
    # `div.VCSortableInPreviewMode[type=RelatedOneNews]` between Tuổi Trẻ's paragraphs: a linked title and its lead
    expected, article = _extract("real_world89/tuoitre_vn")
    assert article.paragraphs == expected["body_paragraphs"]


def test_a_korean_by_line_with_the_designers_credit_names_both_reporters() -> None:
    # `[시선뉴스 박진아, 이시연 수습기자 / 디자인 최지민, 구본영 수습] 취직에 …` under `<meta … author content="박진아 기자">`
    cleaned = clean_paragraphs(["[시선뉴스 박진아, 이시연 수습기자 / 디자인 최지민, 구본영 수습] 취직에 대한 불안감 등으로 해외로 "
                                "진학을 고민하는 사람들이 증가하고 있다.", "두 번째 문단은 충분히 긴 문장으로 이루어져 있다."])
    assert cleaned.authors == ["박진아", "이시연"]
    assert cleaned.paragraphs[0].startswith("취직에")
    expected, article = _extract("real_korean7/sisunnews_co_kr")
    assert article.authors == expected["authors"]
