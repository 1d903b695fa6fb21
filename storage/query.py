"""Our own search-query parser: user text never reaches FTS5 MATCH as is.

Understood syntax (everything else is literal text)::

    word                 a word; Hangul is matched as a run of 2-syllable pieces, so `그룹` finds `LG그룹은`
    "a phrase"           words next to each other (also written joined: "기준 금리" finds 기준금리)
    a b  /  a AND b      both (AND is implicit)
    a OR b               either; OR binds tighter than AND: `삼성 OR LG 반도체` = (삼성 OR LG) AND 반도체
    -word  /  NOT word   exclude (a query of exclusions only returns everything else)
    word*                prefix (Latin/digits; Hangul words already match inside longer words)

Operators are upper-case `AND`, `OR`, `NOT`; one in a place where it cannot act (`OR` first, `NOT` last, …)
is a literal word. Brackets, `NEAR(`, `col:` and stray quotes are plain punctuation: the compiled expression
only ever contains quoted index tokens, so FTS5 cannot see syntax it would reject.

Korean extras for each Hangul word:

* a run of 4+ syllables also matches its spaced spellings (`기준금리` ↔ `기준 금리`);
* a trailing particle also matches the stem (`삼성전자의` → `삼성전자`, `투자를` → `투자`);
* a trailing 하다/되다 ending of 2+ syllables also matches the noun (`인상했다` → `인상`, `확정됐다` → `확정`);
* after a number the counter may stand apart (`2차전지` ↔ `2차 전지`), a one-digit number before `차` also
  matches its Sino-Korean spelling (`2차전지` ↔ `이차전지`), and a lone syllable after a number is a prefix
  (`1,400원` finds `1,400원을`);
* inside a "phrase" a compound of 4+ syllables may be spaced too (`"전세사기 피해자"` finds `전세 사기 피해자`);
* names with several spellings match each other (`금감원` ↔ `금융감독원`, `네이버` ↔ `NAVER`; the table is data in
  `storage/synonyms.py`);
* unquoted words that together are a name of the table are one phrase (`Samsung Electronics` ↔ `삼성전자`,
  `Lee Jae-myung's` ↔ `이재명`, `-Lee Jae-yong` excludes the name), as are the words of one amount
  (`1조 2000억원`, not 1조 AND 2000억원); a name inside a mixed word too (`갤럭시S24` ↔ `Galaxy S24`);
* after a number an amount may stand apart (`2000억원` ↔ `2000억 원`), a quarter has its older spelling
  (`1분기` ↔ `1·4분기`); a lone one-syllable word (`금`) matches only where it stands alone;
* in a "phrase" the words may carry other particles ("금리 인하를" finds 금리 인하가, "금리를 인하" 금리 인하);
* English: `'s` is dropped, `U.S.` ↔ `US`, `semi-conductor` ↔ `semiconductor` (and back for common prefixes);
  Porter stemming in the index does plurals and tenses;
* short paired forms match their other spellings: `한미` ↔ `한-미` / `한·미` (words made only of the one-syllable
  short forms 한 미 중 일 북 남 여 야 노 사 …), and headline hanja ↔ Hangul (`美中` ↔ `미중`, `韓日` ↔ `한일`).

In an archive indexed with morphemes (`storage.morphemes`; `ParsedQuery.with_morphemes`), a plain Hangul word
also matches its morphemes in `search_morph` — whole words and dictionary forms (`오르다` → 올랐다) — next to its
bigrams, and BM25 weighs a morpheme hit apart (whole words rank above substrings). A noun as written is found by
its bigrams alone and only ranked with its morpheme; a 1-2 syllable word that is its own morpheme is one phrase
in every column (`Term.fts`: each phrase costs FTS5 a walk of its posting list per query).

`parse(text, translate=True)` (`search --translate`): English words and terms also match their Korean news-term
translations (`oil prices` → 유가; `storage.synonyms.TRANSLATION_GROUPS`; English → Korean only).

Usage::

    >>> q = parse('"기준 금리" 삼성전자의 -미국')
    >>> q.match            # the FTS5 expression for the wanted part (None when there is none)
    >>> q.exclude          # the FTS5 expression of what to exclude (None when nothing is)
    >>> compile_match("LG그룹은")      # one MATCH string (what the Datasette SQL function returns)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from storage.morphemes import Analyzer
from storage.synonyms import other_spellings, translations
from storage.tokens import Run, filter_token, pair_token, phrase_tokens, runs

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
#: The text columns bigram phrases are matched in when the archive also has a morpheme column.
BIGRAM_COLUMNS = ("search_title", "search_body")
MAX_SPLIT_RUN = 10  # spaced spellings are generated for Hangul runs of 4..MAX_SPLIT_RUN syllables

# Particles (josa) and endings most often glued to nouns in news queries, longest first so `에서는` wins
# over `는`. Left out on purpose: 도, 로, 나, 라, 만 — too many nouns end in them (경기도, 원자로, 세종로).
PARTICLES = sorted(
    """
    은 는 이 가 을 를 의 에 와 과 으로 에서 에게 께서 한테 까지 부터 보다 처럼
    에는 에서는 으로는 에도 에서도 까지도 부터는 에게는 에게서 와의 과의 에의 으로의 으로서
    에선 에서의 에게도 와는 과는 이나 이며 이라고 라고 으로부터 마저 조차 에서만 에만
    이다 였다 이었다 이라는 라는 이란 들 들은 들이 들을 들의 들에게
    """.split(),
    key=len,
    reverse=True,
)
# Particles that alternate with the final consonant (batchim) of the noun: 삼성이/삼성은 but 정부가/정부는.
# Checking it keeps words like 전문가 (문 has a batchim, so 가 cannot be a particle) whole.
_AFTER_CONSONANT = {"은", "을", "이", "과", "과의", "으로", "으로는", "으로의", "으로서", "이다", "이었다", "이라는", "이란",
                    "과는", "이나", "이며", "이라고", "으로부터"}
_AFTER_VOWEL = {"는", "를", "가", "와", "와의", "였다", "라는", "와는", "라고"}

# Endings of 하다/되다/시키다 verbs and adjectives on a Sino-Korean noun: `인상했다` also matches `인상`
# (인상을, 인상됐다, 요금 인상). Only endings of 2+ syllables: bare 한/해/하 end too many nouns
# (무제한, 지난해, 지하). The stem must keep 2+ syllables, so 피해/손해 never lose a syllable.
VERB_ENDINGS = sorted(
    """
    했다 했고 했으며 했던 했지만 했는데 했습니다 했어요 했으나 했다고 했다는 한다 한다고 한다는 합니다 하는 하며 하고
    하기로 하겠다 하겠다고 하려는 하려고 하면서 하자 하지 하여 해야 해서 해도 했을 하던 하도록 하기 할지 할까
    됐다 됐고 됐으며 됐던 됐지만 됐습니다 된다 된다고 된다는 됩니다 되는 되며 되고 되자 되지 되어 돼야 되면서 되던 되도록 될지
    시켰다 시킨다 시키는 시키며 시키고 시킨 당했다 당한 하다 되다 시키다
    """.split(),
    key=len,
    reverse=True,
)

# Sino-Korean numerals: `2차전지` is also written `이차전지` and vice versa (`3차원`/`삼차원`). Back from
# Hangul only for 일/이/삼/사: 오차 (error) and 구차 are words of their own.
_NUMERALS = dict(zip("123456789", "일이삼사오육칠팔구"))
_NUMERAL_DIGITS = {v: k for k, v in _NUMERALS.items()}

# Unclosed quotes, lone operators and punctuation are literal; these are the only token shapes we act on.
_LEX_RE = re.compile(r'(?P<neg>-+)?"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<word>[^\s"]+)|"')


_LATIN_TAIL = r"[^\W\d_\uac00-\ud7a3\u1100-\u11ff\u3040-\u30ff\u4e00-\u9fff]*"


# English prefixes often written with a hyphen or a space: `semiconductor` also finds `semi-conductor`.
_LATIN_PREFIXES = ("semi", "non", "anti", "multi", "post", "sub", "super", "inter", "cross", "micro", "bio")
# A dotted acronym (`U.S.`, `U.N.`) is also written without dots (`US`); back (US → U.S.) only via synonyms.
_DOTTED_RE = re.compile(r"^(?:[A-Za-z]\.){2,4}$")
_POSSESSIVE_RE = re.compile(r"[A-Za-z][\'’]s$")
# Number words of a written amount: `1조 2000억원` is one amount (not 1조 AND 2000억원: 11조 2000억원 has both).
_AMOUNT_HEAD_RE = re.compile(r"^\d[\d,.]*(?:조|억)$")
_AMOUNT_TAIL_RE = re.compile(r"^\d[\d,.]*(?:억|만|천)?(?:원|달러|유로|엔|위안)?[가-힣]{0,3}$")


def _strip_possessive(text: str) -> str:
    """`Lee Jae-myung's` → `Lee Jae-myung` (English possessive), else the text unchanged."""
    return text[:-2] if _POSSESSIVE_RE.search(text) else text


class QuerySyntaxError(ValueError):
    """A query that cannot be searched (nothing searchable, too long); the message is one line for the user."""


@dataclass(frozen=True)
class Term:
    """One query term: a word or a "phrase", maybe a prefix (`word*`)."""

    text: str
    phrase: bool = False
    prefix: bool = False
    name: bool = False  # unquoted words read as one name (`Samsung Electronics`): a phrase with its other spellings
    translate: bool = False  # also the term's other-language news terms (`storage.synonyms.translations`)
    pairs: bool = True  # the index has word-pair tokens (`storage.tokens.phrase_tokens`); False: an older index

    @cached_property
    def runs(self) -> list[Run]:
        """Script runs of the term (what its index tokens come from)."""
        return runs(self.text)

    def variants(self) -> list[list[Run]]:
        """The run sequences this term matches: as written, spaced/joined spellings, particle-stripped stem."""
        rs = self.runs
        if not rs:
            return []
        out = [rs]
        if self.phrase:
            joined = re.sub(r"(?<=[\uac00-\ud7a3])\s+(?=[\uac00-\ud7a3])", "", self.text)
            if joined != self.text:
                out.append(runs(joined))
            # A compound inside the phrase may be written spaced: "전세사기 피해자" finds 전세 사기 피해자.
            for i, run in enumerate(rs):
                if run.kind == "hangul" and 4 <= len(run.text) <= MAX_SPLIT_RUN:
                    for cut in range(2, len(run.text) - 1):
                        out.append([*rs[:i], Run(run.text[:cut], "hangul"), Run(run.text[cut:], "hangul"), *rs[i + 1 :]])
            # The last word may carry a particle or verb ending: "금리 인하를" finds 금리 인하가, 기준금리 인하.
            # So may the others ("금리를 인하" finds 금리 인하): one more spelling with every word stripped.
            stripped = [Run(_stem(r.text), "hangul") if r.kind == "hangul" else r for r in rs]
            if stripped[:-1] != rs[:-1] and stripped[-1] != rs[-1]:
                out.append([*rs[:-1], stripped[-1]])
            if stripped != rs:
                out.append(stripped)
            out.extend(_number_unit_spellings(rs))
            if self.name:  # Samsung Electronics ↔ 삼성전자; a quoted "종부세" stays exact
                for spelling in other_spellings(self.text):
                    out.append(runs(spelling))
                if self.translate and all(r.kind == "latin" for r in rs):
                    out.extend(runs(t) for t in translations(self.text))
            return out + _script_spellings(rs)
        last = rs[-1]
        stem_runs = rs
        if last.kind == "hangul":
            stem = strip_particle(last.text)
            if stem == last.text:
                stem = strip_ending(last.text)
            if stem != last.text:
                stem_runs = [*rs[:-1], Run(stem, "hangul")]
                out.append(stem_runs)
            else:
                # A dictionary form also matches its conjugations: 줄이다 finds 줄였다, 줄인, 줄여, 줄일.
                out.extend([*rs[:-1], Run(form, "hangul")] for form in conjugations(last.text))
        if last.kind == "latin" and _POSSESSIVE_RE.search(self.text) and len(rs) > 1:
            stem_runs = rs[:-1]  # Lee Jae-myung's -> Lee Jae-myung
            out.append(stem_runs)
        out.extend(_latin_spellings(self.text, rs))
        bases = [stem_runs, *_numeral_spellings(stem_runs)]
        out.extend(bases[1:])
        out.extend(_number_unit_spellings(stem_runs))
        # A name inside a mixed-script word: 갤럭시S24 ↔ Galaxy S24, 아이폰16 ↔ iPhone 16.
        if len(stem_runs) > 1:
            for i, run in enumerate(stem_runs):
                for spelling in other_spellings(run.text):
                    out.append([*stem_runs[:i], *runs(spelling), *stem_runs[i + 1 :]])
        # Other names of the same organisation/tax/company: 금감원 ↔ 금융감독원, 네이버 ↔ NAVER (storage.synonyms).
        stem_text = "".join(r.text for r in stem_runs)
        for spelling in other_spellings(self.text) or other_spellings(stem_text) or other_spellings(_strip_possessive(self.text)):
            out.append(runs(spelling))
        if self.translate and all(r.kind == "latin" for r in rs):
            # oil prices → 유가, only when the search asks for translations. English → Korean only: the other way
            # 반도체 would rank every English page that mentions a chip among Korean chip news (nDCG 0.78 → 0.34).
            out.extend(runs(t) for t in translations(self.text) or translations(stem_text))
        # Spaced spellings of the (stemmed) compound: 기준금리 -> 기준 금리; 5+ syllables try every split.
        # After a number the first syllable may be a counter standing apart: 2차전지 -> 2차 전지.
        for base in bases:
            for i, run in enumerate(base):
                if run.kind != "hangul" or len(run.text) > MAX_SPLIT_RUN:
                    continue
                counter = i > 0 and base[i - 1].kind == "digit" and len(run.text) >= 3
                cuts = ([1] if counter else []) + list(range(2, len(run.text) - 1))
                for cut in cuts:
                    out.append([*base[:i], Run(run.text[:cut], "hangul"), Run(run.text[cut:], "hangul"), *base[i + 1 :]])
        return out + _script_spellings(rs)

    def fts(self, rank: bool = False, morph: Analyzer | None = None) -> str | None:
        """This term as an FTS5 expression (an OR of quoted phrases), or None if it has no index tokens.

        `rank`: the form BM25 is computed over (`ParsedQuery.rank`): a single multi-token phrase as a NEAR group.
        `morph`: the archive has a morpheme column and this analyzer: see `morph_fts`.
        """
        bigrams = self._bigram_fts(rank)
        morphemes = self.morph_fts(morph) if morph is not None else None
        if bigrams is None or morphemes is None:
            return bigrams
        surface = self._surface_morpheme(morph)
        if surface is not None:
            if " " not in surface:
                # The morpheme is spelled like the word's bigram phrase (유가, 금, 열다: a word of 1-2 syllables that
                # is its own morpheme): that phrase, in every column, is both matches at once, and BM25 still
                # weighs its hit in the morpheme column (the whole word) apart from the text columns' (substring).
                return bigrams
            if not surface.endswith('다"'):
                # A noun as written (반도체, 삼성전자의 → 삼성전자): every article with the morpheme has its bigrams, so
                # they alone find the same articles, and finding and counting walk one phrase, not two OR-ed. BM25
                # also weighs the morpheme. Neither needs a column filter there — a morpheme of 3+ syllables is
                # no bigram piece, and whole-word morphemes are not adjacent bigram pieces — and a filter makes
                # FTS5 read the positions of every row of each phrase's IDF walk: 35 → 14 ms for a word in every
                # article of 200k.
                return f"({bigrams} OR {morphemes.removeprefix('search_morph : ')})" if rank else bigrams
        # The bigrams stay in the expression (compounds the analyzer keeps whole still match their parts:
        # 조선 finds 조선업), but only in the text columns: a morpheme match is counted once, with the
        # morpheme column's own BM25 weight, which is what ranks whole words above substring matches.
        return f"(({{{' '.join(BIGRAM_COLUMNS)}}} : ({bigrams})) OR {morphemes})"

    def _surface_morpheme(self, morph: Analyzer) -> str | None:
        """The word's one morpheme as its bigram phrase (`"반도 도체"`) when that phrase is one of the word's own
        bigram spellings — a noun written as it stands, so no article has the morpheme without the bigrams (not
        so for a verb's dictionary form, 올랐다 → 오르다, which `fts` tells by its 다); None for several morphemes
        or none. FTS5 walks each phrase of an expression once per query for BM25's IDF, besides finding matches."""
        terms = morph.query_terms(self.text)
        if len(terms) != 1:
            return None
        phrase = _phrase(Run(terms[0], "hangul").pieces)
        return phrase if phrase in _alternatives(self._bigram_fts(False) or "") else None

    def morph_fts(self, morph: Analyzer) -> str | None:
        """The term's morphemes as a phrase in `search_morph` (`유가` → `search_morph : "유가"`), or None.

        Only for a plain Hangul word (no quotes, prefix or other script): phrases and mixed words are matched
        by their bigrams alone. A dictionary-form verb (`줄이다`) is its lemma, as it is indexed.
        """
        if self.phrase or self.prefix or self.name or not self.runs or any(r.kind != "hangul" for r in self.runs):
            return None
        terms = morph.query_terms(self.text)
        return f"search_morph : {_phrase(terms)}" if terms else None

    def _bigram_fts(self, rank: bool) -> str | None:
        """The bigram part of `fts`: an OR of the variants' quoted phrases."""
        alternatives: list[str] = []
        for n, variant in enumerate(self.variants()):
            tokens = phrase_tokens(variant) if self.pairs else [p for run in variant for p in run.pieces]
            # 한미 -> "한 미" (from 한-미/한·미) stays exact: lone 한 before 미국 is common prose.
            split_abbrev = n > 0 and len(variant) > 1 and all(r.kind == "hangul" and len(r.text) == 1 for r in variant)
            last = variant[-1]
            # Hangul runs of 2+ already match inside longer words; a prefix only matters for the rest.
            prefix = self.prefix and not (last.kind in ("hangul", "cjk") and len(last.text) > 1)
            lone_syllable = last.kind == "hangul" and len(last.text) == 1
            expr = _phrase(tokens) + (" *" if prefix else "")
            if expr not in alternatives:
                alternatives.append(expr)
            if lone_syllable and not prefix and not split_abbrev:
                # One syllable is only indexed alone when it stood alone; also match it starting a piece
                # (`원` in `1,400원을` is indexed as `원을`). Not for a one-syllable word on its own (`금`): as a
                # piece start it finds 금리/금요일, and with a particle (금을) it is inside 자금을/임금을 too.
                if len(variant) > 1:
                    alternatives.append(_phrase(tokens) + " *")
                    pair = pair_token(variant[-2], Run(last.text + "가", "hangul")) if self.pairs else None
                    if pair:
                        # Before a longer word the index has the pair token too: its first 3 syllables, a prefix.
                        head = " + ".join(_phrase([t]) for t in tokens[:-1])
                        alternatives.append(f"{head} + {_phrase([pair[:-1]])} * + {_phrase(tokens[-1:])} *")
        alternatives = _drop_subsumed(alternatives)
        if not alternatives:
            return None
        if rank and len(alternatives) == 1:
            return _PHRASE_RE.sub(_near, alternatives[0])
        return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"

    def highlight_pattern(self) -> str | None:
        """A regex (case-insensitive) finding this term in the original text, for snippets."""
        variant = self.variants()
        if not variant:
            return None
        # The shortest variant (the stem) is inside every longer spelling, so highlighting it suffices.
        rs = min(variant[: 2 if not self.phrase else 1], key=lambda v: sum(len(r.text) for r in v))
        out = []
        for seq in [rs, *_numeral_spellings(rs)]:  # 2차전지 also lights up 이차전지
            parts = []
            for i, run in enumerate(seq):
                after_number = i > 0 and seq[i - 1].kind == "digit"
                if run.kind == "hangul" and (len(run.text) >= 4 or (after_number and len(run.text) >= 3)):
                    parts.append(r"\s?".join(map(re.escape, run.text)))
                elif run.kind == "latin":
                    # Porter matched other endings of the word (invest/investing): light up the rest of it too.
                    parts.append(re.escape(run.text) + _LATIN_TAIL)
                else:
                    parts.append(re.escape(run.text))
            out.append(r"\W{0,3}".join(parts))
        for seq in _script_spellings(self.runs):  # 美中 also lights up 미중, 한미 lights up 한·미
            out.append("[-·ㆍ・/‧]?".join(re.escape(r.text) for r in seq))
        if not self.phrase or self.name:  # 금감원 also lights up 금융감독원
            stem = "".join(r.text for r in rs)
            for spelling in other_spellings(self.text) or other_spellings(stem) or other_spellings(_strip_possessive(self.text)):
                out.append(re.escape(spelling))
            if self.translate and all(r.kind == "latin" for r in self.runs):
                out.extend(r"\s?".join(map(re.escape, t.split())) for t in translations(self.text) or translations(stem))
        return out[0] if len(out) == 1 else "(?:" + "|".join(out) + ")"


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by OR; a negated clause excludes what it matches."""

    terms: tuple[Term, ...]
    negated: bool = False

    def fts(self, rank: bool = False, morph: Analyzer | None = None) -> str | None:
        """The clause as an FTS5 expression, or None when no term has index tokens (`rank`: see `ParsedQuery.rank`)."""
        parts = [e for e in (t.fts(rank, morph) for t in self.terms) if e]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: `match` (FTS5 expression of what is wanted) and `exclude` (of what is not)."""

    text: str
    clauses: tuple[Clause, ...] = field(default_factory=tuple)
    #: The analyzer of an archive with a morpheme column (`with_morphemes`); None: bigrams only.
    morph: Analyzer | None = field(default=None, compare=False, repr=False)

    def with_morphemes(self, analyzer: Analyzer | None) -> ParsedQuery:
        """This query for an archive with a morpheme column: each plain Hangul word also matches its morphemes."""
        return self if analyzer is None else replace(self, morph=analyzer)

    def without_pairs(self) -> ParsedQuery:
        """This query for an archive indexed before word-pair tokens (`bigram-2`): phrases as bigrams alone."""
        return replace(self, clauses=tuple(replace(c, terms=tuple(replace(t, pairs=False) for t in c.terms)) for c in self.clauses))

    @cached_property
    def match(self) -> str | None:
        """FTS5 MATCH expression for the wanted clauses, with exclusions applied; None if nothing is wanted."""
        expr = self.wanted
        if expr and self.exclude:
            expr = f"({expr}) NOT {self.exclude}"
        return expr

    @cached_property
    def rank(self) -> str | None:
        """What searches compute BM25 over: `wanted`, with a word of one spelling as a NEAR group of its tokens.

        ``"립진 진종"`` becomes ``NEAR("립진" "진종", 0)``: for the matches (found with `match`) BM25 orders the
        two alike, but FTS5 computes each phrase's IDF by walking it over the whole index once per query, and
        a phrase of common bigrams is checked for adjacency in every article holding them (56 ms at 200k
        articles) where a NEAR group's phrases are single tokens counted from their posting lists (9 ms).
        Words with several spellings (and quoted phrases) keep their phrases: a NEAR group per spelling
        would walk the same tokens once per group.
        """
        ranked = [e for e in (c.fts(True, self.morph) for c in self.clauses if not c.negated) if e]
        if not ranked:
            return None
        return ranked[0] if len(ranked) == 1 else " AND ".join(ranked)

    @cached_property
    def wanted(self) -> str | None:
        """FTS5 expression of the wanted clauses alone (no exclusions); None if nothing is wanted.

        BM25 over `match` and over `wanted` give a matching article the same score (an excluded phrase never
        occurs in it), but FTS5 walks every phrase of the expression once per query for its IDF, so `rank`
        starts from this one and skips the walk over the excluded words.
        """
        wanted = [e for e in (c.fts(False, self.morph) for c in self.clauses if not c.negated) if e]
        if not wanted:
            return None
        return wanted[0] if len(wanted) == 1 else " AND ".join(wanted)

    @cached_property
    def exclude(self) -> str | None:
        """FTS5 expression of everything excluded (OR of the negated clauses), or None."""
        unwanted = [e for e in (c.fts(False, self.morph) for c in self.clauses if c.negated) if e]
        if not unwanted:
            return None
        return unwanted[0] if len(unwanted) == 1 else "(" + " OR ".join(unwanted) + ")"

    @property
    def is_empty(self) -> bool:
        """True when the query puts no condition on the text (blank query)."""
        return self.match is None and self.exclude is None

    @cached_property
    def highlight_re(self) -> re.Pattern[str] | None:
        """One regex over the original text finding every wanted term (longest first), or None."""
        patterns = {p for c in self.clauses if not c.negated for t in c.terms if (p := t.highlight_pattern())}
        if not patterns:
            return None
        return re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)


