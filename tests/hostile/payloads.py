"""What the hostile server sends: ordinary pages and feeds filled from the templates in
tests/fixtures/hostile/, and the generated payloads no fixture file should hold (bombs, 300,000 attributes).
"""

from __future__ import annotations

import functools
import zlib
from pathlib import Path
from string import Template

FIX = Path(__file__).parents[1] / "fixtures" / "hostile"


def _template(name: str) -> Template:
    return Template((FIX / name).read_text(encoding="utf-8"))


def article(n: int, title: str, *, head_extra: str = "", body_extra: str = "") -> bytes:
    """An ordinary Korean article page numbered `n` (long enough to pass validation)."""
    return _template("article.html").substitute(
        n=n, title=title, day=1 + n % 9, head_extra=head_extra, body_extra=body_extra
    ).encode("utf-8")


def feed(base: str, links: list[tuple[str, str]]) -> bytes:
    """An RSS feed listing (url, title) pairs."""
    item = _template("feed_item.xml")
    items = "\n".join(item.substitute(url=url, title=title) for url, title in links)
    return _template("feed.xml").substitute(base=base, items=items).encode("utf-8")


def sitemap_index(urls: list[str]) -> bytes:
    """A sitemap index listing `urls`."""
    entry = _template("sitemap_entry.xml")
    return _template("sitemap_index.xml").substitute(entries="\n".join(entry.substitute(url=u) for u in urls)).encode()


def urlset(urls: list[str]) -> bytes:
    """A urlset sitemap listing `urls`."""
    entry = _template("url_entry.xml")
    return _template("urlset.xml").substitute(entries="\n".join(entry.substitute(url=u) for u in urls)).encode()


def site_file(name: str, **values: object) -> str:
    """A site TOML from tests/fixtures/hostile/sites/ with $base, $other, $port filled in."""
    return Template((FIX / "sites" / name).read_text(encoding="utf-8")).substitute(**values)


def robots_offsite(other: str) -> bytes:
    """A robots.txt (served off-site) naming an off-site sitemap."""
    return _template("robots_offsite.txt").substitute(other=other).encode()


@functools.cache
def gzip_bomb(inflated_mb: int) -> bytes:
    """A gzip file of zeros inflating to `inflated_mb` MB: gzip members of 64 MB each, concatenated.

    2,048 MB inflate from about 2 MB, the size the issue reported; building it costs one 64 MB compression.
    """
    chunk = min(inflated_mb, 64)
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    member = comp.compress(bytes(chunk * 2**20)) + comp.flush()
    return member * (inflated_mb // chunk)


def many_attributes(count: int) -> str:
    """One element with `count` attributes (libxml2's parse time grows with the square of that)."""
    return "<div " + " ".join(f"data-a{i}=x" for i in range(count)) + "></div>"


def many_tags(count: int) -> str:
    """`count` empty line-break tags."""
    return "<br>" * count


def long_story(target_mb: float) -> str:
    """About `target_mb` MB of short ordinary Korean paragraphs (~100 bytes each, under the 100,000-tag limit):
    legal, and seconds to extract (9 MB: ~3.5 s of CPU)."""
    para = "<p>한국은행이 기준금리를 동결했다 시장은 이를 예상했다 한국은행이 기준금리를 동결</p>\n"
    return para * int(target_mb * 2**20 / len(para.encode()))


def large_urlset(base: str, target_mb: int, articles: list[str]) -> bytes:
    """A legal urlset of about `target_mb` MB: `articles` first, then filler URLs that are not articles."""
    entry = _template("url_entry.xml")
    parts = [entry.substitute(url=u) for u in articles]
    size = sum(map(len, parts))
    i = 0
    while size < target_mb * 2**20:
        line = entry.substitute(url=f"{base}/tag/{i:07d}-filler-path-that-is-not-an-article")
        parts.append(line)
        size += len(line) + 1
        i += 1
    return _template("urlset.xml").substitute(entries="\n".join(parts)).encode()
