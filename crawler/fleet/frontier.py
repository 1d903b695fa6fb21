"""One site's shared frontier over many nodes (`distributed = true`): discovery once, the crawl ends together.

scrapy-redis shares the request queue and the dupefilter (`SITE:requests`, `SITE:dupefilter`); on top of it:

* **Discovery once per run.** The first node to start claims `SITE:discoverer` (SET NX) and sends the site's
  discovery requests (feeds, sitemaps, listings); every other node drops its own and only consumes the shared
  queue (`DiscoverOnceMiddleware`). Pages found later (next listing pages, child sitemaps) go through the queue
  like article pages, so whichever node reads a page sends what it names, once.
* **Nobody leaves early.** A node whose own work is done waits while the queue is empty but another node is
  still busy (its responses may add requests), and closes only when the queue is empty and every node is idle
  (`SharedFrontierScheduler`). Each node records busy/idle in `SITE:workers` *before* it pops, so a node that
  sees "queue empty, everyone idle" in one atomic read cannot miss a request another node holds. A node that
  stops updating its entry for `WORKER_LOST_S` (kill -9) no longer holds the others back; the requests it had
  popped are lost, as in plain scrapy-redis.

* **URLs found on one node reach the node that parses the page** (`SharedHolds`). A node that meets another URL
  of an article (a tracking variant, or a copy whose rel=canonical names it) records it under the article's
  canonical URL in `SITE:aliases`; a copy held back for its original goes to `SITE:held`. Whichever node parses
  the article takes both in the same atomic step that marks it parsed (`SITE:parsed`), so a URL recorded before
  that step lands in the article's item, and one recorded after it is refused (the caller then stores the copy
  itself). Should the original bring no article, that node fetches the held copies again to store them.

The dispatcher clears these keys before each distributed run (`reset`).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

log = logging.getLogger(__name__)

SCHEDULER_PATH = "crawler.fleet.frontier.SharedFrontierScheduler"
IDLE_POLL_S = 0.3  # how often a waiting node looks at the shared queue again
WORKER_BEAT_S = 5.0  # a node refreshes its entry in SITE:workers this often
WORKER_LOST_S = 60.0  # an entry not refreshed for this long is a node that died
DISCOVERED_HERE = "newsarchive/fleet/discovered_here"  # 1 on the node that sent the discovery requests


def keys(site: str) -> dict[str, str]:
    """The Redis keys of `site`'s shared frontier (queue and dupefilter are scrapy-redis's default names)."""
    return {"requests": f"{site}:requests", "dupefilter": f"{site}:dupefilter",
            "discoverer": f"{site}:discoverer", "workers": f"{site}:workers",
            "parsed": f"{site}:parsed", "aliases": f"{site}:aliases", "held": f"{site}:held"}


def reset(client: Any, site: str) -> None:
    """Forget the last run's frontier of `site`: a new distributed run starts fresh."""
    client.delete(*keys(site).values())


# KEYS: parsed set, aliases hash, held hash. ARGV: canonical URL, held copy ("" for none), other URLs...
# Appends them (newline-joined) under the URL unless its page was parsed already: 1 recorded, 0 too late.
_RECORD = r"""
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
local function append(key, value)
  local cur = redis.call('HGET', key, ARGV[1])
  if cur then value = cur .. '\n' .. value end
  redis.call('HSET', key, ARGV[1], value)
end
if #ARGV >= 3 then append(KEYS[2], table.concat(ARGV, '\n', 3)) end
if ARGV[2] ~= '' then append(KEYS[3], ARGV[2]) end
return 1
"""
# KEYS: parsed set, aliases hash, held hash. ARGV: the URLs of one page. Marks them parsed and takes what other
# nodes recorded under them: {aliases joined, held joined}.
_SETTLE = r"""
local aliases, held = {}, {}
for _, url in ipairs(ARGV) do
  redis.call('SADD', KEYS[1], url)
  local a = redis.call('HGET', KEYS[2], url)
  if a then table.insert(aliases, a); redis.call('HDEL', KEYS[2], url) end
  local h = redis.call('HGET', KEYS[3], url)
  if h then table.insert(held, h); redis.call('HDEL', KEYS[3], url) end
end
return {table.concat(aliases, '\n'), table.concat(held, '\n')}
"""


