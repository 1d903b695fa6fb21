"""The second opinion (crawler/extract/ensemble.py): trafilatura's paragraphs merged into ours with the page's evidence,
asked only when our reading is doubtful, and a missing trafilatura fails loudly (issue 11, items 2 and 8)."""

import sys
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract import ensemble
from crawler.extract.body import build_paragraphs, find_container
from crawler.extract.chunks import assemble_chunks
from crawler.extract.clean import clean_paragraphs
from crawler.extract.evaluation import load_pages
from crawler.extract.extractor import parse_html

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = {p.name: p for folder in sorted(FIXTURES.glob("real_*")) for p in load_pages(folder)}


def _body(name: str) -> str:
    page = PAGES[name]
    return extract_article(page.html, page.expected["url"]).body


def _ours(name: str):
    """Our own reading of a page (container and cleaned paragraphs), before any second opinion."""
    doc = parse_html(PAGES[name].html)
    container, _, skip = assemble_chunks(doc, find_container(doc))
    return doc, container, clean_paragraphs([u.text for u in build_paragraphs(container, skip)]).paragraphs


@pytest.mark.parametrize("name,expected", [
    # a how-to whose steps are one-line blocks too small to count as chunks of the body
    ("ehow_1", "Insert your plant into the hole."),
])
def test_second_opinion_restores_dropped_story_text(name, expected):
    assert expected in PAGES[name].expected_body
    assert expected in _body(name)


def test_embedded_posts_are_not_restored():
    """`blockquote.twitter-tweet` text is the embed's (the labels' rule 2): the second opinion must not bring it back."""
    assert "By the way, @realDonaldTrump: Remember saying on 7/5" not in PAGES["readabilipy_addictinginfo"].expected_body
    assert "By the way, @realDonaldTrump: Remember saying on 7/5" not in _body("readabilipy_addictinginfo")


def test_second_opinion_adds_nothing_the_label_leaves_out():
    for name in ("ehow_1",):
        doc, container, ours = _ours(name)
        adds = ensemble.merge(ours, ensemble.trafilatura_paragraphs(container),
                              ensemble.region_of(container))
        assert adds, name
        for _, text in adds:
            assert text in PAGES[name].expected_body, (name, text)


@pytest.mark.parametrize("name,junk", [
    ("yahoo_2", "In this photo dated Tuesday"),  # a photo caption repeated in the lightbox, before the story
    ("sueddeutsche_noimg", "Versand erfolgt"),  # the success message of a mail-to-a-friend form inside the container
    ("gne_sina_1", "推荐新闻"),  # a recommended-news list after the story
])
def test_evidence_keeps_furniture_out_even_when_asked(name, junk):
    """Asked on pages where trafilatura keeps furniture inside or next to our container, nothing of it is added."""
    doc, container, ours = _ours(name)
    region = ensemble.region_of(container)
    adds = ensemble.merge(ours, ensemble.trafilatura_paragraphs(container), region)
    assert not any(junk in text for _, text in adds)


def test_second_opinion_is_rare(monkeypatch):
    """It costs about as much as our own extraction of that page, so it must stay the exception (≤ 15% of real pages)."""
    from crawler.extract import extractor

    calls: list[bool] = []

    def counted(container_chars, paragraphs):
        calls.append(ensemble.second_opinion_due(container_chars, paragraphs))
        return calls[-1]

    monkeypatch.setattr(extractor, "second_opinion_due", counted)
    for page in PAGES.values():
        extract_article(page.html, page.expected["url"])
    assert 0 < sum(calls) <= 0.15 * len(PAGES)


def test_missing_trafilatura_fails_a_page_that_needs_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # what a failed import looks like to `import`
    with pytest.raises(ImportError):
        _body("ehow_1")
