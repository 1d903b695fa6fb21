"""Export articles as JSON lines or CSV, and import JSON lines back.

Usage::

    from storage import Archive
    a = Archive("newsarchive.db")
    with open("out.jsonl", "w", encoding="utf-8") as f:
        a.export(f, query="기준금리", site="yna", since="2024-01-01", format="jsonl")
    report = Archive("copy.db").import_jsonl("out.jsonl")
    report.new, report.errors          # errors: [(line_no, message), ...] — bad lines are skipped

One export line is one article in this shape (lists are JSON lists; absent values are null)::

    {"url", "site", "title", "subtitle", "body", "authors", "published", "modified", "section", "tags",
     "language", "publisher", "top_image", "images", "emails", "body_hash", "duplicate_of_url",
     "similarity", "aliases", "first_seen", "last_seen", "version", "id"}

Import needs `url`, `title` and `body` (strings); every other key is optional. Each line is checked on its own
and a bad one is reported and skipped, never the whole import: at most `MAX_LINE_BYTES` per line (read in
bounded pieces, so a 1 GiB line costs no more memory than the limit), JSON nested at most `MAX_JSON_DEPTH`
levels, and `url`, `aliases` and `duplicate_of_url` must be absolute http(s) URLs. `duplicate_of_url` links to
an original already in the archive (exports are in id order, so originals come first); `id` and
`version` are informational, the importing archive assigns its own.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, TextIO
from urllib.parse import urlsplit

from storage.archive import ARTICLE_FIELDS, JSON_COLUMNS, to_utc
from storage.query import parse
from storage.search import build_filters

if TYPE_CHECKING:
    from storage.archive import Archive, SaveResult

FORMATS = ("jsonl", "csv")
MAX_LINE_BYTES = 16 << 20  # an article is ~10-100 KB of JSON; a longer line is refused, not loaded
MAX_JSON_DEPTH = 16  # an export line nests 3 deep (images: list of objects)
URL_SCHEMES = ("http", "https")
EXPORT_FIELDS = (
    "id", "url", "site", "title", "subtitle", "body", "authors", "published", "modified", "section", "tags",
    "language", "publisher", "top_image", "images", "emails", "body_hash", "duplicate_of_url", "similarity",
    "aliases", "first_seen", "last_seen", "version",
)  # fmt: skip
_LIST_FIELDS = ("authors", "tags", "emails", "images", "aliases")
_TIME_FIELDS = ("first_seen", "last_seen")


@dataclass
class ImportReport:
    """What an import did: counts per outcome and the skipped lines as (line_no, message)."""

    lines: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Lines that were stored (new + updated + unchanged)."""
        return self.new + self.updated + self.unchanged


def iter_export(archive: "Archive", *, query: str | None = None, site: Any = None, section: str | None = None,
                author: str | None = None, since: Any = None, until: Any = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Yield export records (id order) of the articles matching the query and filters."""
    parsed = parse(query)
    where, params = build_filters(site=site, section=section, author=author, since=since, until=until)
    if parsed.match:
        where.insert(0, "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.insert(0, parsed.match)
    elif parsed.exclude:
        where.append("a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(parsed.exclude)
    cols = ", ".join(f"a.{c}" for c in ("id", "url", "first_seen", "last_seen", "version", *ARTICLE_FIELDS))
    where.append("a.id > ?")  # keyset paging, see below
    sql = (
        f"SELECT {cols}, o.url AS duplicate_of_url FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of"
        f" WHERE {' AND '.join(where)} ORDER BY a.id LIMIT 500"
    )
    db = archive.db
    last = 0
    while True:
        # Keyset pages: no long-lived cursor holding a read snapshot while the caller writes a file.
        rows = list(db.query(sql, [*params, last]))
        if not rows:
            return
        ids = [r["id"] for r in rows]
        aliases: dict[int, list[str]] = {}
        for article_id, url in db.execute(
            f"SELECT article_id, url FROM article_urls WHERE article_id IN ({', '.join('?' * len(ids))}) ORDER BY first_seen, url", ids
        ):
            aliases.setdefault(article_id, []).append(url)
        for r in rows:
            for key in JSON_COLUMNS:
                if isinstance(r.get(key), str):
                    try:
                        r[key] = json.loads(r[key])
                    except ValueError:
                        pass
            r["aliases"] = [u for u in aliases.get(r["id"], []) if u != r["url"]]
            r.pop("duplicate_of", None)
            yield {k: r.get(k) for k in EXPORT_FIELDS}
        last = ids[-1]


def export(archive: "Archive", out: TextIO, *, format: str = "jsonl", **filters: Any) -> int:
    """Write matching articles to `out` as JSON lines or CSV (lists as JSON text); returns the count."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    n = 0
    if format == "jsonl":
        for rec in iter_export(archive, **filters):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_FIELDS), extrasaction="ignore")
    writer.writeheader()
    for rec in iter_export(archive, **filters):
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if k in _LIST_FIELDS and v is not None else v for k, v in rec.items()})
        n += 1
    return n


