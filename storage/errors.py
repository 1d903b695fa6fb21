"""Why an archive cannot be used, as one-line errors a CLI can print as they are.

Usage::

    from storage.errors import ArchiveError, ArchiveFull, archive_error
    try:
        ...
    except sqlite3.Error as e:
        raise archive_error(e, path) from None   # ArchiveFull / ArchiveReadOnly / ArchiveLocked / ArchiveError

Every class is an `ArchiveError`, so `except ArchiveError` catches them all; the subclasses let callers act on
the kind (a crawl stops at the first `ArchiveFull`, a writer retries an `ArchiveLocked`).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path


class ArchiveError(RuntimeError):
    """The archive file cannot be used (missing, not an archive, newer schema…); the message is one line."""


class ArchiveNotFound(ArchiveError):
    """No archive at the path, and the caller must not create one."""


class ArchiveReadOnly(ArchiveError):
    """The archive (or its directory/mount) cannot be written: a reader may still open it, a writer cannot."""


class ArchiveFull(ArchiveError):
    """The disk (or quota) holding the archive is full: nothing more can be written until space is freed."""


class ArchiveLocked(ArchiveError):
    """Another process held the archive's write lock for longer than we were willing to wait."""


def read_only_reason(path: Path) -> str | None:
    """Why `path` (an archive file, existing or not) cannot be written, or None if it looks writable.

    A read-only mount is read from the file system flags (root ignores permission bits, not mounts);
    a directory or file without write permission counts for other users.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "read-only file system"
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return "directory is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return "file is not writable"
    return None


def _no_space(path: Path) -> bool:
    """True when the file system holding `path` has (almost) no space left for us."""
    try:
        st = os.statvfs(path.parent if str(path.parent) else Path("."))
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < (64 << 10)


def archive_error(exc: BaseException, path: str | os.PathLike[str], *, doing: str = "open") -> ArchiveError:
    """The one-line `ArchiveError` (of the right subclass) for a sqlite3/OS error met while `doing` (open/write)."""
    path = Path(path)
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    full = name.startswith("SQLITE_FULL") or getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in text
    if full or (name.startswith("SQLITE_IOERR") and _no_space(path)):  # e.g. the -shm could not grow
        return ArchiveFull(f"disk full: cannot write to archive {path} (free some space, then run again)")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text or getattr(exc, "errno", None) == errno.EROFS:
        why = read_only_reason(path) or "opened read-only"
        return ArchiveReadOnly(f"archive {path} is read-only ({why})")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return ArchiveLocked(f"archive {path} is locked by another process (database is locked)")
    if path.is_dir():
        return ArchiveError(f"{path} is a directory, not an archive file")
    if name.startswith("SQLITE_CANTOPEN"):
        why = read_only_reason(path)
        if why and doing == "write":
            return ArchiveReadOnly(f"archive {path} is read-only ({why})")
        if not (path.parent if str(path.parent) else Path(".")).exists():
            return ArchiveNotFound(f"cannot open archive {path}: directory {path.parent} does not exist")
        return ArchiveError(f"cannot open archive {path}: " + (why or "unable to open the database file"))
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return ArchiveError(f"{path} is not a newsarchive archive (not an SQLite database, or damaged): {text}")
    return ArchiveError(f"cannot {doing} archive {path}: {text}")
