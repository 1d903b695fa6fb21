"""`WorkerPool`: CPU-bound pure functions run in worker processes, one call at a time each, with a per-call timeout.

Each worker is a fresh `python -m crawler.workpool MODULE:FUNCTION` process: it imports only the module that
holds the function (no Scrapy, no archive), so it starts in well under a second and never inherits the crawl's
threads, sockets or SQLite handles (fork from a running reactor would). Calls travel pickled over two pipes.

A call that exceeds its timeout gets its worker killed (SIGKILL) and fails with `CallTimedOut`; a worker that
dies mid-call (segfault, OOM killer, `kill -9`) fails that call with `WorkerDied`. Either way the worker is
replaced before the next call and every other call goes on. An exception raised by the function itself is
re-raised in the caller as `CallFailed` (type name and message; the worker stays).

`concurrent.futures.ProcessPoolExecutor` was the first choice, but it cannot time out one call (only the whole
pool breaks when a worker dies), and its workers re-import the parent's `__main__` (the whole CLI) under spawn
or forkserver. One dispatcher thread per worker waits on its pipe with the GIL released.

A worker holds up to `IN_FLIGHT` (2) calls: the one it runs and, when calls are waiting, the next, already in its
inbox. Without that it sat idle between two pages for as long as the crawl process took to read its reply and write
the next call (a median 1.3 ms, 19% of its time in `bench/crawl_bench.py --pages 3000`: the crawl's GIL is shared
by the reactor and the archive writer); with it the full pipeline ran 4–5% more pages a second. A call's timeout
counts from when the worker starts it, and a call held behind one that times out or kills its worker is handed to
the replacement, not failed.

When the crawl process dies, even by kill -9, its end of the pipes closes and each worker exits at its next read.
"""

from __future__ import annotations

import atexit
import collections
import importlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from crawler.os_threads import name_this_thread

def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells, else the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


#: Environment variable a scheduler sets for the crawl processes it starts: how many of them run at once.
CRAWL_PROCESSES_ENV = "NEWSARCHIVE_CRAWL_PROCESSES"


