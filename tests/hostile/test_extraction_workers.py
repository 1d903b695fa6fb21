"""Extraction in worker processes (issue 13 item 2): pages are extracted outside the crawl's process; a page
whose extraction runs past `NEWSARCHIVE_EXTRACT_TIMEOUT`, or whose worker is killed, is a failure that backs
off (dropped, kept raw, in `fetch_failures`) and the crawl goes on with a new worker.

The slow page is ~9 MB of ordinary paragraphs (under every limit): seconds to extract on an idle machine,
against a timeout of 1 s; the ordinary pages take milliseconds."""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storage import Archive
from tests.hostile import payloads
from tests.hostile.crawling import ROOT, _limit_memory
from tests.hostile.server import HostileServer

KEY = "hostile-slow"
TITLES = {1: "아주 긴 기사", 2: "보통 기사 둘", 3: "보통 기사 셋", 4: "보통 기사 넷", 5: "보통 기사 다섯"}
SLOW_MB = 9
TIMEOUT = 1.0  # seconds: the slow page needs several, the others a few milliseconds


def serve(site: HostileServer) -> None:
    a = site.base_url
    site.route("/feed.xml", payloads.feed(a, [(f"{a}/news/{n}", t) for n, t in TITLES.items()]),
               ctype="application/rss+xml")
    site.route("/news/1", payloads.article(1, TITLES[1], body_extra=payloads.long_story(SLOW_MB)))
    for n in range(2, 6):
        site.route(f"/news/{n}", payloads.article(n, TITLES[n]))


def start_crawl(tmp: Path, site: HostileServer, db: Path, *settings: str) -> subprocess.Popen:
    """`newsarchive crawl hostile-slow` in a subprocess, its INFO log (with Scrapy's stats) in tmp/crawl.log."""
    sites = tmp / "sites"
    sites.mkdir(exist_ok=True)
    (sites / f"{KEY}.toml").write_text(payloads.site_file("slow.toml", base=site.base_url), encoding="utf-8")
    opts = [x for s in settings for x in ("-s", s)]
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--db", str(db), "--sites", str(sites), "crawl", KEY, "--no-progress",
         "--json", "--log-file", str(tmp / "crawl.log"), *opts],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_limit_memory,
    )


def finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert out.strip().startswith("["), err[-2000:]
    return json.loads(out)[0]


def scrapy_stats(log: Path) -> dict:
    """The stats dict Scrapy logs when the crawl closes."""
    text = log.read_text(encoding="utf-8")
    match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n", text, re.S)
    assert match, text[-2000:]
    return ast.literal_eval(re.sub(r"datetime\.datetime\([^)]*\)", "None", match.group(1)))


def check_slow_page_failed(db: Path, base: str) -> None:
    """The slow page is not an article, is kept raw, and backs off; the four others are stored."""
    with Archive(db, readonly=True) as a:
        urls = {r[0] for r in a.db.execute("SELECT url FROM articles")}
        raw = a.db.execute("SELECT note FROM raw_pages WHERE url = ?", [f"{base}/news/1"]).fetchall()
        failure = a.db.execute("SELECT failures, retry_after > strftime('%Y-%m-%dT%H:%M:%S', 'now') FROM fetch_failures"
                               " WHERE url = ?", [f"{base}/news/1"]).fetchone()
    assert urls == {f"{base}/news/{n}" for n in range(2, 6)}
    assert len(raw) == 1 and raw[0][0].startswith("dropped: unreadable_page"), raw
    assert failure is not None and failure[1] == 1, failure


def test_pages_are_extracted_in_worker_processes_and_a_page_past_the_timeout_fails_alone(tmp_path: Path):
    db = tmp_path / "archive.db"
    with HostileServer("127.0.0.1") as site:
        serve(site)
        summary = finish(start_crawl(tmp_path, site, db, "NEWSARCHIVE_EXTRACT_WORKERS=2",
                                     f"NEWSARCHIVE_EXTRACT_TIMEOUT={TIMEOUT}"))
        stats = scrapy_stats(tmp_path / "crawl.log")
        assert summary["counts"]["fetched"] == 5 and summary["counts"]["new"] == 4
        assert summary["counts"]["dropped"] == 1
        assert stats["newsarchive/extraction_timeout"] == 1
        # each stored page was extracted by a process other than the crawl's (the worker reports its pid)
        assert stats["newsarchive/extracted_in_workers"] == 4
        check_slow_page_failed(db, site.base_url)
        assert "extraction timed out after 1 s" in (tmp_path / "crawl.log").read_text(encoding="utf-8")
        # the next crawl does not fetch it again while it backs off
        finish(start_crawl(tmp_path, site, db, "NEWSARCHIVE_EXTRACT_WORKERS=2"))
        assert site.count("/news/1") == 1


