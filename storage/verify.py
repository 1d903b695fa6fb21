"""Checking search candidates against the article's own text: is the query word there as a word?

The index finds substrings: its Hangul bigrams find `유가` (oil price) inside 유가족 (bereaved families) and
아이유가 (IU + particle), `정의` inside the name 정의선; Porter stems `used` to the token `us`; `EV` is a token of
`EV9`, `3` of `13%`. FTS5 gives the candidates; `Verifier.accepts` then reads each candidate's title, subtitle
and body and keeps it when, for every wanted clause of the query, some term occurs as that term:

* a two-syllable Hangul noun stands as a word: alone or with particles/endings (`유가가`, `인상했다`), or — read
  by the morpheme analyzer, when installed — as a part of a compound whose boundaries it shares (국제+유가,
  현대+자동차+그룹, 조선+소; dictionary compounds are split by their own analysis), not inside another noun or
  name (유가족 = 유+가족, 한강남단 = 한강+남단, 정의선, 인도네시아), not in a news outlet's name (조선일보, 연합뉴스),
  not, for a 하다 verb, after a determiner written with it (첫인상), not as a particle (정책이란), not before a
  derivational suffix that makes it another word (인상적, 수도권; 미국산 and 미국인 are still 미국). A common noun
  modifying a longer proper name does not count (유가증권) but is its head (한국은행 for 은행); a query that is
  itself a name counts in names built on it (삼성 in 삼성전자), not inside one without parts (신라면);
* a verb/adjective (`줄이다`, or a conjugated query the analyzer reads: `줄였다` → 줄이다) occurs as one of its
  conjugations at the start of a word (개막을 holds no 막다), its adnominal form not glued to a noun (오른쪽 is no
  form of 오르다), and not as adjective + 아/어 + 하다, another verb (좋아하다 is not 좋다);
* a prefix (`반도*`) starts a word (not 한반도);
* a short Latin acronym typed in capitals (`US`, `IT`, `EV`) occurs in capitals as a token of its own, or
  dotted (U.S.), or plural (EVs): not the pronoun `us`, not `used`, not `KT&G`; a two-letter one not glued
  to digits (EV9 is a model), a longer one may carry a version (HBM3E);
* a number with a unit (`3%`, `100명`) is the whole number (not 13%, 0.3%, 1,100명), and `%` is not `%포인트`.

A term whose spellings the raw text does not show at all (it was found through a spaced spelling, a synonym, a
translation, a morpheme the surface forms here do not cover) is accepted: verification only removes matches
it can see are substrings of something else. With the morpheme index, a word that is one of the article's
morphemes is accepted at once. Phrases, names of several words and mixed-script words are not verified.
Without the analyzer installed only the rules that need no dictionary apply (Latin, numbers, prefixes,
verb-form boundaries); a Hangul noun inside a longer word is then kept.

Usage::

    v = verifier(parse("유가"))                         # None: nothing in this query needs checking
    v.accepts(title, subtitle, body, morphemes)        # morphemes: the article's `search_morph` text or None
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from storage.morphemes import _GRAMMATICAL_SUFFIXES, Analyzer, default_analyzer
from storage.query import PARTICLES, VERB_ENDINGS, ParsedQuery, Term, conjugations, strip_ending, strip_particle
from storage.synonyms import other_spellings, translations

_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")
# What may follow a noun inside its written word and keep it that word: particles, 하다/되다 endings, the plural.
_TAILS = frozenset(PARTICLES) | frozenset(VERB_ENDINGS) | {"들", *("들" + p for p in PARTICLES)}
# Morpheme tags a noun match may consist of (mecab-ko: common/proper/bound nouns, roots, foreign words).
_NOUN_TAGS = ("NNG", "NNP", "NNB", "XR", "SL", "SH")
# Noun suffixes after which the noun still names what it named (미국산 made in the US, 미국인, 미국발, 미국행, 미국계),
# besides the grammatical ones (들, 측, 간, 별 …).
_KEEPS_REFERENT = _GRAMMATICAL_SUFFIXES | {"산", "인", "발", "행", "계"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,5}$")
_NUMBER_PERCENT = re.compile(r"^\d[\d,]*(?:\.\d+)?(?:[~∼〜-]\d[\d,]*(?:\.\d+)?)?%$")
_NUMBER_UNIT = re.compile(r"^\d[\d,]*(?:\.\d+)?[\uac00-\ud7a3]{1,2}$")
_RANGE = "[~∼〜\\-–]"
# Suffixes of news outlets' names (조선일보, 조선비즈, 동아닷컴): a query word written with one of them is the outlet —
# nearly always a source credit — not the word (조선, shipbuilding). 신문/뉴스 are also plain nouns (가짜뉴스, 지역신문,
# 경제신문): there the analyzer must read the word as a name (연합뉴스, 경향신문) or the query as one (경남신문).
# Words ending in 경제/방송 are left alone: 한국경제 is also "the Korean economy".
_OUTLET_SUFFIXES = ("일보", "비즈", "닷컴")
_MAYBE_OUTLET_SUFFIXES = ("신문", "뉴스")
# Political parties whose names are made of common words — in Korean political news they are in nearly every
# article, so `국민` (the people) must not find every 국민의힘, nor `정의` (justice) every 정의당. mecab-ko reads most
# of them as words (국민/의/힘, 조국/혁신당). Longest first.
_PARTY_NAMES = tuple(sorted((
    "국민의힘", "더불어민주당", "민주당", "조국혁신당", "개혁신당", "정의당", "녹색정의당", "진보당", "기본소득당",
    "사회민주당", "새로운미래", "자유통일당", "국민의당", "바른미래당", "미래통합당", "자유한국당", "새누리당",
    "열린민주당", "미래한국당", "더불어시민당", "국민의미래", "더불어민주연합",
), key=len, reverse=True))


def _hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def _run_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The Hangul run (written word, Hangul letters only) around text[start:end]."""
    s, e = start, end
    while s > 0 and _hangul(text[s - 1]):
        s -= 1
    while e < len(text) and _hangul(text[e]):
        e += 1
    return s, e


