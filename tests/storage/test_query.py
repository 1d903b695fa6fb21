from __future__ import annotations

import pytest

from storage.query import QuerySyntaxError, compile_match, parse, strip_ending, strip_particle
from storage.tokens import PAIR_MARK as P, search_text, tokens


def test_search_text_examples():
    assert search_text("LG그룹은 HBM3E") == "lg 그룹 룹은 hbm 3 e"
    assert search_text("X-Ray, H2O.ai") == "x ray h 2 o ai"
    assert search_text("기준금리 3.5%") == "기준 준금 금리 3 5"
    assert search_text("ＬＧ 가") == "lg 가"  # NFKC folds full-width; a lone syllable stays whole
    assert search_text(None) == "" and search_text("") == ""


def test_search_text_has_a_pair_token_between_hangul_words():
    # between two Hangul runs of 2+ syllables (spaces or punctuation between): the mark, the last bigram of the
    # first and the first bigram of the next, so a phrase across the two is found through one rare token
    assert search_text("금리를 인하, 가 나다 LG그룹") == f"금리 리를 {P}리를인하 인하 가 나다 lg 그룹"
    # a mark typed in the text is a separator, not a forged pair token
    assert search_text(f"가나{P}다라마") == f"가나 {P}가나다라 다라 라마"


def test_fast_path_matches_reference_tokenizer():
    samples = ["LG그룹은 HBM3E", "中國人 café ㅋㅋㅋ 가 나다", "5G·AI 반도체의 2024년 3분기", "x" * 3, "\u1100\u1161\u11a8"]
    for s in samples:
        assert search_text(s) == " ".join(tokens(s)), s


@pytest.mark.parametrize(
    "word, stem",
    [("삼성전자의", "삼성전자"), ("투자를", "투자"), ("정부가", "정부"), ("삼성이", "삼성"), ("한국은행은", "한국은행"),
     ("미국에서는", "미국"), ("전문가", "전문가"), ("경기도", "경기도"), ("원자로", "원자로"), ("사과", "사과"), ("소아과", "소아과")],
)
def test_strip_particle(word, stem):
    assert strip_particle(word) == stem


def test_hangul_term_is_bigram_phrase_with_alternatives():
    assert compile_match("그룹") == '"그룹"'
    # the stem alternative "lg 그룹" holds every match of "lg 그룹 룹은", which is dropped as redundant
    assert compile_match("LG그룹은") == '"lg 그룹"'
    assert compile_match("기준금리") == f'("기준 준금 금리" OR "기준 {P}기준금리 금리")'
    m = compile_match("초고령사회")
    assert '"초고 고령 령사 사회"' in m and f'"초고 고령 {P}고령사회 사회"' in m and f'"초고 {P}초고령사 령사 사회"' in m


def test_operators_and_precedence():
    assert compile_match("삼성 OR LG 반도체") == '("삼성" OR "lg") AND "반도 도체"'
    q = parse("반도체 -삼성")
    assert q.match == '("반도 도체") NOT "삼성"' and q.exclude == '"삼성"'
    assert parse("NOT 삼성").match is None and parse("NOT 삼성").exclude == '"삼성"'
    assert compile_match("a AND b") == '"a" AND "b"'
    assert compile_match("HBM*") == '"hbm" *'


def test_operators_out_of_place_are_literal():
    assert compile_match("AND") == '"and"'
    assert compile_match("OR a OR") == '"or" AND "a" AND "or"'
    assert compile_match("a NOT") == '"a" AND "not"'


def test_phrase_matches_joined_spelling():
    assert compile_match('"기준 금리"') == f'("기준 {P}기준금리 금리" OR "기준 준금 금리")'
    assert parse('"기준 금리"').without_pairs().match == '("기준 금리" OR "기준 준금 금리")'  # an index without pairs


@pytest.mark.parametrize("text", ['"unclosed 삼성', "NEAR(a b)", "col:x", "(((삼성)))", 'a"b"c', "삼성 \" 전자", "{x} [y] ^z"])
def test_malformed_input_becomes_literal(text):
    m = compile_match(text)
    assert m and "NEAR(" not in m and ":" not in m.replace('"', "")


@pytest.mark.parametrize("text", ["!!!", "()", '""', "-", "*", "AND OR"])
def test_unsearchable_input(text):
    if text == "AND OR":  # literal words
        assert compile_match(text) == '"and" AND "or"'
        return
    with pytest.raises(QuerySyntaxError):
        parse(text)


def test_blank_and_too_long():
    assert parse("").is_empty and parse(None).is_empty and parse("   ").is_empty
    with pytest.raises(QuerySyntaxError):
        parse("가" * 2000)
    with pytest.raises(QuerySyntaxError):
        parse(" ".join(["a"] * 100))


