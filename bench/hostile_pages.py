"""Cost of pages built to be expensive to parse: `extract_article` on the demo seed page with one hostile
part added (or, for the `page_…` cases, a whole hostile page), each case in a fresh subprocess with a time limit (so an unbounded case reports "timeout"
instead of stalling the run), plus the pre-parse scan's cost on ordinary pages.

    .venv/bin/python bench/hostile_pages.py [--timeout 60] [--case NAME ...]
    .venv/bin/python bench/hostile_pages.py --no-limits     # the same cases with the pre-parse limits off

`--no-limits` replaces `bounded_html` with the identity in the child process, to show what the limits buy.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
SEED = ROOT / "crawler" / "demo" / "data" / "seed" / "article.html"

CASES = {
    "attrs_20k": 'b"<div " + b" ".join(b"a%d=x" % i for i in range(20_000)) + b">x</div>"',
    "attrs_60k": 'b"<div " + b" ".join(b"a%d=x" % i for i in range(60_000)) + b">x</div>"',
    "attrs_300k": 'b"<div " + b" ".join(b"a%d=x" % i for i in range(300_000)) + b">x</div>"',
    "quoted_gt_attrs_300k": 'b"<div " + b"".join(b\'a%d=">"\' % i for i in range(300_000)) + b">x</div>"',
    "attrs_127_x15k_elements": '(b"<i " + b" ".join(b"a%d" % i for i in range(127)) + b">") * 15_000',
    "nesting_100k": 'b"<div>" * 100_000 + b"x" + b"</div>" * 100_000',
    "tags_99k": 'b"<br>" * 99_000',
    "tags_2m": 'b"<br>" * 2_000_000',
    "attr_value_5mb": 'b\'<div title="\' + b"x" * 5_000_000 + b\'">y</div>\'',
    "inline_script_8mb": 'b"<script>var a=\'" + b"x" * 8_000_000 + b"\';</script>"',
    # whole pages (`page_…`, no seed around them): a frequency chart of 3,000 rows of ten numbers after a few
    # paragraphs (a lottery statistics page; each cell asks whether its table is a grid: once per table, not a walk
    # of all the table's rows per cell, which took minutes on a real 1 MB chart)
    "page_chart_3k_rows": 'b"<html><body><div>" + b"<p>A chart of how often each number was drawn, by position.</p>" * 3 '
                          '+ b"<table>" + b"".join(b"<tr>" + b"".join(b"<td>%d</td>" % (i * j % 97) for j in range(10)) '
                          '+ b"</tr>" for i in range(3_000)) + b"</table></div></body></html>"',
    # ... and 6,000 short paragraphs: thousands of lines on both sides of the second opinion's comparison
    "page_lines_6k": 'b"<html><body><div>" + b"".join(b"<p>Line %d of a record: a short sentence.</p>" % i for i in '
                     'range(6_000)) + b"</div></body></html>"',
    # ... and 20,000 headings named for a comment thread with no story before them (each was once looked for the
    # story's prose before it by a walk of the container from its start)
    "page_comment_heads_20k": 'b"<html><body><div>" + b"<h3 class=comments>Comments</h3><p>Nice.</p>" * 20_000 + b"<p>" '
                              '+ b"A sentence of the story, long enough to be prose. " * 8 + b"</p></div></body></html>"',
}

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
if {no_limits}:
    import crawler.extract.parser as ex
    ex.bounded_html = lambda text: text
from crawler.extract import ExtractionError, extract_article
seed = open({seed!r}, "rb").read()
page = ({payload}) if {whole} else seed.replace(b"</body>", ({payload}) + b"</body>", 1)
t = time.perf_counter()
try:
    a = extract_article(page, "http://127.0.0.1/read/economy/1853871.htm")
    result = "ok, body %d chars" % len(a.body)
except ExtractionError as e:
    result = "refused: %s" % e
print("%.3f\\t%.1f\\t%s" % (time.perf_counter() - t, len(page) / 2**20, result))
"""


def run_case(name: str, timeout: float, no_limits: bool) -> str:
    """One case in a child process: seconds, page MB and outcome, or 'timeout'."""
    code = CHILD.format(root=str(ROOT), seed=str(SEED), payload=CASES[name], no_limits=no_limits,
                        whole=name.startswith("page_"))
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (timeout)"
    if proc.returncode:
        return "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    seconds, mb, outcome = proc.stdout.strip().split("\t")
    return f"{float(seconds):8.2f} s  {float(mb):5.1f} MB  {outcome}"


def scan_cost() -> str:
    """The pre-parse scan on ordinary pages: ms per MB over the labelled extraction fixtures."""
    sys.path.insert(0, str(ROOT))
    from crawler.extract.limits import bounded_html

    text = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted((ROOT / "tests" / "fixtures").glob("extraction*/**/*.html")))
    runs = 5
    t = time.perf_counter()
    for _ in range(runs):
        bounded_html(text)
    per_mb = (time.perf_counter() - t) / runs / (len(text) / 2**20) * 1000
    return f"bounded_html on {len(text) / 2**20:.1f} MB of fixture pages: {per_mb:.1f} ms per MB"


def main() -> None:
    """Run the cases and print one line each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--case", action="append", choices=sorted(CASES))
    ap.add_argument("--no-limits", action="store_true")
    args = ap.parse_args()
    for name in args.case or CASES:
        print(f"{name:26} {run_case(name, args.timeout, args.no_limits)}", flush=True)
    if not args.no_limits:
        print(scan_cost())


if __name__ == "__main__":
    main()