# One analysed morpheme of a run: (start, end, tag, name): `name` is "name" for a person or place (정의선, 인도네시아), "compound"
# for a part of a longer proper noun split by its dictionary entry (유가 in 유가증권, 은행 in 한국은행), else "".
_Part = tuple[int, int, str, str]


def _analyse(analyzer: Any, run: str) -> list[tuple[int, int, str, str, str, str]]:
    """mecab-ko's morphemes of `run` as (start, end, surface, pos, semantic class, expression)."""
    tagger = getattr(analyzer, "_tagger", None)
    if tagger is None:
        return [(m[0], m[1], m[2], m[3], "*", m[5] if m[4] == "Compound" else "*") for m in analyzer._parse(run)]
    with analyzer._lock:
        lattice = analyzer._lattice(run)
        if not tagger.parse(lattice):
            return []
        out = []
        for (start, end), node in lattice:
            f = node.feature.split(",")
            out.append((start, end, node.surface, f[0], f[1] if len(f) > 1 else "*", f[7] if len(f) > 7 and f[4] == "Compound" else "*"))
        return out


@lru_cache(maxsize=65536)
def _parts(analyzer: Any, run: str) -> tuple[_Part, ...]:
    """The run's morphemes with dictionary compounds split into their parts (조선소 → 조선 + 소)."""
    out: list[_Part] = []
    for start, end, surface, pos, semantic, expression in _analyse(analyzer, run):
        tag = pos.split("+")[0]
        if expression != "*":
            pieces = [p.split("/") for p in expression.split("+")]
            if "".join(p[0] for p in pieces) == surface:
                at = start
                for n, p in enumerate(pieces):
                    # A proper noun's parts: its last part is its head (한국은행 is a 은행), the others modify it.
                    name = "" if tag != "NNP" else "head" if n == len(pieces) - 1 else "compound"
                    out.append((at, at + len(p[0]), p[1] if len(p) > 1 else tag, name))
                    at += len(p[0])
                continue
        out.append((start, end, tag, "name" if semantic in ("인명", "지명") else "proper" if tag == "NNP" else ""))
    return tuple(out)


