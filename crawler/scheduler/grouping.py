"""Grouping sites that are due together into one crawl process (`[scheduler] max_sites_per_process`).

A crawl process costs ~150-200 MiB whatever it crawls, while a polite site (~1 request/s) keeps a process
mostly idle: so sites due at the same moment share one process, one Scrapy crawler each (per-site politeness,
run row, counts and log line stay per site). The daemon's job threads `join` the open group; the first
becomes its leader, waits until no site has joined for `window_s` (or the group is full), then seals it and runs it;
the others wait for `group.done`. A full group is sealed at once and the next site opens a new group.

Usage::

    grouper = Grouper(max_sites=20, window_s=1.0)
    group, leader = grouper.join(Member("yna", "schedule"))
    if leader:
        grouper.wait_window(group, stopping=lambda: False)
        members = grouper.seal(group)   # crawl them in one process, then:
        group.done.set()
    else:
        group.done.wait()
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Member:
    """One site's run waiting to be crawled: why (trigger) and, for `run-now`, its queue request."""

    site: str
    trigger: str
    request_id: int | None = None


@dataclass(eq=False)
class Group:
    """Sites that will be crawled by one process; `done` is set once that process has ended (or was dropped)."""

    members: list[Member]
    last_joined: float  # clock time of the newest member: the window runs from here
    sealed: bool = False
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def sites(self) -> list[str]:
        """The site keys in this group, in joining order."""
        return [m.site for m in self.members]


class Grouper:
    """Forms groups of at most `max_sites` members from sites joining within `window_s` of each other."""

    def __init__(self, max_sites: int, window_s: float, clock: Callable[[], float] = time.monotonic):
        if max_sites < 1:
            raise ValueError("max_sites must be >= 1")
        self.max_sites = max_sites
        self.window_s = max(0.0, window_s)
        self._clock = clock
        self._open: Group | None = None
        self._cond = threading.Condition()

    def join(self, member: Member) -> tuple[Group, bool]:
        """Add `member` to the open group (or open one); returns the group and whether the caller leads it."""
        with self._cond:
            group = self._open
            leader = group is None
            now = self._clock()
            if group is None:
                group = self._open = Group([member], last_joined=now)
            else:
                group.members.append(member)
                group.last_joined = now
            if len(group.members) >= self.max_sites:
                self._seal(group)
            return group, leader

    def wait_window(self, group: Group, stopping: Callable[[], bool] = lambda: False) -> None:
        """Leader: block until the group is full or no site has joined it for `window_s` (or `stopping()`).

        Measured from the last join, not the first: 100 jobs due at once reach their threads over a few
        seconds on a loaded machine, and a window counted from the first would split them into extra groups.
        Bounded: a group seals when full.
        """
        with self._cond:
            while not group.sealed and not stopping():
                left = group.last_joined + self.window_s - self._clock()
                if left <= 0:
                    return
                self._cond.wait(min(left, 0.2))

    def seal(self, group: Group) -> list[Member]:
        """Close the group to newcomers (the next site opens a new one); returns its members."""
        with self._cond:
            self._seal(group)
            return list(group.members)

    def _seal(self, group: Group) -> None:
        group.sealed = True
        if self._open is group:
            self._open = None
        self._cond.notify_all()

