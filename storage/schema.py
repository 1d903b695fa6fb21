"""The archive schema, as sqlite-utils `Migrations`: applied in order, each recorded in `_sqlite_migrations`.

Usage::

    from sqlite_utils import Database
    from storage.schema import migrations
    migrations.apply(Database("newsarchive.db"))

Add a new `@migrations()` function at the end for every change; never edit one that has shipped.
"""

from __future__ import annotations

import logging

from sqlite_utils import Database, Migrations

from storage.tokens import SEARCH_INDEX_VERSION

migrations = Migrations("newsarchive.storage")

#: The FTS table's rank: BM25 with the title weighted 10x the body; `search_meta` (filter tokens) weighs 0.
FTS_RANK = "bm25(10.0, 1.0, 0.0)"
FTS_COLUMNS = ("search_title", "search_body", "search_meta")
#: An archive indexed with morphemes (`Archive.reindex(morphemes=True)`) has a fourth column, `search_morph`.
MORPH_FTS_COLUMNS = (*FTS_COLUMNS, "search_morph")
#: Its weight: a whole-word (morpheme) match counts this many times a body bigram match, so it ranks above a
#: substring-only match. `bench/search_bench.py --relevance`, nDCG@10: 1 → 0.922, 3 → 0.925, 10 → 0.927,
#: 30 → 0.929 (bigrams alone 0.919); 10 keeps a title match (weight 10) on par with a morpheme match.
MORPH_WEIGHT = 10.0
MORPH_FTS_RANK = f"bm25(10.0, 1.0, 0.0, {MORPH_WEIGHT})"
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
# The index as migrations m003-m005 made it (before `search_meta`); shipped migrations never change.
_V1_COLUMNS = ("search_title", "search_body")
_V1_RANK = "bm25(10.0, 1.0)"


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
    create_search_index(db, _V1_COLUMNS, _V1_RANK, "bigram-1")


def create_search_index(db: Database, columns: tuple[str, ...], rank: str, version: str) -> None:
    """(Re)create `articles_fts` over `columns` with sqlite-utils' triggers and `rank`, and record `version` in `meta`.

    Used by m003 as it shipped; `create_empty_search_index` + `finish_search_index` make the current layout.
    """
    db["articles"].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    # A persistent rank: `ORDER BY rank` (and Datasette's canned query) get the title-weighted BM25.
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', '{rank}')")
    narrow_update_trigger(db, columns)
    db["meta"].upsert({"key": "search_index_version", "value": version}, pk="key")


def create_empty_search_index(db: Database, columns: tuple[str, ...] = FTS_COLUMNS, table: str = "articles_fts") -> None:
    """`table` (`articles_fts`) with exactly the schema `create_search_index` (sqlite-utils' `enable_fts`) makes, but
    empty and without triggers: `storage.reindex` fills one batch by batch, then `finish_search_index` completes it."""
    cols = ", ".join(f'"{c}"' for c in columns)
    db.execute(f'CREATE VIRTUAL TABLE "{table}" USING FTS5 (\n    {cols},\n    tokenize=\'{FTS_TOKENIZE}\',\n    content="articles"\n)')


def fts_values(prefix: str, columns: tuple[str, ...]) -> tuple[str, str]:
    """('"c1", "c2"', 'prefix."c1", prefix."c2"') for a trigger's column and value lists."""
    return ", ".join(f'"{c}"' for c in columns), ", ".join(f'{prefix}."{c}"' for c in columns)


def finish_search_index(db: Database, columns: tuple[str, ...] = FTS_COLUMNS) -> None:
    """The triggers, rank and version `create_search_index` sets, for a table made by `create_empty_search_index`
    (with `MORPH_FTS_COLUMNS`: the morpheme rank and version)."""
    morph = columns == MORPH_FTS_COLUMNS
    cols, new = fts_values("new", columns)
    _, old = fts_values("old", columns)
    db.execute(f'CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN\n  INSERT INTO "articles_fts" (rowid, {cols}) VALUES (new.rowid, {new});\nEND')
    db.execute(
        f'CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN\n'
        f'  INSERT INTO "articles_fts" ("articles_fts", rowid, {cols}) VALUES(\'delete\', old.rowid, {old});\nEND'
    )
    db.execute(update_trigger_sql(columns))
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', '{MORPH_FTS_RANK if morph else FTS_RANK}')")
    db["meta"].upsert({"key": "search_index_version", "value": index_version(morph)}, pk="key")


def index_version(morphemes: bool) -> str:
    """The `search_index_version` of the current scheme: `bigram-2`, or `bigram-2+mecab-1` with morphemes."""
    from storage.morphemes import MORPH_VERSION

    return f"{SEARCH_INDEX_VERSION}+{MORPH_VERSION}" if morphemes else SEARCH_INDEX_VERSION