@lru_cache(maxsize=4096)
def _is_proper(analyzer: Any, word: str) -> bool:
    """Whether the analyzer reads `word` alone as one proper noun (삼성, 부산: names that name their compounds)."""
    parsed = analyzer._parse(word)
    return len(parsed) == 1 and parsed[0][3] == "NNP"


@lru_cache(maxsize=65536)
def _lemmas(analyzer: Any, run: str) -> frozenset[str]:
    """Dictionary forms of the verbs/adjectives in a written word, without an adjective turned into a verb by
    아/어 + 하다 (좋아하다 is another verb than 좋다)."""
    parsed = analyzer._parse(run)
    out = set()
    for i, (_, _, surface, pos, kind, expression) in enumerate(parsed):
        if kind in ("Inflect", "Preanalysis") and expression and expression != "*":
            parts = [p.split("/") for p in expression.split("+")]
        else:
            parts = [[surface, pos]]
        for part in parts:
            if len(part) > 1 and part[1] in ("VV", "VA") and _HANGUL_WORD.match(part[0]):
                nxt = parsed[i + 1:i + 3]
                if part[1] == "VA" and len(nxt) == 2 and nxt[0][2] in ("아", "어") and nxt[1][5] and nxt[1][5].startswith("하/"):
                    continue
                out.add(part[0] + "다")
    return frozenset(out)


@dataclass(frozen=True)
class _Check:
    """How one query term is checked: `pattern` finds where the text shows it, `accept(text, match)` judges each."""

    pattern: re.Pattern[str]
    accept: Callable[[str, re.Match[str]], bool]
    #: With the morpheme index: a noun that is one of the article's morphemes is accepted at once; a verb's lemma
    #: only when no form of it is seen (mecab reads 좋아하다 as 좋다 + 하다, which the surface check rejects).
    morpheme: str | None = None
    morpheme_first: bool = True
    #: Not shown at all is a mismatch too: `3%` was found by its number alone (the index has no `%`).
    strict: bool = False


class Verifier:
    """The checks of one query; `accepts` tells whether a candidate article holds the query's words as words."""

    def __init__(self, clauses: list[list[_Check]]):
        self.clauses = clauses

    def accepts(self, title: str | None, subtitle: str | None, body: str | None, morphemes: str | None = None) -> bool:
        """True unless some wanted clause has its checked terms in the text only as parts of something else."""
        text = "\n".join(p for p in (title, subtitle, body) if p)
        if not unicodedata.is_normalized("NFKC", text):  # the index saw NFKC text (full-width ＬＧ is LG)
            text = unicodedata.normalize("NFKC", text)
        morph = set(morphemes.split()) if morphemes else None
        return all(any(_holds(c, text, morph) for c in clause) for clause in self.clauses)


def _holds(check: _Check, text: str, morph: set[str] | None) -> bool:
    """One term: accepted when the text shows it once as itself, or never shows it (it was found another way)."""
    known = morph is not None and check.morpheme is not None and check.morpheme in morph
    if known and check.morpheme_first:
        return True
    seen = False
    for m in check.pattern.finditer(text):
        if check.accept(text, m):
            return True
        seen = True
    return not seen and not check.strict


def _needs_analyzer(parsed: ParsedQuery) -> bool:
    return any(not c.negated and not t.phrase and not t.name and len(t.runs) == 1 and t.runs[0].kind == "hangul"
               for c in parsed.clauses for t in c.terms)  # fmt: skip


