from __future__ import annotations

import sqlite3
from pathlib import Path
import zlib

import pytest

from storage import Archive, ArchiveError, ArchiveReadOnly, RawPage, default_db_path, to_utc
from storage.tokens import SEARCH_INDEX_VERSION


def rec(url="https://news.example.kr/a/1", **kw):
    base = {"url": url, "site": "demo", "title": "LG그룹은 투자를 늘린다", "body": "본문입니다. 기준금리 동결.",
            "authors": ["김기자"], "published": "2024-05-01T09:00:00+09:00"}
    base.update(kw)
    return base


def test_schema_pragmas_and_tables(archive):
    db = archive.db
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    for t in ("sources", "articles", "article_urls", "article_versions", "raw_pages", "crawl_runs", "meta", "articles_fts"):
        assert db[t].exists(), t
    assert archive.search_index_version == SEARCH_INDEX_VERSION
    assert not archive.needs_reindex
    # rowid table with FTS triggers from sqlite-utils
    assert {t.name for t in db["articles"].triggers} >= {"articles_ai", "articles_ad", "articles_au"}


def test_reopen_is_idempotent(tmp_path):
    p = tmp_path / "x.db"
    Archive(p).close()
    with Archive(p) as a:
        from storage.schema import migrations

        assert migrations.pending(a.db) == []
        assert a.db["_sqlite_migrations"].count == len(migrations.applied(a.db))


def test_save_new_unchanged_updated(archive):
    r1 = archive.save_article(rec(aliases=["https://news.example.kr/a/1?utm_source=x"]))
    assert r1.status == "new" and r1.id == 1
    assert archive.save_article(rec()).status == "unchanged"
    r3 = archive.save_article(rec(title="LG그룹은 투자를 크게 늘린다", modified="2024-05-02T00:00:00+09:00"))
    assert r3.status == "updated" and r3.id == 1
    art = archive.get_article(1)
    assert art["version"] == 2 and art["title"].endswith("크게 늘린다")
    assert art["authors"] == ["김기자"]  # kept: JSON decoded
    assert art["published_utc"] == "2024-05-01T00:00:00Z"
    assert "search_body" not in art
    versions = archive.versions(1)
    assert [v["version"] for v in versions] == [1] and versions[0]["title"] == "LG그룹은 투자를 늘린다"
    assert archive.get_article("https://news.example.kr/a/1?utm_source=x")["id"] == 1
    assert archive.article_id_for_url("https://news.example.kr/a/1?utm_source=x") == 1
    assert archive.article_id_for_url("https://nowhere") is None
    assert archive.check_index()


def test_found_through_alias_moves_canonical(archive):
    archive.save_article(rec(url="https://m.example.kr/1"))
    r = archive.save_article(rec(url="https://www.example.kr/1", aliases=["https://m.example.kr/1"]))
    assert r.id == 1 and r.status == "unchanged"
    art = archive.get_article(1)
    assert art["url"] == "https://www.example.kr/1"
    assert "https://m.example.kr/1" in art["aliases"]


def test_search_columns_filled_and_synced(archive):
    archive.save_article(rec())
    row = archive.db.execute("SELECT search_title FROM articles WHERE id = 1").fetchone()
    assert row[0] == "lg 그룹 룹은 \ue000은투 투자 자를 \ue000를늘 늘린 린다"  # with word-pair tokens
    hits = archive.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '그룹'").fetchall()
    assert hits == [(1,)]
    archive.save_article(rec(title="삼성전자"))
    assert archive.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '그룹'").fetchall() == []
    assert archive.check_index()


def test_body_hash_lookup(archive):
    r = archive.save_article(rec(body="같은  본문\n입니다"))
    archive.save_article(rec(url="https://other/2", body="같은 본문 입니다"))
    h = archive.get_article(r.id)["body_hash"]
    assert archive.article_id_for_body_hash(h) == r.id
    assert archive.article_id_for_body_hash("nope") is None
    archive.save_article(rec(url="https://other/3", body_hash="given"))
    assert archive.article_id_for_body_hash("given") == 3


