"""Development guard for extraction speed work: the full `Article` of every fixture page, before and after.

Usage:
  .venv/bin/python bench/extract_identity.py dump OUT.json [--code DIR] [--skip FOLDER] [--reverse]   # every page
  .venv/bin/python bench/extract_identity.py compare A.json B.json        # list the pages whose output differs

Every `*.html` under tests/fixtures (all folders, the seed included) plus the generated ~70 KB pages of
`extract_speed.py` is extracted twice — without `now` and with a fixed `now` (relative dates) — and the whole
`Article` (or the ExtractionError message) is written, with the archive's search columns of its title, subtitle and
body (`storage.tokens.text_columns`) when DIR holds `storage`. `--code DIR` imports `crawler` (and `storage`) from
another checkout (e.g. `git archive HEAD crawler storage bench | tar -x -C /tmp/base`), so the two versions run on the
same pages. Not a test: the
expected output is whatever the other version produced.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def _pages(skip: tuple[str, ...] = ()) -> list[tuple[str, bytes, str]]:
    """(key, bytes, url) of every fixture page and the generated pages, but those of the fixture folders in `skip`."""
    out = []
    for path in sorted((ROOT / "tests/fixtures").rglob("*.html")):
        if path.relative_to(ROOT / "tests/fixtures").parts[0] in skip:
            continue  # a batch not scored yet stays unseen: not even our own output is printed for it
        url = ""
        label = path.with_suffix(".json")
        if label.exists():
            try:
                url = json.loads(label.read_text(encoding="utf-8")).get("url") or ""
            except (ValueError, AttributeError):
                url = ""
        out.append((str(path.relative_to(ROOT)), path.read_bytes(), url or f"http://127.0.0.1/{path.name}"))
    return out + generated_pages(30)


def generated_pages(n: int, seed: int = 7) -> list[tuple[str, bytes, str]]:
    """`n` pages of bench/crawl_bench.py's generator between 60 and 80 KB (as `extract_speed.py` makes them)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import crawl_bench  # imports nothing of `crawler`, so `--code` decides which extractor runs

    return crawl_bench.generated_pages(n, seed)


def dump(out: Path, code: Path, skip: tuple[str, ...] = (), reverse: bool = False) -> int:
    """Write every page's extraction (both `now` modes) as JSON (`reverse`: the pages in the opposite order)."""
    sys.path.insert(0, str(code))
    from crawler.extract import extract_article
    from crawler.extract.types import ExtractionError

    try:  # the archive's search columns of each article too, when DIR has `storage` (`git archive main crawler storage`)
        from storage.tokens import text_columns
    except ImportError:
        text_columns = None
    result: dict[str, object] = {}
    pages = _pages(skip)
    for key, html, url in reversed(pages) if reverse else pages:
        for mode, now in (("", None), ("@now", NOW)):
            try:
                article = extract_article(html, url, now=now)
                result[key + mode] = article.to_dict()
                if text_columns is not None:
                    columns = text_columns(article.title, article.subtitle, article.body)
                    result[key + mode]["search_columns"] = [columns.search_title, columns.search_body]
            except ExtractionError as exc:
                result[key + mode] = f"ExtractionError: {exc}"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} extractions by {code}/crawler written to {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    """Print the pages whose output differs; exit 1 when any does."""
    left, right = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    differ = sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))
    for key in differ:
        fields = left.get(key), right.get(key)
        if all(isinstance(f, dict) for f in fields):
            names = [n for n in fields[0] if fields[0].get(n) != fields[1].get(n)]
            print(f"{key}: {', '.join(names)}")
        else:
            print(f"{key}: {str(fields[0])[:80]!r} vs {str(fields[1])[:80]!r}")
    print(f"{len(left)} vs {len(right)} extractions, {len(differ)} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    """Dump or compare."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--code", type=Path, default=ROOT)
    d.add_argument("--skip", action="append", default=[], metavar="FOLDER",
                   help="leave out this folder of tests/fixtures (a new batch before its first score); repeatable")
    d.add_argument("--reverse", action="store_true",
                   help="extract the pages in the opposite order: compared with a plain dump of the same code, any "
                        "difference is output that depends on what the process extracted before (a bug)")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        return dump(args.out, args.code.resolve(), tuple(args.skip), args.reverse)
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
