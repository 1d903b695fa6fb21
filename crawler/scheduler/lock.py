"""One daemon per archive: an exclusive `flock` on a file next to the archive.

The kernel drops a flock when its holder dies (even on SIGKILL), so a crashed daemon never
leaves a stale lock behind, unlike a PID file alone. The PID is written into the file only so the
refusal message can name the running daemon.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from storage.paths import sidecar


class AlreadyRunning(RuntimeError):
    """Another daemon holds the archive's lock; the message is one line for the user."""


def lock_path(db_path: Path) -> Path:
    """The lock file guarding the archive at `db_path`."""
    return sidecar(db_path, ".scheduler.lock")


def _read_pid(path: Path) -> int | None:
    """The PID recorded in a lock file, if any."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


class DaemonLock:
    """Exclusive, non-blocking lock held for the daemon's whole life."""

    def __init__(self, db_path: Path):
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning naming the holder's PID."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC (Python's default) keeps crawl subprocesses from inheriting, and so prolonging, the lock
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        for attempt in range(5):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # `running_daemon_pid` probes with a brief shared lock; don't mistake a probe for a daemon
                time.sleep(0.05)
        else:
            os.close(fd)
            pid = _read_pid(self.path)
            who = f" (pid {pid})" if pid else ""
            raise AlreadyRunning(f"a scheduler daemon is already running for this archive{who}; lock: {self.path}") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (also happens automatically when the process exits)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "DaemonLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def running_daemon_pid(db_path: Path) -> int | None:
    """PID of the daemon running for this archive (0 if running but PID unknown), else None."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        # a shared lock succeeds only when nobody holds the exclusive one
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_pid(path) or 0
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