def fts_columns(db: Database) -> tuple[str, ...]:
    """The columns of the archive's `articles_fts` (with `search_morph` when it is indexed with morphemes)."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    if not row:
        return ()
    return tuple(c for c in MORPH_FTS_COLUMNS if f'"{c}"' in row[0] or f"[{c}]" in row[0]) or _V1_COLUMNS


def update_trigger_sql(columns: tuple[str, ...] = FTS_COLUMNS) -> str:
    """sqlite-utils' update trigger, fired only when an indexed column is assigned."""
    cols, new = fts_values("new", columns)
    _, old = fts_values("old", columns)
    return (
        f'CREATE TRIGGER "articles_au" AFTER UPDATE OF {cols} ON "articles" BEGIN\n'
        f'  INSERT INTO "articles_fts" ("articles_fts", rowid, {cols}) VALUES(\'delete\', old.rowid, {old});\n'
        f'  INSERT INTO "articles_fts" (rowid, {cols}) VALUES (new.rowid, {new});\nEND'
    )


def narrow_update_trigger(db: Database, columns: tuple[str, ...] = FTS_COLUMNS) -> None:
    """Re-create sqlite-utils' `articles_au` as AFTER UPDATE OF the indexed columns.

    Its plain AFTER UPDATE re-indexed an article (delete + insert of ~1,000 bigram tokens) on every
    UPDATE, also of `last_seen` (every re-crawl of an unchanged article), `duplicate_of` or `url`.
    The FTS index holds only the `search_*` columns, and every write of new text assigns them all
    (`Archive._article_row`), so the narrower trigger keeps the index in sync. Single statements, not
    executescript: that would commit the caller's transaction.
    """
    db.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.execute(update_trigger_sql(columns))


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
    narrow_update_trigger(db, _V1_COLUMNS)


@migrations()
def m006_search_meta(db: Database) -> None:
    """`search_meta`: each article's site and section as filter tokens, indexed with the text (see
    `storage.tokens.filter_token`), so site/section filters run inside FTS5. Fills the column, then rebuilds
    the index with the third column (one transaction; ~100 s per 200,000 articles)."""
    from storage.tokens import meta_text

    count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    if count > 10_000:
        logging.getLogger(__name__).warning(
            "upgrading the archive's search index (%s articles, about %d s; runs once)", f"{count:,}", count // 2000 + 1
        )
    db.execute("ALTER TABLE articles ADD COLUMN search_meta TEXT")
    rows = db.execute("SELECT id, site, section FROM articles WHERE site IS NOT NULL OR section IS NOT NULL").fetchall()
    db.conn.executemany("UPDATE articles SET search_meta = ? WHERE id = ?", [(meta_text(site, section), i) for i, site, section in rows])
    db.execute('DROP TRIGGER IF EXISTS "articles_ai"')
    db.execute('DROP TRIGGER IF EXISTS "articles_ad"')
    db.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.execute('DROP TABLE IF EXISTS "articles_fts"')
    create_empty_search_index(db)
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
    finish_search_index(db)


