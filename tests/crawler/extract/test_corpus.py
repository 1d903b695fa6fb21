"""Corpus-level targets (same metric code as bench/extraction_eval.py) and per-page sanity."""

from pathlib import Path

import pytest

from crawler.extract.evaluation import evaluate, load_pages, run_ours, run_trafilatura
from tests.crawler.extract.checks import assert_page_sane, assert_targets

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
    assert_targets(ours)
    assert ours.body.f1 >= traf.body.f1 + 0.02


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_fields(page):
    e = page.expected
    article = assert_page_sane(page)
    if e.get("emails"):
        assert set(e["emails"]) <= set(article.emails)