def _stem(word: str) -> str:
    """`word` without a particle, else without a 하다/되다 ending (`인하를` → `인하`, `인상했다` → `인상`)."""
    stem = strip_particle(word)
    return strip_ending(word) if stem == word else stem


def strip_particle(word: str) -> str:
    """`word` without a trailing particle when a 2+ syllable stem remains (`삼성전자의` → `삼성전자`)."""
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2:
            stem = word[: -len(p)]
            last = ord(stem[-1]) - 0xAC00
            if 0 <= last < 11172:
                batchim = last % 28 != 0
                if (p in _AFTER_CONSONANT and not batchim) or (p in _AFTER_VOWEL and batchim):
                    continue
            return stem
    return word


def strip_ending(word: str) -> str:
    """`word` without a 하다/되다 verb ending when a 2+ syllable stem remains (`인상했다` → `인상`)."""
    for e in VERB_ENDINGS:
        if word.endswith(e) and len(word) - len(e) >= 2:
            return word[: -len(e)]
    return word


_SYL0, _NSYL = 0xAC00, 11172
# Vowel contractions of a stem's last syllable with the ending 어/아 (줄이+어 → 줄여, 낮추+어 → 낮춰, 오+아 → 와).
_CONTRACT = {20: 6, 13: 14, 8: 9, 18: 4, 0: 0, 4: 4, 1: 1, 5: 5}
# First syllables of common endings after a stem with a final consonant (먹다: 먹고 먹는 먹은 먹을 먹어 먹었 …).
_AFTER_BATCHIM = "고 는 은 을 기 지 게 며 면 자 던 겠 습".split()
_AFTER_VOWEL_STEM = "고 는 기 지 게 며 면 자 던 겠 려 도 시".split()


