"""The scheduler's view of the archive's `crawl_runs` table (written through `storage.Archive`).

Each call opens its own `Archive`: the daemon records runs from several worker threads, and
SQLite connections must not cross threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

FINISHED = ("ok", "failed", "interrupted")
T = TypeVar("T")
_write_lock = threading.Lock()


@contextmanager
def archive(db_path: Path, readonly: bool = False) -> Iterator[Any]:
    """An open `storage.Archive`, closed afterwards; `readonly` never creates or migrates the file."""
    from storage import Archive  # imported late: `newsarchive runs --help` should not need the storage stack

    a = Archive(db_path, readonly=True) if readonly else Archive(db_path)
    try:
        yield a
    finally:
        close = getattr(a, "close", None)
        if callable(close):
            close()


def normalize(row: dict[str, Any]) -> dict[str, Any]:
    """A run row with `counts` as a dict whatever the storage layer returned."""
    row = dict(row)
    counts = row.get("counts")
    if isinstance(counts, (str, bytes)):
        try:
            counts = json.loads(counts)
        except ValueError:
            counts = {}
    row["counts"] = counts if isinstance(counts, dict) else {}
    return row


def _write(db_path: Path, op: Callable[[Any], T]) -> T:
    """Run one archive write, serialised within this process and retried when SQLite reports a lock.

    In WAL mode a deferred transaction that reads (sqlite-utils checks the schema before an
    insert) and then writes fails at once with "database is locked" if another connection
    committed in between; the busy timeout does not help, but retrying the whole write does.
    """
    delay = 0.05
    for attempt in range(12):
        try:
            with _write_lock, archive(db_path) as a:
                return op(a)
        except Exception as exc:  # storage may wrap the sqlite3 error (ArchiveError), so match the message
            if attempt == 11 or not any(w in str(exc) for w in ("database is locked", "database is busy")):
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")


def ensure_archive(db_path: Path) -> None:
    """Create or migrate the archive (retrying while another process holds a lock)."""
    _write(db_path, lambda a: None)


def start_run(db_path: Path, site: str, trigger: str) -> int:
    """Open a crawl_runs row (status running) and return its id."""
    return _write(db_path, lambda a: int(a.start_run(site, trigger=trigger)))


def start_runs(db_path: Path, runs: list[tuple[str, str]]) -> list[int]:
    """Open a crawl_runs row per (site, trigger) of a group, through one archive handle (one open, not one per site)."""
    return _write(db_path, lambda a: [int(a.start_run(site, trigger=trigger)) for site, trigger in runs])


def get_run(db_path: Path, run_id: int) -> dict[str, Any] | None:
    """One crawl_runs row by id, read directly (the Archive API lists runs but has no by-id lookup)."""
    if not Path(db_path).exists():
        return None
    with closing(sqlite3.connect(db_path, timeout=10)) as db:
        db.row_factory = sqlite3.Row
        try:
            row = db.execute("SELECT * FROM crawl_runs WHERE id = ?", (run_id,)).fetchone()
        except sqlite3.OperationalError:
            return None
    return normalize(dict(row)) if row else None


def finish_if_running(
    db_path: Path, run_id: int, *, status: str, exit_code: int | None, error: str | None
) -> bool:
    """Close the row unless the crawl already did (its own status and counts win); True if we closed it."""
    row = get_run(db_path, run_id)
    if row is not None and row.get("status") in FINISHED:
        return False
    counts = row["counts"] if row else {}
    _write(db_path, lambda a: a.finish_run(run_id, status=status, counts=counts, exit_code=exit_code, error=error))
    return True


def finish(db_path: Path, run_id: int, *, status: str, counts: dict[str, Any], exit_code: int | None,
           error: str | None) -> None:
    """Close (or re-close) a run row unconditionally."""
    _write(db_path, lambda a: a.finish_run(run_id, status=status, counts=counts, exit_code=exit_code, error=error))


def finish_adding(db_path: Path, run_id: int, *, status: str, counts: dict[str, Any], error: str | None) -> None:
    """Close a fleet run, adding the node's `counts` to those the ingest writer already recorded for it."""

    def op(a: Any) -> None:
        with a.writing():
            a.add_run_counts(run_id, counts)
            row = a.db.execute("SELECT counts FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
            merged = normalize({"counts": row[0] if row else None})["counts"]
            a.finish_run(run_id, status=status, counts=merged, exit_code=None, error=error)

    _write(db_path, op)


def list_runs(db_path: Path, site: str | None = None, failed: bool = False, limit: int = 50,
              readonly: bool = False) -> list[dict[str, Any]]:
    """Recent runs, newest first, with counts decoded."""
    with archive(db_path, readonly=readonly) as a:
        return [normalize(r) for r in a.runs(site=site, failed=failed, limit=limit)]


def list_runs_readonly(db_path: Path, site: str | None = None, failed: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    """`list_runs` for commands that only look: never creates or migrates the archive."""
    return list_runs(db_path, site=site, failed=failed, limit=limit, readonly=True)


def last_run(db_path: Path, site: str, readonly: bool = False) -> dict[str, Any] | None:
    """The most recent run of `site`, or None."""
    rows = list_runs(db_path, site=site, limit=1, readonly=readonly)
    return rows[0] if rows else None


def last_run_readonly(db_path: Path, site: str) -> dict[str, Any] | None:
    """`last_run` without creating or migrating the archive."""
    return last_run(db_path, site, readonly=True)


def set_node(db_path: Path, run_id: int, node: str) -> None:
    """Note the fleet node a run was placed on."""

    def op(a: Any) -> None:
        with a.writing():
            a.db.execute("UPDATE crawl_runs SET node = ? WHERE id = ?", [node, run_id])

    _write(db_path, op)
