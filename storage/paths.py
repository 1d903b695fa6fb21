"""Where the archive file lives (`default_db_path`) and the files kept beside it (`sidecar`).

Precedence: the CLI value > the `NEWSARCHIVE_DB` environment variable > the settings value > ./newsarchive.db::

    from storage.paths import default_db_path
    default_db_path()                      # Path("newsarchive.db") with nothing set
    default_db_path("x.db", "y.db")        # Path("x.db")
    sidecar("x.db", ".scheduler.lock")     # Path("x.db.scheduler.lock"): files that belong to one archive
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NEWSARCHIVE_DB"
DEFAULT_FILENAME = "newsarchive.db"


def default_db_path(cli_value: str | os.PathLike[str] | None = None, settings_value: str | os.PathLike[str] | None = None) -> Path:
    """The archive path: CLI value > $NEWSARCHIVE_DB > settings value > ./newsarchive.db (`~` expanded)."""
    for value in (cli_value, os.environ.get(ENV_VAR), settings_value):
        if value not in (None, ""):
            return Path(value).expanduser()  # type: ignore[arg-type]
    return Path(DEFAULT_FILENAME)


def sidecar(db_path: str | os.PathLike[str], suffix: str) -> Path:
    """A file kept next to the archive, named from its whole file name: `news.db` → `news.db.scheduler.lock`.

    The whole name, not the stem: `news.db` and `news.sqlite` in one folder are two archives and must not
    share a lock, a job store or a log.
    """
    path = Path(db_path)
    return path.with_name(path.name + suffix)


def no_archive_message(path: str | os.PathLike[str]) -> str:
    """The one message every command gives for a missing archive file."""
    return f"no archive at {path} (crawl something first, or pass --db PATH)"


def check_archive_path(path: str | os.PathLike[str]) -> None:
    """Refuse an archive path that can never be an archive file (a directory) with an ArchiveError."""
    if Path(path).is_dir():
        from storage.errors import ArchiveError

        raise ArchiveError(f"--db {path} is a directory; name the archive file inside it (e.g. {Path(path) / 'newsarchive.db'})")
