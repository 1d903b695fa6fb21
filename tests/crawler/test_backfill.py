"""Backfill (`crawl SITE --since DATE [--until DATE]`, crawler/backfill.py): date parsing and window rules, then
real crawls in subprocesses of a six-month site on 127.0.0.1 (tests/crawler/backfill_site.py): through its
dated sitemaps and feed, and through its listing alone, exactly the window's articles are fetched; a backfill
killed with SIGKILL mid-way resumes without refetching finished articles or sitemaps and without duplicates."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse

from crawler.backfill import Window, child_sitemap_in_window, listing_links, parse_day, url_days
from tests.conftest import FIXTURES
from tests.crawler.backfill_site import SITES, BackfillSite

ROOT = Path(__file__).parents[2]
D = dt.date


def crawl_argv(db: Path, key: str, base_url: str, *window: str) -> list[str]:
    """argv of one `newsarchive crawl KEY --since … [--until …]` against the test site."""
    opts = ["--since", window[0]] + (["--until", window[1]] if len(window) > 1 else [])
    return [sys.executable, "-m", "crawler.cli", "--db", str(db), "--sites", str(SITES), "crawl", key,
            "--base-url", base_url, *opts, "--no-progress", "--json"]


def backfill(db: Path, key: str, base_url: str, *window: str) -> dict:
    """Run one backfill to the end; its JSON summary."""
    proc = subprocess.run(crawl_argv(db, key, base_url, *window), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (summary,) = json.loads(proc.stdout)
    return summary


def archived_paths(db: Path) -> list[str]:
    """Paths of the archived articles' URLs."""
    with sqlite3.connect(db) as conn:
        return [urlsplit(u).path for (u,) in conn.execute("SELECT url FROM articles")]


# ------------------------------------------------------------------------------------------------ rules


@pytest.mark.parametrize("text, day", [
    ("2026-03-05T23:30:00+09:00", D(2026, 3, 5)),  # the publisher's own day, not UTC's
    ("2026-03-05", D(2026, 3, 5)),
    ("Thu, 05 Mar 2026 23:30:00 +0900", D(2026, 3, 5)),
    ("2026.03.05 09:10", D(2026, 3, 5)),
    ("2026년 3월 5일", D(2026, 3, 5)),
    ("어제", None),
    ("2026-13-45", None),
    (None, None),
])  # fmt: skip
def test_parse_day(text, day):
    assert parse_day(text) == day


def test_window_parse_and_contains():
    w = Window.parse("2026-03-01", "2026-03-31")
    assert w.contains(D(2026, 3, 1)) and w.contains(D(2026, 3, 31)) and w.contains(None)
    assert not w.contains(D(2026, 2, 28)) and not w.contains(D(2026, 4, 1))
    assert Window.parse("2026-03-01").contains(D(2030, 1, 1))
    with pytest.raises(ValueError, match="--until 2026-02-01 is before --since 2026-03-01"):
        Window.parse("2026-03-01", "2026-02-01")
    with pytest.raises(ValueError, match="--since takes a date like"):
        Window.parse("last week")


def test_dated_sitemap_urls_and_lastmod():
    assert url_days("https://x.kr/sitemaps/daily/2026-03-05.xml") == (D(2026, 3, 5), D(2026, 3, 5))
    assert url_days("https://x.kr/sitemap-20260305.xml") == (D(2026, 3, 5), D(2026, 3, 5))
    assert url_days("https://x.kr/sitemap/2026/02/") == (D(2026, 2, 1), D(2026, 2, 28))
    assert url_days("https://x.kr/sitemap-news.xml") is None
    w = Window.parse("2026-03-01", "2026-03-31")
    assert child_sitemap_in_window(w, "https://x.kr/sitemap-2026-03.xml", None)
    assert not child_sitemap_in_window(w, "https://x.kr/sitemap-2026-02.xml", None)
    assert not child_sitemap_in_window(w, "https://x.kr/sitemap-articles-7.xml", "2026-02-27T10:00:00+09:00")
    assert child_sitemap_in_window(w, "https://x.kr/sitemap-articles-8.xml", "2026-04-02")  # may hold March too


def test_listing_links_read_the_date_next_to_each_link():
    body = (FIXTURES / "backfill" / "listing.html").read_bytes()
    response = HtmlResponse("http://127.0.0.1:9/list?page=1", body=body, encoding="utf-8")
    links = dict(listing_links(response, re.compile(r"/news/\d+\.html")))
    assert links == {
        "http://127.0.0.1:9/news/101.html": D(2026, 3, 5),
        "http://127.0.0.1:9/news/102.html": D(2026, 3, 4),
        "http://127.0.0.1:9/news/103.html": D(2026, 3, 1),
        "http://127.0.0.1:9/news/104.html": None,
        # two articles in one box: its date belongs to neither for sure
        "http://127.0.0.1:9/news/105.html": None,
        "http://127.0.0.1:9/news/106.html": None,
    }


def test_bad_window_is_one_line_error(tmp_path, monkeypatch, capsys):
    from crawler import cli

    argv = crawl_argv(tmp_path / "x.db", "bfmaps", "http://127.0.0.1:9", "2026-05-01", "2026-04-01")[3:]
    monkeypatch.setattr(sys, "argv", ["newsarchive", *argv])
    with pytest.raises(SystemExit) as exit_:
        cli.main()  # in this process: the window is checked before any crawl starts
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == "error: --until 2026-04-01 is before --since 2026-05-01"


