"""One crawl process per group of sites, so a crash, hang or leak in Scrapy/Twisted never reaches the daemon.

Twisted's reactor cannot be restarted inside a process, which also rules out running crawls
in-process for a long-lived scheduler. A group (crawler/scheduler/grouping.py) is one or more sites
crawled by one `newsarchive crawl SITE... --run-id ID,...` subprocess; each site's crawl finishes its own
`crawl_runs` row (status and counts); this module closes the rows the subprocess could not (died, was
killed, timed out), each with its own status, so a crash never loses what the group's other sites did.
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from crawler.scheduler import records
from crawler.scheduler.state import State
from crawler.workpool import CRAWL_PROCESSES_ENV

log = logging.getLogger("newsarchive.scheduler")

# (site or sites, run id or ids in the same order, trigger) -> argv of the crawl subprocess
ArgvBuilder = Callable[[str | list[str], int | list[int], str], list[str]]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KEEP_LOGS_PER_SITE = 30


def crawl_env(max_parallel: int) -> dict[str, str]:
    """Environment for the daemon's crawl processes (any crawl command, templates too): up to `max_parallel` of them
    run at once, so each sizes its extraction worker pool to its share of the cores (`crawler.workpool`)."""
    return {CRAWL_PROCESSES_ENV: str(max(1, max_parallel))}


def default_argv_builder(db_path: Path, sites_path: str | None = None, config_file: str | None = None) -> ArgvBuilder:
    """argv for `newsarchive crawl` in this very interpreter, finishing the given run row."""

    def build(site: str | list[str], run_id: int | list[int], trigger: str) -> list[str]:
        sites, run_ids = _as_lists(site, run_id)
        argv = [sys.executable, "-m", "crawler.cli", "--db", str(db_path)]
        if sites_path:
            argv += ["--sites", sites_path]
        if config_file:
            argv += ["--config", config_file]
        # --log-file -: the crawl's warnings go to stderr, which the daemon keeps as this run's log
        argv += ["crawl", *sites, "--trigger", trigger, "--run-id", ",".join(map(str, run_ids)),
                 "--no-progress", "--log-file", "-"]
        return argv

    return build


def template_argv_builder(template: str, db_path: Path, sites_path: str | None = None,
                          config_file: str | None = None) -> ArgvBuilder:
    """argv from a configured template, e.g. `nice -n 10 {python} -m crawler.cli --db {db} crawl {site} ...`.

    Placeholders: {python} {db} {site} {run_id} {trigger} {sites} {config}. Lets operators wrap
    crawls (nice, prlimit, systemd-run) and lets tests substitute a fake crawl. For a group of sites an
    argument that is exactly `{site}` becomes one argument per site; `{run_id}` (and `{site}` inside a
    longer argument) becomes the values joined by commas, in the same order.
    """
    parts = shlex.split(template)

    def build(site: str | list[str], run_id: int | list[int], trigger: str) -> list[str]:
        sites, run_ids = _as_lists(site, run_id)
        values = dict(python=sys.executable, db=str(db_path), site=",".join(sites),
                      run_id=",".join(map(str, run_ids)), trigger=trigger, sites=sites_path or "",
                      config=config_file or "")
        argv: list[str] = []
        for p in parts:
            argv += sites if p == "{site}" else [p.format(**values)]
        return argv

    return build


def _as_lists(site: str | list[str], run_id: int | list[int]) -> tuple[list[str], list[int]]:
    """One site and run id, or a group's, as two lists of equal length."""
    sites = [site] if isinstance(site, str) else list(site)
    run_ids = [run_id] if isinstance(run_id, int) else list(run_id)
    if len(sites) != len(run_ids) or not sites:
        raise ValueError(f"{len(sites)} site(s) but {len(run_ids)} run id(s)")
    return sites, run_ids


@dataclass(frozen=True)
class RunSpec:
    """One site's part of a crawl process: its run row and why it runs."""

    site: str
    run_id: int
    trigger: str


@dataclass
class Outcome:
    """How one run ended, as recorded (or left as recorded by the crawl itself)."""

    run_id: int
    site: str
    trigger: str
    status: str
    exit_code: int | None
    error: str | None
    seconds: float
    log_file: Path | None = None
    counts: dict = field(default_factory=dict)


def _signal_name(returncode: int) -> str:
    """'SIGKILL' for -9, etc."""
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


