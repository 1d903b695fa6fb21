"""Jobs for the `crawler.workpool` tests, imported by the worker processes (`tests.crawler.pool_jobs:job`)."""

from __future__ import annotations

import os
import time

TARGET = "tests.crawler.pool_jobs:job"


def job(kind: str, seconds: float = 0.0, data: bytes = b"") -> int | bytes:
    """Return the worker's pid after `seconds` ("sleep"), `data` after `seconds` ("echo"), or raise ("raise")."""
    if kind == "raise":
        raise ValueError("a bad page")
    time.sleep(seconds)
    return data if kind == "echo" else os.getpid()
