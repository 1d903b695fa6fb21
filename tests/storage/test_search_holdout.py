"""Held-out Korean search set (tests/fixtures/search_holdout): written independently of the parser's own set.

Macro recall/precision of `Archive.search` over all results, as `bench/search_bench.py --labelled` computes them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import Archive

HOLDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "search_holdout"


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    articles = json.loads((HOLDOUT / "articles.json").read_text(encoding="utf-8"))
    queries = json.loads((HOLDOUT / "queries.json").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("holdout") / "holdout.db"
    with Archive(path) as a:
        for art in articles:
            assert a.save_article({k: v for k, v in art.items() if k != "id"}).id == art["id"]
    return path, articles, queries


def test_holdout_fixture_shape(holdout):
    _, articles, queries = holdout
    ids = {a["id"] for a in articles}
    assert len(articles) >= 40 and len(queries) >= 40
    assert [a["id"] for a in articles] == list(range(1, len(articles) + 1))
    assert all(q["relevant"] and set(q["relevant"]) <= ids for q in queries)


def test_holdout_recall_and_precision(holdout):
    path, _, queries = holdout
    recalls, precisions, failures = [], [], []
    with Archive(path, readonly=True) as a:
        for q in queries:
            got = {h.id for h in a.search(q["query"], limit=1000).results}
            want = set(q["relevant"])
            tp = len(got & want)
            recalls.append(tp / len(want))
            precisions.append(tp / len(got) if got else 0.0)
            if got != want:
                failures.append((q["query"], sorted(want - got), sorted(got - want)))
    recall = sum(recalls) / len(recalls)
    precision = sum(precisions) / len(precisions)
    assert recall >= 0.98, (recall, failures)
    assert precision >= 0.95, (precision, failures)