def _syllable(lead: int, vowel: int, tail: int) -> str:
    return chr(_SYL0 + (lead * 21 + vowel) * 28 + tail)


def conjugations(word: str) -> list[str]:
    """Spellings of a regular verb/adjective given in its dictionary form (`줄이다`), each indexable as bigrams:
    ``conjugations("줄이다")[:3] == ["줄이고", "줄이는", "줄이기"]`` … ``"줄인", "줄일", "줄입", "줄여", "줄였"``; [] for
    anything else.

    Regular stems only (irregular ㅂ/ㄷ/르/ㅅ verbs and 하다 verbs — handled as their noun — are not
    conjugated); a one-syllable stem without a final consonant (가다, 보다) is too ambiguous as bigrams.
    """
    if len(word) < 2 or not word.endswith("다") or not all(0 <= ord(c) - _SYL0 < _NSYL for c in word):
        return []
    stem = word[:-1]
    if stem.endswith(("하", "되")):  # 하다/되다 verbs are matched as their noun (`strip_ending`)
        return []
    code = ord(stem[-1]) - _SYL0
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    head = stem[:-1]
    if tail == 0:
        if len(stem) < 2 or vowel not in _CONTRACT:
            return []
        contracted = _CONTRACT[vowel]
        # The stem alone would also be inside other words (줄이 in 줄줄이): always with its next syllable.
        forms = [*(stem + e for e in _AFTER_VOWEL_STEM), head + _syllable(lead, vowel, 4), head + _syllable(lead, vowel, 8),
                 head + _syllable(lead, vowel, 17), head + _syllable(lead, contracted, 0), head + _syllable(lead, contracted, 20)]
    elif tail == 8:  # ㄹ stem: 만들다 → 만들어/만들었 (in `stem`), 만든, 만드는
        # A one-syllable stem's adnominal (열다 → 연) is a lone syllable, and alone 연/산/든 are mostly other words
        # (연 3%, annual): its present form (연다) instead.
        forms = [stem, head + _syllable(lead, vowel, 4), head + _syllable(lead, vowel, 0) + "는"] if len(stem) >= 2 else \
            [stem + e for e in ("고", "아" if vowel in (0, 8) else "어", "았" if vowel in (0, 8) else "었", "기", "지", "면")] + \
            [_syllable(lead, vowel, 4) + "다", _syllable(lead, vowel, 0) + "는"]
    else:
        bright = vowel in (0, 8)  # ㅏ/ㅗ take 아/았, others 어/었
        endings = [*_AFTER_BATCHIM, "아" if bright else "어", "았" if bright else "었"]
        forms = [stem] if len(stem) >= 2 else [stem + e for e in endings]
    return [f for f in dict.fromkeys(forms) if len(f) >= 2]


