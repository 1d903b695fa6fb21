"""The scheduler and the per-site crawl lock: a crawl left running by a daemon that was killed (kill -9) holds
its site, so `schedule run-now` (or a restarted daemon) never crawls the site a second time beside it."""

from __future__ import annotations

import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from crawler.site_lock import site_crawler_pid
from tests.crawler.scheduler.conftest import Harness, wait_for


class _HangingFeed(BaseHTTPRequestHandler):
    """Answers nothing for a long time: a crawl of it stays running."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        time.sleep(60)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture
def hanging_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HangingFeed)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_run_now_after_a_daemon_kill_does_not_crawl_beside_the_orphan(harness: Harness, hanging_site: str):
    h = harness
    h.site("slow", 60, base_url=hanging_site, enabled=True)
    h.configure(fake=False, run_timeout_minutes=5)
    proc = h.start()
    orphan = wait_for(lambda: site_crawler_pid(h.db, "slow"), 60, what="the daemon's crawl to take the site lock")
    try:
        h.stop(proc, sig=signal.SIGKILL)
        time.sleep(0.5)
        assert site_crawler_pid(h.db, "slow") == orphan, "the orphaned crawl should still be running"
        res = h.cli("schedule", "run-now", "slow")
        assert res.returncode == 1
        assert res.stderr.strip().splitlines() == [
            f"error: site 'slow' is already being crawled into this archive (pid {orphan}); not starting a second crawl"
        ]
        runs = h.runs("slow")
        assert len(runs) == 1  # no second run was started
    finally:
        os.killpg(orphan, signal.SIGKILL)  # the crawl our daemon started, in its own process group
