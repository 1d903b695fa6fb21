"""`newsarchive schedule list|start|run-now` and `newsarchive runs`, mounted on the main app by `register`."""

from __future__ import annotations

import os
import pickle
import shlex
import signal
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from crawler.cli.app import err, fail, out
from crawler.config import Config, load_config
from crawler.scheduler import health, records
from crawler.scheduler.jobs import describe, first_run_time, job_id
from crawler.scheduler.lock import lock_path, running_daemon_pid
from crawler.scheduler.runner import (ArgvBuilder, default_argv_builder, run_crawl,
                                      template_argv_builder)
from crawler.scheduler.state import State
from crawler.site_lock import site_crawler_pid
from crawler.sites import ConfigError, SiteConfig, load_sites

schedule_app = typer.Typer(help="Scheduled crawls: list schedules, run/stop/reload the daemon, queue a run now.",
                           no_args_is_help=True)


def _context(ctx: typer.Context) -> tuple[Config, str | None]:
    """Config and extra site paths from the main app's callback (or the environment when run standalone)."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    cfg = obj.get("config") or load_config(db=obj.get("db"))
    return cfg, obj.get("sites") or cfg.sites_path


def _load_sites(sites_path: str | None) -> dict[str, SiteConfig]:
    try:
        return load_sites(sites_path)
    except ConfigError as exc:
        fail(str(exc))
        raise  # unreachable; keeps type checkers happy


def _config_file(ctx: typer.Context) -> str | None:
    """The `--config FILE` given to the main app, passed on so crawl subprocesses read the same settings."""
    value = ctx.find_root().params.get("config")
    return str(Path(value).resolve()) if value else None


def argv_builder(ctx: typer.Context, cfg: Config, sites_path: str | None) -> ArgvBuilder:
    """The crawl command for this configuration (`scheduler.crawl_command` template, else `newsarchive crawl`)."""
    template = getattr(cfg.scheduler, "crawl_command", None)
    if template:
        if isinstance(template, list):  # an argv list: quote it so the template's own splitting gives it back
            template = shlex.join(template)
        return template_argv_builder(template, cfg.db_path, sites_path, _config_file(ctx))
    return default_argv_builder(cfg.db_path, sites_path, _config_file(ctx))


def _local(value: Any) -> str:
    """A stored UTC timestamp in local time, compactly; '-' when empty."""
    dt = health.parse_time(value) if not isinstance(value, datetime) else value
    return dt.astimezone().strftime("%Y-%m-%d %H:%M:%S") if dt else "-"


def _stored_jobs(jobstore: Path) -> dict[str, dict[str, Any]]:
    """Site jobs in the daemon's job store, read without starting a scheduler: id -> {name, next_run_time}."""
    if not jobstore.exists():
        return {}
    try:
        with closing(sqlite3.connect(jobstore, timeout=10)) as db:
            rows = db.execute("SELECT id, next_run_time, job_state FROM apscheduler_jobs").fetchall()
    except sqlite3.Error:
        return {}
    jobs = {}
    for jid, next_ts, blob in rows:
        try:
            name = pickle.loads(blob).get("name")
        except Exception:  # an unreadable job only loses its name here
            name = None
        nxt = datetime.fromtimestamp(next_ts, timezone.utc) if next_ts is not None else None
        jobs[jid] = {"name": name, "next_run_time": nxt}
    return jobs


# ------------------------------------------------------------------------------ schedule list