class LineError(ValueError):
    """An import line that cannot even be read as text (too long, not UTF-8); the message is one line."""


def check_url(value: str, key: str) -> str:
    """`value` stripped, if it is an absolute http(s) URL with a host; ValueError naming `key` otherwise."""
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise ValueError(f"'{key}' is not a valid URL: {e}") from None
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise ValueError(f"'{key}' must be an http(s) URL with a host, not {shown!r}")
    return url


def json_depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `value` (parsed JSON) nests at most `limit` levels of lists/objects (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return False
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return True


def parse_line(line: str) -> Any:
    """One JSON line parsed, within `MAX_JSON_DEPTH`; ValueError (one line) otherwise."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON: {e.msg} at column {e.colno}") from None
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    if not json_depth_ok(value):
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def validate_record(rec: Any) -> dict[str, Any]:
    """An import line checked and converted to a `save_article` record; ValueError (one line) if invalid."""
    if not isinstance(rec, dict):
        raise ValueError("not a JSON object")
    for key in ("url", "title", "body"):
        if not isinstance(rec.get(key), str) or (key == "url" and not rec[key].strip()):
            raise ValueError(f"'{key}' must be a {'non-empty ' if key == 'url' else ''}string")
    check_url(rec["url"], "url")
    out: dict[str, Any] = {"url": rec["url"].strip()}
    for key in ARTICLE_FIELDS:
        if key == "duplicate_of" or key not in rec:
            continue
        value = rec[key]
        if key in ("authors", "tags", "emails"):
            if isinstance(value, str):
                value = [value]
            if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ValueError(f"'{key}' must be a list of strings")
        elif key == "images":
            if value is not None and not (isinstance(value, list) and all(isinstance(v, (dict, str)) for v in value)):
                raise ValueError("'images' must be a list of {url, caption} objects")
        elif key == "similarity":
            if value is not None and not isinstance(value, (int, float)):
                raise ValueError("'similarity' must be a number")
        elif value is not None and not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string")
        if key in ("published", "modified") and value and to_utc(value) is None:
            raise ValueError(f"'{key}' is not an ISO 8601 date: {value!r}")
        out[key] = value
    aliases = rec.get("aliases")
    if aliases is not None:
        if not (isinstance(aliases, list) and all(isinstance(u, str) for u in aliases)):
            raise ValueError("'aliases' must be a list of URLs")
        out["aliases"] = [check_url(u, "aliases") for u in aliases]
    for key in (*_TIME_FIELDS, "duplicate_of_url"):
        if rec.get(key) is not None:
            if not isinstance(rec[key], str):
                raise ValueError(f"'{key}' must be a string")
            out[key] = check_url(rec[key], key) if key == "duplicate_of_url" else rec[key]
    return out


def _lines(source: str | os.PathLike[str] | Iterable[str], max_bytes: int) -> Iterator[str | LineError]:
    """The lines of a file (or iterable), each a str or a `LineError` for a line that is skipped unread."""
    if not isinstance(source, (str, os.PathLike)):
        for line in source:
            # len(str) <= len(utf-8 bytes) <= 4 * len(str): encode only lines that may be over the limit
            if len(line) * 4 > max_bytes and len(line.encode("utf-8", "surrogatepass")) > max_bytes:
                yield LineError(f"line longer than {_size(max_bytes)} (skipped unread)")
            else:
                yield line
        return
    with open(Path(source), "rb") as f:
        first = True
        while True:
            raw = f.readline(max_bytes + 1)  # never more than the limit in memory, however long the line
            if not raw:
                return
            if len(raw) > max_bytes and not (len(raw) == max_bytes + 1 and raw.endswith(b"\n")):
                total = len(raw)
                while not raw.endswith(b"\n"):  # skip the rest of the line piece by piece
                    raw = f.readline(1 << 20)
                    if not raw:
                        break
                    total += len(raw)
                yield LineError(f"line longer than {_size(max_bytes)} ({_size(total)}; skipped unread)")
            else:
                # Decode line by line: one line in another encoding is reported and skipped, the rest imports.
                try:
                    yield raw.decode("utf-8-sig" if first else "utf-8")
                except UnicodeDecodeError as e:
                    yield LineError(f"not UTF-8 text ({e.reason})")
            first = False


def _size(n: int) -> str:
    """Bytes for a message: '16 MiB', '1.5 GiB', '900 bytes'."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.3g} {unit}"
    return f"{n} bytes"


def import_jsonl(
    archive: "Archive", source: str | os.PathLike[str] | Iterable[str], *, batch: int = 2000, max_line_bytes: int = MAX_LINE_BYTES
) -> ImportReport:
    """Import articles from JSON lines (a path or an iterable of lines); bad lines are reported and skipped.

    Lines are checked first, then saved `batch` at a time through `Archive.save_articles`, one transaction per
    batch with the export's timestamps and duplicate links put back (~1.5x faster than line by line). A batch
    the bulk path rejects is redone line by line, so only the offending line is skipped.
    """
    report = ImportReport()
    pending: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    line_no = 0
    for line in _lines(source, max_line_bytes):
        line_no += 1
        if isinstance(line, LineError):
            report.lines += 1
            report.errors.append((line_no, str(line)))
            continue
        if not line.strip():
            continue
        report.lines += 1
        try:
            rec = validate_record(parse_line(line))
        except (ValueError, TypeError) as e:
            report.errors.append((line_no, _one_line(e)))
            continue
        pending.append((line_no, rec, {k: rec.pop(k) for k in (*_TIME_FIELDS, "duplicate_of_url") if k in rec}))
        if len(pending) >= batch:
            _import_batch(archive, pending, report)
            pending = []
    if pending:
        _import_batch(archive, pending, report)
    report.errors.sort()
    return report


def _one_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _import_batch(archive: "Archive", pending: list[tuple[int, dict[str, Any], dict[str, Any]]], report: ImportReport) -> None:
    """Save checked records in one transaction; if the bulk path rejects one, redo them one by one.

    Duplicate links are set after the whole batch is saved, so an original later in the batch is found.
    """
    saved: list[tuple["SaveResult", dict[str, Any]]] = []
    try:
        with archive.writing():
            results = archive.save_articles([dict(rec) for _, rec, _ in pending], batch=len(pending))
            saved = list(zip(results, (extra for _, _, extra in pending)))
            for res, extra in saved:
                _restore_times(archive, res, extra)
                _restore_link(archive, res, extra)
    except (ValueError, TypeError):
        saved = []
        for line_no, rec, extra in pending:
            try:
                with archive.writing():  # one line, one transaction: a failing line leaves nothing behind
                    res = archive.save_article(rec)
                    _restore_times(archive, res, extra)
            except (ValueError, TypeError) as e:
                report.errors.append((line_no, _one_line(e)))
                continue
            saved.append((res, extra))
        with archive.writing():
            for res, extra in saved:
                _restore_link(archive, res, extra)
    for res, _ in saved:
        setattr(report, res.status, getattr(report, res.status) + 1)


def _restore_times(archive: "Archive", res: "SaveResult", extra: dict[str, Any]) -> None:
    """Keep the original archive's history (first/last seen) instead of "first seen at import time"."""
    db = archive.db
    times = {k: v for k, v in extra.items() if k in _TIME_FIELDS}
    if res.status == "new" and times:
        db["articles"].update(res.id, times)
        if "first_seen" in times:
            db.execute("UPDATE article_urls SET first_seen = ? WHERE article_id = ?", [times["first_seen"], res.id])
            db.execute("UPDATE articles SET published_utc = ? WHERE id = ? AND published IS NULL", [times["first_seen"], res.id])


def _restore_link(archive: "Archive", res: "SaveResult", extra: dict[str, Any]) -> None:
    """Point a stored duplicate at its original (by the original's URL), when that original is archived."""
    if res.status != "unchanged" and extra.get("duplicate_of_url"):
        original = archive.article_id_for_url(extra["duplicate_of_url"])
        if original is not None and original != res.id:
            archive.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [original, res.id])
