"""The standfirst rule on real pages (tests/fixtures/real_*): a running-text lead above the body container that the body
does not repeat is the story's first paragraph; a summary the body repeats, a heading deck or a byline box is not."""

from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.evaluation import load_pages
from crawler.extract.metrics import body_score
from crawler.extract.standfirst import repeated_share

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = {p.key: p for folder in sorted(FIXTURES.glob("real_*")) for p in load_pages(folder)}


def _extract(key: str):
    page = PAGES[key]
    return page, extract_article(page.html, page.expected["url"])


@pytest.mark.parametrize("key", [
    "real_world3/actualno_com",  # `div[itemprop=description]` above `articleBody`
    "real_world3/idnes_cz_2010",  # Czech `div.opener` (perex), 79 characters
    "real_world3/trojmiasto_wyborcza_pl",  # Polish `section.article-lead`
    "real_world3/duol_hu",  # `div.enews-article-lead` opening the container itself (a `lead` class made it furniture)
    "real_news/lefigaro_sport",  # French `p.s24-art-chapo`
    "real_world2/wired_jp",  # `div.ContentHeaderDek-…`: a camel-case token, Japanese text (character n-grams)
])
def test_lead_the_story_continues_from_opens_the_body(key):
    page, article = _extract(key)
    lead = page.expected["body_paragraphs"][0]
    assert article.body.split("\n\n")[0] == lead


@pytest.mark.parametrize("key,deck", [
    ("real_world3/jagran_com", "आप की जिला उपाध्"),  # `summary_art`: the text repeats it
    ("real_world3/baon_hu", "Szlávik János szerint a korábbi"),  # half of its trigrams recur in the text
    ("real_world3/vnexpress_net", "Bộ trưởng Tài chính Hồ Đức Phớc thừa nhận"),  # `p.description`, repeated
    ("real_world3/elmundo_es", "La cúpula de ERC da luz verde"),  # standfirst without a sentence end: a deck
    ("real_final/theverge", "By Alex Heath, a deputy editor"),  # an author box, not a lead
])
def test_repeated_summaries_decks_and_bylines_stay_out(key, deck):
    _, article = _extract(key)
    assert deck not in article.body


def test_repeated_share_reads_words_and_unspaced_scripts():
    assert repeated_share("Le CAC 40 est repassé sous les 4000 points.", "Hier, le CAC 40 est repassé sous les 4000 points.") == 1.0
    assert repeated_share("Le CAC 40 est repassé sous les 4000 points.", "Autre chose entièrement.") == 0.0
    assert repeated_share("摘要：2014年8月22日，由北京知道创宇联合知乎网主办", "2014年8月22日，由北京知道创宇联合知乎网主办的论坛") > 0.5


def test_paragraphs_in_two_level_wrappers_are_one_body():
    """WP: every paragraph sits in `div > div.article--text > p` between ad slots; the one-paragraph lead, which has a
    container of its own, must not win over the twenty paragraphs."""
    page, article = _extract("real_world3/wiadomosci_wp_pl")
    assert "Nasi rozmówcy spodziewają się, że Tusk powtórzy" in article.body
    assert body_score([(page.expected_body, article.body)]).f1 >= 0.95
