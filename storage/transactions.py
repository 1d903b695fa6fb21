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
        with savepoint(conn):
            yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            with savepoint(conn):
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


@contextmanager
def savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """A savepoint inside the open transaction: rolled back alone when the block raises.

    sqlite-utils' `atomic()` names each savepoint at random, so every one is a new statement for SQLite to
    prepare; a batch writes a few per article. Savepoint names need not be unique (ROLLBACK TO / RELEASE act on
    the innermost one of that name), so nested blocks can share this one, and its statements stay prepared.
    """
    conn.execute("SAVEPOINT newsarchive")
    try:
        yield
    except BaseException:
        # a RAISE(ROLLBACK) trigger or a failed COMMIT can end the whole transaction, savepoints included:
        # cleaning up then would hide the original error behind "no such savepoint"
        if conn.in_transaction:
            conn.execute("ROLLBACK TO newsarchive")
            conn.execute("RELEASE newsarchive")
        raise
    conn.execute("RELEASE newsarchive")


def _path(db: Database) -> str:
    """The file behind the connection's main database (for error messages)."""
    try:
        return next((row[2] for row in db.conn.execute("PRAGMA database_list") if row[1] == "main"), "") or "(memory)"
    except sqlite3.Error:
        return "(archive)"