@schedule_app.command("list")
def list_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show every site's schedule with its next and last run."""
    cfg, sites_path = _context(ctx)
    sites = _load_sites(sites_path)
    pid = running_daemon_pid(cfg.db_path)
    stored = _stored_jobs(cfg.jobstore_path)
    queued = {r["site"] for r in State(cfg.jobstore_path).pending()} if cfg.jobstore_path.exists() else set()
    now = datetime.now(timezone.utc)
    rows = []
    for key, site in sites.items():
        enabled = site.enabled and site.schedule.enabled
        last = _last_run(cfg.db_path, key)
        job = stored.get(job_id(key))
        nxt: datetime | None = None
        note = ""
        if enabled:
            if job and job["name"] == f"{key} {describe(site.schedule)}":
                nxt = job["next_run_time"]
                if pid is None and nxt and nxt < now:
                    note = "overdue"
            else:
                started = health.parse_time(last.get("started_at")) if last else None
                nxt = first_run_time(site.schedule, started, now)
                note = "after daemon start"
        rows.append({
            "site": key, "enabled": enabled, "schedule": describe(site.schedule),
            "next_run": nxt.isoformat() if nxt else None, "next_note": note or None,
            "last_run": last.get("started_at") if last else None, "last_status": last.get("status") if last else None,
            "queued": key in queued, "last_node": last.get("node") if last else None,
        })
    if as_json:
        out.print_json(data={"daemon_pid": pid, "jobs": rows})
        return
    table = Table(title=f"{len(rows)} schedule(s) — daemon " + (f"running (pid {pid})" if pid is not None else "not running"))
    fleet = any(r["last_node"] for r in rows)  # the node column only once runs went to a Scrapyd fleet
    for col in ("site", "schedule", "next run", "last run", "last status", *(["last node"] if fleet else []),
                "run-now queued"):
        table.add_column(col, overflow="fold")
    for r in rows:
        nxt = "[dim]disabled[/dim]" if not r["enabled"] else _local(r["next_run"]) + (f" [dim]({r['next_note']})[/dim]" if r["next_note"] else "")
        table.add_row(escape(r["site"]), escape(r["schedule"]), nxt, _local(r["last_run"]), _status(r["last_status"]),
                      *([escape(r["last_node"] or "")] if fleet else []), "yes" if r["queued"] else "")
    out.print(table)


def _last_run(db_path: Path, site: str) -> dict[str, Any] | None:
    if not db_path.exists():
        return None
    try:
        return records.last_run_readonly(db_path, site)
    except Exception:  # listing schedules must work even on an archive we cannot read yet
        return None


def _status(status: str | None) -> str:
    colour = {"ok": "green", "failed": "red", "interrupted": "yellow", "running": "cyan"}.get(status or "", "dim")
    return f"[{colour}]{status or '-'}[/{colour}]"


# ------------------------------------------------------------------------------ schedule start


@schedule_app.command("start")
def start_cmd(
    ctx: typer.Context,
    max_parallel: Optional[int] = typer.Option(None, "--max-parallel", min=1, help="Sites crawled at once (default from config)."),
) -> None:
    """Run the scheduler daemon in the foreground until SIGTERM/SIGINT (systemd- and container-friendly)."""
    from dataclasses import replace

    from crawler.scheduler.daemon import Daemon, setup_logging
    from crawler.scheduler.lock import AlreadyRunning

    cfg, sites_path = _context(ctx)
    if max_parallel:
        cfg = replace(cfg, scheduler=replace(cfg.scheduler, max_parallel=max_parallel))
    _load_sites(sites_path)  # bad site files: fail now with a one-line error, before taking the lock
    setup_logging(cfg.log_path)
    daemon = Daemon(cfg, lambda: load_sites(sites_path), argv_builder(ctx, cfg, sites_path))
    try:
        code = daemon.run()
    except AlreadyRunning as exc:
        fail(str(exc), code=1)
    raise typer.Exit(code)


# ------------------------------------------------------------------------------ schedule status / stop / reload


