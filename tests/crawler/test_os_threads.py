"""`crawler.os_threads`: a thread named there carries the name at the OS level (what `top -H` and crawl_bench see)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from crawler.os_threads import name_this_thread


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc thread names are Linux")
def test_a_named_thread_shows_its_name_in_proc():
    seen: list[str] = []

    def run() -> None:
        name_this_thread("archive-writer-and-more")  # longer than the kernel keeps
        seen.append(Path(f"/proc/self/task/{threading.get_native_id()}/comm").read_text().strip())

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == ["archive-writer-"]
    assert Path(f"/proc/self/task/{threading.get_native_id()}/comm").read_text().strip() != "archive-writer-"
