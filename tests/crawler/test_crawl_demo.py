"""End to end over real sockets: the demo site on 127.0.0.1, crawled through `newsarchive crawl` (the same
code path users run), then checked against the site's own ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import DemoSite, ground_truth
from storage import Archive

ROOT = Path(__file__).parents[2]
SEED_EXPECTED = ROOT / "tests" / "fixtures" / "seed" / "expected.json"


def newsarchive(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess (a Twisted reactor runs once per process)."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def crawl(db: Path, base_url: str) -> dict:
    proc = newsarchive("--db", str(db), "crawl", "demo", "--base-url", base_url, "--no-progress", "--json")
    assert proc.returncode == 0, proc.stderr
    (summary,) = json.loads(proc.stdout)
    return summary


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One demo site, crawled twice into one archive; yields what each crawl requested and reported."""
    db = tmp_path_factory.mktemp("e2e") / "archive.db"
    with DemoSite() as site:
        first = crawl(db, site.base_url)
        first_paths = site.request_paths()
        site.clear_log()
        second = crawl(db, site.base_url)
        second_paths = site.request_paths()
        yield {"db": db, "base": site.base_url, "first": first, "second": second,
               "first_paths": first_paths, "second_paths": second_paths, "truth": ground_truth()}


def test_unique_articles_match_ground_truth(crawled):
    truth, base = crawled["truth"], crawled["base"]
    with Archive(crawled["db"]) as archive:
        ids = {archive.article_id_for_url(base + path) for path in truth.unique_articles}
        stored = {row["id"] for row in archive.db.query("select id from articles")}
    assert None not in ids, "an original story is missing from the archive"
    assert len(ids) == len(truth.unique_articles)
    assert stored == ids, "the archive holds articles that are not distinct stories of the site"


def test_seed_article_exact(crawled):
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    with Archive(crawled["db"]) as archive:
        row = archive.get_article(crawled["base"] + crawled["truth"].seed_path)
    assert row["title"] == expected["title"]
    assert row["section"] == expected["section"]
    assert row["published"] == expected["published"]
    assert row["body"].split("\n\n") == expected["body_paragraphs"]
    assert row["authors"] == expected["authors"] and row["publisher"] == expected["publisher"]


def test_robots_disallowed_never_requested(crawled):
    disallowed = crawled["truth"].disallowed
    assert disallowed, "the demo site should link to robots-disallowed pages"
    requested = set(crawled["first_paths"]) | set(crawled["second_paths"])
    assert not requested & set(disallowed)
    assert crawled["first"]["counts"]["robots_denied"] == len(disallowed)


def test_broken_pages_counted_and_crawl_went_on(crawled):
    truth, counts = crawled["truth"], crawled["first"]["counts"]
    unreachable = [p for p, kind in truth.failures.items() if kind in ("404", "500", "truncated")]
    empty = [p for p, kind in truth.failures.items() if kind == "empty"]
    assert counts["failed"] == len(unreachable)
    assert counts["dropped"] == len(empty)
    assert crawled["first"]["status"] == "ok"
    with Archive(crawled["db"]) as archive:
        for path in truth.failures:
            assert archive.article_id_for_url(crawled["base"] + path) is None, path
        # the empty page's HTML is still kept, so a better extractor can recover it later
        kept = {r["url"] for r in archive.db.query("select url from raw_pages where article_id is null")}
    assert {crawled["base"] + p for p in empty} <= kept


def test_euc_kr_articles_read_correctly(crawled):
    truth, base = crawled["truth"], crawled["base"]
    assert truth.euc_kr
    with Archive(crawled["db"]) as archive:
        for path in truth.euc_kr:
            expected = truth.article(path)
            row = archive.get_article(base + path)
            assert row["title"] == expected["title"], path
            assert row["body"].split("\n\n") == expected["paragraphs"], path


def test_each_syndicated_duplicate_stored_once(crawled):
    truth, base = crawled["truth"], crawled["base"]
    assert truth.duplicates
    with Archive(crawled["db"]) as archive:
        for dup, original in truth.duplicates.items():
            original_id = archive.article_id_for_url(base + original)
            assert original_id is not None
            assert archive.article_id_for_url(base + dup) == original_id, dup
            count = archive.db.execute("select count(*) from articles where title = ?",
                                       [truth.article(original)["title"]]).fetchone()[0]
            assert count == 1, dup


def test_search_finds_seed_article(crawled):
    with Archive(crawled["db"]) as archive:
        results = archive.search("구광모")
        seed_id = archive.article_id_for_url(crawled["base"] + crawled["truth"].seed_path)
    assert seed_id in [hit.id for hit in results.results]


def test_second_crawl_adds_nothing_and_fetches_no_article(crawled):
    second, truth = crawled["second"], crawled["truth"]
    assert second["counts"]["new"] == 0 and second["counts"]["fetched"] == 0
    archived = {p for p in truth.unique_articles} | set(truth.duplicates)
    assert not archived & set(crawled["second_paths"]), "an archived article page was downloaded again"
    # discovery pages are always fetched again
    assert "/rss/allArticle.xml" in crawled["second_paths"]
    with Archive(crawled["db"]) as archive:
        runs = archive.runs(site="demo")
    assert [r["status"] for r in runs] == ["ok", "ok"]


def test_scrapy_list_and_crawl_from_repo_root(tmp_path):
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert "demo" in listed.stdout.split()
    db, feed = tmp_path / "scrapy.db", tmp_path / "items.jsonl"
    with DemoSite() as site:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "demo", "-a", f"base_url={site.base_url}", "-a", "limit=5",
             "-s", f"NEWSARCHIVE_DB={db}", "-O", str(feed), "-s", "LOG_LEVEL=WARNING"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
    assert proc.returncode == 0, proc.stderr
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert 1 <= len(items) <= 5 and all(i["title"] and i["body"] and "raw" not in i for i in items)
    with Archive(db) as archive:
        assert archive.db["articles"].count == len(items)
