"""Korean-aware search over the archive: filters, BM25 ranking (title first), snippets on the original text.

Usage::

    from storage import Archive
    res = Archive("newsarchive.db", readonly=True).search("기준금리 -미국", site="yna", since="2024-01-01", limit=10)
    res.total                              # all matching articles, not just this page (see total_exact)
    for hit in res:                        # SearchHit: id, url, title, site, published, section, authors, snippet, score
        print(hit.published, hit.title, hit.marked_snippet("<b>", "</b>"))

Query syntax is `storage.query`'s. A blank query matches every article (filters still apply) and sorts newest
first. `score` is the negated FTS5 rank (BM25 with the title weighted 10x; higher is better); it is 0 without a
query and with the date sorts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Literal, Sequence

from sqlite_utils import Database

from storage.fields import parse_query
from storage.morphemes import default_analyzer
from storage.query import ParsedQuery, parse, with_filters
from storage.schema import fts_columns
from storage.snippets import make_snippet
from storage.tokens import PAIRLESS_INDEX_VERSIONS

SORTS = ("relevance", "newest", "oldest")
#: Relevance ranking of very broad queries looks at this many of the most recently added matches.
RANK_WINDOW = 1000
#: Matches are counted exactly up to this many; past it `total` is this lower bound and `total_exact` False.
#: Counting walks every match (~45 ns each for one word, far more for phrases): 200k matches cost ~9 ms.
COUNT_LIMIT = 10_000
MAX_LIMIT = 10_000
#: Offsets past this page nothing any archive can hold; SQLite integers stop at 2**63 - 1 (OverflowError beyond).
MAX_OFFSET = 1 << 53

Sort = Literal["relevance", "newest", "oldest"]


@dataclass
class SearchHit:
    """One matching article."""

    id: int
    url: str
    title: str | None
    site: str | None
    published: str | None
    section: str | None
    authors: list[str]
    snippet: str
    score: float
    highlights: list[tuple[int, int]] = field(default_factory=list)  # (start, end) offsets into `snippet`
    duplicate_of: int | None = None

    def marked_snippet(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The snippet with highlighted spans wrapped in the given marks."""
        out, pos = [], 0
        for start, end in self.highlights:
            out += [self.snippet[pos:start], open_mark, self.snippet[start:end], close_mark]
            pos = end
        out.append(self.snippet[pos:])
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the `--json` result shape)."""
        d = asdict(self)
        d["highlights"] = [list(s) for s in self.highlights]
        return d


@dataclass
class SearchResults:
    """A page of results plus the number of matching articles.

    `total` is exact when `total_exact` is True; otherwise more than `count_limit` articles matched and `total`
    is that lower bound (show it as "10,000+").
    """

    total: int
    results: list[SearchHit]
    query: str = ""
    offset: int = 0
    limit: int = 20
    total_exact: bool = True

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def to_dict(self) -> dict[str, Any]:
        """`{"total": N, "total_exact": bool, "results": [...]}` as printed by `newsarchive search --json`."""
        return {"total": self.total, "total_exact": self.total_exact, "results": [h.to_dict() for h in self.results]}


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_date_bound(value: str | dt.date | dt.datetime | None, *, end: bool, name: str) -> str | None:
    """A since/until bound as the UTC string compared with `published_utc`; ValueError (one line) if invalid.

    `YYYY`, `YYYY-MM` and `YYYY-MM-DD` are whole periods in UTC: as `until` they include the whole period.
    A datetime with an offset is converted to UTC; one without is taken as UTC.
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, dt.datetime):
            when, period = value, None
        elif isinstance(value, dt.date):
            when, period = dt.datetime(value.year, value.month, value.day), "day"
        else:
            text = str(value).strip()
            if _DATE_RE.match(text):
                parts = [int(p) for p in text.split("-")]
                period = ("year", "month", "day")[len(parts) - 1]
                when = dt.datetime(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            else:
                when, period = dt.datetime.fromisoformat(text.replace("z", "Z")), None
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"invalid {name} date {str(value)!r}: use YYYY-MM-DD or an ISO 8601 datetime") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    if end and period:
        try:
            if period == "day":
                when += dt.timedelta(days=1)
            elif period == "month":
                when = when.replace(year=when.year + (when.month == 12), month=when.month % 12 + 1)
            else:
                when = when.replace(year=when.year + 1)
        except (ValueError, OverflowError):
            return "9999-12-31T23:59:59Z~"  # past anything stored
        return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")  # exclusive
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    # An `until` datetime is inclusive: compare against the next second, exclusive.
    return stamp + "~" if end else stamp


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def build_filters(
    *, site: str | Sequence[str] | None = None, section: str | None = None, author: str | None = None,
    since: Any = None, until: Any = None,
) -> tuple[list[str], list[Any]]:  # fmt: skip
    """SQL conditions on the `a` (articles) alias and their parameters; ValueError for bad dates."""
    where: list[str] = []
    params: list[Any] = []
    sites = _as_list(site)
    if sites:
        where.append(f"a.site IN ({', '.join('?' * len(sites))})")
        params += sites
    if section:
        where.append("a.section = ? COLLATE NOCASE")
        params.append(section)
    if author:
        # authors is JSON text; a substring test finds "김철수" in ["김철수 기자"] without json_each per row.
        where.append("a.authors LIKE ? ESCAPE '\\'")
        params.append("%" + re.sub(r"([%_\\])", r"\\\1", author) + "%")
    lo = parse_date_bound(since, end=False, name="since")
    hi = parse_date_bound(until, end=True, name="until")
    if lo:
        where.append("a.published_utc >= ?")
        params.append(lo)
    if hi:
        where.append("a.published_utc < ?")
        params.append(hi)
    if lo and hi and lo >= hi:
        raise ValueError("since is after until")
    return where, params