@migrations()
def m007_run_liveness(db: Database) -> None:
    """Who runs a crawl (`pid`, `host`) and when it last said so (`heartbeat_at`): a run left "running" by a
    process that died (kill -9, OOM) is recognised and marked interrupted (`Archive.mark_stale_runs`)."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN pid INTEGER")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN host TEXT")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN heartbeat_at TEXT")
    db.execute("CREATE INDEX idx_crawl_runs_status ON crawl_runs(status)")


@migrations()
def m008_raw_page_headers(db: Database) -> None:
    """The HTTP exchange behind each raw page, so `export --format warc` can write it as it happened.

    `headers` / `request_headers`: JSON lists of [name, value] pairs in the order received/sent. Pages
    stored before this migration keep NULL; the WARC writer synthesizes a minimal header block for them.
    """
    db.execute("ALTER TABLE raw_pages ADD COLUMN headers TEXT")
    db.execute("ALTER TABLE raw_pages ADD COLUMN request_headers TEXT")


@migrations()
def m009_backfill_state(db: Database) -> None:
    """Progress of `crawl SITE --since DATE` backfills (see `storage.backfill_state`), so a killed one resumes.

    One row per discovery page (sitemap, feed, listing page) of one backfill window: `done_at` is set once
    every article it named in the window is archived, dropped or failed; `next_url` keeps a listing page's
    link to the following page, so a resumed walk skips finished pages without fetching them again.
    """
    db.execute(
        """
        CREATE TABLE backfill_state (
            site TEXT NOT NULL,
            since TEXT NOT NULL,           -- window start 'YYYY-MM-DD'
            until TEXT NOT NULL,           -- window end 'YYYY-MM-DD' ('' = open)
            url TEXT NOT NULL,             -- discovery page URL
            kind TEXT,                     -- sitemap | feed | listing
            links INTEGER,                 -- article links in the window it named
            next_url TEXT,                 -- listing pages: the next page's URL
            page INTEGER,                  -- listing pages: page number
            done_at TEXT,
            PRIMARY KEY (site, since, until, url)
        )
        """
    )


@migrations()
def m010_watches(db: Database) -> None:
    """Saved searches (`storage.watches`): the watches, each article a watch matched (delivered once), and the
    webhook outbox state kept on those rows.

    `watch_hits` has (watch, article_id) as its key: an article matches a watch at most once, whatever edits
    or restarts follow, and every delivery channel reads its pending rows from it.
    """
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS watches (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            sites TEXT,                -- JSON list of site keys, NULL: every site
            webhook TEXT,              -- URL to POST new hits to, NULL: none
            created_at TEXT NOT NULL,
            checked_at TEXT,           -- when the last check ran
            checked_id INTEGER NOT NULL DEFAULT 0, -- articles with a larger id are checked at the next delivery
            checked_version INTEGER NOT NULL DEFAULT 0, -- and articles edited since (article_versions.id above this)
            jsonl_bytes INTEGER NOT NULL DEFAULT 0 -- committed length of the JSONL file (a crash mid-append is cut back)
        );
        CREATE TABLE IF NOT EXISTS watch_hits (
            watch TEXT NOT NULL REFERENCES watches(name) ON DELETE CASCADE,
            article_id INTEGER NOT NULL,
            matched_at TEXT NOT NULL,
            jsonl_done INTEGER NOT NULL DEFAULT 0,
            webhook_state TEXT,        -- NULL: no webhook; pending | delivered | failed
            webhook_attempts INTEGER NOT NULL DEFAULT 0,
            webhook_next TEXT,         -- UTC; not retried before this
            webhook_error TEXT,
            PRIMARY KEY (watch, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS idx_watch_hits_webhook ON watch_hits(webhook_state) WHERE webhook_state = 'pending';
        """
    )


@migrations()
def m011_crawl_runs_node(db: Database) -> None:
    """The Scrapyd node a fleet run was placed on (NULL for local runs)."""
    if "node" not in db["crawl_runs"].columns_dict:
        db["crawl_runs"].add_column("node", str)


@migrations()
def m012_search_morph(db: Database) -> None:
    """`articles.search_morph`: the article's Korean morphemes (`storage.morphemes`), filled only in archives
    indexed with morphemes (`newsarchive reindex --morphemes`); NULL otherwise. Adding it rewrites nothing."""
    if "search_morph" not in db["articles"].columns_dict:
        db.execute("ALTER TABLE articles ADD COLUMN search_morph TEXT")


@migrations()
def m013_scale_raw_pages_dropped_index(db: Database) -> None:
    """An index of the dropped raw pages (`note` set), so `stats` counts them without reading every stored page.

    `note` is stored after the compressed HTML, so a `WHERE note IS NOT NULL` scan walks each row's overflow
    chain: the whole raw-page store (~17 KB per article, 17 GB at a million articles) on every `stats`. Partial:
    it holds only the few dropped pages. Building it reads the table once.
    """
    db.execute("CREATE INDEX IF NOT EXISTS idx_raw_pages_dropped ON raw_pages(note) WHERE note IS NOT NULL")


#: `meta` key of the running total of stored raw-page bytes (compressed), kept by m014's triggers.
RAW_BYTES_META_KEY = "raw_bytes_compressed"


@migrations()
def m014_scale2_raw_bytes_total(db: Database) -> None:
    """The total of `raw_pages.html` bytes, kept in `meta` by triggers, so `stats` reads one row instead of
    `sum(length(html))` over every raw page (one B-tree leaf per page: ~1M page reads at a million articles).

    Exact: every insert, delete and change of `html` adjusts it in the same transaction. Computing the starting
    total reads the table once.
    """
    total = db.execute("SELECT coalesce(sum(length(html)), 0) FROM raw_pages").fetchone()[0]
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [RAW_BYTES_META_KEY, total])
    add = f"UPDATE meta SET value = CAST(value AS INTEGER) + coalesce(length(new.html), 0) WHERE key = '{RAW_BYTES_META_KEY}'"
    sub = f"UPDATE meta SET value = CAST(value AS INTEGER) - coalesce(length(old.html), 0) WHERE key = '{RAW_BYTES_META_KEY}'"
    db.execute(f"CREATE TRIGGER raw_pages_bytes_ai AFTER INSERT ON raw_pages BEGIN {add}; END")
    db.execute(f"CREATE TRIGGER raw_pages_bytes_ad AFTER DELETE ON raw_pages BEGIN {sub}; END")
    db.execute(f"CREATE TRIGGER raw_pages_bytes_au AFTER UPDATE OF html ON raw_pages BEGIN {sub}; {add}; END")
