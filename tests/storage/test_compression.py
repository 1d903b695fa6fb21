"""`storage.compression`: stored raw pages are zlib streams the standard library reads back byte for byte, written
with ISA-L when it is installed (it is a dependency), at every level a caller may ask for."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from storage import compression
from storage.compression import compress_page

FIX = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = [p.read_bytes() for p in sorted(FIX.glob("real_korean/*.html"))[:3]] + [
    (FIX / "seed" / "article.html").read_bytes(), b"", b"x", bytes(range(256)) * 300]


@pytest.mark.parametrize("level", [-1, 0, 1, 3, 6, 9])
def test_every_page_reads_back_with_the_standard_zlib(level):
    for page in PAGES:
        assert zlib.decompress(compress_page(page, level)) == page


def test_isal_writes_them_and_they_are_as_small_as_zlib_level_1():
    pytest.importorskip("isal")
    assert compression._deflate.__name__ == "isal.isal_zlib"
    page = PAGES[0]
    assert len(compress_page(page, 1)) <= len(zlib.compress(page, 1)) * 1.05
    assert compress_page(page, 1) == compress_page(page, 1)  # same bytes every time (`save_raw_page(once=True)`)


def test_level_0_stores_as_zlib_does():
    page = PAGES[0]
    assert compress_page(page, 0) == zlib.compress(page, 0)
