"""Failure paths of a crawl, under real conditions: a full disk (a small tmpfs), an archive locked by another
process, an archive that cannot be opened, a second crawl of a site that is being crawled, and a crawl left
behind by a daemon that was killed. Each ends with one line and an exit code, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from crawler.demo.server import DemoSite
from crawler.site_lock import site_crawler_pid
from storage import Archive
from tests.crawler.scheduler.conftest import wait_for
from tests.storage.mounts import fill, tmpfs

ROOT = Path(__file__).resolve().parents[2]


def newsarchive(db: Path, *args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", "--db", str(db), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=_env())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def crawl_argv(db: Path, base_url: str, *extra: str) -> list[str]:
    """argv of `newsarchive crawl demo` against a demo site at `base_url`."""
    return [sys.executable, "-m", "crawler.cli", "--db", str(db), "crawl", "demo", "--base-url", base_url,
            "--no-progress", "--json", *extra]


def crawl_while_another_runs(first_argv: list[str], db: Path, base_url: str, *, cwd: Path,
                             first_cwd: Path | None = None) -> tuple[subprocess.Popen, subprocess.CompletedProcess]:
    """Start `first_argv` (a crawl of the demo site into `db`), wait until it holds the site's lock, run
    `newsarchive crawl demo` into the same archive, then stop the first with SIGINT: (first, second's result)."""
    first = subprocess.Popen(first_argv, cwd=first_cwd or cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=_env())
    try:
        pid = wait_for(lambda: site_crawler_pid(db, "demo"), 60, what="the first crawl to take the site lock")
        assert pid == first.pid
        second = subprocess.run(crawl_argv(db, base_url), cwd=cwd, capture_output=True, text=True, timeout=180,
                                env=_env())
        assert first.poll() is None, "the first crawl ended too early for this test"
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=120)
    return first, second


def error_lines(stderr: str) -> list[str]:
    """The ERROR/`error:` lines of a crawl's stderr (the demo site's deliberate 404/500 pages log WARNINGs)."""
    return [ln for ln in stderr.splitlines() if " ERROR: " in ln or ln.startswith("error:")]


@pytest.fixture
def demo() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


# ------------------------------------------------------------------------------------------- disk full


def test_disk_full_stops_the_crawl_at_the_first_failure_with_one_line(tmp_path: Path, demo: DemoSite):
    with tmpfs(tmp_path / "small", "1m") as disk:  # room for the archive main makes (schema, m014) and a little more
        db = disk / "news.db"
        Archive(db).close()
        # The defaults (extraction workers, batched writes) and a polite delay, as a real site has: the demo site
        # has none, and at full speed every page is downloaded before the workers have started, so that the first
        # write (and failure) comes when there is nothing left to stop.
        proc = subprocess.run(crawl_argv(db, demo.base_url, "-s", "DOWNLOAD_DELAY=0.3"), cwd=tmp_path,
                              capture_output=True, text=True, timeout=180, env=_env())
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        errors = error_lines(proc.stderr)
        assert len(errors) == 1 and "disk full" in errors[0] and str(db) in errors[0], proc.stderr
        (summary,) = json.loads(proc.stdout)
        assert summary["status"] == "failed" and summary["reason"] == "archive_full"
        counts = summary["counts"]
        articles = [p for p in demo.request_paths() if "articleView" in p]
        total = len(demo.truth().unique_articles)
        # stopped: far fewer article pages fetched than the site has, instead of fetching (and failing) them all
        assert len(articles) < total * 0.6, (len(articles), total)
        assert counts["store_failed"] >= 1 and counts["new"] + counts["store_failed"] <= counts["fetched"]
        with Archive(db, readonly=True) as stored:
            assert stored.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert counts["new"] <= stored.stats()["articles"] < total
            # nothing lost: a page that could not be stored is neither archived nor backing off, so the next crawl
            # fetches it (test_after_a_full_disk_the_next_crawl_completes_and_closes_the_dead_run)
            backing_off = {row[0] for row in stored.db.execute("SELECT url FROM fetch_failures")}
        served_ok = {demo.base_url + r.path for r in demo.requests if "articleView" in r.path and r.status == 200}
        assert not backing_off & served_ok


