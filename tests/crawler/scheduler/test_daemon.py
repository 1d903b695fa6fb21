"""The daemon as a real process, crawling with the fake crawl script (fast, deterministic behaviours)."""

from __future__ import annotations

import json
import pickle
import signal
import sqlite3
import time
from datetime import datetime, timezone

from tests.crawler.scheduler.conftest import Harness, no_overlap, wait_for


def _finished(h: Harness, site: str, n: int = 1, status: str | None = None) -> list[dict]:
    rows = [r for r in h.runs(site) if r["status"] != "running" and (status is None or r["status"] == status)]
    return rows if len(rows) >= n else []


def test_runs_repeat_without_overlap_in_parallel_and_are_recorded(harness: Harness):
    h = harness
    h.site("alpha", 0.02)  # 1.2 s
    h.site("beta", 0.02)
    # each crawl takes longer than the interval: overlapping runs would happen if allowed
    h.env["FAKE_CRAWL_SECONDS"] = "1.6"
    proc = h.start()
    wait_for(lambda: _finished(h, "alpha", 2) and _finished(h, "beta", 2), 15, what="two runs per site")
    rc, took = h.stop(proc)
    assert rc == 0
    for site in ("alpha", "beta"):
        spans = h.intervals(site)
        assert len(spans) >= 2
        assert no_overlap(spans), f"{site} crawls overlapped: {spans}"
        ok = [r for r in h.runs(site) if r["status"] == "ok"]
        assert len(ok) >= 2
        assert all(r["trigger"] == "schedule" and r["counts"]["new"] == 2 and r["counts"]["fetched"] == 3 for r in ok)
        assert all(r["finished_at"] and r["exit_code"] == 0 for r in ok)
    # different sites do run at the same time
    a, b = h.intervals("alpha"), h.intervals("beta")
    assert any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)
    # two run at once (max_parallel's default): each crawl process is told so, any crawl command alike
    assert {e["crawl_processes"] for e in h.events()} == {"2"}
    log = h.log_file.read_text()
    assert "alpha run" in log and "daemon stopped" in log
    assert list((h.root / "archive.db.scheduler.runs").glob("alpha-*.log"))


def test_parallel_limit_is_respected_and_sighup_reloads_sites(harness: Harness):
    h = harness
    for key in ("s1", "s2", "s3"):
        h.site(key, 0.02)
    h.configure(max_parallel=1, max_sites_per_process=1)  # a process per site: processes must not overlap
    h.env["FAKE_CRAWL_SECONDS"] = "0.4"
    proc = h.start()
    wait_for(lambda: all(_finished(h, k) for k in ("s1", "s2", "s3")), 15, what="one run of each site")
    # SIGHUP re-reads the site files: a new site gets scheduled without a restart
    h.site("s4", 0.02)
    proc.send_signal(signal.SIGHUP)
    wait_for(lambda: _finished(h, "s4"), 10, what="the site added on SIGHUP to run")
    assert h.stop(proc)[0] == 0
    spans = sorted(s for k in ("s1", "s2", "s3", "s4") for s in h.intervals(k))
    assert no_overlap(spans), "max_parallel=1 but crawls overlapped"
    assert "schedules added: s4" in h.log_file.read_text()
    # every crawl process is told how many run at once (it sizes its extraction workers by that)
    assert {e["crawl_processes"] for e in h.events()} == {"1"}