def error_summary(log_file: Path | None, max_chars: int = 300) -> str | None:
    """The most telling line at the end of a crawl's log: the last error line, else the last line."""
    if log_file is None or not log_file.exists():
        return None
    with open(log_file, "rb") as f:
        f.seek(max(0, log_file.stat().st_size - 65536))
        lines = [ln.strip() for ln in f.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    if not lines:
        return None
    markers = ("ERROR", "CRITICAL", "Error", "Exception", "error:", "Traceback")
    errors = [ln for ln in lines if any(m in ln for m in markers) and not ln.startswith("Traceback")]
    line = errors[-1] if errors else lines[-1]
    return line[:max_chars]


def _prune_logs(log_dir: Path, site: str) -> None:
    """Keep only the newest run logs of a site."""
    logs = sorted(log_dir.glob(f"{site}-*.log"), key=lambda p: p.stat().st_mtime)
    for old in logs[:-KEEP_LOGS_PER_SITE]:
        old.unlink(missing_ok=True)


class CrawlProcess:
    """A running crawl subprocess in its own session (process group) so it can be signalled as a whole.

    `site` names what it crawls in log lines: one key, or a group's keys joined by ", ".
    """

    def __init__(self, site: str, run_id: int, trigger: str, argv: list[str], log_file: Path | None,
                 env: dict[str, str] | None = None):
        self.site, self.run_id, self.trigger, self.argv, self.log_file = site, run_id, trigger, argv, log_file
        self.stop_reason: str | None = None  # "timeout" | "shutdown" once we ask it to stop
        self.started = time.monotonic()
        self._lock = threading.Lock()
        out = open(log_file, "ab") if log_file else subprocess.DEVNULL
        env = {**os.environ, **(env or {})}
        # the child imports the same code as the daemon even when started from another directory
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
        env.setdefault("PYTHONUNBUFFERED", "1")
        try:
            # own session: a terminal's Ctrl-C reaches only the daemon, which then stops crawls in order
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         env=env, start_new_session=True)
        finally:
            if log_file:
                out.close()

    @property
    def pid(self) -> int:
        """PID (and process-group id) of the crawl."""
        return self.proc.pid

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def terminate(self, reason: str) -> None:
        """Ask the crawl to stop cleanly (SIGTERM to its group); Scrapy then closes the spider and its run row."""
        with self._lock:
            self.stop_reason = self.stop_reason or reason
        if self.proc.poll() is None:
            self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """Stop the crawl now (SIGKILL to its whole group, including helpers that outlive the leader)."""
        self._signal(signal.SIGKILL)

    def wait(self, timeout_s: float | None, kill_after_s: float) -> int:
        """Wait for exit; past `timeout_s` stop it (SIGTERM, then SIGKILL after `kill_after_s`)."""
        deadline = None if timeout_s is None else self.started + timeout_s
        killed_at: float | None = None
        while True:
            try:
                return self.proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if deadline is not None and now >= deadline and self.stop_reason is None:
                log.warning("%s run %d: time limit of %s exceeded, stopping it", self.site, self.run_id,
                            _fmt_seconds(timeout_s))
                self.terminate("timeout")
                killed_at = now + kill_after_s
            elif killed_at is not None and now >= killed_at:
                log.warning("%s run %d: still running %s after SIGTERM, killing it", self.site, self.run_id,
                            _fmt_seconds(kill_after_s))
                self.kill()
                killed_at = None


def _fmt_seconds(s: float | None) -> str:
    if s is None:
        return "none"
    return f"{s / 60:g} min" if s >= 60 else f"{s:g} s"


