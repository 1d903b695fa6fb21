"""The optional morpheme column (`storage.morphemes`, `Archive.reindex(morphemes=True)`), with the real
mecab-ko analyzer of the `morph` extra (installed by `make install` / CI through the `dev` extra)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import Archive
from storage.archive import ArchiveError
from storage.morphemes import MORPH_VERSION, default_analyzer
from storage.query import parse
from storage.tokens import SEARCH_INDEX_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search_morph"
ARTICLES = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def analyzer():
    a = default_analyzer()
    assert a is not None, "the `morph` extra (python-mecab-ko) must be installed to run these tests: pip install -e '.[dev]'"
    return a


def _fill(path: Path) -> dict[str, int]:
    with Archive(path) as a:
        return {art["key"]: a.save_article({k: v for k, v in art.items() if k != "key"}).id for art in ARTICLES}


def _keys(a: Archive, query: str, ids: dict[str, int]) -> list[str]:
    names = {v: k for k, v in ids.items()}
    return [names[h.id] for h in a.search(query).results]


def test_analyzer_gives_whole_words_and_dictionary_forms(analyzer):
    assert analyzer.terms("세월호 유가족들이 기자회견을 열었다").count("유가") == 0  # 유가족 is one word
    assert "유가족" in analyzer.terms("유가족들이")
    assert "유가" in analyzer.terms("국제유가가 급등했다")
    assert "줄이다" in analyzer.terms("온실가스 배출을 줄였다")
    assert "오르다" in analyzer.terms("배추 가격이 크게 올랐다")  # irregular: no bigram rule spells 올랐다
    assert "그룹" in analyzer.terms("현대자동차그룹은 투자를 늘린다")
    assert analyzer.terms("") == [] and analyzer.terms("HBM3E 2024") == []


def test_morphemes_rank_whole_words_above_substrings_and_find_forms_bigrams_cannot(tmp_path, analyzer):
    path = tmp_path / "m.db"
    ids = _fill(path)
    with Archive(path) as a:
        assert not a.morphemes_indexed and a.search_index_version == SEARCH_INDEX_VERSION
        # Bigrams alone find the 유가족 article (유가 three times, once in its title) and used to rank it first;
        # storage.verify drops it (유가족 = 유 + 가족). The irregular 올랐다 is spelled out (르-irregular forms);
        # 금 with a particle (금을) is not found.
        assert _keys(a, "유가", ids) == ["oil"]
        assert _keys(a, "유가족", ids) == ["families"]
        assert _keys(a, "오르다", ids) == ["price-rise"] and _keys(a, "금", ids) == []
        a.reindex(morphemes=True)
        assert a.morphemes_indexed and not a.needs_reindex and a.check_index()
        assert a.search_index_version == f"{SEARCH_INDEX_VERSION}+{MORPH_VERSION}"
    with Archive(path, readonly=True) as a:
        assert _keys(a, "유가", ids) == ["oil"]  # the substring match (유가족) is dropped by storage.verify
        assert _keys(a, "오르다", ids) == ["price-rise"]
        assert _keys(a, "금", ids) == ["gold"]  # not 금리 (rates)
        assert _keys(a, "그룹", ids) == ["group"]  # a compound still matches its part
        assert _keys(a, "유가족", ids) == ["families"]
        assert _keys(a, "유가 -유가족", ids) == ["oil"]
        # A noun with a derivational suffix is its own word: 수도권 (metropolitan area) is no match of 수도 (capital)
        # (storage.verify: 수도 + the suffix 권); 연 in `연 3.5%` (annual) is no form of 열다 (to open).
        assert _keys(a, "수도", ids) == ["capital"]
        assert _keys(a, "수도권", ids) == ["metro"]
        assert _keys(a, "열다", ids) == ["families"]


def test_new_articles_get_morphemes_and_reindex_can_drop_them(tmp_path, analyzer):
    path = tmp_path / "m.db"
    with Archive(path) as a:
        a.reindex(morphemes=True)
        a.save_articles([{k: v for k, v in art.items() if k != "key"} for art in ARTICLES[:3]])  # the batch path
        one = a.save_article({k: v for k, v in ARTICLES[3].items() if k != "key"}).id  # the one-by-one path
        edited = dict(ARTICLES[0], body="국제유가가 내렸다.")
        a.save_article({k: v for k, v in edited.items() if k != "key"})  # an update re-derives the column
        assert a.check_index()
        assert [h.id for h in a.search("금").results] == [one]
        assert "내리다" in a.db.execute("SELECT search_morph FROM articles WHERE url = ?", [ARTICLES[0]["url"]]).fetchone()[0]
        a.reindex(morphemes=False)
        assert not a.morphemes_indexed and a.check_index() and a.search_index_version == SEARCH_INDEX_VERSION
        assert a.db.execute("SELECT count(*) FROM articles WHERE search_morph IS NOT NULL").fetchone()[0] == 0
        assert a.search("금").results == []


def test_bigram_only_queries_are_unchanged_without_the_column(analyzer):
    # The default index compiles queries exactly as before: the morpheme alternative exists only with an analyzer.
    q = parse("유가 줄이다 금")
    assert "search_morph" not in q.match
    m = q.with_morphemes(analyzer)
    assert 'search_morph : "줄이다"' in m.match
    # A word that is its own morpheme and bigram (유가, 금) is one phrase in every column: both matches at once.
    assert m.match == '"유가" AND ' + m.match.split(" AND ")[1] + ' AND "금"'
    assert "search_morph" not in parse('"국제 유가" HBM3E').with_morphemes(analyzer).match  # phrases, Latin: bigrams only
    # Morphemes must not match more widely than the word: 금통위 is an abbreviation mecab cuts letter by letter
    # (its 금 would match the query 금): bigrams only. 수도권 is one derived noun, not 수도 (capital) + a suffix.
    assert '"수도권"' in parse("수도권").with_morphemes(analyzer).rank  # (3+ syllables: only in search_morph)
    # A noun as written is found by its bigrams alone (same articles, one walk); its morpheme counts in the ranking.
    noun = parse("반도체").with_morphemes(analyzer)
    assert noun.match == parse("반도체").match and 'OR "반도체")' in noun.rank
    assert 'search_morph : "오르다"' in parse("오르다").with_morphemes(analyzer).match  # 올랐다 has no bigram spelling
    assert analyzer.terms("수도권 집값이 올랐다") == ["수도권", "집값", "오르다"]
    assert analyzer.terms("합계출산율이 떨어졌다") == ["합계", "출산율", "떨어지다"]
    assert analyzer.terms("기준금리를 연 3.50%로 동결했다") == ["기준", "금리", "동결", "동결하다"]  # 연 (annual), not 열다
    assert analyzer.terms("기자회견을 연 뒤") == ["기자", "회견", "열다", "뒤"]
    assert analyzer.terms("세월호 유가족") == ["세월호", "유가족"] and analyzer.terms("사람 한 명") == ["사람"]
    assert "search_morph" not in parse("금통위").with_morphemes(analyzer).match
    assert "금" not in analyzer.terms("한은 금통위는 금리를 동결했다")
    assert analyzer.query_terms("삼성전자의") == ["삼성전자"] and analyzer.query_terms("기준금리를") == ["기준", "금리"]


def _cli(path: Path, *args: str, hide_analyzer: bool) -> subprocess.CompletedProcess:
    # `sys.modules["mecab"] = None` makes `import mecab` raise ImportError, as on a machine without the extra.
    hide = "sys.modules['mecab'] = None; " if hide_analyzer else ""
    code = f"import sys; {hide}sys.argv = ['newsarchive'] + sys.argv[1:]; from crawler.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, "--db", str(path), *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"}, timeout=120)  # fmt: skip


def test_missing_analyzer_falls_back_to_bigrams_in_one_line(tmp_path, analyzer):
    path = tmp_path / "m.db"
    _fill(path)
    r = _cli(path, "reindex", "--morphemes", hide_analyzer=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "morph" in r.stderr, r.stderr
    r = _cli(path, "reindex", "--morphemes", hide_analyzer=False)
    assert r.returncode == 0 and "morphemes" in r.stdout, r.stderr
    r = _cli(path, "search", "유가", "--json", hide_analyzer=True)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "indexed with morphemes but the analyzer is missing" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert json.loads(r.stdout)["total"] == 2  # bigrams still find both
    # Articles written meanwhile are kept (bigrams only) and get their morphemes from the next reindex.
    with Archive(path, readonly=True) as a:
        assert a.morphemes_indexed


def test_reindex_with_morphemes_needs_the_analyzer(tmp_path, monkeypatch):
    import storage.archive as archive_module

    monkeypatch.setattr(archive_module, "default_analyzer", lambda: None)
    with Archive(tmp_path / "m.db") as a:
        with pytest.raises(ArchiveError, match="morph"):
            a.reindex(morphemes=True)
        assert not a.morphemes_indexed


def test_a_writer_opened_before_another_process_reindexed_keeps_working(tmp_path, analyzer):
    path = tmp_path / "m.db"
    records = [{k: v for k, v in art.items() if k != "key"} for art in ARTICLES]
    with Archive(path) as crawler:
        crawler.reindex(morphemes=True)
        with Archive(path) as other:  # e.g. `newsarchive reindex --no-morphemes` while a crawl runs
            other.reindex(morphemes=False)
        crawler.save_articles(records[:3])  # the crawler still thinks the index has the morpheme column
        crawler.save_article(records[3])
        assert crawler.check_index() and crawler.search("유가").total == 1 and crawler.search("유가족").total == 1


def test_lattice_reading_matches_the_public_api(analyzer):
    # The analyzer reads mecab-ko's lattice itself (2x faster); python-mecab-ko's `MeCab.parse` is the fallback.
    from storage.morphemes import MecabAnalyzer

    public = MecabAnalyzer()
    public._tagger = None
    texts = [a["title"] + "\n" + a["body"] for a in ARTICLES] + ["금통위는 금을 사들였다", "Ｈyundai 현대자동차그룹은 올랐다"]
    assert all(analyzer.terms(t) == public.terms(t) for t in texts)
    assert [analyzer.query_terms(w) for w in ("수도권", "줄이다", "삼성전자의")] == [public.query_terms(w) for w in ("수도권", "줄이다", "삼성전자의")]


def test_names_mecab_cuts_into_pieces_are_one_proper_noun(analyzer):
    # mecab-ko-dic alone: 세월/호, 셀/트(verb)/리온, 문화/체육관/광부 (miner) — the user dictionary keeps each whole.
    assert analyzer.terms("세월호 유가족들이 문화체육관광부를 찾았다") == ["세월호", "유가족", "문화체육관광부", "찾다"]
    assert analyzer.terms("셀트리온이 엔비디아와") == ["셀트리온", "엔비디아"]
    assert analyzer.terms("세월이 흘러") == ["세월", "흐르다"]
    assert analyzer.terms("현대자동차그룹은") == ["현대", "자동차", "그룹"]  # a name read as words keeps them


def test_without_its_user_dictionary_the_analyzer_still_works(monkeypatch, tmp_path, caplog):
    import storage.morphemes as morphemes

    monkeypatch.setattr(morphemes, "NAMES_FILE", tmp_path / "missing.txt")
    assert morphemes.user_dictionary() is None
    assert "user dictionary unavailable" in caplog.text
    assert morphemes.MecabAnalyzer().terms("세월호 유가족") == ["세월호", "유가족"]  # (세월/호 joined: a counter after a noun)


def test_a_hada_verb_query_ranks_its_verb_uses_above_the_noun(tmp_path, analyzer):
    assert analyzer.terms("금리를 인하했다") == ["금리", "인하", "인하하다"] and analyzer.terms("금리 인하 기대") == ["금리", "인하", "기대"]
    with Archive(tmp_path / "h.db") as a:
        a.reindex(morphemes=True)
        noun = a.save_article({"url": "https://x.test/noun", "title": "요금 인하 기대감", "body": "요금 인하 기대감이 커졌다. 인하 폭이 관심이다."}).id
        verb = a.save_article({"url": "https://x.test/verb", "title": "통신 요금 조정", "body": "정부가 통신 요금을 인하했다."}).id
        assert [h.id for h in a.search("인하하다").results] == [verb, noun]  # the noun still matches, below
        assert {h.id for h in a.search("인하").results} == {verb, noun}