def search(
    db: Database,
    query: str | ParsedQuery | None = None,
    *,
    site: str | Sequence[str] | None = None,
    section: str | None = None,
    author: str | None = None,
    since: Any = None,
    until: Any = None,
    sort: Sort = "relevance",
    limit: int = 20,
    offset: int = 0,
    collapse_duplicates: bool = False,
    snippet_width: int = 80,
    rank_window: int | None = RANK_WINDOW,
    count_limit: int | None = COUNT_LIMIT,
    translate: bool = False,
) -> SearchResults:
    """Search articles; raises `QuerySyntaxError` (a ValueError) for an unsearchable query, ValueError for bad arguments.

    `translate`: words also match their English ↔ Korean news-term translations (`oil prices` ↔ 유가; see
    `storage.synonyms.TRANSLATION_GROUPS`); off by default, where a word matches its spellings only.

    `collapse_duplicates` hides an article marked `duplicate_of` another when that original is itself
    among the matches (same query and filters), so a story shows once; duplicates whose original does
    not match stay visible. `total` counts after collapsing.

    Relevance ranking computes BM25 for every candidate it ranks (2-10 µs each, plus, once per query, a walk
    over all matches of each phrase for its IDF: FTS5's bm25 does that). When a query (with its filters)
    matches more than `rank_window` articles, the page is ranked among the `rank_window` most recently added
    matches. Pass `rank_window=None` to rank over all matches.

    `total` is exact up to `count_limit` matches (or `offset + limit`, when paging past it); beyond, it is
    that bound with `total_exact=False`. `count_limit=None`: always exact, which costs a walk over every
    match of a broad query (~9 ms for a word in every article of 200k).
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query, translate=translate)  # words, title: fields
    columns = fts_columns(db)  # one schema read: filter tokens (search_meta) and morphemes (search_morph) present?
    parsed = with_morphemes(db, parsed, columns)
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise ValueError("offset must be 0 or more")
    shown_offset, offset = offset, min(offset, MAX_OFFSET)  # a huge offset is an empty page, not an OverflowError
    match = parsed.match
    if match and (_as_list(site) or section) and "search_meta" in columns:
        # Site and section become FTS terms (their `search_meta` tokens): FTS5 intersects posting lists
        # newest-first and stops after the rank window; as SQL filters every match of the words is collected.
        match = with_filters(match, sites=_as_list(site), section=section)
        site, section = None, None
    where, params = build_filters(site=site, section=section, author=author, since=since, until=until)
    if count_limit is not None and (not isinstance(count_limit, int) or count_limit < 1):
        raise ValueError("count_limit must be 1 or more (or None)")
    # Paging past the count limit still works: the cap grows to cover the requested page.
    cap = None if count_limit is None else max(count_limit, offset + limit)
    plan = _Plan(db, parsed, where, params, cap, match)
    if sort == "relevance" and match:
        rows, total = plan.by_relevance(limit, offset, rank_window, collapse_duplicates)
    else:
        rows, total = plan.by_date("oldest" if sort == "oldest" else "newest", limit, offset, collapse_duplicates)
    exact = cap is None or total <= cap
    total = total if exact else cap  # type: ignore[assignment]
    if not rows:
        return SearchResults(total, [], parsed.text, shown_offset, limit, exact)

    ids = [r[0] for r in rows]
    details = {
        r["id"]: r
        for r in db.query(
            f"SELECT id, url, title, site, published, section, authors, subtitle, body, duplicate_of FROM articles WHERE id IN ({', '.join('?' * len(ids))})",
            ids,
        )
    }
    pattern = parsed.highlight_re
    hits: list[SearchHit] = []
    for article_id, rank in rows:
        d = details[article_id]
        text = d["body"] or d["subtitle"] or ""
        if pattern and d["subtitle"] and not pattern.search(d["body"] or "") and pattern.search(d["subtitle"]):
            text = d["subtitle"]  # the hit is only in the subtitle: show that
        snip = make_snippet(text, pattern, snippet_width)
        hits.append(
            SearchHit(
                id=article_id, url=d["url"], title=d["title"], site=d["site"], published=d["published"],
                section=d["section"], authors=_authors(d["authors"]), snippet=snip.text, highlights=snip.spans,
                score=-float(rank) if rank else 0.0, duplicate_of=d["duplicate_of"],
            )  # fmt: skip
        )
    return SearchResults(total, hits, parsed.text, shown_offset, limit, exact)


def with_morphemes(db: Database, parsed: ParsedQuery, columns: tuple[str, ...] | None = None) -> ParsedQuery:
    """`parsed` for this archive: with the analyzer when the index has the morpheme column and it is installed
    (otherwise bigrams only; `Archive.morphemes_missing` tells the user), and without word-pair tokens when the
    index predates them (until `reindex`, phrases are matched as before). `columns`: `fts_columns(db)` if known."""
    if not has_pair_tokens(db):
        parsed = parsed.without_pairs()
    if parsed.morph is None and "search_morph" in (fts_columns(db) if columns is None else columns):
        return parsed.with_morphemes(default_analyzer())
    return parsed


def has_pair_tokens(db: Database) -> bool:
    """Whether the archive's search index holds word-pair tokens (`storage.tokens.phrase_tokens`)."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'search_index_version'").fetchone()
    except sqlite3.OperationalError:  # an archive older than the meta table
        return False
    return bool(row) and str(row[0]).split("+")[0] not in PAIRLESS_INDEX_VERSIONS


