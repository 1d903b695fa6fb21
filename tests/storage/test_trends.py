"""`search QUERY --by day|week|month`: counts per period and site, checked against the articles themselves."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from storage import Archive
from tests.crawler.cli.test_archive import cli  # noqa: F401 - the CLI fixture over the labelled archive

QUERIES = ["금리", "삼성전자", "AI", "그룹 -LG"]


def _expected(db, query: str, by: str) -> Counter:
    """Count each matching article under its period, computed here from search hits and their dates."""
    with Archive(db, readonly=True) as a:
        hits = a.search(query, limit=10000, rank_window=None).results
        out: Counter = Counter()
        for h in hits:
            day = dt.date.fromisoformat(a.get_article(h.id)["published_utc"][:10])
            label = {"day": day.isoformat(), "week": (day - dt.timedelta(days=day.weekday())).isoformat(), "month": day.isoformat()[:7]}[by]
            out[(label, h.site or "")] += 1
    return out


@pytest.mark.parametrize("by", ["day", "week", "month"])
@pytest.mark.parametrize("query", QUERIES)
def test_counts_match_the_hits(labelled_db, query: str, by: str):
    with Archive(labelled_db, readonly=True) as a:
        rows = a.search_counts(query, by)
    assert rows == sorted(rows)
    assert Counter({(p, s): n for p, s, n in rows}) == _expected(labelled_db, query, by)
    assert sum(n for *_, n in rows) > 0


def test_filters_apply(labelled_db):
    with Archive(labelled_db, readonly=True) as a:
        rows = a.search_counts("금리", "month", site="yna")
        total = a.search("금리", site="yna", limit=1000).total
    assert {s for _, s, _ in rows} == {"yna"} and sum(n for *_, n in rows) == total


def test_cli_chart_json_and_bad_period(cli):  # noqa: F811
    r = cli("search", "금리", "--by", "month", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    chart = cli("search", "금리", "--by", "month")
    assert chart.exit_code == 0
    first, last = rows[0]["period"], rows[-1]["period"]
    lines = [line for line in chart.stdout.splitlines() if line.strip()[:7].count("-") == 1 and line.strip()[:4].isdigit()]
    assert lines[0].split()[0] == first and lines[-1].split()[0] == last  # every month between, quiet ones too
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    assert len(lines) == months
    peak = max(r["count"] for r in rows)
    assert max(line.count("█") for line in lines) == 40 and peak > 0
    bad = cli("search", "금리", "--by", "year")
    assert bad.exit_code == 2
