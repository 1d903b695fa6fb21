"""One crawl per site and archive at a time: an exclusive `flock` per site, taken by every crawl process.

`newsarchive crawl`, the scheduler daemon's crawl subprocesses and `schedule run-now` all crawl through
`crawler.runner.run_crawls`, which holds the lock of each site it crawls for the whole crawl; a plain
`scrapy crawl SITE` takes it in `crawler.site_lock_middleware`. A second crawl of
a site that is being crawled is refused at once with one line (it does not wait: a crawl can take many
minutes, and the next scheduled run comes anyway). The kernel drops a flock when its holder dies, even on
kill -9, so no stale lock is ever left; the pid in the file only names the holder in the message.

Usage::

    from crawler.site_lock import SiteLock, SiteBusy
    with SiteLock("news.db", "demo"):          # SiteBusy if another process crawls demo into news.db,
        ...                                     # storage.ArchiveFull (one line) if the disk is full
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from crawler.pidlock import PidLock, holder_pid, read_pid
from storage.errors import archive_error
from storage.paths import sidecar

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


class SiteBusy(RuntimeError):
    """Another process is crawling this site into this archive; the message is one line for the user."""


def site_lock_path(db_path: str | os.PathLike[str], site: str) -> Path:
    """The lock file of `site` for the archive at `db_path` (in `ARCHIVE.locks/`)."""
    return sidecar(Path(db_path).resolve(), ".locks") / f"crawl-{_UNSAFE.sub('_', site)}.lock"


class SiteLock:
    """Exclusive, non-blocking lock on one site's crawls, held from `acquire` to `release` (or process exit)."""

    def __init__(self, db_path: str | os.PathLike[str], site: str):
        self.site, self.db_path = site, db_path
        self._lock = PidLock(site_lock_path(db_path, site))
        self.path = self._lock.path

    def acquire(self) -> "SiteLock":
        """Take the lock or raise SiteBusy naming the crawl that holds it (`ArchiveFull` when the disk is full)."""
        try:
            taken = self._lock.try_acquire()
        except OSError as exc:
            if exc.errno == errno.ENOSPC:  # the lock file (pid) sits beside the archive, on the same full disk
                raise archive_error(exc, self.db_path, doing="write") from None
            raise
        if not taken:
            pid = read_pid(self.path)
            who = f" by pid {pid}" if pid else ""
            raise SiteBusy(f"site {self.site!r} is already being crawled into this archive{who}; "
                           f"not starting a second crawl (lock: {self.path})") from None
        return self

    def release(self) -> None:
        """Drop the lock."""
        self._lock.release()

    def __enter__(self) -> "SiteLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def site_crawler_pid(db_path: str | os.PathLike[str], site: str) -> int | None:
    """The pid crawling `site` into the archive now (0 if one does but its pid is unknown), else None."""
    return holder_pid(site_lock_path(db_path, site))
