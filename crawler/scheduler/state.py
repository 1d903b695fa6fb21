"""The daemon's own bookkeeping, kept in the job-store SQLite file next to APScheduler's table.

- `run_requests`: the run-now queue. The CLI inserts a row; the running daemon polls it. A queue
  table rather than adding a job to the job store, because APScheduler 3.x has no locking and must
  not share one store between two scheduler instances.
- `active_runs`: crawls in flight with their PID and argv, so a daemon starting after a crash can
  stop orphaned crawls and close their run rows instead of leaving them "running" forever.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS run_requests (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | started | done | rejected
    run_id INTEGER,
    note TEXT
);
CREATE TABLE IF NOT EXISTS active_runs (
    run_id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    pid INTEGER NOT NULL,
    argv TEXT NOT NULL,
    started_at TEXT NOT NULL
);
"""


def utcnow() -> str:
    """Current UTC time as ISO 8601 (seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class State:
    """Small SQLite-backed queue and in-flight table; one short connection per call (thread-safe)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            # WAL lets the CLI enqueue while the daemon's job store is mid-write
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        return db

    def _exec(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with closing(self._connect()) as db:
            return [dict(r) for r in db.execute(sql, params).fetchall()]

    # ---- run-now queue

    def enqueue(self, site: str) -> int:
        """Queue a run of `site`; an already pending request for it is reused (returns its id)."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT id FROM run_requests WHERE site = ? AND status = 'pending'", (site,)).fetchone()
            if row:
                db.execute("COMMIT")
                return int(row["id"])
            cur = db.execute("INSERT INTO run_requests (site, requested_at) VALUES (?, ?)", (site, utcnow()))
            db.execute("COMMIT")
            return int(cur.lastrowid)

    def pending(self) -> list[dict[str, Any]]:
        """Pending run-now requests, oldest first."""
        return self._exec("SELECT * FROM run_requests WHERE status = 'pending' ORDER BY id")

    def mark_request(self, request_id: int, status: str, *, run_id: int | None = None, note: str | None = None) -> None:
        """Move a request along (started/done/rejected)."""
        self._exec(
            "UPDATE run_requests SET status = ?, run_id = COALESCE(?, run_id), note = COALESCE(?, note) WHERE id = ?",
            (status, run_id, note, request_id),
        )

    def request(self, request_id: int) -> dict[str, Any] | None:
        """One request row."""
        rows = self._exec("SELECT * FROM run_requests WHERE id = ?", (request_id,))
        return rows[0] if rows else None

    # ---- crawls in flight

    def add_active(self, run_id: int, site: str, pid: int, argv: list[str]) -> None:
        """Remember a crawl subprocess while it runs."""
        self._exec(
            "INSERT OR REPLACE INTO active_runs (run_id, site, pid, argv, started_at) VALUES (?, ?, ?, ?, ?)",
            (run_id, site, pid, json.dumps(argv), utcnow()),
        )

    def remove_active(self, run_id: int) -> None:
        """Forget a finished crawl."""
        self._exec("DELETE FROM active_runs WHERE run_id = ?", (run_id,))

    def active(self) -> list[dict[str, Any]]:
        """Crawls recorded as in flight (after a crash: orphans of the previous daemon)."""
        rows = self._exec("SELECT * FROM active_runs ORDER BY run_id")
        for r in rows:
            r["argv"] = json.loads(r["argv"])
        return rows

    def reset_started_requests(self) -> int:
        """Requests marked started by a daemon that died are done (their run row says how it went)."""
        with closing(self._connect()) as db:
            return db.execute("UPDATE run_requests SET status = 'done' WHERE status = 'started'").rowcount
