"""Re-extraction rewrites stored articles from their stored HTML, keeping the old text as a version."""

import json
from pathlib import Path

from crawler.reextract import reextract
from crawler.sites import load_sites
from storage import Archive, RawPage

FIX = Path(__file__).parents[1] / "fixtures"
URL = "http://127.0.0.1:8765/read/economy/1853871.htm"


def test_reextract_updates_old_extraction_and_recovers_dropped_page(tmp_path):
    html = (FIX / "seed" / "article.html").read_bytes()
    expected = json.loads((FIX / "seed" / "expected.json").read_text(encoding="utf-8"))
    with Archive(tmp_path / "a.db") as archive:
        # what an older, worse extractor stored: the byline left in the body
        archive.save_article(
            {"url": URL, "site": "demo", "title": expected["title"], "body": "[더팩트 | 서재근 기자] 구광모 LG그룹 회장이"},
            raw=RawPage(url=URL, body=html, encoding="utf-8"),
        )
        dropped = "http://127.0.0.1:8765/read/economy/1853872.htm"
        archive.save_raw_page(RawPage(url=dropped, body=html, encoding="utf-8"), note="dropped: no_body")
        report = reextract(archive, sites=load_sites())
        row = archive.get_article(URL)
        assert row["body"].split("\n\n") == expected["body_paragraphs"]
        assert row["version"] == 2
        (old,) = archive.versions(row["id"])
        assert old["body"].startswith("[더팩트 | 서재근 기자]")
        assert archive.get_article(dropped) is not None
    assert (report.pages, report.updated, report.recovered, report.failed) == (2, 1, 1, 0)


def test_reextract_unchanged_when_extraction_is_the_same(tmp_path):
    html = (FIX / "seed" / "article.html").read_bytes()
    with Archive(tmp_path / "a.db") as archive:
        report = reextract(archive, sites=load_sites())
        assert report.pages == 0
        archive.save_raw_page(RawPage(url=URL, body=html, encoding="utf-8"), note="dropped: no_body")
        reextract(archive, sites=load_sites())
        second = reextract(archive, sites=load_sites())
    assert (second.pages, second.unchanged, second.updated) == (1, 1, 0)
