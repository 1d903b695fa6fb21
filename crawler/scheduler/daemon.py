"""The scheduler daemon: APScheduler 3.11 in the foreground, crawls in subprocesses.

Threads: the main thread waits for signals and polls the run-now queue; APScheduler's thread
fires site jobs into a thread pool; each job thread joins a group of sites due together
(crawler/scheduler/grouping.py, at most `max_sites_per_process`); the group's first thread runs one
crawl subprocess for the whole group and records each site's run, the others wait for it.
A semaphore caps crawl processes running at once (`max_parallel`); a per-site busy set keeps one
crawl per site, whether it was scheduled or queued with run-now.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from crawler.config import Config
from crawler.scheduler import health, records
from crawler.scheduler.grouping import Group, Grouper, Member
from crawler.scheduler.jobs import sync_jobs
from crawler.scheduler.lock import DaemonLock
from crawler.scheduler.runner import ArgvBuilder, CrawlProcess, RunSpec, crawl_env, run_group
from crawler.scheduler.state import State
from crawler.site_lock import site_crawler_pid
from crawler.sites import SiteConfig

log = logging.getLogger("newsarchive.scheduler")

POLL_SECONDS = 1.0
KILL_AFTER_TIMEOUT_S = 10.0  # after a time-limit SIGTERM, how long a crawl gets before SIGKILL
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_current: "Daemon | None" = None


def run_scheduled(site: str) -> None:
    """APScheduler job entry point (referenced by import path from the job store): crawl `site` now."""
    daemon = _current
    if daemon is None:
        log.error("scheduled run of %s fired with no daemon running; ignored", site)
        return
    daemon.run_site(site, "schedule")


def setup_logging(log_path: Path, level: int = logging.INFO) -> list[logging.Handler]:
    """Log to stderr (for systemd/containers) and to a rotating file; returns the handlers added."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter(LOG_FORMAT)
    handlers: list[logging.Handler] = [
        logging.StreamHandler(sys.stderr),
        logging.handlers.RotatingFileHandler(log_path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"),
    ]
    for h in handlers:
        h.setFormatter(fmt)
    for name, lvl in (("newsarchive", level), ("apscheduler", logging.WARNING)):
        lg = logging.getLogger(name)
        lg.setLevel(min(lvl, lg.level or lvl))
        for h in handlers:
            lg.addHandler(h)
    return handlers


def run_logs_dir(log_path: Path) -> Path:
    """Directory holding each crawl subprocess's own output."""
    return log_path.with_name(log_path.stem + ".runs")


class Daemon:
    """A foreground scheduler for one archive; `run()` returns the process exit code."""

    def __init__(
        self,
        config: Config,
        sites_loader: Callable[[], dict[str, SiteConfig]],
        argv_for: ArgvBuilder,
    ):
        self.config = config
        self.cfg = config.scheduler
        self.db_path = config.db_path
        self.sites_loader = sites_loader
        self.sites: dict[str, SiteConfig] = {}
        self.argv_for = argv_for
        self.state = State(config.jobstore_path)
        self.lock = DaemonLock(config.db_path)
        self.log_dir = run_logs_dir(config.log_path)
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._reload = threading.Event()
        self._stopping = False
        self._force = False
        self._busy: set[str] = set()
        self._procs: dict[int, CrawlProcess] = {}  # by the first run id of its group
        self._inflight = 0
        self._cond = threading.Condition()
        self._slots = threading.BoundedSemaphore(max(1, self.cfg.max_parallel))
        self.grouper = Grouper(self.cfg.max_sites_per_process, self.cfg.group_window_seconds)
        self._requested: set[int] = set()
        # executor seam: None runs crawls as local subprocesses; fleet mode places them on Scrapyd nodes
        self.fleet = None
        self._ingest: "subprocess.Popen | None" = None
        if self.cfg.executor == "scrapyd":
            from crawler.fleet.executor import ScrapydExecutor

            self.fleet = ScrapydExecutor(config, lambda: self.sites)

    # ------------------------------------------------------------------ lifecycle

    def run(self) -> int:
        """Take the archive lock, schedule, serve until SIGTERM/SIGINT, stop cleanly; 0 on a clean stop."""
        global _current
        self.lock.acquire()  # AlreadyRunning propagates: the CLI turns it into a one-line error
        old = self._install_signals()  # early, so a SIGTERM during start-up still means a clean stop
        try:
            self.sites = self.sites_loader()
            self._prepare_archive()
            self._recover_orphans()
            self._start_ingest()
            self.scheduler = self._make_scheduler()
            _current = self
            self.scheduler.start(paused=True)
            try:
                self._sync()
                self.scheduler.resume()
            except BaseException:
                self.scheduler.shutdown(wait=False)
                raise
            log.info("daemon started (pid %d): archive %s, %d scheduled sites, up to %d crawl processes at once "
                     "of up to %d sites each", os.getpid(), self.db_path, len(self.scheduler.get_jobs()),
                     self.cfg.max_parallel, self.cfg.max_sites_per_process)
            while not self._stop.wait(POLL_SECONDS):
                try:
                    if self._reload.is_set():
                        self._reload.clear()
                        self._reload_sites()
                    self._poll_requests()
                except Exception:  # e.g. the queue file locked for long: log, keep serving
                    log.exception("error while polling the run-now queue")
            return self._shutdown()
        finally:
            self._stop_ingest()
            for sig, handler in old.items():
                signal.signal(sig, handler)
            _current = None
            self.lock.release()

    def _prepare_archive(self) -> None:
        """Create/migrate the archive once here, so parallel crawls never race to migrate it."""
        records.ensure_archive(self.db_path)

    def _start_ingest(self) -> None:
        """Fleet mode: the archive's one writer (`newsarchive ingest`) runs beside the daemon."""
        if self.fleet is None:
            return
        argv = [sys.executable, "-m", "crawler.cli", "--db", str(self.db_path), "ingest",
                "--redis", self.cfg.redis_url or ""]
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / "ingest.log", "ab") as out:
            self._ingest = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        log.info("ingest writer started (pid %d)", self._ingest.pid)

    def _stop_ingest(self) -> None:
        """Let the writer finish its batch (SIGTERM), then reap it."""
        if self._ingest is None:
            return
        self._ingest.terminate()
        try:
            self._ingest.wait(timeout=max(self.cfg.stop_grace_seconds, 5))
        except subprocess.TimeoutExpired:
            self._ingest.kill()
            self._ingest.wait()
        self._ingest = None

    def _make_scheduler(self) -> BackgroundScheduler:
        pool = max(len(self.sites), self.cfg.max_parallel, 1)
        return BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{self.config.jobstore_path}")},
            # one thread per site at most (max_instances=1); the semaphore, not the pool, caps parallel crawls
            executors={"default": ThreadPoolExecutor(pool)},
            job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": self._grace_seconds()},
            timezone=timezone.utc,
        )

    def _grace_seconds(self) -> int:
        return max(1, int(round(self.cfg.misfire_grace_minutes * 60)))

    def _sync(self) -> None:
        """Apply the site config to the job store (scheduler must be paused)."""
        assert self.scheduler is not None
        report = sync_jobs(self.scheduler, self.sites, misfire_grace_seconds=self._grace_seconds(),
                           last_started=self._last_started)
        for what in ("added", "kept", "rescheduled", "removed"):
            keys = getattr(report, what)
            if keys:
                log.info("schedules %s: %s", what, ", ".join(keys))
        for job in self.scheduler.get_jobs():
            log.info("next run of %s: %s", job.name, job.next_run_time.isoformat() if job.next_run_time else "never")

    def _last_started(self, site: str) -> datetime | None:
        row = records.last_run(self.db_path, site)
        return health.parse_time(row.get("started_at")) if row else None

    def _reload_sites(self) -> None:
        """SIGHUP: re-read site files and re-sync the schedules without restarting."""
        assert self.scheduler is not None
        try:
            sites = self.sites_loader()
        except Exception as exc:  # a broken edit must not take the daemon down
            log.error("reload failed, keeping the current schedules: %s", exc)
            return
        self.sites = sites
        self.scheduler.pause()
        try:
            self._sync()
        finally:
            self.scheduler.resume()

    def _install_signals(self) -> dict[int, object]:
        old: dict[int, object] = {}

        def stop(signum: int, frame: object) -> None:
            if self._stop.is_set():
                # second signal: don't wait out the grace period
                self._force = True
                log.warning("second %s: stopping crawls now", signal.Signals(signum).name)
                for proc in list(self._procs.values()):
                    proc.kill()
            else:
                log.info("%s received: shutting down", signal.Signals(signum).name)
            self._stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            old[sig] = signal.signal(sig, stop)
        old[signal.SIGHUP] = signal.signal(signal.SIGHUP, lambda s, f: self._reload.set())
        return old

    def _shutdown(self) -> int:
        """Stop accepting work, let crawls stop gracefully within the grace period, then kill the rest."""
        assert self.scheduler is not None
        self._stopping = True
        t0 = time.monotonic()
        # wait=False: the pool threads are ours to wind down below; the job store keeps next run times
        self.scheduler.shutdown(wait=False)
        running = list(self._procs.values())
        if running:
            log.info("asking %d running crawl(s) to stop: %s (grace %g s)", len(running),
                     ", ".join(p.site for p in running), self.cfg.stop_grace_seconds)
        for proc in running:
            proc.terminate("shutdown")
        if not self._wait_idle(self.cfg.stop_grace_seconds):
            left = list(self._procs.values())
            log.warning("grace period over: killing %s", ", ".join(p.site for p in left) or "nothing")
            for proc in left:
                proc.kill()
            # give worker threads a moment to record the interrupted runs
            self._wait_idle(10, hurry=False)
        log.info("daemon stopped in %.1f s", time.monotonic() - t0)
        return 0

    def _wait_idle(self, seconds: float, hurry: bool = True) -> bool:
        """Wait until no run is in flight; `hurry` gives up early after a second stop signal."""
        deadline = time.monotonic() + seconds
        with self._cond:
            while self._inflight:
                left = deadline - time.monotonic()
                if left <= 0 or (hurry and self._force):
                    return not self._inflight
                self._cond.wait(min(left, 0.2))
        return True

    def stop(self) -> None:
        """Ask the daemon to shut down (as SIGTERM does); for embedding and tests."""
        self._stop.set()

    # ------------------------------------------------------------------ orphans and requests

    def _recover_orphans(self) -> None:
        """After a crash: stop crawls the dead daemon left running and close their run rows."""
        for row in self.state.active():
            pid, run_id = int(row["pid"]), int(row["run_id"])
            if _same_process(pid, row["argv"]):
                log.warning("stopping orphaned crawl of %s (run %d, pid %d) left by a previous daemon",
                            row["site"], run_id, pid)
                _stop_group(pid, self.cfg.stop_grace_seconds)
            try:
                if records.finish_if_running(self.db_path, run_id, status="interrupted", exit_code=None,
                                             error="scheduler daemon stopped unexpectedly during the run"):
                    log.warning("run %d of %s marked interrupted (daemon died during it)", run_id, row["site"])
            except Exception as exc:
                log.error("could not close orphaned run %d: %s", run_id, exc)
            self.state.remove_active(run_id)
        self.state.reset_started_requests()

    def _poll_requests(self) -> None:
        """Start queued run-now requests whose site is idle."""
        for req in self.state.pending():
            rid, site = int(req["id"]), req["site"]
            if rid in self._requested:
                continue
            if site not in self.sites:
                self.state.mark_request(rid, "rejected", note=f"unknown site {site!r}")
                log.error("run-now request %d: unknown site %r", rid, site)
                continue
            with self._cond:
                if site in self._busy:
                    continue  # stays pending; picked up once the current crawl of the site ends
            if site_crawler_pid(self.db_path, site) is not None:
                continue  # a crawl outside the daemon (manual, orphan) holds the site: run once it ends
            self._requested.add(rid)
            threading.Thread(target=self._run_request, args=(site, rid), name=f"run-now-{site}").start()

    def _run_request(self, site: str, rid: int) -> None:
        try:
            self.run_site(site, "manual", request_id=rid)
        finally:
            self._requested.discard(rid)

    # ------------------------------------------------------------------ one run

    def run_site(self, site: str, trigger: str, request_id: int | None = None) -> None:
        """Crawl one site now unless it is already being crawled or the daemon is stopping.

        Locally the site joins the group of sites due with it and returns once that group's crawl process
        has ended; with the fleet executor each site is its own crawl on a node.
        """
        with self._cond:
            if self._stopping:
                return  # a queued request stays pending for the next start
            if site in self._busy:
                if request_id is None:
                    log.info("%s: scheduled run skipped, previous crawl still running", site)
                return
            self._busy.add(site)
            self._inflight += 1
        try:
            if self.fleet is not None:
                self._run_alone(site, trigger, request_id)
                return
            group, leader = self.grouper.join(Member(site, trigger, request_id))
            if leader:
                self._lead(group)
            else:
                group.done.wait()
        except Exception:
            log.exception("%s: run failed inside the daemon", site)
        finally:
            with self._cond:
                self._busy.discard(site)
                self._inflight -= 1
                self._cond.notify_all()

    def _run_alone(self, site: str, trigger: str, request_id: int | None) -> None:
        """Fleet executor: one slot, one node crawl for this site."""
        while not self._slots.acquire(timeout=0.5):
            if self._stopping:
                return
        try:
            if not self._stopping:
                self._crawl_fleet(site, trigger, request_id)
        finally:
            self._slots.release()

    def _lead(self, group: Group) -> None:
        """Wait for sites due at nearly the same moment, and for a free slot (late sites still join meanwhile),
        then crawl the group in one process; its members wait on `group.done`."""
        acquired = False
        try:
            self.grouper.wait_window(group, stopping=lambda: self._stopping)
            while not self._stopping and not (acquired := self._slots.acquire(timeout=0.5)):
                pass
            members = self.grouper.seal(group)
            if acquired and not self._stopping:
                self._crawl_group(members)
        finally:
            self.grouper.seal(group)
            if acquired:
                self._slots.release()
            group.done.set()

    def _crawl_group(self, members: list[Member]) -> None:
        """Open a run row per site and crawl them all in one subprocess (`runner.run_group`)."""
        live = []
        for m in members:
            holder = site_crawler_pid(self.db_path, m.site)
            if holder is not None and m.request_id is None:
                # a manual crawl, or one a killed daemon left behind: never two crawls of one site
                log.info("%s: scheduled run skipped, the site is being crawled by another process (pid %s)",
                         m.site, holder or "?")
                continue
            live.append(m)
        if not live:
            return
        run_ids = records.start_runs(self.db_path, [(m.site, m.trigger) for m in live])
        runs = [RunSpec(m.site, run_id, m.trigger) for m, run_id in zip(live, run_ids)]
        try:
            for m, r in zip(live, runs):
                if m.request_id is not None:
                    self.state.mark_request(m.request_id, "started", run_id=r.run_id)
            key = runs[0].run_id

            def on_start(proc: CrawlProcess) -> None:
                with self._cond:
                    self._procs[key] = proc
                    stopping = self._stopping
                if stopping:
                    # shutdown began between spawn and registration
                    proc.terminate("shutdown")

            timeout = self.cfg.run_timeout_minutes * 60 if self.cfg.run_timeout_minutes else None
            try:
                outcomes = run_group(self.db_path, runs, self.argv_for, timeout_s=timeout,
                                     kill_after_s=min(KILL_AFTER_TIMEOUT_S, self.cfg.stop_grace_seconds or KILL_AFTER_TIMEOUT_S),
                                     log_dir=self.log_dir, state=self.state, on_start=on_start,
                                     env=crawl_env(self.cfg.max_parallel))
            finally:
                with self._cond:
                    self._procs.pop(key, None)
        finally:
            for m, r in zip(live, runs):
                if m.request_id is not None:
                    self.state.mark_request(m.request_id, "done", run_id=r.run_id)
        for outcome in outcomes:
            if outcome.status != "interrupted":
                self._check_health(outcome.site)

    def _crawl_fleet(self, site: str, trigger: str, request_id: int | None) -> None:
        """Place one site's crawl on a Scrapyd node (crawler/fleet/executor.py) and record it."""
        holder = site_crawler_pid(self.db_path, site)
        if holder is not None and request_id is None:
            log.info("%s: scheduled run skipped, the site is being crawled by another process (pid %s)", site, holder or "?")
            return
        run_id = records.start_run(self.db_path, site, trigger)
        if request_id is not None:
            self.state.mark_request(request_id, "started", run_id=run_id)
        timeout = self.cfg.run_timeout_minutes * 60 if self.cfg.run_timeout_minutes else None
        try:
            self.fleet.run(site, trigger, run_id, timeout_s=timeout, stopping=lambda: self._stopping)
        finally:
            if request_id is not None:
                self.state.mark_request(request_id, "done", run_id=run_id)

    def _check_health(self, site: str) -> None:
        """Log a warning when a site's recent runs look unhealthy (layout change, blocking, outage)."""
        try:
            rows = records.list_runs(self.db_path, site=site, limit=health.window(self.cfg))
            verdict = health.assess(site, rows, self.cfg, site_config=self.sites.get(site))
        except Exception as exc:
            log.error("%s: health check failed: %s", site, exc)
            return
        if not verdict.healthy:
            log.warning("%s looks unhealthy: %s", site, "; ".join(verdict.problems))


def _same_process(pid: int, argv: list[str]) -> bool:
    """True when `pid` is still the crawl we started (guards against PID reuse)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return raw.rstrip(b"\0").split(b"\0") == [a.encode() for a in argv]


def _running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (an orphan's zombie may never be reaped in a container)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _stop_group(pgid: int, grace: float) -> None:
    """SIGTERM a process group, SIGKILL it if still alive after `grace` seconds."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _running(pgid):
            return
        time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
