"""Datasette plugin: Korean search in `datasette newsarchive.db` with the archive's own query parser.

Registered through the `datasette` entry point (`newsarchive = "storage.datasette_plugin"`); install with
`pip install 'newsarchive[datasette]'`. For every database that is a newsarchive archive it:

* adds SQL functions: `newsarchive_match(q)` (q compiled to an FTS5 MATCH expression), `newsarchive_rank(q)`
  (the expression the archive's search ranks matches by, `ParsedQuery.rank`),
  `newsarchive_snippet(text, q)` (HTML, hits in <mark>), `newsarchive_search_text(text)` (the bigram text),
  `newsarchive_verify(q, title, subtitle, body, search_morph)` (1 unless the row holds q's words only as parts of
  other words — `storage.verify`, as `Archive.search` drops them; the `search` query uses it, the table's own
  search box does not);
* replaces `escape_fts()` on that connection, so the table page's search box (`?_search=`) on `articles`
  goes through the parser instead of Datasette's escaping, which does not know the bigram scheme;
* on an archive indexed with morphemes (`reindex --morphemes`) compiles every query as `Archive.search` does:
  plain Hangul words also match their morphemes, so the search box, the `search` query and the SQL functions
  rank whole words above substrings and find irregular verb forms (bigrams only when the analyzer is missing);
* adds a canned query `search` (`/DB/search?q=…`, ranked by BM25, title first, then newest) and
  metadata describing the tables (the articles table page lists newest first);
* makes it readable (`browse`): `articles` listed first, bookkeeping tables hidden, the articles table showing
  id, title, site, published, section and url unless the URL picks columns, and every title (table, search box,
  `search` query) linking to the article page `/DB/-/article/ID` (`article_page`; templates in `templates/`).

Usage, e.g. in SQL::

    select a.title from articles_fts join articles a on a.id = articles_fts.rowid
    where articles_fts match newsarchive_match('기준금리 -미국') order by articles_fts.rank

(FTS5's rank of the matched phrases; the `search` canned query ranks like `Archive.search`, by `newsarchive_rank`.)
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup
from sqlite_utils import Database

from storage.archive import READER_MMAP_BYTES
from storage.datasette_plugin import browse
from storage.datasette_plugin.article_page import is_web_url, load_article
from storage.fields import parse_query as parse  # words, and `title:` fields, as `newsarchive search` reads them
from storage.morphemes import Analyzer, default_analyzer
from storage.query import QuerySyntaxError
from storage.schema import fts_columns
from storage.search import RANK_WINDOW, has_pair_tokens  # the API ranks among this many newest matches; so does the `search` query
from storage.snippets import make_snippet
from storage.verify import Verifier, verifier
from storage.tokens import search_text

# MATCH needs a valid expression even when the query has nothing searchable. search_text splits letters
# from digits, so a token mixing both is never in the index: this matches nothing.
NOTHING = '"n0thing0"'

# Ranked among the RANK_WINDOW most recently added matches, as `Archive.search` ranks: ranking every match of a
# word most articles hold took minutes at 500k articles and hit Datasette's time limit (bench/README.md "Scale").
# Ranked first (ids only), then read and checked in that order (`newsarchive_verify`, as `Archive.search` drops
# words found only inside other words) until 101 rows pass: the ranked subquery is the outer loop, so its order holds.
# The ranking scan starts at the window's oldest id (`rowid >=`, which FTS5 seeks to, as `storage.search._rank`
# does): with the IN list alone FTS5 walked and scored every match and joined its row, 0.3-0.9 s for a word in
# half of 20k articles (bench/datasette_search_bench.py).
SEARCH_SQL = """
with recent as (
  select rowid as id from articles_fts where articles_fts match newsarchive_match(:q) order by rowid desc limit {window}
)
select
  a.id,
  substr(a.published, 1, 10) as date,
  a.site,
  a.title,
  newsarchive_snippet(coalesce(a.body, ''), :q) as snippet,
  a.url
