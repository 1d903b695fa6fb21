"""Extraction CPU cost per page, in this process: mean and p95 CPU ms/page per fixture folder and on generated
~70 KB Korean pages (the page generator of bench/crawl_bench.py), with the load average.

Usage: .venv/bin/python bench/extract_speed.py [--repeats N] [--generated N] [--folders DIR ...] [--profile OUT.prof]
                                              [--against DIR] [--cold]
Each page is extracted `--repeats` times and its cheapest run counts (the machine is shared: the minimum is the
least disturbed figure). `--cold` makes the repeats passes over all pages instead of back-to-back runs of one page:
the extractor's small per-process caches (labelled dates, normalised keys) then hold other pages' texts when a page
comes round again, as in a crawl, where back-to-back runs answer its date scans from the cache. `--profile` writes a cProfile of one pass over all pages instead of timing. `--against DIR`
compares this checkout with the `crawler` package of another one (e.g. `git archive main crawler bench | tar -x -C
/tmp/base`): two worker processes, one per version, extract the same page in turn, page by page, so both see the
same load; it prints both means and their ratio per group.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = Path(os.environ.get("EXTRACT_SPEED_CODE") or ROOT)  # which checkout's `crawler` to time (set by --against)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(CODE))
sys.path.insert(0, str(ROOT / "bench"))

from crawler.extract import extract_article  # noqa: E402
from crawler.extract.evaluation import load_pages  # noqa: E402

DEFAULT_FOLDERS = ["seed", "extraction", "extraction_holdout*", "real_*"]
GEN_MIN, GEN_MAX = 60_000, 80_000  # "70 KB" pages: the generator's 40-100 KB range, cut around 70 KB


def generated_pages(n: int, seed: int = 7) -> list[tuple[str, bytes, str]]:
    """`n` pages of bench/crawl_bench.py's generator between 60 and 80 KB: (name, bytes, url)."""
    import crawl_bench

    return crawl_bench.generated_pages(n, seed, GEN_MIN, GEN_MAX)


def fixture_groups(patterns: list[str]) -> dict[str, list[tuple[str, bytes, str]]]:
    """Labelled fixture folders matching the glob patterns (under tests/fixtures): group → pages."""
    groups: dict[str, list[tuple[str, bytes, str]]] = {}
    for pattern in patterns:
        for folder in sorted((ROOT / "tests/fixtures").glob(pattern)):
            pages = load_pages(folder) if folder.is_dir() else []
            if pages:
                groups[folder.name] = [(p.key, p.html, p.expected.get("url", "")) for p in pages]
    return groups


def cpu_ms(pages: list[tuple[str, bytes, str]], repeats: int, cold: bool = False) -> list[float]:
    """Cheapest CPU milliseconds of `repeats` extractions, per page (cold: one per pass over all pages)."""
    if cold:
        passes = [cpu_ms(pages, 1) for _ in range(repeats)]
        return [min(runs) for runs in zip(*passes)]
    out = []
    for _name, html, url in pages:
        best = float("inf")
        for _ in range(repeats):
            t = time.process_time()
            extract_article(html, url)
            best = min(best, time.process_time() - t)
        out.append(best * 1000)
    return out


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def serve(pages: list[tuple[str, bytes, str]], repeats: int) -> int:
    """Worker of `--against`: read page numbers from stdin, answer each with its cheapest CPU ms."""
    cpu_ms(pages[:3], 1)  # warm-up, as in the main mode
    print("ready", flush=True)
    for line in sys.stdin:
        print(f"{cpu_ms([pages[int(line)]], repeats)[0]:.6f}", flush=True)
    return 0