def _numeral_spellings(rs: list[Run]) -> list[list[Run]]:
    """The other spelling of a one-digit number glued to a counter: 2차전지 ↔ 이차전지 (`차` only)."""
    out: list[list[Run]] = []
    for i, run in enumerate(rs):
        nxt = rs[i + 1] if i + 1 < len(rs) else None
        if run.kind == "digit" and run.text in _NUMERALS and nxt and nxt.kind == "hangul" and nxt.text.startswith("차") and len(nxt.text) >= 2:
            out.append([*rs[:i], Run(_NUMERALS[run.text] + nxt.text, "hangul"), *rs[i + 2 :]])
        elif run.kind == "hangul" and len(run.text) >= 3 and run.text[0] in "일이삼사" and run.text[1] == "차":
            out.append([*rs[:i], Run(_NUMERAL_DIGITS[run.text[0]], "digit"), Run(run.text[1:], "hangul"), *rs[i + 1 :]])
    return out


def _number_unit_spellings(rs: list[Run]) -> list[list[Run]]:
    """A 2-syllable amount after a number may stand apart: 2000억원 ↔ 2000억 원, 3만명 ↔ 3만 명;
    a quarter is also written the older way: 1분기 ↔ 1·4분기."""
    out: list[list[Run]] = []
    for i, run in enumerate(rs):
        if i > 0 and rs[i - 1].kind == "digit" and rs[i - 1].text in "1234" and run.kind == "hangul" and run.text.startswith("분기"):
            out.append([*rs[:i], Run("4", "digit"), *rs[i:]])
        if i > 0 and rs[i - 1].kind == "digit" and run.kind == "hangul" and len(run.text) == 2 and run.text[0] in "조억만천":
            out.append([*rs[:i], Run(run.text[0], "hangul"), Run(run.text[1], "hangul"), *rs[i + 1 :]])
    return out


