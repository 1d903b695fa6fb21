"""Scheduled crawls: an APScheduler 3.11 daemon running each crawl in its own subprocess.

Modules: `jobs` (site schedules -> persistent APScheduler jobs), `daemon` (the foreground
scheduler), `runner` (one crawl subprocess, time limit, run-row bookkeeping), `lock` (one daemon
per archive), `state` (run-now queue, crawls in flight), `records` (crawl_runs access), `health`
(unhealthy-site checks), `cli` (`newsarchive schedule …` and `newsarchive runs`).
"""