def test_raw_pages_and_conditional_headers(archive):
    raw = RawPage(url="https://news.example.kr/a/1", body="<html>한글</html>".encode("cp949"), encoding="cp949",
                  etag='"abc"', last_modified="Wed, 01 May 2024 00:00:00 GMT")
    r = archive.save_article(rec(), raw=raw)
    stored = archive.db.execute("SELECT html FROM raw_pages").fetchone()[0]
    assert zlib.decompress(stored) == raw.body
    page = archive.raw_page(r.id)
    assert page.body == raw.body and page.encoding == "cp949"
    assert archive.conditional_headers("https://news.example.kr/a/1") == {
        "If-None-Match": '"abc"', "If-Modified-Since": "Wed, 01 May 2024 00:00:00 GMT"}
    assert archive.conditional_headers("https://unknown") == {}
    dropped = archive.save_raw_page(RawPage(url="https://x/login", body=b"<html/>"), note="not an article")
    assert archive.db["raw_pages"].get(dropped)["note"] == "not an article"


def test_raw_pages_of_older_compression_levels_still_read(archive):
    # archives written before RAW_PAGE_ZLIB_LEVEL = 1 hold level-6 pages; both must read back byte for byte
    body = (Path(__file__).resolve().parents[1] / "fixtures" / "extraction" / "ap_eclipse.html").read_bytes()
    new = archive.save_article(rec(), raw=RawPage(url="https://news.example.kr/a/1", body=body))
    old = archive.save_article(rec(url="https://news.example.kr/a/2", body="다른 기사"))
    archive.db["raw_pages"].insert({"url": "https://news.example.kr/a/2", "article_id": old.id, "status": 200,
                                    "fetched_at": "2024-05-01T00:00:00Z", "html": zlib.compress(body, 6)})
    assert archive.raw_page(new.id).body == body
    assert archive.raw_page(old.id).body == body


