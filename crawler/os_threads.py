"""Names for the crawl's own threads as the OS sees them (`top -H`, `/proc/PID/task/TID/comm`, py-spy).

Python 3.11 names threads only inside Python; the crawl's busy threads (the archive writer, the extraction
pool's dispatchers) get their name at the OS level too, so their CPU can be told apart from the reactor's
(`bench/crawl_bench.py` reads it per thread from /proc).
"""

from __future__ import annotations

import ctypes
import sys

_PR_SET_NAME = 15  # linux/prctl.h
_libc: ctypes.CDLL | None | bool = None


def name_this_thread(name: str) -> None:
    """Give the calling thread `name` (at most 15 bytes kept) at the OS level; a no-op where that is not possible."""
    global _libc
    if not sys.platform.startswith("linux") or _libc is False:
        return
    try:
        if _libc is None:
            # the process's own symbols, libc's among them: `ctypes.util.find_library("c")` runs `ldconfig -p` twice
            _libc = ctypes.CDLL(None, use_errno=True)
        _libc.prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        _libc = False
