"""`crawler.pidlock.PidLock` on real files: a lock whose pid cannot be written is not left held."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from crawler.pidlock import PidLock, holder_pid


def test_a_lock_is_exclusive_and_names_its_holder(tmp_path: Path) -> None:
    first, second = PidLock(tmp_path / "a.lock"), PidLock(tmp_path / "a.lock")
    assert first.try_acquire()
    assert not second.try_acquire()
    assert holder_pid(first.path) and holder_pid(first.path) > 0
    first.release()
    assert holder_pid(first.path) is None
    assert second.try_acquire()
    second.release()


def test_a_full_disk_while_writing_the_pid_leaves_the_lock_free(tmp_path: Path) -> None:
    """The pid write fails (ENOSPC) after the flock was taken: the error reaches the caller and the flock is
    dropped with it. Before, the descriptor stayed open, so a long-lived process (the scheduler daemon) held the
    site's lock until it exited and every later crawl of that site was refused as busy."""
    from tests.storage.mounts import fill, tmpfs

    with tmpfs(tmp_path / "disk", "64k") as disk:
        ballast = fill(disk)
        lock = PidLock(disk / "site.lock")
        with pytest.raises(OSError) as err:
            lock.try_acquire()
        assert err.value.errno == errno.ENOSPC
        assert holder_pid(lock.path) is None  # nobody holds it now
        ballast.unlink()
        again = PidLock(disk / "site.lock")
        assert again.try_acquire()  # same process, new descriptor: refused while the first one leaked
        again.release()
