"""What Scrapy reads from the first 4,096 characters of a page (meta refresh, `<base href>`), answered from its bytes.

Scrapy's `get_meta_refresh` and `get_base_url` (behind `response.urljoin`) scan `response.text[:4096]`, which decodes
the whole body first (a 70 KB Korean page: ~3–5% of the crawl's reactor thread, bench/README.md). What they look
for starts with ASCII: the word "refresh", the tag `<base`. In an encoding that writes ASCII as the same ASCII bytes
(UTF-8, CP949, Latin-1…) every character takes at least one byte, so those characters lie inside the body's first
`HEAD_BYTES` bytes, and a head without those bytes (any case) cannot hold them. Then the answer is known without
decoding; any other page — the bytes are there, an encoding like UTF-16, a BOM — is left to Scrapy, which decides.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url
from w3lib.url import safe_url_string

#: Scrapy reads the first 4,096 characters; no encoding trusted here spends more than 4 bytes on one character.
HEAD_CHARS = 4096
HEAD_BYTES = 4 * HEAD_CHARS
_PROBE = "<meta http-equiv='refresh' content=\"0; url=/\"><base href=/>REFRESHabcdefghijklmnopqrstuvwxyz"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
# w3lib's own test for a base tag (`w3lib.html._base_re`: "<base", ASCII case-insensitive), on bytes
_BASE_TAG = re.compile(rb"<base", re.IGNORECASE)


@lru_cache(maxsize=64)
def ascii_bytes_encoding(encoding: str | None) -> bool:
    """True when `encoding` writes ASCII text as the same ASCII bytes and reads ASCII letters only from them."""
    if not encoding:
        return False
    try:
        # UTF-7 writes ASCII as ASCII, but its "+…-" runs decode to any character, ASCII letters included
        return _PROBE.encode(encoding) == _PROBE.encode("ascii") and codecs.lookup(encoding).name != "utf-7"
    except (LookupError, UnicodeError):
        return False


def _plain_head(response: TextResponse) -> bytes | None:
    """The bytes holding the page's first 4,096 characters, when they can be searched for ASCII; else None."""
    head = response.body[:HEAD_BYTES]
    if head.startswith(_BOMS) or not ascii_bytes_encoding(response.encoding):
        return None  # the BOM decides the encoding, or ASCII is not written as ASCII: leave it to Scrapy
    return head


def may_refresh(response: TextResponse) -> bool:
    """False only when the page's first 4,096 characters cannot hold a meta refresh (w3lib needs "refresh" in the
    tag's attributes, compared after `str.lower()`, which makes no ASCII letter of "refresh" from another one)."""
    head = _plain_head(response)
    return head is None or b"refresh" in head.lower()


def base_url(response: TextResponse) -> str:
    """`scrapy.utils.response.get_base_url(response)` (what `response.urljoin` joins with), without decoding the
    page when its head has no `<base`: then w3lib's answer is the response URL made safe."""
    head = _plain_head(response)
    if head is not None and not _BASE_TAG.search(head):
        return safe_url_string(response.url)
    return get_base_url(response)
