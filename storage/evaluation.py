"""Scoring `Archive.search` against hand-labelled queries (used by the tests and bench/search_bench.py).

Usage::

    score = score_queries(archive, [{"query": "구광모", "relevant": [14]}, ...])
    score.recall, score.precision, score.failures
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.archive import Archive


@dataclass
class QueryScore:
    """One labelled query's result: recall, precision and what was missed or extra."""

    query: str
    category: str | None
    recall: float
    precision: float
    missed: list[int]
    extra: list[int]


@dataclass
class SearchScore:
    """Macro-averaged recall and precision over a labelled set, with per-query rows."""

    rows: list[QueryScore] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Mean recall over queries."""
        return sum(r.recall for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def precision(self) -> float:
        """Mean precision over queries (a query that finds nothing scores 0)."""
        return sum(r.precision for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def failures(self) -> list[QueryScore]:
        """Queries whose results differ from the labels."""
        return [r for r in self.rows if r.missed or r.extra]


def score_queries(archive: Archive, queries: list[dict[str, Any]], *, limit: int = 1000) -> SearchScore:
    """Run every labelled query (`query`, `relevant` ids, optional `category`) and score the results."""
    score = SearchScore()
    for q in queries:
        got = {h.id for h in archive.search(q["query"], limit=limit).results}
        want = set(q["relevant"])
        tp = len(got & want)
        score.rows.append(QueryScore(
            query=q["query"], category=q.get("category"),
            recall=tp / len(want) if want else 1.0,
            precision=tp / len(got) if got else (1.0 if not want else 0.0),
            missed=sorted(want - got), extra=sorted(got - want),
        ))  # fmt: skip
    return score
