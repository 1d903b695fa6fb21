"""The article archive: one SQLite file written through sqlite-utils.

Usage::

    from storage import Archive, RawPage

    with Archive("newsarchive.db") as a:
        a.upsert_source("yna", name="연합뉴스", language="ko", base_url="https://www.yna.co.kr")
        res = a.save_article({"url": "https://example.kr/a/1", "site": "yna", "title": "LG그룹은…", "body": "…"},
                             raw=RawPage(url="https://example.kr/a/1?utm_source=x", body=b"<html>…"))
        res.status                      # "new" | "updated" | "unchanged"
        a.get_article(res.id)["title"]
        a.search("그룹 -삼성").total      # see storage.search

    reader = Archive("newsarchive.db", readonly=True)   # never migrates or writes; works on read-only mounts
    Archive("newsarchive.db", create=False)               # a writer that refuses to make a new archive
    Archive("newsarchive.db", lock_wait=120)              # a writer that waits (with backoff) for the write lock

Opening fails with one-line `storage.errors` exceptions: `ArchiveNotFound`, `ArchiveReadOnly` (read-only
mount/directory/file), `ArchiveLocked`, `ArchiveError` (a directory, not an archive, damaged); writes on a full
disk raise `ArchiveFull`.

Every public write runs in one transaction, so a crash never leaves half an article behind. Articles are
written with INSERT/UPDATE only (never INSERT OR REPLACE, which would orphan FTS entries), and their
`search_*` columns are always filled by `_search_columns` — the one function that derives them.
An `Archive` wraps one connection: use one per thread/process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import socket
import sqlite3
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field, is_dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Literal, Sequence

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed, quote_identifier

from storage.fingerprints import body_hash  # noqa: F401 - also storage.body_hash
from storage.compression import compress_page
from storage.errors import ArchiveError, ArchiveLocked, ArchiveNotFound, ArchiveReadOnly, archive_error, read_only_reason
from storage import reindex as next_index
from storage.morphemes import INSTALL_HINT, Analyzer, default_analyzer, morph_text
from storage.schema import (
    FTS_COLUMNS, MORPH_FTS_COLUMNS, RAW_BYTES_META_KEY, fts_columns, index_version, migrations,
)  # fmt: skip
from storage.tokens import TextColumns, meta_text, text_columns
from storage.transactions import savepoint, writing

if TYPE_CHECKING:
    from storage.exchange import ImportReport
    from storage.search import SearchResults

JSON_COLUMNS = ("authors", "tags", "images", "emails")
#: Record keys `save_article` stores as article columns (everything else in the record is ignored).
ARTICLE_FIELDS = (
    "site", "title", "subtitle", "body", "authors", "published", "modified", "section", "tags", "language",
    "publisher", "top_image", "images", "emails", "body_hash", "duplicate_of", "similarity",
)  # fmt: skip
#: Optional record key: the record's `storage.tokens.TextColumns`, computed ahead (a crawl's extraction workers
#: do); used only when they are of the record's own title, subtitle and body.
TEXT_COLUMNS_KEY = "text_columns"
log = logging.getLogger(__name__)
RUN_STATUSES = ("running", "ok", "failed", "interrupted")
RUN_HEARTBEAT_SECONDS = 30  # a running crawl updates crawl_runs.heartbeat_at this often
RUN_STALE_SECONDS = 600  # a "running" run with no heartbeat for this long is taken as dead (any host)
BUSY_TIMEOUT_MS = 30_000
READER_MMAP_BYTES = 8 << 30
# FTS5 options while a batch is indexed in one statement: the batch's terms stay in memory (hashsize) and are
# written as one segment, merged less eagerly (automerge/crisismerge). +35% indexing rate on 200k articles
# (bench/search_bench.py); queries then see more segments until `Archive.optimize` (or later writes) merge them.
BULK_FTS_CONFIG = {"hashsize": 64 << 20, "automerge": 16, "crisismerge": 64}
FTS_DEFAULT_CONFIG = {"hashsize": 1 << 20, "automerge": 4, "crisismerge": 16}  # FTS5's own defaults
# Articles per reindex transaction: the WAL holds about one batch (their rewritten rows, the live index's updates
# and the new index's segment: ~75 KB per article, ~150 MB, on bench/README's 20k archive) instead of growing past
# the database's own size in one transaction.
REINDEX_BATCH = 2000


# zlib level of stored raw pages. Measured on 70 KB Korean pages (bench/crawl_bench.py): level 1 costs 0.5 ms and
# keeps 24.1% of the size, level 6 costs 1.9 ms for 20.2%; any level decompresses the same, so old archives read.
# Written through storage.compression (ISA-L's matching level: 0.09 ms, 24.0%), still plain zlib streams.
RAW_PAGE_ZLIB_LEVEL = 1


def _pid_alive(pid: int) -> bool:
    """True while process `pid` exists on this host and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (not Linux): existence is all we can tell
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def utcnow() -> str:
    """Now as an ISO 8601 UTC string with second precision ('2024-05-01T03:00:00Z')."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_utc(value: str | None) -> str | None:
    """An ISO 8601 date/datetime normalised to 'YYYY-MM-DDTHH:MM:SSZ' (naive values taken as UTC); None if unparseable."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(record: dict[str, Any]) -> str:
    """SHA-1 over title, subtitle, body and modified: what decides 'unchanged' vs 'updated'."""
    parts = [record.get(k) or "" for k in ("title", "subtitle", "body", "modified")]
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


_TextKey = tuple[Any, Any, Any, Any, Any]


def _text_key(record: dict[str, Any]) -> _TextKey:
    """What the search columns are computed from: (title, subtitle, body, site, section)."""
    return (record.get("title"), record.get("subtitle"), record.get("body"), record.get("site"), record.get("section"))


def _search_columns(
    record: dict[str, Any], known: dict[_TextKey, dict[str, str]] | None = None, morph: Analyzer | None = None,
    ahead: TextColumns | None = None,
) -> dict[str, str | None]:
    """The ONE place the derived search columns are computed (title; subtitle + body: `storage.tokens.text_columns`;
    site + section tokens; with `morph`, the morphemes of title, subtitle and body — else `search_morph` is NULL).

    `known` maps `_text_key`s to columns computed ahead of time by this same function (see
    `Archive.save_articles`); a record not in it is computed here. `ahead`: the title and body columns as a
    crawl's extraction worker computed them (`crawler.page_job`), used when they are of this record's texts.
    """
    if known:
        cols = known.get(_text_key(record))
        if cols is not None:
            return cols
    title, subtitle, body = record.get("title"), record.get("subtitle"), record.get("body")
    if not (isinstance(ahead, TextColumns) and ahead.matches(title, subtitle, body)):
        ahead = text_columns(title, subtitle, body)
    rest = "\n".join(p for p in (subtitle, body) if p)
    return {
        "search_title": ahead.search_title,
        "search_body": ahead.search_body,
        "search_meta": meta_text(record.get("site"), record.get("section")),
        "search_morph": morph_text("\n".join(p for p in (title, rest) if p), morph) if morph else None,
    }