class SharedHolds:
    """Other URLs of an article and copies held back for it, recorded by any node and taken by the node that
    parses the article (see the module doc); a local crawl keeps the same in the spider's memory."""

    def __init__(self, server: Any, site: str):
        k = keys(site)
        self._keys = [k["parsed"], k["aliases"], k["held"]]
        self._record = server.register_script(_RECORD)
        self._settle = server.register_script(_SETTLE)

    def add_aliases(self, canonical: str, urls: list[str]) -> bool:
        """Record other URLs of `canonical`; False when its page was parsed already (too late for its item)."""
        return bool(self._record(keys=self._keys, args=[canonical, "", *urls]))

    def hold(self, original: str, copy: str, urls: list[str]) -> bool:
        """Hold back the copy at `copy` (`urls`, its own among them, become aliases of `original`); False when
        `original` was parsed already — then the caller passes the copy on itself."""
        return bool(self._record(keys=self._keys, args=[original, copy, *urls]))

    def settle(self, urls: list[str]) -> tuple[set[str], set[str]]:
        """Mark the page known under `urls` parsed; the other URLs and the held copies recorded for it."""
        aliases, held = self._settle(keys=self._keys, args=list(dict.fromkeys(urls)))
        return _lines(aliases), _lines(held)


def _lines(value: bytes | str) -> set[str]:
    return {u for u in (value.decode() if isinstance(value, bytes) else value).split("\n") if u}


def worker_id(spider: Any) -> str:
    """This node's name in the frontier: the Scrapyd job id, else host:pid."""
    return getattr(spider, "_job", None) or os.environ.get("SCRAPY_JOB") or f"{socket.gethostname()}:{os.getpid()}"


class SharedFrontierScheduler(Scheduler):
    """scrapy-redis's scheduler, plus busy/idle bookkeeping so every node stays until the frontier is done."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.crawler: Crawler | None = None
        self._keys: dict[str, str] = {}
        self._me = ""
        self._busy = True
        self._beat: task.LoopingCall | None = None
        self.holds: SharedHolds | None = None  # the spider records other URLs and held copies here

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SharedFrontierScheduler":
        """Scrapy's constructor hook; also listens for the engine going idle."""
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Any) -> Any:
        """Open the shared queue and register this node as busy (it has its start to run)."""
        result = super().open(spider)
        self._keys = keys(spider.name)
        self._me = worker_id(spider)
        self.holds = SharedHolds(self.server, spider.name)
        self._mark(True)
        self._beat = task.LoopingCall(lambda: self._mark(self._busy))
        self._beat.start(WORKER_BEAT_S, now=False)
        return result

    def close(self, reason: str) -> Any:
        """Leave the worker list (a finished node holds nobody back), then close as scrapy-redis does."""
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        self.server.hdel(self._keys["workers"], self._me)
        return super().close(reason)

    def _mark(self, busy: bool) -> None:
        self._busy = busy
        self.server.hset(self._keys["workers"], self._me, f"{'busy' if busy else 'idle'} {time.time():.3f}")

    def next_request(self) -> Any:
        """Pop the next shared request; an idle node says it is busy *before* popping (see the module doc)."""
        if self._busy:
            return super().next_request()
        self._mark(True)
        request = super().next_request()
        if request is None:
            self._mark(False)  # still nothing to do: the engine was idle and nothing came
        return request

    def frontier_done(self) -> bool:
        """True when the shared queue is empty and no live node is busy (one atomic read)."""
        pipe = self.server.pipeline(transaction=True)
        pipe.zcard(self._keys["requests"]).hgetall(self._keys["workers"])
        queued, workers = pipe.execute()
        if queued:
            return False
        now = time.time()
        for value in workers.values():
            state, _, stamp = (value.decode() if isinstance(value, bytes) else value).partition(" ")
            if state == "busy" and now - float(stamp or 0) < WORKER_LOST_S:
                return False
        return True

    def spider_idle(self, spider: Any) -> None:
        """This node has nothing in hand: close only when the whole frontier is done, else look again soon."""
        self._mark(False)
        if self.frontier_done():
            return
        # ask the engine to look again soon; without it Scrapy's own heartbeat would, in 5 s
        slot = getattr(self.crawler.engine, "_slot", None) if self.crawler else None
        if slot is not None:
            slot.nextcall.schedule(IDLE_POLL_S)
        raise DontCloseSpider


class DiscoverOnceMiddleware(BaseSpiderMiddleware):
    """On a shared frontier, only the node that claims `SITE:discoverer` sends the site's discovery requests."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        if crawler.settings.get("SCHEDULER") != SCHEDULER_PATH:
            raise NotConfigured("not a shared-frontier crawl")

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests if this node won the claim; none otherwise (they would be fetched twice)."""
        spider = self.crawler.spider
        server = self.crawler.engine.scheduler.server  # type: ignore[union-attr] - SharedFrontierScheduler's Redis
        me = worker_id(spider)
        won = bool(server.set(keys(spider.name)["discoverer"], me, nx=True))
        holder = me if won else server.get(keys(spider.name)["discoverer"])
        log.info("%s: discovery %s", spider.name, "claimed by this node" if won else f"left to {holder!r}")
        self.crawler.stats.set_value(DISCOVERED_HERE, int(won))
        if not won:
            return
        async for item in start:
            yield item
