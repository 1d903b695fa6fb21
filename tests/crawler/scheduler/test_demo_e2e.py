"""End to end: the daemon running real `newsarchive crawl` subprocesses against the demo site on 127.0.0.1."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest

from tests.crawler.scheduler.conftest import REPO, Harness, wait_for

server = pytest.importorskip("crawler.demo.server")


def _articles(h: Harness) -> int:
    with sqlite3.connect(h.db, timeout=10) as db:
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def _demo_events(h: Harness) -> list[tuple[str, int]]:
    """('start'|'end', run id) for each demo run, in log order."""
    found = re.findall(r"demo run (\d+) (started|ok|failed|interrupted)", h.log_file.read_text())
    return [("start" if what == "started" else "end", int(rid)) for rid, what in found]


def test_daemon_crawls_the_demo_site_on_schedule(harness: Harness):
    h = harness
    with server.DemoSite() as site:
        text = (REPO / "crawler" / "sites" / "demo.toml").read_text(encoding="utf-8")
        text = text.replace("http://127.0.0.1:8765", site.base_url)
        text = re.sub(r"(?m)^interval_minutes = .*$", "interval_minutes = 0.02", text)  # every 1.2 s
        text = text.replace("enabled = false", "enabled = true")  # the built-in demo is not scheduled by default
        (h.sites_dir / "demo.toml").write_text(text, encoding="utf-8")
        h.configure(fake=False, stop_grace_seconds=15, run_timeout_minutes=2)

        # 1. a fresh archive: the first crawl starts at once; SIGTERM it mid-way
        proc = h.start()
        wait_for(lambda: _articles(h) >= 5, 30, what="articles being stored")
        rc, took = h.stop(proc)
        assert rc == 0, h.stderr(proc)
        assert took < 15
        (first,) = h.runs("demo")
        assert first["status"] in ("interrupted", "ok"), first  # ok only if it finished before the signal landed
        assert first["finished_at"] and first["counts"]["new"] > 0
        stored = _articles(h)
        assert stored >= 5
        with sqlite3.connect(h.db) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

        # 2. restart: the kept schedule runs (once for the missed slot), then keeps running, never overlapping
        proc = h.start()
        wait_for(lambda: len([r for r in h.runs("demo")[1:] if r["status"] == "ok"]) >= 2, 60,
                 what="two scheduled runs after the restart")
        rc, _ = h.stop(proc)
        assert rc == 0, h.stderr(proc)

    runs = h.runs("demo")
    assert all(r["status"] != "running" for r in runs)
    assert all(r["trigger"] == "schedule" for r in runs)
    later = [r for r in runs[1:] if r["status"] == "ok"]
    # a run the stop caught before its crawl opened has no counts (and stored nothing)
    assert all(r["counts"] or r["status"] == "interrupted" for r in runs), runs
    assert sum(r["counts"].get("new", 0) for r in runs) == _articles(h)  # every stored article was counted once
    assert _articles(h) >= stored  # nothing stored was lost to the shutdown
    assert all(r["counts"]["fetched"] + r["counts"]["skipped_seen"] > 0 for r in later)
    events = _demo_events(h)
    assert events[0::2] == [("start", rid) for _, rid in events[0::2]]  # start, end, start, end, …
    assert [rid for _, rid in events[0::2]] == [rid for _, rid in events[1::2]]
    log = h.log_file.read_text()
    assert "schedules kept: demo" in log


def test_parallel_real_crawls_lose_no_articles(harness: Harness):
    h = harness
    with server.DemoSite() as one, server.DemoSite() as two:
        for key, site in (("demo", one), ("demo2", two)):
            text = (REPO / "crawler" / "sites" / "demo.toml").read_text(encoding="utf-8")
            text = text.replace("http://127.0.0.1:8765", site.base_url).replace('key = "demo"', f'key = "{key}"')
            text = text.replace("enabled = false", "enabled = true")
            (h.sites_dir / f"{key}.toml").write_text(text, encoding="utf-8")
        h.configure(fake=False, max_parallel=2)
        proc = h.start()
        wait_for(lambda: len([r for r in h.runs() if r["status"] != "running"]) >= 2, 60, what="both crawls")
        assert h.stop(proc)[0] == 0
    logs = "".join(p.read_text() for p in (h.root / "archive.scheduler.runs").glob("*.log"))
    assert logs.count("database is locked") == 0


def test_daemon_groups_due_sites_into_fewer_real_crawl_processes(harness: Harness):
    h = harness
    keys = ["g1", "g2", "g3", "g4"]
    sites = [server.DemoSite(host=f"127.0.0.{i + 2}") for i in range(len(keys))]
    for s in sites:
        s.start()
    try:
        for key, site in zip(keys, sites):
            host = site.base_url.split("//")[1].split(":")[0]
            text = (REPO / "crawler" / "sites" / "demo.toml").read_text(encoding="utf-8")
            text = text.replace("http://127.0.0.1:8765", site.base_url).replace('key = "demo"', f'key = "{key}"')
            text = text.replace('allowed_domains = ["127.0.0.1"]', f'allowed_domains = ["{host}"]')
            text = re.sub(r"(?m)^interval_minutes = .*$", "interval_minutes = 0.05", text)  # every 3 s
            text = text.replace("enabled = false", "enabled = true")
            (h.sites_dir / f"{key}.toml").write_text(text, encoding="utf-8")
        h.configure(fake=False, max_parallel=2, max_sites_per_process=2, group_window_seconds=1.0,
                    stop_grace_seconds=15, run_timeout_minutes=3)
        proc = h.start()
        wait_for(lambda: all(len([r for r in h.runs(k) if r["status"] != "running"]) >= 2 for k in keys), 240,
                 what="two finished runs of every site")
        assert h.stop(proc)[0] == 0, h.stderr(proc)
    finally:
        for s in sites:
            s.stop()
    runs = [r for r in h.runs() if r["site"] in keys and r["status"] != "running"]
    assert all(r["status"] in ("ok", "interrupted") for r in runs), runs
    # every run row names the process that crawled it (adopted by the crawl): fewer processes than runs,
    # at most max_sites_per_process sites in each
    by_process: dict[tuple[str, int], list[str]] = {}
    for r in runs:
        by_process.setdefault((r["host"], r["pid"]), []).append(r["site"])
    assert len(by_process) < len(runs), by_process
    assert all(len(v) <= 2 and len(set(v)) == len(v) for v in by_process.values()), by_process
    # never two crawls of one site at once: per site, the daemon logs start, end, start, end, ...
    log = h.log_file.read_text()
    for key in keys:
        found = re.findall(rf"\b{key} run (\d+) (started|ok|failed|interrupted)", log)
        kinds = ["start" if what == "started" else "end" for _, what in found]
        assert kinds == ["start", "end"] * (len(kinds) // 2), (key, found)
    # a run the stop caught before its site's crawl opened has no counts (and stored nothing)
    assert all(r["counts"] or r["status"] == "interrupted" for r in runs), runs
    assert sum(r["counts"].get("new", 0) for r in runs) == _articles(h)
