"""Extraction workers on crawl nodes of a shared frontier: a node extracts, in its own workers, the article
requests another node queued — including a node that left discovery to the other and so never ran `start()`.

The lost-articles bug this guards against: the extraction pool was started in `SiteSpider.start()` and each
article request named its callback by whether *that* process's pool was up. The discovering node queued
`parse_article_pooled` requests in Redis; a node that lost the discovery claim never ran `start()`, had no pool,
and every such request it popped failed in the callback (`'NoneType' object has no attribute 'submit'`) — the
article was neither pushed nor recorded, and the shared dupefilter kept everyone else from fetching it again.

The timing is forced, not hoped for: node A claims discovery, reads the feed and stops at once
(`CLOSESPIDER_PAGECOUNT=1`), leaving the feed's article requests in the shared queue; node B then crawls alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import redis

from crawler.demo.server import DemoSite
from crawler.fleet import frontier, queue
from tests.crawler.fleet.conftest import FLEET_FIXTURES, REPO

KEY = "fpool"


def node_crawl(tmp: Path, name: str, redis_url: str, *settings: str, key: str = KEY) -> tuple[subprocess.CompletedProcess, str]:
    """`scrapy crawl KEY` as a crawl node runs it (node settings, shared frontier, 2 extraction workers), with the
    site files of tmp/sites."""
    log = tmp / f"{name}.log"
    opts = ["SCHEDULER=" + frontier.SCHEDULER_PATH, "DUPEFILTER_CLASS=scrapy_redis.dupefilter.RFPDupeFilter",
            f"REDIS_URL={redis_url}", f"NEWSARCHIVE_REDIS_URL={redis_url}", "NEWSARCHIVE_EXTRACT_WORKERS=2",
            f"LOG_FILE={log}", "LOG_LEVEL=INFO", *settings]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.fleet.node_settings", NEWSARCHIVE_SITES=str(tmp / "sites"),
               PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p))
    run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", key, *(x for s in opts for x in ("-s", s))],
                         cwd=tmp, env=env, capture_output=True, text=True, timeout=180)
    return run, log.read_text(encoding="utf-8") if log.exists() else ""


def stat(log: str, name: str) -> int:
    """One integer from the crawl's stats dump (0 when absent)."""
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match.group(1)) if match else 0


def test_node_without_discovery_extracts_queued_articles_in_its_workers_none_lost(client: redis.Redis, tmp_path: Path) -> None:
    port = client.connection_pool.connection_kwargs["port"]
    redis_url = f"redis://127.0.0.1:{port}/0"
    client.flushall()
    demo = DemoSite().start()
    try:
        (tmp_path / "sites").mkdir()
        (tmp_path / "sites" / f"{KEY}.toml").write_text(
            (FLEET_FIXTURES / "site_feed_only.toml").read_text(encoding="utf-8").format(
                key=KEY, base_url=demo.base_url, host="127.0.0.1"), encoding="utf-8")

        run_a, log_a = node_crawl(tmp_path, "a", redis_url, "CLOSESPIDER_PAGECOUNT=1", "CONCURRENT_REQUESTS=1",
                                  "ROBOTSTXT_OBEY=False")
        assert run_a.returncode == 0, run_a.stderr[-2000:]
        assert "discovery claimed by this node" in log_a, log_a[-2000:]
        queued = client.zcard(frontier.keys(KEY)["requests"])
        assert queued >= 10, (queued, log_a[-2000:])  # the feed's article requests, made by A (workers on)

        before = client.xlen(queue.STREAM)
        run_b, log_b = node_crawl(tmp_path, "b", redis_url)
        assert run_b.returncode == 0, run_b.stderr[-2000:]
        assert "discovery left to" in log_b, log_b[-2000:]
    finally:
        demo.stop()
    assert "Spider error" not in log_b, re.findall(r"Spider error.*\n.*\n", log_b)[:3]
    assert client.zcard(frontier.keys(KEY)["requests"]) == 0
    # every request A queued was downloaded by B or failed there (the demo serves a few broken pages)
    fetched = stat(log_b, "newsarchive/fetched")
    assert fetched + stat(log_b, "newsarchive/failed") == queued, (fetched, queued)
    # every article page B downloaded became one pushed item, or was held back as a copy of another page
    pushed = client.xlen(queue.STREAM) - before
    assert pushed == stat(log_b, "item_scraped_count")
    assert fetched == pushed + stat(log_b, "newsarchive/duplicate"), (fetched, pushed)
    # and B extracted them in its own worker processes, like the node that queued them would have
    assert stat(log_b, "newsarchive/extracted_in_workers") == fetched
