"""A paywall prompt ends the free part of a story (`patterns.PAYWALL_LINES`), on a real page."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.metrics import body_score

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_the_subscription_offer_after_a_paywall_prompt_is_not_the_story() -> None:
    """The Haitian Times (`real_world8`): three paragraphs, then `To view the full story, please subscribe to The
    Haitian Times. …` and ten lines of offer and perks. Both extractors kept them (F1 0.635 at first score)."""
    name = "real_world8/haitiantimes_com"
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert "subscribe" not in article.body.lower()
    assert body_score([("\n\n".join(expected["body_paragraphs"]), article.body)]).f1 > 0.95
