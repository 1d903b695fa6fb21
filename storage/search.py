"""Korean-aware search over the archive: filters, BM25 ranking (title first), snippets on the original text.

Usage::

    from storage import Archive
    res = Archive("newsarchive.db", readonly=True).search("기준금리 -미국", site="yna", since="2024-01-01", limit=10)
    res.total                              # all matching articles, not just this page
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
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Literal, Sequence

from sqlite_utils import Database

from storage.query import ParsedQuery, parse
from storage.snippets import make_snippet

SORTS = ("relevance", "newest", "oldest")
#: Relevance ranking of very broad queries looks at this many of the most recently added matches.
RANK_WINDOW = 1000
MAX_LIMIT = 10_000

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
    """A page of results plus the total number of matching articles."""

    total: int
    results: list[SearchHit]
    query: str = ""
    offset: int = 0
    limit: int = 20

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def to_dict(self) -> dict[str, Any]:
        """`{"total": N, "results": [...]}` as printed by `newsarchive search --json`."""
        return {"total": self.total, "results": [h.to_dict() for h in self.results]}


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
) -> SearchResults:
    """Search articles; raises `QuerySyntaxError` (a ValueError) for an unsearchable query, ValueError for bad arguments.

    `collapse_duplicates` hides an article marked `duplicate_of` another when that original is itself
    among the matches (same query and filters), so a story shows once; duplicates whose original does
    not match stay visible. `total` counts after collapsing.

    Relevance ranking computes BM25 for every candidate it ranks (10-50 µs each). When a query (with its
    filters) matches more than `rank_window` articles, the page is ranked among the `rank_window` most
    recently added matches; `total` stays exact. Pass `rank_window=None` to rank over all matches.
    """
    parsed = query if isinstance(query, ParsedQuery) else parse(query)
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise ValueError("offset must be 0 or more")
    where, params = build_filters(site=site, section=section, author=author, since=since, until=until)
    plan = _Plan(db, parsed, where, params)
    if sort == "relevance" and parsed.match:
        rows, total = plan.by_relevance(limit, offset, rank_window, collapse_duplicates)
    else:
        rows, total = plan.by_date("oldest" if sort == "oldest" else "newest", limit, offset, collapse_duplicates)
    if not rows:
        return SearchResults(total, [], parsed.text, offset, limit)

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
    return SearchResults(total, hits, parsed.text, offset, limit)


class _Plan:
    """The SQL for one search: text conditions (MATCH / NOT IN) plus filters on `articles a`.

    Costs to keep in mind (200k articles): stepping through FTS matches is cheap, BM25 is ~10-50 µs per
    ranked row, and looking up an article row per match is the slowest of all. So: counts come from FTS
    alone or from the filter's index probing a match list built once; BM25 runs only on the rows that
    will be ranked; article rows are read only for those.
    """

    def __init__(self, db: Database, parsed: ParsedQuery, filters: list[str], params: list[Any]):
        self.db, self.parsed, self.filters, self.fparams = db, parsed, filters, params
        self.excl = ["a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"] if not parsed.match and parsed.exclude else []
        self.eparams = [parsed.exclude] if self.excl else []

    def _where(self, extra: list[str] = ()) -> str:  # type: ignore[assignment]
        conds = [*extra, *self.filters, *self.excl]
        return " WHERE " + " AND ".join(conds) if conds else ""

    def count(self) -> int:
        """Exact number of matches; FTS alone when there are no filters (no row lookups)."""
        p = self.parsed
        if p.match and not self.filters:
            return self.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [p.match]).fetchone()[0]
        if p.match:
            # Driven by the filter's index, probing a list of matching rowids built once.
            sql = "SELECT count(*) FROM articles a" + self._where(["a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"])
            return self.db.execute(sql, [p.match, *self.fparams]).fetchone()[0]
        if not self.filters and not self.excl:
            return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM articles a" + self._where(), [*self.fparams, *self.eparams]).fetchone()[0]

    def matching_ids(self, collapse: bool) -> list[int]:
        """Every matching id, ascending (minus duplicates whose original also matches, with `collapse`)."""
        p = self.parsed
        if p.match and not self.filters:
            ids = [r[0] for r in self.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", [p.match])]
        else:
            extra, params = [], []
            if p.match:
                extra, params = ["a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"], [p.match]
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
        order = " ORDER BY score, a.published_utc DESC, a.id DESC LIMIT ? OFFSET ?"
        # `rank + 0.0`: an expression, so FTS5 does not take over the ORDER BY and rank every match itself.
        select = "SELECT a.id, articles_fts.rank + 0.0 AS score FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        if not self.filters and not collapse:
            total = self.count()
            if total == 0 or offset >= total:
                return [], total
            conds, params = ["articles_fts MATCH ?"], [self.parsed.match]
            if depth and total > depth:
                floor = self.db.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?", [self.parsed.match, depth - 1]
                ).fetchone()
                conds.append("articles_fts.rowid >= ?")
                params.append(floor[0])
            sql = select + " WHERE " + " AND ".join(conds) + order
            return self.db.execute(sql, [*params, limit, offset]).fetchall(), total
        ids = self.matching_ids(collapse)
        total = len(ids)
        if total == 0 or offset >= total:
            return [], total
        ranked = ids[-depth:] if depth and total > depth else ids
        # Only the chosen rows are ranked: FTS seeks to the first of them, the IN list (built once) screens the rest.
        sql = (
            select + " WHERE articles_fts MATCH ? AND articles_fts.rowid >= ?"
            " AND +articles_fts.rowid IN (SELECT value FROM json_each(?))" + order
        )
        return self.db.execute(sql, [self.parsed.match, ranked[0], json.dumps(ranked), limit, offset]).fetchall(), total

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
        if self.parsed.match:
            n = self.db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 1
            # Broad query: walk the date index and probe the match list (stops after one page). Narrow
            # query: look its few rows up and sort them. The unary + stops SQLite using the IN as a lookup.
            plus = "+" if total * 20 > n else ""
            extra.append(f"{plus}a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(self.parsed.match)
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
