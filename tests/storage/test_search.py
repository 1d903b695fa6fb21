from __future__ import annotations

import pytest

from storage import Archive, QuerySyntaxError
from storage.evaluation import score_queries
from storage.snippets import make_snippet
from storage.query import parse


def test_labelled_set_recall_and_precision(labelled, labelled_db):
    _, queries = labelled
    assert len(queries) >= 40
    with Archive(labelled_db, readonly=True) as a:
        score = score_queries(a, queries)
        for q in queries:  # the reported total agrees with the results
            assert a.search(q["query"], limit=0).total == len({h.id for h in a.search(q["query"], limit=1000).results})
    recall, precision = score.recall, score.precision
    assert recall >= 0.98, recall
    assert precision >= 0.95, precision


def test_fixture_size(labelled):
    articles, queries = labelled
    assert len(articles) >= 60 and len(queries) >= 40
    ids = {a["id"] for a in articles}
    assert all(set(q["relevant"]) <= ids and q["relevant"] for q in queries)


def test_two_syllable_inside_longer_words(labelled_db):
    with Archive(labelled_db, readonly=True) as a:
        assert {h.id for h in a.search("그룹").results} == {14, 20, 63}  # LG그룹, SK그룹은
        res = a.search("기준금리")
        assert {h.id for h in res} == {1, 2, 6, 54}  # includes 기준 금리 spelled apart


@pytest.fixture
def small(archive):
    recs = [
        dict(url="https://a/1", site="yna", section="경제", title="기준금리 동결", body="한국은행은 기준금리를 동결했다. 투자 위축 우려.",
             authors=["김민수 기자"], published="2024-05-02T09:00:00+09:00"),
        dict(url="https://a/2", site="hani", section="경제", title="채권 시장", body="기준 금리 인하 기대감에 채권값이 올랐다.",
             authors=["박지현 기자"], published="2024-05-01T09:00:00+09:00"),
        dict(url="https://a/3", site="hani", section="산업", title="삼성전자 투자", body="삼성전자의 반도체 투자가 늘었다.",
             authors=["김민수 기자"], published="2024-04-30T23:30:00+00:00"),
        dict(url="https://a/4", site="mk", section="경제", title="기준금리 동결", body="한국은행은 기준금리를 동결했다. 투자 위축 우려.",
             authors=["이준호 기자"], published="2024-05-03T09:00:00+09:00", duplicate_of=1, similarity=1.0),
        dict(url="https://a/5", site="mk", section="경제", title="날짜 없는 기사", body="금리 이야기"),
    ]
    for r in recs:
        archive.save_article(r)
    return archive


def ids(res):
    return [h.id for h in res.results]


def test_ranking_title_first_and_ties_newest(small):
    # BM25 needs a corpus where the words are rare (IDF): add unrelated articles
    for i in range(40):
        small.save_article({"url": f"https://filler/{i}", "title": f"날씨 소식 {i}", "body": "맑고 따뜻한 날씨가 이어진다."})
    res = small.search("기준금리")
    # 1 and 4 have the word in title and body (identical text: newest first), 2 only in the body
    assert ids(res) == [4, 1, 2]
    assert res.total == 3
    assert res.results[0].score > res.results[2].score > 0


def test_sorts_and_paging(small):
    assert ids(small.search("금리", sort="newest"))[:4] == [5, 4, 1, 2]  # 5 is undated: sorts by first_seen (now)
    assert ids(small.search("금리", sort="oldest")) == [2, 1, 4, 5]
    page = small.search("금리", sort="oldest", limit=2, offset=1)
    assert ids(page) == [1, 4] and page.total == 4
    assert small.search("금리", offset=10).results == [] and small.search("금리", offset=10).total == 4
    with pytest.raises(ValueError):
        small.search("금리", sort="best")


