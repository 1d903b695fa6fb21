"""Harness for scheduler tests: site files, a scheduler config, and the daemon as a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

REPO = Path(__file__).resolve().parents[3]
FAKE_CRAWL = REPO / "tests" / "fixtures" / "scheduler" / "fake_crawl.py"
FAKE_COMMAND = (
    "{python} " + str(FAKE_CRAWL) + " --db {db} --site {site} --run-id {run_id} --trigger {trigger}"
)

SITE_TOML = """\
[site]
key = "{key}"
base_url = "{base_url}"
article_url_pattern = '/news/\\d+'
enabled = {enabled}
[discovery]
feeds = ["/rss.xml"]
[schedule]
{schedule}
"""


def wait_for(predicate: Callable[[], Any], timeout: float, interval: float = 0.05, what: str = "condition") -> Any:
    """Poll until `predicate()` is truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class Harness:
    """One archive + site files + scheduler config in a tmp dir, and helpers to drive the CLI/daemon."""

    def __init__(self, root: Path):
        self.root = root
        self.db = root / "archive.db"
        # not "sites": load_sites() also scans ./sites, and the cwd of our subprocesses is `root`
        self.sites_dir = root / "site_files"
        self.sites_dir.mkdir()
        self.config_file = root / "newsarchive-test.toml"
        self.events_file = root / "events.jsonl"
        self.log_file = root / "archive.db.scheduler.log"
        self.env: dict[str, str] = {}
        self.procs: list[subprocess.Popen] = []
        # the built-in demo site would otherwise be scheduled too; shadow it, disabled
        self.site("demo", schedule="enabled = false")
        self.configure()

    def site(self, key: str, interval: float | None = 0.02, *, schedule: str | None = None, enabled: bool = True,
             base_url: str = "http://127.0.0.1:9") -> None:
        """Write a site file (interval in minutes; 0.02 = 1.2 s)."""
        sched = schedule if schedule is not None else f"interval_minutes = {interval}"
        text = SITE_TOML.format(key=key, base_url=base_url, enabled=str(enabled).lower(), schedule=sched)
        (self.sites_dir / f"{key}.toml").write_text(text, encoding="utf-8")

    def configure(self, *, fake: bool = True, **scheduler: Any) -> None:
        """Write the [scheduler] settings (defaults suit quick tests) and the crawl command."""
        # a short group window: sites due together are still submitted within milliseconds of each other
        settings = {"max_parallel": 2, "stop_grace_seconds": 2, "run_timeout_minutes": 1,
                    "misfire_grace_minutes": 1, "group_window_seconds": 0.2, **scheduler}
        if fake:
            settings.setdefault("crawl_command", FAKE_COMMAND)
        lines = ["[scheduler]"] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
        self.config_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_")}
        env.update({"FAKE_CRAWL_EVENTS": str(self.events_file), "COLUMNS": "200", "PYTHONPATH": str(REPO)})
        env.update(self.env)
        env.update(extra or {})
        return env

    def argv(self, *args: str) -> list[str]:
        """argv of a newsarchive command against this harness's archive, sites and config."""
        return [sys.executable, "-m", "crawler.cli", "--db", str(self.db), "--sites", str(self.sites_dir),
                "--config", str(self.config_file), *args]

    def cli(self, *args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """Run a newsarchive command to completion."""
        return subprocess.run(self.argv(*args), cwd=self.root, env=self._env(env), capture_output=True, text=True,
                              timeout=timeout)

    def invoke(self, *args: str) -> Any:
        """Run a read-only newsarchive command in-process (fast): a click Result with exit_code/stdout/stderr."""
        from typer.testing import CliRunner

        from crawler.cli import app

        env = {k: None for k in os.environ if k.startswith("NEWSARCHIVE_")}
        env["COLUMNS"] = "200"
        cwd = os.getcwd()
        os.chdir(self.root)  # ./sites and ./newsarchive.toml are looked up in the cwd
        try:
            return CliRunner(env=env).invoke(app, self.argv(*args)[3:])
        finally:
            os.chdir(cwd)

    def record_run(self, site: str, status: str = "ok", trigger: str = "schedule", **counts: int) -> int:
        """Add a finished run straight to the archive (for tests about reading runs)."""
        from storage import Archive

        with Archive(self.db) as a:
            run_id = a.start_run(site, trigger=trigger)
            a.finish_run(run_id, status=status, counts=counts, exit_code=0 if status == "ok" else 1,
                         error=None if status == "ok" else "crawl ended: all requests failed")
        return run_id

    def start(self, env: dict[str, str] | None = None, wait: bool = True) -> subprocess.Popen:
        """Start `schedule start` in the background; by default wait until it has scheduled its jobs."""
        mark = self.log_file.read_text().count("daemon started") if self.log_file.exists() else 0
        stderr = open(self.root / f"daemon-{len(self.procs)}.stderr", "w")
        proc = subprocess.Popen(self.argv("schedule", "start"), cwd=self.root, env=self._env(env),
                                stdout=subprocess.DEVNULL, stderr=stderr)
        stderr.close()
        proc.stderr_path = Path(stderr.name)  # type: ignore[attr-defined]
        self.procs.append(proc)
        if wait:
            wait_for(lambda: self.log_file.exists() and self.log_file.read_text().count("daemon started") > mark
                     or proc.poll() is not None, 20, what="daemon start")
            assert proc.poll() is None, self.stderr(proc)
        return proc

    def stderr(self, proc: subprocess.Popen) -> str:
        """Everything the daemon wrote to stderr."""
        return proc.stderr_path.read_text()  # type: ignore[attr-defined]

    def stop(self, proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> tuple[int, float]:
        """Signal the daemon and wait for it: (exit code, seconds it took)."""
        t0 = time.monotonic()
        proc.send_signal(sig)
        rc = proc.wait(timeout=timeout)
        return rc, time.monotonic() - t0

    def runs(self, site: str | None = None) -> list[dict[str, Any]]:
        """crawl_runs rows, oldest first."""
        if not self.db.exists():
            return []
        from storage import Archive

        with Archive(self.db, readonly=True) as a:
            rows = a.runs(site=site, limit=1000)
        return list(reversed(rows))

    def events(self) -> list[dict[str, Any]]:
        """Start/end events written by the fake crawl."""
        if not self.events_file.exists():
            return []
        return [json.loads(line) for line in self.events_file.read_text().splitlines() if line.strip()]

    def intervals(self, site: str) -> list[tuple[float, float]]:
        """(start, end) of each fake crawl of `site` that ended."""
        starts, result = {}, []
        for e in self.events():
            if e["site"] != site:
                continue
            if e["kind"] == "start":
                starts[e["run_id"]] = e["t"]
            elif e["run_id"] in starts:
                result.append((starts[e["run_id"]], e["t"]))
        return sorted(result)

    def cleanup(self) -> None:
        """Kill any daemon a failed test left behind (only processes this harness started)."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture
def harness(tmp_path: Path):
    """A fresh scheduler harness; daemons it started are killed afterwards."""
    h = Harness(tmp_path)
    try:
        yield h
    finally:
        h.cleanup()


def no_overlap(intervals: list[tuple[float, float]]) -> bool:
    """True when no two (start, end) intervals overlap."""
    return all(a_end <= b_start for (_, a_end), (b_start, _) in zip(intervals, intervals[1:]))
