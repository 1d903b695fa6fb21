"""`latest_articles`: newest first across UTC offsets, and read off the published_utc index (no sort of a whole-table scan)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import Archive
from storage.browse import latest_articles

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "browse" / "latest.json"


@pytest.fixture
def browse_db(tmp_path: Path) -> Archive:
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    archive = Archive(tmp_path / "browse.db")
    for record in records:
        archive.save_article(record)
    yield archive
    archive.close()


def _instant(row: dict) -> str:
    """The row's publication instant in UTC (first_seen when undated), computed here independently of the archive."""
    from datetime import datetime, timezone

    when = row["published"] or row["first_seen"]
    return datetime.fromisoformat(when.replace("Z", "+00:00")).astimezone(timezone.utc).isoformat()


def test_latest_orders_by_utc_instant_not_by_local_text(browse_db):
    rows = latest_articles(browse_db, limit=10)
    assert len(rows) == 5
    instants = [_instant(r) for r in rows]
    assert instants == sorted(instants, reverse=True)
    dated = [r["url"] for r in rows if r["published"]]
    # Ordered by the text as written, 09:00+09:00 would come first and 21:00-04:00 (01:00 UTC, the newest) last
    assert dated == ["https://b.example.com/1", "https://b.example.com/2", "https://a.example.kr/1", "https://a.example.kr/2"]
    assert rows[0]["url"] == "https://c.example.kr/1"  # undated: first seen just now
    assert latest_articles(browse_db, limit=2) == rows[:2]


def test_latest_filters_sites(browse_db):
    rows = latest_articles(browse_db, sites=["a"], limit=10)
    assert [r["url"] for r in rows] == ["https://a.example.kr/1", "https://a.example.kr/2"]
    two = latest_articles(browse_db, sites=["a", "b"], limit=3)
    assert [r["url"] for r in two] == ["https://b.example.com/1", "https://b.example.com/2", "https://a.example.kr/1"]


@pytest.mark.parametrize("sites", [None, ["a"]])
def test_latest_reads_an_index_instead_of_sorting_every_article(browse_db, sites):
    statements: list[str] = []
    browse_db.db.conn.set_trace_callback(statements.append)
    try:
        latest_articles(browse_db, sites=sites, limit=3)
    finally:
        browse_db.db.conn.set_trace_callback(None)
    select = next(s for s in statements if "FROM articles" in s)
    plan = " | ".join(r[-1] for r in browse_db.db.execute("EXPLAIN QUERY PLAN " + select).fetchall())
    # Before: "SCAN articles | USE TEMP B-TREE FOR ORDER BY" — every row read and sorted to return 20
    assert "TEMP B-TREE" not in plan, plan
    assert "INDEX idx_articles_" in plan, plan
