"""Write transactions for the archive file, shared by every module that writes to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def writing(db: Database) -> Iterator[None]:
    """One write transaction, taken with BEGIN IMMEDIATE (nested calls become savepoints).

    A deferred BEGIN reads first and upgrades to a write lock later; in WAL mode SQLite refuses that upgrade at
    once (no busy wait) when another process committed in between, so parallel crawls lost articles.
    IMMEDIATE takes the write lock up front and waits out `busy_timeout` instead. Usage::

        with writing(archive.db):
            archive.db.execute("UPDATE …")
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():
            yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