def test_filters(small):
    assert ids(small.search("투자", site="hani")) == [3]
    assert sorted(ids(small.search("투자", site=["hani", "mk"]))) == [3, 4]
    assert sorted(ids(small.search("투자", section="경제"))) == [1, 4]
    assert sorted(ids(small.search("투자", author="김민수"))) == [1, 3]
    assert ids(small.search("", author="이준호")) == [4]
    # 2024-04-30T23:30Z is May 1st in Korea but April 30th in UTC: dates are UTC
    assert sorted(ids(small.search("", since="2024-05-01", until="2024-05-02"))) == [1, 2]
    assert ids(small.search("", until="2024-04-30")) == [3]
    assert ids(small.search("", since="2024-05-03T00:00:00Z", until="2024-05-03T00:00:00Z")) == [4]
    with pytest.raises(ValueError, match="since"):
        small.search("x", since="last week")
    with pytest.raises(ValueError):
        small.search("x", since="2024-05-03", until="2024-05-01")


def test_collapse_duplicates(small):
    assert sorted(ids(small.search("동결"))) == [1, 4]
    res = small.search("동결", collapse_duplicates=True)
    assert ids(res) == [1] and res.total == 1
    # the duplicate stays when its original is not among the matches
    assert ids(small.search("동결", site="mk", collapse_duplicates=True)) == [4]


def test_exclusion_only_and_blank(small):
    assert sorted(ids(small.search("-금리"))) == [3]
    assert small.search("").total == 5
    assert ids(small.search(None, sort="oldest"))[0] == 3


def test_hit_fields_and_snippet(small):
    hit = small.search("삼성전자의").results[0]
    assert hit.id == 3 and hit.url == "https://a/3" and hit.site == "hani" and hit.section == "산업"
    assert hit.authors == ["김민수 기자"] and hit.published.startswith("2024-04-30")
    assert hit.marked_snippet() == "[삼성전자]의 반도체 투자가 늘었다."
    d = small.search("삼성전자").to_dict()
    assert d["total"] == 1 and d["results"][0]["snippet"]


def test_bad_query_raises_one_line_error(small):
    with pytest.raises(QuerySyntaxError) as e:
        small.search("?!")
    assert "\n" not in str(e.value)


def test_snippet_window_and_merge():
    text = "가나다라 " * 30 + "한국은행은 기준 금리를 동결했다. 기준금리 동결 " + "마바사 " * 40
    s = make_snippet(text, parse("기준금리 동결").highlight_re)
    assert s.text.startswith("…") and s.text.endswith("…") and len(s.text) <= 95
    marked = s.marked()
    assert "[기준 금리]" in marked and "[기준금리 동결]" in marked  # adjacent hits merged
    assert make_snippet("", None).text == ""
    assert make_snippet("<b>x</b> 금리", parse("금리").highlight_re).html() == "&lt;b&gt;x&lt;/b&gt; <mark>금리</mark>"


def test_rank_window_keeps_total_exact(archive):
    for i in range(30):
        archive.save_article({"url": f"https://w/{i}", "title": f"기사 {i}", "body": "반도체 " * (1 + i % 5)})
    full = archive.search("반도체", rank_window=None, limit=5)
    windowed = archive.search("반도체", rank_window=10, limit=5)
    assert full.total == windowed.total == 30
    assert all(h.id > 20 for h in windowed.results)  # ranked among the 10 most recently added matches
    assert len(windowed.results) == 5


def test_filtered_and_collapsed_ranking_agree_with_exact(labelled_db):
    with Archive(labelled_db, readonly=True) as a:
        for q in ["금리", "AI", "반도체 OR 배터리", "전기차"]:
            exact = [h.id for h in a.search(q, limit=100, rank_window=None).results]
            by_site = [h.id for h in a.search(q, site=["yna", "hani"], limit=100).results]
            sites = {h.id: h.site for h in a.search(q, limit=100).results}
            assert by_site == [i for i in exact if sites[i] in ("yna", "hani")]
            assert [h.id for h in a.search(q, collapse_duplicates=True, limit=100).results] == exact  # no duplicates here


def test_windowed_filtered_search(archive):
    for i in range(30):
        archive.save_article({"url": f"https://w/{i}", "site": "a" if i % 2 else "b", "title": f"기사 {i}", "body": "반도체 " * (1 + i % 5)})
    res = archive.search("반도체", site="a", rank_window=5, limit=3)
    assert res.total == 15 and len(res.results) == 3
    assert all(h.site == "a" and h.id >= 20 for h in res.results)  # among the 5 newest matching in site a
    assert archive.search("반도체", site="a", rank_window=5, limit=3, offset=14).total == 15
    assert len(archive.search("반도체", site="a", rank_window=5, limit=10, offset=10).results) == 5


