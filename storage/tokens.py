"""The derived search text: text split at script changes, Hangul runs cut into overlapping 2-syllable pieces.

SQLite's tokenizers cannot find `그룹` inside `LG그룹은` (particles stick to words) and trigram cannot match
2-syllable words at all. So we index a derived text instead of the raw one, Lucene-CJK style::

    >>> search_text("LG그룹은 HBM3E")
    'lg 그룹 룹은 hbm 3 e'

Both sides go through this module: `search_text` fills `articles.search_title` / `search_body` at write time and
`tokens` cuts every query term, so the FTS5 index (``porter unicode61 remove_diacritics 2``) sees the same pieces.
Change anything here and bump `SEARCH_INDEX_VERSION`: archives built with the old scheme then need
`Archive.reindex()` (``newsarchive reindex``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Bump whenever the output of `search_text` / `tokens` changes for any input.
SEARCH_INDEX_VERSION = "bigram-3"  # 2: `search_meta` (filter tokens) indexed too; 3: word-pair tokens

# Hangul syllables and jamo (NFKC turns compatibility jamo into conjoining jamo) form one script class;
# CJK ideographs and kana another, also cut into bigrams the way Lucene's CJK analyzer does.
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One alternative per script run. `[^\W\d_]` is "a letter", minus the two CJK classes handled before it.
_RUN_RE = re.compile(rf"(?P<h>[{_HANGUL}]+)|(?P<c>[{_CJK}]+)|(?P<d>\d+)|(?P<l>[^\W\d_{_HANGUL}{_CJK}]+)")


@dataclass(frozen=True, slots=True)
class Run:
    """One script run of a term: its text (NFKC, lowercased) and kind: "hangul", "cjk", "digit" or "latin"."""

    text: str
    kind: str

    @property
    def pieces(self) -> list[str]:
        """The index tokens of this run: bigrams for Hangul/CJK runs of 2+ characters, else the run itself."""
        if self.kind in ("hangul", "cjk") and len(self.text) > 1:
            t = self.text
            return [t[i : i + 2] for i in range(len(t) - 1)]
        return [self.text]


_KIND = {"h": "hangul", "c": "cjk", "d": "digit", "l": "latin"}


def normalize(text: str) -> str:
    """NFKC + lowercase: full-width `ＬＧ` and `LG` become the same token, as do composed/decomposed Hangul."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[Run]:
    """Split `text` into script runs (Hangul / CJK / digits / other letters); everything else separates runs."""
    return [Run(m.group(), _KIND[m.lastgroup]) for m in _RUN_RE.finditer(normalize(text))]  # type: ignore[index]


# -- word-pair tokens ----------------------------------------------------------------------------------
# A quoted phrase of two common words ("나게 림속") is adjacent in a handful of articles but both words are in
# tens of thousands: FTS5 checks the positions of every article holding both, twice per query (to match, and
# in bm25's IDF walk), which grew to ~170 ms at 750k articles. So where one Hangul run of 2+ syllables ends and
# the next begins (nothing but spaces/punctuation between), the index also holds a pair token between their
# bigrams: a private-use mark, the last syllable of the first run and the first syllable of the next (`나게 림속`
# → 나게 ⟨게림⟩ 림속). A phrase across that boundary carries the same token (`phrase_tokens`), so FTS5 meets a
# rare token in it and seeks instead of scanning. The phrase stays exact: the bigrams on both sides are still in
# it. The mark keeps pair tokens apart from bigrams, and unicode61 reads it as a token character (category Co).
# Cost (bench/README.md "Scale to 1M"): ~40% more index tokens. A pair of the two whole bigrams (4 syllables) was
# measured too: a little faster phrases, but nearly every pair a term of its own: +71% archive size vs +37%.
PAIR_MARK = "\ue000"
#: Index schemes without pair tokens: queries on such an archive leave them out (`ParsedQuery.without_pairs`).
PAIRLESS_INDEX_VERSIONS = ("bigram-1", "bigram-2")


def pair_token(left: Run, right: Run) -> str | None:
    """The pair token between two consecutive runs (`나게`, `림속은` → mark + `게림`), or None when either is not
    a Hangul run of 2+ syllables."""
    if left.kind == right.kind == "hangul" and len(left.text) > 1 and len(right.text) > 1:
        return PAIR_MARK + left.text[-1] + right.text[0]
    return None


def phrase_tokens(rs: list[Run]) -> list[str]:
    """The index tokens of consecutive runs, with the pair token between two Hangul runs, as `search_text` has
    them: ``phrase_tokens(runs("금리 인하")) == ["금리", PAIR_MARK + "리인", "인하"]``."""
    out: list[str] = []
    for i, run in enumerate(rs):
        if i and (pair := pair_token(rs[i - 1], run)):
            out.append(pair)
        out.extend(run.pieces)
    return out


def tokens(text: str) -> list[str]:
    """The index tokens of `text`, in order: ``tokens("삼성전자의") == ["삼성", "성전", "전자", "자의"]``."""
    return phrase_tokens(runs(text))


