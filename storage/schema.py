"""The archive schema, as sqlite-utils `Migrations`: applied in order, each recorded in `_sqlite_migrations`.

Usage::

    from sqlite_utils import Database
    from storage.schema import migrations
    migrations.apply(Database("newsarchive.db"))

Add a new `@migrations()` function at the end for every change; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from storage.tokens import SEARCH_INDEX_VERSION

migrations = Migrations("newsarchive.storage")

#: The FTS table's rank: BM25 with the title weighted 10x the body (column order: search_title, search_body).
FTS_RANK = "bm25(10.0, 1.0)"
FTS_COLUMNS = ("search_title", "search_body")
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


@migrations(transactional=False)
def m001_wal(db: Database) -> None:
    """WAL lets readers (search, Datasette) run while a crawl writes; it must be set outside a transaction."""
    db.enable_wal()


@migrations()
def m002_tables(db: Database) -> None:
    """Create every table.

    `articles` puts small columns first and the long texts last: SQLite reads a row's columns in order, so
    filters and sorts on site/published never touch the overflow pages holding body and search text.
    """
    db.executescript(
        """
        CREATE TABLE sources (
            key TEXT PRIMARY KEY,
            name TEXT,
            publisher TEXT,
            language TEXT,
            base_url TEXT,
            updated_at TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT UNIQUE NOT NULL,
            site TEXT,
            published TEXT,            -- as the page gave it (usually with its own offset)
            published_utc TEXT,        -- that instant in UTC 'YYYY-MM-DDTHH:MM:SSZ' (first_seen if undated): sort/filter key
            modified TEXT,
            section TEXT,
            language TEXT,
            publisher TEXT,
            duplicate_of INTEGER REFERENCES articles(id),
            similarity REAL,
            version INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT,
            last_seen TEXT,
            last_changed TEXT,
            body_hash TEXT,
            content_hash TEXT,
            title TEXT,
            subtitle TEXT,
            authors TEXT,              -- JSON list of names
            tags TEXT,                 -- JSON list
            top_image TEXT,
            images TEXT,               -- JSON list of {"url", "caption"}
            emails TEXT,               -- JSON list
            body TEXT,
            search_title TEXT,         -- derived (storage.tokens.search_text); never written directly
            search_body TEXT
        );
        CREATE INDEX idx_articles_published ON articles(published_utc);
        CREATE INDEX idx_articles_site_published ON articles(site, published_utc);
        CREATE INDEX idx_articles_body_hash ON articles(body_hash);
        CREATE INDEX idx_articles_duplicate_of ON articles(duplicate_of);
        CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            first_seen TEXT
        );
        CREATE INDEX idx_article_urls_article ON article_urls(article_id);
        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            title TEXT,
            subtitle TEXT,
            body TEXT,
            modified TEXT,
            content_hash TEXT,
            saved_at TEXT
        );
        CREATE INDEX idx_article_versions_article ON article_versions(article_id, version);
        CREATE TABLE raw_pages (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id),
            fetched_at TEXT,
            status INTEGER,
            encoding TEXT,
            content_type TEXT,
            etag TEXT,
            last_modified TEXT,
            html BLOB,                 -- zlib-compressed page body
            note TEXT                  -- why the page was dropped, when it was
        );
        CREATE INDEX idx_raw_pages_article ON raw_pages(article_id);
        CREATE INDEX idx_raw_pages_url ON raw_pages(url);
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            site TEXT,
            trigger TEXT,
            started_at TEXT,
            finished_at TEXT,
            status TEXT,               -- running | ok | failed | interrupted
            exit_code INTEGER,
            counts TEXT,               -- JSON object
            error TEXT
        );
        CREATE INDEX idx_crawl_runs_site ON crawl_runs(site, started_at);
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


@migrations()
def m003_search(db: Database) -> None:
    """External-content FTS5 over the derived columns, synced by sqlite-utils triggers, ranked title-first."""
    create_search_index(db)