def test_count_limit_makes_total_a_lower_bound(archive):
    archive.save_articles([{"url": f"https://n.kr/{i}", "title": f"반도체 {i}", "body": "반도체 수출"} for i in range(30)])
    exact = archive.search("반도체", limit=5)
    assert exact.total == 30 and exact.total_exact and exact.to_dict()["total_exact"] is True
    capped = archive.search("반도체", limit=5, count_limit=10, rank_window=8)
    assert capped.total == 10 and not capped.total_exact
    assert [h.id for h in capped] == [h.id for h in archive.search("반도체", limit=5, rank_window=8)]
    assert archive.search("반도체", limit=5, count_limit=None, rank_window=8).total == 30
    # a page past the limit is still served: the cap grows to cover it
    deep = archive.search("반도체", limit=5, offset=20, count_limit=10, rank_window=None)
    assert len(deep) == 5 and deep.total == 25 and not deep.total_exact
    assert archive.search("반도체", limit=5, count_limit=10, site="nope").total == 0
    with pytest.raises(ValueError):
        archive.search("반도체", count_limit=0)


def test_site_and_section_filters_run_in_fts_with_sql_semantics(archive):
    sections = ["IT", "it", "경제", None, "IT/과학"]
    for i in range(25):
        archive.save_article({"url": f"https://f/{i}", "site": f"s{i % 3}", "section": sections[i % 5], "title": f"반도체 {i}", "body": "반도체 수출 " * (1 + i % 4)})
    everything = {h.id: h for h in archive.search("반도체", limit=100).results}
    rows = {r["id"]: r for r in archive.db.query("SELECT id, site, section FROM articles")}
    for site, section in [("s1", None), (None, "it"), (None, "IT"), ("s2", "경제"), (["s0", "s2"], "IT/과학"), ("nope", None)]:
        got = archive.search("반도체", site=site, section=section, limit=100)
        sites = [site] if isinstance(site, str) else site
        want = [i for i in everything if (not sites or rows[i]["site"] in sites)
                and (section is None or (rows[i]["section"] or "").lower() == section.lower())]  # fmt: skip
        assert [h.id for h in got] == want, (site, section)  # same order as the unfiltered ranking
        assert got.total == len(want)
        blank = archive.search("", site=site, section=section, limit=100)  # no query: SQL filters
        assert sorted(h.id for h in blank) == sorted(want)


def test_filter_tokens_follow_updates(archive):
    archive.save_article({"url": "https://u/1", "site": "a", "section": "경제", "title": "금리", "body": "기준금리 동결"})
    assert [h.id for h in archive.search("금리", site="a", section="경제")] == [1]
    archive.save_article({"url": "https://u/1", "site": "b", "section": "정치", "title": "금리", "body": "기준금리 인상"})
    assert archive.search("금리", site="a").total == 0 and archive.search("금리", section="경제").total == 0
    assert [h.id for h in archive.search("금리", site="b", section="정치")] == [1]
    assert archive.check_index()


def test_exclusions_and_filters_keep_the_wanted_words_ranking(labelled_db):
    """Ranking a query with -word or filters by BM25 over its wanted words alone changes no score."""
    with Archive(labelled_db, readonly=True) as a:
        for wanted, unwanted in [("금리", "미국"), ("AI", "삼성"), ("반도체 OR 배터리", "중국")]:
            full = a.search(wanted, limit=100, rank_window=None).results
            dropped = {h.id for h in a.search(unwanted, limit=1000).results}
            for window in (None, 5):
                got = a.search(f"{wanted} -{unwanted}", limit=100, rank_window=window)
                assert got.total == len([h for h in full if h.id not in dropped])
                if window is None:
                    assert [(h.id, h.score) for h in got] == [(h.id, h.score) for h in full if h.id not in dropped]
            by_site = a.search(f"{wanted} -{unwanted}", site="yna", limit=100, rank_window=None)
            assert [h.id for h in by_site] == [h.id for h in full if h.id not in dropped and h.site == "yna"]