def test_sigterm_during_crawl_stops_cleanly(harness: Harness):
    h = harness
    h.site("alpha", 0.02)
    h.site("stubborn", 0.02)
    h.configure(stop_grace_seconds=1.5)
    h.env.update({"FAKE_CRAWL_SECONDS": "30", "FAKE_CRAWL_MODES": "stubborn=hang-hard"})
    proc = h.start()
    wait_for(lambda: {e["site"] for e in h.events() if e["kind"] == "start"} >= {"alpha", "stubborn"}, 10,
             what="both crawls running")
    rc, took = h.stop(proc)
    assert rc == 0
    assert took < 1.5 + 3, f"shutdown took {took:.1f} s"
    # the crawl that honours SIGTERM recorded itself interrupted, keeping what it had stored
    alpha = h.runs("alpha")[-1]
    assert alpha["status"] == "interrupted" and alpha["counts"]["new"] == 1
    # the one that ignored SIGTERM was killed after the grace period and closed by the daemon
    stub = h.runs("stubborn")[-1]
    assert stub["status"] == "interrupted" and stub["exit_code"] == -9
    assert "shutting down" in stub["error"]
    assert not any(r["status"] == "running" for r in h.runs())
    assert "daemon stopped" in h.log_file.read_text()


def _stored_next(h: Harness, site: str) -> float:
    with sqlite3.connect(h.root / "archive.db.scheduler.sqlite") as db:
        (value,) = db.execute("SELECT next_run_time FROM apscheduler_jobs WHERE id = ?", (f"site:{site}",)).fetchone()
    return value


def _set_stored_next(h: Harness, site: str, when: float) -> None:
    """Pretend the daemon was down since `when`: rewrite the job's stored next run time."""
    with sqlite3.connect(h.root / "archive.db.scheduler.sqlite") as db:
        (blob,) = db.execute("SELECT job_state FROM apscheduler_jobs WHERE id = ?", (f"site:{site}",)).fetchone()
        state = pickle.loads(blob)
        state["next_run_time"] = datetime.fromtimestamp(when, timezone.utc)
        db.execute("UPDATE apscheduler_jobs SET next_run_time = ?, job_state = ? WHERE id = ?",
                   (when, pickle.dumps(state), f"site:{site}"))


def test_restart_keeps_schedule_without_double_run(harness: Harness):
    h = harness
    h.site("alpha", 0.1)  # 6 s: room for a slow start and stop on a loaded machine before the next run is due
    h.env["FAKE_CRAWL_SECONDS"] = "0.2"
    proc = h.start()
    wait_for(lambda: _finished(h, "alpha"), 10, what="first run")  # never crawled: first run at start
    assert h.stop(proc)[0] == 0
    assert len(h.runs("alpha")) == 1
    stored_next = _stored_next(h, "alpha")
    assert stored_next > time.time()  # persisted: the next run is still ahead

    # a restart must not run again before the stored time (no double run)
    proc = h.start()
    wait_for(lambda: _finished(h, "alpha", 2), 20, what="the scheduled run after restart")
    assert h.intervals("alpha")[1][0] >= stored_next - 0.05
    assert h.stop(proc)[0] == 0
    assert "schedules kept: alpha" in h.log_file.read_text()


def test_missed_runs_run_once_within_grace_and_are_skipped_beyond(harness: Harness):
    h = harness
    h.site("recent", 0.2)  # 12 s
    h.site("ancient", 60)
    h.configure(misfire_grace_minutes=1)
    h.env["FAKE_CRAWL_SECONDS"] = "0.1"
    proc = h.start()
    wait_for(lambda: _finished(h, "recent") and _finished(h, "ancient"), 10, what="first runs")
    assert h.stop(proc)[0] == 0
    # pretend the daemon was down: four run times of "recent" missed, all within the 60 s grace;
    # the one of "ancient" missed by more than the grace
    _set_stored_next(h, "recent", time.time() - 40)
    _set_stored_next(h, "ancient", time.time() - 90)
    t_restart = time.time()
    proc = h.start()
    wait_for(lambda: _finished(h, "recent", 2), 10, what="catch-up run")
    time.sleep(1.0)
    assert h.stop(proc)[0] == 0
    assert len([s for s, _ in h.intervals("recent") if s >= t_restart]) == 1  # coalesced into one run
    assert _stored_next(h, "recent") > time.time()  # and back on the grid
    assert len(h.runs("ancient")) == 1
    assert "was missed by" in h.log_file.read_text()
    assert _stored_next(h, "ancient") > time.time() + 50 * 60


