"""Structured metadata: JSON-LD (@graph, lists, WebPage fallback, broken JSON), OpenGraph, microdata."""

import json

from crawler.extract import extract_article

P = "<p>" + "The council approved the plan after a long debate on Tuesday night in the city hall. " * 2 + "</p>"


def page(ld, head: str = "") -> str:
    script = ld if isinstance(ld, str) else json.dumps(ld)
    return (f'<html><head><script type="application/ld+json">{script}</script>{head}</head>'
            f"<body><h1>Other</h1><article>{P}{P}</article></body></html>")


ARTICLE = {"@type": "NewsArticle", "headline": "Council approves plan", "datePublished": "2024-03-01T10:00:00+00:00",
           "dateModified": "2024-03-01T12:00:00+00:00", "author": [{"@type": "Person", "name": "Jane Doe"},
                                                                    {"@type": "Person", "name": "John Roe"}],
           "publisher": {"@type": "Organization", "name": "Gazette"}, "articleSection": "Local", "keywords": "a, b"}


def check(art):
    assert art.title == "Council approves plan"
    assert art.published == "2024-03-01T10:00:00+00:00" and art.modified == "2024-03-01T12:00:00+00:00"
    assert art.authors == ["Jane Doe", "John Roe"]
    assert art.publisher == "Gazette" and art.section == "Local" and art.tags == ["a", "b"]


def test_plain_object():
    check(extract_article(page({"@context": "https://schema.org", **ARTICLE}), "http://x/"))


def test_graph():
    check(extract_article(page({"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}, ARTICLE]}), "http://x/"))


def test_list_and_type_list():
    check(extract_article(page([{"@type": "BreadcrumbList"}, {**ARTICLE, "@type": ["NewsArticle", "ReportageNewsArticle"]}]), "http://x/"))


def test_trailing_comma_and_cdata():
    raw = "//<![CDATA[\n" + json.dumps(ARTICLE)[:-1] + ",}\n//]]>"
    raw = json.dumps(ARTICLE)[:-1] + ",}"
    check(extract_article(page(raw), "http://x/"))


def test_organization_author_not_a_person():
    art = extract_article(page({**ARTICLE, "author": {"@type": "Organization", "name": "Gazette"}}), "http://x/")
    assert art.authors == []


def test_broken_json_falls_back_to_opengraph():
    head = ('<meta property="og:title" content="Council approves plan"><meta property="article:published_time" '
            'content="2024-03-01T10:00:00+00:00"><meta name="author" content="Jane Doe">')
    art = extract_article(page("{not json", head), "http://x/")
    assert art.title == "Council approves plan" and art.published == "2024-03-01T10:00:00+00:00"
    assert art.authors == ["Jane Doe"]


def test_microdata():
    html = ('<html><body><article itemscope itemtype="http://schema.org/NewsArticle"><h1 itemprop="headline">Council approves plan</h1>'
            '<time itemprop="datePublished" datetime="2024-03-01T10:00:00+00:00">1 March</time>'
            '<span itemprop="author" itemscope><span itemprop="name">Jane Doe</span></span>'
            f'<div itemprop="articleBody">{P}{P}</div></article></body></html>')
    art = extract_article(html, "http://x/")
    assert art.title == "Council approves plan" and art.published == "2024-03-01T10:00:00+00:00"
    assert art.authors == ["Jane Doe"]
    assert art.paragraphs == [P[3:-4].strip()] * 2


def test_page_meta_keeps_only_the_microdata_the_extractor_reads():
    """`parse_meta` asks for the used properties only: an `articleBody`'s whole text is never decoded for nothing,
    while `parse_microdata` without a filter still gives every property."""
    from crawler.extract.extractor import parse_html
    from crawler.extract.metadata import USED_MICRODATA, parse_meta, parse_microdata

    doc = parse_html('<html><body><article itemscope itemtype="http://schema.org/NewsArticle">'
                     '<h1 itemprop="headline">Council approves plan</h1>'
                     '<span itemprop="author">Jane Doe</span>'
                     f'<div itemprop="articleBody">{P}{P}</div></article></body></html>')
    assert set(parse_microdata(doc)) == {"headline", "author", "articleBody"}
    assert parse_microdata(doc, frozenset({"headline"})) == {"headline": ["Council approves plan"]}
    assert set(parse_meta(doc).microdata) == {"headline", "author"} <= USED_MICRODATA


def test_a_meta_title_cut_by_an_unescaped_quote_is_completed_from_the_title_tag():
    # El Universal: `<meta property="og:title" content="Senador … de "incapacitado"" />` reads as `Senador … de`
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "fixtures/real_trafilatura/eluniversal_com_senador.html"
    art = extract_article(page.read_bytes(), "https://www.eluniversal.com/internacional/x")
    assert art.title == 'Senador republicano califica a Biden de "incapacitado"'
    from crawler.extract.metadata import _uncut_title

    assert _uncut_title("Plan approved", "Plan approved | Gazette") == "Plan approved"  # a suffix is no cut quote
