"""The shared frontier's bookkeeping against a real redis-server: when may a node of a distributed crawl close?"""

from __future__ import annotations

import time
from pathlib import Path

import redis

from crawler.fleet import frontier
from crawler.fleet.frontier import SharedFrontierScheduler

SITE = "big"


class RecordingQueue:
    """Stands in for scrapy-redis's queue (which needs a running spider): records this node's entry at each pop."""

    def __init__(self, c: redis.Redis, me: str):
        self.client, self.me, self.seen = c, me, []

    def pop(self, timeout: int = 0) -> None:
        self.seen.append(self.client.hget(frontier.keys(SITE)["workers"], self.me).split()[0])
        return None


def node(c: redis.Redis, me: str) -> SharedFrontierScheduler:
    """A scheduler joined to SITE's frontier as worker `me`, as `open()` does for a crawl."""
    s = SharedFrontierScheduler(server=c, persist=True)
    s._keys, s._me = frontier.keys(SITE), me
    s.queue = RecordingQueue(c, me)
    return s


def test_a_node_may_close_only_when_the_queue_is_empty_and_every_live_node_idle(client: redis.Redis, tmp_path: Path) -> None:
    frontier.reset(client, SITE)
    a, b = node(client, "a"), node(client, "b")
    a._mark(False)
    b._mark(True)
    assert not a.frontier_done()  # b may still add requests
    b._mark(False)
    assert a.frontier_done()
    client.zadd(frontier.keys(SITE)["requests"], {b"request": 0})
    assert not a.frontier_done()  # work left in the shared queue
    frontier.reset(client, SITE)
    a._mark(False)
    stale = time.time() - frontier.WORKER_LOST_S - 1
    client.hset(frontier.keys(SITE)["workers"], "dead", f"busy {stale:.3f}")  # killed -9 long ago
    assert a.frontier_done()


def test_an_idle_node_says_busy_before_it_pops(client: redis.Redis) -> None:
    # the order that makes "queue empty and everyone idle" (one atomic read) safe: between a pop and the
    # request's children reaching the queue, the popping node is already marked busy
    frontier.reset(client, SITE)
    a = node(client, "a")
    a._mark(False)
    assert a.next_request() is None
    assert a.queue.seen == [b"busy"]
    assert client.hget(frontier.keys(SITE)["workers"], "a").split()[0] == b"idle"  # nothing came: idle again


def test_urls_recorded_before_a_page_is_parsed_reach_its_node_and_later_ones_are_refused(client: redis.Redis) -> None:
    frontier.reset(client, SITE)
    a, b = frontier.SharedHolds(client, SITE), frontier.SharedHolds(client, SITE)  # two nodes
    original, variant, copy = "http://x/news/1", "http://x/news/1?utm_source=feed", "http://x/news/9"
    assert a.add_aliases(original, [variant])
    assert a.hold(original, copy, [copy, copy + "?from=main"])
    aliases, held = b.settle(["http://x/news/1?old=1", original])  # the node that parses the original
    assert aliases == {variant, copy, copy + "?from=main"} and held == {copy}
    # after that atomic step nothing more is recorded for it: the caller keeps the URL or passes the copy on
    assert not a.add_aliases(original, ["http://x/news/1?late=1"])
    assert not a.hold(original, "http://x/news/10", ["http://x/news/10"])
    assert b.settle([original]) == (set(), set())
    frontier.reset(client, SITE)
    assert client.exists(*frontier.keys(SITE).values()) == 0
