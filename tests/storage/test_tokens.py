"""search_text's one-group fast path: the same derived text as the reference tokenizer and the general pattern."""

from __future__ import annotations

import random
from pathlib import Path

from lxml import html as lxml_html

from storage import tokens as T
from storage.tokens import PAIR_MARK, search_text, tokens

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Hangul words, jamo, CJK and kana (`・` and the sound marks are not word characters), digits of several scripts,
# Latin, punctuation, underscores, spaces, a typed pair mark and code points of the classes that are unassigned
ALPHABET = (list("가나다라마바사각힣ㄱㅏ中國人一あいカナ・゛゠abcXYZé0129٣²½ _-.,;!?/·\n\t") +
            ["\u00a0", "\u200b", "\u1100", "\u1161", "\u11a8", "\ud7b0", "\ud7fc", "\u3164", "\u3099", "\uf900", "\ufaff",
             "\u4dbf", PAIR_MARK, "\x00", "ＬＧ", "①"])


def _general(text: str) -> str:
    """The tokens through the three-group pattern every text took before the fast path."""
    found = T._FAST_RE.findall(T.normalize(text).replace(PAIR_MARK, " "))
    return " ".join(token or PAIR_MARK + left + right for left, right, token in found)


def test_random_texts_match_the_general_pattern_and_the_reference() -> None:
    rnd = random.Random(20261204)
    fast_words = [c for c in ALPHABET if T._odd_re().search(T.normalize(c)) is None]
    assert len(fast_words) < len(ALPHABET)  # both paths are exercised
    for i in range(20_000):
        text = "".join(rnd.choice(ALPHABET if i % 2 else fast_words) for _ in range(rnd.randint(1, 14)))
        assert search_text(text) == _general(text), repr(text)
        if i % 2 == 0:  # (around unassigned code points `tokens` already splits differently from the general pattern)
            assert search_text(text) == " ".join(tokens(text)), repr(text)


def test_korean_fixture_texts_match_the_general_pattern() -> None:
    texts = []
    for path in sorted((FIXTURES / "real_korean").glob("*.html")) + sorted((FIXTURES / "extraction").glob("*.html"))[:20]:
        texts.append(lxml_html.document_fromstring(path.read_bytes()).text_content())
    assert sum(PAIR_MARK in search_text(t) for t in texts) > 10
    for text in texts:
        assert search_text(text) == _general(text)
