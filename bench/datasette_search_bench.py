"""Time the Datasette plugin's `search` canned query (`storage.datasette_plugin.SEARCH_SQL`) on a synthetic archive.

    .venv/bin/python bench/datasette_search_bench.py [--articles 20000] [--db PATH] [--repeats 5] [--plan]

Builds (or reuses) the `bench/search_bench.py` archive, picks words held by about 50%, 10% and 1% of the articles
(from the index's own vocabulary) and runs the canned query as Datasette does: one connection, the plugin's SQL
functions registered by its `prepare_connection` hook. Prints the median seconds and the row count per word;
`--plan` also prints EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search_bench import Corpus, build  # noqa: E402
from storage import Archive  # noqa: E402
from storage.datasette_plugin import SEARCH_SQL, prepare_connection  # noqa: E402


def words_by_share(conn: sqlite3.Connection, shares: tuple[float, ...]) -> list[tuple[str, int]]:
    """For each share, the corpus's 2-syllable word whose index term is in the nearest to share × articles.

    One of the corpus's 2,000 most frequent words, not any bigram: a bigram mostly seen inside longer words is
    rejected by the query's word check, and such a query returns next to nothing."""
    total = conn.execute("select count(*) from articles").fetchone()[0]
    words = {w for w in Corpus().vocab[:2000] if len(w) == 2}
    conn.execute("create virtual table if not exists temp.bench_vocab using fts5vocab(main, articles_fts, row)")
    rows = [r for r in conn.execute("select term, doc from temp.bench_vocab where length(term) = 2") if r[0] in words]
    return [min(rows, key=lambda r: abs(r[1] - share * total)) for share in shares]


def main() -> None:
    """Build or reuse the archive, then time the canned query per word."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--plan", action="store_true")
    args = ap.parse_args()
    path = args.db or Path(f"/tmp/newsarchive-bench-{args.articles}.db")
    if not path.exists():
        build(path, args.articles, Corpus())
    with Archive(path) as a:
        a.db.execute("select 1")  # migrated and ready
    conn = sqlite3.connect(path)
    prepare_connection(conn, "bench", None)
    for word, docs in words_by_share(conn, (0.5, 0.1, 0.01)):
        times, rows = [], 0
        for _ in range(args.repeats):
            t = time.perf_counter()
            rows = len(conn.execute(SEARCH_SQL, {"q": word}).fetchall())
            times.append(time.perf_counter() - t)
        print(f"{word}  in {docs:,} articles: {statistics.median(times):.3f} s median of {args.repeats} ({rows} rows)")
        if args.plan:
            for row in conn.execute("explain query plan " + SEARCH_SQL, {"q": word}):
                print("   ", row[-1])


if __name__ == "__main__":
    main()