def against(groups: dict[str, list[tuple[str, bytes, str]]], other: Path, argv: list[str], passes: int = 1) -> int:
    """Time this checkout and `other` interleaved, page by page, in two worker processes (`passes` over all pages,
    each page's cheapest run counting; the workers then time one run per page asked)."""
    import subprocess

    workers = {}
    for name, code in (("other", other.resolve()), ("this", ROOT)):
        env = {**os.environ, "EXTRACT_SPEED_CODE": str(code)}
        workers[name] = subprocess.Popen([sys.executable, __file__, "--serve", *argv], env=env, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert workers[name].stdout.readline().strip() == "ready"

    def ask(name: str, i: int) -> float:
        workers[name].stdin.write(f"{i}\n")
        workers[name].stdin.flush()
        return float(workers[name].stdout.readline())

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; this = {ROOT}, other = {other}")
    print(f"{'group':<24} {'pages':>5} {'other ms':>9} {'this ms':>9} {'this/other':>10} {'p95 other':>9} {'p95 this':>9}")
    i = 0
    for name, pages in groups.items():
        ms: dict[str, list[float]] = {"other": [], "this": []}
        for _ in range(passes):
            runs: dict[str, list[float]] = {"other": [], "this": []}
            for k in range(len(pages)):
                order = ("other", "this") if k % 2 == 0 else ("this", "other")  # neither always goes first
                for who in order:
                    runs[who].append(ask(who, i + k))
            ms = {who: [min(a, b) for a, b in zip(ms[who], got)] if ms[who] else got for who, got in runs.items()}
        i += len(pages)
        a, b = statistics.mean(ms["other"]), statistics.mean(ms["this"])
        print(f"{name:<24} {len(pages):>5} {a:9.2f} {b:9.2f} {b / a:10.2f} {p95(ms['other']):9.2f} {p95(ms['this']):9.2f}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for w in workers.values():
        w.stdin.close()
        w.wait()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print CPU ms/page (mean, p95, KB) per group and overall."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--generated", type=int, default=30, help="generated ~70 KB pages (0: none)")
    ap.add_argument("--folders", nargs="*", default=DEFAULT_FOLDERS, help="globs under tests/fixtures")
    ap.add_argument("--profile", default=None, help="write a cProfile of one pass to this file instead of timing")
    ap.add_argument("--against", type=Path, default=None, help="another checkout: time both, interleaved page by page")
    ap.add_argument("--cold", action="store_true", help="repeats as passes over all pages (caches hold other pages)")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    groups = fixture_groups(args.folders)
    if args.generated:
        groups["generated-70KB"] = generated_pages(args.generated)
    if args.serve:
        return serve([p for pages in groups.values() for p in pages], 1 if args.cold else args.repeats)
    if args.against:
        raw = sys.argv[1:] if argv is None else argv
        passed = [a for k, a in enumerate(raw) if a != "--against" and (k == 0 or raw[k - 1] != "--against")]
        return against(groups, args.against, passed, args.repeats if args.cold else 1)
    if args.profile:
        import cProfile

        everything = [p for pages in groups.values() for p in pages]
        cProfile.runctx("cpu_ms(everything, 1)", globals(), {"everything": everything}, args.profile)
        print(f"profile of {len(everything)} pages written to {args.profile}")
        return 0
    cpu_ms(groups[next(iter(groups))][:3], 1)  # warm-up: lazy imports and compiled patterns
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, best of {args.repeats} {'passes' if args.cold else 'runs'} per page")
    print(f"{'group':<24} {'pages':>5} {'KB':>6} {'mean ms':>8} {'p95 ms':>8}")
    every: list[float] = []
    real: list[float] = []
    for name, pages in groups.items():
        ms = cpu_ms(pages, args.repeats, args.cold)
        every += ms
        if name != "generated-70KB":
            real += ms
        kb = statistics.mean(len(h) for _, h, _ in pages) / 1024
        print(f"{name:<24} {len(pages):>5} {kb:6.0f} {statistics.mean(ms):8.2f} {p95(ms):8.2f}")
    if real:
        print(f"{'all fixtures':<24} {len(real):>5} {'':>6} {statistics.mean(real):8.2f} {p95(real):8.2f}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