def test_save_is_atomic(archive, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(archive, "save_raw_page", boom)
    with pytest.raises(RuntimeError):
        archive.save_article(rec(aliases=["https://a/2"]), raw=RawPage(url="u", body=b""))
    assert archive.db["articles"].count == 0
    assert archive.db["article_urls"].count == 0
    assert not archive.db.conn.in_transaction


def test_save_requires_url(archive):
    with pytest.raises(ValueError):
        archive.save_article({"title": "x"})


def test_foreign_keys_enforced(archive):
    with pytest.raises(sqlite3.IntegrityError):
        archive.add_alias(999, "https://x")


def test_runs(archive):
    a = archive.start_run("demo", trigger="schedule")
    b = archive.start_run("other")
    archive.finish_run(a, status="failed", counts={"new": 0}, exit_code=1, error="boom")
    archive.finish_run(b, status="ok", counts={"new": 3}, exit_code=0)
    assert [r["id"] for r in archive.runs()] == [b, a]
    assert [r["id"] for r in archive.runs(failed=True)] == [a]
    assert archive.runs(site="other")[0]["counts"] == {"new": 3}
    with pytest.raises(ValueError):
        archive.finish_run(a, status="weird", counts={})


def test_run_counts_add_up_in_any_order(archive):
    # fleet runs: the writer adds store counts while the dispatcher adds the node's fetch counts at the end
    run = archive.start_run("demo")
    archive.add_run_counts(run, {"new": 2, "duplicate": 1})
    archive.add_run_counts(run, {"new": 3})
    archive.add_run_counts(run + 99, {"new": 1})  # no such run: nothing happens
    assert archive.runs()[0]["counts"] == {"new": 5, "duplicate": 1}
    archive.finish_run(run, status="ok", counts={"fetched": 6, "new": 0})
    archive.add_run_counts(run, {"new": 1, "fetched": 0})  # a late batch after the run closed
    assert archive.runs()[0]["counts"] == {"fetched": 6, "new": 1}


def test_sources_and_stats(archive):
    archive.upsert_source("demo", name="데모", language="ko")
    archive.upsert_source("demo", name="데모뉴스", language="ko")
    archive.save_article(rec())
    archive.save_article(rec(url="https://b/2", site="other", duplicate_of=1, similarity=0.93))
    s = archive.stats()
    assert s["articles"] == 2 and s["articles_by_site"] == {"demo": 1, "other": 1}
    assert s["near_duplicates"] == 1 and "duplicates" not in s and s["sources"] == 1 and s["file_size"] > 0
    assert archive.sources()[0]["name"] == "데모뉴스"



def test_stats_reads_no_raw_page_to_count_dropped_ones(archive):
    """`note` sits after the compressed HTML: counting dropped pages by scanning raw_pages read every stored page."""
    archive.save_article(rec(), raw=RawPage(url="https://news.example.kr/a/1", body=b"<html>kept</html>"))
    for i in range(3):
        archive.save_raw_page(RawPage(url=f"https://news.example.kr/x/{i}", body=b"<html>no article</html>"), note="dropped: no body")
    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    try:
        s = archive.stats()
    finally:
        archive.db.conn.set_trace_callback(None)
    assert s["raw_pages"] == 4 and s["raw_pages_dropped"] == 3
    dropped = next(q for q in statements if "note IS NOT NULL" in q)
    plan = " | ".join(r[-1] for r in archive.db.execute("EXPLAIN QUERY PLAN " + dropped).fetchall())
    assert "idx_raw_pages_dropped" in plan and "SCAN raw_pages" != plan.strip(), plan

def test_readonly(tmp_path):
    with pytest.raises(ArchiveError):
        Archive(tmp_path / "missing.db", readonly=True)
    with Archive(tmp_path / "a.db") as a:
        a.save_article(rec())
    with Archive(tmp_path / "a.db", readonly=True) as r:
        assert r.get_article(1)["title"]
        with pytest.raises(ArchiveReadOnly, match="read-only"):
            r.save_article(rec(url="https://new"))


def test_reindex(archive):
    archive.save_article(rec())
    archive.db.execute("UPDATE articles SET search_title = 'stale'")
    archive.set_meta("search_index_version", "old")
    assert archive.needs_reindex
    seen = []
    assert archive.reindex(progress=lambda d, t: seen.append((d, t))) == 1
    assert seen == [(1, 1)] and not archive.needs_reindex
    assert archive.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '그룹'").fetchall() == [(1,)]
    assert archive.check_index()


def test_to_utc():
    assert to_utc("2024-05-01T09:00:00+09:00") == "2024-05-01T00:00:00Z"
    assert to_utc("2024-05-01") == "2024-05-01T00:00:00Z"
    assert to_utc("2024-05-01T00:00:00Z") == "2024-05-01T00:00:00Z"
    assert to_utc("yesterday") is None and to_utc(None) is None


def test_default_db_path(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSARCHIVE_DB", raising=False)
    assert str(default_db_path()) == "newsarchive.db"
    assert str(default_db_path(settings_value="s.db")) == "s.db"
    monkeypatch.setenv("NEWSARCHIVE_DB", "env.db")
    assert str(default_db_path(settings_value="s.db")) == "env.db"
    assert str(default_db_path("cli.db", "s.db")) == "cli.db"


def test_touch(archive):
    r = archive.save_article(rec())
    archive.touch(r.id, when="2030-01-01T00:00:00Z")
    assert archive.get_article(r.id)["last_seen"] == "2030-01-01T00:00:00Z"
    assert archive.get_article(r.id)["version"] == 1


def test_save_articles_matches_save_article_and_keeps_index_intact(tmp_path):
    """The bulk path (FTS insert trigger bypassed per batch) gives the same results and a valid index,
    also when a batch updates, re-finds through an alias or touches an article it inserted itself."""
    records = [
        rec("https://n.kr/1", title="반도체 수출 증가"),
        rec("https://n.kr/2", title="기준금리 동결", aliases=["https://n.kr/2?x=1"]),
        rec("https://n.kr/1", title="반도체 수출 급증"),  # updates a row inserted in this batch
        rec("https://n.kr/3", title="환율 급등", aliases=["https://n.kr/2?x=1"]),  # found via alias: moves canonical URL
        rec("https://n.kr/1", title="반도체 수출 급증"),  # unchanged
        rec("https://n.kr/4", title="삼성전자의 투자"),
        *[rec(f"https://n.kr/b{i}", title=f"배치 기사 {i} 반도체") for i in range(7)],
    ]
    one, bulk = Archive(tmp_path / "one.db"), Archive(tmp_path / "bulk.db")
    expected = [one.save_article(dict(r)) for r in records]
    assert bulk.save_articles([dict(r) for r in records], batch=5) == expected
    assert bulk.check_index() and one.check_index()
    for q in ("반도체", "급증", "수출", "기준금리", "환율", "삼성전자", "배치"):
        assert [h.id for h in bulk.search(q, limit=50)] == [h.id for h in one.search(q, limit=50)], q
    assert bulk.get_article(2)["url"] == "https://n.kr/3"
    assert {t.name for t in bulk.db["articles"].triggers} >= {"articles_ai", "articles_ad", "articles_au"}
    # after the bulk path the trigger is back: a single save is indexed too
    bulk.save_article(rec("https://n.kr/5", title="단건 저장 확인"))
    assert bulk.search("단건").total == 1 and bulk.check_index()
    one.close(), bulk.close()


def test_save_articles_rolls_back_a_failing_batch(archive):
    with pytest.raises(ValueError):
        archive.save_articles([rec("https://n.kr/1"), {"title": "no url"}])
    assert archive.db["articles"].count == 0
    assert {t.name for t in archive.db["articles"].triggers} >= {"articles_ai"}
    archive.save_articles([rec("https://n.kr/1")])
    assert archive.search("기준금리").total == 1 and archive.check_index()


def test_update_trigger_only_fires_for_indexed_columns(archive):
    sql = archive.db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_au'").fetchone()[0]
    assert 'UPDATE OF "search_title", "search_body", "search_meta"' in sql
    res = archive.save_article(rec())
    archive.touch(res.id)
    archive.mark_duplicate(res.id, None)
    archive.save_article(rec(title="환율 급등"))
    assert archive.check_index()
    assert archive.search("환율").total == 1 and archive.search("LG그룹").total == 0


def test_reindex_rebuilds_the_same_schema(tmp_path):
    fresh = Archive(tmp_path / "fresh.db")
    a = Archive(tmp_path / "a.db")
    a.save_articles([rec(f"https://n.kr/{i}", title=f"반도체 기사 {i}") for i in range(25)])
    # the renamed index's shadow tables are quoted "x" where FTS5 writes 'x': the same schema
    schema = ("SELECT type, name, replace(sql, char(39), char(34)) FROM sqlite_master"
              " WHERE name LIKE 'articles_fts%' OR type = 'trigger' ORDER BY name")
    before = a.search("반도체", limit=100)
    assert a.reindex(batch=7) == 25
    assert a.db.execute(schema).fetchall() == fresh.db.execute(schema).fetchall()
    assert a.check_index() and not a.db.conn.in_transaction
    assert [h.id for h in a.search("반도체", limit=100)] == [h.id for h in before] and before.total == 25
    fresh.close(), a.close()


def test_interrupted_reindex_leaves_the_old_index(archive, monkeypatch):
    import storage.archive as archive_module

    archive.save_articles([rec(f"https://n.kr/{i}", title=f"반도체 기사 {i}") for i in range(10)])
    calls = []
    real = archive_module._search_rows

    def failing(rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("interrupted")
        return real(rows)

    monkeypatch.setattr(archive_module, "_search_rows", failing)
    with pytest.raises(RuntimeError):
        archive.reindex(batch=4)
    assert not archive.db.conn.in_transaction
    assert archive.check_index() and archive.search("반도체").total == 10
    assert {t.name for t in archive.db["articles"].triggers} >= {"articles_ai", "articles_ad", "articles_au"}


def test_migration_adds_filter_tokens_to_an_existing_index(tmp_path):
    """An archive made before m006 (two indexed columns) is migrated on open: filters work, index intact."""
    from sqlite_utils import Database

    from storage.schema import migrations
    from storage.tokens import search_text

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m006_search_meta")
    for i, (site, section) in enumerate([("yna", "경제"), ("hani", "경제"), ("yna", None)], start=1):
        db.execute(
            "INSERT INTO articles (id, url, site, section, title, body, search_title, search_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [i, f"https://o/{i}", site, section, "금리", "기준금리 동결", search_text("금리"), search_text("기준금리 동결")],
        )
    db.conn.commit()
    db.close()
    with Archive(path) as a:
        assert not a.needs_reindex and a.check_index()
        assert sorted(h.id for h in a.search("금리", site="yna")) == [1, 3]
        assert [h.id for h in a.search("금리", site="yna", section="경제")] == [1]


def test_unmigrated_archive_opened_read_only_still_filters(tmp_path):
    """A reader may open an archive no writer has migrated yet: site filters fall back to SQL."""
    from sqlite_utils import Database

    from storage.schema import migrations
    from storage.tokens import search_text

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m006_search_meta")
    for i, site in enumerate(["yna", "hani"], start=1):
        db.execute(
            "INSERT INTO articles (id, url, site, title, body, search_title, search_body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [i, f"https://o/{i}", site, "금리", "기준금리 동결", search_text("금리"), search_text("기준금리 동결")],
        )
    db.conn.commit()
    db.close()
    with Archive(path, readonly=True) as a:
        assert [h.id for h in a.search("금리", site="hani")] == [2]


def test_bulk_inserted_rows_equal_single_saves(tmp_path):
    """New articles take save_articles' executemany path: every stored column must equal save_article's."""
    records = [
        dict(url=f"https://n.kr/{i}", site="yna" if i % 2 else "hani", section="경제", title=f"기준금리 {i}",
             subtitle="부제" if i % 3 else None, body=f"한국은행이 기준금리를 동결했다. {i}", authors=["김철수 기자"],
             tags=["금리"], images=[{"url": "https://img/1.jpg", "caption": "사진"}], published=None if i % 4 == 0 else "2024-05-01T09:00:00+09:00",
             language="ko")
        for i in range(9)
    ]  # fmt: skip
    one, bulk = Archive(tmp_path / "one.db"), Archive(tmp_path / "bulk.db")
    for r in records:
        one.save_article(dict(r))
    bulk.save_articles([dict(r) for r in records], batch=4)
    volatile = {"first_seen", "last_seen", "last_changed"}
    rows = lambda a: [{k: v for k, v in r.items() if k not in volatile} for r in a.db.query("SELECT * FROM articles ORDER BY id")]  # noqa: E731
    got, want = rows(bulk), rows(one)
    for g, w in zip(got, want):
        if w["published"] is None:  # undated: published_utc is when it was first seen
            g.pop("published_utc"), w.pop("published_utc")
    assert got == want
    assert bulk.db.execute("SELECT count(*) FROM article_urls").fetchone()[0] == 9
    # the bulk FTS settings are put back after a multi-batch load
    config = dict(bulk.db.execute("SELECT k, v FROM articles_fts_config").fetchall())
    assert config.get("automerge", 4) == 4 and config.get("crisismerge", 16) == 16 and bulk.check_index()
    one.close(), bulk.close()


def test_reindex_rewrites_only_stale_search_columns(archive, monkeypatch):
    import storage.archive as archive_module

    archive.save_articles([rec(f"https://n.kr/{i}", title=f"기사 {i}", body=f"반도체 수출 {i}") for i in range(6)])
    archive.db.execute("UPDATE articles SET search_body = '', search_meta = NULL WHERE id = 3")  # as an older scheme left it
    archive.db.conn.commit()
    assert 3 not in [h.id for h in archive.search("반도체", limit=10)]
    rewritten = []
    real = archive_module._search_rows
    monkeypatch.setattr(archive_module, "_search_rows", lambda rows: (out := real(rows), rewritten.extend(u[-1] for u in out[0]))[0])
    assert archive.reindex(batch=4) == 6
    assert rewritten == [3]
    assert 3 in [h.id for h in archive.search("반도체", limit=10)] and archive.check_index()
    assert "반도" in archive.db.execute("SELECT search_body FROM articles WHERE id = 3").fetchone()[0]


class Refused(Exception):
    """An entry's own failure inside `save_batch` (raised by its after_save hook, after its row was written)."""


def test_save_batch_indexes_each_stored_article_once_around_failed_entries(archive):
    """A batch indexes its new articles in one statement at the end: entries rolled back (after their row and any
    flush of waiting rows were written) must leave neither a phantom nor a double nor a missing index entry."""
    entries = [
        (rec(url="https://n.kr/1", title="첫째 반도체 기사", body="반도체 수출이 늘었다."), None),
        (rec(url="https://n.kr/2", title="둘째 조선 기사", body="조선 수주가 늘었다."), None),
        # the first article again, edited: its update flushes the waiting rows, then the entry is refused
        (rec(url="https://n.kr/1", title="첫째 반도체 기사", body="반도체 수출이 줄었다. 고쳐 쓴 기사."), None),
        (rec(url="https://n.kr/3", title="셋째 거절된 기사", body="거절된 기사의 본문."), None),  # refused: its id is reused
        (rec(url="https://n.kr/4", title="넷째 철강 기사", body="철강 가격이 올랐다."), None),
    ]

    def refuse(index: int, result) -> None:
        if index in (2, 3):
            raise Refused(f"entry {index}")

    out = archive.save_batch(entries, after_save=refuse)
    assert [type(o).__name__ for o in out] == ["SaveResult", "SaveResult", "Refused", "Refused", "SaveResult"]
    assert archive.check_index()  # FTS5 integrity-check against the articles table
    assert archive.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    assert archive.db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 3  # one index row each
    assert archive.search("반도체").total == 1 and archive.search("줄었다").total == 0  # the edit was rolled back
    assert archive.search("조선").total == 1 and archive.search("철강").total == 1 and archive.search("거절된").total == 0
    assert archive.db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_ai'").fetchone()  # trigger back
    assert archive.save_article(rec(url="https://n.kr/5", body="광물 기사")).status == "new"
    assert archive.search("광물").total == 1 and archive.check_index()


def test_stats_raw_bytes_kept_exact_by_triggers(tmp_path):
    """`stats` reads the raw-page byte total m014's triggers keep (no sum over every page), and it stays exact."""
    from storage.archive import RawPage

    path = tmp_path / "r.db"
    with Archive(path) as a:
        a.save_article(rec(url="https://www.example.kr/1"), raw=RawPage(url="https://www.example.kr/1", body=b"<p>one</p>" * 50))
        # as an archive made before m014: pages stored without the triggers and the total
        with a.writing():
            for name in ("raw_pages_bytes_ai", "raw_pages_bytes_ad", "raw_pages_bytes_au"):
                a.db.execute(f"DROP TRIGGER {name}")
            a.db.execute("DELETE FROM meta WHERE key = 'raw_bytes_compressed'")
            a.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_scale2_raw_bytes_total'")
        a.save_raw_page(RawPage(url="https://www.example.kr/x", body=b"dropped page " * 99), note="no body")
    with Archive(path, readonly=True) as a:  # not migrated yet: the sum, read the slow way
        assert a.stats()["raw_bytes_compressed"] == a.db.execute("SELECT sum(length(html)) FROM raw_pages").fetchone()[0] > 0
    with Archive(path) as a:  # migrated: the total starts from the pages already stored
        def exact() -> bool:
            return a.stats()["raw_bytes_compressed"] == a.db.execute("SELECT coalesce(sum(length(html)), 0) FROM raw_pages").fetchone()[0]

        assert a.get_meta("raw_bytes_compressed") is not None and exact()
        a.save_article(rec(url="https://www.example.kr/2", body="다른 본문입니다."), raw=RawPage(url="https://www.example.kr/2", body=b"two " * 300))
        assert exact()
        with a.writing():
            a.db.execute("UPDATE raw_pages SET html = zeroblob(7) WHERE id = (SELECT min(id) FROM raw_pages)")
        assert exact()
        with a.writing():
            a.db.execute("DELETE FROM raw_pages WHERE id = (SELECT max(id) FROM raw_pages)")
        assert exact() and a.stats()["raw_pages"] == 2
