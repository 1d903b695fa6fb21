"""A real fleet on loopback: redis-server (own data dir) and two Scrapyd processes, started once per module."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pytest
import redis

from crawler.demo.server import DemoSite

REPO = Path(__file__).resolve().parents[3]
FLEET_FIXTURES = REPO / "tests" / "fixtures" / "fleet"
DAEMON_SITES = ("f1", "f2", "f3")  # scheduled by the daemon test
EXTRA_SITES = {"fslow": 0.05, "fdist": 0.05, "fingest": 0.0}  # crawled through the executor directly: delay
# (fdist: long enough that the second node usually joins while the first still crawls)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Poll until `predicate()` is truthy; fail the test naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


class Node:
    """One Scrapyd process in its own directory and session (so kill -9 takes its crawls with it, like a machine)."""

    def __init__(self, root: Path, sites: str):
        self.root, self.sites, self.port = root, sites, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        root.mkdir(parents=True, exist_ok=True)
        cfg = (FLEET_FIXTURES / "scrapy.cfg").read_text().replace("{port}", str(self.port)).replace("{root}", str(root))
        (root / "scrapy.cfg").write_text(cfg)

    def start(self) -> None:
        """Start Scrapyd and wait until it answers."""
        env = dict(os.environ, NEWSARCHIVE_SITES=self.sites,
                   PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p))
        scrapyd = shutil.which("scrapyd", path=str(Path(sys.executable).parent)) or "scrapyd"
        with open(self.root / "scrapyd.out", "ab") as out:
            self.proc = subprocess.Popen([scrapyd, "--pidfile="], cwd=self.root, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self.answers, 30, f"scrapyd on {self.url}")

    def answers(self) -> bool:
        """True when daemonstatus.json answers."""
        try:
            return httpx.get(self.url + "/daemonstatus.json", timeout=1).json().get("status") == "ok"
        except (httpx.HTTPError, ValueError):
            return False

    def alive(self) -> bool:
        """True while the Scrapyd process runs."""
        return self.proc is not None and self.proc.poll() is None

    def kill9(self) -> None:
        """kill -9 the node and every crawl it started."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()


class Fleet:
    """redis-server + two Scrapyd nodes + demo sites, with site files for daemon and executor tests."""

    def __init__(self, root: Path):
        self.root = root
        self.redis_port = free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.daemon_sites, self.extra_sites = root / "sites_daemon", root / "sites_extra"
        self.demos: dict[str, DemoSite] = {}
        self.redis: subprocess.Popen | None = None
        self.nodes: list[Node] = []

    def start(self) -> "Fleet":
        """Start everything; site files are written before the nodes first list spiders."""
        redis_bin = shutil.which("redis-server")
        if redis_bin is None:
            pytest.fail("redis-server is not installed (bash .ci/run installs it)")
        (self.root / "redis").mkdir()
        self.redis = subprocess.Popen([redis_bin, "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                       "--dir", str(self.root / "redis"), "--save", "", "--appendonly", "no"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        template = (FLEET_FIXTURES / "site.toml").read_text()
        for folder, sites in ((self.daemon_sites, {k: 0.0 for k in DAEMON_SITES}), (self.extra_sites, EXTRA_SITES)):
            folder.mkdir()
            for key, delay in sites.items():
                demo = self.demos[key] = DemoSite().start()
                (folder / f"{key}.toml").write_text(template.format(
                    key=key, base_url=demo.base_url, host="127.0.0.1", delay=delay,
                    distributed="true" if key == "fdist" else "false"))
        both = os.pathsep.join((str(self.daemon_sites), str(self.extra_sites)))
        self.nodes = [Node(self.root / f"node{i}", both) for i in (1, 2)]
        threads = [threading.Thread(target=n.start) for n in self.nodes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        import redis

        self.client = redis.Redis(port=self.redis_port)
        wait_for(self._ping, 10, "redis-server")
        return self

    def _ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except Exception:
            return False

    def reset(self) -> None:
        """Before each test: every node up, Redis empty."""
        for node in self.nodes:
            if not node.alive():
                node.start()
        self.client.flushall()

    def stop(self) -> None:
        """Stop nodes, Redis and demo sites."""
        for node in self.nodes:
            node.kill9()
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(10)
        for demo in self.demos.values():
            demo.stop()


@pytest.fixture(scope="module")
def fleet_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    """The module's fleet."""
    fleet = Fleet(tmp_path_factory.mktemp("fleet"))
    try:
        yield fleet.start()
    finally:
        fleet.stop()


@pytest.fixture
def fleet(fleet_once: Fleet) -> Fleet:
    """The fleet, reset for this test."""
    fleet_once.reset()
    return fleet_once


class IngestThread:
    """`Ingestor.run` in a thread (its SQLite connection is made in that thread)."""

    def __init__(self, db: Path, redis_url: str):
        self.db, self.redis_url = db, redis_url
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        from crawler.fleet.ingest import Ingestor

        try:
            ingestor = Ingestor(self.db, self.redis_url, batch_size=50, block_ms=200)
            try:
                ingestor.run(self.stop)
            finally:
                ingestor.close()
        except BaseException as exc:  # reported by join()
            self.error = exc

    def join(self) -> None:
        """Stop after the current batch; re-raise what the thread raised."""
        self.stop.set()
        self.thread.join(30)
        if self.error:
            raise self.error


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[redis.Redis]:
    """A real redis-server on a free loopback port, own data dir."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (bash .ci/run installs it)")
    port, data = free_port(), tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    c = redis.Redis(port=port)
    try:
        wait_for(lambda: _answers(c), 10, "redis-server")
        yield c
    finally:
        proc.terminate()
        proc.wait(10)


def _answers(c: redis.Redis) -> bool:
    try:
        return bool(c.ping())
    except redis.ConnectionError:
        return False
