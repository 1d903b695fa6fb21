"""A resumable reindex: the new FTS index is built beside the live one, batch by batch, then switched in.

`Archive.reindex` drives it. While it runs, `articles_fts` (the live index, kept in sync by its triggers) keeps
answering searches; `articles_fts_next` receives each batch, and triggers of its own keep the rows it already
holds in sync with any crawl writing meanwhile. Progress (the last article id done and the index version being
built) lives in `meta`, so a reindex stopped by a crash or Ctrl-C continues where it stopped. Only the final,
short transaction drops the old index, renames the new one and records the new `search_index_version`.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.schema import create_empty_search_index, finish_search_index, fts_values

NEXT = "articles_fts_next"
#: `meta` keys: the last article id indexed into `articles_fts_next`, and the index version it is built for.
DONE_KEY, TARGET_KEY = "reindex_done_id", "reindex_target"
_TRIGGERS = (f"{NEXT}_ai", f"{NEXT}_ad", f"{NEXT}_au")
# The last article id the next index holds: its triggers only follow rows a batch has already indexed.
_DONE = f"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{DONE_KEY}')"


def pending(db: Database, target: str) -> int | None:
    """The last article id an interrupted reindex towards index version `target` indexed, or None (none to resume)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [NEXT]).fetchone():
        return None
    rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [DONE_KEY, TARGET_KEY]).fetchall())
    if rows.get(TARGET_KEY) != target or rows.get(DONE_KEY) is None:
        return None
    return int(rows[DONE_KEY])


def pending_morphemes(db: Database, versions: dict[str, bool]) -> bool | None:
    """Whether the unfinished reindex (if any) builds the morpheme column: `versions` maps the index versions this
    code builds to that flag; None when there is nothing to resume (or it was started by other code)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [NEXT]).fetchone():
        return None
    row = db.execute("SELECT value FROM meta WHERE key = ?", [TARGET_KEY]).fetchone()
    return versions.get(row[0]) if row else None


def discard(db: Database) -> None:
    """Drop an unfinished next index, its triggers and its progress (inside a write transaction)."""
    for name in _TRIGGERS:
        db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    db.execute(f'DROP TABLE IF EXISTS "{NEXT}"')
    db.execute("DELETE FROM meta WHERE key IN (?, ?)", [DONE_KEY, TARGET_KEY])


def start(db: Database, columns: tuple[str, ...], target: str) -> None:
    """An empty `articles_fts_next` over `columns`, its sync triggers and progress 0 (inside a write transaction).

    The table is declared by `storage.schema.create_empty_search_index`, so after the rename the schema is the one
    a fresh archive has.
    """
    discard(db)
    create_empty_search_index(db, columns, NEXT)
    cols, new = fts_values("new", columns)
    _, old = fts_values("old", columns)
    db.execute(f'CREATE TRIGGER "{NEXT}_ai" AFTER INSERT ON "articles" WHEN new.rowid <= {_DONE} BEGIN\n'
               f'  INSERT INTO "{NEXT}" (rowid, {cols}) VALUES (new.rowid, {new});\nEND')  # fmt: skip
    db.execute(f'CREATE TRIGGER "{NEXT}_ad" AFTER DELETE ON "articles" WHEN old.rowid <= {_DONE} BEGIN\n'
               f'  INSERT INTO "{NEXT}" ("{NEXT}", rowid, {cols}) VALUES(\'delete\', old.rowid, {old});\nEND')  # fmt: skip
    db.execute(
        f'CREATE TRIGGER "{NEXT}_au" AFTER UPDATE OF {cols} ON "articles" WHEN old.rowid <= {_DONE} BEGIN\n'
        f'  INSERT INTO "{NEXT}" ("{NEXT}", rowid, {cols}) VALUES(\'delete\', old.rowid, {old});\n'
        f'  INSERT INTO "{NEXT}" (rowid, {cols}) VALUES (new.rowid, {new});\nEND'
    )
    db["meta"].upsert({"key": TARGET_KEY, "value": target}, pk="key")
    set_done(db, 0)


def set_done(db: Database, last_id: int) -> None:
    """Record that every article up to `last_id` is in the next index (inside the batch's transaction)."""
    db["meta"].upsert({"key": DONE_KEY, "value": str(last_id)}, pk="key")


def switch(db: Database, columns: tuple[str, ...]) -> None:
    """Replace `articles_fts` by the finished next index: its triggers, rank and version (inside a write transaction)."""
    for name in _TRIGGERS:
        db.execute(f'DROP TRIGGER "{name}"')
    # By name: sqlite-utils' `disable_fts` might pick the next index, which is an FTS table on `articles` too.
    for name in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    db.execute('DROP TABLE IF EXISTS "articles_fts"')
    db.execute(f'ALTER TABLE "{NEXT}" RENAME TO "articles_fts"')
    db.execute("DELETE FROM meta WHERE key IN (?, ?)", [DONE_KEY, TARGET_KEY])
    finish_search_index(db, columns)
