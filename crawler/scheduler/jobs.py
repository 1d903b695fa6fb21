"""Site schedules as APScheduler jobs: triggers, job ids, and syncing config into a persistent store.

Jobs live in a SQLAlchemy job store so their next run time survives restarts. On start the
config is re-applied job by job: a job whose schedule is unchanged is left alone (its stored
next run time is what makes a missed run fire once on restart, and what keeps a run that just
happened from firing again); a changed schedule is rescheduled; removed or disabled sites' jobs
are dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.sites import Schedule, SiteConfig

log = logging.getLogger("newsarchive.scheduler")

JOB_PREFIX = "site:"
# referenced by import path because the SQLAlchemy store pickles the function by reference
JOB_FUNC = "crawler.scheduler.daemon:run_scheduled"


def job_id(site_key: str) -> str:
    """The job id of a site's schedule."""
    return JOB_PREFIX + site_key


def site_of(job_id_: str) -> str | None:
    """The site key of a schedule job id, or None for other jobs."""
    return job_id_[len(JOB_PREFIX):] if job_id_.startswith(JOB_PREFIX) else None


def describe(schedule: Schedule) -> str:
    """Human description of a schedule, e.g. 'every 60 min (Asia/Seoul)'."""
    if schedule.cron:
        return f"cron '{schedule.cron}' ({schedule.timezone})"
    minutes = schedule.interval_minutes or 0
    if minutes < 1:
        return f"every {minutes * 60:g} s ({schedule.timezone})"
    return f"every {minutes:g} min ({schedule.timezone})"


def build_trigger(schedule: Schedule, start: datetime | None = None) -> BaseTrigger:
    """The APScheduler trigger for a site schedule (cron wins; else interval; both timezone-aware)."""
    tz = ZoneInfo(schedule.timezone)
    if schedule.cron:
        return CronTrigger.from_crontab(schedule.cron, timezone=tz)
    seconds = (schedule.interval_minutes or 60) * 60
    return IntervalTrigger(seconds=seconds, start_date=start, timezone=tz)


def first_run_time(schedule: Schedule, last_started: datetime | None, now: datetime) -> datetime:
    """When a newly registered interval schedule should first fire; cron schedules follow their expression.

    A site never crawled runs now; otherwise one interval after its last recorded run (now if that
    is past), so losing the job store never causes a burst of double runs.
    """
    trigger = build_trigger(schedule)
    if schedule.cron:
        return trigger.get_next_fire_time(None, now)
    if last_started is None:
        return now
    due = last_started + timedelta(minutes=schedule.interval_minutes or 60)
    return max(due, now)


@dataclass
class SyncReport:
    """What `sync_jobs` did, for the startup log."""

    added: list[str]
    kept: list[str]
    rescheduled: list[str]
    removed: list[str]


def sync_jobs(
    scheduler: BaseScheduler,
    sites: dict[str, SiteConfig],
    *,
    misfire_grace_seconds: int,
    last_started: Callable[[str], datetime | None] = lambda key: None,
    jobstore: str = "default",
) -> SyncReport:
    """Make the store's site jobs match the config; call on a started-but-paused scheduler."""
    now = datetime.now(timezone.utc)
    report = SyncReport([], [], [], [])
    wanted = {k: s for k, s in sites.items() if s.enabled and s.schedule.enabled}
    common: dict[str, Any] = dict(max_instances=1, coalesce=True, misfire_grace_time=misfire_grace_seconds)
    for job in scheduler.get_jobs(jobstore=jobstore):
        key = site_of(job.id)
        if key is not None and key not in wanted:
            scheduler.remove_job(job.id, jobstore=jobstore)
            report.removed.append(key)
    for key, site in wanted.items():
        name = f"{key} {describe(site.schedule)}"
        job = scheduler.get_job(job_id(key), jobstore=jobstore)
        if job is not None and job.name == name:
            # unchanged schedule: keep the stored next run time; refresh settings that may have changed
            scheduler.modify_job(job.id, jobstore=jobstore, func=JOB_FUNC, args=[key], **common)
            report.kept.append(key)
            continue
        start = first_run_time(site.schedule, last_started(key), now)
        trigger = build_trigger(site.schedule, start=None if site.schedule.cron else start)
        scheduler.add_job(
            JOB_FUNC,
            trigger,
            args=[key],
            id=job_id(key),
            name=name,
            jobstore=jobstore,
            replace_existing=True,
            next_run_time=start,
            **common,
        )
        (report.rescheduled if job is not None else report.added).append(key)
    return report
