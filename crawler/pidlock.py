"""An exclusive `flock` on a file that records its holder's pid: the mechanism behind the daemon and site locks.

The kernel drops a flock when its holder dies (even on SIGKILL), so a crashed holder never leaves a stale
lock behind, unlike a PID file alone; the pid in the file only names the holder in messages.

Usage::

    lock = PidLock(Path("news.db.locks/crawl-demo.lock"))
    if not lock.try_acquire():
        print("busy, held by", holder_pid(lock.path))
    ...
    lock.release()
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


def read_pid(path: Path) -> int | None:
    """The pid recorded in a lock file, if any."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def holder_pid(path: Path) -> int | None:
    """The pid holding the lock at `path` (0 if held but the pid is unknown), else None."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # succeeds only when nobody holds the exclusive lock
    except BlockingIOError:
        return read_pid(path) or 0
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


class PidLock:
    """Exclusive, non-blocking flock on `path`, with this process's pid written into the file while held."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock and record our pid; False if another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC (Python's default) keeps subprocesses from inheriting, and so prolonging, the lock
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        for _ in range(5):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # `holder_pid` probes with a brief shared lock: don't take a probe for a holder
                time.sleep(0.05)
        else:
            os.close(fd)
            return False
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            # a full or read-only disk: the caller reports it, but the lock must not stay held by a descriptor
            # nobody will release (a scheduler daemon would refuse every later crawl of the site as busy)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        """Drop the lock (also happens automatically when the process exits)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
