"""The Datasette plugin, through Datasette's own test client."""

from __future__ import annotations

import asyncio
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


def get(ds, path):
    return run(ds.client.get(path))


@pytest.mark.parametrize("q", ["기준금리", "반도체 -삼성", "AI", "전기 자동차"])
def test_canned_search_query_ranked_like_the_api(ds, labelled_db, q):
    r = get(ds, f"/news/search.json?q={q}&_shape=array")
    assert r.status_code == 200
    rows = r.json()
    with Archive(labelled_db, readonly=True) as a:
        assert [row["id"] for row in rows] == [h.id for h in a.search(q, limit=100).results]
    assert any("<mark>" in row["snippet"] for row in rows)  # (a title-only hit has no mark in the body)


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
    r = get(ds, "/news/articles?_search=반도체")
    assert r.status_code == 200 and "8 rows" in r.text


def test_plugin_listed(ds):
    plugins = get(ds, "/-/plugins.json").json()
    assert any("newsarchive" in p["name"] or "datasette_plugin" in p["name"] for p in plugins)
