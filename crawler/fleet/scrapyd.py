"""A small client for Scrapyd's JSON API (schedule, listjobs, cancel, daemonstatus) and node placement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import httpx

PROJECT = "newsarchive"
SCHEDULE_TIMEOUT_S = 60.0


class NodeError(Exception):
    """A node did not answer, or answered with an error."""


@dataclass(frozen=True)
class NodeStatus:
    """A node's health as `daemonstatus.json` reports it (ok=False with `error` when it did not answer)."""

    url: str
    ok: bool
    running: int = 0
    pending: int = 0
    finished: int = 0
    error: str | None = None

    @property
    def load(self) -> int:
        """Jobs running or waiting on the node."""
        return self.running + self.pending


class ScrapydNode:
    """One Scrapyd node by base URL, e.g. http://127.0.0.1:6800."""

    def __init__(self, url: str, timeout: float = 5.0):
        self.url = url.rstrip("/")
        self.http = httpx.Client(base_url=self.url, timeout=timeout)

    def _call(self, method: str, path: str, **kw: object) -> dict:
        try:
            response = self.http.request(method, path, **kw)  # type: ignore[arg-type]
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise NodeError(f"{self.url}: {type(exc).__name__}: {exc}") from None
        if data.get("status") != "ok":
            raise NodeError(f"{self.url}: {data.get('message', data)}")
        return data

    def status(self) -> NodeStatus:
        """Health and load (never raises)."""
        try:
            d = self._call("GET", "/daemonstatus.json")
        except NodeError as exc:
            return NodeStatus(self.url, False, error=str(exc))
        return NodeStatus(self.url, True, int(d.get("running", 0)), int(d.get("pending", 0)), int(d.get("finished", 0)))

    def schedule(self, spider: str, settings: dict[str, str], args: dict[str, str] | None = None) -> str:
        """Start `spider` on this node; its job id."""
        data: dict[str, str | list[str]] = {"project": PROJECT, "spider": spider, **(args or {}),
                                            "setting": [f"{k}={v}" for k, v in settings.items()]}
        # Scrapyd answers a project's first schedule.json only after listing its spiders in a fresh Python
        # process (seconds on a loaded machine): a short timeout here would give up on a job the node then
        # starts anyway, and the crawl would be placed a second time elsewhere
        return str(self._call("POST", "/schedule.json", data=data, timeout=SCHEDULE_TIMEOUT_S)["jobid"])

    def job_state(self, job: str) -> str:
        """'pending' | 'running' | 'finished' | 'unknown' (raises NodeError when the node does not answer)."""
        d = self._call("GET", "/status.json", params={"job": job, "project": PROJECT})
        return str(d.get("currstate") or "unknown")

    def cancel(self, job: str) -> None:
        """Ask the node to stop a job (best effort)."""
        try:
            self._call("POST", "/cancel.json", data={"project": PROJECT, "job": job})
        except NodeError:
            pass


def place(statuses: Iterable[NodeStatus], affinity: str | None = None, exclude: Iterable[str] = ()) -> str | None:
    """The node for a crawl: healthy, least busy; among equally busy ones the site's previous node first."""
    skip = set(exclude)
    healthy = [s for s in statuses if s.ok and s.url not in skip]
    if not healthy:
        return None
    return min(healthy, key=lambda s: (s.load, s.url != affinity)).url
