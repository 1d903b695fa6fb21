"""WARC benchmark: `import-warc` and `export --format warc` rates on a CC-NEWS-like file, and the importer's memory.

    .venv/bin/python bench/warc_bench.py [--records 2000] [--dir /tmp/warc_bench]

Builds a gzip-per-record WARC of `--records` HTML responses (with request records, as Common Crawl writes
them) from the labelled real news pages in tests/fixtures/extraction* (median ~100 KB each), each copy made
a distinct article under its own host (`copyN.` prepended) by numbering every paragraph (`copyN` before its text), so every record is extracted, deduplicated (near-duplicate
index included: the copies of one page are near duplicates of each other) and stored. Then it times
`newsarchive import-warc` into an empty archive (a subprocess; peak RSS from its rusage) and
`newsarchive export --format warc` of the result, and prints records/s, MB/s and the importer's peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def pages() -> list[tuple[str, bytes, str]]:
    """(url, html, charset) of every labelled page."""
    out = []
    for meta in sorted(FIXTURES.glob("extraction*/*.json")):
        html = meta.with_suffix(".html")
        if html.exists():
            truth = json.loads(meta.read_text(encoding="utf-8"))
            out.append((truth["url"], html.read_bytes(), truth.get("encoding") or "utf-8"))
    return out


def build(path: Path, records: int) -> int:
    """Write the benchmark WARC; returns its uncompressed payload bytes."""
    source = pages()
    total = 0
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(records):
            url, html, charset = source[i % len(source)]
            copy = i // len(source)
            body = re.sub(rb"(<p\b[^>]*>)", rb"\1" + f"copy{copy} ".encode(), html)
            # another host per copy: the page's rel=canonical (the original's URL) then names another site
            url = url.replace("://", f"://copy{copy}.", 1) if copy else url
            http = StatusAndHeaders("200 OK", [("Content-Type", f"text/html; charset={charset}"), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            resp = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                            http_headers=StatusAndHeaders("GET / HTTP/1.1", [("User-Agent", "bench")], is_http_request=True))
            writer.write_request_response_pair(req, resp)
            total += len(body)
    return total


def run(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    """Time one CLI subprocess."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - start, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/warc_bench"))
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    args.dir.mkdir(parents=True)
    warc, db, out = args.dir / "in.warc.gz", args.dir / "bench.db", args.dir / "out.warc.gz"
    payload = build(warc, args.records)
    print(f"input: {args.records:,} responses, {payload / 2**20:.1f} MB of HTML, {warc.stat().st_size / 2**20:.1f} MB gzipped")
    seconds, proc = run("--db", str(db), "import-warc", str(warc), "--json", "--no-progress")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = json.loads(proc.stdout)
    c = summary["counts"]
    print(f"import-warc: {seconds:.1f} s, {args.records / seconds:.1f} records/s, {payload / 2**20 / seconds:.2f} MB/s; "
          f"new {c['new']:,} (near duplicates {c['near_duplicate']:,}), duplicate {c['duplicate']:,}, dropped {c['dropped']:,}; "
          f"peak RSS {rss:.0f} MB")
    seconds, _ = run("--db", str(db), "export", "--format", "warc", "-o", str(out))
    print(f"export --format warc: {seconds:.1f} s, {args.records / seconds:.0f} records/s, {out.stat().st_size / 2**20:.1f} MB written")
    if os.environ.get("KEEP") is None:
        shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