def test_highlight_pattern_finds_spellings():
    rx = parse("기준금리 LG").highlight_re
    text = "기준 금리와 기준금리, LG그룹"
    assert [m.group() for m in rx.finditer(text)] == ["기준 금리", "기준금리", "LG"]


@pytest.mark.parametrize(
    "word, stem",
    [("인상했다", "인상"), ("확정됐다", "확정"), ("발표하며", "발표"), ("인상", "인상"), ("피해", "피해"), ("지난해", "지난해"),
     ("무제한", "무제한"), ("시행하기로", "시행")],
)
def test_strip_ending(word, stem):
    assert strip_ending(word) == stem


def test_verb_form_also_matches_noun():
    assert compile_match("인상했다") == '"인상"'  # "인상 상했 했다" only ever matches where "인상" does
    assert compile_match("정부와는") == '"정부"'


def test_number_counter_spellings():
    m = compile_match("2차전지")
    assert all(x in m for x in ['"2 차전 전지"', '"2 차 전지"', '"이차 차전 전지"', f'"이차 {P}이차전지 전지"'])
    assert '"2 차전 전지"' in compile_match("이차전지")
    assert "5" not in compile_match("오차범위")  # 오차 is a word, not 5차
    assert compile_match("1,400원") == '("1 400 원" OR "1 400 원" *)'


def test_highlight_numeral_spellings():
    rx = parse("2차전지").highlight_re
    assert [m.group() for m in rx.finditer("2차 전지와 이차전지, 2차전지는")] == ["2차 전지", "이차전지", "2차전지"]


def test_phrase_matches_spaced_compound():
    m = compile_match('"전세사기 피해자"')
    assert f'"전세 {P}전세사기 사기 {P}사기피해 피해 해자"' in m and f'"전세 세사 사기 {P}사기피해 피해 해자"' in m


def test_paired_short_forms_match_separated_and_hanja_spellings():
    assert compile_match("한미") == '("한미" OR "한 미" OR "韓美")'
    assert compile_match("美中") == '("美中" OR "미중")'
    assert '"美中"' in compile_match("미중")
    assert '"한미"' in compile_match("한-미") and '"한미"' in compile_match("한·미")
    # words outside the short-form syllables are unchanged; the split spelling is never a prefix
    assert compile_match("그룹") == '"그룹"'
    assert '"한 미" *' not in compile_match("한미")
    assert parse("한미").highlight_re.search("한·미 정상회담")
    assert parse("美中").highlight_re.search("미중 갈등")


def test_names_with_several_spellings_match_each_other():
    from storage.query import compile_match

    assert "금융 융감 감독 독원" in compile_match("금감원은")  # particle stripped, then the group
    assert '"naver"' in compile_match("네이버") and "네이 이버" in compile_match("NAVER")
    assert compile_match("그룹") == '"그룹"'  # words without a group are untouched
    assert compile_match('"종부세"') == '"종부 부세"'  # a quoted phrase stays exact


def test_unquoted_multi_word_names_are_one_phrase_with_other_spellings():
    m = compile_match("Samsung Electronics")
    assert m == '("samsung electronics" OR "삼성 성전 전자")'
    assert '"samsung electronics"' in compile_match("삼성전자의")
    # possessive dropped; the Hangul name counts; Lee Jae-yong is another person
    assert compile_match("Lee Jae-myung's") == '("lee jae myung" OR "이재 재명")'
    assert "yong" not in compile_match("Lee Jae-myung")
    q = parse("Samsung Electronics -Lee Jae-yong")
    assert q.exclude == '("lee jae yong" OR "이재 재용")'
    assert compile_match('"Samsung Electronics"') == '"samsung electronics"'  # quoted stays exact


def test_possessive_and_english_spellings():
    assert compile_match("Kim's") == '"kim"'
    assert compile_match("U.S.") == '("u s" OR "us" OR "united states")'
    assert '"u s"' in compile_match("US")
    assert compile_match("semi-conductor") == '("semi conductor" OR "semiconductor")'
    assert compile_match("semiconductor") == '("semiconductor" OR "semi conductor")'
    assert compile_match("LG") == '"lg"'  # plain acronyms are not spelled out


def test_brand_inside_mixed_word_and_amounts():
    assert '"galaxy s 24"' in compile_match("갤럭시S24")
    assert '"iphone 16"' in compile_match("아이폰16")
    # 1조 2000억원 is one amount, not 1조 AND 2000억원 (11조 2000억원 has both)
    m = compile_match("1조 2000억원")
    assert " AND " not in m and '"1 조 2000 억원"' in m and '"1 조 2000 억 원"' in m
    assert " AND " in compile_match("1조 반도체")


