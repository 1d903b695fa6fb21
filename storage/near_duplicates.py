"""Near-duplicate detection: MinHash over character shingles, with the LSH index kept in the archive.

A wire story (연합뉴스, 뉴시스, …) reprinted by other outlets arrives with a new byline, a new footer and often
a rewritten lead paragraph or a cut ending. Such copies are *stored* and linked to the first copy
(`articles.duplicate_of`, `articles.similarity`) so search can collapse them; exact copies never get here
(they are caught by `storage.body_hash`).

From body to band keys (`NearDuplicateIndex.fingerprint`):

1. `shingle_source` drops what differs between copies but is not the story: byline/dateline forms at the start
   and end (`(서울=연합뉴스) 김민수 기자 =`, `[데일리경제 박지훈 기자]`), e-mail addresses, URLs and footer lines
   (copyright, 제보/구독 prompts). `shingle_text` then keeps only letters and digits, lowercased — word spacing
   goes too, since Korean spacing differs between outlets and editors.
2. Shingles are overlapping character k-grams of that text (k = `shingle_size`, default 5). Character shingles
   need no Korean tokenizer and survive particles glued to nouns (`한은은`/`한은이`). 5 rather than 3–4: on the
   demo corpus the mean Jaccard of unrelated articles drops from 0.0121 (k=3) / 0.0056 (k=4) to 0.0023 (k=5),
   which keeps random LSH candidates rare at a million articles, while copies keep their similarity
   (lowest labelled copy: 0.58 / 0.57 / 0.57). Each shingle is hashed to 64 bits with numpy (no Python loop).
3. `rensa.RMinHash` turns the shingle hashes into `num_perm` (96) minimum hashes. rensa, not datasketch: for a
   1,700-character article (1,200 shingles) rensa takes 0.012 ms, datasketch's `update_batch` 2.4 ms — more
   than the whole per-article budget — with the same estimation error on the labelled pairs (mean absolute
   error 0.025 vs 0.026); `bench/dedupe_bench.py --compare` measures it. rensa's own in-memory LSH is not
   used: it cannot be stored in the archive and holds ~2.6 GB per million articles. Only the low 16 bits of
   each minimum are kept ("b-bit MinHash": unrelated values agree with probability 1/65536, which biases
   Jaccard estimates by 2e-5) — 192 bytes per article.
4. `band_keys` cuts the signature into `bands` (32) bands of 3 rows and hashes each to one integer (band number
   in the high bits). With b=32, r=3 two texts become candidates with probability 0.986 at Jaccard 0.5,
   0.997 at 0.55 and 0.58 at 0.3; with the spread of similarities between unrelated demo-site articles,
   about 5 random candidates per lookup at a million articles, all screened out by their stored signatures.

A candidate is first screened by the Jaccard its stored signature estimates (no body read), then verified
exactly: the candidate's body is read from `articles` and the two shingle sets compared, so the similarity
stored with a near duplicate is exact. A match also needs most figures of the smaller text to appear in the
other (`numbers_agree`): template briefs — weather, market closes, 부고, lottery numbers — share nearly all their
words and differ only in their numbers, while a reprinted story keeps its figures.

State lives in the archive (tables created by `storage.schema.m004_near_duplicate_index`):
`near_dup_bands (key, article_id)` is the LSH index — WITHOUT ROWID with the key first, so a lookup is one
B-tree probe per band and nothing is rebuilt at start-up; `near_dup_articles (article_id, signature)` holds
each indexed article's 16-bit signature (for the screening above, and to delete its bands after an edit).
About 750 bytes per article on disk (~720 MB per million), nothing but SQLite's page cache in memory.
`meta` records the scheme; opening the index with other parameters re-bands from stored signatures (only
`bands` changed; ~70 s per million articles) or rebuilds from the bodies (`rebuild`, ~210 s per million;
both timed in `rebuild_seconds`).

Usage::

    index = open_index(archive.db, NearDupParams(threshold=0.5))
    fp = index.fingerprint(body)
    match = index.find(fp)                    # Match(article_id=…, similarity=0.83, original_id=…) or None
    index.add(article_id, fp)                 # once the article is stored
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np
from rensa import RMinHash
from sqlite_utils import Database

from storage.transactions import writing

SIGNATURE_META_KEY = "near_dup_signature_scheme"
BANDS_META_KEY = "near_dup_bands"
# Bump when `shingle_source`, `shingle_text` or the shingle hash change their output (stored signatures are
# then recomputed from the bodies).
NORMALISATION_VERSION = 1
VERIFIED_CACHE = 512  # archived bodies whose shingles an index keeps for verification (~40 KB each)

# Byline/dateline forms: "(서울=연합뉴스)", "[서울=뉴시스]", "[데일리경제 박지훈 기자]", "【시사포커스=김태호 기자】",
# "김민수 기자 =", "김민수 특파원", "한빛일보 = 최우진 기자 |", "사진=연합뉴스". Looked for only in the first and
# last lines (`_EDGE` characters): in running text "기자" is part of the story ("기자간담회에서 말했다").
_EDGE = 160
_BYLINE_RES = [
    re.compile(r"[(\[【<]\s*[^()\[\]【】<>]{0,20}=\s*[^()\[\]【】<>]{1,20}[)\]】>]"),
    re.compile(r"[(\[【<][^()\[\]【】<>]{0,24}(?:기자|특파원|통신원|에디터|리포터)[^()\[\]【】<>]{0,12}[)\]】>]"),
    re.compile(r"^\s*[^\s=]{1,12}\s*=\s*(?=[가-힣]{2,4}\s*(?:기자|특파원))"),  # "한빛일보 = " before a byline
    re.compile(r"[가-힣]{2,4}\s*(?:선임|수석|인턴|객원)?\s*(?:기자|특파원|통신원)(?![가-힣])\s*[=|]?"),
    re.compile(r"(?:사진|그래픽|자료|영상)\s*=\s*\S+"),
]
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Footer lines outlets append (copyright, 제보/구독 prompts, related-article links): short lines among the
# first two and the last `_FOOTER_LINES`.
_FOOTER_RE = re.compile(
    r"저작권|무단\s*전재|재배포|[Cc]opyright|COPYRIGHT|[Aa]ll [Rr]ights [Rr]eserved|ⓒ|©|제보는|제보하기|카카오톡|구독|"
    r"관련\s*기사|^\s*[▶☞►■]|바로가기"
)
_FOOTER_MAX_CHARS = 120
_FOOTER_LINES = 6  # last lines looked at for footers
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
# Characters NFKC would turn into other letters or digits (NFKC on every text costs more than the rest of the
# normalisation; punctuation it would change is dropped anyway).
_COMPAT_RE = re.compile("[\u3130-\u318f\u3200-\u33ff\u2460-\u24ff\uff00-\uffef\u2150-\u218f\ufb00-\ufb4f]")

# Code points that are letters or digits (BMP), as a lookup table: filtering a text through numpy is ~20x faster
# than a `[\W_]+` regex substitution.
_WORD_TABLE = np.zeros(0x10000, dtype=bool)
_WORD_TABLE[[cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF and chr(cp).isalnum()]] = True
# Odd 64-bit multipliers for the shingle hash (sum of code point * M_i, then an xor-shift/multiply mix) and
# the band hash (the same over a band's rows).
_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD,
     0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0x8CB92BA72F3D8DD7, 0xA0761D6478BD642F],
    dtype=np.uint64,
)  # fmt: skip
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_KEY_BITS = 40  # band hash bits; with the band number above them keys stay < 2^47 (6 bytes in SQLite)

BandLoader = Callable[[list[tuple[int, int]]], None]  # writes (key, article_id) rows


@dataclass(frozen=True)
class NearDupParams:
    """Near-duplicate settings; the crawl takes them from Scrapy settings (see `pipelines.dedupe`)."""

    threshold: float = 0.5  # exact shingle Jaccard at or above which a copy is a near duplicate
    containment: float = 0.95  # ...or the share of the smaller text found in the other (0 = Jaccard only)
    min_containment_shingles: int = 80  # containment counts only when the smaller text is at least this long
    shingle_size: int = 5  # characters per shingle (after spaces and punctuation are removed)
    num_perm: int = 96  # MinHash permutations
    bands: int = 32  # LSH bands; rows per band = num_perm / bands
    seed: int = 20260301
    min_shingles: int = 40  # shorter texts (captions, one-line briefs) are never matched
    screen_margin: float = 0.15  # verify candidates whose estimated Jaccard is >= threshold - margin
    max_verify: int = 8  # bodies read per lookup at most (best estimates first)
    min_number_overlap: float = 0.7  # share of the smaller text's numbers the other must contain

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], got {self.threshold}")
        if not 0 <= self.containment <= 1:
            raise ValueError(f"near-duplicate containment must be in [0, 1], got {self.containment}")
        if not 1 <= self.shingle_size <= len(_MULT):
            raise ValueError(f"shingle size must be between 1 and {len(_MULT)}, got {self.shingle_size}")
        if self.bands < 1 or self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num_perm ({self.num_perm})")
        if self.num_perm // self.bands > len(_MULT):
            raise ValueError(f"at most {len(_MULT)} rows per band, got {self.num_perm // self.bands}")

    @property
    def rows(self) -> int:
        """MinHash rows per LSH band."""
        return self.num_perm // self.bands

    @property
    def signature_scheme(self) -> str:
        """What decides the stored signatures; when it changes they are recomputed from the bodies."""
        return (
            f"v{NORMALISATION_VERSION};rensa-rminhash-{RMinHash.ALGORITHM_VERSION};k={self.shingle_size};"
            f"perm={self.num_perm};seed={self.seed};bits=16"
        )

    def candidate_probability(self, jaccard: float) -> float:
        """Probability that two texts of this Jaccard similarity share at least one band (the LSH S-curve)."""
        return 1.0 - (1.0 - jaccard**self.rows) ** self.bands


@dataclass(frozen=True)
class Match:
    """The archived article an incoming text nearly duplicates, and their exact shingle Jaccard similarity."""

    article_id: int
    similarity: float
    original_id: int  # the cluster's first article: `article_id`, or the article it duplicates itself


# ------------------------------------------------------------------------------------------ text → shingles


def shingle_source(text: str | None) -> str:
    """The body without what differs between copies of one story: bylines, e-mails, URLs and footer lines."""
    if not text:
        return ""
    if _COMPAT_RE.search(text):  # fullwidth forms, compatibility jamo, circled/parenthesised characters
        text = unicodedata.normalize("NFKC", text)
    lines = [line for line in text.splitlines() if line.strip()]
    # Footers and prompts sit in the first and last few lines; the story in between is left alone.
    edge = set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - _FOOTER_LINES), len(lines)))
    text = "\n".join(
        line for i, line in enumerate(lines)
        if i not in edge or len(line) > _FOOTER_MAX_CHARS or not _FOOTER_RE.search(line)
    )  # fmt: skip
    if "@" in text:
        text = _EMAIL_RE.sub(" ", text)
    if "http" in text or "www." in text:
        text = _URL_RE.sub(" ", text)
    if len(text) <= 2 * _EDGE:
        return _strip_bylines(text)
    return _strip_bylines(text[:_EDGE]) + text[_EDGE:-_EDGE] + _strip_bylines(text[-_EDGE:])


def _strip_bylines(text: str) -> str:
    if "=" not in text and "기자" not in text and "특파원" not in text and "통신원" not in text:
        return text  # the common case for an article's last lines: nothing to look for
    for pattern in _BYLINE_RES:
        text = pattern.sub(" ", text)
    return text


def _codes(source: str) -> np.ndarray:
    """Lowercased code points of the letters and digits of an already `shingle_source`d text."""
    codes = np.frombuffer(source.lower().encode("utf-32-le"), dtype=np.uint32)
    keep = np.zeros(len(codes), dtype=bool)
    bmp = codes < 0x10000
    keep[bmp] = _WORD_TABLE[codes[bmp]]
    return codes[keep]


def shingle_text(text: str | None) -> str:
    """The string shingles are cut from: `shingle_source` lowercased, letters and digits only."""
    return _codes(shingle_source(text)).tobytes().decode("utf-32-le")


def shingle_hashes(text: str | None, size: int = 5) -> np.ndarray:
    """One 64-bit hash per overlapping `size`-character shingle of `shingle_text(text)` (repeats kept)."""
    return _shingle_hashes(_codes(shingle_source(text)), size)


def _shingle_hashes(codes: np.ndarray, size: int) -> np.ndarray:
    codes = codes.astype(np.uint64)
    n = len(codes) - size + 1
    if n <= 0:  # shorter than one shingle: the whole text is its only shingle
        n, size = (1, len(codes)) if len(codes) else (0, 0)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(size):
            h += codes[i : i + n] * _MULT[i]
        h ^= h >> np.uint64(31)
        h *= _MIX
        h ^= h >> np.uint64(29)
    return h


# Korean figures mix digits and units: "1천200만명" is "1200만명", "5만3천412명" is "53412명". Folding the
# thousands/ten-thousands units keeps one figure one number whichever way an outlet writes it.
_KOREAN_UNIT_RES = [
    (re.compile(r"(\d+)\s?천\s?(\d{1,3})(?!\d)"), lambda m: str(int(m[1]) * 1000 + int(m[2]))),
    (re.compile(r"(\d+)\s?천(?!\d)"), lambda m: str(int(m[1]) * 1000)),
    (re.compile(r"(\d+)\s?만\s?(\d{1,4})(?!\d)"), lambda m: str(int(m[1]) * 10000 + int(m[2]))),
]


def numbers(text: str | None) -> set[str]:
    """The distinct numbers in a text: separators removed, Korean 천/만 units folded ('1천200' is '1200')."""
    if not text:
        return set()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    if "천" in text or "만" in text:
        for pattern, repl in _KOREAN_UNIT_RES:
            text = pattern.sub(repl, text)
    return {n.replace(",", "").replace(".", "") for n in _NUMBER_RE.findall(text)}


def numbers_agree(a: set[str], b: set[str], min_overlap: float) -> bool:
    """True when at least `min_overlap` of the smaller number set appears in the other (or one has none)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return True
    return len(small & large) / len(small) >= min_overlap


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sets of shingle hashes (sorted unique arrays, as `np.unique` returns)."""
    return overlap(a, b)[0]


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment) of two shingle hash sets; containment is the share of the smaller set in the other."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def text_jaccard(a: str | None, b: str | None, size: int = 5) -> float:
    """Exact shingle Jaccard similarity of two texts (for tests and evaluation)."""
    return jaccard(np.unique(shingle_hashes(a, size)), np.unique(shingle_hashes(b, size)))


# ------------------------------------------------------------------------------------------ shingles → keys


def signature(hashes: np.ndarray, params: NearDupParams) -> np.ndarray:
    """The 16-bit MinHash signature (`num_perm` uint16 values) of a text's shingle hashes."""
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        hashes, np.array([0, len(hashes)], dtype=np.uint64), params.num_perm, params.seed
    )
    return np.asarray(matrix.to_rows()[0], dtype=np.uint32).astype(np.uint16)


