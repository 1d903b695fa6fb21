"""Rules made after the first score of `tests/fixtures/real_world43` (US outlets; the batch lost at first sight because
the extractor raised on one page), each checked on the page that showed the gap."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import evaluation, extract_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_a_year_one_placeholder_date_is_skipped_not_computed_with() -> None:
    # USA Today: JSON-LD `"datePublished": "0001-01-01T00:00:00Z"` (and dateModified); the small-hours UTC rule took the
    # day before the year 1 and raised OverflowError. The placeholder is dropped as it is read, the page's next source
    # gives the time.
    expected = json.loads((FIXTURES / "real_world43/usatoday_com.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / "real_world43/usatoday_com.html").read_bytes(), expected["url"])
    assert article.published == expected["published"]
    assert article.paragraphs[:3] == expected["body_paragraphs"][:3]


def test_the_benchmark_scores_a_raising_page_as_empty_and_names_it(monkeypatch, capsys) -> None:
    def boom(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr("crawler.extract.extract_article", boom)
    page = evaluation.Page("page", b"<html></html>", {"url": "https://example.org/a"}, folder="batch")
    pred = evaluation.run_ours(page)
    assert (pred.body, pred.title, pred.published, pred.authors) == ("", "", None, [])
    assert "batch/page: OverflowError" in capsys.readouterr().err


def test_a_writers_page_slug_run_together_names_the_byline() -> None:
    # Palmer Report: `span.fl-post-author > a[rel=author][href=/author/billpalmer/]` `Bill Palmer` under the headline
    expected = json.loads((FIXTURES / "real_world43/palmerreport_com.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / "real_world43/palmerreport_com.html").read_bytes(), expected["url"])
    assert article.authors == expected["authors"]


def test_a_company_or_a_content_label_is_no_author() -> None:
    # 10News: `By: The E.W. Scripps Company`, Chartbeat's `Scripps Only Content`
    expected = json.loads((FIXTURES / "real_world43/10news_com.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / "real_world43/10news_com.html").read_bytes(), expected["url"])
    assert article.authors == expected["authors"] == []


def test_an_appeal_for_money_addressed_to_the_reader_ends_the_story() -> None:
    # The Geller Report closes with `div.grey-box`: `The Truth Must be Told`, `Your contribution supports independent
    # journalism`, `Please take a moment to consider this. …`, then a tip line
    expected = json.loads((FIXTURES / "real_world43/gellerreport_com.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / "real_world43/gellerreport_com.html").read_bytes(), expected["url"])
    assert not any("contribution" in p or "tips@" in p for p in article.paragraphs)
    assert article.paragraphs[:-1] == expected["body_paragraphs"]  # (left: the appeal's heading)

    from crawler.extract.clean import clean_paragraphs

    story = ["The council met on Tuesday and approved the plan after a long debate in the city hall."] * 3
    for appeal in ("Please consider supporting our independent journalism.", "If you value our reporting, donate."):
        assert clean_paragraphs([*story, appeal, "Donate now"]).paragraphs == story
    quoted = "Please support the victims, the mayor said after the debate."
    assert clean_paragraphs([*story, quoted]).paragraphs == [*story, quoted]


def test_an_address_among_the_site_names_excludes_no_author() -> None:
    # WordPress (Yoast) gives `article:publisher` as the writer's Facebook page: `https://www.facebook.com/pamelageller`
    # joined the outlet's names and, as a key, held `pamelageller`, so the byline `By Pamela Geller - on January 7, 2018`
    # was dropped as part of the outlet's name. With the author known, her closing bio is no text either.
    expected = json.loads((FIXTURES / "real_world43/gellerreport_com.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / "real_world43/gellerreport_com.html").read_bytes(), expected["url"])
    assert article.authors == expected["authors"] == ["Pamela Geller"]
    assert not any(p.startswith("Pamela Geller is the President") for p in article.paragraphs)

    from crawler.extract.clean import clean_authors

    assert clean_authors(["Pamela Geller"], exclude={"https://www.facebook.com/pamelageller"}) == ["Pamela Geller"]
    assert clean_authors(["Geller Report"], exclude={"Geller Report", "https://x.com/y"}) == []
