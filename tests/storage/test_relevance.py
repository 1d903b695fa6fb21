"""The graded relevance set (tests/fixtures/search_relevance): its shape, and ranking measured on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import Archive
from storage.evaluation import ranking_scores, relevance_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search_relevance"
ARTICLES = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
QUERIES = json.loads((FIXTURES / "queries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("relevance") / "r.db"
    ids: dict[str, int] = {}
    with Archive(path) as a:
        for art in ARTICLES:
            ids[art["key"]] = a.save_article({k: v for k, v in art.items() if k not in ("key", "source", "duplicate_of")}).id
        for art in ARTICLES:
            if art.get("duplicate_of"):
                a.mark_duplicate(ids[art["key"]], ids[art["duplicate_of"]], 0.9)
    return path, ids


def test_the_set_is_big_enough_graded_and_bilingual():
    keys = {a["key"] for a in ARTICLES}
    assert len(ARTICLES) >= 300 and len(keys) == len(ARTICLES)
    assert len(QUERIES) >= 60
    assert {q["language"] for q in QUERIES} == {"ko", "en"} and {a["language"] for a in ARTICLES} == {"ko", "en"}
    assert all(set(q["grades"]) <= keys and all(g in (0, 1, 2, 3) for g in q["grades"].values()) for q in QUERIES)
    assert {g for q in QUERIES for g in q["grades"].values()} == {0, 1, 2, 3}


def test_metric_counts_a_duplicate_once():
    grades = {1: 3, 2: 3, 3: 1}
    alone, _ = ranking_scores([1, 3], grades, {2: 1})
    with_copy, _ = ranking_scores([1, 2, 3], grades, {2: 1})
    assert alone == pytest.approx(1.0) and with_copy < alone


def _ndcg(path: Path, ids: dict[str, int], **kwargs) -> dict:
    with Archive(path, readonly=True) as a:
        return relevance_report(a, QUERIES, ids, rank_window=None, **kwargs)


def test_dictionary_forms_rank_their_conjugations(graded):
    rep = _ndcg(*graded)
    # Before `storage.query.conjugations` no verb-form query found anything (nDCG 0.0).
    assert rep["by_category"]["verb-form"]["ndcg@10"] > 0.8


def test_each_ranking_ingredient_pays(graded):
    path, ids = graded
    shipped = _ndcg(path, ids)["ndcg@10"]
    assert shipped > _ndcg(path, ids, sort="newest")["ndcg@10"]  # relevance beats freshness alone
    assert _ndcg(path, ids, collapse_duplicates=True)["ndcg@10"] > shipped  # a story shown once is worth more
    with Archive(path) as a:
        a.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(1.0, 1.0, 0.0)')")
    try:
        assert _ndcg(path, ids)["ndcg@10"] < shipped  # the title weight
    finally:
        with Archive(path) as a:
            a.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 0.0)')")


def test_morphemes_rank_substring_traps_and_verb_forms_better(graded, tmp_path):
    """The morpheme column (the `morph` extra) against bigrams alone, on a copy of the graded archive."""
    import shutil

    path, ids = graded
    copy = tmp_path / "morph.db"
    shutil.copyfile(path, copy)
    bigrams = _ndcg(copy, ids)
    with Archive(copy) as a:
        a.reindex(morphemes=True)
    morphemes = _ndcg(copy, ids)
    assert morphemes["ndcg@10"] > bigrams["ndcg@10"] and morphemes["recall"] >= bigrams["recall"]
    # bigrams alone: 0.814 before word-pair tokens, 0.888 with them (index bigram-3); morphemes 0.931
    assert morphemes["by_category"]["substring-trap"]["ndcg@10"] > bigrams["by_category"]["substring-trap"]["ndcg@10"] + 0.03
    rows = {r["query"]: r for r in morphemes["rows"]}
    assert rows["유가"]["ndcg"] > 0.95 and rows["오르다"]["recall"] > 0.9  # 0.61 and 0.36 with bigrams alone


def test_translate_helps_english_queries_and_leaves_korean_ones_alone(graded):
    plain, translated = _ndcg(*graded), _ndcg(*graded, translate=True)
    assert translated["by_category"]["en"]["ndcg@10"] > plain["by_category"]["en"]["ndcg@10"] + 0.1
    rows = {r["query"]: r for r in translated["rows"]}
    assert rows["heat wave"]["recall"] == 1.0 and rows["export controls"]["ndcg"] > 0.9  # 0 and 0.60 without
    korean = [c for c in plain["by_category"] if c != "en"]
    assert all(translated["by_category"][c] == plain["by_category"][c] for c in korean)


def test_first_page_figures_are_reported(graded):
    rep = _ndcg(*graded)
    assert 0 < rep["precision_page"] <= 1 and 0 < rep["recall_page"] <= 1
    rows = {r["query"]: r for r in rep["rows"]}
    # 밝히다 has 50+ relevant articles: the first page's recall is over 20 of them, so it equals its precision.
    assert rows["밝히다"]["recall_page"] == rows["밝히다"]["precision_page"] > 0.9
