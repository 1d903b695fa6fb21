"""The htmldate fallback (`crawler.extract.date_fallback`): a day for real pages our own date reading leaves empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler.extract import extract_article
from crawler.extract.date_fallback import htmldate_day

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# Real pages whose labelled date our reader missed before the fallback, each for another reason: a shown French
# date without a time (`05 février 2016`), `value=` meta tags (ZDNet Japan), an unlabelled Korean stamp after the
# byline (대전일보), a shown `Tue 29 Nov 2016 15.26 EST` with `value=` metadata (The Guardian).
PAGES = ["real_final/lemonde_blog_noimg", "real_world2/japan_zdnet_com", "real_world3/daejonilbo_com",
         "real_world5/theguardian_com"]


@pytest.mark.parametrize("name", PAGES)
def test_the_labelled_day_is_found_where_the_page_gives_no_placeable_stamp(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.published is not None
    assert article.published[:10] == expected["published"][:10]


def test_a_day_in_the_url_is_read_when_the_page_has_none() -> None:
    doc = lxml_html.fromstring((FIXTURES / "real_final/lemonde_blog_noimg.html").read_bytes())
    for el in doc.xpath("//*[contains(@class, 'entry-date')]|//time|//meta|//link[@rel='canonical']|//a|//abbr"):
        el.drop_tree()  # every date the page itself shows or declares
    day = htmldate_day(doc, "https://example.org/2019/06/27/a-story", "Europe/Paris")
    assert day is not None and (day.year, day.month, day.day) == (2019, 6, 27)
    assert htmldate_day(doc, "", "Europe/Paris") != day  # the day came from the URL
    assert day.utcoffset() is not None  # aware: midnight in the page's zone


def test_the_fallback_leaves_the_tree_it_reads_unchanged() -> None:
    doc = lxml_html.fromstring((FIXTURES / "real_world2/japan_zdnet_com.html").read_bytes())
    before = lxml_html.tostring(doc)
    assert htmldate_day(doc, "", "Asia/Tokyo") is not None
    assert lxml_html.tostring(doc) == before


def test_an_epoch_placeholder_is_no_date() -> None:
    """portalspozywczy.pl's JSON-LD says `"datePublished":"1970-01-01T01:00:00+01:00"` (an empty CMS field); the
    page's own day is found instead."""
    name = "real_world2/portalspozywczy_pl"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.published is not None and article.published[:10] == expected["published"][:10]
    assert article.modified is None or not article.modified.startswith("1970")