def test_one_spelling_words_rank_as_near_groups_in_the_phrase_order(labelled_db):
    """A word of one spelling is ranked over NEAR(its bigrams): same order as BM25 over its phrase."""
    assert parse("반도체").rank == 'NEAR("반도" "도체", 0)' and parse("반도체").match == '"반도 도체"'
    assert parse('"기준금리 인상"').rank == parse('"기준금리 인상"').wanted  # several spellings: phrases kept
    with Archive(labelled_db, readonly=True) as a:
        for q in ["반도체", "전기차", "배터리", "대통령"]:
            near = [h.id for h in a.search(q, limit=100, rank_window=None)]
            phrase = [r[0] for r in a.db.execute(
                "SELECT f.rowid FROM articles_fts f JOIN articles x ON x.id = f.rowid WHERE articles_fts MATCH ?"
                " ORDER BY f.rank, x.published_utc DESC, x.id DESC", [parse(q).match])]  # fmt: skip
            assert near == phrase and near, q


def test_an_offset_past_any_archive_is_an_empty_page(labelled_db):
    """`--offset 99999999999999999999` raised OverflowError (past SQLite's 64-bit integers)."""
    with Archive(labelled_db, readonly=True) as a:
        for sort in ("relevance", "newest"):
            res = a.search("기준금리", offset=99999999999999999999, sort=sort)
            assert res.results == [] and res.offset == 99999999999999999999
            assert res.total == a.search("기준금리").total


@pytest.fixture
def pairs_db(archive):
    import json
    from pathlib import Path

    records = json.loads((Path(__file__).parents[1] / "fixtures" / "search" / "phrase_pairs.json").read_text(encoding="utf-8"))
    for record in records:
        archive.save_article(record)
    return archive


PAIR_QUERIES = {  # query -> the fixture articles (1-based ids) it must find
    '"기준 금리"': {1, 4},  # the words adjacent, or joined (기준금리); not 2 (금리 기준, 기준은 금리)
    '"가격 금리"': {1, 4},
    '"가격 금"': {1, 3, 4},  # a lone last syllable stays a prefix: 가격 금리 and 가격, 금
    '"금리 동결"': {1},
    '"가나 나다"': set(),  # the words are not next to each other in 가나다 (one word)
    "기준금리": {1, 4},  # a compound also matches its spaced spelling
}


def test_phrase_across_words_is_matched_through_its_pair_token(pairs_db):
    a = pairs_db
    for query, want in PAIR_QUERIES.items():
        assert {h.id for h in a.search(query, limit=50)} == want, query
    # one rare token of the index holds exactly the articles where 기준 is followed by 금리: FTS5 seeks it
    # instead of checking the positions of every article holding both words (bench/README.md "Scale")
    pair = parse('"기준 금리"').match.split()[1]
    assert pair.startswith("\ue000")
    rows = a.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [f'"{pair}"']).fetchall()
    assert {r[0] for r in rows} == {1}  # 4 has 기준금리 (one word), matched by the joined spelling instead
    assert a.check_index()


def test_archive_indexed_before_pair_tokens_still_finds_phrases(pairs_db):
    """Until `reindex`, an archive of the previous scheme (bigram-2: no pair tokens) is searched without them."""
    from storage.tokens import PAIR_MARK

    a = pairs_db
    with a.writing():  # the index as bigram-2 made it: the same columns without the pair tokens
        for i, title, body in a.db.execute("SELECT id, search_title, search_body FROM articles").fetchall():
            title, body = (" ".join(t for t in col.split() if not t.startswith(PAIR_MARK)) for col in (title, body))
            a.db.execute("UPDATE articles SET search_title = ?, search_body = ? WHERE id = ?", [title, body, i])
        a.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
        a.set_meta("search_index_version", "bigram-2")
    assert a.needs_reindex
    for query, want in PAIR_QUERIES.items():
        if query != '"가나 나다"':  # the old scheme found words inside one word here (가나다: 가나 then 나다)
            assert {h.id for h in a.search(query, limit=50)} == want, query
    a.reindex()
    assert not a.needs_reindex and {h.id for h in a.search('"가격 금리"')} == {1, 4}
