"""Run liveness: each crawl_runs row names its process (pid, host) and beats a heartbeat; a run whose process
died (kill -9, OOM) is marked interrupted by the next start instead of staying "running" forever."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from storage import Archive


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_start_run_records_who_runs_it(tmp_path: Path):
    with Archive(tmp_path / "a.db") as a:
        run_id = a.start_run("demo")
        row = a.db.execute("SELECT pid, host, heartbeat_at, status FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    assert row[:2] == (os.getpid(), socket.gethostname()) and row[2] and row[3] == "running"


def test_a_run_whose_process_died_is_marked_interrupted_at_the_next_start(tmp_path: Path):
    with Archive(tmp_path / "a.db") as a:
        alive = a.start_run("alive")  # this very process: still running
        dead = a.start_run("dead", pid=dead_pid())
        later = a.start_run("dead")
        rows = {r["id"]: r for r in a.runs(limit=10)}
    assert rows[dead]["status"] == "interrupted" and "ended without finishing" in rows[dead]["error"]
    assert rows[dead]["finished_at"]
    assert rows[alive]["status"] == "running" and rows[later]["status"] == "running"


def test_a_run_without_heartbeat_is_marked_interrupted_whatever_its_host(tmp_path: Path):
    with Archive(tmp_path / "a.db") as a:
        elsewhere = a.start_run("remote")
        fresh = a.start_run("remote2")
        a.db.execute("UPDATE crawl_runs SET host = 'other-host', pid = 1 WHERE id IN (?, ?)", [elsewhere, fresh])
        a.db.execute("UPDATE crawl_runs SET heartbeat_at = '2020-01-01T00:00:00Z' WHERE id = ?", [elsewhere])
        a.db.conn.commit()
        assert a.mark_stale_runs() == [elsewhere]  # another host's pid means nothing here: only its heartbeat counts
        a.heartbeat(fresh)
        assert a.mark_stale_runs(stale_after=3600) == []


def test_runs_of_this_process_are_not_probed_and_one_heartbeat_covers_them_all(tmp_path: Path, monkeypatch):
    import storage.archive as archive_module

    probed: list[int] = []
    real = archive_module._pid_alive
    monkeypatch.setattr(archive_module, "_pid_alive", lambda pid: probed.append(pid) or real(pid))
    with Archive(tmp_path / "a.db") as a:
        ids = [a.start_run(f"site{i}") for i in range(5)]  # one crawl process opening a group of sites
        assert probed == []  # it was 0 + 1 + 2 + 3 + 4 probes of its own pid: ~5,000 for 100 sites
        a.db.execute("UPDATE crawl_runs SET heartbeat_at = '2020-01-01T00:00:00Z'")
        a.db.conn.commit()
        statements: list[str] = []
        a.db.conn.set_trace_callback(statements.append)
        a.heartbeat(*ids)
        a.db.conn.set_trace_callback(None)
        assert sum("UPDATE crawl_runs" in s for s in statements) == 1
        assert a.mark_stale_runs() == []  # every run beat, alive
        gone = dead_pid()
        dead = a.start_run("dead", pid=gone)
        assert a.mark_stale_runs() == [dead] and probed == [gone]  # other processes' runs are still checked
