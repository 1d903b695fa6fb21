"""Scrapy settings of a crawl node (Scrapyd's `[settings] newsarchive = crawler.fleet.node_settings`).

The project settings, except that nothing opens the archive: items go to Redis, "already archived?" is
asked of Redis, and the run is recorded by the scheduler that placed it. `NEWSARCHIVE_REDIS_URL` comes with
each job (`schedule.json ... setting=NEWSARCHIVE_REDIS_URL=…`) or from the node's environment.
"""

import os

from crawler.settings import *  # noqa: F403 - the project's settings are the base

NEWSARCHIVE_REDIS_URL = os.environ.get("NEWSARCHIVE_REDIS_URL")
SPIDER_MIDDLEWARES = {
    "crawler.fleet.middleware.SkipArchivedInRedisMiddleware": 50,
    # on a shared frontier (`distributed = true`) only one node sends the discovery requests
    "crawler.fleet.frontier.DiscoverOnceMiddleware": 40,
    # a backfill needs its frontier state from the archive, which nodes never open: refused with one line
    "crawler.fleet.middleware.RefuseBackfillMiddleware": 30,
}
ITEM_PIPELINES = {"crawler.fleet.pipeline.RedisItemPipeline": 400}
EXTENSIONS = {"crawler.fleet.report.NodeRunReport": 0}
# a `distributed = true` site adds (per job) the shared-frontier scheduler and scrapy-redis's dupefilter; keep
# its frontier between nodes finishing (the dispatcher clears it before each new distributed run)
SCHEDULER_PERSIST = True


def scrapyd_max_proc() -> int | None:
    """How many jobs this node's Scrapyd runs at once, read from its configuration as Scrapyd reads it (`max_proc`,
    else cores x `max_proc_per_cpu`); None without Scrapyd. A job runs in Scrapyd's working directory, so it finds
    the same `scrapyd.conf` files."""
    try:
        from scrapyd.config import Config
    except ImportError:
        return None
    try:
        config = Config()
        return config.getint("max_proc", 0) or (os.cpu_count() or 1) * config.getint("max_proc_per_cpu", 4)
    except ValueError:  # a garbled scrapyd.conf is Scrapyd's to report; the scheduler's count still applies
        return None


# Nodes extract in worker processes like a local crawl (NEWSARCHIVE_EXTRACT_WORKERS, unset = the node's cores
# shared by the crawls that run at once: the scheduler's max_parallel, sent with each job, at most max_proc).
NEWSARCHIVE_NODE_MAX_PROC = scrapyd_max_proc()