def band_keys(sig: np.ndarray, params: NearDupParams) -> list[int]:
    """One integer per LSH band: band number in the high bits, a 40-bit hash of the band's rows below."""
    matrix = sig.astype(np.uint64).reshape(params.bands, params.rows)
    with np.errstate(over="ignore"):
        mixed = (matrix * _MULT[: params.rows]).sum(axis=1, dtype=np.uint64)
        mixed ^= mixed >> np.uint64(29)
        mixed *= _MIX
    hashes = (mixed >> np.uint64(64 - _KEY_BITS)).tolist()
    return [(band << _KEY_BITS) | h for band, h in enumerate(hashes)]


def estimated_jaccard(sig: np.ndarray, other: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate (share of equal minimum hashes)."""
    return float(np.count_nonzero(sig == other)) / len(sig)


# ------------------------------------------------------------------------------------------ the index




@dataclass
class Fingerprint:
    """What the index computes once per text: shingle hashes, signature and band keys (none if too short)."""

    source: str
    hashes: np.ndarray
    signature: np.ndarray | None
    keys: list[int]
    _unique: np.ndarray | None = field(default=None, repr=False)
    _numbers: set[str] | None = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        """False for texts too short to be matched."""
        return bool(self.keys)

    @property
    def unique(self) -> np.ndarray:
        """The shingle hash set (sorted unique array), computed on first use."""
        if self._unique is None:
            self._unique = np.unique(self.hashes)
        return self._unique

    @property
    def numbers(self) -> set[str]:
        """The numbers of the text (bylines, e-mails, URLs and footers left out), computed on first use."""
        if self._numbers is None:
            self._numbers = numbers(self.source)
        return self._numbers


class NearDuplicateIndex:
    """MinHash-LSH over the archive's article bodies, stored in the archive's own SQLite file."""

    def __init__(self, db: Database, params: NearDupParams | None = None):
        """Use the index tables in `db` (created by the archive's migrations)."""
        self.db = db
        self.params = params or NearDupParams()
        self.rebuild_seconds: float | None = None
        # shingles of archived bodies verified lately: a syndicated story is a candidate for every copy that
        # follows it, and a long-lived writer (`newsarchive ingest`) would shingle it again for each one
        self._verified: OrderedDict[tuple[int, int], Fingerprint] = OrderedDict()

    # -- text ----------------------------------------------------------------------------------------------

    def fingerprint(self, text: str | None) -> Fingerprint:
        """Shingle hashes, signature and band keys of `text` (no signature or keys when it is too short)."""
        source = shingle_source(text)
        hashes = _shingle_hashes(_codes(source), self.params.shingle_size)
        if len(hashes) < self.params.min_shingles:
            return Fingerprint(source, hashes, None, [])
        sig = signature(hashes, self.params)
        return Fingerprint(source, hashes, sig, band_keys(sig, self.params))

    def shingles(self, text: str | None) -> Fingerprint:
        """Shingle hashes of `text` only (no signature or band keys): what verifying a candidate needs."""
        source = shingle_source(text)
        return Fingerprint(source, _shingle_hashes(_codes(source), self.params.shingle_size), None, [])

    def _verified_shingles(self, article_id: int, body: str | None) -> Fingerprint:
        """`shingles(body)` of an archived article, remembered by id and text (an edited body is shingled anew)."""
        key = (article_id, hash(body))
        fp = self._verified.get(key)
        if fp is None:
            fp = self._verified[key] = self.shingles(body)
            if len(self._verified) > VERIFIED_CACHE:
                self._verified.popitem(last=False)
        else:
            self._verified.move_to_end(key)
        return fp

    # -- lookups -------------------------------------------------------------------------------------------

    def candidates(self, fp: Fingerprint, *, exclude: int | None = None) -> list[int]:
        """Indexed articles sharing at least one band with `fp`."""
        if not fp.keys:
            return []
        rows = self.db.execute(
            f"SELECT DISTINCT article_id FROM near_dup_bands WHERE key IN ({','.join('?' * len(fp.keys))})", fp.keys
        ).fetchall()
        return [r[0] for r in rows if r[0] != exclude]

    def find(self, text: str | Fingerprint | None, *, exclude: int | None = None) -> Match | None:
        """The most similar archived article at or above the threshold (exact Jaccard), or None."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        ids = self.candidates(fp, exclude=exclude)
        if not ids:
            return None
        p = self.params
        screened: list[tuple[float, int]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT article_id, signature FROM near_dup_articles WHERE article_id IN ({marks})"
            for article_id, blob in self.db.execute(sql, chunk):
                est = estimated_jaccard(fp.signature, np.frombuffer(blob, dtype=np.uint16))
                if est >= p.threshold - p.screen_margin:
                    screened.append((est, article_id))
        if not screened:
            return None
        best_ids = [i for _, i in sorted(screened, reverse=True)[: p.max_verify]]
        rows = self.db.execute(
            f"SELECT id, body, duplicate_of FROM articles WHERE id IN ({','.join('?' * len(best_ids))})", best_ids
        ).fetchall()
        best: Match | None = None
        for article_id, body, duplicate_of in rows:
            other = self._verified_shingles(int(article_id), body)
            sim, contained = overlap(fp.unique, other.unique)
            small = min(len(fp.unique), len(other.unique))
            near = sim >= p.threshold or (
                p.containment > 0 and small >= p.min_containment_shingles and contained >= p.containment
            )
            if not near or (best is not None and sim <= best.similarity):
                continue
            if not numbers_agree(fp.numbers, other.numbers, p.min_number_overlap):
                continue
            best = Match(int(article_id), round(sim, 4), int(duplicate_of or article_id))
        return best

    # -- writes --------------------------------------------------------------------------------------------

    def add(self, article_id: int, text: str | Fingerprint | None) -> None:
        """Index (or re-index, after an edit) one stored article; too-short texts are recorded without bands."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        with writing(self.db):
            self._remove(article_id)
            self._insert([(article_id, fp)])

    def remove(self, article_id: int) -> None:
        """Take an article out of the index."""
        with writing(self.db):
            self._remove(article_id)

    def _remove(self, article_id: int) -> None:
        row = self.db.execute("SELECT signature FROM near_dup_articles WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            return
        if row[0]:
            keys = band_keys(np.frombuffer(row[0], dtype=np.uint16), self.params)
            self.db.conn.executemany(
                "DELETE FROM near_dup_bands WHERE key = ? AND article_id = ?", [(k, article_id) for k in keys]
            )
        self.db.execute("DELETE FROM near_dup_articles WHERE article_id = ?", [article_id])

    def _insert(self, entries: list[tuple[int, Fingerprint]], bands: BandLoader | None = None) -> None:
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO near_dup_articles (article_id, signature) VALUES (?, ?)",
            [(i, fp.signature.tobytes() if fp.signature is not None else None) for i, fp in entries],
        )
        (bands or self._insert_bands)([(k, i) for i, fp in entries for k in fp.keys])

    def _insert_bands(self, rows: list[tuple[int, int]]) -> None:
        self.db.conn.executemany("INSERT OR IGNORE INTO near_dup_bands (key, article_id) VALUES (?, ?)", rows)

    # -- keeping the index in step with the articles -------------------------------------------------------

    def size(self) -> int:
        """Number of indexed articles (too-short ones included)."""
        return self.db.execute("SELECT count(*) FROM near_dup_articles").fetchone()[0]

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value]
        )

    def sync(self, progress: Callable[[int, int], None] | None = None) -> str:
        """Bring the index in step with the parameters and the articles; says what it did.

        "current" (nothing to do), "caught up" (indexed articles stored since, e.g. by an import),
        "rebanded" (only `bands` changed: keys recomputed from stored signatures) or "rebuilt" (signatures
        recomputed from the bodies). `rebuild_seconds` is set whenever something was rebuilt.
        """
        p = self.params
        if self._meta(SIGNATURE_META_KEY) not in (None, p.signature_scheme) or (
            self._meta(SIGNATURE_META_KEY) is None and self.size()
        ):
            self.rebuild(progress)
            return "rebuilt"
        if self._meta(BANDS_META_KEY) not in (None, str(p.bands)):
            self.reband(progress)
            return "rebanded"
        with writing(self.db):
            self._set_meta(SIGNATURE_META_KEY, p.signature_scheme)
            self._set_meta(BANDS_META_KEY, str(p.bands))
        return "caught up" if self.catch_up(progress) else "current"

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index the articles stored after the last indexed one (an import, or a crawl that stopped midway)."""
        last = self.db.execute("SELECT coalesce(max(article_id), 0) FROM near_dup_articles").fetchone()[0]
        return self._index_from(last, progress)

    def rebuild(self, progress: Callable[[int, int], None] | None = None, *, batch: int = 2000) -> int:
        """Recompute every article's signature and bands from its body; returns the number of articles."""
        started = time.perf_counter()
        with writing(self.db):
            self.db.execute("DELETE FROM near_dup_bands")
            self.db.execute("DELETE FROM near_dup_articles")
            done = self._index_from(0, progress, batch=batch, bulk=True)
            self._set_meta(SIGNATURE_META_KEY, self.params.signature_scheme)
            self._set_meta(BANDS_META_KEY, str(self.params.bands))
        self.rebuild_seconds = time.perf_counter() - started
        return done

    def reband(self, progress: Callable[[int, int], None] | None = None, *, batch: int = 20000) -> int:
        """Recompute the band keys from the stored signatures (after a change of `bands` only)."""
        started = time.perf_counter()
        total, done, last = self.size(), 0, 0
        with writing(self.db):
            self.db.execute("DELETE FROM near_dup_bands")
            with self._bulk_bands() as load:
                while True:
                    rows = self.db.execute(
                        "SELECT article_id, signature FROM near_dup_articles WHERE article_id > ? "
                        "AND signature IS NOT NULL ORDER BY article_id LIMIT ?",
                        [last, batch],
                    ).fetchall()
                    if not rows:
                        break
                    sigs = [(i, np.frombuffer(blob, dtype=np.uint16)) for i, blob in rows]
                    load([(k, i) for i, sig in sigs for k in band_keys(sig, self.params)])
                    last, done = rows[-1][0], done + len(rows)
                    if progress:
                        progress(done, total)
            self._set_meta(BANDS_META_KEY, str(self.params.bands))
        self.rebuild_seconds = time.perf_counter() - started
        return done

    def _index_from(
        self, after_id: int, progress: Callable[[int, int], None] | None = None, batch: int = 2000, bulk: bool = False
    ) -> int:
        total = self.db.execute("SELECT count(*) FROM articles WHERE id > ?", [after_id]).fetchone()[0]
        done, last = 0, after_id
        with writing(self.db), self._bulk_bands(enabled=bulk) as load:
            while True:
                rows = self.db.execute(
                    "SELECT id, body FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, batch]
                ).fetchall()
                if not rows:
                    break
                entries = [(article_id, self.fingerprint(body)) for article_id, body in rows]
                self._insert(entries, bands=load)
                last, done = rows[-1][0], done + len(rows)
                if progress:
                    progress(done, total)
        return done

    @contextmanager
    def _bulk_bands(self, enabled: bool = True) -> Iterator[BandLoader]:
        """A loader for many band rows: appended to a temporary table, then copied in key order.

        Inserting tens of millions of random keys straight into the band B-tree touches a random page per
        row; sorted, the same rows fill pages one after another (several times faster at a million articles).
        """
        if not enabled:
            yield self._insert_bands
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS near_dup_load (key INTEGER, article_id INTEGER)")
        self.db.execute("DELETE FROM near_dup_load")

        def load(rows: list[tuple[int, int]]) -> None:
            self.db.conn.executemany("INSERT INTO near_dup_load (key, article_id) VALUES (?, ?)", rows)

        yield load
        self.db.execute(
            "INSERT OR IGNORE INTO near_dup_bands (key, article_id) "
            "SELECT key, article_id FROM near_dup_load ORDER BY key, article_id"
        )
        self.db.execute("DELETE FROM near_dup_load")


def open_index(db: Database, params: NearDupParams | None = None) -> NearDuplicateIndex:
    """An index ready for lookups: rebuilt if its scheme changed, caught up with articles stored since."""
    index = NearDuplicateIndex(db, params)
    index.sync()
    return index