@schedule_app.command("status")
def status_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Is the daemon running (pid, from its lock file), which crawls run now, which runs are queued."""
    cfg, _ = _context(ctx)
    pid = running_daemon_pid(cfg.db_path)
    state = State(cfg.jobstore_path) if cfg.jobstore_path.exists() else None
    active = state.active() if state and pid is not None else []
    pending = state.pending() if state else []
    data = {"daemon_pid": pid, "running": pid is not None, "lock": str(lock_path(cfg.db_path)),
            "log": str(cfg.log_path), "active_crawls": active, "queued": pending}
    if as_json:
        out.print_json(data=data)
    else:
        if pid is None:
            out.print(f"daemon: not running (archive {escape(str(cfg.db_path))})", highlight=False)
        else:
            out.print(f"daemon: running, pid {pid or 'unknown'} (lock {escape(data['lock'])}, log {escape(data['log'])})",
                      highlight=False)
        for a in active:
            out.print(f"  crawling {escape(str(a.get('site')))} (run {a.get('run_id')}, pid {a.get('pid')}, "
                      f"since {_local(a.get('started_at'))})", highlight=False)
        for r in pending:
            out.print(f"  queued: {escape(str(r.get('site')))} (request {r.get('id')})", highlight=False)
    raise typer.Exit(0 if pid is not None else 3)  # like `systemctl status`: 3 = not running


def _signal_daemon(ctx: typer.Context, sig: signal.Signals) -> tuple[Config, int]:
    """Send `sig` to the archive's daemon (pid from its lock file); exit 1 with one line when none runs."""
    cfg, _ = _context(ctx)
    pid = running_daemon_pid(cfg.db_path)
    if not pid:
        fail(f"no scheduler daemon is running for {cfg.db_path}" if pid is None else
             f"a daemon holds {lock_path(cfg.db_path)} but its pid is not recorded", code=1)
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        fail(f"the daemon (pid {pid}) has just exited", code=1)
    except PermissionError:
        fail(f"not allowed to signal the daemon (pid {pid}; it runs as another user)", code=1)
    return cfg, pid


@schedule_app.command("stop")
def stop_cmd(
    ctx: typer.Context,
    wait: float = typer.Option(0, "--wait", min=0, metavar="SECONDS",
                               help="Wait up to this long for the daemon to exit (0 = do not wait)."),
) -> None:
    """Stop the running daemon (SIGTERM): no new runs; running crawls get stop_grace_seconds to finish."""
    cfg, pid = _signal_daemon(ctx, signal.SIGTERM)
    err.print(f"sent SIGTERM to the scheduler daemon (pid {pid})", highlight=False)
    deadline = time.monotonic() + wait
    while wait and running_daemon_pid(cfg.db_path) is not None:
        if time.monotonic() > deadline:
            fail(f"the daemon (pid {pid}) is still running after {wait:g} s (crawls finishing?)", code=1)
        time.sleep(0.2)
    if wait:
        err.print("the daemon has stopped", highlight=False)


@schedule_app.command("reload")
def reload_cmd(ctx: typer.Context) -> None:
    """Make the running daemon re-read the site files (SIGHUP), without restarting it."""
    _, pid = _signal_daemon(ctx, signal.SIGHUP)
    err.print(f"sent SIGHUP to the scheduler daemon (pid {pid}): site files are re-read", highlight=False)


# ------------------------------------------------------------------------------ schedule run-now


@schedule_app.command("run-now")
def run_now_cmd(
    ctx: typer.Context,
    site: str = typer.Argument(..., help="Site key (see `newsarchive schedule list`)."),
    queue: bool = typer.Option(False, "--queue", help="Queue for the daemon even if none is running now."),
    wait: bool = typer.Option(False, "--wait", help="With a daemon: wait for the queued run to finish."),
) -> None:
    """Run a site's crawl now: queued to the running daemon, or in the foreground when none runs."""
    cfg, sites_path = _context(ctx)
    sites = _load_sites(sites_path)
    if site not in sites:
        fail(f"unknown site {site!r} (known: {', '.join(sites) or 'none'})")
    pid = running_daemon_pid(cfg.db_path)
    holder = site_crawler_pid(cfg.db_path, site)
    if holder is not None and pid is None and not queue:
        # e.g. the orphan of a daemon that was killed: a second crawl beside it would fetch every page twice
        fail(f"site {site!r} is already being crawled into this archive (pid {holder or '?'}); "
             "not starting a second crawl", code=1)
    if pid is not None or queue:
        state = State(cfg.jobstore_path)
        rid = state.enqueue(site)
        who = f"the daemon (pid {pid})" if pid else ("the running daemon" if pid is not None else "the next daemon start")
        err.print(f"queued run of {site} for {who} (request {rid})")
        if wait and pid is not None:
            raise typer.Exit(_wait_request(cfg, state, rid))
        return
    raise typer.Exit(_run_foreground(ctx, cfg, sites_path, site))


