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


# -- graded relevance (nDCG@k, MAP) ----------------------------------------------------------------------


def _gain(grade: int) -> float:
    return float(2**grade - 1)


def ranking_scores(ranked: list[int], grades: dict[int, int], root: dict[int, int], k: int = 10) -> tuple[float, float]:
    """(nDCG@k, average precision) of one ranked id list against graded judgments (0-3).

    Duplicates count once: a result whose duplicate cluster (`root`: id -> cluster id) was already shown
    gains nothing, and the ideal ranking holds each cluster once at its best grade. AP treats grade >= 1 as
    relevant, over the whole ranked list."""
    import math

    best: dict[int, int] = {}
    for i, g in grades.items():
        c = root.get(i, i)
        best[c] = max(best.get(c, 0), g)
    ideal = sorted((_gain(g) for g in best.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(n + 2) for n, g in enumerate(ideal))
    seen: set[int] = set()
    dcg, hits, ap_sum = 0.0, 0, 0.0
    for n, i in enumerate(ranked):
        c = root.get(i, i)
        g = grades.get(i, 0) if c not in seen else 0
        seen.add(c)
        if n < k:
            dcg += _gain(g) / math.log2(n + 2)
        if g > 0:
            hits += 1
            ap_sum += hits / (n + 1)
    relevant = sum(1 for g in best.values() if g > 0)
    return (dcg / idcg if idcg else 1.0), (ap_sum / relevant if relevant else 1.0)


#: The results a user is shown at once: the CLI's default page (`newsarchive search --limit 20`).
PAGE = 20


def relevance_report(
    archive: Archive, queries: list[dict[str, Any]], ids: dict[str, int], *, k: int = 10, depth: int = 100, **search: Any,
) -> dict[str, Any]:  # fmt: skip
    """Mean nDCG@k and MAP of `archive.search(**search)` over graded queries (`query`, `grades`: key -> 0..3),
    overall and per category; `ids` maps judgment keys to article ids. Duplicate clusters come from
    `duplicate_of` in the archive.

    What counts as returned: `recall`/`precision` take every result down to `depth` (100) — a match ranked last,
    such as 유가 inside 유가족 below every whole-word hit, is still returned (it is shown on request, and on the
    first page when the query has few matches). `recall_page`/`precision_page` take the first page a user sees
    (`PAGE` results; recall over min(relevant, PAGE)). Grade >= 1 is relevant."""
    root: dict[int, int] = {}
    for i, original in archive.db.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL"):
        root[i] = original
    for i in list(root):  # follow chains to the cluster's first article
        seen = {i}
        while root[i] in root and root[root[i]] not in seen:
            seen.add(root[i])
            root[i] = root[root[i]]
    rows = []
    for q in queries:
        grades = {ids[key]: g for key, g in q["grades"].items()}
        ranked = [h.id for h in archive.search(q["query"], limit=depth, **search).results]
        ndcg, ap = ranking_scores(ranked, grades, root, k)
        want, got, page = {i for i, g in grades.items() if g > 0}, set(ranked), set(ranked[:PAGE])
        rows.append({"query": q["query"], "category": q.get("category"), "ndcg": ndcg, "ap": ap,
                     "recall": len(want & got) / len(want) if want else 1.0,
                     "precision": len(want & got) / len(got) if got else float(not want),
                     "recall_page": len(want & page) / min(len(want), PAGE) if want else 1.0,
                     "precision_page": len(want & page) / len(page) if page else float(not want),
                     "added": q.get("added")})
    cats: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        cats.setdefault(r["category"] or "", []).append(r)

    def mean(rs: list[dict[str, Any]], key: str) -> float:
        return round(sum(r[key] for r in rs) / len(rs), 4) if rs else 0.0

    return {
        f"ndcg@{k}": mean(rows, "ndcg"), "map": mean(rows, "ap"), "queries": len(rows),
        "recall": mean(rows, "recall"), "precision": mean(rows, "precision"),  # grade >= 1 as relevant, top `depth`
        "recall_page": mean(rows, "recall_page"), "precision_page": mean(rows, "precision_page"),
        "by_category": {c: {f"ndcg@{k}": mean(rs, "ndcg"), "map": mean(rs, "ap"), "queries": len(rs)} for c, rs in sorted(cats.items())},
        "rows": rows,
    }  # fmt: skip