def workers_per_process(processes: int = 1, cores: int | None = None) -> int:
    """Extraction workers for one of `processes` crawl processes running at once on this machine: the cores
    shared out, at least one (zero would mean extracting in the crawl's own process)."""
    if cores is None:
        cores = usable_cores()
    return max(1, cores // max(1, processes))


#: How long a new worker may take to import its module before its first call fails (a loaded machine is slow).
STARTUP_TIMEOUT = 120.0
_READY = b"ready"
#: Calls a worker holds at once: the one it runs and the next, already in its inbox, so it never waits for the
#: crawl process (whose GIL the reactor and the archive writer share) between two pages.
IN_FLIGHT = 2


class WorkerError(Exception):
    """A call that did not return a value (base class)."""


class CallTimedOut(WorkerError):
    """The call ran past its timeout; its worker was killed."""


class WorkerDied(WorkerError):
    """The worker process ended during the call (killed, crashed)."""


class CallFailed(WorkerError):
    """The function raised; `kind` is the exception's type name."""

    def __init__(self, kind: str, message: str):
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


class _Worker:
    """One worker process and the parent's ends of its two pipes."""

    def __init__(self, target: str):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        try:
            self.proc = subprocess.Popen(
                # -P: not the working directory first on sys.path (where `-m` would put it), so a `crawler` folder
                # there (another checkout) is never what the workers run; this package comes from PYTHONPATH
                [sys.executable, "-P", "-m", "crawler.workpool", target, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, env=env, close_fds=True,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)
        self.ready = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send_call(self, payload: bytes) -> None:
        """Hand the worker one call (it queues it behind the ones it holds); raises `WorkerError` as described in the
        module docstring when the worker does not start or is gone."""
        try:
            if not self.ready:
                if not self.recv.poll(STARTUP_TIMEOUT):
                    raise CallTimedOut(f"worker did not start within {STARTUP_TIMEOUT:g} s")
                if self.recv.recv_bytes() != _READY:
                    raise WorkerDied("worker sent an unexpected greeting")
                self.ready = True
            self.send.send_bytes(payload)
        except (EOFError, OSError):
            raise WorkerDied(f"worker {self.pid} died ({self._exit_status()})") from None

    def receive(self, timeout: float | None) -> Any:
        """The value of the oldest call sent and not yet answered, waiting at most `timeout` s for it."""
        try:
            if not self.recv.poll(timeout):
                raise CallTimedOut(f"timed out after {timeout:g} s")
            status, value = pickle.loads(self.recv.recv_bytes())
        except (EOFError, OSError):
            raise WorkerDied(f"worker {self.pid} died ({self._exit_status()})") from None
        if status == "ok":
            return value
        raise CallFailed(*value)

    def _exit_status(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "still running"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def kill(self) -> None:
        """SIGKILL the process and reap it."""
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()
        self.close_pipes()

    def stop(self) -> None:
        """Ask the worker to exit (end of input), then make sure it did."""
        self.close_pipes()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()

    def close_pipes(self) -> None:
        for conn in (self.send, self.recv):
            try:
                conn.close()
            except OSError:
                pass


class WorkerPool:
    """`size` worker processes running `target` ("module:function"); `submit` returns a `Future`."""

    def __init__(self, target: str, size: int):
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.target = target
        self.size = size
        self.replaced = 0  # workers killed or found dead and replaced (for stats and tests)
        self._jobs: queue.SimpleQueue[tuple[Future, bytes, float | None] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._workers: list[_Worker | None] = [None] * size
        self._closed = False
        self._threads = [threading.Thread(target=self._serve, args=(i,), name=f"workpool-{i}", daemon=True)
                         for i in range(size)]
        for thread in self._threads:
            thread.start()

    def submit(self, args: tuple[Any, ...], timeout: float | None = None) -> Future:
        """Queue `target(*args)`; the future holds its value or a `WorkerError`."""
        if self._closed:
            raise RuntimeError("worker pool is closed")
        future: Future = Future()
        self._jobs.put((future, pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL), timeout))
        return future

    def pids(self) -> list[int]:
        """Process ids of the workers running now."""
        with self._lock:
            return [w.pid for w in self._workers if w is not None]

    def _serve(self, slot: int) -> None:
        """Dispatcher thread of one worker slot: start the worker, keep up to `IN_FLIGHT` calls with it, replace it
        when it is lost."""
        name_this_thread(f"workpool-{slot}")
        try:
            self._start(slot)  # at once: the import overlaps the crawl's discovery requests
        except OSError:
            pass  # retried at the first call, which then fails with the reason
        # (future, payload, timeout) of the calls this worker holds, oldest first; `sent`: how many of them it was handed
        held: collections.deque[tuple[Future, bytes, float | None]] = collections.deque()
        sent = 0
        head_since = 0.0  # when the oldest call became the one the worker runs (its timeout counts from then)
        closing = False
        while True:
            # Top up: block for a call only when holding none; take more only while calls are waiting already.
            while not closing and len(held) < IN_FLIGHT:
                try:
                    job = self._jobs.get() if not held else self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    closing = True
                elif job[0].set_running_or_notify_cancel():
                    held.append(job)
            if not held:
                break  # closing, nothing left
            worker = self._workers[slot]
            try:
                if worker is not None and sent == 0 and worker.proc.poll() is not None:
                    worker.kill()  # died while idle: no call of its own lost; start another for these
                    self.replaced += 1
                    worker = None
                if worker is None:
                    worker, sent = self._start(slot), 0
            except OSError as exc:
                future, _, _ = held.popleft()
                future.set_exception(WorkerDied(f"could not start a worker: {exc}"))
                continue
            try:
                while sent < len(held):
                    worker.send_call(held[sent][1])
                    if sent == 0:
                        head_since = time.monotonic()
                    sent += 1
                future, _, timeout = held[0]
                left = None if timeout is None else max(0.0, timeout - (time.monotonic() - head_since))
                value = worker.receive(left)
            except (CallTimedOut, WorkerDied) as exc:
                # the oldest call was running: it fails; the others were only queued in the worker, so they are
                # handed to its replacement
                worker.kill()
                self.replaced += 1
                with self._lock:
                    self._workers[slot] = None
                future, _, _ = held.popleft()
                future.set_exception(exc)
                sent = 0
                try:
                    self._start(slot)  # now, so the next call finds it ready or starting
                except OSError:
                    pass
                continue
            except BaseException as exc:  # CallFailed: this call only, the worker goes on
                failed: BaseException | None = exc
            else:
                failed = None
            held.popleft()  # answered: the worker runs the next one it holds from now
            sent -= 1
            head_since = time.monotonic()
            if failed is None:
                future.set_result(value)
            else:
                future.set_exception(failed)
        with self._lock:
            worker, self._workers[slot] = self._workers[slot], None
        if worker is not None:
            worker.stop()

    def _start(self, slot: int) -> _Worker:
        worker = _Worker(self.target)
        with self._lock:
            self._workers[slot] = worker
        return worker

    def close(self, wait: float | None = None) -> None:
        """Let queued calls finish (for at most `wait` s per worker), then stop every worker (idempotent)."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(wait)


_shared: dict[tuple[str, int], WorkerPool] = {}
_shared_lock = threading.Lock()


def shared_pool(target: str, size: int) -> WorkerPool:
    """The process's pool for `target` with `size` workers, started on first use and kept for later crawls in
    this process (`crawl --all` runs several); closed when the interpreter exits."""
    with _shared_lock:
        pool = _shared.get((target, size))
        if pool is None or pool._closed:
            pool = _shared[(target, size)] = WorkerPool(target, size)
        return pool


@atexit.register
def _close_shared() -> None:
    for pool in list(_shared.values()):
        pool.close(wait=10)  # workers still busy then exit on their own: their pipes close with this process


def _load(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _serve_forever(target: str, read_fd: int, write_fd: int) -> None:
    """The worker's loop: read a call, run it, write ("ok", value) or ("error", (type name, message))."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    calls, replies = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    function = _load(target)
    # A reader thread empties the calls pipe into an inbox while a call runs: the parent's write of the next call
    # (a whole page, more than a pipe holds) then never waits on this worker, nor this worker's reply on the parent.
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                inbox.put(calls.recv_bytes())
        except (EOFError, OSError):
            inbox.put(None)

    try:
        replies.send_bytes(_READY)
        threading.Thread(target=read, name="workpool-inbox", daemon=True).start()
        while (data := inbox.get()) is not None:
            try:
                reply = ("ok", function(*pickle.loads(data)))
            except Exception as exc:  # noqa: BLE001 - reported to the caller, the worker goes on
                reply = ("error", (type(exc).__name__, str(exc)))
            replies.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        # The parent closed the pool or died, possibly before this worker finished starting (a crawl that ends
        # at once): exit quietly, since a traceback here would land in the crawl's log as if something failed.
        return


if __name__ == "__main__":
    _serve_forever(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
