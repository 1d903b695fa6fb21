"""Corpus-level targets (same metric code as bench/extraction_eval.py) and per-page sanity."""

from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.evaluation import evaluate, load_pages, run_ours, run_trafilatura
from crawler.extract.metrics import same_minute

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "extraction"
PAGES = load_pages(CORPUS)


def test_corpus_shape():
    ko = [p for p in PAGES if p.expected["language"] == "ko"]
    assert len(PAGES) >= 40
    assert len(ko) >= 25
    assert len({p.expected["template"] for p in ko}) >= 8
    assert {p.expected["encoding"] for p in ko} >= {"utf-8", "cp949"}


@pytest.fixture(scope="module")
def reports():
    return evaluate(PAGES, "ours", run_ours), evaluate(PAGES, "trafilatura", run_trafilatura)


def test_targets(reports):
    ours, traf = reports
    assert ours.body.f1 >= 0.98
    assert ours.body.f1 >= traf.body.f1 + 0.02
    assert ours.title_exact >= 0.95
    assert ours.published_minute >= 0.95
    assert ours.authors_exact >= 0.90


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_fields(page):
    e = page.expected
    article = extract_article(page.html, e["url"])
    leaked = [s for s in e.get("must_not_contain", []) if s in article.body]
    assert leaked == []
    assert e.get("modified") is None or same_minute(e["modified"], article.modified)
    for caption in article.captions:
        assert caption not in article.body
    if e.get("emails"):
        assert set(e["emails"]) <= set(article.emails)
