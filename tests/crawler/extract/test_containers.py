"""Container choice on the open web (issue 11, mechanisms 4 and 5), on small pages under tests/fixtures/pages/."""

import json
from pathlib import Path

import pytest

from crawler.extract import extract_article

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"


def _extract(name: str):
    return extract_article((PAGES / name).read_bytes(), "https://gazette.example/news/1")


def test_empty_known_body_slot_falls_through_to_the_story():
    """`div.article-body` holds only an ad placeholder; the four paragraphs in the next block are the article."""
    article = _extract("declared_empty_sibling.html")
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The city council voted eight to three")
    assert "Advertisement" not in article.body


def test_article_body_id_on_body_is_not_the_container():
    """`<body id="article_body">`: the page's promo strip and About-us box are not the story."""
    article = _extract("body_id_article_body.html")
    assert article.body.startswith("The central library will stay open")
    assert "Subscribe today" not in article.body
    assert "independent newspaper founded in 1882" not in article.body


SCRIPT_ONLY = json.loads((PAGES / "script_only_expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCRIPT_ONLY["pages"])
def test_script_only_page_is_read_from_its_payload(name):
    """Client-rendered pages (Next.js `__NEXT_DATA__` / `self.__next_f.push`, Arc `Fusion.globalContent`): the
    article is only in the JSON state; image captions and related items in it are not body (issue 11, item 7)."""
    article = _extract(name)
    assert article.body.split("\n\n") == SCRIPT_ONLY["body_paragraphs"]


SHORT_STORY = json.loads((PAGES / "short_story_expected.json").read_text(encoding="utf-8"))["body_paragraphs"]


@pytest.mark.parametrize("name", ["consent_banner.html", "infinite_scroll_stack.html"])
def test_short_story_beats_a_longer_block_elsewhere(name):
    """A three-paragraph story under the `<h1>` wins over six paragraphs of cookie-consent text, and over the next
    (ten-paragraph) story of an infinite-scroll stack (issue 11, mechanism 2)."""
    assert _extract(name).body.split("\n\n") == SHORT_STORY


def test_lead_sentence_made_of_person_links_is_kept():
    """A lead whose names are profile links (link text 76% of it) is a sentence, not a link list (mechanism 6)."""
    article = _extract("lead_person_links.html")
    assert article.body.startswith("Chancellor Angela Merkel, President Emmanuel Macron and Prime Minister Mario Draghi met")
    assert len(article.body.split("\n\n")) == 4 and "European Union" not in article.body
