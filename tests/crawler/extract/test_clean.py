"""norm_space: its fast path (str.split) gives exactly the documented rule on any text; joiners inside words stay."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.clean import norm_space

# The rule as documented, written another way: invisible marks dropped (C1 controls but NEL; Hangul fillers only
# outside an old-Hangul syllable), the text split into words at whitespace (incl. NBSP, ideographic space, ZWSP, BOM,
# NEL), joiners (ZWNJ/ZWJ)
# trimmed from each word's ends (they join nothing there), empty words dropped, one space between words, stripped.
_WS = re.compile(r"[ \t\r\n\f\v\x85\u00a0\u2000-\u200b\u3000\ufeff]+")
_INVISIBLE = set("\u200b\u200e\u200f\u2060\ufeff\u00ad\u3164\uffa0") | {chr(c) for c in range(0x80, 0xA0) if c != 0x85}
_VOWEL_JAMO = re.compile(r"[\u1160-\u11a7\ud7b0-\ud7c6]")
_INITIAL_JAMO = re.compile(r"[\u1100-\u115f\ua960-\ua97c]")
# every character either rule treats specially, plus what str.split() alone calls whitespace, plus text
TRICKY = (" \t\r\n\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u200b\u200c\u200d\u200e\u200f\u2028\u2029"
          "\u202f\u205f\u2060\u3000\ufeff\u00ad\u3164\u115f\u1160\u1100\u1161\uffa0\x80\x97\x9fa가Z.")


def reference(text: str) -> str:
    kept = "".join(c for c in text if c not in _INVISIBLE)
    out = []
    for i, c in enumerate(kept):
        if c == "\u115f" and not _VOWEL_JAMO.match(kept[i + 1:i + 2]):
            continue
        if c == "\u1160" and not _INITIAL_JAMO.match(kept[i - 1:i] if i else ""):
            continue
        out.append(c)
    words = (w.strip("\u200c\u200d") for w in _WS.split("".join(out)))
    return " ".join(w for w in words if w).strip()  # strip(): also the separators str.split() knows (\x1c, \u2028)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=40) | st.text(max_size=40))
def test_norm_space_follows_the_rule(text):
    assert norm_space(text) == reference(text)


def test_norm_space_on_page_text():
    text = "\ufeff  기자\u3000\u3000홍길동\u200b \n\t hong@example.kr\u2028next\x1cpart \u00a0"
    assert norm_space(text) == reference(text) == "기자 홍길동 hong@example.kr\u2028next\x1cpart"


def test_joiners_inside_words_are_kept():
    # Hindi दिल्ली with a ZWJ after the virama, Persian می‌خواهم with a ZWNJ, an emoji family joined by ZWJ
    for word in ("दिल्\u200dली", "می\u200cخواهم", "\U0001f468\u200d\U0001f469\u200d\U0001f467"):
        assert norm_space(f"  {word}\u00a0 ok ") == f"{word} ok"


def test_loose_joiners_and_other_invisibles_are_dropped():
    assert norm_space("\u200c") == ""  # a `<p>&zwnj;</p>` spacer paragraph
    assert norm_space("a \u200c\u200d b\u200c") == "a b"
    assert norm_space("\ufeffzero\u200bwidth\u00adsoft\u2060joined\u200e") == "zerowidthsoftjoined"
    assert norm_space("\u3164 \u1160 \u115f 기자") == "기자"  # Hangul fillers used as invisible spacers
    assert norm_space("\u1100\u1160 \u115f\u1161") == "\u1100\u1160 \u115f\u1161"  # old-Hangul syllables keep them
