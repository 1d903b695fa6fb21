"""The pure half of near-duplicate detection: a body's shingles, MinHash signature and LSH band keys.

What each step does and why is told in `storage.near_duplicates`, which keeps the index in the archive. This
module imports neither SQLite nor the archive, so an extraction worker (`crawler.page_job`) can fingerprint an
article next to extracting it, off the crawl's thread; its result (`Fingerprint`) pickles without its shingle hashes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from rensa import RMinHash

# Bump when `shingle_source`, `shingle_text` or the shingle hash change their output (stored signatures are
# then recomputed from the bodies).
NORMALISATION_VERSION = 1

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


@dataclass
class Fingerprint:
    """What the index computes once per text: shingle hashes, signature and band keys (none if too short)."""

    source: str
    shingle_size: int
    signature: np.ndarray | None
    keys: list[int]
    _hashes: np.ndarray | None = field(default=None, repr=False)
    _unique: np.ndarray | None = field(default=None, repr=False)
    _numbers: set[str] | None = field(default=None, repr=False)

    def __getstate__(self) -> dict:
        """Pickled without the shingle hashes (8 incompressible bytes per character, sent from an extraction
        worker with every page): only verifying a candidate needs them, and they are rebuilt from `source`."""
        return {**self.__dict__, "_hashes": None, "_unique": None}

    @property
    def hashes(self) -> np.ndarray:
        """One 64-bit hash per shingle of `source` (repeats kept)."""
        if self._hashes is None:
            self._hashes = _shingle_hashes(_codes(self.source), self.shingle_size)
        return self._hashes

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


def body_hash(body: str | None) -> str:
    """SHA-1 of the whitespace-normalised body: the exact-duplicate key `save_article` stores when none is given."""
    # " ".join(split()) == re.sub(r"\s+", " ", …).strip() (str.split breaks on exactly what `\s` matches), ~5x faster.
    return hashlib.sha1(" ".join((body or "").split()).encode("utf-8")).hexdigest()


def fingerprint(text: str | None, params: NearDupParams) -> Fingerprint:
    """Shingle hashes, signature and band keys of `text` (no signature or keys when it is too short)."""
    source = shingle_source(text)
    hashes = _shingle_hashes(_codes(source), params.shingle_size)
    if len(hashes) < params.min_shingles:
        return Fingerprint(source, params.shingle_size, None, [], hashes)
    sig = signature(hashes, params)
    return Fingerprint(source, params.shingle_size, sig, band_keys(sig, params), hashes)