def test_after_a_full_disk_the_next_crawl_completes_and_closes_the_dead_run(tmp_path: Path, demo: DemoSite):
    with tmpfs(tmp_path / "small", "8m") as disk:  # room for the whole crawl (archive + write-ahead log)
        db = disk / "news.db"
        Archive(db).close()
        ballast = disk / "ballast"
        ballast.write_bytes(b"\0" * ((8 << 20) - (600 << 10)))  # leaves ~450 KB: the crawl fills it
        first = subprocess.run(crawl_argv(db, demo.base_url), cwd=tmp_path, capture_output=True, text=True,
                               timeout=180, env=_env())
        assert first.returncode == 1 and "disk full" in first.stderr
        ballast.unlink()
        second = subprocess.run(crawl_argv(db, demo.base_url), cwd=tmp_path, capture_output=True, text=True,
                                timeout=180, env=_env())
        assert second.returncode == 0, second.stderr
        with Archive(db, readonly=True) as a:
            ids = {a.article_id_for_url(demo.base_url + path) for path in demo.truth().unique_articles}
            runs = a.runs()
        assert None not in ids  # every story archived in the end
        assert [r["status"] for r in runs] in (["ok", "failed"], ["ok", "interrupted"])
        assert all(r["status"] != "running" for r in runs)


def test_a_full_disk_while_taking_the_site_lock_is_the_one_disk_full_line(tmp_path: Path, demo: DemoSite):
    """The archive opens (another process holds it open: its WAL and shared memory exist), but the site's lock file
    cannot take its pid: the crawl stops with the disk-full line every other write gives, before any request."""
    with tmpfs(tmp_path / "small", "1m") as disk:
        db = disk / "news.db"
        with Archive(db) as other:  # e.g. Datasette, or another site's crawl
            other.stats()
            fill(disk)
            proc = subprocess.run(crawl_argv(db, demo.base_url), cwd=tmp_path, capture_output=True, text=True,
                                  timeout=180, env=_env())
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"error: disk full: cannot write to archive {db} (free some space, then run again)"]
    assert demo.request_paths() == []


# ------------------------------------------------------------------------------------------- locked / unopenable


def _hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process that takes the archive's write lock and keeps it `seconds` (prints 'locked' once held)."""
    code = (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
        f"time.sleep({seconds}); c.execute('COMMIT')\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_archive_locked_for_too_long_fails_with_one_line(tmp_path: Path):
    db = tmp_path / "news.db"
    Archive(db).close()
    holder = _hold_write_lock(db, 120)
    try:
        t0 = time.monotonic()
        proc = newsarchive(db, "crawl", "demo", "--base-url", "http://127.0.0.1:9", "--no-progress",
                           "-s", "NEWSARCHIVE_LOCK_WAIT_SECONDS=1.5", cwd=tmp_path)
        took = time.monotonic() - t0
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"error: archive {db} is locked by another process (still locked after 1.5 s)"]
    assert took < 60  # not the 30 s busy timeout twice over, as before
    with Archive(db, readonly=True) as a:
        assert a.runs() == []  # refused before the crawl started: no run row


def test_archive_locked_at_the_start_is_waited_for(tmp_path: Path, demo: DemoSite):
    db = tmp_path / "news.db"
    Archive(db).close()
    holder = _hold_write_lock(db, 6)
    t0 = time.monotonic()
    proc = subprocess.run(crawl_argv(db, demo.base_url), cwd=tmp_path, capture_output=True, text=True, timeout=180,
                          env=_env())
    holder.wait()
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - t0 >= 6
    assert json.loads(proc.stdout)[0]["counts"]["new"] > 0


@pytest.mark.parametrize("kind", ["directory", "not sqlite"])
def test_unopenable_archive_is_one_line(tmp_path: Path, kind: str):
    if kind == "directory":
        db = tmp_path / "adir.db"
        db.mkdir()
        expected = "is a directory"
    else:
        db = tmp_path / "notes.db"
        db.write_text("not a database\n" * 100)
        expected = "not a newsarchive archive"
    for args in (("crawl", "demo", "--base-url", "http://127.0.0.1:9", "--no-progress"), ("stats",),
                 ("search", "x"), ("import", str(ROOT / "tests/fixtures/hostile_import/mixed.jsonl"))):
        proc = newsarchive(db, *args, cwd=tmp_path)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode != 0, args
        assert len(lines) == 1 and expected in lines[0], (args, proc.stderr)


# ------------------------------------------------------------------------------------------- one crawl per site


def test_second_crawl_of_a_site_is_refused_while_the_first_runs(tmp_path: Path, demo: DemoSite):
    db = tmp_path / "news.db"
    # slowed down so that it is still running when the second one starts
    first, second = crawl_while_another_runs(crawl_argv(db, demo.base_url, "-s", "DOWNLOAD_DELAY=0.5"), db,
                                             demo.base_url, cwd=tmp_path)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"error: site 'demo' is already being crawled into this archive by pid {first.pid}; "
        f"not starting a second crawl (lock: {db.resolve()}.locks/crawl-demo.lock)"
    ]
    with Archive(db, readonly=True) as a:
        assert len(a.runs()) == 1  # the refused crawl never started a run
