"""Onboarding figures: `sites add URL` then `crawl` on the five imitated CMS sites of the tests (127.0.0.1),
per site: articles archived / served, non-article pages archived, seconds for add and crawl.

    .venv/bin/python bench/onboard_bench.py [--stories 40]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage import Archive  # noqa: E402
from tests.crawler.onboard.cms_sites import CmsSite  # noqa: E402

KINDS = ["ndsoft", "wordpress", "arc", "portal", "tfstyle"]


def run(*args: str, cwd: Path) -> float:
    """Run the CLI; seconds taken (exits on failure)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed: {proc.stderr.strip()[-500:]}")
    return time.perf_counter() - t0


def main() -> None:
    """Print one row per CMS shape."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=40, help="articles per site (the demo corpus has 64)")
    args = ap.parse_args()
    print(f"{'site':10} {'archived':>9} {'recall':>7} {'non-art':>8} {'add s':>6} {'crawl s':>8}  pattern")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for kind in KINDS:
            with CmsSite(kind, count=args.stories) as site:
                key = f"bench-{kind}"
                add_s = run("sites", "add", site.base_url + "/", "--key", key, "--delay", "0", cwd=work)
                crawl_s = run("--db", str(work / f"{kind}.db"), "crawl", key, "--no-progress", "--json", cwd=work)
                with Archive(work / f"{kind}.db") as archive:
                    urls = [r["url"] for r in archive.db.query("select url from articles")]
                stories = {site.story_of(u) for u in urls} - {None}
                other = sum(1 for u in urls if site.story_of(u) is None)
                text = (work / "sites" / f"{key}.toml").read_text(encoding="utf-8")
                pattern = next(line for line in text.splitlines() if line.startswith("article_url_pattern"))
                print(f"{kind:10} {len(stories):>4}/{len(site.stories):<4} {len(stories) / len(site.stories):>7.1%} "
                      f"{other:>8} {add_s:>6.1f} {crawl_s:>8.1f}  {pattern.split('=', 1)[1].strip()}")


if __name__ == "__main__":
    main()
