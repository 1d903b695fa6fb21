"""The scheduler's view of the archive's `crawl_runs` table (written through `storage.Archive`).

Each call opens its own `Archive`: the daemon records runs from several worker threads, and
SQLite connections must not cross threads.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Iterator

FINISHED = ("ok", "failed", "interrupted")


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


def start_run(db_path: Path, site: str, trigger: str) -> int:
    """Open a crawl_runs row (status running) and return its id."""
    with archive(db_path) as a:
        return int(a.start_run(site, trigger=trigger))


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
    with archive(db_path) as a:
        a.finish_run(run_id, status=status, counts=counts, exit_code=exit_code, error=error)
    return True


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