def _wait_request(cfg: Config, state: State, rid: int) -> int:
    """Poll a queued request until its run is recorded finished; exit code 0 if it went ok."""
    while True:
        req = state.request(rid) or {}
        if req.get("status") == "rejected":
            fail(f"request {rid} rejected: {req.get('note')}", code=1)
        if req.get("status") == "done" and req.get("run_id"):
            row = records.get_run(cfg.db_path, int(req["run_id"])) or {}
            if row.get("status") not in (None, "running"):
                _print_runs([row], title="run")
                return 0 if row.get("status") == "ok" else 1
        if running_daemon_pid(cfg.db_path) is None and req.get("status") == "pending":
            fail(f"the daemon stopped before starting request {rid}; it stays queued for the next start", code=1)
        time.sleep(0.5)


def _run_foreground(ctx: typer.Context, cfg: Config, sites_path: str | None, site: str) -> int:
    """No daemon: crawl here, recorded and time-limited exactly as the daemon would."""
    from crawler.scheduler.daemon import run_logs_dir

    procs = []

    def stop(signum: int, frame: object) -> None:
        # the crawl sits in its own session: pass the stop request on so it ends cleanly
        for p in procs:
            p.terminate("shutdown")

    old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        timeout = cfg.scheduler.run_timeout_minutes * 60 or None
        err.print(f"no daemon running: crawling {site} in the foreground (log in {run_logs_dir(cfg.log_path)})")
        outcome = run_crawl(cfg.db_path, site, "manual", argv_builder(ctx, cfg, sites_path), timeout_s=timeout,
                            log_dir=run_logs_dir(cfg.log_path), on_start=procs.append)
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    row = records.get_run(cfg.db_path, outcome.run_id) or {}
    _print_runs([row] if row else [], title="run")
    return 0 if outcome.status == "ok" else 1


# ------------------------------------------------------------------------------ runs


