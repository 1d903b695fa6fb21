"""Compression of stored raw pages: zlib streams (`raw_pages.html`), read back with the standard `zlib.decompress`.

They are written with python-isal (Intel's ISA-L): on 70 KB news pages its level 1 takes 0.09 ms against zlib's
0.33 ms at level 1, for a slightly smaller result (24.0% vs 24.4% of the page; bench/crawl_bench.py). Every page,
whichever library or level wrote it, decompresses with zlib, so archives written before read as they did. Without
isal (no wheel for the platform) the standard zlib writes them.
"""

from __future__ import annotations

import zlib

try:
    from isal import isal_zlib as _deflate

    #: isal's levels are 0–3; zlib's 1–9 map onto them (a faster zlib level to a faster isal one).
    def _level(level: int) -> int:
        return min(3, (level + 2) // 3)

except ImportError:  # pragma: no cover - only where isal has no wheel
    _deflate = zlib  # type: ignore[assignment]

    def _level(level: int) -> int:
        return level


def compress_page(body: bytes, level: int) -> bytes:
    """A page's bytes as a zlib stream (`level` as zlib counts it: 1 fastest, 9 smallest; 0 stored, -1 default)."""
    if level < 1:  # zlib's "stored" and "default" have no isal counterpart
        return zlib.compress(body, level)
    return _deflate.compress(body, _level(level))