def test_second_daemon_is_refused_and_lock_dies_with_the_first(harness: Harness):
    h = harness
    h.site("alpha", 0.02)
    h.env.update({"FAKE_CRAWL_MODES": "alpha=hang"})
    first = h.start()
    wait_for(lambda: h.events(), 10, what="a crawl to start")
    second = h.cli("schedule", "start", timeout=20)
    assert second.returncode == 1
    assert f"already running for this archive (pid {first.pid})" in second.stderr
    assert "Traceback" not in second.stderr

    # the first dies hard, leaving its crawl orphaned and its run row "running"
    h.stop(first, sig=signal.SIGKILL)
    orphan_pid = h.events()[0]["pid"]
    assert h.runs("alpha")[0]["status"] == "running"
    third = h.start()  # the kernel released the lock with the dead daemon
    wait_for(lambda: h.runs("alpha")[0]["status"] == "interrupted", 10, what="orphaned run to be closed")
    assert "orphaned crawl" in h.log_file.read_text()
    wait_for(lambda: not _alive(orphan_pid), 5, what="orphan to be stopped")
    assert h.stop(third)[0] == 0


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_hung_crawl_stopped_at_time_limit_while_others_keep_running(harness: Harness):
    h = harness
    h.site("stuck", 0.02)
    h.site("fine", 0.02)
    # 2.4 s limit; SIGKILL 1 s after SIGTERM. A process per site: in a group, a hung process holds its other
    # sites until its time limit (test_grouping covers groups)
    h.configure(run_timeout_minutes=0.04, stop_grace_seconds=1, max_sites_per_process=1)
    h.env.update({"FAKE_CRAWL_MODES": "stuck=hang-hard", "FAKE_CRAWL_SECONDS": "0.2"})
    proc = h.start()
    row = wait_for(lambda: _finished(h, "stuck"), 15, what="hung crawl to be stopped")[0]
    hang_ended = time.time()
    wait_for(lambda: _finished(h, "fine", 2, status="ok"), 10, what="other site running on")
    assert h.stop(proc)[0] == 0
    assert row["status"] == "failed"
    assert "time limit of 2.4 s exceeded" in row["error"]
    assert row["exit_code"] == -9  # ignored SIGTERM, so it was killed
    (hang_started,) = [e["t"] for e in h.events() if e["site"] == "stuck" and e["kind"] == "start"][:1]
    during = [s for s, _ in h.intervals("fine") if hang_started < s < hang_ended]
    assert during, f"no run of the other site while the hung crawl ran: {h.intervals('fine')}"


def test_run_now_is_queued_to_the_running_daemon(harness: Harness):
    h = harness
    h.site("alpha", 60)
    h.env["FAKE_CRAWL_SECONDS"] = "0.2"
    proc = h.start()
    wait_for(lambda: _finished(h, "alpha"), 10, what="first run")  # never crawled: runs at start
    t0 = time.monotonic()
    res = h.invoke("schedule", "run-now", "alpha", "--wait")
    latency = time.monotonic() - t0
    assert res.exit_code == 0, res.stderr
    assert f"queued run of alpha for the daemon (pid {proc.pid})" in res.stderr
    assert latency < 5  # polled every second, plus the crawl itself
    rows = h.runs("alpha")
    assert [r["trigger"] for r in rows] == ["schedule", "manual"]
    assert rows[-1]["status"] == "ok"
    listing = json.loads(h.invoke("schedule", "list", "--json").stdout)
    assert listing["daemon_pid"] == proc.pid
    (alpha,) = [j for j in listing["jobs"] if j["site"] == "alpha"]
    assert alpha["last_status"] == "ok" and alpha["next_run"]
    assert h.stop(proc)[0] == 0