def verifier(parsed: ParsedQuery, load: Callable[[], Analyzer | None] = default_analyzer) -> Verifier | None:
    """The checks for `parsed` (None when no wanted term needs one: the index's matches stand). The analyzer is
    the query's own (an archive with the morpheme index) or `load()`-ed, only when a Hangul word needs it."""
    analyzer: Any = parsed.morph if parsed.morph is not None else (load() if _needs_analyzer(parsed) else None)
    if analyzer is not None and not hasattr(analyzer, "_parse"):
        analyzer = None  # an analyzer without mecab's morpheme spans: the dictionary-free rules only
    clauses: list[list[_Check]] = []
    for clause in parsed.clauses:
        if clause.negated:
            continue  # an excluded word is excluded wherever the index finds it
        checks = [_check(t, analyzer) for t in clause.terms]
        if checks and all(c is not None for c in checks):
            clauses.append(checks)  # type: ignore[arg-type]
    return Verifier(clauses) if clauses else None


def _check(term: Term, analyzer: Any) -> _Check | None:
    """The check of one term, or None when it is not verified (phrases, names, mixed words, long compounds)."""
    text, runs = term.text, term.runs
    latin = bool(runs) and all(r.kind == "latin" for r in runs)
    if term.phrase or term.name or not runs or (term.translate and latin and translations(text)):
        return None
    if latin and _ACRONYM.match(text) and not term.prefix:
        return _acronym_check(text)
    if not term.prefix and (_NUMBER_PERCENT.match(text) or _NUMBER_UNIT.match(text)):
        return _number_check(text)
    if len(runs) != 1 or runs[0].kind != "hangul":
        return None
    word = runs[0].text
    if term.prefix:
        return _Check(re.compile(re.escape(word)), _starts_word) if len(word) >= 2 else None
    if other_spellings(text) or len(word) < 2:
        return None
    stem = strip_ending(word)
    if stem == word and len(word) <= 3:
        stem = strip_particle(word)  # 정의를 → 정의; a longer word may end like a particle (국제유가): left as is
    if stem == word:
        verb = _verb_check(word, analyzer)
        if verb is not None:
            return verb
    if len(stem) != 2:
        return None  # the traps are two-syllable words inside longer ones; longer words are checked by the index
    proper = analyzer is not None and _is_proper(analyzer, stem)
    verbal = stem != word  # 인상하다, 인상했다: the noun of a 하다 verb
    # A 하다 verb's noun is read on the surface first: the morpheme column also holds it where no such verb is
    # meant (인상 of 첫인상).
    return _Check(re.compile(re.escape(stem)), lambda t, m: _noun_at(t, m, analyzer, proper, verbal), stem, morpheme_first=not verbal)


def _starts_word(text: str, m: re.Match[str]) -> bool:
    return m.start() == 0 or not _hangul(text[m.start() - 1])


def _noun_at(text: str, m: re.Match[str], analyzer: Any, proper: bool, verbal: bool = False) -> bool:
    """Whether this occurrence of a noun is that noun (see the module docstring)."""
    s, e = _run_at(text, m.start(), m.end())
    left, right = text[s : m.start()], text[m.end() : e]
    if not left and (not right or right in _TAILS):
        return True
    if not left and _outlet(text[s:e], right, analyzer):
        return False  # 조선일보, 연합뉴스: a news outlet's name, not the word
    if _in_party_name(text[s:e], m.start() - s):
        return False  # 국민의힘, 정의당: a party's name, not the word
    if analyzer is None:
        return True  # no dictionary to tell 국제+유가 from 유가+족: keep the match
    i, j = m.start() - s, m.end() - s
    run = text[s:e]
    verdict = _aligned(_parts(analyzer, run), run, i, j, proper, verbal)
    if verdict is None:
        # mecab reads a word apart from its sentence and sometimes cuts it wrongly (시중은행과 → 시중/은/행과): the
        # word without its trailing particle gets a second reading before a match is dropped.
        bare = strip_particle(run)
        if len(bare) >= j and bare != run:
            verdict = _aligned(_parts(analyzer, bare), bare, i, j, proper, verbal)
    return bool(verdict)


def _in_party_name(run: str, at: int) -> bool:
    """Whether position `at` of the written word `run` falls inside a party's name that the word is (with
    particles: 국민의힘은, 정의당의)."""
    for name in _PARTY_NAMES:
        if at < len(name) and run.startswith(name) and (len(run) == len(name) or run[len(name) :] in _TAILS):
            return True
    return False