def _latin_spellings(text: str, rs: list[Run]) -> list[list[Run]]:
    """Other spellings of an English word: U.S. ↔ US, semi-conductor ↔ semiconductor (and back for prefixes)."""
    out: list[list[Run]] = []
    if not rs or any(r.kind != "latin" for r in rs):
        return out
    if _DOTTED_RE.match(text):
        out.append([Run("".join(r.text for r in rs), "latin")])
    elif len(rs) == 2 and re.fullmatch(r"[A-Za-z]+-[A-Za-z]+", text):
        out.append([Run(rs[0].text + rs[1].text, "latin")])
    elif len(rs) == 1:
        word = rs[0].text
        for pre in _LATIN_PREFIXES:
            if word.startswith(pre) and len(word) - len(pre) >= 4:
                out.append([Run(pre, "latin"), Run(word[len(pre) :], "latin")])
                break
    return out


# Hanja used as headline abbreviations (美中 = 미중, 韓日 = 한일). Back from Hangul only for the country
# syllables, and only when every syllable of a 2-3 syllable word is one (미중 → 美中, 한미일 → 韓美日).
_HANJA = dict(zip("美中韓日北露英獨佛與野靑南", "미중한일북러영독불여야청남"))
_HANJA_BACK = {v: k for k, v in _HANJA.items() if k in "美中韓日北露"}
# One-syllable short forms that are paired with a separator or without one: 한-미/한·미/한미, 여·야/여야,
# 노·사·정/노사정, 남-북/남북. Only words made of these also match their syllables written apart.
_PAIR_SYLLABLES = set("한미중일북남러영독불여야노사정민관당청호인")


