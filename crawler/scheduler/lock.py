"""One daemon per archive: an exclusive `flock` on a file next to the archive.

The kernel drops a flock when its holder dies (even on SIGKILL), so a crashed daemon never
leaves a stale lock behind, unlike a PID file alone. The PID is written into the file only so the
refusal message can name the running daemon.
"""

from __future__ import annotations

from pathlib import Path

from crawler.pidlock import PidLock, holder_pid, read_pid
from storage.paths import sidecar


class AlreadyRunning(RuntimeError):
    """Another daemon holds the archive's lock; the message is one line for the user."""


def lock_path(db_path: Path) -> Path:
    """The lock file guarding the archive at `db_path`."""
    return sidecar(db_path, ".scheduler.lock")


class DaemonLock:
    """Exclusive, non-blocking lock held for the daemon's whole life."""

    def __init__(self, db_path: Path):
        self._lock = PidLock(lock_path(db_path))
        self.path = self._lock.path

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning naming the holder's PID."""
        if not self._lock.try_acquire():
            pid = read_pid(self.path)
            who = f" (pid {pid})" if pid else ""
            raise AlreadyRunning(f"a scheduler daemon is already running for this archive{who}; lock: {self.path}") from None

    def release(self) -> None:
        """Drop the lock (also happens automatically when the process exits)."""
        self._lock.release()

    def __enter__(self) -> "DaemonLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def running_daemon_pid(db_path: Path) -> int | None:
    """PID of the daemon running for this archive (0 if running but PID unknown), else None."""
    return holder_pid(lock_path(db_path))