from (
  select articles_fts.rowid as id
  from articles_fts
  join articles r on r.id = articles_fts.rowid
  where articles_fts match newsarchive_rank(:q)
    and articles_fts.rowid >= (select min(id) from recent)
    and +articles_fts.rowid in (select id from recent)
  order by articles_fts.rank + 0.0, r.published_utc desc, r.id desc
  limit {window}
) ranked
join articles a on a.id = ranked.id
where newsarchive_verify(:q, a.title, a.subtitle, a.body, a.search_morph)
limit 101
""".strip().format(window=RANK_WINDOW)

TABLE_DESCRIPTIONS = {
    "articles": "One row per article (canonical URL). search_title/search_body hold the derived Korean bigram text, "
    "search_meta its site and section as filter tokens, search_morph (archives indexed with morphemes) its Korean "
    "morphemes, all indexed by articles_fts; duplicate_of points at the original of a duplicate.",
    "article_urls": "Every URL an article was seen under (aliases, including the canonical one).",
    "article_versions": "Earlier versions of articles that changed after first being archived.",
    "raw_pages": "Fetched HTML (zlib-compressed) so any article can be re-extracted; dropped pages have a note.",
    "crawl_runs": "One row per crawl run with its status and counts.",
    "sources": "The news sites the archive crawls.",
    "meta": "Archive settings, e.g. search_index_version.",
    "watches": "Saved searches (newsarchive watch): new matches are delivered after every crawl.",
    "watch_hits": "Each article a watch matched (delivered once) and its webhook delivery state.",
}

ARTICLES_DESCRIPTION_HTML = Markup(
    "{} Titles open the article page. Showing the main columns; <a href=\"?{}=all\">show all columns</a>."
).format(TABLE_DESCRIPTIONS["articles"], browse.COLUMNS_ARG)

_archive_dbs: set[str] = set()


def _compiled(query: Any, part: str, analyzer: Analyzer | None = None, pairs: bool = True) -> str:
    """`part` ("match" or "rank") of the parsed query (with morphemes when `analyzer` is given; without word-pair
    tokens on an index made before them); an expression matching nothing when it is empty."""
    try:
        parsed = parse(None if query is None else str(query)).with_morphemes(analyzer)
        expr = getattr(parsed if pairs else parsed.without_pairs(), part)
    except QuerySyntaxError:
        return NOTHING
    return expr or NOTHING


def match_expression(query: Any, analyzer: Analyzer | None = None, pairs: bool = True) -> str:
    """`query` compiled for FTS5 MATCH; an expression matching nothing when it has no wanted terms."""
    return _compiled(query, "match", analyzer, pairs)


def rank_expression(query: Any, analyzer: Analyzer | None = None, pairs: bool = True) -> str:
    """What `storage.search` computes BM25 over for `query` (`ParsedQuery.rank`); matches nothing if empty."""
    return _compiled(query, "rank", analyzer, pairs)


def archive_analyzer(conn: sqlite3.Connection) -> Analyzer | None:
    """The analyzer queries on this archive are compiled with: the installed one when its index has the morpheme
    column (as `storage.search.with_morphemes` decides for `Archive.search`), else None (bigrams only)."""
    try:
        columns = fts_columns(Database(conn))
    except sqlite3.Error:
        return None
    return default_analyzer() if "search_morph" in columns else None


@lru_cache(maxsize=256)
def _verifier(query: str, analyzer: Analyzer | None) -> Verifier | None:
    try:
        parsed = parse(query).with_morphemes(analyzer)
    except QuerySyntaxError:
        return None
    return verifier(parsed) if parsed.match else None


def verify_row(query: Any, title: Any, subtitle: Any, body: Any, morphemes: Any, analyzer: Analyzer | None = None) -> int:
    """1 when the article holds `query`'s words as words (or nothing needs checking), 0 when only as parts of other
    words (유가 in 유가족): the check `Archive.search` applies to its candidates (`storage.verify`)."""
    check = None if query is None else _verifier(str(query), analyzer)
    return int(check is None or check.accepts(title, subtitle, body, morphemes))


def snippet_html(text: Any, query: Any) -> str:
    """~80 characters of `text` around the first hit of `query`, HTML-escaped, hits in <mark>."""
    try:
        pattern = parse(None if query is None else str(query)).highlight_re
    except QuerySyntaxError:
        pattern = None
    return make_snippet(None if text is None else str(text), pattern).html()


def _is_archive(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute("select 1 from sqlite_master where name = 'articles_fts' and type = 'table'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None


@hookimpl(trylast=True)  # after Datasette's own hook, so our escape_fts replaces its default
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """SQL functions on every connection; on an archive's, the parser behind the search box too."""
    archive = _is_archive(conn)
    # Read once per connection: a `reindex --morphemes` while Datasette runs takes effect on new connections.
    analyzer = archive_analyzer(conn) if archive else None
    pairs = not archive or has_pair_tokens(Database(conn))  # an index older than word-pair tokens: until reindex
    conn.create_function("newsarchive_match", 1, lambda q: match_expression(q, analyzer, pairs), deterministic=True)
    conn.create_function("newsarchive_rank", 1, lambda q: rank_expression(q, analyzer, pairs), deterministic=True)
    conn.create_function("newsarchive_snippet", 2, snippet_html, deterministic=True)
    conn.create_function("newsarchive_verify", 5, lambda q, t, s, b, m: verify_row(q, t, s, b, m, analyzer), deterministic=True)
    conn.create_function("newsarchive_search_text", 1, search_text, deterministic=True)
    if archive:
        _archive_dbs.add(database)
        conn.create_function("escape_fts", 1, lambda q: match_expression(q, analyzer, pairs), deterministic=True)
        conn.execute(f"PRAGMA mmap_size = {READER_MMAP_BYTES}")  # see Archive: searches read the FTS index faster