def _outlet(run: str, right: str, analyzer: Any) -> bool:
    """Whether what follows a query word in its written word `run` makes it a news outlet's name (조선일보는,
    연합뉴스; not 거래일보다 = 거래일 + 보다, not 가짜뉴스)."""
    for suffix in (*_OUTLET_SUFFIXES, *_MAYBE_OUTLET_SUFFIXES):
        tail = right[len(suffix) :]
        if not right.startswith(suffix) or tail and tail not in PARTICLES:
            continue
        if suffix in _OUTLET_SUFFIXES:
            return True
        if analyzer is None:
            return False
        parsed = analyzer._parse(run[: len(run) - len(tail)])
        return bool(parsed) and parsed[0][3] == "NNP"  # 연합뉴스 (one name), 경남신문 (a name + 신문)
    return False


def _aligned(parts: tuple[_Part, ...], run: str, i: int, j: int, proper: bool, verbal: bool = False) -> bool | None:
    """True: run[i:j] is a noun of the analysis (or its compound's part); False: it is another word's part, a
    particle, a derivation or inside a name; None: it straddles the analysis' boundaries."""
    starts = {p[0]: n for n, p in enumerate(parts)}
    ends = {p[1]: n for n, p in enumerate(parts)}
    if i not in starts or j not in ends:
        # Across the analysis' boundaries (유가족 = 유+가족, 한강|남단, 아이유|가): parts of other words. Inside one
        # word without parts, only a person's or place's name is known to be another word (정의선, 인도네시아):
        # mecab-ko-dic also files compounds such as 전기차 as one proper noun, so those stay matches.
        inside = [p for p in parts if p[0] < j and p[1] > i]
        if len(inside) == 1:
            # One word without parts around the query: a person's or place's name is another word (정의선,
            # 인도네시아), and so is a proper noun around a query that is itself a name (신라면 for 신라).
            return not (inside[0][3] == "name" or inside[0][3] == "proper" and proper)
        return None
    inside = parts[starts[i] : ends[j] + 1]
    before = parts[starts[i] - 1] if starts[i] > 0 else None
    if verbal and before is not None and before[2] == "MM" and before[1] == i:
        # A 하다 verb's noun under a glued determiner names a thing, not the action: 첫인상 (first impression) holds
        # no 인상하다. Noun queries keep these (전세계 for 세계, 새정부 for 정부).
        return False
    if not all(p[2] in _NOUN_TAGS for p in inside):
        return False  # a particle or ending spelled alike: 정책이란
    if any(p[3] == "compound" for p in inside) and not proper:
        return False  # a common noun modifying a longer name: 유가증권 (but 한국은행 is a 은행, 삼성전자 is 삼성's)
    nxt = parts[ends[j] + 1] if ends[j] + 1 < len(parts) else None
    if nxt is not None and nxt[2] == "XSN" and run[nxt[0] : nxt[1]] not in _KEEPS_REFERENT:
        return False  # a derivational suffix makes another word: 인상적, 수도권 (graded set: nDCG 0.879 → 0.883)
    return True


def _verb_check(word: str, analyzer: Any) -> _Check | None:
    """A verb/adjective query: its dictionary form (`줄이다`; with the analyzer also a conjugated query, 줄였다 →
    줄이다) and the forms the text may show it in."""
    lemma = None
    if analyzer is not None:
        parsed = analyzer._parse(word)
        lemmas = _lemmas(analyzer, word)
        if len(lemmas) == 1 and parsed and parsed[0][3].split("+")[0] in ("VV", "VA"):
            lemma = next(iter(lemmas))
    elif conjugations(word):
        lemma = word
    if lemma is None:
        return None
    forms = sorted({*conjugations(lemma), word} - {lemma} | ({word} if word != lemma else set()), key=len, reverse=True)
    if not forms:
        return None
    pattern = re.compile("|".join(map(re.escape, forms)))
    return _Check(pattern, lambda t, m: _verb_at(t, m, lemma), lemma, morpheme_first=False)


