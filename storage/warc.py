"""WARC in and out (warcio): the archive's raw pages as standard request/response records, and the HTTP
responses of any WARC file (e.g. CC-NEWS) read back as pages.

Usage::

    from storage.warc import export_warc, read_warc

    with Archive("news.db", readonly=True) as a, open("news.warc.gz", "wb") as f:
        report = export_warc(a, f)                    # every raw page; or article_ids=[...]
    for entry in read_warc("CC-NEWS-20240501.warc.gz"):
        if isinstance(entry, WarcProblem): ...        # a record that could not be read (offset, reason)
        else: entry.url, entry.status, entry.body     # a response record (WarcPage)

Bodies are stored decompressed (Scrapy and warcio both undo Content-Encoding), so the writer drops
`Content-Encoding` / `Transfer-Encoding` and sets `Content-Length` to the stored length: the record then
says what it holds, and pywb or `warcio check` accept it. Pages archived before response headers were kept
(migration m008) get a minimal synthesized header block (Content-Type, Content-Length, ETag,
Last-Modified) and the WARC header `X-Newsarchive-Headers: synthesized`.
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storage.archive import RawPage, to_utc, utcnow

if TYPE_CHECKING:
    from storage.archive import Archive

#: Headers that described the transfer, not the stored (decompressed, de-chunked) body.
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
#: Largest response body read from a WARC record (as Scrapy's DOWNLOAD_MAXSIZE in crawler/settings.py).
MAX_BODY_BYTES = 10 * 1024 * 1024
SOFTWARE = "newsarchive (warcio)"


@dataclass
class WarcExportReport:
    """What `export_warc` wrote: response records, of which with synthesized headers, and body bytes."""

    responses: int = 0
    synthesized: int = 0
    bytes: int = 0


@dataclass
class WarcPage:
    """One HTTP response record of a WARC file, body decoded (de-chunked, decompressed)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str | None
    offset: int
    record_id: str | None = None
    truncated: str | None = None  # the record's WARC-Truncated reason (length, time, …)
    request_headers: list[tuple[str, str]] | None = None

    @property
    def content_type(self) -> str | None:
        """The response's Content-Type header, if any."""
        return next((v for k, v in self.headers if k.lower() == "content-type"), None)

    def raw_page(self) -> RawPage:
        """This response as a `RawPage` for the archive (fetched_at = the record's WARC-Date)."""
        get = lambda name: next((v for k, v in self.headers if k.lower() == name), None)  # noqa: E731
        return RawPage(
            url=self.url, body=self.body, status=self.status, content_type=self.content_type, etag=get("etag"),
            last_modified=get("last-modified"), fetched_at=to_utc(self.date) or utcnow(),
            headers=list(self.headers), request_headers=self.request_headers,
        )  # fmt: skip


@dataclass
class WarcProblem:
    """A record (or the rest of a file) that could not be read: where and why, in one line."""

    offset: int
    reason: str
    url: str | None = None
    kind: str = "error"  # error | revisit | other (non-response records are counted, not reported)


@dataclass
class WarcReadCounts:
    """Records seen while reading one file, by WARC-Type (filled in as `read_warc` goes)."""

    records: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- writing


def new_writer(out: BinaryIO, *, gzip: bool = True) -> WARCWriter:
    """A warcio writer (one gzip member per record) that has written its warcinfo record."""
    writer = WARCWriter(out, gzip=gzip)
    info = writer.create_warcinfo_record("", {"software": SOFTWARE, "format": "WARC File Format 1.0"})
    writer.write_record(info)
    return writer


def response_headers(raw: RawPage) -> tuple[list[tuple[str, str]], bool]:
    """The header block to write for a stored page, and whether it was synthesized (page stored before m008)."""
    length = ("Content-Length", str(len(raw.body)))
    if raw.headers is not None:
        kept = [(k, v) for k, v in raw.headers if k.lower() not in TRANSFER_HEADERS]
        return [*kept, length], False
    content_type = raw.content_type or (f"text/html; charset={raw.encoding}" if raw.encoding else "text/html")
    headers = [("Content-Type", content_type), length]
    if raw.etag:
        headers.append(("ETag", raw.etag))
    if raw.last_modified:
        headers.append(("Last-Modified", raw.last_modified))
    return headers, True