def runs_cmd(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(None, "--site", help="Only this site."),
    failed: bool = typer.Option(False, "--failed", help="Only failed and interrupted runs."),
    show_health: bool = typer.Option(False, "--health", help="Per-site health instead (exit 1 if any site is unhealthy)."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many runs."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What happened lately: recent crawl runs with their status and counts, or per-site health."""
    cfg, sites_path = _context(ctx)
    if not cfg.db_path.exists():
        fail(f"no archive at {cfg.db_path} (crawl something first, or pass --db PATH)")
    try:
        if show_health:
            code = _health(cfg, sites_path, site, as_json)
            raise typer.Exit(code)
        rows = records.list_runs_readonly(cfg.db_path, site=site, failed=failed, limit=limit)
    except typer.Exit:
        raise
    except Exception as exc:  # e.g. not an archive file
        fail(f"cannot read runs from {cfg.db_path}: {exc}", code=1)
        return
    if as_json:
        out.print_json(data=rows)
        return
    what = ("failed runs" if failed else "runs") + (f" of {site}" if site else "")
    _print_runs(rows, title=f"last {len(rows)} {what}" if rows else f"no {what} recorded")


def _short_time(value: Any) -> str:
    """'11-27 03:57:58' in local time: enough to tell last night from this morning."""
    dt = health.parse_time(value)
    return dt.astimezone().strftime("%m-%d %H:%M:%S") if dt else "-"


def _counts(c: dict[str, Any]) -> str:
    """The counts people look at first, compactly."""
    if not c:
        return "-"
    # the crawl summary's names and meanings (crawler.stats.SUMMARY_COLUMNS): "fail" is pages that could not
    # be fetched, "drop" pages fetched without a usable article — the same numbers the crawl printed
    parts = [f"{c.get('new', 0)} new", f"{c.get('updated', 0)} upd", f"{c.get('fetched', 0)} fetched"]
    if c.get("dropped"):
        parts.append(f"{c['dropped']} drop")
    if c.get("failed"):
        parts.append(f"[red]{c['failed']} fail[/red]")
    return " · ".join(parts)


def _print_runs(rows: list[dict[str, Any]], title: str) -> None:
    table = Table(title=title)
    # only short columns refuse to wrap, so the table stays readable in an 80-column terminal
    for col in ("id", "site", "trigger", "started", "took", "status", "exit"):
        table.add_column(col, no_wrap=col in ("id", "took", "exit", "status"), overflow="fold",
                         justify="right" if col in ("id", "exit", "took") else "left")
    fleet = any(r.get("node") for r in rows)  # the Scrapyd node column only when runs went to a fleet
    if fleet:
        table.add_column("node", overflow="fold")
    table.add_column("counts", min_width=12, overflow="fold")
    for r in rows:
        t0, t1 = health.parse_time(r.get("started_at")), health.parse_time(r.get("finished_at"))
        took = f"{(t1 - t0).total_seconds():.0f} s" if t0 and t1 else "-"
        table.add_row(str(r.get("id")), escape(r.get("site") or ""), escape(r.get("trigger") or ""), _short_time(r.get("started_at")),
                      took, _status(r.get("status")), "" if r.get("exit_code") is None else str(r["exit_code"]),
                      *([r.get("node") or ""] if fleet else []), _counts(r.get("counts") or {}))
    out.print(table)
    # errors below the table: a sentence needs the width a column cannot have in 80 columns
    for r in rows:
        if r.get("error"):
            out.print(f"[red]run {r.get('id')}[/red] ({escape(str(r.get('site')))}): {escape(r['error'][:300])}",
                      highlight=False)


def _health(cfg: Config, sites_path: str | None, site: str | None, as_json: bool) -> int:
    """Print per-site health; 1 when any site is flagged (handy for monitoring)."""
    try:
        sites = load_sites(sites_path)
    except ConfigError:
        sites = {}  # health from the runs alone is still worth showing
    keys = {site} if site else set(sites) | {r["site"] for r in records.list_runs_readonly(cfg.db_path, limit=1000)}
    n = health.window(cfg.scheduler)
    by_site = {k: records.list_runs_readonly(cfg.db_path, site=k, limit=n) for k in sorted(keys) if k}
    verdicts = health.site_health(by_site, cfg.scheduler, {k: s for k, s in sites.items() if k in by_site})
    if as_json:
        out.print_json(data=[v.as_dict() for v in verdicts])
    else:
        table = Table(title="site health")
        for col in ("site", "last run", "last status", "zero-new", "fail streak", "extract fail"):
            table.add_column(col, no_wrap=True)
        table.add_column("health")
        for v in verdicts:
            verdict = "[green]ok[/green]" if v.healthy else "[red]" + escape("; ".join(v.problems)) + "[/red]"
            if not v.runs:
                verdict = "[dim]no runs yet[/dim]"
            rate = "-" if v.extraction_failure_rate is None else f"{v.extraction_failure_rate:.0%}"
            table.add_row(escape(v.site), _short_time(v.last_started), _status(v.last_status), str(v.zero_new_streak),
                          str(v.failure_streak), rate, verdict)
        out.print(table)
        flagged = [v.site for v in verdicts if not v.healthy]
        if flagged:  # the run history says *that* a site is failing; doctor says which part (robots, feed, layout)
            out.print(f"to see which check fails: newsarchive doctor {' '.join(flagged)}", highlight=False)
    return 0 if all(v.healthy for v in verdicts) else 1


def register(app: typer.Typer) -> None:
    """Mount `schedule` (list/start/run-now) and `runs` on the main newsarchive app."""
    app.add_typer(schedule_app, name="schedule")
    app.command("runs")(runs_cmd)
