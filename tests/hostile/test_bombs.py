"""Bounded time and memory whatever a site sends: recursive, endless and fan-out sitemap indexes, gzip bombs
(sitemap and article), legal sitemaps over the page download cap, pages that are pathological to parse,
and a stray NUL byte (issue 10, items 1, 3, 4 and three of item 10). Crawls run under `MEMORY_LIMIT_MB`."""

from __future__ import annotations

import time

import pytest

from storage import Archive
from tests.hostile import payloads
from tests.hostile.crawling import run_crawl
from tests.hostile.server import HostileServer

KEY = "hostile-bombs"
BUDGET = 40  # discovery requests per crawl in these crawls (NEWSARCHIVE_MAX_DISCOVERY_REQUESTS)
TITLES = {1: "속성 폭탄 기사", 2: "태그 폭탄 기사", 3: "널 바이트 기사", 4: "압축 폭탄 기사", 5: "보통 기사",
          6: "큰 사이트맵 기사"}


def serve_bombs_site(site: HostileServer) -> None:
    """Routes of the bombs site (see tests/fixtures/hostile/sites/bombs.toml)."""
    a = site.base_url
    site.route("/feed.xml", payloads.feed(a, [(f"{a}/news/{n}", TITLES[n]) for n in range(1, 6)]),
               ctype="application/rss+xml")
    site.route("/news/1", payloads.article(1, TITLES[1], body_extra=payloads.many_attributes(300_000)))
    site.route("/news/2", lambda: payloads.article(2, TITLES[2], body_extra=payloads.many_tags(2_000_000)))
    site.route("/news/3", payloads.article(3, TITLES[3], head_extra="<!-- \x00 -->"))
    site.route("/news/4", lambda: payloads.gzip_bomb(64), headers={"Content-Encoding": "gzip"})
    site.route("/news/5", payloads.article(5, TITLES[5]))
    site.route("/news/6", payloads.article(6, TITLES[6]))
    site.route("/sitemap-self.xml", payloads.sitemap_index([f"{a}/sitemap-self.xml", f"{a}/chain/0.xml"]),
               ctype="application/xml")
    for n in range(60):  # an index chain deeper than anyone should follow
        site.route(f"/chain/{n}.xml", payloads.sitemap_index([f"{a}/chain/{n + 1}.xml"]), ctype="application/xml")
    site.route("/wide.xml", payloads.sitemap_index([f"{a}/wide/{n}.xml" for n in range(200)]), ctype="application/xml")
    for n in range(200):
        site.route(f"/wide/{n}.xml", payloads.urlset([]), ctype="application/xml")
    site.route("/sitemap-bomb.xml.gz", lambda: payloads.gzip_bomb(2048), ctype="application/x-gzip")
    site.route("/sitemap-large.xml", lambda: payloads.large_urlset(a, 12, [f"{a}/news/6"]), ctype="application/xml")


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    """Two crawls of the bombs site into one archive, with what the site was asked for in each."""
    tmp = tmp_path_factory.mktemp("bombs")
    db = tmp / "archive.db"
    budget = f"NEWSARCHIVE_MAX_DISCOVERY_REQUESTS={BUDGET}"
    with HostileServer("127.0.0.1") as site:
        serve_bombs_site(site)
        toml = payloads.site_file("bombs.toml", base=site.base_url)
        started = time.monotonic()
        first = run_crawl(tmp, toml, KEY, db, budget)
        seconds = time.monotonic() - started
        first_paths = site.paths()
        second = run_crawl(tmp, toml, KEY, db, budget)
        yield {"db": db, "a": site.base_url, "first": first, "second": second, "seconds": seconds,
               "first_paths": first_paths, "second_paths": site.paths()[len(first_paths):]}


def _article(bombs, n: int) -> dict | None:
    with Archive(bombs["db"]) as archive:
        article_id = archive.article_id_for_url(f"{bombs['a']}/news/{n}")
        return archive.get_article(article_id) if article_id else None


def test_crawl_ends_without_traceback_or_memory_error(bombs):
    first = bombs["first"]
    assert first.returncode == 0 and first.summary["status"] == "ok", first.log[-3000:]
    assert "Traceback" not in first.log and "MemoryError" not in first.log


def test_element_with_300k_attributes_is_archived_in_bounded_time(bombs):
    # before the pre-parse limits this one page kept the crawl parsing for minutes (the crawl timed out)
    row = _article(bombs, 1)
    assert row is not None and row["title"] == TITLES[1]
    assert "적대적 서버 시험 기사 1번" in row["body"]
    assert bombs["seconds"] < 100  # generous: the whole crawl takes a few seconds; unbounded it took minutes


def test_page_with_millions_of_tags_is_refused_and_backs_off(bombs):
    first, second = bombs["first"], bombs["second"]
    assert _article(bombs, 2) is None
    assert "page has 2,000,0" in first.log and "limit 100,000" in first.log
    assert first.counts["dropped"] == 1 and first.counts["extraction_failed"] == 1
    assert "/news/2" not in bombs["second_paths"]
    assert second.counts["skipped_failed"] == 2  # this page and the gzip-bomb article


def test_failed_pages_are_not_fetched_again_by_the_next_crawl(bombs):
    again = bombs["second_paths"]
    assert not [p for p in again if p.startswith("/news/")], again
    assert bombs["second"].counts["skipped_seen"] == 4


def test_stray_nul_byte_does_not_make_a_page_binary(bombs):
    row = _article(bombs, 3)
    assert row is not None and row["title"] == TITLES[3]


def test_gzip_bomb_article_is_a_counted_failure(bombs):
    assert _article(bombs, 4) is None
    assert f"article page failed (too_large): {bombs['a']}/news/4" in bombs["first"].log
    assert bombs["first"].counts["failed"] == 1


def test_gzip_bomb_sitemap_is_refused_before_it_is_inflated(bombs):
    assert "sitemap inflates to more than 50 MB" in bombs["first"].log


def test_legal_sitemap_above_the_page_download_cap_is_read(bombs):
    row = _article(bombs, 6)
    assert row is not None and row["title"] == TITLES[6]


def test_sitemap_indexes_are_read_once_and_bounded_in_depth_and_count(bombs):
    paths = bombs["first_paths"]
    assert paths.count("/sitemap-self.xml") == 1
    chain = [p for p in paths if p.startswith("/chain/")]
    assert 1 <= len(chain) <= 5  # /chain/0.xml at depth 0 … /chain/4.xml at depth 4
    discovery = [p for p in paths if not p.startswith(("/news/", "/robots.txt"))]
    assert len(discovery) <= BUDGET
    assert f"discovery budget of {BUDGET} requests spent" in bombs["first"].log
    assert "sitemap index nested deeper than 4 levels" in bombs["first"].log or len(chain) < 5


def test_good_articles_are_all_kept(bombs):
    assert _article(bombs, 5) is not None
    assert bombs["first"].counts["new"] == 4  # 1 (sanitised), 3 (NUL), 5, 6 (large sitemap)