_TextRow = tuple[int, Any, Any, Any, Any, Any, Any, Any, Any, Any]  # id, title, subtitle, body, site, section, search_*


def _search_rows(rows: list[_TextRow], morph: Analyzer | None = None) -> tuple[list[tuple[Any, ...]], int, int]:
    """For a batch of `Archive._text_batches` rows: the (4 fresh search columns, 4 stored ones, id) updates of
    the rows whose stored search columns differ from `_search_columns` now, and the batch's first and last id.

    Rebuilding an index whose scheme did not change rewrites no article row.
    """
    out = []
    for article_id, title, subtitle, body, site, section, *stored in rows:
        cols = _search_columns({"title": title, "subtitle": subtitle, "body": body, "site": site, "section": section}, morph=morph)
        fresh = [cols["search_title"], cols["search_body"], cols["search_meta"], cols["search_morph"]]
        if fresh != stored:
            out.append((*fresh, *stored, article_id))
    return out, rows[0][0], rows[-1][0]


def _json_ready(value: Any) -> Any:
    """Dataclasses (e.g. crawler `Image`) to dicts, recursively, so json.dumps accepts extractor output."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def _encode_json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        # Already JSON text (e.g. a row read back raw) stays as is; a bare string becomes a one-item list.
        try:
            json.loads(value)
            return value
        except ValueError:
            return json.dumps([value], ensure_ascii=False)
    return json.dumps(_json_ready(value), ensure_ascii=False)


def _decode_row(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    for key in JSON_COLUMNS:
        if isinstance(row.get(key), str):
            try:
                row[key] = json.loads(row[key])
            except ValueError:
                pass
    return row


def _record_urls(record: dict[str, Any]) -> tuple[str, list[str]]:
    """The canonical URL and the other aliases of an article record; ValueError without a URL."""
    url = record.get("url")
    if not url or not isinstance(url, str):
        raise ValueError("article record needs a non-empty 'url'")
    return url, [u for u in (record.get("aliases") or []) if u and isinstance(u, str) and u != url]


#: Columns of a new article computed from the record alone (`_prepare_batch`), in insert order.
_NEW_COLUMNS = ("url", "version", "content_hash", *ARTICLE_FIELDS, *MORPH_FTS_COLUMNS)
_NEW_COLUMNS_SQL = ", ".join(map(quote_identifier, _NEW_COLUMNS))


@dataclass
class _PreparedArticle:
    """A record's URLs and, when it can be inserted as a new article, its column values (`_NEW_COLUMNS`)."""

    urls: list[str]
    row: tuple[Any, ...] | None
    published_utc: str | None


@dataclass
class _PreparedBatch:
    """`_prepare_batch` output: one item per record (None: no usable URL), URLs seen twice, precomputed text."""

    items: list[_PreparedArticle | None]
    repeated: set[str]
    columns: dict[_TextKey, dict[str, str]]


def _article_row(
    record: dict[str, Any], current: dict[str, Any], known: dict[_TextKey, dict[str, str]] | None = None, morph: Analyzer | None = None
) -> dict[str, Any]:
    """Article columns from `record`; keys absent from `record` keep their `current` value."""
    row: dict[str, Any] = {}
    for key in ARTICLE_FIELDS:
        if key in record:
            row[key] = _encode_json(record[key]) if key in JSON_COLUMNS else record[key]
        else:
            row[key] = current.get(key)
    if not row.get("body_hash"):
        row["body_hash"] = body_hash(row.get("body"))
    # Sorting and date filters use published_utc; an undated page sorts by when we first saw it.
    row["published_utc"] = to_utc(row.get("published")) or current.get("first_seen")
    row.update(_search_columns(row, known, morph, record.get(TEXT_COLUMNS_KEY)))
    return row


def _prepare_batch(records: list[dict[str, Any]], morph: Analyzer | None = None) -> _PreparedBatch:
    """Everything about a batch that needs no database: run in `save_articles`' worker thread."""
    items: list[_PreparedArticle | None] = []
    columns: dict[_TextKey, dict[str, str]] = {}
    seen: set[str] = set()
    repeated: set[str] = set()
    for record in records:
        try:
            url, aliases = _record_urls(record)
        except ValueError:
            items.append(None)
            continue
        urls = [url, *dict.fromkeys(aliases)]
        repeated.update(u for u in urls if u in seen)
        seen.update(urls)
        try:
            row = _article_row(record, {}, None, morph)  # published_utc stays None when undated: set at insert time
            columns[_text_key(row)] = {k: row[k] for k in MORPH_FTS_COLUMNS}
            values = (url, 1, content_hash(record), *(jsonify_if_needed(row[k]) for k in ARTICLE_FIELDS), *(row[k] for k in MORPH_FTS_COLUMNS))
            items.append(_PreparedArticle(urls, values, row["published_utc"]))
        except (TypeError, ValueError):
            items.append(_PreparedArticle(urls, None, None))  # odd values: `_save` handles (or rejects) them as `save_article` would
    return _PreparedBatch(items, repeated, columns)


class _PendingFts:
    """Articles inserted with the FTS insert trigger bypassed (`Archive._bulk_fts`), indexed by one INSERT … SELECT."""

    def __init__(self, db: Database, columns: tuple[str, ...] = FTS_COLUMNS):
        self.db, self.columns = db, ", ".join(columns)
        self.ids: list[int] = []
        self.id_set: set[int] = set()

    def add(self, article_id: int) -> None:
        self.ids.append(article_id)
        self.id_set.add(article_id)

    def before_update(self, article_id: int) -> None:
        """Index pending rows before one of them is updated: the update trigger deletes the row's old FTS entry."""
        if article_id in self.id_set:
            self.flush()

    def flush(self) -> None:
        if self.ids:
            self.db.execute(
                f"INSERT INTO articles_fts (rowid, {self.columns}) SELECT id, {self.columns} FROM articles"
                " WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(self.ids)],
            )
            self.ids.clear()
            self.id_set.clear()