# ------------------------------------------------------------------------------------------------ crawls


def test_sitemaps_backfill_fetches_exactly_the_window_then_nothing(tmp_path):
    db = tmp_path / "maps.db"
    since, until = D(2026, 4, 1), D(2026, 5, 15)
    with BackfillSite() as site:
        first = backfill(db, "bfmaps", site.base_url, since.isoformat(), until.isoformat())
        fetched, log = site.article_paths(), list(site.log)
        site.log.clear()
        second = backfill(db, "bfmaps", site.base_url, since.isoformat(), until.isoformat())
        again = list(site.log)
        want = site.in_window(since, until)
        days = {a["day"] for a in site.articles}
    assert sorted(fetched) == sorted(want) and len(want) > 10  # each once, nothing outside
    assert set(archived_paths(db)) == want
    assert first["counts"]["new"] == len(want)
    daily = {p for p in log if p.startswith("/sitemaps/daily/")}
    assert daily == {f"/sitemaps/daily/{d.isoformat()}.xml" for d in days if since <= d <= until}
    # the same window again: every discovery page is done, nothing but Scrapy's robots.txt check is fetched
    assert not [p for p in again if p.startswith(("/news/", "/sitemaps/", "/rss"))]
    assert second["counts"]["fetched"] == 0


def test_listing_backfill_walks_past_max_pages_and_stops_after_since(tmp_path):
    db = tmp_path / "list.db"
    since = D(2026, 3, 1)
    with BackfillSite() as site:
        backfill(db, "bflist", site.base_url, since.isoformat())
        want = site.in_window(since)
        pages = [p for p in site.log if p.startswith("/list")]
        per_page = [site.articles[i * 8:(i + 1) * 8] for i in range(len(site.articles) // 8 + 1)]
    assert sorted(site.article_paths()) == sorted(want)
    # the first page whose articles are all older than --since is read, none after it
    last = next(i for i, chunk in enumerate(per_page) if all(a["day"] < since for a in chunk)) + 1
    assert pages == [f"/list?page={n}" for n in range(1, last + 1)] and last > 2  # max_pages = 2 bounds regular crawls only


def test_killed_backfill_resumes_without_refetching_or_duplicates(tmp_path):
    db = tmp_path / "kill.db"
    since = D(2026, 2, 1)
    with BackfillSite(delay=0.15) as site:
        want = site.in_window(since)
        proc = subprocess.Popen(crawl_argv(db, "bfmaps", site.base_url, since.isoformat()), cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        stored: list[str] = []
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                    finished = conn.execute("SELECT count(*) FROM backfill_state WHERE done_at IS NOT NULL"
                                            " AND url LIKE '%/sitemaps/daily/%'").fetchone()[0]
            except sqlite3.Error:
                continue
            # mid-way, once some daily sitemap is finished (a backfill that never finishes one ends unkilled)
            if n >= len(want) // 3 and finished:
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the backfill ended before it could be killed"
        with sqlite3.connect(db) as conn:
            stored = [u for (u,) in conn.execute("SELECT url FROM articles")]
            done = [u for (u,) in conn.execute("SELECT url FROM backfill_state WHERE done_at IS NOT NULL")]
        assert 0 < len(stored) < len(want)
        site.log.clear()
        site.delay = 0
        backfill(db, "bfmaps", site.base_url, since.isoformat())
        rerun = list(site.log)
    base = site.base_url
    stored_paths = {u.removeprefix(base) for u in stored}
    done_paths = {u.removeprefix(base) for u in done if "/sitemaps/daily/" in u}
    assert done_paths, "no daily sitemap was finished before the kill"
    assert not stored_paths & set(rerun)  # archived before the kill: never fetched again
    assert not done_paths & set(rerun)  # finished sitemaps: not fetched again
    with sqlite3.connect(db) as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles")]
        hashes = conn.execute("SELECT count(DISTINCT body_hash), count(*) FROM articles").fetchone()
    assert {u.removeprefix(base) for u in urls} == want and len(urls) == len(want)
    assert hashes[0] == hashes[1]


def test_frontier_middleware_is_built_for_backfills_only():
    """An ordinary crawl does without the backfill middleware (one async generator less around every callback's
    output); a backfill (its spider has a window) gets it."""
    from types import SimpleNamespace

    from scrapy.core.spidermw import SpiderMiddlewareManager
    from scrapy.utils.test import get_crawler

    from crawler import settings as project
    from crawler.backfill import BackfillMiddleware

    def built(window: Window | None) -> bool:
        crawler = get_crawler(settings_dict={"SPIDER_MIDDLEWARES": {"crawler.backfill.BackfillMiddleware": 60}})
        crawler.spider = SimpleNamespace(window=window, name="demo")
        return any(isinstance(m, BackfillMiddleware) for m in SpiderMiddlewareManager.from_crawler(crawler).middlewares)

    assert "crawler.backfill.BackfillMiddleware" in project.SPIDER_MIDDLEWARES
    assert not built(None)
    assert built(Window.parse("2024-03-01", "2024-03-31"))
