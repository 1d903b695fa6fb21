"""`crawler.workpool.WorkerPool`: calls run in other processes; a call past its timeout or whose worker is
killed fails alone and its worker is replaced; an exception in the function keeps the worker."""

from __future__ import annotations

import os
import signal
import time

import pytest

from crawler.workpool import CallFailed, CallTimedOut, WorkerDied, WorkerPool
from tests.crawler.pool_jobs import TARGET

WAIT = 120  # seconds any single call may take on a loaded machine (the calls here take < 1 s unloaded)


@pytest.fixture
def pool():
    p = WorkerPool(TARGET, 2)
    yield p
    p.close(wait=30)


@pytest.fixture
def one_worker():
    """A pool of one worker, started: (pool, the worker's pid)."""
    p = WorkerPool(TARGET, 1)
    try:
        (pid,) = _wait_for_pids(p, 1)
        yield p, pid
    finally:
        p.close(wait=30)


def _wait_for_pids(pool: WorkerPool, n: int) -> list[int]:
    deadline = time.monotonic() + WAIT
    while len(pids := pool.pids()) < n:
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.05)
    return pids


def test_calls_run_in_the_worker_processes_not_the_caller(pool):
    pids = {pool.submit(("pid",)).result(WAIT) for _ in range(6)}
    assert os.getpid() not in pids
    assert pids <= set(pool.pids()) and pids


def test_a_call_past_its_timeout_fails_alone_and_its_worker_is_replaced(pool):
    before = set(_wait_for_pids(pool, 2))
    slow = pool.submit(("sleep", 30), timeout=1.0)
    others = [pool.submit(("pid",)) for _ in range(4)]
    with pytest.raises(CallTimedOut):
        slow.result(WAIT)
    assert all(f.result(WAIT) for f in others)  # the other calls were not affected
    assert pool.replaced == 1
    after = set(_wait_for_pids(pool, 2))
    assert len(after - before) == 1  # one new worker in place of the killed one
    assert {pool.submit(("pid",)).result(WAIT) for _ in range(4)} <= after


def test_a_killed_worker_fails_its_call_and_is_replaced(one_worker):
    pool, pid = one_worker
    busy = pool.submit(("sleep", 60))
    queued = pool.submit(("pid",))
    time.sleep(1.0)  # the worker has taken the call
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(WorkerDied, match="signal 9"):
        busy.result(WAIT)
    assert queued.result(WAIT) not in (pid, os.getpid())  # the next call ran in the replacement
    assert pool.replaced == 1


# Calls submitted together while the worker runs an earlier one are handed to it two at a time (`IN_FLIGHT`): when
# the first call returns, the dispatcher sends the next two at once, so the tests below open with a short call.

def test_a_call_held_behind_one_that_times_out_runs_in_the_replacement(one_worker):
    pool, pid = one_worker
    opening = pool.submit(("sleep", 0.3))
    slow = pool.submit(("sleep", 30), timeout=1.5)
    held = pool.submit(("pid",), timeout=WAIT)
    assert opening.result(WAIT) == pid
    with pytest.raises(CallTimedOut):
        slow.result(WAIT)
    assert held.result(WAIT) not in (pid, os.getpid())  # not lost with the killed worker: run by its replacement
    assert pool.replaced == 1


def test_a_held_call_times_out_from_when_it_starts_not_from_when_it_was_handed_over(one_worker):
    pool, _ = one_worker
    opening = pool.submit(("sleep", 0.3))
    first = pool.submit(("sleep", 2.0), timeout=WAIT)
    second = pool.submit(("sleep", 2.0), timeout=3.0)  # handed over with `first`: 4 s after that, 2 s after its start
    assert opening.result(WAIT) and first.result(WAIT)
    assert second.result(WAIT)
    assert pool.replaced == 0


def test_two_large_calls_in_flight_do_not_deadlock_the_pipes(one_worker):
    # The second call and the first reply are both larger than a pipe holds: without the worker's inbox thread the
    # parent's write of the one and the worker's write of the other would wait on each other forever.
    pool, _ = one_worker
    big = os.urandom(4 << 20)
    opening = pool.submit(("sleep", 0.3))
    first = pool.submit(("echo", 0.2, big), timeout=60)
    second = pool.submit(("echo", 0.0, big[::-1]), timeout=60)
    assert opening.result(WAIT)
    assert first.result(WAIT) == big and second.result(WAIT) == big[::-1]


def test_an_exception_in_the_function_fails_the_call_and_keeps_the_worker(pool):
    pid = pool.submit(("pid",)).result(WAIT)
    with pytest.raises(CallFailed, match="ValueError: a bad page"):
        pool.submit(("raise",)).result(WAIT)
    assert pool.replaced == 0 and pid in pool.pids()


def test_a_pool_closed_before_its_workers_start_leaves_no_traceback():
    # A crawl that ends at once (every request refused) closes its pool while the workers are still importing;
    # their stderr is the crawl's log, so a BrokenPipeError traceback there would read as a failure.
    import subprocess
    import sys

    code = ("from crawler.workpool import WorkerPool; from tests.crawler.pool_jobs import TARGET; "
            "p = WorkerPool(TARGET, 2); p.close(wait=5)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT)
    # the workers inherit stderr: run() returns once the last of them has exited and closed it
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr


def test_workers_run_this_package_not_a_crawler_folder_in_the_working_directory(tmp_path, monkeypatch):
    """`python -m` puts the working directory first on sys.path: a crawl started next to another checkout's
    `crawler/` folder ran that code in its workers (found comparing two checkouts' crawls)."""
    decoy = tmp_path / "crawler"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("")
    (decoy / "workpool.py").write_text("raise SystemExit(3)\n")  # a worker that never says ready
    monkeypatch.chdir(tmp_path)
    p = WorkerPool(TARGET, 1)
    try:
        assert p.submit(("pid",)).result(WAIT) != os.getpid()
    finally:
        p.close(wait=30)
