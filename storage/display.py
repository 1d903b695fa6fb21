"""Fitting archive text into terminal cells: wide (Korean) characters are never cut, truncation says so."""

from __future__ import annotations

from urllib.parse import urlsplit

from rich.cells import cell_len

ELLIPSIS = "…"


def fit(text: str, cells: int) -> str:
    """`text` if it fits in `cells` terminal columns, else cut on a character boundary and ended with "…".

    A Hangul syllable takes two columns: it is kept whole or left out, never split into a blank.
    """
    if cell_len(text) <= cells:
        return text
    room = max(cells - cell_len(ELLIPSIS), 0)
    used, end = 0, 0
    for end, char in enumerate(text):
        width = cell_len(char)
        if used + width > room:
            break
        used += width
    else:
        end = len(text)
    return text[:end].rstrip() + ELLIPSIS


def short_url(url: str, cells: int = 40) -> str:
    """A URL without scheme and `www.`, shortened in the middle ("host/…/tail") to fit `cells` columns."""
    parts = urlsplit(url)
    host = (parts.netloc or "").removeprefix("www.")
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    text = host + rest
    if cell_len(text) <= cells:
        return text
    tail_room = cells - cell_len(host) - cell_len("/" + ELLIPSIS)
    if tail_room < 8:  # a host too long to keep whole: plain truncation still says it was cut
        return fit(text, cells)
    tail = ""
    for char in reversed(rest):
        if cell_len(tail) + cell_len(char) > tail_room:
            break
        tail = char + tail
    return f"{host}/{ELLIPSIS}{tail}"
