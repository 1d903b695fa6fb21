"""Do two archives hold the same articles? The guard for write-path speed work: crawl the same site with the old
and the new code, then compare.

    .venv/bin/python bench/archive_diff.py A.db B.db

Compares, by article URL: every article column except the times a crawl stamps (first/last seen, changed) and the
id; the URLs (aliases) of each article; the raw pages (decompressed bytes, status, headers apart from the date
values a server stamps); the near-duplicate index (signature and band keys); and the full-text index itself — every
(term, column, position) FTS5 holds for each article (`fts5vocab`), not just the text it was built from. Prints
the first differences and exits 1 when there are any.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import zlib
from typing import Any

STAMPED = {"id", "first_seen", "last_seen", "last_changed", "published_utc_seen"}


def _articles(con: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    con.row_factory = sqlite3.Row
    out = {}
    for row in con.execute("SELECT * FROM articles"):
        data = {k: row[k] for k in row.keys() if k not in STAMPED}
        if data.get("duplicate_of") is not None:  # ids differ between archives: compare the original's URL
            data["duplicate_of"] = con.execute("SELECT url FROM articles WHERE id = ?", [data["duplicate_of"]]).fetchone()[0]
        out[row["url"]] = data
    con.row_factory = None
    return out


def _urls(con: sqlite3.Connection) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for url, alias in con.execute("SELECT a.url, u.url FROM article_urls u JOIN articles a ON a.id = u.article_id"):
        out.setdefault(url, []).append(alias)
    return {k: sorted(v) for k, v in out.items()}


def _raw(con: sqlite3.Connection) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    rows = con.execute("SELECT r.url, a.url, r.status, r.encoding, r.content_type, r.note, r.html, r.headers "
                       "FROM raw_pages r LEFT JOIN articles a ON a.id = r.article_id")
    for url, article, status, encoding, ctype, note, html, headers in rows:
        pairs = [(k, v) for k, v in json.loads(headers or "[]") if k.lower() not in ("date", "last-modified", "etag")]
        digest = hashlib.sha1(zlib.decompress(html) if html else b"").hexdigest()
        out.setdefault(url, []).append(json.dumps([article, status, encoding, ctype, note, digest, pairs]))
    return {k: sorted(v) for k, v in out.items()}


def _near_dup(con: sqlite3.Connection) -> dict[str, Any]:
    out = {}
    for url, signature in con.execute("SELECT a.url, n.signature FROM near_dup_articles n JOIN articles a ON a.id = n.article_id"):
        out[url] = [hashlib.sha1(signature or b"").hexdigest()]
    for url, key in con.execute("SELECT a.url, b.key FROM near_dup_bands b JOIN articles a ON a.id = b.article_id"):
        out.setdefault(url, []).append(key)
    return {k: sorted(map(str, v)) for k, v in out.items()}


def _fts(con: sqlite3.Connection) -> dict[str, str]:
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.diff_vocab USING fts5vocab(main, articles_fts, instance)")
    per_doc: dict[int, Any] = {}
    for term, doc, col, offset in con.execute("SELECT term, doc, col, offset FROM temp.diff_vocab"):
        per_doc.setdefault(doc, hashlib.sha1()).update(f"{term}\x1f{col}\x1f{offset}\x1e".encode())
    urls = dict(con.execute("SELECT id, url FROM articles"))
    return {urls.get(doc, f"#{doc} (no article)"): h.hexdigest() for doc, h in per_doc.items()}


def diff(a: str, b: str, show: int = 5) -> int:
    """Print what differs between archives `a` and `b`; the number of differences."""
    problems = 0
    ca, cb = sqlite3.connect(f"file:{a}?mode=ro", uri=True), sqlite3.connect(f"file:{b}?mode=ro", uri=True)
    for name, read in (("articles", _articles), ("urls", _urls), ("raw pages", _raw), ("near-dup index", _near_dup),
                       ("full-text index", _fts)):
        left, right = read(ca), read(cb)
        keys = sorted(set(left) | set(right))
        bad = [k for k in keys if left.get(k) != right.get(k)]
        print(f"{name}: {len(left)} vs {len(right)}, {len(bad)} differ")
        for key in bad[:show]:
            x, y = left.get(key), right.get(key)
            if isinstance(x, dict) and isinstance(y, dict):
                cols = [c for c in sorted(set(x) | set(y)) if x.get(c) != y.get(c)]
                print(f"  {key}: columns {cols}")
            else:
                print(f"  {key}: {str(x)[:120]} != {str(y)[:120]}")
        problems += len(bad)
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(1 if diff(sys.argv[1], sys.argv[2]) else 0)
