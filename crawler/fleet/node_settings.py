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
# Nodes extract in worker processes like a local crawl (NEWSARCHIVE_EXTRACT_WORKERS, unset = one per core).
