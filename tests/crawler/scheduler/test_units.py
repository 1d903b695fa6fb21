"""Scheduler pieces on their own: triggers, health rules, lock, queue, runner bookkeeping."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.config import SchedulerConfig
from crawler.scheduler import health
from crawler.scheduler.jobs import build_trigger, describe, first_run_time, job_id, site_of
from crawler.scheduler.lock import AlreadyRunning, DaemonLock, running_daemon_pid
from crawler.scheduler.runner import error_summary, run_crawl, template_argv_builder
from crawler.scheduler.state import State
from crawler.sites import Schedule
from tests.crawler.scheduler.conftest import FAKE_COMMAND, REPO

UTC = timezone.utc


def test_triggers_are_timezone_aware():
    now = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    cron = build_trigger(Schedule(cron="30 6 * * *", interval_minutes=None))
    nxt = cron.get_next_fire_time(None, now)
    assert (nxt.hour, nxt.minute, nxt.utcoffset()) == (6, 30, timedelta(hours=9))
    assert nxt.astimezone(UTC) == datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
    interval = build_trigger(Schedule(interval_minutes=0.02), start=now)
    assert interval.get_next_fire_time(now, now + timedelta(seconds=1)) == now + timedelta(seconds=1.2)
    assert describe(Schedule(interval_minutes=90)) == "every 90 min (Asia/Seoul)"
    assert describe(Schedule(interval_minutes=0.02)) == "every 1.2 s (Asia/Seoul)"
    assert site_of(job_id("yna")) == "yna" and site_of("other") is None


def test_first_run_follows_the_last_recorded_run():
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    sched = Schedule(interval_minutes=60)
    assert first_run_time(sched, None, now) == now  # never crawled: crawl now
    assert first_run_time(sched, now - timedelta(minutes=10), now) == now + timedelta(minutes=50)
    assert first_run_time(sched, now - timedelta(hours=5), now) == now
    cron = first_run_time(Schedule(cron="0 6 * * *", interval_minutes=None), now, now)
    assert cron > now and cron.hour == 6


def _run(status: str, new: int = 1, fetched: int = 5, extraction_failed: int = 0, started: str = "2026-03-01T00:00:00Z"):
    return {"status": status, "started_at": started, "error": "boom" if status == "failed" else None,
            "counts": {"new": new, "fetched": fetched, "extraction_failed": extraction_failed}}


def test_health_rules():
    cfg = SchedulerConfig(health_zero_new_runs=3, health_failure_streak=2, health_max_extraction_failure_rate=0.5)
    now = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
    ok = health.assess("s", [_run("ok"), _run("failed"), _run("ok", new=0)], cfg, now=now)
    assert ok.healthy and ok.failure_streak == 0
    # interrupted runs (daemon shutdowns) neither break nor extend a streak
    failing = health.assess("s", [_run("failed"), _run("interrupted"), _run("failed"), _run("ok")], cfg, now=now)
    assert failing.failure_streak == 2 and failing.problems == ["2 failed runs in a row (last: boom)"]
    zero = health.assess("s", [_run("ok", new=0)] * 3 + [_run("ok")], cfg, now=now)
    assert zero.problems == ["no new articles in 3 consecutive runs"]
    assert health.assess("s", [_run("ok", new=0)] * 2, cfg, now=now).healthy
    layout = health.assess("s", [_run("ok", fetched=10, extraction_failed=6)], cfg, now=now)
    assert layout.extraction_failure_rate == 0.6 and not layout.healthy
    assert health.assess("s", [], cfg).healthy
    # a finished backfill re-run, or re-imported WARC files, find nothing new: not a sign of a broken site
    again = [{**_run("ok", new=0), "trigger": t} for t in ("backfill", "import-warc", "backfill")]
    assert health.assess("s", again + [_run("ok")], cfg, now=now).zero_new_streak == 0


def test_health_flags_a_site_that_stopped_running():
    from crawler.sites import SiteConfig

    cfg = SchedulerConfig(run_timeout_minutes=30)
    site = SiteConfig(key="s", name="s", base_url="http://x", allowed_domains=("x",), article_url_pattern="x",
                      schedule=Schedule(interval_minutes=60))
    late = datetime(2026, 3, 1, 4, 0, tzinfo=UTC)
    verdict = health.assess("s", [_run("ok")], cfg, site_config=site, now=late)
    assert verdict.problems == ["no run for 4 h 0 min (scheduled every 60 min); is the daemon running?"]
    assert health.assess("s", [_run("ok")], cfg, site_config=site, now=late - timedelta(hours=1)).healthy


def test_scheduler_files_are_named_from_the_whole_archive_name(tmp_path: Path):
    """news.db and news.sqlite in one folder are two archives: no shared lock, job store or log."""
    from crawler.config import load_config

    one, two = load_config(db=tmp_path / "news.db"), load_config(db=tmp_path / "news.sqlite")
    assert one.jobstore_path != two.jobstore_path and one.log_path != two.log_path
    with DaemonLock(one.db_path):
        with DaemonLock(two.db_path):  # refused before: both locked news.scheduler.lock
            assert running_daemon_pid(two.db_path) is not None


def test_lock_refuses_a_second_holder_and_dies_with_its_process(tmp_path: Path):
    db = tmp_path / "a.db"
    assert running_daemon_pid(db) is None
    with DaemonLock(db):
        with pytest.raises(AlreadyRunning, match="already running"):
            DaemonLock(db).acquire()
        assert running_daemon_pid(db) is not None
    assert running_daemon_pid(db) is None
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from crawler.scheduler.lock import DaemonLock
        DaemonLock({str(db)!r}).acquire()
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning, match=f"pid {holder.pid}"):
            DaemonLock(db).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with DaemonLock(db):  # no stale lock after a hard death
        pass


def test_queue_reuses_pending_requests(tmp_path: Path):
    state = State(tmp_path / "s.sqlite")
    a = state.enqueue("alpha")
    assert state.enqueue("alpha") == a
    b = state.enqueue("beta")
    assert [r["site"] for r in state.pending()] == ["alpha", "beta"]
    state.mark_request(a, "started", run_id=7)
    assert state.enqueue("alpha") not in (a, b)  # a running request does not swallow a new one
    state.mark_request(b, "done", run_id=8)
    assert state.request(b)["run_id"] == 8


def test_error_summary_prefers_error_lines(tmp_path: Path):
    log = tmp_path / "run.log"
    log.write_text("INFO start\n2026 [scrapy] ERROR: Spider error processing <GET x>\nTraceback (most recent call last):\n"
                   "  File x\nValueError: bad\nINFO closing\n")
    assert error_summary(log) == "ValueError: bad"
    log.write_text("INFO all fine\nlast words\n")
    assert error_summary(log) == "last words"
    assert error_summary(tmp_path / "missing.log") is None


def test_runner_times_out_and_records_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from storage import Archive

    db = tmp_path / "a.db"
    monkeypatch.setenv("FAKE_CRAWL_MODES", "slow=hang")
    argv_for = template_argv_builder(FAKE_COMMAND, db)
    assert argv_for("slow", 3, "schedule")[-6:] == ["--site", "slow", "--run-id", "3", "--trigger", "schedule"]
    outcome = run_crawl(db, "slow", "schedule", argv_for, timeout_s=1.0, kill_after_s=1.0, log_dir=tmp_path / "logs")
    assert outcome.status == "failed" and outcome.exit_code == -signal.SIGTERM
    assert outcome.error.startswith("time limit of 1 s exceeded; crawl stopped")
    assert 1.0 <= outcome.seconds < 3
    with Archive(db) as a:
        (row,) = a.runs()
    assert row["status"] == "failed" and row["finished_at"] and row["exit_code"] == -15
    assert (tmp_path / "logs" / f"slow-{outcome.run_id}.log").read_text().startswith("fake crawl of slow")


def test_runner_records_a_crawl_that_cannot_start(tmp_path: Path):
    db = tmp_path / "a.db"
    outcome = run_crawl(db, "x", "manual", lambda s, r, t: ["/nonexistent/crawl"], timeout_s=5)
    assert outcome.status == "failed" and "could not start crawl" in outcome.error


def test_default_crawl_command_follows_the_contract(tmp_path: Path):
    from crawler.scheduler.runner import default_argv_builder

    argv = default_argv_builder(tmp_path / "a.db", "extra/sites", "/etc/na.toml")("demo", 5, "schedule")
    assert argv == [sys.executable, "-m", "crawler.cli", "--db", str(tmp_path / "a.db"), "--sites", "extra/sites",
                    "--config", "/etc/na.toml", "crawl", "demo", "--trigger", "schedule", "--run-id", "5",
                    "--no-progress", "--log-file", "-"]
    assert default_argv_builder(Path("a.db"))("x", 1, "manual")[3:6] == ["--db", "a.db", "crawl"]


def test_parallel_crawls_share_the_cores_between_their_extraction_workers(monkeypatch: pytest.MonkeyPatch):
    from crawler import workpool
    from crawler.runner import crawl_settings
    from crawler.spiders.site import extract_workers

    assert workpool.workers_per_process(2, cores=8) == 4
    assert workpool.workers_per_process(5, cores=2) == 1  # never zero: zero would mean in-process extraction
    assert workpool.workers_per_process(1, cores=2) == 2
    monkeypatch.setattr(workpool, "usable_cores", lambda: 8)
    monkeypatch.delenv("NEWSARCHIVE_CRAWL_PROCESSES", raising=False)
    assert extract_workers(crawl_settings("a.db")) == 8  # a crawl on its own: every core
    monkeypatch.setenv("NEWSARCHIVE_CRAWL_PROCESSES", "4")  # what the daemon gives its crawls (max_parallel 4)
    assert extract_workers(crawl_settings("a.db")) == 2
    assert extract_workers(crawl_settings("a.db", overrides={"NEWSARCHIVE_EXTRACT_WORKERS": "3"})) == 3  # set: wins
    monkeypatch.setenv("NEWSARCHIVE_CRAWL_PROCESSES", "many")  # garbled: no crash, every core
    assert extract_workers(crawl_settings("a.db")) == 8