class _Plan:
    """The SQL for one search: text conditions (MATCH / NOT IN) plus filters on `articles a`.

    Costs to keep in mind (200k articles): stepping through FTS matches is cheap (~45 ns per match of one
    word, far more for phrases), BM25 is ~2-10 µs per ranked row, and looking up an article row per match is
    the slowest of all. So: the rows to rank come from one FTS walk (newest first, stopping after the rank
    window) that computes BM25 as it goes; counts come from FTS alone (stopping past `cap`) or from the
    filter's index probing a match list built once; article rows are read only for the final page (and for
    the rows tied with its last score, to order ties newest first).
    """

    def __init__(
        self, db: Database, parsed: ParsedQuery, filters: list[str], params: list[Any], cap: int | None = None, match: str | None = None
    ):
        self.db, self.parsed, self.filters, self.fparams, self.cap = db, parsed, filters, params, cap
        self.match = match if match is not None else parsed.match  # the MATCH expression, filter terms included
        # What BM25 is computed over (`ParsedQuery.rank`: no excluded words, one-spelling words as NEAR groups).
        # When that is just the wanted words, rank over `match` itself: one statement finds and ranks (filter
        # tokens weigh 0). Otherwise one statement finds the rows and a second ranks them (`_rank`).
        self.rank_match = parsed.rank if parsed.exclude or parsed.rank != parsed.wanted else self.match
        self.excl = ["a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"] if not parsed.match and parsed.exclude else []
        self.eparams = [parsed.exclude] if self.excl else []

    def _where(self, extra: list[str] = ()) -> str:  # type: ignore[assignment]
        conds = [*extra, *self.filters, *self.excl]
        return " WHERE " + " AND ".join(conds) if conds else ""

    def _count(self, sql: str, params: list[Any]) -> int:
        """count(*) of the rows `sql` (a SELECT) returns, stopping at cap + 1."""
        if self.cap is not None:
            sql, params = f"SELECT count(*) FROM ({sql} LIMIT ?)", [*params, self.cap + 1]
        else:
            sql = f"SELECT count(*) FROM ({sql})"
        return self.db.execute(sql, params).fetchone()[0]

    def count(self) -> int:
        """Number of matches, exact up to `cap` (cap + 1 means more); FTS alone when there are no filters."""
        m = self.match
        if m and not self.filters:
            return self._count("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [m])
        if m:
            # Driven by the filter's index, probing a list of matching rowids built once.
            sql = "SELECT a.id FROM articles a" + self._where(["a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"])
            return self._count(sql, [m, *self.fparams])
        if not self.filters and not self.excl:
            n = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
            return n if self.cap is None else min(n, self.cap + 1)
        return self._count("SELECT a.id FROM articles a" + self._where(), [*self.fparams, *self.eparams])

    def matching_ids(self, collapse: bool) -> list[int]:
        """Every matching id, ascending (minus duplicates whose original also matches, with `collapse`)."""
        m = self.match
        if m and not self.filters:
            ids = [r[0] for r in self.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", [m])]
        else:
            extra, params = [], []
            if m:
                extra, params = ["a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"], [m]
            sql = "SELECT a.id FROM articles a" + self._where(extra) + " ORDER BY a.id"
            ids = [r[0] for r in self.db.execute(sql, [*params, *self.fparams, *self.eparams])]
        if collapse and ids:
            present = set(ids)
            hidden = {
                i for i, original in self.db.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")
                if i in present and original in present
            }  # fmt: skip
            ids = [i for i in ids if i not in hidden]
        return ids

    def by_relevance(self, limit: int, offset: int, window: int | None, collapse: bool) -> tuple[list[tuple[int, float]], int]:
        """Rows (id, rank) ordered by BM25 then newest; see `search` for the rank window."""
        depth = max(window, offset + limit) if window else None
        # `rank + 0.0`: an expression, so FTS5 does not take over the ORDER BY and rank every match itself.
        if not self.filters and not collapse:
            # One walk, newest first: BM25 is computed only for the rows fetched, and a query with no more
            # matches than the window needs no count at all. (Filters as an id list screening this walk
            # were tried: barely faster for a site, 2-6x slower for section/author, whose lists need a scan.)
            plain = self.rank_match == self.match
            sql = f"SELECT rowid{', rank + 0.0' if plain else ''} FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC"
            params: list[Any] = [self.match]
            if depth:
                sql += " LIMIT ?"
                params.append(depth + 1)
            rows = self.db.execute(sql, params).fetchall()
            if depth and len(rows) > depth:
                del rows[depth:]
                total = self.count()
            else:
                total = len(rows)
            if plain or not rows:
                return self._page(rows, limit, offset), total
            # Exclusions or filter terms: the walk above found the rows, BM25 over the wanted words ranks them.
            return self._page(self._rank(sorted(r[0] for r in rows)), limit, offset), total
        ids = self.matching_ids(collapse)
        total = len(ids)
        if total == 0 or offset >= total:
            return [], total
        ranked = ids[-depth:] if depth and total > depth else ids
        return self._page(self._rank(ranked), limit, offset), total

    def _rank(self, ids: list[int]) -> list[tuple[int, float]]:
        """(id, BM25 rank) of these matching ids (ascending), computed over the wanted words."""
        # FTS seeks to the first of them and walks on, the IN list (built once) screens the rest.
        sql = (
            "SELECT rowid, rank + 0.0 FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ?"
            " AND +rowid IN (SELECT value FROM json_each(?))"
        )
        return self.db.execute(sql, [self.rank_match, ids[0], json.dumps(ids)]).fetchall()

    def _page(self, scored: list[tuple[int, float]], limit: int, offset: int) -> list[tuple[int, float]]:
        """`scored[offset:offset + limit]` in the order (score, published_utc DESC, id DESC).

        Sorting by score needs no article rows; published_utc is read only for the rows whose score ties with
        or beats the page's last one (ties are common: equal-length titles holding the word score the same).
        """
        k = offset + limit
        if k == 0 or offset >= len(scored):
            return []
        scored.sort(key=lambda r: r[1])
        edge = scored[min(k, len(scored)) - 1][1]
        head = [r for r in scored if r[1] <= edge]
        published = dict(
            self.db.execute(
                "SELECT id, published_utc FROM articles WHERE id IN (SELECT value FROM json_each(?))", [json.dumps([r[0] for r in head])]
            ).fetchall()
        )
        head.sort(key=lambda r: r[0], reverse=True)
        head.sort(key=lambda r: published.get(r[0]) or "", reverse=True)
        head.sort(key=lambda r: r[1])
        return head[offset:k]

    def by_date(self, sort: str, limit: int, offset: int, collapse: bool) -> tuple[list[tuple[int, float]], int]:
        """Rows (id, 0.0) by published_utc, newest or oldest first."""
        order = "a.published_utc DESC, a.id DESC" if sort == "newest" else "a.published_utc, a.id"
        if collapse:
            ids = self.matching_ids(collapse)
            if offset >= len(ids):
                return [], len(ids)
            sql = f"SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) ORDER BY {order} LIMIT ? OFFSET ?"
            return [(r[0], 0.0) for r in self.db.execute(sql, [json.dumps(ids), limit, offset])], len(ids)
        total = self.count()
        if total == 0 or offset >= total:
            return [], total
        extra, params = [], []
        if self.match:
            n = self.db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 1
            # Broad query: walk the date index and probe the match list (stops after one page). Narrow
            # query: look its few rows up and sort them. The unary + stops SQLite using the IN as a lookup.
            plus = "+" if total * 20 > n or (self.cap is not None and total > self.cap) else ""
            extra.append(f"{plus}a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(self.match)
        sql = "SELECT a.id FROM articles a" + self._where(extra) + f" ORDER BY {order} LIMIT ? OFFSET ?"
        # No score here: FTS5 ranks a given rowid only by a seek per row, ~1 ms each for common terms.
        return [(r[0], 0.0) for r in self.db.execute(sql, [*params, *self.fparams, *self.eparams, limit, offset])], total


def _authors(value: Any) -> list[str]:
    if not value:
        return []
    try:
        out = json.loads(value)
    except ValueError:
        return [value]
    return [str(a) for a in out] if isinstance(out, list) else [str(out)]


def matching_ids(
    db: Database, query: str | ParsedQuery, *, site: str | Sequence[str] | None = None,
    where: Sequence[str] = (), params: Sequence[Any] = (),
) -> list[int]:  # fmt: skip
    """Ids of every article matching `query` (ascending), optionally only those meeting extra SQL `where`
    conditions on `a` (articles) with their `params`; used by watches to check only new articles."""
    parsed = with_morphemes(db, query if isinstance(query, ParsedQuery) else parse(query))
    filters, fparams = build_filters(site=site)
    return _Plan(db, parsed, [*filters, *where], [*fparams, *params]).matching_ids(False)


PERIODS = ("day", "week", "month")
# The bucket an article's `published_utc` falls in; a week is named by its Monday.
_PERIOD_SQL = {
    "day": "substr(a.published_utc, 1, 10)",
    "week": "date(substr(a.published_utc, 1, 10), 'weekday 0', '-6 days')",
    "month": "substr(a.published_utc, 1, 7)",
}


def counts_by_period(
    db: Database, query: str | ParsedQuery, by: str, *, site: str | Sequence[str] | None = None,
    section: str | None = None, author: str | None = None, since: Any = None, until: Any = None,
    collapse_duplicates: bool = False,
) -> list[tuple[str, str, int]]:  # fmt: skip
    """(period, site, matching articles) for every period with a match, oldest first: how often `query` was
    in the news. `by` is day, week (named by its Monday) or month, in UTC; ValueError for anything else."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    parsed = with_morphemes(db, query if isinstance(query, ParsedQuery) else parse(query))
    filters, fparams = build_filters(site=site, section=section, author=author, since=since, until=until)
    ids = _Plan(db, parsed, filters, fparams).matching_ids(collapse_duplicates)
    sql = (
        f"SELECT {_PERIOD_SQL[by]} AS period, coalesce(a.site, '') AS site, count(*) FROM articles a "
        "WHERE a.id IN (SELECT value FROM json_each(?)) AND a.published_utc IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return [(p, s, n) for p, s, n in db.execute(sql, [json.dumps(ids)]) if p]


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period label from `first` to `last`, so the chart shows quiet periods as empty rows."""
    if by == "month":
        y, m = map(int, first.split("-"))
        out = []
        while f"{y:04d}-{m:02d}" <= last and len(out) < 10_000:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    step = dt.timedelta(days=7 if by == "week" else 1)
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    out = []
    while day <= end and len(out) < 10_000:
        out.append(day.isoformat())
        day += step
    return out
