"""`Archive.reindex` in batches (`storage.reindex`): a bounded WAL, and a reindex killed mid-way that resumes
and ends with the index a full reindex builds, the old index serving searches meanwhile."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from storage import Archive

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "search_relevance" / "articles.json"
ROOT = Path(__file__).resolve().parents[2]


def _stale_archive(path: Path, copies: int, first: int | None = None) -> None:
    """`copies` × the (`first`) relevance articles (real Korean news text), left as an older scheme left them (no
    filter tokens)."""
    articles = json.loads(ARTICLES.read_text(encoding="utf-8"))[:first]
    fields = ("site", "section", "title", "body", "authors", "published", "language")
    with Archive(path) as a:
        a.save_articles([{"url": f"{art['url']}?copy={n}", **{k: art.get(k) for k in fields}} for n in range(copies) for art in articles])
        with a.writing():
            a.db.execute("UPDATE articles SET search_meta = NULL")
            a.db.execute("UPDATE meta SET value = 'bigram-old' WHERE key = 'search_index_version'")
        a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fts_instances(a: Archive) -> list[tuple]:
    """Every (term, article, column, offset) the index holds: its whole content, independent of segment layout."""
    a.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words USING fts5vocab(main, articles_fts, instance)")
    return a.db.execute("SELECT term, doc, col, offset FROM temp.fts_words ORDER BY 1, 2, 3, 4").fetchall()


def test_reindex_keeps_the_wal_bounded(tmp_path):
    path = tmp_path / "a.db"
    _stale_archive(path, copies=6)
    wal = Path(f"{path}-wal")
    sizes = []
    with Archive(path) as a:
        assert a.needs_reindex
        n = a.reindex(batch=50, progress=lambda done, total: sizes.append(wal.stat().st_size))
        sizes.append(wal.stat().st_size)
        assert n == a.db["articles"].count and not a.needs_reindex and a.check_index()
        assert a.db.execute("SELECT count(*) FROM articles WHERE search_meta IS NULL").fetchone()[0] == 0
    db_size = path.stat().st_size
    # a batch rewrites 1/50 of the articles (plus FTS merge work); one transaction would put every page in the WAL
    assert len(sizes) > 20 and max(sizes) < min(8 << 20, db_size // 3), (max(sizes), db_size)


_KILLED_REINDEX = """
import sys
from storage import Archive
with Archive(sys.argv[1]) as a:
    a.reindex(batch=10, progress=lambda done, total: print(done, total, flush=True))
"""


def test_reindex_killed_mid_way_resumes_and_matches_a_full_one(tmp_path):
    path, full = tmp_path / "a.db", tmp_path / "full.db"
    _stale_archive(path, copies=1)
    shutil.copy(path, full)
    with Archive(path) as a:
        total = a.db["articles"].count
        before = [h.id for h in a.search("기준금리", limit=500)]
    assert before

    proc = subprocess.Popen([sys.executable, "-c", _KILLED_REINDEX, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = [proc.stdout.readline() for _ in range(5)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert all(lines) and int(lines[-1].split()[0]) < total, lines  # really stopped mid-way

    with Archive(path) as a:
        # meanwhile: the old index answers, intact, and the version still says a reindex is due
        assert a.needs_reindex and a.check_index()
        assert [h.id for h in a.search("기준금리", limit=500)] == before
        seen: list[tuple[int, int]] = []
        assert a.reindex(batch=10, progress=lambda done, total: seen.append((done, total))) == total
        assert seen[0][0] >= int(lines[-1].split()[0]) and seen[-1] == (total, total)  # it continued; it did not start over
        assert not a.needs_reindex and a.check_index()
        resumed = _fts_instances(a)
        columns = a.db.execute("SELECT id, search_title, search_body, search_meta FROM articles ORDER BY id").fetchall()
        tables = a.db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'articles_fts_next%'").fetchall()
        leftover = a.db.execute("SELECT key FROM meta WHERE key LIKE 'reindex_%'").fetchall()
    with Archive(full) as f:
        f.reindex()
        assert resumed == _fts_instances(f)
        assert columns == f.db.execute("SELECT id, search_title, search_body, search_meta FROM articles ORDER BY id").fetchall()
    assert tables == [] and leftover == []


def _delete(a: Archive, article_id: int) -> None:
    """Remove one article with everything that points at it (no API deletes articles; a user might in SQL)."""
    with a.writing():
        for table in ("article_urls", "article_versions", "raw_pages"):
            a.db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        a.db.execute("DELETE FROM articles WHERE id = ?", [article_id])


def test_a_crawl_writing_during_a_reindex_is_in_the_new_index(tmp_path):
    """Articles updated, added and deleted between two batches end up indexed exactly as a full reindex has them."""
    path = tmp_path / "a.db"
    _stale_archive(path, copies=1)
    with Archive(path) as a, Archive(path) as crawl:
        first_id = a.db.execute("SELECT min(id) FROM articles").fetchone()[0]
        last_id = a.db.execute("SELECT max(id) FROM articles").fetchone()[0]
        url = a.get_article(first_id)["url"]
        writes = iter([
            lambda: crawl.save_article({"url": url, "site": "yna", "title": "쿼카 반도체", "body": "본문을 고쳤다 쿼카 수출"}),
            lambda: crawl.save_article({"url": "https://n.kr/new", "site": "yna", "title": "펭귄 환율", "body": "펭귄이 올랐다"}),
            lambda: _delete(crawl, first_id + 1),
        ])
        a.reindex(batch=40, progress=lambda done, total: next(writes, lambda: None)())
        assert not a.needs_reindex and a.check_index()
        assert [h.id for h in a.search("쿼카")] == [first_id]
        assert [h.id for h in a.search("펭귄")] == [last_id + 1]
        got = _fts_instances(a)
        a.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")  # what the index must hold
        assert got == _fts_instances(a)


def test_reindex_without_a_flag_resumes_the_kind_of_index_it_was_building(tmp_path):
    """`reindex --morphemes` interrupted (Ctrl-C after a batch), then plain `reindex` as the message says: it goes on
    building the morpheme index instead of discarding that work for a bigram one."""
    path = tmp_path / "a.db"
    _stale_archive(path, copies=1, first=60)

    def interrupt(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with Archive(path) as a:
        assert not a.morphemes_indexed
        try:
            a.reindex(batch=10, morphemes=True, progress=interrupt)
        except KeyboardInterrupt:
            pass
        assert not a.morphemes_indexed and a.search("기준금리").total > 0  # the old index meanwhile
        seen: list[int] = []
        a.reindex(batch=10, progress=lambda done, total: seen.append(done))
        assert a.morphemes_indexed and not a.needs_reindex and a.check_index()
        assert seen[0] >= 20
        assert a.db.execute("SELECT count(*) FROM articles WHERE search_morph IS NULL").fetchone()[0] == 0
