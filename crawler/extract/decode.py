"""Turning raw page bytes into text: BOM, declared charset, `<meta>` charset and detection, mojibake-aware."""

from __future__ import annotations

import codecs
import re

from crawler.extract.regex_cache import re_compile
from crawler.extract.types import ExtractionError

# Korean pages label cp949 content as euc-kr (cp949 is a superset with the extra syllables real pages use).
_ALIASES = {
    "euc-kr": "cp949", "euc_kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949",
    "ksc5601": "cp949", "x-windows-949": "cp949", "windows-949": "cp949", "uhc": "cp949", "ms949": "cp949",
    "iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "utf8": "utf-8", "unicode": "utf-8",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re_compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BM", b"\x00\x00\x01\x00",
                 b"RIFF", b"OggS", b"\x7fELF", b"MZ", b"ID3", b"fLaC", b"wOFF", b"wOF2")
# Two or more Latin-1 letters in a row are how UTF-8 or CP949 read as a single-byte charset look.
_MOJIBAKE_RUN = re_compile(r"[\u0080-\u00ff]{2,}")
_HANGUL_RUN = re_compile(r"[\uac00-\ud7a3]+")  # runs, not characters: one match object per word instead of per syllable


def normalize_charset(name: str | None) -> str | None:
    """Canonical codec name for a declared charset (euc-kr → cp949), or None when Python does not know it."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower()
    key = _ALIASES.get(key, key)
    try:
        canonical = codecs.lookup(key).name
    except LookupError:
        return None
    return _ALIASES.get(canonical, canonical) if canonical in ("euc_kr", "latin-1", "iso8859-1") else canonical


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(body: bytes) -> bool:
    """True when the bytes are clearly not text (known file signature or many control bytes)."""
    head = body[:4096]
    if head.startswith(_BINARY_MAGIC) and b"<" not in head[:64]:
        return True
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.count(b"\x00") > len(head) // 100 + 1
    controls = len(head.translate(None, _NOT_CONTROL))  # counted in C: bytes < 9 or 14..31
    return controls > len(head) // 20 + 2


def _badness(text: str, encoding: str) -> int:
    """Lower is better: replacement characters, and Latin-1 runs when the codec is single-byte."""
    bad = text.count("\ufffd") * 10
    if encoding in ("cp1252", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "cp1251"):
        bad += len(_MOJIBAKE_RUN.findall(text))
    return bad


def _mostly_utf8(body: bytes, *, declared_utf8: bool = False) -> str | None:
    """The page as UTF-8 when all but a few of its non-ASCII characters are valid UTF-8, else None.

    A UTF-8 page with a teaser cut mid-character (radiomaryja.pl: one bad byte in 97 KB) is still UTF-8; read as
    another charset, every Polish letter of it turns to mojibake. Legacy-charset text (CP949, CP1250, Latin-1) almost
    never forms valid multi-byte UTF-8 sequences, so many of them against a few errors settle it: on real pages,
    UTF-8 with stray bytes shows at most 1 error per 25 good characters (a German page with one bad byte in a script
    comment and 25 umlauts), CP949 and CP1252 pages read as UTF-8 at least 3 errors per good one. A page that declares
    UTF-8 itself is taken at its word while its good characters at least match its errors (a Dragnet page of 2012: 10
    stray bytes beside 56 good characters, which charset detection had read as Ukrainian CP1125).
    """
    text = body.decode("utf-8", "replace")
    errors = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - errors  # counted in C
    return text if multibyte >= 20 and errors * (1 if declared_utf8 else 10) <= multibyte else None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes to text; returns (text, codec used). Raises ExtractionError for binary input."""
    if not body:
        raise ExtractionError("empty input")
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(enc, "replace"), enc
    if looks_binary(body):
        raise ExtractionError("input looks binary, not HTML")
    # Strict UTF-8 validity is a near-certain signal: CP949 Korean text essentially never validates as UTF-8.
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:8192])
    said = normalize_charset(declared or (meta.group(1).decode("ascii", "ignore") if meta else None))
    mostly = _mostly_utf8(body, declared_utf8=said == "utf-8")
    if mostly is not None:
        return mostly, "utf-8"
    candidates: list[str] = []
    for name in (declared, meta.group(1).decode("ascii", "ignore") if meta else None, "cp949", "utf-8"):
        enc = normalize_charset(name)
        if enc and enc not in candidates:
            candidates.append(enc)
    best: tuple[int, int, str, str] | None = None
    for rank, enc in enumerate(candidates):
        try:
            text = body.decode(enc, "replace")
        except (LookupError, ValueError):
            continue
        score = _badness(text, enc)
        if score == 0:
            return text, enc
        if best is None or (score, rank) < best[:2]:
            best = (score, rank, text, enc)
    try:  # nothing decoded cleanly: let detection have a go before settling for the least-bad candidate
        from charset_normalizer import from_bytes

        match = from_bytes(body[:200_000]).best()
        if match is not None and match.encoding:
            enc = normalize_charset(match.encoding) or match.encoding
            text = body.decode(enc, "replace")
            if best is None or _badness(text, enc) < best[0]:
                return text, enc
    except Exception:  # detection is best-effort; the fallback below always yields text
        pass
    assert best is not None
    return best[2], best[3]


def hangul_ratio(text: str) -> float:
    """Share of Hangul syllables among non-space characters (0 for empty text)."""
    chars = len(text) - text.count(" ")
    return sum(map(len, _HANGUL_RUN.findall(text))) / chars if chars > 0 else 0.0