def _workers_of(pid: int) -> list[int]:
    """Extraction worker processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"crawler.workpool" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_killed_worker_fails_its_page_and_the_crawl_goes_on_with_a_new_one(tmp_path: Path):
    db = tmp_path / "archive.db"
    with HostileServer("127.0.0.1") as site:
        serve(site)
        proc = start_crawl(tmp_path, site, db, "NEWSARCHIVE_EXTRACT_WORKERS=1", "NEWSARCHIVE_EXTRACT_TIMEOUT=600")
        killed: list[int] = []

        def kill_the_worker() -> None:
            deadline = time.monotonic() + 120
            while site.count("/news/1") == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1.5)  # the one worker is inside the slow page now (seconds of work)
            for pid in _workers_of(proc.pid):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        killer = threading.Thread(target=kill_the_worker)
        killer.start()
        summary = finish(proc)
        killer.join()
        assert killed, "no worker process found under the crawl"
        stats = scrapy_stats(tmp_path / "crawl.log")
        assert stats["newsarchive/extraction_worker_died"] == 1
        assert summary["counts"]["new"] == 4 and summary["counts"]["dropped"] == 1
        check_slow_page_failed(db, site.base_url)
        assert f"worker {killed[0]} died (killed by signal 9)" in (tmp_path / "crawl.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("workers", ["0"])
def test_workers_off_extracts_in_the_crawl_process(tmp_path: Path, workers: str):
    db = tmp_path / "archive.db"
    with HostileServer("127.0.0.1") as site:
        serve(site)
        site.route("/news/1", payloads.article(1, TITLES[1]))  # no slow page: nothing can stop it in-process
        summary = finish(start_crawl(tmp_path, site, db, f"NEWSARCHIVE_EXTRACT_WORKERS={workers}"))
        stats = scrapy_stats(tmp_path / "crawl.log")
    assert summary["counts"]["new"] == 5
    assert "newsarchive/extracted_in_workers" not in stats


COPY = 7  # a page whose rel=canonical names /news/1: held back until /news/1 is parsed, to be stored with it
COPY_TITLE = "원문을 가리키는 사본 기사"


def _gone_slowly() -> bytes:
    time.sleep(2.0)  # the copy is fetched and parsed meanwhile, while its original is still being requested
    return b"gone"


@pytest.mark.parametrize("original", ["timed_out", "gone"])
def test_a_copy_held_back_for_its_original_is_stored_when_the_original_brings_no_article(tmp_path: Path, original: str):
    """The copy waits for its original (still in a worker, or still downloading); when the original ends without an
    article (extraction timed out in its worker / 404), the copy is fetched again and stored on its own, once."""
    db = tmp_path / "archive.db"
    with HostileServer("127.0.0.1") as site:
        serve(site)
        a = site.base_url
        site.route("/feed.xml", payloads.feed(a, [(f"{a}/news/{n}", t) for n, t in TITLES.items()]
                                              + [(f"{a}/news/{COPY}", COPY_TITLE)]), ctype="application/rss+xml")
        site.route(f"/news/{COPY}", payloads.article(COPY, COPY_TITLE,
                                                     head_extra=f'<link rel="canonical" href="{a}/news/1">'))
        if original == "gone":
            site.route("/news/1", _gone_slowly, status=404)
        settings = ("NEWSARCHIVE_EXTRACT_WORKERS=2", f"NEWSARCHIVE_EXTRACT_TIMEOUT={TIMEOUT}")
        summary = finish(start_crawl(tmp_path, site, db, *settings))
        with Archive(db, readonly=True) as arc:
            copies = arc.db.execute("SELECT url FROM articles WHERE title = ?", [COPY_TITLE]).fetchall()
            stored = {r[0] for r in arc.db.execute("SELECT url FROM articles")}
        assert copies == [(f"{a}/news/{COPY}",)], (copies, summary["counts"])
        assert stored == {f"{a}/news/{n}" for n in (2, 3, 4, 5, COPY)}
        assert summary["counts"]["new"] == 5 and summary["counts"]["duplicate"] == 0, summary["counts"]
        assert summary["counts"]["fetched"] == (6 if original == "timed_out" else 5), summary["counts"]  # pages, once
        assert site.count(f"/news/{COPY}") == 2  # the copy: once as a copy, once more to be stored on its own
        # the next crawl: the copy is archived, the original backs off; nothing is added twice
        again = finish(start_crawl(tmp_path, site, db, *settings))
        with Archive(db, readonly=True) as arc:
            assert arc.db.execute("SELECT count(*) FROM articles WHERE title = ?", [COPY_TITLE]).fetchone()[0] == 1
        assert again["counts"]["new"] == 0, again["counts"]
