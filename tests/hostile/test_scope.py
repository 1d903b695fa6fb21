"""No request leaves the site's scope — discovery or article, first hop or redirect, robots.txt too — and
redirected articles are stored under their final URL (issue 10, items 2 and 5; SSRF guard)."""

from __future__ import annotations

import pytest

from storage import Archive
from tests.hostile import payloads
from tests.hostile.crawling import run_crawl
from tests.hostile.server import HostileServer

KEY = "hostile-scope"


def serve_scope_site(site: HostileServer, other: HostileServer) -> None:
    """The site on 127.0.0.1: redirects to itself and to 127.0.0.2; the other host serves tempting content."""
    a, b = site.base_url, other.base_url
    site.redirect("/robots.txt", f"{b}/robots.txt")
    site.redirect("/feed/offsite", f"{b}/feed.xml")
    site.redirect("/sitemap-redirect.xml", f"{b}/sitemap.xml")
    site.route("/feed.xml", payloads.feed(a, [
        (f"{a}/news/1", "보통 기사"),
        (f"{a}/old/2", "옮겨진 기사"),
        (f"{a}/old/3", "다른 호스트로 옮겨진 기사"),
        (f"{a}/old/4", "두 번 옮겨진 기사"),
        (f"{a}/loop/5", "끝없이 옮겨지는 기사"),
        (f"{a}/old/7", "파일로 옮겨진 기사"),
        (f"{a}/old/8", "첫 화면으로 옮겨진 기사"),
    ]), ctype="application/rss+xml")
    site.redirect("/old/2", f"{a}/news/2", status=301)
    site.redirect("/old/3", f"{b}/news/3", status=302)
    site.redirect("/old/4", f"{a}/old/40", status=301)
    site.redirect("/old/40", f"{a}/news/4", status=308)
    for hop in range(12):
        site.redirect(f"/loop/5{'/' * bool(hop)}{hop or ''}".replace("/5/0", "/5"), f"{a}/loop/5/{hop + 1}")
    site.redirect("/old/7", "file:///etc/passwd", status=301)
    site.redirect("/old/8", f"{a}/", status=302)  # a removed article sent to the front page
    site.route("/", payloads.article(0, "첫 화면"))
    for n in (1, 2, 4, 90, 91, 92):
        site.route(f"/news/{n}", payloads.article(n, f"적대 기사 {n}번"))
    other.route("/robots.txt", payloads.robots_offsite(b), ctype="text/plain")
    other.route("/feed.xml", payloads.feed(b, [(f"{a}/news/90", "OFFSITE 피드 제목")]), ctype="application/rss+xml")
    other.route("/sitemap.xml", payloads.urlset([f"{a}/news/91"]), ctype="application/xml")
    other.route("/sitemap-offsite.xml", payloads.urlset([f"{a}/news/92"]), ctype="application/xml")
    other.route("/news/3", payloads.article(3, "OFFSITE 기사"))


@pytest.fixture(scope="module")
def scope_crawls(tmp_path_factory):
    """Two crawls of the scope site into one archive; what each host was asked for after each."""
    tmp = tmp_path_factory.mktemp("scope")
    db = tmp / "archive.db"
    with HostileServer("127.0.0.1") as site, HostileServer("127.0.0.2") as other:
        serve_scope_site(site, other)
        toml = payloads.site_file("scope.toml", base=site.base_url)
        first = run_crawl(tmp, toml, KEY, db)
        first_paths = site.paths()
        second = run_crawl(tmp, toml, KEY, db)
        yield {"db": db, "a": site.base_url, "first": first, "second": second, "first_paths": first_paths,
               "second_paths": site.paths()[len(first_paths):], "other_paths": other.paths()}


def test_other_host_gets_no_request_at_all(scope_crawls):
    # feed, sitemap and robots.txt redirects to 127.0.0.2, and an article redirect there: none is followed
    assert scope_crawls["other_paths"] == []


def test_links_from_offsite_discovery_are_never_requested(scope_crawls):
    paths = scope_crawls["first_paths"]
    assert "/feed/offsite" in paths and "/sitemap-redirect.xml" in paths and "/robots.txt" in paths
    assert not {"/news/90", "/news/91", "/news/92"} & set(paths)
    with Archive(scope_crawls["db"]) as archive:
        titles = [r["title"] for r in archive.db.query("SELECT title FROM articles")]
    assert titles and not [t for t in titles if "OFFSITE" in t]


def test_refused_requests_are_counted_and_logged_one_line_each(scope_crawls):
    first = scope_crawls["first"]
    a = scope_crawls["a"]
    # feed, sitemap, robots.txt (Scrapy's and ours) and article /old/3 redirect to the other host
    assert first.counts["skipped_offscope"] == 5, first.log
    refused = [line for line in first.log.splitlines() if "request refused" in line]
    assert len(refused) == 5 and all("'127.0.0.2' is not in allowed_domains" in line for line in refused)
    assert any(f"redirected from {a}/old/3" in line for line in refused)
    # a redirect to file:// is not followed by Scrapy at all: the 301 counts as a failed article
    assert f"article page failed (http_301): {a}/old/7" in first.log
    assert "Traceback" not in first.log


def test_redirected_articles_are_stored_under_final_url_with_first_as_alias(scope_crawls):
    a = scope_crawls["a"]
    with Archive(scope_crawls["db"]) as archive:
        for first, hops, final in [("/old/2", [], "/news/2"), ("/old/4", ["/old/40"], "/news/4")]:
            article_id = archive.article_id_for_url(a + final)
            assert article_id is not None, final
            row = archive.get_article(article_id)
            assert row["url"] == a + final
            assert row["title"] == f"적대 기사 {final[-1]}번"
            for alias in [first, *hops]:
                assert archive.article_id_for_url(a + alias) == article_id, alias
    counts = scope_crawls["first"].counts
    assert counts["new"] == 3  # /news/1, /news/2 via /old/2, /news/4 via /old/4 → /old/40
    assert counts["extraction_failed"] == 0


def test_article_redirected_to_a_non_article_page_is_dropped_not_stored_as_an_article(scope_crawls):
    a = scope_crawls["a"]
    with Archive(scope_crawls["db"]) as archive:
        assert archive.article_id_for_url(a + "/") is None and archive.article_id_for_url(a + "/old/8") is None
    first = scope_crawls["first"]
    assert first.counts["dropped"] == 1
    assert f"redirected to a page that is not an article URL: {a}/): {a}/old/8" in first.log


def test_redirect_chains_stop_after_a_few_hops_as_a_counted_failure(scope_crawls):
    paths = scope_crawls["first_paths"]
    assert sum(p.startswith("/loop/5") for p in paths) == 6  # the first request and REDIRECT_MAX_TIMES = 5 hops
    assert "article page failed (too_many_redirects)" in scope_crawls["first"].log


def test_second_crawl_does_not_refetch_redirected_or_refused_articles(scope_crawls):
    again = scope_crawls["second_paths"]
    # archived under their aliases: skipped as seen; refused and failed ones back off
    assert not [p for p in again if p.startswith(("/old/", "/news/", "/loop/"))], again
    assert scope_crawls["second"].counts["skipped_seen"] == 3
