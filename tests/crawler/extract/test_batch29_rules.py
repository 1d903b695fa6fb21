"""Rules made after the first score of `tests/fixtures/real_world29` (Spanish and Hungarian pages), each checked on
the page that showed the gap."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.metrics import shingle_match
from tests.crawler.extract.checks import extract_labelled as _extract

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_summary_bullets_under_the_headline_are_not_the_story_beside_it() -> None:
    # eldiario.es: `header > h1 + div.subtitle` holds three 80+ character `<p>` bullets; the story is `div#edi-body`
    # next to the header. The headline's block must not win over it as "the story under the headline".
    expected, article = _extract("real_world29/eldiario_es")
    assert article.paragraphs[0] == expected["body_paragraphs"][0]
    tp, fp, fn = shingle_match("\n\n".join(expected["body_paragraphs"]), article.body)
    assert tp > 0.95 and fn < 0.03  # the whole story: no missing shingles to speak of


def test_stamp_dateline_and_lone_wire_lines_are_not_text() -> None:
    # Europa Press: `Actualizado 13/02/2017 17:48:46 CET` and `ROMA, 13 Feb. (EUROPA PRESS) -` on lines of their own;
    # La Voz de Galicia: `Efe`, then `Madrid 13/02/2017 16:24 h`, inside the article element
    for name, lines in (("real_world29/europapress_es", ("Actualizado", "(EUROPA PRESS)")),
                        ("real_world29/lavozdegalicia_es", ("Efe", "Madrid 13/02/2017"))):
        expected, article = _extract(name)
        assert not [p for p in article.paragraphs if p.startswith(lines) or p in lines], name
        assert article.paragraphs[0] == expected["body_paragraphs"][0], name


def test_a_link_to_the_writers_page_under_the_headline_names_the_author() -> None:
    # 888.hu: `<a href="/szerzo/forisek-adam">Forisek Ádám</a>` under the `<h1>`, no byline class or by-word; the slug
    # writes the name without its accents. Le Grand Continent: the same with `/fr/staff/uriel-gadessaud/`.
    for name in ("real_world29/888_hu", "real_world8/legrandcontinent_eu"):
        expected, article = _extract(name)
        assert expected["authors"] and article.authors == expected["authors"], name
    # a photographer's credit linking to the staff page is not the byline (Las Vegas Sun's `p.credit > a`)
    expected, article = _extract("real_world14/lasvegassun_com")
    assert article.authors == expected["authors"] == []


def test_a_json_ld_publication_after_its_own_modification_gives_way_to_the_next_source() -> None:
    # El Español: JSON-LD `datePublished` 2017-06-23 but `dateModified` 2017-02-14T13:45, `article:published_time`
    # 2017-02-13: the JSON-LD publication is a template's slip
    name = "real_world29/elespanol_com"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.published[:10] == expected["published"][:10] == "2017-02-13"
