"""`schedule status`, `schedule stop` and `schedule reload`: the daemon found through its lock file."""

from __future__ import annotations

import json

from tests.crawler.scheduler.conftest import Harness, wait_for


def test_status_stop_and_reload_find_the_daemon_by_its_lock(harness: Harness):
    h = harness
    h.site("alpha", 0.02)
    h.env["FAKE_CRAWL_SECONDS"] = "0.3"
    assert h.cli("schedule", "status").returncode == 3  # not running, like `systemctl status`
    stopped = h.cli("schedule", "stop")
    assert stopped.returncode == 1 and stopped.stderr.startswith("error: no scheduler daemon is running")

    proc = h.start()
    status = h.cli("schedule", "status", "--json")
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["daemon_pid"] == proc.pid and data["running"] is True

    h.site("beta", 0.02)  # SIGHUP through `schedule reload` picks up a new site file
    assert h.cli("schedule", "reload").returncode == 0
    wait_for(lambda: "schedules added: beta" in h.log_file.read_text(), 15, what="reload to add beta")

    stop = h.cli("schedule", "stop", "--wait", "30")
    assert stop.returncode == 0, stop.stderr
    assert f"pid {proc.pid}" in stop.stderr and "has stopped" in stop.stderr
    assert proc.wait(timeout=10) == 0  # a clean SIGTERM shutdown
    assert h.cli("schedule", "status").returncode == 3
