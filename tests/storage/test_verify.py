"""storage.verify through `Archive.search`: each class of match the index finds only as part of something else
(tests/fixtures/search_holdout3 and search_holdout4 articles), with the default index and with morphemes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import storage.verify as verify
from storage import Archive
from storage.query import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SETS = ("search_holdout3", "search_holdout4")

# (set, query, must be found, must not be found): what the index alone also returned is in the last column.
CASES = [
    # Hangul word boundaries: another word's syllables (유가족 = 유+가족), a common noun inside a name (유가증권), a
    # name + particle (아이유가); compounds built on the word still match (국제유가, 조선업계/조선소, 조선 시대).
    ("search_holdout4", "유가", {14, 32, 40}, {30, 31, 42}),
    ("search_holdout4", "조선", {33, 35}, {34}),  # the newspaper 조선일보 is an outlet's name, not shipbuilding
    ("search_holdout4", "국제유가", {14, 32, 40}, set()),  # 가 read as a particle: the word as written is spaced too
    ("search_holdout4", "전세", {36}, {37}),  # 전세계 = 전 + 세계
    ("search_holdout4", "부산", {17, 38, 56}, {39}),  # 부산물
    ("search_holdout4", "가수", {42}, {43}),  # 가수요
    ("search_holdout4", "삼성", {10, 37}, {52}),  # 삼성전자 yes, the district 삼성동 no
    ("search_holdout3", "강남", {5, 6}, {7}),  # 한강남단 = 한강 + 남단
    ("search_holdout4", "이란", {40}, {41}),  # the particle of 정책이란
    # Name boundaries: inside a person's name.
    ("search_holdout3", "정의", {3, 4}, {1}),  # 정의선
    ("search_holdout4", "이자", {50}, {51}),  # 이자스민
    ("search_holdout4", "신라", {46}, {47}),  # a name inside another name: the noodle brand 신라면
    # Short Latin acronyms: case, glued digits, `&`.
    ("search_holdout3", "US", {10, 13, 14, 16, 45}, {8, 15}),  # us, used (Porter's `us`)
    ("search_holdout4", "IT", {53}, {54}),  # the pronoun it
    ("search_holdout3", "EV", {37, 43}, {1}),  # EV9
    ("search_holdout4", "KT", {26}, {55}),  # KT&G
    # Number/unit boundaries.
    ("search_holdout4", "3%", {8, 11, 37, 55}, {31, 58, 59}),  # 13%, 0.3%/3.5%, 3%포인트
    ("search_holdout3", "2~3%", {31, 32}, {33}),  # 2~3년
    ("search_holdout4", "100명", {20}, {21}),  # 1,100명
    # A prefix starts a word.
    ("search_holdout3", "반도*", {9, 34, 36, 39, 46, 47}, {35}),  # 한반도
    # Verbs and adjectives: irregular forms found, other words spelled alike not.
    ("search_holdout4", "오르다", {13, 14, 18, 20, 24, 40}, {15}),  # 올랐다/올라 (르-irregular); 오른쪽
    ("search_holdout4", "어렵다", {19, 20}, set()),  # 어려운/어려워졌다 (ㅂ-irregular)
    ("search_holdout4", "좋다", {24, 41}, {25}),  # 좋아한다 (좋아하다, to like)
    ("search_holdout4", "막다", {9, 16, 18, 43}, {17}),  # 개막을
    ("search_holdout4", "낮다", {32}, {23}),  # 한낮은
    ("search_holdout4", "줄였다", {1, 2, 38, 39}, set()),  # a conjugated query finds the other forms (줄여, 줄인)
]


@pytest.fixture(scope="module", params=["bigrams", "morphemes"])
def archives(request, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name in SETS:
        path = tmp_path_factory.mktemp(name) / "a.db"
        with Archive(path) as a:
            for art in json.loads((FIXTURES / name / "articles.json").read_text(encoding="utf-8")):
                assert a.save_article({k: v for k, v in art.items() if k != "id"}).id == art["id"]
            if request.param == "morphemes":
                a.reindex(morphemes=True)
        out[name] = path
    return out


def _ids(path: Path, query: str, **kwargs) -> set[int]:
    with Archive(path, readonly=True) as a:
        return {h.id for h in a.search(query, limit=100, **kwargs).results}


@pytest.mark.parametrize("name, query, found, not_found", CASES, ids=[c[1] for c in CASES])
def test_matches_only_inside_other_words_are_dropped(archives, name, query, found, not_found):
    got = _ids(archives[name], query)
    assert found <= got and not (not_found & got), (sorted(got), found, not_found)


def test_dropped_matches_are_not_counted_and_date_sorts_drop_them_too(archives):
    path = archives["search_holdout4"]
    with Archive(path, readonly=True) as a:
        res = a.search("유가")
        assert res.total == 3 and res.total_exact
        for sort in ("newest", "oldest"):
            assert {h.id for h in a.search("유가", sort=sort).results} == {14, 32, 40}
        page = a.search("유가", limit=1, offset=1)
        assert page.total == 3 and len(page.results) == 1 and page.results[0].id in {14, 32, 40}


def test_watches_and_trends_see_what_search_shows(archives):
    from storage.search import counts_by_period, matching_ids

    path = archives["search_holdout4"]
    with Archive(path, readonly=True) as a:
        assert matching_ids(a.db, "유가") == [14, 32, 40]
        assert sum(n for _, _, n in counts_by_period(a.db, "유가", "month")) == 3


@pytest.mark.parametrize("archives", ["bigrams"], indirect=True)  # a morpheme archive carries its own analyzer
def test_without_the_analyzer_dictionary_free_rules_still_apply(archives, monkeypatch):
    # Hangul nouns inside longer words need mecab-ko's dictionary to be judged; without it they are kept.
    assert verify.verifier(parse("유가"), load=lambda: None) is not None
    monkeypatch.setattr(verify, "default_analyzer", lambda: None)
    monkeypatch.setattr(verify.verifier, "__defaults__", (lambda: None,))
    holdout3, holdout4 = archives["search_holdout3"], archives["search_holdout4"]
    assert "search_morph" not in _columns(holdout4)
    assert {30, 31} <= _ids(holdout4, "유가")  # kept: no dictionary to tell 유가족 from 국제+유가
    assert not {8, 15} & _ids(holdout3, "US") and 55 not in _ids(holdout4, "KT") and 31 not in _ids(holdout4, "3%")
    assert 15 not in _ids(holdout4, "오르다") and 17 not in _ids(holdout4, "막다")


def _columns(path: Path) -> tuple[str, ...]:
    from storage.schema import fts_columns

    with Archive(path, readonly=True) as a:
        return fts_columns(a.db)


def test_a_determiner_written_with_a_noun_makes_another_word(archives):
    got = _ids(archives["search_holdout4"], "인상하다")
    assert {4, 26} <= got and 27 not in got, sorted(got)  # 27: only 첫인상 (first impression) and 인상적


@pytest.mark.parametrize("query, text, accepted", [
    ("조선", "조선일보는 창간 기념 포럼을 열었다.", False),  # an outlet's name (일보: always one)
    ("경남", "경남신문 취재진이 현장을 찾았다.", False),  # 신문 after a place name: the outlet
    ("연합", "연합뉴스는 이날 보도했다.", False),  # one proper noun to the dictionary
    ("가짜", "가짜뉴스가 퍼졌다.", True),  # 신문/뉴스 after a common noun: a plain compound
    ("지역", "지역신문이 문을 닫았다.", True),
    ("거래", "코스피는 전 거래일보다 1% 올랐다.", True),  # 거래일 + 보다 (than): not an outlet named 거래일보
    ("국민", "국민의힘은 이날 의원총회를 열었다.", False),  # a party's name made of common words
    ("정의", "정의당의 논평이 나왔다.", False),
    ("조국", "조국혁신당이 창당했다.", False),
    ("국민", "국민의 삶이 나아져야 한다.", True),  # the word itself, with the same particle
    ("세계", "전세계 시장이 흔들렸다.", True),  # a glued determiner keeps a noun query's referent
    ("정부", "새정부는 출범했다.", True),
    ("인상하다", "첫인상이 좋았다.", False),  # … but a 하다 verb's noun under it is a thing, not the action
    ("인상하다", "요금 인상이 예고됐다.", True),
])
def test_outlet_names_and_determiner_compounds(query, text, accepted):
    v = verify.verifier(parse(query))
    assert v is not None and v.accepts(None, None, text) is accepted


def test_queries_without_checkable_words_are_not_checked():
    assert verify.verifier(parse('"국제 유가"')) is None  # phrases: adjacency is the index's own check
    assert verify.verifier(parse("인공지능")) is None  # a longer word: traps are two-syllable words
    assert verify.verifier(parse("semiconductor")) is None  # lower-case English words: the index's tokens
    assert verify.verifier(parse("유가 -유가족")) is not None and verify.verifier(parse("-유가")) is None


def test_past_the_fully_checked_size_total_is_an_estimate(tmp_path):
    # 60 copies of an oil-price article and 60 of a 유가족 one: more candidates than are all checked (FULL_CHECK),
    # so the page is checked best-first and the total scaled by the share dropped.
    from storage.search import FULL_CHECK

    arts = {a["id"]: a for a in json.loads((FIXTURES / "search_holdout4" / "articles.json").read_text(encoding="utf-8"))}
    with Archive(tmp_path / "a.db") as a:
        a.save_articles([{k: v for k, v in arts[src].items() if k != "id"} | {"url": f"https://news.example.kr/copy/{src}/{n}"}
                         for n in range(60) for src in (14, 30)])  # fmt: skip
        oil = {r[0] for r in a.db.execute("SELECT id FROM articles WHERE url LIKE '%/copy/14/%'")}
        res = a.search("유가", limit=5)
        assert 120 > FULL_CHECK and res.total_estimated and not res.total_exact and res.to_dict()["total_estimated"]
        assert {h.id for h in res.results} <= oil and len(res.results) == 5
        assert 5 <= res.total < 120  # the 유가족 copies checked so far are not counted, the unchecked rest scaled
        everything = a.search("유가", limit=200)  # a page as deep as the matches: all checked, exact again
        assert {h.id for h in everything.results} == oil and everything.total == 60 and everything.total_exact
        assert not everything.total_estimated