@hookimpl
async def startup(datasette: Any) -> None:
    """Note which databases are archives."""
    # Learn which attached databases are archives before the first metadata lookup.
    for name, db in datasette.databases.items():
        try:
            has = await db.execute("select 1 from sqlite_master where name = 'articles_fts' and type = 'table'")
        except Exception:  # noqa: BLE001 - an unreadable database is simply not an archive
            continue
        if has.rows:
            _archive_dbs.add(name)


@hookimpl
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    """Descriptions, hidden tables, the articles table's sort and search, and the `search` query of each archive."""
    dbs = {}
    for name in _archive_dbs & set(datasette.databases):
        dbs[name] = {
            "description": "newsarchive: Korean news archive. Use the search query (or the articles search box); "
            'syntax: words, "phrases", OR, -exclude, prefix*.',
            "tables": {
                **{t: {"description": d} for t, d in TABLE_DESCRIPTIONS.items()},
                **{t: {**({"description": TABLE_DESCRIPTIONS[t]} if t in TABLE_DESCRIPTIONS else {}), "hidden": True}
                   for t in browse.INTERNAL_TABLES},
                "articles": {
                    "description": TABLE_DESCRIPTIONS["articles"],
                    "description_html": str(ARTICLES_DESCRIPTION_HTML),
                    "sort_desc": "published_utc",
                    "fts_table": "articles_fts",
                    "fts_pk": "id",
                    "label_column": "title",
                },
            },
            "queries": {
                "search": {
                    "title": "Search articles (Korean-aware)",
                    "description": 'Ranked by relevance (title first), then newest. Syntax: words, "phrases", OR, -exclude, prefix*.',
                    "sql": SEARCH_SQL,
                    "hide_sql": True,  # readers want the hits; "Show SQL" is one click away
                }
            },
        }
    return {"databases": dbs} if dbs else {}


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Titles link to the article page; the `search` query's snippets keep their <mark>s."""
    if database not in _archive_dbs:
        return None
    searched = table is None and _has_column(row, "snippet")  # a row of the `search` canned query
    # The canned query's snippet column is HTML we escaped ourselves: show the <mark>s.
    if column == "snippet" and searched and isinstance(value, str):
        return Markup(value)
    if column == "title" and (table == "articles" or searched):
        return browse.title_link(datasette, database, row, value)
    return None


def _has_column(row: Any, column: str) -> bool:
    try:
        return column in row.keys()
    except AttributeError:
        return False


# One colour per outlet in the trend chart (Okabe-Ito: distinguishable with colour-blindness).
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def trend_rows(conn: sqlite3.Connection, query: str, by: str) -> dict[str, Any] | None:
    """The `search` query page's chart data: matches per period (every period between the first and the last)
    and per outlet, bar widths in percent of the busiest period; None for an unsearchable query."""
    from sqlite_utils import Database

    from storage.search import counts_by_period, periods_between

    try:
        rows = counts_by_period(Database(conn), query, by)
    except ValueError:
        return None
    if not rows:
        return None
    sites = sorted({s for _, s, _ in rows})
    colour = {s: _COLOURS[i % len(_COLOURS)] for i, s in enumerate(sites)}
    per: dict[str, dict[str, int]] = {p: {} for p in periods_between(rows[0][0], rows[-1][0], by)}
    for period, site, n in rows:
        per[period][site] = n
    peak = max(sum(v.values()) for v in per.values())
    out = [
        {"period": p, "count": sum(v.values()),
         "sites": [{"site": s or "?", "count": n, "colour": colour[s], "width": round(100 * n / peak, 2)}
                   for s, n in sorted(v.items(), key=lambda x: -x[1])]}
        for p, v in per.items()
    ]  # fmt: skip
    return {"query": query, "by": by, "rows": out, "total": sum(r["count"] for r in out), "periods_allowed": ("day", "week", "month")}