def _verb_at(text: str, m: re.Match[str], lemma: str) -> bool:
    """Whether the written word holding this form, starting with it, is a conjugation of `lemma`."""
    if not _starts_word(text, m):
        return False  # inside another word: 개막을 (not 막다), 한낮은 (not 낮다)
    rest = text[m.end() : _run_at(text, m.start(), m.end())[1]]
    form = m.group()
    last = ord(form[-1]) - 0xAC00
    if rest[:1] in ("하", "한", "했", "해", "할", "합") and last % 28 == 0 and (last % 588) // 28 in (0, 4, 9, 14):
        return False  # X-아/어 + 하다 is another verb: 좋아하다, 어려워하다
    # No analyzer reading here: mecab reads a word apart from its sentence too often wrongly (낮춘다 → 낮 + 추다).
    if rest and _adnominal(form, lemma[:-1]) and not rest.startswith(("다", "데", "지", "가", "까")):
        return False  # an adnominal form glued to a noun is part of that noun: 오른쪽
    return True


def _adnominal(form: str, stem: str) -> bool:
    """Whether `form` is the stem's adnominal (ㄴ/ㄹ: 오른, 줄인, 막은, 만든), which modifies the next word."""
    if form in (stem + "은", stem + "을"):
        return True
    code = ord(stem[-1]) - 0xAC00
    if len(form) != len(stem) or form[:-1] != stem[:-1] or not 0 <= code < 11172:
        return False
    base = code - code % 28
    return ord(form[-1]) - 0xAC00 in (base + 4, base + 8)


def _acronym_check(text: str) -> _Check:
    """`US`, `U.S.`, `EV`: the capitals as a token of their own (see the module docstring)."""
    letters = text.replace(".", "")
    spelled = r"\.?".join(letters) + r"\.?"
    after = r"(?![A-Za-z]|&[A-Za-z])" if len(letters) > 2 else r"(?![A-Za-z0-9]|&[A-Za-z])"  # HBM3E yes, EV9 no
    alts = [rf"(?<![A-Za-z0-9&]){spelled}(?:(?:s|'s|’s)(?![A-Za-z]))?{after}"]
    others = {o for o in (*other_spellings(text), *other_spellings(letters)) if o.replace(".", "").upper() != letters}
    alts += [rf"(?i:(?<![A-Za-z0-9]){re.escape(o)}(?![A-Za-z]))" for o in sorted(others)]
    exact = re.compile("|".join(alts))
    # Any case is seen (a candidate holding only `us` or `used` is judged, and rejected).
    seen = re.compile(rf"(?i:(?<![A-Za-z]){spelled})" + "".join(f"|{a}" for a in alts[1:]))
    return _Check(seen, lambda t, m: exact.match(t, m.start()) is not None)


def _number_check(text: str) -> _Check:
    """`3%`, `2~3%`, `100명`: the whole number with its unit (not 13%, 0.3%, 3.5%, 3%포인트, 1,100명)."""
    out = []
    for c in text:
        if c in "~∼〜-–":
            out.append(rf"\s?{_RANGE}\s?")
        elif c == "%" or _hangul(c):
            out.append(r"\s?" + re.escape(c))
        else:
            out.append(re.escape(c))
    body = "".join(out)
    tail = r"(?!\s*포인트|\s*[pP](?![A-Za-z]))" if text.endswith("%") else ""
    number = re.match(r"[\d,.]+", text).group()  # type: ignore[union-attr]
    unit = text[len(number) :]
    # Seen: this number (maybe with more decimals, 3.5%) before the unit; judged: the whole number, the unit alone.
    seen = re.compile(re.escape(number) + r"(?:[.,]\d+)*" + "".join(rf"\s?{re.escape(c)}" if c == "%" or _hangul(c) else rf"\s?{_RANGE}\s?" if c in "~∼〜-–" else re.escape(c) for c in unit))
    exact = re.compile(rf"(?<![\d.,]){body}{tail}")
    return _Check(seen, lambda t, m: exact.match(t, m.start()) is not None, strict=text.endswith("%"))
