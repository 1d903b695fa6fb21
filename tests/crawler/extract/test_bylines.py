"""Korean/English bylines, author cleaning, copyright/promo/credit lines (rules kept as data)."""

import pytest

from crawler.extract.clean import clean_authors, clean_paragraphs, split_names

BODY = "정부가 12일 새 부동산 대책을 발표했다. 시장은 대체로 긍정적인 반응을 보였다."


@pytest.mark.parametrize("line,names", [
    ("[더팩트 | 서재근 기자] " + BODY, ["서재근"]),
    ("[더팩트ㅣ이새롬 기자] " + BODY, ["이새롬"]),
    ("(서울=연합뉴스) 홍길동 기자 = " + BODY, ["홍길동"]),
    ("(세종=연합뉴스) 김철수 이영희 기자 = " + BODY, ["김철수", "이영희"]),
    ("(서울=뉴스1) 홍길동·김철수 기자 = " + BODY, ["홍길동", "김철수"]),
    ("【서울=뉴시스】홍길동 기자 = " + BODY, ["홍길동"]),
    ("[아시아경제 김민수 기자] " + BODY, ["김민수"]),
])
def test_byline_prefix_stripped_and_captured(line, names):
    out = clean_paragraphs([line, BODY])
    assert out.paragraphs == [BODY, BODY]
    assert out.authors == names


@pytest.mark.parametrize("line,names,emails", [
    ("홍길동 기자 hong@x.co.kr", ["홍길동"], ["hong@x.co.kr"]),
    ("홍길동·김철수 기자", ["홍길동", "김철수"], []),
    ("/홍길동 기자 hong@x.co.kr", ["홍길동"], ["hong@x.co.kr"]),
    ("글·사진=홍길동 기자", ["홍길동"], []),
    ("hong@x.co.kr", [], ["hong@x.co.kr"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], []),
])
def test_byline_lines_dropped(line, names, emails):
    out = clean_paragraphs([BODY, line])
    assert out.paragraphs == [BODY]
    assert out.authors == names
    assert out.emails == emails


@pytest.mark.parametrize("line", [
    "<저작권자 ⓒ 더팩트, 무단 전재 및 재배포 금지>", "저작권자 © 경인일보 무단전재 및 재배포 금지",
    "Copyright © THE FACT. All rights reserved.", "ⓒ 한국경제 & hankyung.com, 무단전재 및 재배포 금지",
])
def test_copyright_ends_body(line):
    assert clean_paragraphs([BODY, BODY, line, "이후 내용"]).paragraphs == [BODY, BODY]


@pytest.mark.parametrize("line", [
    "▶카카오톡: '더팩트제보' 검색", "☞ 기사 제보 및 보도자료 press@x.co.kr", "[인기기사]", "네이버 메인 더팩트 구독하고 [특종보자▶]",
    "발로 뛰는 <더팩트>는 24시간 여러분의 제보를 기다립니다.", "※ 이 기사는 AI 번역을 거쳤습니다.",
    "구광모 회장이 투자를 이어가고 있다. /LG그룹 제공", "LG그룹은 통 큰 투자를 이어가고 있다. /더팩트 DB",
    "사진=연합뉴스", "국회 본회의장 [연합뉴스 자료사진]", "▲ 12일 열린 기념식 모습", "Sign up to our newsletter",
])
def test_promo_and_credit_lines_dropped(line):
    assert clean_paragraphs([BODY, line, BODY]).paragraphs == [BODY, BODY]


def test_article_text_mentioning_tips_is_kept():
    text = "경찰은 시민의 제보를 받고 현장에 출동해 용의자를 붙잡았다고 밝혔다."
    assert clean_paragraphs([text]).paragraphs == [text]


def test_author_cleaning():
    assert split_names("홍길동 기자 hong@x.co.kr") == ["홍길동"]
    assert split_names("연합뉴스 홍길동 특파원") == ["홍길동"]
    assert clean_authors(["홍길동 선임기자", "김철수 기자", "MBN", "https://x.com/author/1", "뉴스1"], exclude={"뉴스1"}) == ["홍길동", "김철수"]
    assert clean_authors(["By Jane Doe, Reuters"]) == ["Jane Doe"]


@pytest.mark.parametrize("values,names", [
    # bylines and author metadata seen on real non-Korean pages (tests/fixtures/real_*)
    (["By Nada Tawfik, BBC News, New York"], ["Nada Tawfik"]),
    (["Süddeutsche.de GmbH, Munich, Germany"], []),
    (["STANDARD Verlagsgesellschaft m.b.H."], []),
    (["lefigaro.fr", "Sophie de Ravinel"], ["Sophie de Ravinel"]),
    (["Cécile Ducourtieux (Bruxelles, bureau européen)"], ["Cécile Ducourtieux"]),
    (["Ysabel Yates", "Illustration by Claire Lordon"], ["Ysabel Yates"]),
    (["Von Markus Balser , Berlin"], ["Markus Balser"]),
    (["Lucy Akins, contributor"], ["Lucy Akins"]),
    (["STEVEN DAVIDOFF SOLOMON", "Steven Davidoff Solomon"], ["Steven Davidoff Solomon"]),
    (["anónimo"], []), (["No Author"], []), (["Redaktion"], []), (["Android Developers"], []),
    (["Hans Müller und Eva Schmidt"], ["Hans Müller", "Eva Schmidt"]),
    (["Ana García y Luis Pérez"], ["Ana García", "Luis Pérez"]),
    (["Jean Dupont et Marie Curie"], ["Jean Dupont", "Marie Curie"]),
    (["Mario Rossi e Anna Bianchi"], ["Mario Rossi", "Anna Bianchi"]),
])
def test_non_korean_author_cleaning(values, names):
    assert clean_authors(values) == names


@pytest.mark.parametrize("line", [
    "Anzeige", "Publicidad", "Oct 15, 2015 · 18 min read", "Lesedauer: 8 Minuten",
    "Lea más: Secretaria vip: Tribunal condena a 4 años de prisión a ex contralor", "Lesen Sie auch: Die Bahn streikt",
    "À lire aussi : Le budget 2024", "Czytaj też: Ten region Polski", "Mirá también", "Comments are closed.",
    "Bitte registrieren Sie sich und halten Sie sich an unsere Netiquette.",
])
def test_other_languages_furniture_lines_dropped(line):
    out = clean_paragraphs([BODY, line, BODY, BODY])
    assert out.paragraphs == [BODY, BODY, BODY]


def test_press_release_about_section_ends_the_body():
    text = ["Acme Corp today announced a new factory in Ulsan that will employ 400 people from next year onwards.",
            "The plant will make battery casings for three carmakers, the company said in a statement on Monday.",
            "About Acme Corp", "Acme Corp is a leading maker of metal parts with 12,000 employees in 14 countries."]
    assert clean_paragraphs(text).paragraphs == text[:2]
