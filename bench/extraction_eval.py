"""Extraction benchmark: ours vs trafilatura on labelled pages (body P/R/F1 with the Zyte shingle metric, title,
date and author accuracy, pages with F1 < 0.5, pages per second), per folder, per language and overall, and the
pages where trafilatura beats us by more than 0.1 F1.

Usage: .venv/bin/python bench/extraction_eval.py [FOLDER ...] [--real] [--repeats N] [--per-page] [--json]
Default folders: tests/fixtures/extraction and tests/fixtures/seed; --real adds every tests/fixtures/real_* folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract.evaluation import (  # noqa: E402
    Report, TrafilaturaUnavailable, breakdown, load_pages, losses, predict, require_trafilatura, run_ours, run_trafilatura,
)

HEADER = (f"{'group':<26} {'pages':>5} {'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'title':>6} {'date':>6} {'day':>6} "
          f"{'authors':>7} {'F1<.5':>5}")


def _row(label: str, r: Report) -> str:
    return (f"{label:<26} {r.pages:>5} {r.name:<12} {r.body.precision:6.3f} {r.body.recall:6.3f} {r.body.f1:6.3f} "
            f"{r.title_exact:6.3f} {r.published_minute:6.3f} {r.published_day:6.3f} {r.authors_exact:7.3f} {r.low_f1:>5}")


def _count_second_opinions() -> dict[str, float]:
    """Count how often our extractor asks trafilatura for a second opinion, and what those calls cost."""
    import time

    from crawler.extract import extractor

    stats = {"pages": 0, "seconds": 0.0}
    inner = extractor._with_second_opinion

    def timed(*args, **kwargs):
        t0 = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            stats["pages"] += 1
            stats["seconds"] += time.process_time() - t0

    extractor._with_second_opinion = timed
    return stats


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print side-by-side tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--real", action="store_true", help="add every tests/fixtures/real_* folder")
    ap.add_argument("--repeats", type=int, default=3, help="timing: best of N runs per page")
    ap.add_argument("--per-page", action="store_true", help="list pages where either extractor misses")
    ap.add_argument("--json", action="store_true", help="print the reports as JSON")
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args(argv)
    folders = list(args.folders)
    if args.real:
        folders += [str(p) for p in sorted((ROOT / "tests/fixtures").glob("real_*")) if p.is_dir()]
    if not folders:
        folders = [str(ROOT / "tests/fixtures/extraction"), str(ROOT / "tests/fixtures/seed")]
    missing = [f for f in folders if not Path(f).is_dir()]
    if missing:
        print(f"error: not a folder: {missing[0]}", file=sys.stderr)
        return 2
    pages = [p for folder in folders for p in load_pages(folder)]
    if not pages:
        print("error: no labelled pages found", file=sys.stderr)
        return 1
    if not args.no_trafilatura:
        try:
            require_trafilatura()
        except TrafilaturaUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    asked = _count_second_opinions()
    runs = {"newsarchive": breakdown(pages, "newsarchive", predict(pages, run_ours, args.repeats))}
    if not args.no_trafilatura:
        runs["trafilatura"] = breakdown(pages, "trafilatura", predict(pages, run_trafilatura, args.repeats))
    if args.json:
        print(json.dumps({name: {label: asdict(r) for label, r in groups.items()} for name, groups in runs.items()},
                         ensure_ascii=False, indent=1, default=str))
        return 0
    print(f"{len(pages)} pages, {len(folders)} folders")
    print(HEADER)
    for label in runs["newsarchive"]:
        for groups in runs.values():
            print(_row(label, groups[label]))
    for groups in runs.values():
        r = groups["all"]
        print(f"{r.name}: median {r.median_pages_per_s:.1f} pages/s, throughput {r.throughput_pages_per_s:.1f} pages/s")
    runs_per_page = max(1, args.repeats)
    print(f"second opinion (crawler/extract/ensemble.py) asked on {asked['pages'] // runs_per_page} of {len(pages)} pages, "
          f"{1000 * asked['seconds'] / max(1, asked['pages']):.1f} ms each (CPU), "
          f"{1000 * asked['seconds'] / runs_per_page / len(pages):.2f} ms per page on average")
    print("date = published equal to the minute with offset; day = same calendar date (trafilatura gives dates only)")
    if "trafilatura" in runs:
        lost = losses(runs["newsarchive"]["all"], runs["trafilatura"]["all"])
        print(f"pages where trafilatura beats newsarchive by > 0.1 F1: {len(lost)}")
        for key, ours_f1, theirs_f1 in lost:
            print(f"  {key:<48} newsarchive {ours_f1:.3f}  trafilatura {theirs_f1:.3f}")
    if args.per_page:
        for groups in runs.values():
            r = groups["all"]
            for name, row in r.per_page.items():
                if row["f1"] < 0.999 or not (row["title"] and row["published"] and row["authors"]):
                    print(f"  {r.name:<12} {name:<40} f1={row['f1']:.3f} title={row['title']} date={row['published']} "
                          f"authors={row['authors']} got={row['got_title'][:40]!r} {row['got_published']} {row['got_authors']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