@hookimpl
def extra_template_vars(template: str, database: str | None, view_name: str, request: Any, datasette: Any) -> Any:
    """On an archive's `search` query page: `newsarchive_trend`, the matches of `q` per `by` period and outlet."""

    async def inner() -> dict[str, Any]:
        if template != "query.html" or database not in _archive_dbs or request is None:
            return {}
        if not request.path.endswith("/search"):
            return {}
        q = (request.args.get("q") or "").strip()
        by = request.args.get("by") or "month"
        if not q or by not in ("day", "week", "month"):
            return {}
        data = await datasette.get_database(database).execute_fn(lambda conn: trend_rows(conn, q, by))
        return {"newsarchive_trend": data}

    return inner


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """Filters and tests the plugin's templates use."""
    # Used by templates/index.html and templates/database.html to list `articles` first.
    env.filters["newsarchive_articles_first"] = lambda tables, database: browse.articles_first(tables, database, _archive_dbs)
    env.filters["newsarchive_databases_articles_first"] = lambda dbs: browse.databases_articles_first(dbs, _archive_dbs)
    env.tests["newsarchive_web_url"] = is_web_url


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Redirect the articles table page to a URL naming its columns (`browse.default_columns_location`)."""
    def wrap(app: Any) -> Any:
        async def default_columns(scope: dict, receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
                articles_paths = {datasette.urls.table(db, "articles") for db in _archive_dbs & set(datasette.databases)}
                location = browse.default_columns_location(scope.get("path", ""), scope.get("query_string", b""),
                                                           articles_paths)
                if location is not None:
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", location.encode("utf-8")), (b"content-length", b"0")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
                scope = await _without_broad_count(datasette, scope)
            await app(scope, receive, send)

        return default_columns

    return wrap


#: The articles table's search box counts matches only up to this many; past it the page shows no count.
TABLE_SEARCH_COUNT_LIMIT = 10_000


async def _without_broad_count(datasette: Any, scope: dict) -> dict:
    """`scope` with `_nocount=1` added when it asks the articles table for a search with more than
    `TABLE_SEARCH_COUNT_LIMIT` matches, else as it is.

    Datasette counts a table search as `count(*) … WHERE rowid IN (every match)`: one B-tree seek per match, over
    its 1 s time limit for a common word at a million articles (bench/README.md "Scale"). Counting the FTS matches
    alone up to the limit is cheap, and tells which searches to leave uncounted (`Archive.search` likewise counts
    exactly only up to 10,000)."""
    path = scope.get("path", "")
    names = [db for db in _archive_dbs & set(datasette.databases) if datasette.urls.table(db, "articles") == path]
    if not names:
        return scope
    query_string = scope.get("query_string", b"")
    args = dict(parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True))
    if not args.get("_search") or "_nocount" in args:
        return scope
    sql = "select count(*) from (select rowid from articles_fts where articles_fts match escape_fts(:q) limit :n)"
    try:
        found = (await datasette.get_database(names[0]).execute(sql, {"q": args["_search"], "n": TABLE_SEARCH_COUNT_LIMIT + 1})).rows[0][0]
    except Exception:  # noqa: BLE001 - Datasette's own page reports whatever is wrong with the search
        return scope
    if found <= TABLE_SEARCH_COUNT_LIMIT:
        return scope
    return {**scope, "query_string": query_string + (b"&" if query_string else b"") + b"_nocount=1"}


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The article page."""
    return [(r"^/(?P<database>[^/]+)/-/article/(?P<article_id>\d+)$", article_page)]


async def article_page(datasette: Any, request: Any) -> Response:
    """The readable page of one archived article."""
    database = tilde_decode(request.url_vars["database"])
    if database not in _archive_dbs or database not in datasette.databases:
        raise NotFound(f"{database} is not a newsarchive archive")
    await datasette.ensure_permissions(
        request.actor, [("view-table", (database, "articles")), ("view-database", database), "view-instance"]
    )
    article_id = int(request.url_vars["article_id"])
    article = await datasette.get_database(database).execute_fn(lambda conn: load_article(conn, article_id))
    if article is None:
        raise NotFound(f"No article {article_id} in {database}")
    context = {
        "database": database,
        "table": "articles",
        "article": article,
        "row_url": datasette.urls.row(database, "articles", str(article_id)),
        "versions_url": datasette.urls.table(database, "article_versions") + f"?article_id={article_id}",
        "urls_url": datasette.urls.table(database, "article_urls") + f"?article_id={article_id}",
        "article_path": lambda other: browse.article_path(datasette, database, other),
        "version_url": lambda version_id: datasette.urls.row(database, "article_versions", str(version_id)),
    }
    html = await datasette.render_template("newsarchive_article.html", context, request=request,
                                           view_name="newsarchive_article")
    return Response.html(html)
