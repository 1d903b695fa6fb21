"""Rules made after the first score of `tests/fixtures/real_world26` (Moldovan and Lithuanian pages), each checked on
the page that showed the gap."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.parser import parse_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_an_end_tag_br_breaks_the_line_as_browsers_show_it() -> None:
    # kedainietis.lt sets its paragraphs apart with `</br></br>` inside one `<p>`; the HTML standard (and every
    # browser) reads `</br>` as `<br>`, libxml2 dropped it and the paragraphs ran together.
    name = "real_world26/kedainietis_lt"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    html = (FIXTURES / f"{name}.html").read_bytes()
    assert b"</br>" in html
    article = extract_article(html, expected["url"])
    assert expected["body_paragraphs"][:5] == article.paragraphs[:5]
    doc = parse_page(b"<html><body><p>One.</br></BR >Two.</p></body></html>")
    assert len(doc.findall(".//br")) == 2


def test_a_short_named_lead_before_the_body_is_its_first_paragraph() -> None:
    # Pro TV Chișinău (protv.md, inprofunzime.md): `div.short`, one sentence between the headline and `div.continut`
    for name in ("real_world26/protv_md", "real_world26/inprofunzime_md"):
        expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
        assert article.paragraphs[0] == expected["body_paragraphs"][0], name
