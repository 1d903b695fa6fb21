"""Site health from the run history, so a site whose layout changed cannot fail silently.

A site is flagged when its recent runs show any of: N consecutive successful runs with no new
article, a streak of failed runs, an extraction-failure rate above a threshold in its latest
run that fetched anything, or (for interval schedules) no run for several intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from crawler.config import SchedulerConfig
from crawler.sites import SiteConfig

# runs stopped by a shutdown, or still going, say nothing about the site itself
NEUTRAL = ("interrupted", "running")
# nor do backfills (a re-run window has nothing new) or WARC imports (files, not the site): their triggers
NOT_ABOUT_TODAY = ("backfill", "import-warc")


@dataclass
class SiteHealth:
    """One site's health verdict and the figures behind it."""

    site: str
    runs: int = 0
    last_status: str | None = None
    last_started: str | None = None
    zero_new_streak: int = 0
    failure_streak: int = 0
    extraction_failure_rate: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """True when nothing is flagged."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "site": self.site, "healthy": self.healthy, "problems": self.problems, "runs": self.runs,
            "last_status": self.last_status, "last_started": self.last_started,
            "zero_new_streak": self.zero_new_streak, "failure_streak": self.failure_streak,
            "extraction_failure_rate": self.extraction_failure_rate,
        }


def parse_time(value: Any) -> datetime | None:
    """Parse a stored timestamp; naive values are taken as UTC."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _num(counts: dict[str, Any], key: str) -> int:
    try:
        return int(counts.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def assess(site: str, rows: list[dict[str, Any]], cfg: SchedulerConfig, *, site_config: SiteConfig | None = None,
           now: datetime | None = None) -> SiteHealth:
    """Judge one site from its runs (newest first, counts decoded)."""
    h = SiteHealth(site=site, runs=len(rows))
    if not rows:
        return h
    h.last_status = rows[0].get("status")
    h.last_started = rows[0].get("started_at")
    finished = [r for r in rows if r.get("status") not in NEUTRAL and r.get("trigger") not in NOT_ABOUT_TODAY]
    for r in finished:
        if r.get("status") != "failed":
            break
        h.failure_streak += 1
    for r in (r for r in finished if r.get("status") == "ok"):
        if _num(r["counts"], "new") > 0:
            break
        h.zero_new_streak += 1
    for r in finished:
        fetched = _num(r["counts"], "fetched")
        if fetched > 0:
            h.extraction_failure_rate = round(_num(r["counts"], "extraction_failed") / fetched, 3)
            break
    if cfg.health_failure_streak and h.failure_streak >= cfg.health_failure_streak:
        last_error = next((r.get("error") for r in finished if r.get("error")), None)
        h.problems.append(f"{h.failure_streak} failed runs in a row" + (f" (last: {last_error})" if last_error else ""))
    if cfg.health_zero_new_runs and h.zero_new_streak >= cfg.health_zero_new_runs:
        h.problems.append(f"no new articles in {h.zero_new_streak} consecutive runs")
    rate = h.extraction_failure_rate
    if rate is not None and rate > cfg.health_max_extraction_failure_rate:
        h.problems.append(f"extraction failed for {rate:.0%} of fetched pages in the latest run")
    sched = site_config.schedule if site_config and site_config.enabled else None
    started = parse_time(h.last_started)
    if sched and sched.enabled and not sched.cron and sched.interval_minutes and started:
        # three missed intervals means the daemon is down or the site's job is stuck
        overdue = timedelta(minutes=sched.interval_minutes * 3) + timedelta(minutes=cfg.run_timeout_minutes)
        age = (now or datetime.now(timezone.utc)) - started
        if age > overdue:
            from crawler.scheduler.jobs import describe

            h.problems.append(f"no run for {_age(age)} (scheduled {describe(sched).split(' (')[0]}); is the daemon running?")
    return h


def _age(delta: timedelta) -> str:
    """'3 d 4 h', '5 h 10 min', '12 min'."""
    minutes = int(delta.total_seconds() // 60)
    days, hours, mins = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {mins} min" if hours else f"{mins} min"


def window(cfg: SchedulerConfig) -> int:
    """How many recent runs per site the checks need."""
    return max(cfg.health_zero_new_runs, cfg.health_failure_streak, 1) * 3 + 5


def site_health(runs_by_site: dict[str, list[dict[str, Any]]], cfg: SchedulerConfig,
                sites: dict[str, SiteConfig] | None = None) -> list[SiteHealth]:
    """Health of every site that has runs or a config, unhealthy first."""
    keys: Iterable[str] = sorted(set(runs_by_site) | set(sites or {}))
    result = [assess(k, runs_by_site.get(k, []), cfg, site_config=(sites or {}).get(k)) for k in keys]
    return sorted(result, key=lambda h: (h.healthy, h.site))
