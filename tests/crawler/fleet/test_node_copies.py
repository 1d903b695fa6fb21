"""A copy parsed on one node of a shared frontier, its original on another: the copy's URLs reach the original's
item (or, when the original brings no article, the copy is stored on its own) — nothing stays in a node's memory.

Forced order: node X reads the feed (it lists only the copy /news/2, whose rel=canonical names /news/1), parses the
copy, queues /news/1 and stops (`CLOSESPIDER_PAGECOUNT=2`); node Y then crawls alone and parses /news/1.
"""

from __future__ import annotations

import pytest
import redis

from crawler.fleet import frontier, queue
from tests.crawler.fleet.conftest import FLEET_FIXTURES
from tests.crawler.fleet.test_node_extraction import node_crawl
from tests.hostile import payloads
from tests.hostile.server import HostileServer

KEY = "fcopies"


@pytest.mark.parametrize("original", ["ok", "gone"])
def test_copy_held_on_one_node_reaches_the_node_that_parses_its_original(client: redis.Redis, tmp_path, original: str) -> None:
    redis_url = f"redis://127.0.0.1:{client.connection_pool.connection_kwargs['port']}/0"
    client.flushall()
    with HostileServer("127.0.0.1") as site:
        a = site.base_url
        copy, orig = f"{a}/news/2", f"{a}/news/1"
        site.route("/feed.xml", payloads.feed(a, [(copy, "사본 기사")]), ctype="application/rss+xml")
        site.route("/news/2", payloads.article(2, "사본 기사", head_extra=f'<link rel="canonical" href="{orig}">'))
        if original == "ok":
            site.route("/news/1", payloads.article(1, "원문 기사"))  # else 404
        (tmp_path / "sites").mkdir()
        (tmp_path / "sites" / f"{KEY}.toml").write_text(
            (FLEET_FIXTURES / "site_copies.toml").read_text(encoding="utf-8").format(key=KEY, base_url=a),
            encoding="utf-8")
        run_x, log_x = node_crawl(tmp_path, "x", redis_url, "CLOSESPIDER_PAGECOUNT=2", "CONCURRENT_REQUESTS=1",
                                  "ROBOTSTXT_OBEY=False", key=KEY)
        assert run_x.returncode == 0, run_x.stderr[-2000:]
        assert site.paths() == ["/feed.xml", "/news/2"], site.paths()
        assert client.xlen(queue.STREAM) == 0  # the copy is held back for its original, which is queued
        assert client.zcard(frontier.keys(KEY)["requests"]) == 1
        run_y, log_y = node_crawl(tmp_path, "y", redis_url, key=KEY)
        assert run_y.returncode == 0, run_y.stderr[-2000:]
    items = [queue.decode(fields[b"item"]) for _, fields in client.xrange(queue.STREAM)]
    assert "Spider error" not in log_y
    if original == "ok":
        (item,) = items
        assert item["url"] == orig and copy in item["aliases"], (item["url"], item["aliases"])
    else:  # the original is a 404: the copy is fetched again and passed on under its own URL
        (item,) = items
        assert item["url"] == copy and item["title"] == "사본 기사", item["url"]
        assert site.paths().count("/news/2") == 2
