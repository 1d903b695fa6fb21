"""`newsarchive fetch URL`: one article downloaded now, through the crawl's extractor and pipelines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import DemoSite
from storage import Archive

ROOT = Path(__file__).parents[2]


def fetch(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_")}
    return subprocess.run([sys.executable, "-m", "crawler.cli", "--db", str(db), "fetch", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, env={**env, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def demo():
    with DemoSite() as site:
        yield site


def test_fetch_archives_one_article_under_its_canonical_url(demo, tmp_path):
    db = tmp_path / "f.db"
    url = f"{demo.base_url}/news/articleView.html?idxno=1001"
    demo.clear_log()
    proc = fetch(db, f"{url}&utm_source=newsletter", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["outcome"] == "new" and result["site"] == "demo" and result["url"] == url
    # one article page requested (robots.txt aside): no discovery pages
    assert [p for p in demo.request_paths() if p != "/robots.txt"] == ["/news/articleView.html?idxno=1001"]
    with Archive(db) as archive:
        row = archive.get_article(url)
        assert row["id"] == result["article_id"] and row["title"] and len(row["body"]) > 100
        (run,) = archive.runs(limit=5)
        assert run["trigger"] == "fetch" and run["status"] == "ok"
    again = fetch(db, url)
    assert again.returncode == 0 and f"#{result['article_id']} already archived" in again.stdout


def test_fetch_uses_generic_rules_for_an_unconfigured_host(tmp_path):
    with DemoSite(host="127.0.0.2") as other:
        proc = fetch(tmp_path / "g.db", f"{other.base_url}/news/articleView.html?idxno=1002", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["outcome"] == "new" and result["site"] == "127.0.0.2"


def test_fetch_failures_are_one_line(demo, tmp_path):
    db = tmp_path / "e.db"
    missing = fetch(db, f"{demo.base_url}/news/articleView.html?idxno=99999")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert [line for line in missing.stderr.splitlines() if line] == [
        f"error: {demo.base_url}/news/articleView.html?idxno=99999: failed: http_404 (log: {tmp_path / 'e.crawl.log'})"]
    bad = fetch(db, "ftp://example.org/x")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: not an http(s) URL: 'ftp://example.org/x'"
    unknown = fetch(db, f"{demo.base_url}/x", "--site", "nosuch")
    assert unknown.returncode == 2 and "unknown site 'nosuch'" in unknown.stderr
