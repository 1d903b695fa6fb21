"""The Datasette plugin, through Datasette's own test client."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest

datasette_app = pytest.importorskip("datasette.app")

import storage.datasette_plugin as plugin  # noqa: E402
from storage import Archive  # noqa: E402
from datasette.plugins import pm  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def registered():
    # The package's entry point registers the plugin once installed; before that, register it here once.
    if not any(getattr(p, "__name__", None) == plugin.__name__ for p in pm.get_plugins()):
        pm.register(plugin, name="newsarchive")
    yield


# pytest runs with the Twisted asyncio reactor, whose loop owns this thread: give Datasette its own loop in a
# thread of its own for the whole module.
_loop = asyncio.new_event_loop()
threading.Thread(target=_loop.run_forever, daemon=True, name="datasette-test-loop").start()


def run(coro):
    return asyncio.run_coroutine_threadsafe(coro, _loop).result(timeout=60)


@pytest.fixture
def ds(labelled_db, tmp_path):
    import shutil

    path = tmp_path / "news.db"
    shutil.copy(labelled_db, path)  # Datasette may open it read-write; keep the session copy pristine
    instance = datasette_app.Datasette([str(path)])
    run(instance.invoke_startup())
    return instance


def get(ds, path, **kwargs):
    return run(ds.client.get(path, **kwargs))


# 인도: the index also finds 인도네시아, which storage.verify drops in both (newsarchive_verify in the canned query).
@pytest.mark.parametrize("q", ["기준금리", "반도체 -삼성", "AI", "전기 자동차", "title:반도체", "반도체 -title:삼성", "인도"])
def test_canned_search_query_ranked_like_the_api(ds, labelled_db, q):
    r = get(ds, f"/news/search.json?q={q}&_shape=array")
    assert r.status_code == 200
    rows = r.json()
    with Archive(labelled_db, readonly=True) as a:
        assert [row["id"] for row in rows] == [h.id for h in a.search(q, limit=100).results]
    assert any("<mark>" in row["snippet"] for row in rows)  # (a title-only hit has no mark in the body)


def test_table_search_box_understands_title_fields(ds, labelled_db):
    r = get(ds, "/news/articles.json?_search=title:그룹&_shape=array&_col=title&_size=max")
    assert r.status_code == 200
    with Archive(labelled_db, readonly=True) as a:
        expected = {h.id for h in a.search("title:그룹", limit=100).results}
        everywhere = {h.id for h in a.search("그룹", limit=100).results}
    assert expected and expected < everywhere  # the field narrows the search: the test can tell the difference
    assert {row["id"] for row in r.json()} == expected


def test_table_search_box_uses_parser(ds):
    r = get(ds, "/news/articles.json?_search=그룹&_shape=array&_col=title")
    assert r.status_code == 200
    assert {row["id"] for row in r.json()} == {14, 20, 63}


def test_sql_functions(ds):
    r = get(ds, "/news.json?sql=select+newsarchive_match(:q)+as+m,+newsarchive_search_text(:t)+as+t&q=LG그룹은&t=LG그룹은&_shape=array")
    row = r.json()[0]
    assert row["m"] == '"lg 그룹"' and row["t"] == "lg 그룹 룹은"  # 그룹은 also finds 그룹: that phrase alone


@pytest.mark.parametrize("q", ['"unclosed', "NEAR(", "col:x", "(((", "-", "!!!", "", "AND", "-그룹"])
def test_malformed_queries_never_error(ds, q):
    r = get(ds, "/news/search.json?_shape=array&q=" + q.replace('"', "%22").replace("(", "%28"))
    assert r.status_code == 200, r.text
    r = get(ds, "/news/articles.json?_shape=array&_search=" + q.replace('"', "%22").replace("(", "%28"))
    assert r.status_code == 200, r.text


def test_metadata_describes_tables(ds):
    meta = get(ds, "/-/metadata.json").json()
    db = meta["databases"]["news"]
    assert "articles" in db["tables"] and db["tables"]["articles"]["description"]
    assert "search" in db["queries"]


def test_html_pages_render(ds):
    r = get(ds, "/news/search?q=반도체")
    assert r.status_code == 200 and "<mark>반도체</mark>" in r.text
    r = get(ds, "/news/articles?_search=반도체", follow_redirects=True)
    assert r.status_code == 200 and "8 rows" in r.text


def test_plugin_listed(ds):
    plugins = get(ds, "/-/plugins.json").json()
    assert any("newsarchive" in p["name"] or "datasette_plugin" in p["name"] for p in plugins)


def test_internal_tables_hidden_and_articles_first(ds):
    tables = get(ds, "/news.json").json()["tables"]
    hidden = {t["name"] for t in tables if t["hidden"]}
    assert {"raw_pages", "meta", "near_dup_bands", "near_dup_articles", "fetch_failures", "backfill_state", "_sqlite_migrations",
            "articles_fts", "articles_fts_data", "articles_fts_idx"} <= hidden
    assert {t["name"] for t in tables if not t["hidden"]} == {"articles", "article_urls", "article_versions",
                                                              "crawl_runs", "sources", "watches"}
    html = get(ds, "/news").text
    assert html.index('href="/news/articles"') < html.index('href="/news/article_urls"')


@pytest.mark.parametrize("query, location", [
    ("", "/news/articles?_columns=default&_col=title&_col=site&_col=published&_col=section&_col=url&_nosuggest=1"),
    ("?_search=AI&_sort=title", "/news/articles?_search=AI&_sort=title&_columns=default&_col=title&_col=site"
                                "&_col=published&_col=section&_col=url&_nosuggest=1"),
    # Datasette's "Show all columns" keeps the other arguments, `_nosuggest` included
    ("?_columns=default&_sort=title&_nosuggest=1", "/news/articles?_sort=title&_nosuggest=1&_columns=all"),
    ("?_columns=default&_sort=title", "/news/articles?_sort=title&_columns=all&_nosuggest=1"),
])
def test_articles_table_redirects_to_its_default_columns(ds, query, location):
    r = get(ds, "/news/articles" + query)
    assert r.status_code == 302 and r.headers["location"] == location


@pytest.mark.parametrize("path", ["/news/articles?_columns=all", "/news/articles?_col=body", "/news/articles?_nocol=body",
                                  "/news/articles.json", "/news/article_urls"])
def test_explicit_column_choices_are_served_as_asked(ds, path):
    assert get(ds, path).status_code == 200


def test_titles_link_to_the_article_page(ds):
    assert 'href="/news/-/article/' in get(ds, "/news/search?q=반도체").text
    assert 'href="/news/-/article/14"' in get(ds, "/news/articles?_search=그룹&_columns=default&_col=title").text
    # other queries' title columns are left alone
    assert "/-/article/" not in get(ds, "/news?sql=select+id,+title+from+article_versions").text


def test_article_page_missing_article_or_archive_is_404(ds):
    assert get(ds, "/news/-/article/1").status_code == 200
    assert get(ds, "/news/-/article/999999").status_code == 404
    assert get(ds, "/nosuchdb/-/article/1").status_code == 404


def test_article_page_survives_bad_stored_values(ds):
    # Written behind the archive's back, as a hand edit or another tool might: the page shows what it can.
    import sqlite3

    conn = sqlite3.connect(ds.databases["news"].path)
    conn.execute("update articles set images = '[{\"url\": \"javascript:alert(1)\", \"caption\": \"x\"}, 7]',"
                 " tags = '[\"not json', authors = '{\"no\": 1}', url = 'javascript:alert(2)', body = null where id = 1")
    conn.commit()
    conn.close()
    r = get(ds, "/news/-/article/1")
    assert r.status_code == 200
    assert "javascript:" not in r.text.replace("Original: javascript:alert(2)", "")
    assert "This article has no body text." in r.text


@pytest.mark.parametrize("value, shown", [
    ("2021-04-07T09:30:00+09:00", "2021-04-07 09:30 (UTC+09:00)"),
    ("2026-12-03T10:27:01Z", "2026-12-03 10:27 (UTC+00:00)"),
    ("2021-04-07T09:30:00", "2021-04-07 09:30"),
    ("2021-04-07", "2021-04-07"),
    ("어제 오후", "어제 오후"),
    (None, None),
])
def test_article_page_times(value, shown):
    from storage.datasette_plugin.article_page import display_time

    assert display_time(value) == shown


@pytest.mark.parametrize("by", ["month", "week"])
def test_search_page_charts_matches_over_time_by_outlet(ds, labelled_db, by):
    import re

    r = get(ds, f"/news/search?q=금리&by={by}")
    assert r.status_code == 200
    html = r.text
    assert "newsarchive-trend" in html
    rows = re.findall(r'<tr data-period="([^"]+)" data-count="(\d+)">', html)
    with Archive(labelled_db, readonly=True) as a:
        counts = a.search_counts("금리", by)
        total = a.search("금리", limit=1000, rank_window=None).total
    want: dict[str, int] = {}
    for period, _, n in counts:
        want[period] = want.get(period, 0) + n
    got = {p: int(n) for p, n in rows}
    assert {p: n for p, n in got.items() if n} == want  # quiet periods between are rows with 0
    assert sum(got.values()) == total
    peak = max(want.values())
    widths = [float(w) for w in re.findall(r"width:([\d.]+)%", html)]
    assert max(widths) <= 100 and any(abs(w - 100 * c / peak) < 0.01 for w in widths for c in (1, peak))


def test_search_page_without_query_or_with_bad_period_has_no_chart(ds):
    for path in ("/news/search", "/news/search?q=금리&by=year", "/news/search?q=%22"):
        r = get(ds, path)
        assert r.status_code == 200 and "newsarchive-trend-chart" not in r.text


@pytest.fixture
def morph_ds(labelled_db, tmp_path):
    """Datasette over a copy of the labelled archive indexed with morphemes (`reindex --morphemes`)."""
    import shutil

    path = tmp_path / "news.db"
    shutil.copy(labelled_db, path)
    with Archive(path) as a:
        a.reindex(morphemes=True)
    instance = datasette_app.Datasette([str(path)])
    run(instance.invoke_startup())
    return instance, path


@pytest.mark.parametrize("q", ["오르다", "조선", "유가", "반도체 -삼성"])
def test_search_on_a_morpheme_archive_compiles_like_the_api(morph_ds, labelled_db, q):
    ds, path = morph_ds
    with Archive(path, readonly=True) as a:
        api = [h.id for h in a.search(q, limit=100).results]
    r = get(ds, f"/news/search.json?q={q}&_shape=array")
    assert r.status_code == 200
    assert [row["id"] for row in r.json()] == api
    box = {row["id"] for row in get(ds, f"/news/articles.json?_search={q}&_shape=array&_col=title&_size=max").json()}
    # The table's search box is Datasette's own SQL: it also lists what `storage.verify` drops (유가 inside 유가족),
    # and nothing else; `newsarchive_verify` tells those rows apart.
    assert set(api) <= box
    for extra in box - set(api):
        sql = "select newsarchive_verify(:q, title, subtitle, body, search_morph) as v from articles where id = :id"
        assert get(ds, f"/news.json?sql={sql}&q={q}&id={extra}&_shape=array").json() == [{"v": 0}]


def test_search_box_finds_irregular_verb_forms_on_a_morpheme_archive(morph_ds, labelled_db):
    ds, path = morph_ds
    # 오르다 → 올랐다/오른다: through the morpheme column, and (since the 르-irregular forms are spelled out) bigrams.
    with Archive(labelled_db, readonly=True) as a:
        bigrams = {h.id for h in a.search("오르다", limit=100).results}
    box = {row["id"] for row in get(ds, "/news/articles.json?_search=오르다&_shape=array&_col=title&_size=max").json()}
    assert {5, 29} <= box and {5, 29} <= bigrams
    sql = get(ds, "/news.json?sql=select+newsarchive_match(:q)+as+m&q=오르다&_shape=array").json()[0]["m"]
    assert "search_morph" in sql


def test_canned_search_ranks_among_the_newest_matches_like_the_api(tmp_path):
    # More matches than the API's rank window, the best-ranked (the word in the title) among the oldest: ranking
    # every match is what timed out on large archives, and the canned query must show what `search` shows.
    from storage.search import RANK_WINDOW

    path = tmp_path / "big.db"
    extra = 5
    with Archive(path) as a:
        a.save_articles([
            {"url": f"https://news.example.kr/a/{i}", "site": "demo",
             "title": "반도체 반도체 수출" if i < extra else f"경제 소식 {i}",
             "body": f"오늘 반도체 업계 소식 {i}번째 기사입니다.", "published": "2024-05-01T09:00:00+09:00"}
            for i in range(RANK_WINDOW + extra)
        ])
        expected = [h.id for h in a.search("반도체", limit=100).results]
        oldest = {r["id"] for r in a.db.query("select id from articles order by id limit ?", [extra])}
    instance = datasette_app.Datasette([str(path)])
    run(instance.invoke_startup())
    r = get(instance, "/big/search.json?q=반도체&_shape=array")
    assert r.status_code == 200
    ids = [row["id"] for row in r.json()]
    assert ids[:100] == expected  # the canned query shows 101 rows (Datasette's "more" marker)
    assert not oldest & set(ids)


def test_table_search_box_counts_only_up_to_a_limit(ds, monkeypatch):
    """A search with more matches than the limit is not counted (Datasette's count seeks every match's row)."""
    url = "/news/articles?_search=반도체&_col=title&_columns=default&_nosuggest=1"
    assert "8 rows" in get(ds, url).text  # 8 matches: counted
    monkeypatch.setattr(plugin, "TABLE_SEARCH_COUNT_LIMIT", 5)
    page = get(ds, url)
    assert page.status_code == 200 and not re.search(r"\d rows? where", page.text) and "search matches &#34;반도체&#34;" in page.text
    assert page.text.count('href="/news/-/article/') >= 8  # every match still listed
    assert get(ds, url + "&_nocount=1").status_code == 200


def _search_steps(path, q: str) -> tuple[int, list]:
    """SQLite VM steps (in thousands) the canned `search` query takes for `q`, and its rows, on a connection
    prepared as Datasette prepares one."""
    import sqlite3

    conn = sqlite3.connect(path)
    plugin.prepare_connection(conn, "news", None)
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(count, 1000)
    rows = conn.execute(plugin.SEARCH_SQL, {"q": q}).fetchall()
    conn.close()
    return steps[0], rows


def test_canned_search_work_does_not_grow_with_matches_beyond_the_rank_window(tmp_path):
    """A word most articles hold: twice the matches (both beyond the window) must not cost twice the work —
    ranking every match (and reading its row) is what made it take 0.3-0.9 s at 20k articles."""
    from storage.search import RANK_WINDOW

    def archive(name: str, matches: int):
        path = tmp_path / f"{name}.db"
        with Archive(path) as a:
            a.save_articles([
                {"url": f"https://news.example.kr/a/{i}", "site": "demo", "title": f"경제 소식 {i}",
                 "body": f"오늘 {'반도체' if i % 2 else '조선'} 업계 소식 {i}번째 기사입니다.", "published": "2024-05-01T09:00:00+09:00"}
                for i in range(2 * matches)
            ])
            expected = [h.id for h in a.search("반도체", limit=100).results]
        return path, expected

    small, small_expected = archive("small", int(1.5 * RANK_WINDOW))
    big, big_expected = archive("big", 3 * RANK_WINDOW)
    small_steps, small_rows = _search_steps(small, "반도체")
    big_steps, big_rows = _search_steps(big, "반도체")
    assert [r[0] for r in small_rows][:100] == small_expected and [r[0] for r in big_rows][:100] == big_expected
    assert big_steps < 1.25 * small_steps, (small_steps, big_steps)
