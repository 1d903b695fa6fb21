"""WARC in and out through the CLI, in subprocesses (one Twisted reactor per process): a real crawl of the demo
site exported as WARC is accepted by `warcio check` / `warcio index` and imports into an empty archive as the
same articles; a WARC generated here from fixture files (HTML, EUC-KR sent gzip+chunked, non-HTML, non-2xx,
truncated, duplicate and revisit records, a file that breaks off) imports with the counts its records call for."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.demo.server import DemoSite
from tests.conftest import FIXTURES

ROOT = Path(__file__).parents[2]
WARCIO = Path(sys.executable).with_name("warcio")
MANIFEST = FIXTURES / "warc" / "records.json"


def newsarchive(*args: str) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "400"})


def articles(db: Path) -> dict[str, tuple[str, str]]:
    """url -> (title, body) of every article in an archive."""
    with sqlite3.connect(db) as conn:
        return {url: (title, body) for url, title, body in conn.execute("SELECT url, title, body FROM articles")}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """Crawl the demo site, export its raw pages as WARC, import that into an empty archive."""
    tmp = tmp_path_factory.mktemp("warc")
    source, copy, warc = tmp / "source.db", tmp / "copy.db", tmp / "demo.warc.gz"
    with DemoSite() as site:
        crawl = newsarchive("--db", str(source), "crawl", "demo", "--base-url", site.base_url, "--no-progress", "--json",
                            "-s", f"NEWSARCHIVE_WARC_DIR={tmp / 'live'}")
    assert crawl.returncode == 0, crawl.stderr
    export = newsarchive("--db", str(source), "export", "--format", "warc", "-o", str(warc))
    assert export.returncode == 0, export.stderr
    imported = newsarchive("--db", str(copy), "import-warc", str(warc), "--json")
    assert imported.returncode == 0, imported.stderr
    return {"source": source, "copy": copy, "warc": warc, "export": export, "summary": json.loads(imported.stdout),
            "live": sorted((tmp / "live").glob("*.warc.gz"))}


def test_export_import_reproduces_the_articles(round_trip):
    before, after = articles(round_trip["source"]), articles(round_trip["copy"])
    assert len(before) > 50
    assert after.keys() == before.keys()
    assert [u for u in before if after[u] != before[u]] == []


def test_export_writes_every_raw_page_with_its_original_headers(round_trip):
    from storage.warc import read_warc

    with sqlite3.connect(round_trip["source"]) as conn:
        raw_urls = sorted(u for (u,) in conn.execute("SELECT url FROM raw_pages"))
        headers = json.loads(conn.execute("SELECT headers FROM raw_pages WHERE headers IS NOT NULL LIMIT 1").fetchone()[0])
    pages = list(read_warc(round_trip["warc"]))
    assert sorted(p.url for p in pages) == raw_urls
    server = dict(headers)["Server"]  # the demo server's own header came through the crawl and the export
    assert all(dict(p.headers).get("Server") == server for p in pages)
    assert all(p.request_headers and dict(p.request_headers).get("User-Agent", "").startswith("newsarchive") for p in pages)
    # dropped pages (no article) are exported too, and come back as dropped raw pages
    assert round_trip["summary"]["counts"]["dropped"] == sum(1 for p in pages if not any(p.url == u for u in articles(round_trip["copy"])))


def test_warcio_check_and_index_accept_the_export(round_trip):
    check = subprocess.run([str(WARCIO), "check", "-v", str(round_trip["warc"])], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout and "fail" not in check.stdout
    index = subprocess.run([str(WARCIO), "index", str(round_trip["warc"])], capture_output=True, text=True, timeout=120)
    assert index.returncode == 0, index.stderr
    kinds = [json.loads(line)["warc-type"] for line in index.stdout.splitlines()]
    with sqlite3.connect(round_trip["source"]) as conn:
        pages = conn.execute("SELECT count(*) FROM raw_pages").fetchone()[0]
    assert kinds.count("response") == kinds.count("request") == pages
    assert kinds[0] == "warcinfo"


def test_crawl_with_warc_dir_writes_every_fetched_article_page(round_trip):
    from storage.warc import read_warc

    (live,) = round_trip["live"]
    assert live.name.startswith("newsarchive-demo-")
    with sqlite3.connect(round_trip["source"]) as conn:
        stored = sorted(u for (u,) in conn.execute("SELECT url FROM raw_pages"))
    written = list(read_warc(live))
    assert all(p.status == 200 and p.request_headers for p in written)
    # every stored page, plus pages fetched but kept only as aliases (exact duplicates)
    assert set(stored) <= {p.url for p in written}
    check = subprocess.run([str(WARCIO), "check", str(live)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


# ------------------------------------------------------------------------------------ generated WARC


def _chunked(data: bytes) -> bytes:
    out = b""
    for i in range(0, len(data), 700):
        piece = data[i:i + 700]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def build_warc(manifest: dict, path: Path) -> None:
    """Write the manifest's records with warcio (one gzip member each), then a broken half record if asked."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    urls: dict[str, str] = {}
    for rec in manifest["records"]:
        if "revisit_of" in rec:
            url = urls[rec["revisit_of"]]
            writer.write_record(writer.create_revisit_record(url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", url, "2024-04-09T00:00:00Z"))
            continue
        if "page" in rec:
            truth = json.loads((FIXTURES / "extraction" / f"{rec['page']}.json").read_text(encoding="utf-8"))
            body = (FIXTURES / "extraction" / f"{rec['page']}.html").read_bytes()
            url = rec.get("url") or truth["url"]
            urls.setdefault(rec["page"], url)
        else:
            body, url = (FIXTURES / "warc" / rec["file"]).read_bytes(), rec["url"]
        warc_headers = {"WARC-Date": "2024-06-12T09:00:00Z"}
        if "truncate" in rec:
            body = body[: rec["truncate"]]
            warc_headers["WARC-Truncated"] = "length"
        headers = [("Content-Type", rec["content_type"])]
        if rec.get("transfer") == "gzip+chunked":
            body = _chunked(gzip.compress(body))
            headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
        else:
            headers.append(("Content-Length", str(len(body))))
        status = rec.get("status", 200)
        http = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Not Found'}", headers, protocol="HTTP/1.1")
        resp = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers)
        if rec.get("request"):
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                            http_headers=StatusAndHeaders("GET / HTTP/1.1", [("User-Agent", "CCBot/2.0")], is_http_request=True))
            writer.write_request_response_pair(req, resp)
        else:
            writer.write_record(resp)
    data = buf.getvalue()
    if manifest.get("broken_tail"):
        member = io.BytesIO()
        WARCWriter(member, gzip=True).write_record(resp)
        data += member.getvalue()[: len(member.getvalue()) // 2]  # the file breaks off inside a record
    path.write_bytes(data)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("warcgen")
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    warc, db = tmp / "mixed.warc.gz", tmp / "mixed.db"
    build_warc(manifest, warc)
    proc = newsarchive("--db", str(db), "import-warc", str(warc), "--json")
    assert proc.returncode == 0, proc.stderr
    return {"manifest": manifest, "db": db, "warc": warc, "summary": json.loads(proc.stdout), "stderr": proc.stderr}


def test_generated_warc_imports_with_counts_its_records_call_for(generated):
    expect = [r["expect"] for r in generated["manifest"]["records"]]
    counts, warc = generated["summary"]["counts"], generated["summary"]["warc"]
    assert counts["new"] == expect.count("new")
    assert counts["duplicate"] == expect.count("duplicate")
    assert counts["unchanged"] == expect.count("unchanged")
    assert counts["dropped"] == warc["truncated"] == expect.count("truncated")
    assert warc["non_html"] == expect.count("non_html")
    assert warc["not_ok"] == expect.count("not_ok")
    assert warc["revisits"] == expect.count("revisit")
    assert warc["html"] == sum(expect.count(k) for k in ("new", "duplicate", "unchanged", "truncated"))
    assert warc["unreadable"] == (1 if generated["manifest"]["broken_tail"] else 0)


def test_generated_warc_articles_match_their_labels(generated):
    stored = articles(generated["db"])
    for rec in generated["manifest"]["records"]:
        if rec["expect"] != "new":
            continue
        truth = json.loads((FIXTURES / "extraction" / f"{rec['page']}.json").read_text(encoding="utf-8"))
        assert stored[truth["url"]][0] == truth["title"]  # EUC-KR page sent gzip+chunked decodes too
        assert truth["body_paragraphs"][0][:40] in stored[truth["url"]][1]


def test_nothing_lost_and_problems_reported(generated):
    with sqlite3.connect(generated["db"]) as conn:
        dropped = conn.execute("SELECT url, note FROM raw_pages WHERE article_id IS NULL").fetchall()
        aliases = {u for (u,) in conn.execute("SELECT url FROM article_urls")}
    truncated = [r for r in generated["manifest"]["records"] if r["expect"] == "truncated"]
    assert len(dropped) == len(truncated) and "truncated" in dropped[0][1]
    duplicate = next(r for r in generated["manifest"]["records"] if r["expect"] == "duplicate")
    assert duplicate["url"] in aliases  # the copy's URL is kept as an alias of the original
    (problem,) = generated["summary"]["problems"]
    assert problem.startswith(f"{generated['warc']}@") and "breaks off" in problem
    assert "skipped " in generated["stderr"]


def test_missing_file_is_one_line_error(tmp_path):
    proc = newsarchive("--db", str(tmp_path / "x.db"), "import-warc", str(tmp_path / "nope.warc.gz"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: no such file: {tmp_path / 'nope.warc.gz'}"]