def _script_spellings(rs: list[Run]) -> list[list[Run]]:
    """Other spellings of a short abbreviation: 美中 ↔ 미중, 한미 ↔ 한-미/한·미 (lone syllables side by side)."""
    out: list[list[Run]] = []
    if len(rs) == 1 and rs[0].kind == "cjk" and 2 <= len(rs[0].text) <= 3 and all(c in _HANJA for c in rs[0].text):
        out.append([Run("".join(_HANJA[c] for c in rs[0].text), "hangul")])
    if len(rs) == 1 and rs[0].kind == "hangul" and 2 <= len(rs[0].text) <= 3 and all(c in _PAIR_SYLLABLES for c in rs[0].text):
        out.append([Run(c, "hangul") for c in rs[0].text])  # 한미 -> 한-미, 한·미; 여야 -> 여·야
        if all(c in _HANJA_BACK for c in rs[0].text):
            out.append([Run("".join(_HANJA_BACK[c] for c in rs[0].text), "cjk")])
    if 2 <= len(rs) <= 3 and all(r.kind == "hangul" and len(r.text) == 1 for r in rs):
        joined = "".join(r.text for r in rs)  # 한-미 -> 한미
        out.append([Run(joined, "hangul")])
        if all(c in _HANJA_BACK for c in joined):
            out.append([Run("".join(_HANJA_BACK[c] for c in joined), "cjk")])
    return out