def run_crawl(
    db_path: Path,
    site: str,
    trigger: str,
    argv_for: ArgvBuilder,
    *,
    timeout_s: float | None,
    kill_after_s: float = 10.0,
    log_dir: Path | None = None,
    state: State | None = None,
    on_start: Callable[[CrawlProcess], None] | None = None,
    run_id: int | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Record a run, crawl `site` in a subprocess, and make sure the run row ends finished."""
    if run_id is None:
        run_id = records.start_run(db_path, site, trigger)
    (outcome,) = run_group(db_path, [RunSpec(site, run_id, trigger)], argv_for, timeout_s=timeout_s,
                           kill_after_s=kill_after_s, log_dir=log_dir, state=state, on_start=on_start, env=env)
    return outcome


def run_group(
    db_path: Path,
    runs: list[RunSpec],
    argv_for: ArgvBuilder,
    *,
    timeout_s: float | None,
    kill_after_s: float = 10.0,
    log_dir: Path | None = None,
    state: State | None = None,
    on_start: Callable[[CrawlProcess], None] | None = None,
    env: dict[str, str] | None = None,
) -> list[Outcome]:
    """Crawl the sites of `runs` (run rows already opened) in one subprocess; make sure every row ends finished.

    `env` is added to the subprocess's environment (`crawl_env`: how many crawl processes run at once).

    The time limit applies to the process. Each site's log is the process's log file, linked under the
    site's own name (`SITE-RUNID.log`); each site gets its own outcome and log line.
    """
    sites = [r.site for r in runs]
    label = ", ".join(sites)
    trigger = runs[0].trigger  # only labels rows the crawl creates itself; ours exist already
    argv = argv_for(sites if len(runs) > 1 else sites[0],
                    [r.run_id for r in runs] if len(runs) > 1 else runs[0].run_id, trigger)
    log_file = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        for r in runs:
            _prune_logs(log_dir, r.site)
        log_file = log_dir / f"{runs[0].site}-{runs[0].run_id}.log"
    t0 = time.monotonic()
    try:
        crawl = CrawlProcess(label, runs[0].run_id, trigger, argv, log_file, env)
    except OSError as exc:
        error = f"could not start crawl {argv[0]!r}: {exc.strerror or exc}"
        outcomes = []
        for r in runs:
            records.finish_if_running(db_path, r.run_id, status="failed", exit_code=None, error=error)
            log.error("%s run %d: %s", r.site, r.run_id, error)
            outcomes.append(Outcome(r.run_id, r.site, r.trigger, "failed", None, error, 0.0, log_file))
        return outcomes
    if log_file is not None:
        for r in runs[1:]:
            _link_log(log_file, log_dir / f"{r.site}-{r.run_id}.log")  # type: ignore[operator]
    for r in runs:
        log.info("%s run %d started (%s, pid %d%s)", r.site, r.run_id, r.trigger, crawl.pid,
                 f", in a process with {len(runs) - 1} other site(s)" if len(runs) > 1 else "")
    if state is not None:
        for r in runs:
            state.add_active(r.run_id, r.site, crawl.pid, argv)
    try:
        if on_start is not None:
            on_start(crawl)
        rc = crawl.wait(timeout_s, kill_after_s)
    finally:
        # helpers the crawl left behind in its group go with it
        crawl.kill()
        if state is not None:
            for r in runs:
                state.remove_active(r.run_id)
    seconds = time.monotonic() - t0
    status, error = _judge(rc, crawl.stop_reason, timeout_s, log_file)
    outcomes = []
    for r in runs:
        closed = records.finish_if_running(db_path, r.run_id, status=status, exit_code=rc, error=error)
        if not closed and crawl.stop_reason == "timeout":
            # our SIGTERM made the crawl record itself "interrupted"; a time-limit stop is a failure
            _mark_timeout(db_path, r.run_id, rc, error)
        row = records.get_run(db_path, r.run_id) or {}
        outcome = Outcome(r.run_id, r.site, r.trigger, row.get("status") or status, rc, row.get("error") or error,
                          seconds, log_file, row.get("counts") or {})
        level = logging.INFO if outcome.status == "ok" else logging.WARNING
        log.log(level, "%s run %d %s in %.1f s (exit %s)%s%s", r.site, r.run_id, outcome.status, seconds, rc,
                f" counts {_short_counts(outcome.counts)}" if outcome.counts else "",
                f": {outcome.error}" if outcome.error and outcome.status != "ok" else "")
        outcomes.append(outcome)
    return outcomes


def _link_log(log_file: Path, name: Path) -> None:
    """Make a group's one log file readable under another site's name too (a hard link; a copy-free alias)."""
    try:
        name.unlink(missing_ok=True)
        os.link(log_file, name)
    except OSError as exc:  # e.g. a file system without hard links: the first site's name still has it
        log.debug("could not link %s to %s: %s", log_file, name, exc)


def _judge(rc: int, stop_reason: str | None, timeout_s: float | None, log_file: Path | None) -> tuple[str, str | None]:
    """Status and error summary for a run whose crawl did not close its own row."""
    tail = error_summary(log_file)
    if stop_reason == "timeout":
        return "failed", f"time limit of {_fmt_seconds(timeout_s)} exceeded; crawl stopped" + (f" ({tail})" if tail else "")
    if stop_reason == "shutdown":
        return "interrupted", "daemon shutting down; crawl stopped" + (f" (exit {rc})" if rc else "")
    if rc == 0:
        return "ok", None
    if rc < 0:
        return "failed", f"crawl killed by {_signal_name(rc)}" + (f": {tail}" if tail else "")
    return "failed", f"crawl exited {rc}" + (f": {tail}" if tail else "")


def _mark_timeout(db_path: Path, run_id: int, rc: int, error: str | None) -> None:
    """Turn a self-recorded 'interrupted' into 'failed' for a time-limit stop, keeping the crawl's counts."""
    row = records.get_run(db_path, run_id)
    if row and row.get("status") == "interrupted":
        records.finish(db_path, run_id, status="failed", counts=row["counts"], exit_code=rc, error=error)


def _short_counts(counts: dict) -> str:
    keys = ("fetched", "new", "updated", "failed", "extraction_failed")
    return " ".join(f"{k}={counts[k]}" for k in keys if k in counts)
