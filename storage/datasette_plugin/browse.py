"""How an archive looks in Datasette: which tables are shown and in what order, the articles table's default
columns, and links from titles to the readable article page."""

from __future__ import annotations

from typing import Any, Iterable, Mapping
from urllib.parse import parse_qsl, urlencode

from markupsafe import Markup

# Bookkeeping tables, hidden (still reachable by URL); a reader browses articles, article_urls,
# article_versions, crawl_runs and sources. Datasette also hides every table whose name starts with a hidden
# one, so `articles_fts` takes its shadow tables (`articles_fts_data`, `_idx`, `_docsize`, `_config`) with it.
INTERNAL_TABLES = ("articles_fts", "raw_pages", "meta", "near_dup_bands", "near_dup_articles", "fetch_failures",
                   "backfill_state", "watch_hits", "_sqlite_migrations")

# The articles table page shows these after `id` (the primary key, always first) unless the URL picks columns
# itself (`_col`/`_nocol`) or asks for all of them (`_columns=all`): body, hashes and search_* are long or opaque.
DEFAULT_COLUMNS = ("title", "site", "published", "section", "url")
COLUMNS_ARG = "_columns"  # `default` or `all`; Datasette ignores `_` arguments it does not know, and keeps them in its links


def article_path(datasette: Any, database: str, article_id: Any) -> str:
    """Path of the readable page of one article (served by `article_page`)."""
    return datasette.urls.database(database) + f"/-/article/{int(article_id)}"


def default_columns_location(path: str, query_string: bytes, articles_paths: Iterable[str]) -> str | None:
    """Where to redirect a request for the articles table page so its URL names its columns; None to serve it as is.

    A URL without `_col`/`_nocol` gets DEFAULT_COLUMNS and `_columns=default`. One that still says
    `_columns=default` but lost its `_col`s went through Datasette's own "Show all columns" (which drops
    `_col`/`_nocol` and keeps the rest): that becomes `_columns=all`.
    """
    if path not in articles_paths:
        return None
    args = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in args):
        return None
    # Redirect rather than rewrite the request: the browser's URL then names the columns, so Datasette's column
    # menu (hide a column, sort) and search form build on what is shown.
    choice = dict(args).get(COLUMNS_ARG)
    rest = [(key, value) for key, value in args if key != COLUMNS_ARG]
    # Facet suggestions try every column of `articles` on each view: ~3.5 s per page at 500k articles, 0.06 s
    # without (bench/README.md, "Scale"). Facets a reader picks (column menu, `_facet=`) still work.
    quiet = [] if any(key == "_nosuggest" for key, _ in args) else [("_nosuggest", "1")]
    if choice is None:
        return path + "?" + urlencode(rest + [(COLUMNS_ARG, "default")] + [("_col", c) for c in DEFAULT_COLUMNS] + quiet)
    if choice == "default":
        return path + "?" + urlencode(rest + [(COLUMNS_ARG, "all")] + quiet)
    return None


def articles_first(tables: list[Mapping[str, Any]], database: str, archives: set[str]) -> list[Mapping[str, Any]]:
    """`tables` (Datasette's table dicts) with `articles` moved to the front when `database` is an archive."""
    if database not in archives:
        return tables
    return sorted(tables, key=lambda t: t.get("name") != "articles")  # stable: the rest keep Datasette's order


def databases_articles_first(databases: list[Mapping[str, Any]], archives: set[str]) -> list[Mapping[str, Any]]:
    """The index page's database list, with `articles` first among each archive's tables."""
    return [
        {**db, "tables_and_views_truncated": articles_first(db["tables_and_views_truncated"], db["name"], archives)}
        if "tables_and_views_truncated" in db else db
        for db in databases
    ]


def title_link(datasette: Any, database: str, row: Any, value: Any) -> Markup | None:
    """The title cell as a link to the article page, if `row` carries the article's id."""
    try:
        article_id = int(row["id"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    text = value if isinstance(value, str) and value.strip() else f"(untitled article {article_id})"
    return Markup('<a href="{}">{}</a>').format(article_path(datasette, database, article_id), text)
