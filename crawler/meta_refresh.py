"""`HeadMetaRefreshMiddleware`: Scrapy's `MetaRefreshMiddleware`, without decoding every whole page to find none.

Scrapy looks for `<meta http-equiv="refresh">` in the first 4,096 characters of `response.text`, which decodes the
whole body first (a 70 KB Korean page: ~2% of the crawl's reactor thread, bench/README.md). The refresh pattern
needs the ASCII word "refresh" in those characters; in an encoding that writes ASCII as ASCII bytes (UTF-8, CP949,
Latin-1…), each character takes at least one byte, so those characters lie inside the body's first
`HEAD_BYTES` bytes, and a head without the bytes `refresh` (any case) cannot hold a refresh. Every other page —
"refresh" in the head, an encoding like UTF-16, a BOM — goes to Scrapy's own middleware unchanged, which decides.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

#: Scrapy reads the first 4,096 characters (`scrapy.utils.response.get_meta_refresh`); no encoding this module
#: trusts spends more than 4 bytes on one character.
HEAD_CHARS = 4096
HEAD_BYTES = 4 * HEAD_CHARS
_PROBE = "<meta http-equiv='refresh' content=\"0; url=/\">REFRESHabcdefghijklmnopqrstuvwxyz"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


@lru_cache(maxsize=64)
def ascii_bytes_encoding(encoding: str | None) -> bool:
    """True when `encoding` writes ASCII text as the same ASCII bytes (so "refresh" in its text is b"refresh")."""
    if not encoding:
        return False
    try:
        return _PROBE.encode(encoding) == _PROBE.encode("ascii") and codecs.lookup(encoding).name not in (
            "utf-7", "utf_7")  # UTF-7 writes ASCII as ASCII, but "+..." runs decode to any character
    except (LookupError, UnicodeError):
        return False


def may_refresh(response: HtmlResponse) -> bool:
    """False only when the page's first 4,096 characters cannot hold a meta refresh (see the module docstring)."""
    head = response.body[:HEAD_BYTES]
    if head.startswith(_BOMS):
        return True  # the BOM decides the encoding: leave it to Scrapy
    if not ascii_bytes_encoding(response.encoding):
        return True
    return b"refresh" in head.lower()


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, asked only of pages whose head may hold a refresh."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        """The response itself when its head cannot hold a refresh, else what Scrapy's middleware does with it."""
        if isinstance(response, HtmlResponse) and not may_refresh(response):
            return response
        return super().process_response(request, response)