_PHRASE_RE = re.compile(r'"((?:[^"]|"")*)"( \*)?')


def _near(m: re.Match[str]) -> str:
    """A quoted phrase of 2+ tokens (no prefix) as the NEAR group of its tokens, adjacent (see `ParsedQuery.rank`)."""
    tokens = m.group(1).split()
    if m.group(2) or len(tokens) < 2:
        return m.group(0)
    return "NEAR(" + " ".join(_phrase([t.replace('""', '"')]) for t in tokens) + f", {len(tokens) - 2})"


def _alternatives(expr: str) -> list[str]:
    """The quoted phrases OR-ed at the top of a term's bigram expression (`("a" OR "b c")` → ['"a"', '"b c"'])."""
    inner = expr[1:-1] if expr.startswith("(") and expr.endswith(")") else expr
    return inner.split(" OR ")


def _drop_subsumed(alternatives: list[str]) -> list[str]:
    """Drop each phrase that contains another alternative phrase: `"투자 자를" OR "투자"` is `"투자"`.

    Every article matching the longer phrase matches the shorter one, so matches stay the same, and FTS5 walks
    one phrase fewer (twice: to match, and for BM25's IDF). Prefix phrases (`… *`) are kept as they are.
    """
    seqs = [None if a.endswith(" *") else a.strip('"').split() for a in alternatives]

    def inside(short: list[str], long: list[str]) -> bool:
        return len(short) < len(long) and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))

    return [a for a, seq in zip(alternatives, seqs) if seq is None or not any(o is not None and inside(o, seq) for o in seqs)]


