"""Real file-system conditions for tests: a small tmpfs (disk full) and a read-only bind mount.

Both need root with CAP_SYS_ADMIN (CI runs as root). Permission bits are no test of "read-only" for root,
which ignores them; a read-only mount is refused by the kernel to everyone. Where mounting is impossible the
test is skipped with the reason, never passed.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def _mount(*args: str) -> None:
    if shutil.which("mount") is None:
        pytest.skip("no `mount` command: cannot create the file-system condition this test needs")
    proc = subprocess.run(["mount", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount ({proc.stderr.strip() or proc.returncode}): needs root with CAP_SYS_ADMIN")


def _umount(path: Path) -> None:
    # lazy: a crawl subprocess that still holds a file must not leave the mount behind
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "600k") mounted at `path` (created) for the block; a disk that really fills up."""
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


@contextmanager
def read_only_view(source: Path, path: Path) -> Iterator[Path]:
    """`source` bind-mounted read-only at `path` for the block: writes fail with EROFS, also for root."""
    path.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(path))
    try:
        proc = subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot remount read-only ({proc.stderr.strip()}): needs root with CAP_SYS_ADMIN")
        yield path
    finally:
        _umount(path)


def fill(disk: Path) -> Path:
    """Fill the file system holding `disk` to its last block with a ballast file (returned, to free it later)."""
    ballast = disk / "ballast"
    with open(ballast, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    return ballast