def test_quoted_phrase_drops_particle_of_last_word():
    m = compile_match('"금리 인하를"')
    assert f'"금리 {P}금리인하 인하"' in m and f'"금리 {P}금리인하 인하 하를"' not in m  # subsumed by "금리 인하"


def test_one_syllable_word_is_not_a_prefix():
    assert compile_match("금") == '"금"'  # not 금리/금요일
    assert compile_match("1,400원") == '("1 400 원" OR "1 400 원" *)'  # a counter after a number still is


def test_phrase_words_lose_particles_and_quarters_old_spelling():
    assert f'"금리 {P}금리인하 인하"' in compile_match('"금리를 인하"')
    assert '"1 4 분기"' in compile_match("1분기")  # 1·4분기
    assert '"1 분 기"' not in compile_match("1분기")  # only amounts (억원, 만명) are split after a number
    assert compile_match("Yoon Suk-yeol") == compile_match("Yoon Suk Yeol")


@pytest.mark.parametrize("word, text", [
    ("줄이다", "정부는 공공기관 정원을 줄여 예산을 아낀다."),
    ("줄이다", "연준은 인하 횟수 전망을 줄였다."),
    ("줄이다", "대기 시간 줄인다"),
    ("낮추다", "수수료를 7.8%로 낮춘다"),
    ("늘리다", "조명을 늘렸다고 밝혔다"),
    ("찾다", "해법을 찾았다"),
    ("만들다", "새 규칙을 만든 정부"),
    ("열다", "도서관이 자정까지 문을 연다"),
    ("살다", "서울에 살았다"),
])  # fmt: skip
def test_dictionary_form_matches_conjugations(archive, word, text):
    archive.save_article({"url": "https://x.test/1", "title": "제목", "body": text})
    archive.save_article({"url": "https://x.test/2", "title": "제목", "body": "줄줄이 이어진 행렬과 늘 그렇듯 낮은 수준의 만두"})
    assert [h.url for h in archive.search(word).results] == ["https://x.test/1"]


def test_conjugations_only_for_regular_dictionary_forms():
    from storage.query import conjugations

    forms = conjugations("줄이다")
    assert {"줄이기", "줄이는", "줄인", "줄일", "줄입", "줄여", "줄였"} <= set(forms) and "줄이" not in forms
    assert conjugations("가다") == [] and conjugations("인하하다") == [] and conjugations("반도체") == []


def test_one_syllable_verb_is_not_matched_by_a_lone_syllable(archive):
    # 열다's adnominal 연 alone is mostly another word (연 3.50%: annual); its present form 연다 is matched instead.
    archive.save_article({"url": "https://x.test/1", "title": "제목", "body": "한은은 기준금리를 연 3.50%로 동결했다"})
    archive.save_article({"url": "https://x.test/2", "title": "제목", "body": "도서관이 자정까지 문을 연다"})
    assert [h.url for h in archive.search("열다").results] == ["https://x.test/2"]


def test_a_spelling_that_is_an_english_word_is_never_added_for_the_others(archive):
    # `Fed` is also the verb fed and the index folds case: 연준 finds 연방준비제도 and Federal Reserve, not "fed".
    archive.save_article({"url": "https://x.test/1", "title": "제목", "body": "미국 연방준비제도가 금리를 내렸다"})
    archive.save_article({"url": "https://x.test/2", "title": "Wiring", "body": "The signal is fed to many loads."})
    archive.save_article({"url": "https://x.test/3", "title": "Rates", "body": "The Federal Reserve cut rates."})
    assert {h.url for h in archive.search("연준").results} == {"https://x.test/1", "https://x.test/3"}
    assert {h.url for h in archive.search("Fed").results} == {"https://x.test/1", "https://x.test/2", "https://x.test/3"}


def test_translate_finds_korean_news_for_english_terms_only_when_asked(archive):
    archive.save_article({"url": "https://x.test/1", "title": "역대급 폭염에 온열질환자 급증", "body": "폭염 특보가 이어졌다."})
    archive.save_article({"url": "https://x.test/2", "title": "국제유가 급등", "body": "브렌트유 가격이 올랐다."})
    archive.save_article({"url": "https://x.test/3", "title": "Heat wave grips Europe", "body": "Temperatures topped 40C."})
    assert {h.url for h in archive.search("heat wave").results} == {"https://x.test/3"}  # default: the words only
    assert {h.url for h in archive.search("heat wave", translate=True).results} == {"https://x.test/1", "https://x.test/3"}
    assert {h.url for h in archive.search("oil prices", translate=True).results} == {"https://x.test/2"}  # plural, two words
    # Korean → English is not added: English pages that merely mention a term would crowd out Korean news.
    assert {h.url for h in archive.search("폭염", translate=True).results} == {"https://x.test/1"}
