"""Extraction benchmark: ours vs trafilatura on labelled pages (body P/R/F1 with the Zyte shingle metric, title,
date and author accuracy, pages per second).

Usage: .venv/bin/python bench/extraction_eval.py [FOLDER ...] [--repeats N] [--per-page] [--json]
Default folders: tests/fixtures/extraction and tests/fixtures/seed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract.evaluation import evaluate, load_pages, run_ours, run_trafilatura  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a side-by-side table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=[str(ROOT / "tests/fixtures/extraction"), str(ROOT / "tests/fixtures/seed")])
    ap.add_argument("--repeats", type=int, default=3, help="timing: best of N runs per page")
    ap.add_argument("--per-page", action="store_true", help="list pages where either extractor misses")
    ap.add_argument("--json", action="store_true", help="print the reports as JSON")
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args(argv)
    pages = [p for folder in args.folders for p in load_pages(folder)]
    if not pages:
        print("error: no labelled pages found", file=sys.stderr)
        return 1
    reports = [evaluate(pages, "newsarchive", run_ours, args.repeats)]
    if not args.no_trafilatura:
        reports.append(evaluate(pages, "trafilatura", run_trafilatura, args.repeats))
    if args.json:
        print(json.dumps([asdict(r) for r in reports], ensure_ascii=False, indent=1, default=str))
        return 0
    print(f"{len(pages)} pages")
    print(f"{'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'title':>6} {'date':>6} {'day':>6} {'authors':>7} {'med p/s':>8} {'thru p/s':>8}")
    for r in reports:
        print(f"{r.name:<12} {r.body.precision:6.3f} {r.body.recall:6.3f} {r.body.f1:6.3f} {r.title_exact:6.3f} "
              f"{r.published_minute:6.3f} {r.published_day:6.3f} {r.authors_exact:7.3f} {r.median_pages_per_s:8.1f} {r.throughput_pages_per_s:8.1f}")
    print("date = published equal to the minute with offset; day = same calendar date (trafilatura gives dates only)")
    if args.per_page:
        for r in reports:
            for name, row in r.per_page.items():
                if row["f1"] < 0.999 or not (row["title"] and row["published"] and row["authors"]):
                    print(f"  {r.name:<12} {name:<32} f1={row['f1']:.3f} title={row['title']} date={row['published']} "
                          f"authors={row['authors']} got={row['got_title'][:40]!r} {row['got_published']} {row['got_authors']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
