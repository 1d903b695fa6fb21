"""Write transactions for the archive file, shared by every module that writes to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite3

from sqlite_utils import Database

from storage.errors import ArchiveFull, ArchiveReadOnly, archive_error


@contextmanager
def writing(db: Database) -> Iterator[None]:
    """One write transaction, taken with BEGIN IMMEDIATE (nested calls become savepoints).

    A deferred BEGIN reads first and upgrades to a write lock later; in WAL mode SQLite refuses that upgrade at
    once (no busy wait) when another process committed in between, so parallel crawls lost articles.
    IMMEDIATE takes the write lock up front and waits out `busy_timeout` instead. Usage::

        with writing(archive.db):
            archive.db.execute("UPDATE …")

    A full disk or a read-only archive raises `ArchiveFull` / `ArchiveReadOnly` (one-line messages); "database
    is locked" stays a `sqlite3.OperationalError`, which callers retry.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            with db.atomic():
                yield
        except BaseException:
            conn.rollback()
            raise
        conn.commit()  # in WAL mode the commit writes the pages: a full disk shows up here
    except sqlite3.OperationalError as e:
        if conn.in_transaction:
            conn.rollback()
        translated = archive_error(e, _path(db), doing="write")
        if isinstance(translated, (ArchiveFull, ArchiveReadOnly)):
            raise translated from None
        raise


def _path(db: Database) -> str:
    """The file behind the connection's main database (for error messages)."""
    try:
        return next((row[2] for row in db.conn.execute("PRAGMA database_list") if row[1] == "main"), "") or "(memory)"
    except sqlite3.Error:
        return "(archive)"