# The write path runs once per article (~1,500 characters): one C-level findall. The token capture sits in a
# lookahead so overlapping bigrams come out of a single pass: at each Hangul/CJK character followed by one of its
# class it captures the pair and consumes one character; a lone character is captured alone; the last character
# of a longer run captures nothing; digits and other letters are captured and consumed whole. The first
# alternative matches the separator between two Hangul runs of 2+ syllables and captures the pair token's two
# syllables (its last and the next run's first). Same output as `tokens`; 0.24 ms per synthetic article, where a
# separate `re.sub` for the pairs cost 0.44 (its group template is expanded in Python per match).
_L = rf"[^\W\d_{_HANGUL}{_CJK}]+"
_FAST_RE = re.compile(
    rf"(?<=[{_HANGUL}]([{_HANGUL}]))[\W_]+(?=([{_HANGUL}])[{_HANGUL}])"
    rf"|(?=([{_HANGUL}][{_HANGUL}]|[{_CJK}][{_CJK}]|(?<![{_HANGUL}])[{_HANGUL}](?![{_HANGUL}])"
    rf"|(?<![{_CJK}])[{_CJK}](?![{_CJK}])|\d+|{_L}))(?:[{_HANGUL}{_CJK}]|\d+|{_L})"
)


# The same tokens from one capture group (a list of strings, not of 3-tuples: ~40% less of this function's time): a
# pair token is captured as the separator with the syllable on each side (`게 림`), told from every other token by
# not being alphanumeric, and turned into mark + the two syllables. It is captured at the first run's last syllable,
# where no other token starts. Exact only when every Hangul/CJK character is a word character and no digit
# (`_odd_re`); other texts take `_FAST_RE`.
_WORD_RE = re.compile(
    rf"(?=([{_HANGUL}][{_HANGUL}]|(?<=[{_HANGUL}])[{_HANGUL}][\W_]+[{_HANGUL}](?=[{_HANGUL}])|[{_CJK}][{_CJK}]"
    rf"|(?<![{_HANGUL}])[{_HANGUL}](?![{_HANGUL}])|(?<![{_CJK}])[{_CJK}](?![{_CJK}])|\d+|{_L}))"
    rf"(?:[{_HANGUL}{_CJK}]|\d+|{_L})"
)


@lru_cache(maxsize=1)
def _odd_re() -> re.Pattern[str]:
    """Characters of the Hangul/CJK classes that are not word characters (unassigned code points, `・`, sound marks)
    or are digits: around them the one-group pattern could split runs differently from `_FAST_RE`."""
    if not re.fullmatch(r"(?:.-.)+", _HANGUL + _CJK, re.S):
        return re.compile(r"[\s\S]")  # classes not written as ranges only: every text takes `_FAST_RE`
    odd = [ch for lo, hi in re.findall(r"(.)-(.)", _HANGUL + _CJK, re.S) for ch in map(chr, range(ord(lo), ord(hi) + 1))
           if not ch.isalnum() or ch.isdecimal()]
    return re.compile("[" + "".join(re.escape(ch) for ch in odd) + "]")


def search_text(text: str | None) -> str:
    """The derived text stored in the `search_*` columns (tokens joined by spaces); '' for None."""
    if not text:
        return ""
    # A mark in the text itself is a separator like any other private-use character: it cannot forge a pair token.
    text = normalize(text).replace(PAIR_MARK, " ")
    if _odd_re().search(text) is None:
        return " ".join([t if t.isalnum() else PAIR_MARK + t[0] + t[-1] for t in _WORD_RE.findall(text)])
    return " ".join(token or PAIR_MARK + left + right for left, right, token in _FAST_RE.findall(text))


@dataclass(frozen=True, slots=True)
class TextColumns:
    """An article's `search_title` and `search_body`, computed ahead of the write (in an extraction worker) from
    the title, subtitle and body it keeps alongside: the archive uses them only for those very texts."""

    title: str | None
    subtitle: str | None
    body: str | None
    search_title: str
    search_body: str

    def matches(self, title: Any, subtitle: Any, body: Any) -> bool:
        """True when these columns were computed from exactly these texts (same objects: no comparison cost)."""
        return self.body == body and self.title == title and self.subtitle == subtitle


def text_columns(title: str | None, subtitle: str | None, body: str | None) -> TextColumns:
    """`search_title` (the title) and `search_body` (subtitle and body, one line apart) of an article."""
    rest = "\n".join(p for p in (subtitle, body) if p)
    return TextColumns(title, subtitle, body, search_text(title), search_text(rest))


# -- filter tokens --------------------------------------------------------------------------------------
# Site and section filters run inside FTS5 (`search_meta : "…"` ANDed to the query) instead of as SQL
# conditions on `articles`: FTS5 intersects posting lists newest-first and stops after one ranking window,
# where a SQL filter must first collect every match of the words (at 1M articles, 10x slower for a common
# word). A value becomes one all-digit token (a kind digit + 17 hash digits): the tokenizer keeps it whole,
# Porter leaves digits alone and no real word can collide with it.
_FILTER_KINDS = {"site": "1", "section": "2"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def filter_token(kind: str, value: str) -> str:
    """The `search_meta` token of a site key or section name: ``filter_token("site", "yna")``.

    Sections compare like SQL's ``= … COLLATE NOCASE`` (ASCII case folded only); site keys exactly.
    """
    if kind == "section":
        value = value.translate(_ASCII_LOWER)
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=7).digest()
    return _FILTER_KINDS[kind] + f"{int.from_bytes(digest, 'big'):017d}"


def meta_text(site: str | None, section: str | None) -> str:
    """The derived `search_meta` text of an article: its site and section tokens ('' when it has neither)."""
    return " ".join(filter_token(k, v) for k, v in (("site", site), ("section", section)) if isinstance(v, str) and v)
