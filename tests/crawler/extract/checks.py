"""Assertions shared by the corpus and held-out extraction tests (the issue's targets, per-page sanity)."""

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.metrics import same_minute
from crawler.extract.types import Article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def assert_targets(report) -> None:
    """Issue 3's targets on one evaluation report: body F1, title, published date, authors."""
    assert report.body.f1 >= 0.98
    assert report.title_exact >= 0.95
    assert report.published_minute >= 0.95
    assert report.authors_exact >= 0.90


def assert_page_sane(page) -> Article:
    """Nothing from must_not_contain in the body, the modified time right, no caption inside the body."""
    e = page.expected
    article = extract_article(page.html, e["url"])
    leaked = [s for s in e.get("must_not_contain", []) if s in article.body]
    assert leaked == []
    assert e.get("modified") is None or same_minute(e["modified"], article.modified)
    for caption in article.captions:
        assert caption not in article.body
    return article


def extract_labelled(name: str) -> tuple[dict, Article]:
    """A labelled fixture page (`real_world64/chinapost_com_tw`: its `.json` label and `.html`) and its extraction."""
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return expected, extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