def create_search_index(db: Database) -> None:
    """(Re)create `articles_fts` with its triggers and rank, and record the search-index version in `meta`."""
    db["articles"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    # A persistent rank: `ORDER BY rank` (and Datasette's canned query) get the title-weighted BM25.
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', '{FTS_RANK}')")
    narrow_update_trigger(db)
    db["meta"].upsert({"key": "search_index_version", "value": SEARCH_INDEX_VERSION}, pk="key")


def create_empty_search_index(db: Database) -> None:
    """`articles_fts` with exactly the schema `create_search_index` (sqlite-utils' `enable_fts`) makes, but empty
    and without triggers: `Archive.reindex` fills it batch by batch, then calls `finish_search_index`."""
    db.execute(
        'CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (\n    "search_title", "search_body",\n'
        f"    tokenize='{FTS_TOKENIZE}',\n    content=\"articles\"\n)"
    )


def finish_search_index(db: Database) -> None:
    """The triggers, rank and version `create_search_index` sets, for a table made by `create_empty_search_index`."""
    db.execute(
        'CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN\n'
        '  INSERT INTO "articles_fts" (rowid, "search_title", "search_body") VALUES (new.rowid, new."search_title", new."search_body");\nEND'
    )
    db.execute(
        'CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN\n'
        '  INSERT INTO "articles_fts" ("articles_fts", rowid, "search_title", "search_body")'
        ' VALUES(\'delete\', old.rowid, old."search_title", old."search_body");\nEND'
    )
    db.execute(UPDATE_TRIGGER_SQL)
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', '{FTS_RANK}')")
    db["meta"].upsert({"key": "search_index_version", "value": SEARCH_INDEX_VERSION}, pk="key")


#: sqlite-utils' update trigger, fired only when an indexed column is assigned.
UPDATE_TRIGGER_SQL = """CREATE TRIGGER "articles_au" AFTER UPDATE OF "search_title", "search_body" ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "search_title", "search_body") VALUES('delete', old.rowid, old."search_title", old."search_body");
  INSERT INTO "articles_fts" (rowid, "search_title", "search_body") VALUES (new.rowid, new."search_title", new."search_body");
END"""


def narrow_update_trigger(db: Database) -> None:
    """Re-create sqlite-utils' `articles_au` as AFTER UPDATE OF the indexed columns.

    Its plain AFTER UPDATE re-indexed an article (delete + insert of ~1,000 bigram tokens) on every
    UPDATE, also of `last_seen` (every re-crawl of an unchanged article), `duplicate_of` or `url`.
    The FTS index holds only `search_title` / `search_body`, and every write of new text assigns both
    (`Archive._article_row`), so the narrower trigger keeps the index in sync. Single statements, not
    executescript: that would commit the caller's transaction.
    """
    db.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.execute(UPDATE_TRIGGER_SQL)


@migrations()
def m004_dedupe_state(db: Database) -> None:
    """State of deduplication and incremental crawls.

    `near_dup_bands` / `near_dup_articles` hold the MinHash-LSH index (see `storage.near_duplicates`).
    `near_dup_bands` is WITHOUT ROWID with the band key first, so a lookup is one B-tree probe per band and
    the table holds nothing but (key, article_id); `near_dup_articles` keeps each indexed article's 16-bit
    MinHash signature (candidates are screened with it, and an edited article's old bands found from it).
    `fetch_failures` remembers article URLs that could not be fetched and when to try them again
    (see `storage.fetch_failures`).
    """
    db.executescript(
        """
        CREATE TABLE near_dup_bands (
            key INTEGER NOT NULL,      -- band number << 40 | 40-bit hash of the band's MinHash rows
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE near_dup_articles (
            article_id INTEGER PRIMARY KEY,   -- articles.id (no foreign key: derived data, rebuilt at will)
            signature BLOB             -- uint16 MinHash values; NULL: text too short to be matched
        );
        CREATE TABLE fetch_failures (
            url TEXT PRIMARY KEY,      -- canonical article URL
            failures INTEGER NOT NULL, -- consecutive failed crawls
            last_status TEXT,          -- http_404, http_500, truncated, timeout, ...
            first_failed TEXT,
            last_failed TEXT,
            retry_after TEXT           -- UTC 'YYYY-MM-DDTHH:MM:SSZ'; skipped until then
        );
        """
    )


@migrations()
def m005_narrow_fts_update_trigger(db: Database) -> None:
    """Updates that do not assign the indexed columns (last_seen, duplicate_of, url) no longer re-index the article."""
    narrow_update_trigger(db)
