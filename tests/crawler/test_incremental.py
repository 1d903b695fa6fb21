"""Incremental crawling against the demo site over real sockets, through `newsarchive crawl` in a subprocess
(a Twisted reactor runs once per process): re-crawls skip archived article pages, a revisit policy re-checks
them with conditional GET, an edit becomes a new version, URL variants and an EUC-KR copy resolve to one
article, and every run's counts are recorded."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.archive_access import close_archive
from crawler.demo.server import DemoSite, ground_truth
from crawler.extract import extract_article
from crawler.items import ArticleItem
from crawler.sites import BUILTIN_SITES_DIR, load_sites
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from storage import Archive

ROOT = Path(__file__).parents[2]
EDITED = 1001  # the article edited on the served site between crawls
NEW_TITLE = "한은, 기준금리 연 2.50% 동결…\"5월 인하 여부 주목\""
NEW_PARAGRAPH = "(2보) 한은은 이날 오후 수정 경제전망을 발표하고 올해 성장률 전망치를 1.9%로 유지했다."
ARTICLE_PAGE = re.compile(r"^/(news/articleView\.html|read/)")


def newsarchive(*args: str) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess (wide console: rich wraps at 80 columns otherwise)."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "400"})


def crawl(db: Path, base_url: str, *, sites: Path | None = None) -> dict:
    """One `newsarchive crawl demo`, its JSON summary."""
    opts = ["--sites", str(sites)] if sites else []
    proc = newsarchive("--db", str(db), *opts, "crawl", "demo", "--base-url", base_url, "--no-progress", "--json")
    assert proc.returncode == 0, proc.stderr
    (summary,) = json.loads(proc.stdout)
    return summary


def revisit_sites(tmp: Path) -> Path:
    """A site directory whose `demo` re-checks every archived article (the demo's stories are from March)."""
    toml = (BUILTIN_SITES_DIR / "demo.toml").read_text(encoding="utf-8")
    toml, n = re.subn(r"\[dedupe\]\n", "[dedupe]\nrevisit_hours = 1000000\n", toml)
    assert n == 1
    d = tmp / "sites"
    d.mkdir()
    (d / "demo.toml").write_text(toml, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Crawl 1 (empty archive), crawl 2 (nothing changed), edit one article, crawl 3 (revisit policy on)."""
    tmp = tmp_path_factory.mktemp("incremental")
    db = tmp / "archive.db"
    sites = revisit_sites(tmp)
    with DemoSite() as site:
        out = {"db": db, "base": site.base_url, "truth": ground_truth()}
        for name in ("first", "second"):
            out[name] = crawl(db, site.base_url)
            out[f"{name}_log"] = list(site.requests)
            site.clear_log()
        with Archive(db) as archive:
            out["articles_before_edit"] = archive.db["articles"].count
            out["versions_before_edit"] = archive.db["article_versions"].count
            out["old"] = archive.get_article(site.base_url + f"/news/articleView.html?idxno={EDITED}")
        site.edit_article(EDITED, title=NEW_TITLE, append_paragraph=NEW_PARAGRAPH)
        out["third"] = crawl(db, site.base_url, sites=sites)
        out["third_log"] = list(site.requests)
        yield out


def article_requests(log) -> list:
    """The article-page requests of a demo-site request log."""
    return [r for r in log if ARTICLE_PAGE.match(r.path)]


def test_second_crawl_requests_no_article_page_and_adds_nothing(runs):
    second = runs["second"]["counts"]
    assert article_requests(runs["second_log"]) == [], [r.path for r in article_requests(runs["second_log"])]
    assert second["fetched"] == 0 and second["new"] == 0 and second["updated"] == 0 and second["duplicate"] == 0
    assert second["skipped_seen"] >= len(runs["truth"].unique_articles)
    # feeds, sitemaps and listings are fetched again every time
    paths = {r.path for r in runs["second_log"]}
    assert {"/rss/allArticle.xml", "/robots.txt", "/section/economy"} <= paths
    assert runs["versions_before_edit"] == 0
    with Archive(runs["db"]) as archive:
        assert archive.db["articles"].count == runs["articles_before_edit"]


def test_first_crawl_fetched_each_article_page_once(runs):
    pages = [r.path for r in article_requests(runs["first_log"])]
    stored = set(runs["truth"].unique_articles)
    assert stored <= set(pages)
    # 500 and truncated pages are retried by Scrapy within a crawl; everything else is requested once
    repeated = {p for p in pages if pages.count(p) > 1}
    assert repeated <= {p for p, kind in runs["truth"].failures.items() if kind in ("500", "truncated")}


def test_revisit_uses_conditional_get(runs):
    rechecks = [r for r in article_requests(runs["third_log"]) if r.method == "GET"]
    assert rechecks, "the revisit policy should re-check archived articles"
    assert all("If-None-Match" in r.headers or "If-Modified-Since" in r.headers for r in rechecks)
    statuses = {r.path: r.status for r in rechecks}
    assert statuses[f"/news/articleView.html?idxno={EDITED}"] == 200
    not_modified = [p for p, status in statuses.items() if status == 304]
    # Pages whose sidebar lists the edited headline changed bytes (new ETag) but not content: "unchanged" too.
    assert len(not_modified) >= len(statuses) // 2
    counts = runs["third"]["counts"]
    assert counts["updated"] == 1 and counts["unchanged"] == len(statuses) - 1
    assert counts["new"] == 0 and counts["fetched"] == len(statuses) - len(not_modified)
    # copies and URL variants are aliases: not re-checked themselves
    truth = runs["truth"]
    assert not set(truth.duplicates) & set(statuses)
    # a 304 still counts as seeing the article: last_seen moves to the re-check
    with Archive(runs["db"]) as archive:
        third_started = max(r["started_at"] for r in archive.runs(site="demo"))
        row = archive.get_article(runs["base"] + not_modified[0])
    assert row["last_seen"] >= third_started > row["first_seen"]


def test_edit_becomes_new_version_and_old_is_kept(runs):
    url = runs["base"] + f"/news/articleView.html?idxno={EDITED}"
    with Archive(runs["db"]) as archive:
        row = archive.get_article(url)
        versions = archive.versions(row["id"])
    old = runs["old"]
    assert row["title"] == NEW_TITLE and row["body"].endswith(NEW_PARAGRAPH) and row["version"] == 2
    assert len(versions) == 1
    assert versions[0]["title"] == old["title"] and versions[0]["body"] == old["body"] and versions[0]["saved_at"]
    assert row["last_changed"] >= versions[0]["saved_at"]
    shown = newsarchive("--db", str(runs["db"]), "show", url, "--history")
    assert shown.returncode == 0, shown.stderr
    assert "version 1 → 2" in shown.stdout
    assert f"+{NEW_PARAGRAPH}" in shown.stdout and f"-{old['title']}" in shown.stdout


def test_tracking_and_amp_variants_resolve_to_one_article(runs):
    truth, base = runs["truth"], runs["base"]
    with Archive(runs["db"]) as archive:
        for variants in (truth.tracking, truth.amp):
            for variant, original in variants.items():
                original_id = archive.article_id_for_url(base + original)
                assert original_id is not None
                assert archive.article_id_for_url(base + variant) == original_id, variant
    # the variants were never requested as pages of their own
    requested = {r.path for r in runs["first_log"]}
    assert not (set(truth.tracking) | set(truth.amp)) & requested


def test_euc_kr_copy_is_the_same_story(runs):
    truth, base = runs["truth"], runs["base"]
    copy = next(p for p in truth.euc_kr if p in truth.duplicates)
    with Archive(runs["db"]) as archive:
        original_id = archive.article_id_for_url(base + truth.duplicates[copy])
        assert archive.article_id_for_url(base + copy) == original_id
        title = archive.get_article(original_id)["title"]
        assert archive.db.execute("select count(*) from articles where title = ?", [title]).fetchone()[0] == 1


def test_euc_kr_copy_is_caught_by_its_body_even_without_rel_canonical(runs, tmp_path):
    """Take the page's rel=canonical away: the decoded EUC-KR text equals the UTF-8 one, so the body hash matches."""
    truth, base = runs["truth"], runs["base"]
    copy = next(p for p in truth.euc_kr if p in truth.duplicates)
    rules = load_sites()["demo"].extract
    crawler = get_crawler(settings_dict={"NEWSARCHIVE_DB": str(tmp_path / "euc.db")})
    crawler.stats.open_spider()
    clean, dedupe, store = CleanPipeline(), DedupePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    with DemoSite() as site:  # a fresh instance: the module's site has an edited story
        items = []
        for path in (truth.duplicates[copy], copy):
            with urllib.request.urlopen(site.base_url + path) as resp:
                raw, ctype = resp.read(), resp.headers["Content-Type"]
            article = extract_article(raw, site.base_url + path, rules)
            items.append((ctype, ArticleItem(url=site.base_url + path, fetched_url=site.base_url + path, aliases=[],
                                             title=article.title, body=article.body)))
    assert "utf-8" in items[0][0] and "euc-kr" in items[1][0]
    first = store.process_item(dedupe.process_item(clean.process_item(items[0][1])))
    dedupe.item_scraped(first)
    with pytest.raises(DropItem, match="same body"):
        dedupe.process_item(clean.process_item(items[1][1]))
    with Archive(tmp_path / "euc.db") as archive:
        assert archive.article_id_for_url(items[1][1]["url"]) == archive.article_id_for_url(items[0][1]["url"])
    close_archive(crawler)


def test_runs_list_the_counts_of_every_crawl(runs):
    proc = newsarchive("--db", str(runs["db"]), "runs", "--json")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert [r["id"] for r in listed] == [3, 2, 1] and all(r["status"] == "ok" for r in listed)
    for run, name in zip(listed, ("third", "second", "first")):
        assert run["counts"] == runs[name]["counts"]
        for key in ("new", "updated", "unchanged", "duplicate", "near_duplicate", "skipped_seen"):
            assert key in run["counts"]
    assert listed[2]["counts"]["new"] == len(runs["truth"].unique_articles)
    assert listed[2]["counts"]["duplicate"] >= 3  # the republished copies


# ------------------------------------------------------------------------------------------ unit level
# The spider's 304 and copy handling, and the middleware's decisions, on pages fetched from a demo site.


@pytest.fixture
def demo_spider(tmp_path):
    """A demo spider on a running demo site, with its own archive; yields (spider, site)."""
    from scrapy.settings import Settings

    from crawler.spiders.loader import SiteSpiderLoader

    settings = Settings()
    settings.setmodule("crawler.settings")
    spidercls = SiteSpiderLoader(settings).load("demo")
    with DemoSite() as site:
        crawler = get_crawler(spidercls, settings_dict={"NEWSARCHIVE_DB": str(tmp_path / "unit.db")})
        crawler.stats.open_spider()
        spider = spidercls.from_crawler(crawler, base_url=site.base_url)
        crawler.spider = spider
        yield spider, site
        close_archive(crawler)


def page(site: DemoSite, path: str, **meta):
    """The demo page at `path` as a Scrapy response to an article request."""
    from scrapy import Request
    from scrapy.http import HtmlResponse

    url = site.base_url + path
    with urllib.request.urlopen(url) as resp:
        body = resp.read()
    return HtmlResponse(url, body=body, request=Request(url, meta={"article": True, "canonical": url, **meta}))


def test_not_modified_answer_yields_nothing_and_counts_unchanged(demo_spider):
    from scrapy import Request
    from scrapy.http import HtmlResponse

    spider, site = demo_spider
    url = site.base_url + "/news/articleView.html?idxno=1001"
    response = HtmlResponse(url, status=304, body=b"", request=Request(url, meta={"article": True, "canonical": url}))
    assert list(spider.parse_article(response)) == []
    stats = spider.crawler.stats
    assert stats.get_value("newsarchive/unchanged") == 1 and stats.get_value("newsarchive/fetched") is None


def test_copy_waits_for_its_original_and_hands_over_its_urls(demo_spider):
    spider, site = demo_spider
    original = site.base_url + "/news/articleView.html?idxno=1007"
    list(spider.article_request(original, None))  # the original is already scheduled in this crawl
    copy = page(site, "/news/articleView.html?idxno=1101")
    assert list(spider.parse_article(copy)) == []
    (item,) = list(spider.parse_article(page(site, "/news/articleView.html?idxno=1007")))
    assert item["url"] == original and copy.url in item["aliases"]


def test_copy_of_an_unscheduled_original_schedules_it(demo_spider):
    spider, site = demo_spider
    out = list(spider.parse_article(page(site, "/news/articleView.html?idxno=1102")))
    assert [r.url for r in out] == [site.base_url + "/news/articleView.html?idxno=1042"]
    assert out[0].meta["article"]


def test_middleware_skips_archived_and_recently_failed_and_revisits_young(demo_spider, tmp_path):
    from dataclasses import replace

    from scrapy import Request

    from crawler.archive_access import archive_for
    from crawler.middlewares import SkipArchivedMiddleware
    from storage import RawPage

    spider, site = demo_spider
    mw = SkipArchivedMiddleware.from_crawler(spider.crawler)
    archive = archive_for(spider.crawler)
    base = site.base_url + "/news/articleView.html?idxno="

    def request(n: int, **meta) -> Request:
        """An article request for idxno `n`."""
        return Request(base + str(n), meta={"article": True, "canonical": base + str(n), **meta})

    archive.save_article({"url": base + "1", "title": "t", "body": "b", "published": "2020-01-01T00:00:00+09:00"},
                         raw=RawPage(url=base + "1", body=b"<html>", etag='"abc"'))
    archive.add_alias(1, base + "1&utm_source=x")
    assert mw.get_processed_request(request(1), None) is None
    assert mw.get_processed_request(request(9, link=base + "1&utm_source=x"), None) is None  # linked via an alias
    assert mw.get_processed_request(Request(site.base_url + "/rss/allArticle.xml"), None) is not None
    assert spider.crawler.stats.get_value("newsarchive/skipped_seen") == 2
    fresh = request(2)
    assert mw.get_processed_request(fresh, None) is fresh

    # a request that reached the downloader and got no usable answer is skipped next time, until due
    mw.request_reached_downloader(fresh)
    mw.spider_idle()
    assert archive.db.execute("select last_status from fetch_failures").fetchall() == [("no_response",)]
    assert mw.get_processed_request(request(2), None) is None
    assert spider.crawler.stats.get_value("newsarchive/skipped_failed") == 1

    # revisit policy: young enough (here: any age) -> re-checked with the archived page's validators
    spider.site = replace(spider.site, dedupe=replace(spider.site.dedupe, revisit_hours=1e9))
    rechecked = mw.get_processed_request(request(1), None)
    assert rechecked is not None and rechecked.headers.get("If-None-Match") == b'"abc"'
    assert mw.get_processed_request(request(9, link=base + "1&utm_source=x"), None) is None  # aliases are not
