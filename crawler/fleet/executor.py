"""`ScrapydExecutor`: the scheduler's seam for fleet mode — one due crawl placed on a Scrapyd node and watched.

Placement: healthy nodes only, least busy first, ties to the node that last crawled the site. A node that
stops answering during a run (`LOST_AFTER_S`) makes the run `failed` ("node … disappeared"), and the crawl is
retried on another node under a new run row (trigger `retry`). A `distributed = true` site runs on every
healthy node at once over one scrapy-redis frontier.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Callable

from crawler.config import Config
from crawler.fleet import frontier, queue
from crawler.fleet.report import judge_nodes, report_key
from crawler.fleet.scrapyd import PROJECT, NodeError, ScrapydNode, place
from crawler.scheduler import records
from crawler.scheduler.runner import Outcome
from crawler.sites import SiteConfig

log = logging.getLogger("newsarchive.scheduler")
POLL_S = 0.5
LOST_AFTER_S = 10.0  # a node silent this long is gone (longer than one status timeout: a slow answer is not a death)


class ScrapydExecutor:
    """Runs crawls on the configured Scrapyd nodes; results land in Redis for `newsarchive ingest`."""

    def __init__(self, config: Config, sites: Callable[[], dict[str, SiteConfig]]):
        self.config = config
        self.db_path: Path = config.db_path
        self.nodes = {url.rstrip("/"): ScrapydNode(url) for url in config.scheduler.nodes}
        self.sites = sites
        self.redis_url = config.scheduler.redis_url or ""
        self.affinity: dict[str, str] = {}
        self._placed: Counter[str] = Counter()  # crawls this executor is watching, per node
        self._lock = threading.Lock()

    def job_settings(self, site: SiteConfig, run_id: int) -> dict[str, str]:
        """Scrapy settings sent with each job (`schedule.json setting=…`)."""
        # site files are the node's own (./sites or $NEWSARCHIVE_SITES where Scrapyd runs), as `scrapy list` sees them;
        # the run id travels with each item, so the writer adds what it stored to this run's counts
        s = {"NEWSARCHIVE_REDIS_URL": self.redis_url, "NEWSARCHIVE_RUN_ID": str(run_id),
             # at most max_parallel crawls run at once, all of them possibly on one node: each job's extraction
             # pool gets that share of the node's cores (the node caps it by its own max_proc, node_settings)
             "NEWSARCHIVE_CRAWL_PROCESSES": str(max(1, self.config.scheduler.max_parallel))}
        if site.distributed:
            s.update(SCHEDULER=frontier.SCHEDULER_PATH,
                     DUPEFILTER_CLASS="scrapy_redis.dupefilter.RFPDupeFilter", REDIS_URL=self.redis_url)
        return s

    def run(self, site: str, trigger: str, run_id: int, *, timeout_s: float | None = None,
            stopping: Callable[[], bool] = lambda: False) -> Outcome:
        """Crawl `site` on the fleet, finishing `run_id` (and any retry rows); the last run's outcome."""
        config = self.sites()[site]
        if config.distributed:
            return self._run_distributed(config, trigger, run_id, timeout_s, stopping)
        tried: list[str] = []
        t0 = time.monotonic()
        while True:
            with self._lock:
                # a crawl placed a moment ago may not show in daemonstatus yet: count our own placements too
                statuses = [replace(st, pending=max(st.load, self._placed[st.url]) - st.running)
                            for st in (n.status() for n in self.nodes.values())]
                node = place(statuses, self.affinity.get(site), exclude=tried)
                if node is not None:
                    self._placed[node] += 1
            if node is None:
                error = "no healthy Scrapyd node" + (f" left (tried {', '.join(tried)})" if tried else "")
                return self._finish(site, trigger, run_id, "failed", error, t0)
            try:
                state = self._place_and_watch(site, config, node, run_id, t0, timeout_s, stopping)
            finally:
                with self._lock:
                    self._placed[node] -= 1
            if state is None:
                tried.append(node)
                continue
            state, job = state
            if state == "finished":
                self.affinity[site] = node
                status, error, counts = self._report(node, job)
                return self._finish(site, trigger, run_id, status, error, t0, counts)
            if state != "lost":
                return self._finish(site, trigger, run_id, state, f"crawl stopped ({state}) on {node}", t0)
            self._finish(site, trigger, run_id, "failed", f"node {node} disappeared during the crawl", t0)
            tried.append(node)
            trigger, run_id = "retry", records.start_run(self.db_path, site, "retry")
            log.warning("%s: retrying as run %d on another node", site, run_id)

    def _place_and_watch(self, site: str, config: SiteConfig, node: str, run_id: int, t0: float,
                         timeout_s: float | None, stopping: Callable[[], bool]) -> tuple[str, str] | None:
        """Schedule on `node` and watch the job: (state, job id), or None when the node refused it."""
        records.set_node(self.db_path, run_id, node)
        try:
            job = self.nodes[node].schedule(site, self.job_settings(config, run_id))
        except NodeError as exc:
            log.warning("%s run %d: could not schedule on %s: %s", site, run_id, node, exc)
            return None
        log.info("%s run %d placed on %s (job %s)", site, run_id, node, job)
        return self._watch(node, job, t0, timeout_s, stopping), job

    def _run_distributed(self, config: SiteConfig, trigger: str, run_id: int, timeout_s: float | None,
                         stopping: Callable[[], bool]) -> Outcome:
        """Every healthy node crawls the site's one Redis frontier (cleared first: a new run starts fresh);
        the first to start discovers, the others consume (`crawler.fleet.frontier`)."""
        t0 = time.monotonic()
        frontier.reset(queue.connect(self.redis_url), config.key)
        healthy = [s.url for s in (n.status() for n in self.nodes.values()) if s.ok]
        jobs = []
        for node in healthy:
            try:
                jobs.append((node, self.nodes[node].schedule(config.key, self.job_settings(config, run_id))))
            except NodeError as exc:
                log.warning("%s run %d: could not schedule on %s: %s", config.key, run_id, node, exc)
        if not jobs:
            return self._finish(config.key, trigger, run_id, "failed", "no healthy Scrapyd node", t0)
        records.set_node(self.db_path, run_id, ",".join(node for node, _ in jobs))
        states = [self._watch(node, job, t0, timeout_s, stopping) for node, job in jobs]
        reports = [self._node_report(node, job) if state == "finished" else ("failed", f"{node}: {state}", {}, None)
                   for (node, job), state in zip(jobs, states)]
        status, error, counts = judge_nodes(reports)
        return self._finish(config.key, trigger, run_id, status, error, t0, counts)

    def _report(self, node: str, job: str) -> tuple[str, str | None, dict]:
        """Status, error and counts a finished job left in Redis (`crawler.fleet.report`)."""
        return self._node_report(node, job)[:3]

    def _node_report(self, node: str, job: str) -> tuple[str, str | None, dict, str | None]:
        """`_report` and the crawl's close reason (None without a report)."""
        raw = queue.connect(self.redis_url).get(report_key(job))
        if raw is None:
            return "failed", f"crawl on {node} ended without a report (see {node}/logs/{PROJECT}/)", {}, None
        report = json.loads(raw)
        error = None if report["status"] == "ok" else f"crawl on {node} ended: {report['reason']}"
        return report["status"], error, report.get("counts") or {}, report["reason"]

    def _watch(self, node: str, job: str, t0: float, timeout_s: float | None, stopping: Callable[[], bool]) -> str:
        """Poll a job until it ends: 'finished' | 'lost' (node gone) | 'failed' (time limit) | 'interrupted'."""
        client = self.nodes[node]
        silent_since: float | None = None
        while True:
            if stopping():
                client.cancel(job)
                return "interrupted"
            if timeout_s is not None and time.monotonic() - t0 > timeout_s:
                client.cancel(job)
                return "failed"
            try:
                state = client.job_state(job)
                silent_since = None
            except NodeError:
                silent_since = silent_since or time.monotonic()
                if time.monotonic() - silent_since >= LOST_AFTER_S:
                    return "lost"
                state = "unknown"
            if state == "finished":
                return "finished"
            time.sleep(POLL_S)

    def _finish(self, site: str, trigger: str, run_id: int, status: str, error: str | None, t0: float,
                counts: dict | None = None) -> Outcome:
        # the writer may have added its share (new, duplicate, …) already: the node's counts are added to it
        records.finish_adding(self.db_path, run_id, status=status, counts=counts or {}, error=error)
        level = logging.INFO if status == "ok" else logging.WARNING
        log.log(level, "%s run %d %s%s", site, run_id, status, f": {error}" if error else "")
        return Outcome(run_id, site, trigger, status, None, error, time.monotonic() - t0, counts=counts or {})