def write_page(writer: WARCWriter, raw: RawPage) -> bool:
    """Write one stored page as a request/response record pair; returns True when its headers were synthesized."""
    body = raw.body.encode("utf-8") if isinstance(raw.body, str) else bytes(raw.body or b"")
    raw.body = body
    status = int(raw.status or 200)
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    headers, synthesized = response_headers(raw)
    date = to_utc(raw.fetched_at) or utcnow()
    warc_headers = {"WARC-Date": date}
    if synthesized:
        warc_headers["X-Newsarchive-Headers"] = "synthesized"
    resp = writer.create_warc_record(
        raw.url, "response", payload=io.BytesIO(body), length=None, warc_headers_dict=warc_headers,
        http_headers=StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1"),
    )  # fmt: skip
    parts = urlsplit(raw.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    req_headers = list(raw.request_headers) if raw.request_headers is not None else []
    if not any(k.lower() == "host" for k, _ in req_headers):
        req_headers.insert(0, ("Host", parts.netloc))
    req = writer.create_warc_record(
        raw.url, "request", payload=io.BytesIO(b""), length=0, warc_headers_dict={"WARC-Date": date},
        http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", req_headers, is_http_request=True),
    )  # fmt: skip
    writer.write_request_response_pair(req, resp)
    return synthesized


def _raw_rows(archive: "Archive", article_ids: list[int] | None) -> Iterator[dict]:
    """Raw page rows in fetch order (keyset pages: no long read snapshot), all or those of `article_ids`."""
    last = 0
    while True:
        if article_ids is None:
            rows = list(archive.db.query("SELECT * FROM raw_pages WHERE id > ? ORDER BY id LIMIT 200", [last]))
        else:
            import json

            rows = list(archive.db.query(
                "SELECT * FROM raw_pages WHERE id > ? AND article_id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 200",
                [last, json.dumps(article_ids)],
            ))  # fmt: skip
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def export_warc(
    archive: "Archive", out: BinaryIO, *, article_ids: Iterable[int] | None = None, gzip: bool = True,
    progress: Callable[[int], None] | None = None,
) -> WarcExportReport:  # fmt: skip
    """Write the archived raw pages (all of them, or those of `article_ids`) to `out` as WARC; see the module docstring."""
    ids = None if article_ids is None else list(article_ids)
    writer = new_writer(out, gzip=gzip)
    report = WarcExportReport()
    for row in _raw_rows(archive, ids):
        try:
            raw = archive._raw_from_row(row)
        except zlib.error:  # a damaged blob: nothing to write, the rest still goes out
            continue
        report.synthesized += write_page(writer, raw)
        report.responses += 1
        report.bytes += len(raw.body)
        if progress:
            progress(report.responses)
    return report


# ---------------------------------------------------------------------------------------------- reading


def _pairs(headers: StatusAndHeaders | None) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in (headers.headers if headers is not None else [])]


def read_warc(path: str | Path, counts: WarcReadCounts | None = None) -> Iterator[WarcPage | WarcProblem]:
    """Each response record of a WARC/ARC file (gzip or not) as a `WarcPage`; unreadable ones as `WarcProblem`.

    A request record is paired with the response next to it (before or after, as writers differ) for its
    headers; revisit records come as problems of kind "revisit" (no payload to import); other records
    (warcinfo, metadata, resource) are only counted in `counts`. A file that breaks off (truncated gzip
    member, garbage) yields one error at the break and ends.
    """
    counts = counts if counts is not None else WarcReadCounts()
    request: tuple[str, list[tuple[str, str]]] | None = None  # the last request record, if not yet paired
    held: WarcPage | None = None  # a response waiting one record for a request written after it
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, arc2warc=True)
        last_end = 0
        try:
            for record in records:
                counts.records += 1
                kind = record.rec_type or "unknown"
                counts.by_type[kind] = counts.by_type.get(kind, 0) + 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                entry: WarcPage | WarcProblem | None = None
                if kind == "request" and url:
                    if held is not None and held.url == url and held.request_headers is None:
                        held.request_headers = _pairs(record.http_headers)
                    else:
                        request = (url, _pairs(record.http_headers))
                elif kind == "revisit":
                    entry = WarcProblem(0, "revisit record (no payload)", url, kind="revisit")
                elif kind == "response":
                    paired = request[1] if request is not None and request[0] == url else None
                    request = None
                    entry = _response(record, url, paired)
                records.read_to_end(record)
                last_end = records.get_record_offset() + records.get_record_length()
                if kind == "request":
                    continue
                if held is not None:
                    yield held
                    held = None
                if entry is not None:
                    entry.offset = records.get_record_offset()
                    if isinstance(entry, WarcPage):
                        held = entry
                    else:
                        yield entry
            if held is not None:
                yield held
            # warcio ends quietly inside a gzip member cut short: bytes left past the last whole record say so
            rest = os.fstat(fh.fileno()).st_size - last_end
            if counts.records and rest > 4:
                yield WarcProblem(last_end, f"file breaks off here: {rest:,} bytes after the last complete record do not read as one")
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
            if held is not None:
                yield held
            yield WarcProblem(last_end, f"file breaks off here: {_one_line(exc)}")


def _response(record, url: str | None, request_headers: list[tuple[str, str]] | None) -> WarcPage | WarcProblem:
    """The page of one response record, or the problem that keeps it from being one."""
    if not url:
        return WarcProblem(0, "response record without WARC-Target-URI")
    http = record.http_headers
    if http is None or not http.get_statuscode() or not http.get_statuscode().isdigit():
        return WarcProblem(0, "response record without an HTTP status line", url)
    try:
        body = record.content_stream().read(MAX_BODY_BYTES + 1)
    except (zlib.error, OSError, EOFError, ValueError) as exc:
        return WarcProblem(0, f"body does not decode: {_one_line(exc)}", url)
    if len(body) > MAX_BODY_BYTES:
        return WarcProblem(0, f"body larger than {MAX_BODY_BYTES // 2**20} MB", url)
    return WarcPage(
        url=url, status=int(http.get_statuscode()), headers=_pairs(http), body=body,
        date=record.rec_headers.get_header("WARC-Date"), offset=0,
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        truncated=record.rec_headers.get_header("WARC-Truncated"), request_headers=request_headers,
    )  # fmt: skip


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
