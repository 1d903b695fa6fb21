from __future__ import annotations

import sqlite3
import zlib

import pytest

from storage import Archive, ArchiveError, RawPage, default_db_path, to_utc
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
    assert row[0] == "lg 그룹 룹은 투자 자를 늘린 린다"
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


def test_sources_and_stats(archive):
    archive.upsert_source("demo", name="데모", language="ko")
    archive.upsert_source("demo", name="데모뉴스", language="ko")
    archive.save_article(rec())
    archive.save_article(rec(url="https://b/2", site="other", duplicate_of=1, similarity=0.93))
    s = archive.stats()
    assert s["articles"] == 2 and s["articles_by_site"] == {"demo": 1, "other": 1}
    assert s["duplicates"] == 1 and s["sources"] == 1 and s["file_size"] > 0
    assert archive.sources()[0]["name"] == "데모뉴스"


def test_readonly(tmp_path):
    with pytest.raises(ArchiveError):
        Archive(tmp_path / "missing.db", readonly=True)
    with Archive(tmp_path / "a.db") as a:
        a.save_article(rec())
    with Archive(tmp_path / "a.db", readonly=True) as r:
        assert r.get_article(1)["title"]
        with pytest.raises(sqlite3.OperationalError):
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
