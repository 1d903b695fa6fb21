"""`storage.warc`: the WARC writer's header blocks (kept, cleaned of transfer headers, or synthesized for pages
stored before headers were kept) and the reader's view of what it wrote, on real files."""

from __future__ import annotations

import sqlite3

from warcio.archiveiterator import ArchiveIterator

from storage import Archive, RawPage
from storage.warc import export_warc, read_warc
from tests.conftest import FIXTURES

SEED = FIXTURES / "seed" / "article.html"


def _records(path):
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            yield record.rec_type, record.rec_headers, record.http_headers, record.content_stream().read()


def test_transfer_headers_dropped_and_length_matches_the_stored_body(tmp_path):
    body = SEED.read_bytes()
    headers = [("Server", "nginx"), ("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
               ("Transfer-Encoding", "chunked"), ("Content-Length", "1234"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    with Archive(tmp_path / "a.db") as archive:
        archive.save_raw_page(RawPage(url="https://news.example.kr/a/1", body=body, headers=headers,
                                      request_headers=[("User-Agent", "newsarchive/0.1")], fetched_at="2024-05-01T12:00:00+09:00"))
        with open(tmp_path / "out.warc.gz", "wb") as f:
            report = export_warc(archive, f)
    assert (report.responses, report.synthesized) == (1, 0)
    (resp,) = [r for r in _records(tmp_path / "out.warc.gz") if r[0] == "response"]
    _, warc_headers, http, payload = resp
    names = [k.lower() for k, _ in http.headers]
    assert "content-encoding" not in names and "transfer-encoding" not in names
    assert http.get_header("Content-Length") == str(len(body)) and payload == body
    assert [v for k, v in http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]  # repeated headers kept, in order
    assert warc_headers.get_header("WARC-Date") == "2024-05-01T03:00:00Z"


def test_pages_without_headers_get_a_synthesized_block(tmp_path):
    body = SEED.read_bytes()
    with Archive(tmp_path / "a.db") as archive:
        archive.save_raw_page(RawPage(url="https://news.example.kr/a/2", body=body, encoding="cp949",
                                      etag='"abc"', last_modified="Wed, 01 May 2024 03:00:00 GMT"))
        with open(tmp_path / "out.warc.gz", "wb") as f:
            report = export_warc(archive, f)
    assert report.synthesized == 1
    (page,) = list(read_warc(tmp_path / "out.warc.gz"))
    assert dict(page.headers) == {"Content-Type": "text/html; charset=cp949", "Content-Length": str(len(body)),
                                  "ETag": '"abc"', "Last-Modified": "Wed, 01 May 2024 03:00:00 GMT"}
    (resp,) = [r for r in _records(tmp_path / "out.warc.gz") if r[0] == "response"]
    assert resp[1].get_header("X-Newsarchive-Headers") == "synthesized"
    assert dict(page.request_headers) == {"Host": "news.example.kr"}


def test_headers_column_added_to_an_archive_made_before_it(tmp_path):
    """An archive whose raw pages predate m008 is migrated on open; its old rows read back with headers None."""
    db = tmp_path / "old.db"
    with Archive(db) as archive:
        archive.save_raw_page(RawPage(url="https://news.example.kr/a/3", body=b"<html></html>", headers=[("A", "1")]))
    with sqlite3.connect(db) as conn:  # make it look like an archive from before m008
        conn.execute("UPDATE raw_pages SET headers = NULL, request_headers = NULL")
    with Archive(db) as archive:
        (old,) = archive.raw_pages(url="https://news.example.kr/a/3")
        assert old.headers is None
        columns = [c.name for c in archive.db["raw_pages"].columns]
        assert "headers" in columns and "request_headers" in columns
        migrations = [r["name"] for r in archive.db.query("SELECT name FROM _sqlite_migrations")]
        assert "m008_raw_page_headers" in migrations


def test_export_limited_to_articles(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        keep = archive.save_article({"url": "https://n.kr/1", "title": "하나", "body": "본문 하나 " * 10},
                                    raw=RawPage(url="https://n.kr/1", body=b"<html>1</html>", headers=[]))
        archive.save_article({"url": "https://n.kr/2", "title": "둘", "body": "본문 둘 " * 10},
                             raw=RawPage(url="https://n.kr/2", body=b"<html>2</html>", headers=[]))
        with open(tmp_path / "out.warc", "wb") as f:
            export_warc(archive, f, article_ids=[keep.id], gzip=False)
    assert [p.url for p in read_warc(tmp_path / "out.warc")] == ["https://n.kr/1"]