_RAW_PAGE_INSERT = (
    "INSERT INTO raw_pages (url, article_id, fetched_at, status, encoding, content_type, etag, last_modified, html, note,"
    " headers, request_headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _encode_pairs(pairs: list[tuple[str, str]] | None) -> str | None:
    """Header pairs as JSON text for `raw_pages.headers` (None stays NULL)."""
    return None if pairs is None else json.dumps([[str(k), str(v)] for k, v in pairs], ensure_ascii=False)


def _decode_pairs(text: str | None) -> list[tuple[str, str]] | None:
    """`_encode_pairs` reversed; NULL or unreadable JSON gives None (the WARC writer then synthesizes headers)."""
    if not text:
        return None
    try:
        return [(str(k), str(v)) for k, v in json.loads(text)]
    except (ValueError, TypeError):
        return None


@dataclass
class RawPage:
    """A fetched page as stored in `raw_pages` (`body` is the undecoded response body)."""

    url: str
    body: bytes
    status: int = 200
    encoding: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None
    # The HTTP exchange as (name, value) pairs in wire order; None for pages stored before they were kept.
    headers: list[tuple[str, str]] | None = None
    request_headers: list[tuple[str, str]] | None = None
    # `body` already compressed at `RAW_PAGE_ZLIB_LEVEL` (by an extraction worker, off the crawl's thread)
    body_zlib: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class SaveResult:
    """What `save_article` did: the article id and "new", "updated" or "unchanged"."""

    id: int
    status: Literal["new", "updated", "unchanged"]


class Archive:
    """A newsarchive SQLite file; see the module docstring for usage."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        create: bool = True,
        timeout: float = BUSY_TIMEOUT_MS / 1000,
        lock_wait: float = 0.0,
    ):
        """Open the archive at `path`: a reader (`readonly`), or a writer that migrates it and, with `create`, makes it.

        Readers never write, and work on read-only directories and mounts too. `lock_wait` > 0: a writer also
        takes the write lock once (`wait_writable`), retrying with backoff that long while another process
        holds it. Every failure is an `ArchiveError` (see `storage.errors`) with a one-line message.
        """
        self.path = Path(path)
        self.readonly = readonly
        self.immutable = False
        if self.path.is_dir():
            raise ArchiveError(f"{self.path} is a directory, not an archive file")
        if (readonly or not create) and not self.path.exists():
            raise ArchiveNotFound(f"no archive at {self.path}")
        if not readonly:
            why = read_only_reason(self.path)
            if why:
                raise ArchiveReadOnly(f"archive {self.path} is read-only ({why})")
        try:
            conn = self._connect_reader(timeout) if readonly else self._connect_writer(timeout)
        except (sqlite3.Error, OSError) as e:
            raise archive_error(e, self.path, doing="read" if readonly else "write") from None
        self.db = Database(conn)
        try:
            self._prepare(conn, readonly, timeout)
            if lock_wait > 0:
                self.wait_writable(lock_wait)
        except sqlite3.Error as e:  # not SQLite at all, corrupt, unreadable, locked, full
            conn.close()
            raise archive_error(e, self.path, doing="read" if readonly else "write") from None
        except BaseException:
            conn.close()
            raise

    def _connect_reader(self, timeout: float) -> sqlite3.Connection:
        """A read-only connection; on a read-only directory or mount (no `-shm` can be made) an immutable one."""
        uri = self.path.resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as e:
            conn.close()
            wal = Path(f"{self.path}-wal")
            # immutable=1 skips locking and the WAL: right only when no writer can exist (nothing here can be
            # written) and no committed pages wait in a -wal file (a cleanly closed archive has none).
            if not (e.sqlite_errorname.startswith("SQLITE_CANTOPEN") and read_only_reason(self.path)):
                raise
            if wal.exists() and wal.stat().st_size > 0:
                raise ArchiveReadOnly(
                    f"archive {self.path} is on a read-only {read_only_reason(self.path)} with an unfinished write-ahead "
                    f"log ({wal.name}) but no {self.path.name}-shm: open it once where it can be written"
                ) from None
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout)
        self.immutable = True
        return conn

    def _connect_writer(self, timeout: float) -> sqlite3.Connection:
        """A read-write connection, creating the file (and its directory) when missing."""
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file now: errors surface here
        return conn

    def wait_writable(self, wait: float) -> None:
        """Take and release the write lock, retrying with backoff for up to `wait` s; ArchiveLocked after that.

        For the start of a long write (a crawl, an import): a lock held by another process then means a short
        wait and, if it lasts, one clear line — not a failure half-way through the work.
        """
        deadline = time.monotonic() + wait
        delay = 0.1
        saved = self.db.execute("PRAGMA busy_timeout").fetchone()[0]
        try:
            self.db.execute("PRAGMA busy_timeout = 250")  # short waits inside SQLite; the backoff is ours
            while True:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    self.db.conn.rollback()
                    return
                except sqlite3.OperationalError as e:
                    err = archive_error(e, self.path, doing="write")
                    if not isinstance(err, ArchiveLocked):
                        raise err from None
                    if time.monotonic() + delay > deadline:
                        raise ArchiveLocked(
                            f"archive {self.path} is locked by another process (still locked after {wait:g} s)"
                        ) from None
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(saved)}")

    def _prepare(self, conn: sqlite3.Connection, readonly: bool, timeout: float) -> None:
        """Connection settings, then migrations (writers) or a schema check (readers), then the index's columns."""
        self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self.db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.db.execute("PRAGMA synchronous = NORMAL")
            migrations.apply(self.db)
        elif not self.db["articles"].exists():
            raise ArchiveError(f"{self.path} is not a newsarchive archive (no articles table)")
        else:
            # Searches hop around the FTS index: reading it through mmap roughly halves their latency on a
            # large archive (SQLite caps the size at its compile-time limit, 2 GiB here).
            self.db.execute(f"PRAGMA mmap_size = {READER_MMAP_BYTES}")
            self.db.execute("PRAGMA cache_size = -65536")
        self._detect_index()

    def _detect_index(self) -> None:
        """`fts_columns` and `morph` (the analyzer, when the index has morphemes and it is installed)."""
        self.fts_columns = fts_columns(self.db)
        self.morph: Analyzer | None = default_analyzer() if "search_morph" in self.fts_columns else None
        if not self.readonly and self.morphemes_missing:
            log.warning("%s; new articles get no morphemes until `newsarchive reindex` with the analyzer", self.morphemes_missing)

    # -- lifecycle ---------------------------------------------------------------------------------------

    def writing(self) -> AbstractContextManager[None]:
        """One write transaction taken with BEGIN IMMEDIATE (see `storage.transactions.writing`)."""
        return writing(self.db)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Archive {str(self.path)!r}{' readonly' if self.readonly else ''}>"

    # -- meta ----------------------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A value from the `meta` table."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a value in the `meta` table."""
        with self.writing():
            self.db["meta"].upsert({"key": key, "value": value}, pk="key")

    @property
    def search_index_version(self) -> str | None:
        """The search-index scheme the stored `search_*` columns were built with."""
        return self.get_meta("search_index_version")

    @property
    def needs_reindex(self) -> bool:
        """True when the index was built by another tokenisation scheme: run `reindex()`."""
        return self.search_index_version != index_version(self.morphemes_indexed)

    @property
    def morphemes_indexed(self) -> bool:
        """Whether the index has the morpheme column (`reindex(morphemes=True)`; see `storage.morphemes`)."""
        return "search_morph" in self.fts_columns

    @property
    def morphemes_missing(self) -> str | None:
        """One line for the user when the index has morphemes but the analyzer is not installed, else None.

        Searches then match bigrams only, and new articles get no morphemes until a `reindex` with the analyzer.
        """
        if self.morphemes_indexed and self.morph is None:
            return f"archive {self.path} is indexed with morphemes but the analyzer is missing ({INSTALL_HINT}): searching with bigrams only"
        return None

    # -- sources -------------------------------------------------------------------------------------------

    def upsert_source(self, key: str, *, name: str, publisher: str | None = None, language: str | None = None, base_url: str | None = None) -> None:
        """Insert or update a row of `sources`."""
        with self.writing():
            self.db["sources"].upsert(
                {"key": key, "name": name, "publisher": publisher, "language": language, "base_url": base_url, "updated_at": utcnow()},
                pk="key",
            )

    def sources(self) -> list[dict[str, Any]]:
        """All sources, by key."""
        return list(self.db.query("SELECT * FROM sources ORDER BY key"))

    # -- articles ------------------------------------------------------------------------------------------

    def article_id_for_url(self, url: str) -> int | None:
        """The id of the article whose canonical URL or any alias is `url`."""
        # one statement (asked for every article request and item): the canonical URL first, then the aliases
        row = self.db.execute(
            "SELECT id FROM articles WHERE url = ?1 UNION ALL SELECT article_id FROM article_urls WHERE url = ?1 LIMIT 1", [url]
        ).fetchone()
        return row[0] if row else None

    def article_id_for_body_hash(self, body_hash: str) -> int | None:
        """The id of the oldest article with this body hash (the original of any exact duplicates)."""
        row = self.db.execute("SELECT min(id) FROM articles WHERE body_hash = ?", [body_hash]).fetchone()
        return row[0] if row else None

    def get_article(self, id_or_url: int | str) -> dict[str, Any] | None:
        """One article (JSON columns decoded, derived search columns left out) by id, canonical URL or alias."""
        article_id = id_or_url if isinstance(id_or_url, int) else self.article_id_for_url(id_or_url)
        if article_id is None:
            return None
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows:
            return None
        row = rows[0]
        for column in MORPH_FTS_COLUMNS:
            row.pop(column, None)
        row["aliases"] = [
            r[0] for r in self.db.execute("SELECT url FROM article_urls WHERE article_id = ? AND url != ? ORDER BY first_seen, url", [article_id, row["url"]])
        ]
        return _decode_row(row)

    def save_article(self, record: dict[str, Any], *, raw: RawPage | None = None) -> SaveResult:
        """Insert or update one article (plus its aliases and raw page) in one transaction.

        An article already known under `url` or any of `aliases` is updated in place when its content hash
        (title, subtitle, body, modified) changed — the old text goes to `article_versions` and `version`
        goes up — and otherwise only has `last_seen` touched.
        """
        url, aliases = _record_urls(record)
        with self.writing():
            return self._save(record, url, aliases, raw, utcnow(), None)

    def save_batch(
        self, entries: Sequence[tuple[dict[str, Any], RawPage | None]], *,
        after_save: Callable[[int, SaveResult], None] | None = None,
    ) -> list[SaveResult | Exception]:
        """Save (record, raw page) pairs like `save_article`, all in one write transaction: one commit per batch.

        Each entry runs in its own savepoint together with `after_save(index, result)` (e.g. indexing it for
        near-duplicate search), so an entry the archive refuses (no URL, values it cannot store) fails alone:
        its exception takes its place in the returned list. A failure of the archive itself (locked, full,
        read-only) rolls the whole batch back and is raised: then nothing of the batch is stored.
        """
        now = utcnow()
        results: list[SaveResult | Exception] = []
        # FTS5 flushes its pending terms to a new index segment at every savepoint: through the insert trigger,
        # each entry's savepoint would write (and automerge later rewrite) a segment of its own, a cost that grows
        # with the index's depth (CPU ms/article at 200k articles: 2.5 this way, 1.5 with one segment per batch,
        # bench/README.md "Scale"). A batch of several entries indexes its new articles in one statement instead.
        bulk = self._bulk_fts() if len(entries) > 1 else nullcontext(None)
        with self.writing(), bulk as pending:
            for index, (record, raw) in enumerate(entries):
                waiting = list(pending.ids) if pending is not None else []
                try:
                    with savepoint(self.db.conn):
                        url, aliases = _record_urls(record)
                        result = self._save(record, url, aliases, raw, now, pending)
                        if after_save is not None:
                            after_save(index, result)
                except (sqlite3.OperationalError, ArchiveError):
                    raise
                except Exception as exc:  # noqa: BLE001 - this entry's own problem; the batch goes on
                    if pending is not None:
                        # The savepoint's rollback took this entry's row (and any flush it caused) with it: the
                        # articles waiting before it wait again, its own id (free to be reused) does not.
                        pending.ids[:] = waiting
                        pending.id_set = set(waiting)
                    results.append(exc)
                    continue
                results.append(result)
        return results

    def save_articles(self, records: Iterable[dict[str, Any]], *, batch: int = 4000) -> list[SaveResult]:
        """Save many articles, `batch` per transaction (bulk loads: far fewer commits than one by one).

        Rate on 2 cores: ~2,000 articles/s of ~1,500 characters (bench/search_bench.py); batches of 1,000
        are ~25% slower (each transaction reloads the FTS structure and commits ~15 MB).

        Same result as `save_article` on each record in turn. Within a batch, new articles bypass the
        per-row FTS insert trigger and are indexed by one statement before the commit: FTS5 flushes its
        pending terms to a new index segment at every savepoint and statement journal, so row-by-row
        indexing writes (and then merges) a segment per article.
        """
        results: list[SaveResult] = []

        def chunks() -> Iterator[list[dict[str, Any]]]:
            chunk: list[dict[str, Any]] = []
            for record in records:
                chunk.append(record)
                if len(chunk) >= batch:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        # The next batch is prepared (URLs, hashes, bigram text, row values) in a worker thread while this one
        # is written: sqlite3 releases the GIL while SQLite works (mostly FTS5 indexing), so the two overlap on
        # 2+ cores. The worker is started just before the one long FTS statement: while it runs Python, the
        # many short statements of the row inserts would each wait for the GIL (a convoy), not overlap.
        with ThreadPoolExecutor(max_workers=1) as pool, ExitStack() as bulk:
            ahead = None
            it = chunks()
            chunk = next(it, None)
            if chunk is not None:
                ahead = pool.submit(_prepare_batch, chunk, self.morph)
            while chunk is not None:
                prepared = ahead.result()  # type: ignore[union-attr]
                following = next(it, None)
                if following is not None and not results:
                    bulk.enter_context(self._bulk_fts_config())  # more than one batch: a bulk load
                with self.writing(), self._bulk_fts() as pending:
                    self._save_prepared(chunk, prepared, utcnow(), pending, results)
                    if following is not None:
                        ahead = pool.submit(_prepare_batch, following, self.morph)
                chunk = following
        return results

    def _save_prepared(
        self, chunk: list[dict[str, Any]], prepared: "_PreparedBatch", now: str, pending: "_PendingFts | None", results: list[SaveResult]
    ) -> None:
        """Save one batch in order: runs of new articles as bulk inserts, the others (known URLs) one by one."""
        urls = [u for p in prepared.items if p is not None for u in p.urls]
        known = {r[0] for r in self.db.execute("SELECT url FROM articles WHERE url IN (SELECT value FROM json_each(?))", [json.dumps(urls)])}
        known.update(r[0] for r in self.db.execute("SELECT url FROM article_urls WHERE url IN (SELECT value FROM json_each(?))", [json.dumps(urls)]))
        run: list[_PreparedArticle] = []
        for record, item in zip(chunk, prepared.items):
            if item is not None and item.row is not None and not any(u in known or u in prepared.repeated for u in item.urls):
                run.append(item)
                continue
            self._insert_new(run, now, pending, results)
            url, aliases = _record_urls(record)  # raises the one-line error of a record without a URL
            results.append(self._save(record, url, aliases, None, now, pending, prepared.columns))
        self._insert_new(run, now, pending, results)

    def _insert_new(self, run: list["_PreparedArticle"], now: str, pending: "_PendingFts | None", results: list[SaveResult]) -> None:
        """Insert articles known to be new (no URL of theirs archived) with two executemany calls; empties `run`."""
        if not run:
            return
        first = (self.db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0) + 1  # what SQLite would assign
        times = (now, now, now)
        self.db.conn.executemany(
            f"INSERT INTO articles (id, first_seen, last_seen, last_changed, published_utc, {_NEW_COLUMNS_SQL}) VALUES (?, ?, ?, ?, ?{', ?' * len(_NEW_COLUMNS)})",
            [(first + i, *times, item.published_utc or now, *item.row) for i, item in enumerate(run)],  # type: ignore[misc]
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO article_urls (url, article_id, first_seen) VALUES (?, ?, ?)",
            [(u, first + i, now) for i, item in enumerate(run) for u in item.urls],
        )
        for i in range(len(run)):
            if pending is not None:
                pending.add(first + i)
            results.append(SaveResult(first + i, "new"))
        run.clear()

    def _save(
        self, record: dict[str, Any], url: str, aliases: list[str], raw: RawPage | None, now: str, pending: "_PendingFts | None",
        known: dict[_TextKey, dict[str, str]] | None = None,
    ) -> SaveResult:
        """`save_article`'s work, inside the caller's write transaction (no savepoint of its own)."""
        chash = content_hash(record)
        article_id = self.article_id_for_url(url)
        if article_id is None:
            article_id = next((i for i in map(self.article_id_for_url, aliases) if i is not None), None)
        if article_id is None:
            row = _article_row(record, {"first_seen": now}, known, self.morph)
            row.update(url=url, version=1, first_seen=now, last_seen=now, last_changed=now, content_hash=chash)
            article_id = self._insert("articles", row)
            if pending is not None:
                pending.add(article_id)
            status: Literal["new", "updated", "unchanged"] = "new"
        else:
            if pending is not None:
                pending.before_update(article_id)
            old = self.db.execute(
                "SELECT url, version, title, subtitle, body, modified, content_hash FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            old_url, old_version, *old_text, old_hash = old
            if old_hash == chash:
                self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", [now, article_id])
                status = "unchanged"
            else:
                self._insert(
                    "article_versions",
                    dict(zip(("title", "subtitle", "body", "modified"), old_text),
                         article_id=article_id, version=old_version, content_hash=old_hash, saved_at=now),
                )  # fmt: skip
                current = self.db["articles"].get(article_id)
                row = _article_row(record, current, known, self.morph)
                row.update(version=old_version + 1, last_seen=now, last_changed=now, content_hash=chash)
                self.db["articles"].update(article_id, row)
                status = "updated"
            if url != old_url and self.db.execute("SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is None:
                # Found through an alias: the page now names a new canonical URL, keep the old one as an alias.
                self.db.execute("UPDATE articles SET url = ? WHERE id = ?", [url, article_id])
                aliases.append(old_url)
        for alias in [url, *aliases]:
            self.db.execute("INSERT OR IGNORE INTO article_urls (url, article_id, first_seen) VALUES (?, ?, ?)", [alias, article_id, now])
        if raw is not None:
            self.save_raw_page(raw, article_id=article_id)
        return SaveResult(int(article_id), status)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """INSERT one row (values converted like sqlite-utils does) and return its rowid; far cheaper than `Table.insert`."""
        sql = f"INSERT INTO {quote_identifier(table)} ({', '.join(map(quote_identifier, row))}) VALUES ({', '.join('?' * len(row))})"
        return int(self.db.conn.execute(sql, [jsonify_if_needed(v) for v in row.values()]).lastrowid)  # type: ignore[arg-type]

    @contextmanager
    def _bulk_fts(self) -> Iterator["_PendingFts | None"]:
        """Inside a write transaction: new articles skip the FTS insert trigger and are indexed in one statement at the end.

        The trigger is dropped and re-created inside the transaction, so other connections never see it
        missing, and a rollback restores it.
        """
        row = self.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_ai'").fetchone()
        if row is None:
            yield None
            return
        self.db.execute('DROP TRIGGER "articles_ai"')
        pending = _PendingFts(self.db, fts_columns(self.db))  # read now: another process may have reindexed since we opened
        yield pending
        pending.flush()
        self.db.execute(row[0])

    @contextmanager
    def _bulk_fts_config(self) -> Iterator[None]:
        """FTS5 options for a multi-batch load (`BULK_FTS_CONFIG`), restored afterwards, also after an error.

        Set once per load, not per batch: each change costs a reload of the FTS table in every transaction.
        """
        keys = json.dumps(list(BULK_FTS_CONFIG))
        with self.writing():
            saved = dict(self.db.execute("SELECT k, v FROM articles_fts_config WHERE k IN (SELECT value FROM json_each(?))", [keys]).fetchall())
            self._fts_config(BULK_FTS_CONFIG)
        try:
            yield
        finally:
            with self.writing():
                self._fts_config({k: saved.get(k, v) for k, v in FTS_DEFAULT_CONFIG.items()})

    def _fts_config(self, settings: dict[str, int], table: str = "articles_fts") -> None:
        """Set FTS5 configuration options (persisted in `TABLE_config`, part of the transaction)."""
        for key, value in settings.items():
            self.db.execute(f"INSERT INTO {table}({table}, rank) VALUES(?, ?)", [key, value])

    def add_alias(self, article_id: int, url: str, *, _now: str | None = None) -> None:
        """Record that `article_id` was seen under `url` (a no-op if that URL is already known)."""
        with self.writing():
            self.db.execute("INSERT OR IGNORE INTO article_urls (url, article_id, first_seen) VALUES (?, ?, ?)", [url, article_id, _now or utcnow()])

    def touch(self, article_id: int, *, when: str | None = None) -> None:
        """Set `last_seen` (e.g. after a 304 Not Modified re-check) without touching the content."""
        with self.writing():
            self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", [when or utcnow(), article_id])

    def versions(self, article_id: int) -> list[dict[str, Any]]:
        """Earlier versions of an article, oldest first (the current text is in `articles`)."""
        return list(self.db.query("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version", [article_id]))

    def mark_duplicate(self, article_id: int, original_id: int | None, similarity: float | None = None) -> None:
        """Set (or with None clear) `duplicate_of` / `similarity` of an article."""
        with self.writing():
            self.db["articles"].update(article_id, {"duplicate_of": original_id, "similarity": similarity})

    # -- raw pages -----------------------------------------------------------------------------------------

    def save_raw_page(self, raw: RawPage, *, article_id: int | None = None, note: str | None = None, once: bool = False) -> int:
        """Store a fetched page (zlib-compressed) and return its id; `note` says why a page was dropped.

        `once`: a page already stored with the same URL, article and bytes is not stored again (its id is
        returned) — a dropped page fetched again by a crawl that follows an interrupted one.
        """
        html = raw.body_zlib
        if html is None:
            body = raw.body.encode("utf-8") if isinstance(raw.body, str) else bytes(raw.body or b"")
            html = compress_page(body, RAW_PAGE_ZLIB_LEVEL)
        with self.writing():
            if once:
                row = self.db.execute(
                    "SELECT id FROM raw_pages WHERE url = ? AND article_id IS ? AND html = ? LIMIT 1", [raw.url, article_id, html]
                ).fetchone()
                if row is not None:
                    return int(row[0])
            # one prepared statement, not sqlite-utils' `insert` (which rebuilds its SQL and converts each value
            # per call): every crawled article writes one of these
            return int(self.db.conn.execute(_RAW_PAGE_INSERT, [
                raw.url, article_id, raw.fetched_at or utcnow(), raw.status, raw.encoding, raw.content_type, raw.etag,
                raw.last_modified, html, note, _encode_pairs(raw.headers), _encode_pairs(raw.request_headers),
            ]).lastrowid)  # fmt: skip

    @staticmethod
    def _raw_from_row(row: dict[str, Any]) -> RawPage:
        return RawPage(
            url=row["url"], body=zlib.decompress(row["html"]) if row["html"] is not None else b"", status=row["status"],
            encoding=row["encoding"], content_type=row["content_type"], etag=row["etag"],
            last_modified=row["last_modified"], fetched_at=row["fetched_at"],
            headers=_decode_pairs(row.get("headers")), request_headers=_decode_pairs(row.get("request_headers")),
        )  # fmt: skip

    def raw_page(self, article_id: int) -> RawPage | None:
        """The latest stored page of an article, decompressed."""
        rows = list(self.db.query("SELECT * FROM raw_pages WHERE article_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1", [article_id]))
        return self._raw_from_row(rows[0]) if rows else None

    def raw_pages(self, *, article_id: int | None = None, url: str | None = None) -> list[RawPage]:
        """Stored pages of an article or URL, newest first."""
        where, params = ("article_id = ?", [article_id]) if article_id is not None else ("url = ?", [url])
        return [self._raw_from_row(r) for r in self.db.query(f"SELECT * FROM raw_pages WHERE {where} ORDER BY fetched_at DESC, id DESC", params)]

    def conditional_headers(self, url: str) -> dict[str, str]:
        """`If-None-Match` / `If-Modified-Since` from the latest raw page of `url` (or of its article), for re-checks."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM raw_pages WHERE url = ? AND (etag IS NOT NULL OR last_modified IS NOT NULL) "
            "ORDER BY fetched_at DESC, id DESC LIMIT 1",
            [url],
        ).fetchone()
        if row is None:
            article_id = self.article_id_for_url(url)
            if article_id is not None:
                row = self.db.execute(
                    "SELECT etag, last_modified FROM raw_pages WHERE article_id = ? AND (etag IS NOT NULL OR last_modified IS NOT NULL) "
                    "ORDER BY fetched_at DESC, id DESC LIMIT 1",
                    [article_id],
                ).fetchone()
        headers: dict[str, str] = {}
        if row:
            if row[0]:
                headers["If-None-Match"] = row[0]
            if row[1]:
                headers["If-Modified-Since"] = row[1]
        return headers

    # -- crawl runs ----------------------------------------------------------------------------------------

    def start_run(self, site: str, trigger: str = "manual", *, pid: int | None = None) -> int:
        """Record the start of a crawl run (status "running", this host, `pid` or ours) and return its id.

        Runs left "running" by processes that died are marked interrupted first (`mark_stale_runs`).
        """
        self.mark_stale_runs()
        now = utcnow()
        row = {"site": site, "trigger": trigger, "started_at": now, "status": "running", "pid": pid or os.getpid(),
               "host": socket.gethostname(), "heartbeat_at": now}
        with self.writing():
            return int(self.db["crawl_runs"].insert(row).last_pk)

    def adopt_run(self, run_id: int) -> None:
        """This process now runs `run_id` (a crawl subprocess taking over the row its scheduler opened)."""
        with self.writing():
            self.db.execute("UPDATE crawl_runs SET pid = ?, host = ?, heartbeat_at = ? WHERE id = ?",
                            [os.getpid(), socket.gethostname(), utcnow(), run_id])

    def heartbeat(self, *run_ids: int) -> None:
        """Note that the runs' process is alive (every `RUN_HEARTBEAT_SECONDS` while they run): one transaction for
        all the runs of a crawl process."""
        if not run_ids:
            return
        with self.writing():
            self.db.execute(f"UPDATE crawl_runs SET heartbeat_at = ? WHERE id IN ({','.join('?' * len(run_ids))}) "
                            "AND status = 'running'", [utcnow(), *run_ids])

    def mark_stale_runs(self, *, stale_after: float = RUN_STALE_SECONDS) -> list[int]:
        """Mark "interrupted" the running runs whose process is gone; returns their ids.

        Gone: on this host, its pid no longer exists (kill -9, OOM kill, power loss); on any host, no
        heartbeat for `stale_after` seconds (also covers a reused pid and rows written before pids were kept).
        """
        rows = self.db.execute("SELECT id, pid, host, coalesce(heartbeat_at, started_at) FROM crawl_runs WHERE status = 'running'").fetchall()
        if not rows:
            return []
        host = socket.gethostname()
        cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=stale_after)).strftime("%Y-%m-%dT%H:%M:%SZ")
        stale: list[tuple[int, str]] = []
        me = os.getpid()
        for run_id, pid, run_host, beat in rows:
            # `pid != me`: this very process (other sites of its group) is alive; a group of 100 sites checked
            # its own pid ~5,000 times on the reactor thread while its crawls opened
            if run_host == host and pid and pid != me and not _pid_alive(int(pid)):
                stale.append((run_id, f"crawl process {pid} ended without finishing the run (killed?)"))
            elif (beat or "") < cutoff:
                who = f"process {pid} on {run_host}" if pid else "its process"
                stale.append((run_id, f"no sign of life from {who} since {beat or 'its start'}: marked interrupted"))
        if stale:
            with self.writing():
                for run_id, error in stale:
                    self.db.execute(
                        "UPDATE crawl_runs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND status = 'running'",
                        [utcnow(), error, run_id],
                    )
        return [run_id for run_id, _ in stale]

    def finish_run(self, run_id: int, *, status: str, counts: dict[str, Any], exit_code: int | None = None, error: str | None = None) -> None:
        """Close a crawl run with its final status ("ok", "failed" or "interrupted") and counts."""
        if status not in RUN_STATUSES:
            raise ValueError(f"run status must be one of {', '.join(RUN_STATUSES)}, not {status!r}")
        with self.writing():
            self.db["crawl_runs"].update(
                run_id,
                {"finished_at": utcnow(), "status": status, "exit_code": exit_code, "counts": json.dumps(counts, ensure_ascii=False, default=str), "error": error},
            )

    def add_run_counts(self, run_id: int, counts: dict[str, int]) -> None:
        """Add `counts` to a run's counts (the fleet's writer and dispatcher each add their share, in any order)."""
        with self.writing():
            row = self.db.execute("SELECT counts FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
            if row is None:
                return
            try:
                current = json.loads(row[0]) if row[0] else {}
            except ValueError:
                current = {}
            for name, n in counts.items():
                current[name] = int(current.get(name, 0) or 0) + int(n)
            self.db.execute("UPDATE crawl_runs SET counts = ? WHERE id = ?",
                            [json.dumps(current, ensure_ascii=False), run_id])

    def runs(self, site: str | None = None, failed: bool = False, limit: int = 50) -> list[dict[str, Any]]:
        """Crawl runs, newest first; `failed=True` keeps only failed and interrupted ones."""
        where, params = [], []
        if site:
            where.append("site = ?")
            params.append(site)
        if failed:
            where.append("status IN ('failed', 'interrupted')")
        sql = "SELECT * FROM crawl_runs" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC LIMIT ?"
        rows = list(self.db.query(sql, [*params, limit]))
        for row in rows:
            if row.get("counts"):
                try:
                    row["counts"] = json.loads(row["counts"])
                except ValueError:
                    pass
        return rows

    # -- overview ------------------------------------------------------------------------------------------

    def _raw_bytes(self) -> int:
        """Bytes of stored raw pages (compressed): the total m014's triggers keep, else (an archive opened read-only
        before that migration) the sum over every raw page, which reads one B-tree page per stored page."""
        kept = self.get_meta(RAW_BYTES_META_KEY)
        if kept is not None:
            return int(kept)
        return self.db.execute("SELECT coalesce(sum(length(html)), 0) FROM raw_pages").fetchone()[0]

    def stats(self) -> dict[str, Any]:
        """Counts for a status page: articles (total, per site, near duplicates), versions, aliases, raw pages, runs, file size."""
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        last = self.runs(limit=1)
        return {
            "path": str(self.path),
            "file_size": size,
            "articles": one("SELECT count(*) FROM articles"),
            "articles_by_site": dict(self.db.execute("SELECT coalesce(site, ''), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall()),
            # the crawl summary's "near" duplicates (stored, linked); its "dup" (exact copies) are only aliases
            "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "versions": one("SELECT count(*) FROM article_versions"),
            "aliases": one("SELECT count(*) FROM article_urls"),
            "raw_pages": one("SELECT count(*) FROM raw_pages"),
            "raw_pages_dropped": one("SELECT count(*) FROM raw_pages WHERE note IS NOT NULL"),
            "raw_bytes_compressed": self._raw_bytes(),
            "sources": one("SELECT count(*) FROM sources"),
            "runs": one("SELECT count(*) FROM crawl_runs"),
            "runs_by_status": dict(self.db.execute("SELECT status, count(*) FROM crawl_runs GROUP BY 1").fetchall()),
            "last_run": last[0] if last else None,
            "oldest_published": one("SELECT min(published_utc) FROM articles"),
            "newest_published": one("SELECT max(published_utc) FROM articles"),
            "search_index_version": self.search_index_version,
            "needs_reindex": self.needs_reindex,
        }

    # -- search index --------------------------------------------------------------------------------------

    def reindex(
        self, progress: Callable[[int, int], None] | None = None, *, batch: int = REINDEX_BATCH, morphemes: bool | None = None
    ) -> int:
        """Recompute every article's `search_*` columns with the current scheme and rebuild the FTS index.

        `morphemes`: True adds the morpheme column (needs the `morph` extra; ArchiveError in one line without
        it), False drops it, None keeps what the index has (or what an interrupted reindex was building).
        Returns the number of articles. `progress(done, total)` is called after each batch.

        One transaction per `batch` articles, with a WAL checkpoint after each, so the WAL stays about one batch
        big. The new index is built beside the live one (`storage.reindex`), which keeps answering searches;
        the index version switches in the last transaction only. Interrupted (crash, Ctrl-C), it continues
        where it stopped when run again with the same scheme.
        """
        if morphemes is None:
            resumed = next_index.pending_morphemes(self.db, {index_version(True): True, index_version(False): False})
            morphemes = self.morphemes_indexed if resumed is None else resumed
        morph = default_analyzer() if morphemes else None
        if morphemes and morph is None:
            raise ArchiveError(f"indexing morphemes needs the analyzer: {INSTALL_HINT}")
        columns = MORPH_FTS_COLUMNS if morphemes else FTS_COLUMNS
        # SQLite as Debian builds it zeroes every freed page (SECURE_DELETE): dropping the old index at the end
        # would write all of its pages to the WAL. FAST zeroes only what costs no extra I/O; derived index text
        # of articles still stored is nothing to scrub.
        secure_delete = self.db.execute("PRAGMA secure_delete").fetchone()[0]
        self.db.execute("PRAGMA secure_delete = FAST")
        try:
            return self._reindex(progress, batch, morph, columns, index_version(morphemes))
        finally:
            self.db.execute(f"PRAGMA secure_delete = {int(secure_delete)}")

    def _reindex(
        self, progress: Callable[[int, int], None] | None, batch: int, morph: Analyzer | None, columns: tuple[str, ...], target: str
    ) -> int:
        with self.writing():
            done_id = next_index.pending(self.db, target)
            if done_id is None:
                next_index.start(self.db, columns, target)
                self._fts_config(BULK_FTS_CONFIG, table=next_index.NEXT)
                done_id = 0
        total = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        done = self.db.execute("SELECT count(*) FROM articles WHERE id <= ?", [done_id]).fetchone()[0]
        if progress and done:
            progress(done, total)  # a resumed reindex starts where the interrupted one stopped
        rows_of = _search_rows if morph is None else partial(_search_rows, morph=morph)
        with ThreadPoolExecutor(max_workers=1) as pool:
            while True:
                batches = self._text_batches(batch, after=done_id)
                first = next(batches, None)
                if first is None:
                    with self.writing():
                        # a crawl may have added articles since the last batch was read: index them first
                        if not self.db.execute("SELECT 1 FROM articles WHERE id > ? LIMIT 1", [done_id]).fetchone():
                            self._fts_config(FTS_DEFAULT_CONFIG, table=next_index.NEXT)
                            next_index.switch(self.db, columns)
                            break
                    continue
                # A worker thread cuts the next batch's bigrams while SQLite (GIL released) writes this one.
                # (A process pool was tried earlier: no faster on 2 cores, pickling eats the gain.)
                ahead: tuple[Any, int] | None = (pool.submit(rows_of, first), len(first))
                while ahead is not None:
                    updates, first_id, last_id = ahead[0].result()
                    size = ahead[1]
                    with self.writing():
                        # Rows were read before this transaction: one a crawl rewrote meanwhile (its search columns
                        # are no longer those read) keeps what the crawl wrote, computed by this same code.
                        self.db.conn.executemany(
                            "UPDATE articles SET search_title = ?, search_body = ?, search_meta = ?, search_morph = ?"
                            " WHERE search_title IS ? AND search_body IS ? AND search_meta IS ? AND search_morph IS ? AND id = ?",
                            updates,
                        )
                        following = next(batches, None)
                        # Submitted just before the one long FTS statement: many short statements (the UPDATEs) would
                        # each wait for the GIL the worker holds, serialising the two threads.
                        ahead = (pool.submit(rows_of, following), len(following)) if following else None
                        self.db.execute(
                            f"INSERT INTO {next_index.NEXT} (rowid, {', '.join(columns)}) SELECT id, {', '.join(columns)}"
                            " FROM articles WHERE id BETWEEN ? AND ?",
                            [first_id, last_id],
                        )
                        next_index.set_done(self.db, last_id)
                    done_id, done = last_id, done + size
                    # Copy the batch into the database file now, so the next batch reuses the WAL from its start.
                    self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    if progress:
                        progress(min(done, total), max(total, done))
        self._detect_index()
        return max(total, done)

    def _text_batches(self, batch: int, after: int = 0) -> Iterator[list[_TextRow]]:
        last_id = after
        while True:
            rows = self.db.execute(
                "SELECT id, title, subtitle, body, site, section, search_title, search_body, search_meta, search_morph FROM articles"
                " WHERE id > ? ORDER BY id LIMIT ?",
                [last_id, batch],
            ).fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            yield rows

    def optimize(self) -> None:
        """Merge the FTS index b-trees (faster queries after bulk loads); safe to run any time."""
        self.db["articles"].optimize()

    def check_index(self) -> bool:
        """Run FTS5's integrity-check against the content table; True when the index matches the articles."""
        try:
            self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
            return True
        except sqlite3.DatabaseError:
            return False

    # -- search and exchange live in their own modules ----------------------------------------------------

    def search(
        self,
        query: str | None = None,
        *,
        site: str | list[str] | None = None,
        section: str | None = None,
        author: str | None = None,
        since: Any = None,
        until: Any = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        collapse_duplicates: bool = False,
        **options: Any,
    ) -> "SearchResults":
        """Korean-aware full-text search (`storage.search.search`): `a.search("기준금리 -미국", site="yna").results`."""
        from storage.search import search

        return search(
            self.db, query, site=site, section=section, author=author, since=since, until=until, sort=sort,  # type: ignore[arg-type]
            limit=limit, offset=offset, collapse_duplicates=collapse_duplicates, **options,
        )  # fmt: skip

    def search_counts(self, query: str, by: str, **filters: Any) -> list[tuple[str, str, int]]:
        """(period, site, matching articles) per day/week/month, oldest first (`storage.search.counts_by_period`)."""
        from storage.search import counts_by_period

        return counts_by_period(self.db, query, by, **filters)

    def export(self, out: Any, **kwargs: Any) -> int:
        """Write articles as JSON lines or CSV to a file object; see `storage.exchange.export`."""
        from storage.exchange import export

        return export(self, out, **kwargs)

    def import_jsonl(self, path: str | os.PathLike[str] | Iterable[str], *, batch: int = 2000, **limits: Any) -> "ImportReport":
        """Import articles from an export's JSON lines; see `storage.exchange.import_jsonl` (`max_line_bytes`)."""
        from storage.exchange import import_jsonl

        return import_jsonl(self, path, batch=batch, **limits)

