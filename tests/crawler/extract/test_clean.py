"""norm_space: its fast path (str.split) gives exactly the documented rule (the two substitutions) on any text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.clean import norm_space

# The rule as documented: zero-width marks dropped (the joiner/non-joiner only at a word's edge: inside a word they are
# spelling), whitespace runs (incl. NBSP, ideographic space) made one space, then stripped.
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u3000\ufeff]+")
_ZW = re.compile(r"[\u200b\u200e\u200f\u2060\ufeff\u00ad\u3164\u115f\u1160\uffa0]|(?<![^\s])[\u200c\u200d]+|[\u200c\u200d]+(?![^\s])")
# every character either rule treats specially, plus what str.split() alone calls whitespace, plus text
TRICKY = (" \t\r\n\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u200b\u200c\u200d\u200e\u200f\u2028\u2029"
          "\u202f\u205f\u2060\u3000\ufeff\u00ad\u3164\u115f\u1160\uffa0a가Z.")


def reference(text: str) -> str:
    return _WS.sub(" ", _ZW.sub("", text)).strip()


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=40) | st.text(max_size=40))
def test_norm_space_follows_the_rule(text):
    assert norm_space(text) == reference(text)


def test_norm_space_on_page_text():
    text = "\ufeff  기자\u3000\u3000홍길동\u200b \n\t hong@example.kr\u2028next\x1cpart \u00a0"
    assert norm_space(text) == reference(text) == "기자 홍길동 hong@example.kr\u2028next\x1cpart"


def test_joiners_inside_words_are_kept():
    """Persian `اصلاح‌طلبان` and Hindi `दिल्‍ली` are spelled with a zero-width (non-)joiner; dropping it changes the word."""
    assert norm_space("اصلاح\u200cطلبان  گفت") == "اصلاح\u200cطلبان گفت"
    assert norm_space("दिल्\u200dली") == "दिल्\u200dली"
    assert norm_space("\u200c word\u200c \u200d") == "word"