def _phrase(tokens: list[str]) -> str:
    # Our tokens are letters/digits only, but double any quote anyway: nothing user-typed escapes the string.
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def parse(text: str | None, *, translate: bool = False) -> ParsedQuery:
    """Parse user query text; raises `QuerySyntaxError` when non-blank text has nothing searchable.

    `translate`: plain words (and unquoted multi-word terms such as `oil prices`) also match their English ↔ Korean
    news-term translations (`storage.synonyms.TRANSLATION_GROUPS`)."""
    text = (text or "").strip()
    if not text:
        return ParsedQuery("")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query too long ({len(text)} characters, at most {MAX_QUERY_CHARS})")
    # Lex: ("op", "AND"|"OR"|"NOT") or ("term", Term, negated)
    items: list[tuple] = []
    for m in _LEX_RE.finditer(text):
        if m.group("phrase") is not None:
            neg = bool(m.group("neg"))
            items.append(("term", Term(m.group("phrase"), phrase=True, prefix=bool(m.group("pstar"))), neg))
        elif m.group("word") is not None:
            word = m.group("word")
            if word in ("AND", "OR", "NOT"):
                items.append(("op", word))
                continue
            neg = word.startswith("-") and len(word.lstrip("-")) > 0
            word = word.lstrip("-") if neg else word
            prefix = word.endswith("*")
            items.append(("term", Term(word.rstrip("*") if prefix else word, prefix=prefix, translate=translate), neg))
        # a lone unmatched quote is dropped: the text after it is read as ordinary words
    items = _merge_words(items, translate)
    clauses: list[Clause] = []
    pending_not = pending_or = False
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if item[0] == "op":
            op = item[1]
            next_is_term = nxt is not None and nxt[0] == "term"
            if op == "AND" and clauses and next_is_term and not pending_not and not pending_or:
                continue
            if op == "NOT" and next_is_term and not pending_not and not pending_or:
                pending_not = True
                continue
            if op == "OR" and clauses and next_is_term and not pending_not and not pending_or and not nxt[2]:
                pending_or = True
                continue
            item = ("term", Term(op.lower()), False)  # an operator that cannot act is a literal word
        term, neg = item[1], item[2] or pending_not
        if pending_or and not neg and not clauses[-1].negated:
            clauses[-1] = Clause(clauses[-1].terms + (term,), False)
        else:
            clauses.append(Clause((term,), neg))
        pending_not = pending_or = False
    if sum(len(c.terms) for c in clauses) > MAX_TERMS:
        raise QuerySyntaxError(f"query has too many terms (at most {MAX_TERMS})")
    parsed = ParsedQuery(text, tuple(clauses))
    if parsed.is_empty:
        raise QuerySyntaxError(f"nothing to search for in {text!r}: use words, \"phrases\", OR, -word, word*")
    return parsed


def _plain(item: tuple, negated_ok: bool = False) -> bool:
    return item[0] == "term" and (negated_ok or not item[2]) and not item[1].phrase and not item[1].prefix


def _merge_words(items: list[tuple], translate: bool = False) -> list[tuple]:
    """Unquoted words that together are one name or one amount become a phrase: `Samsung Electronics` (a
    name in storage.synonyms, so it also finds 삼성전자), `Lee Jae-myung's`, `1조 2000억원`; with `translate`
    also a term of the translation table (`interest rates`, `heat wave`)."""
    out: list[tuple] = []
    i = 0
    while i < len(items):
        merged = False
        if _plain(items[i], negated_ok=True):  # `-Lee Jae-yong` excludes the whole name
            for n in (4, 3, 2):
                group = items[i : i + n]
                if len(group) < n or not all(_plain(it) for it in group[1:]):
                    continue
                words = [it[1].text for it in group]
                text = " ".join(words)
                if other_spellings(_strip_possessive(text)) or (translate and translations(text)) or (
                    n == 2 and _AMOUNT_HEAD_RE.match(words[0]) and _AMOUNT_TAIL_RE.match(words[1])
                ):
                    out.append(("term", Term(_strip_possessive(text), phrase=True, name=True, translate=translate), items[i][2]))
                    i += n
                    merged = True
                    break
        if not merged:
            out.append(items[i])
            i += 1
    return out


def compile_match(text: str | None) -> str | None:
    """The single FTS5 MATCH string for `text` (None for a blank query or exclusions only)."""
    return parse(text).match


def with_filters(match: str, *, sites: list[str] = (), section: str | None = None) -> str:  # type: ignore[assignment]
    """`match` restricted to articles of these sites / this section through their `search_meta` tokens.

    ``with_filters('"lg"', sites=["yna"])`` → ``("lg") AND search_meta : ("1…")``: FTS5 then intersects
    the posting lists itself (see `storage.tokens.filter_token`).
    """
    parts = [f"({match})"]
    if sites:
        parts.append("search_meta : (" + " OR ".join(f'"{filter_token("site", s)}"' for s in sites) + ")")
    if section:
        parts.append(f'search_meta : "{filter_token("section", section)}"')
    return " AND ".join(parts)
