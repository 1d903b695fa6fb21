"""kill -9 of a crawl while a batch of articles waits for its commit: nothing of that batch is in the archive
(whole batches only), and the next crawl stores every article exactly once — the archive then equals that of
an uninterrupted crawl (same articles under the same URLs, one raw page per URL, a consistent index)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.storage.test_kill9 import articles, demo, finish, reference, start, state  # noqa: F401 - fixtures

BATCH = 5


def test_a_crawl_killed_mid_batch_loses_nothing_and_stores_nothing_twice(tmp_path: Path, demo, reference):  # noqa: F811
    ref_db, _ = reference
    expected = state(ref_db)
    total = len(expected["groups"])
    assert total > 2 * BATCH
    db = tmp_path / "killed.db"
    argv = ["--db", str(db), "crawl", "demo", "--base-url", demo.base_url, "--no-progress"]
    # batches of 5, and no commit by time: articles past the last full batch wait until the kill
    proc = start([*argv, "-s", f"NEWSARCHIVE_WRITE_BATCH={BATCH}", "-s", "NEWSARCHIVE_WRITE_INTERVAL=600"], tmp_path)
    deadline = time.monotonic() + 180
    while articles(db) < 1 + 2 + 4:  # the first batches: 1, 2, 4 articles; then 5 each
        assert proc.poll() is None, "the crawl ended before its first batch committed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.5)  # more pages fetched and extracted meanwhile: a partial batch waits
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    stored = articles(db)
    whole_batches = {7 + BATCH * n for n in range(total)}
    assert stored in whole_batches and stored < total, stored  # whole batches only, and not all of them
    finish(start(argv, tmp_path))
    got = state(db)
    assert got["integrity"] == "ok" and got["index_ok"]
    assert got["groups"] == expected["groups"]
    assert set(got["raw"]) == set(expected["raw"]) and max(got["raw"].values()) == 1, got["raw"].most_common(3)
