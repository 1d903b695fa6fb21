"""Running `newsarchive crawl` on a hostile site: a site directory written from a template, the CLI in a
subprocess (a Twisted reactor runs once per process) under an address-space limit."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]
MEMORY_LIMIT_MB = 1024  # a plain crawl peaks near 120 MB resident; a 2 GB bomb inflated whole cannot fit
CRAWL_TIMEOUT = 120  # seconds; each crawl here takes a few


@dataclass
class Crawl:
    """What one crawl reported: its JSON summary (counts, status) and its log (stderr)."""

    summary: dict
    log: str
    returncode: int
    stdout: str = ""

    @property
    def counts(self) -> dict[str, int]:
        """The run's counts (fetched, new, failed, skipped_offscope, …)."""
        return self.summary["counts"]


def _limit_memory() -> None:
    limit = MEMORY_LIMIT_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_crawl(tmp: Path, site_toml: str, key: str, db: Path, *settings: str, table: bool = False) -> Crawl:
    """Write `site_toml` into a fresh site directory under `tmp` and crawl site `key` into `db`.

    The summary is read from `--json` output, or with `table=True` left as the printed table (in `stdout`)."""
    sites = tmp / f"sites-{key}"
    sites.mkdir(exist_ok=True)
    (sites / f"{key}.toml").write_text(site_toml, encoding="utf-8")
    opts = [x for s in settings for x in ("-s", s)]
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "--db", str(db), "--sites", str(sites), "crawl", key,
         "--no-progress", *([] if table else ["--json"]), "--log-file", "-", *opts],
        cwd=ROOT, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, preexec_fn=_limit_memory,
        env={**os.environ, "COLUMNS": "400"},
    )
    summary = json.loads(proc.stdout)[0] if proc.stdout.strip().startswith("[") else {}
    return Crawl(summary, proc.stderr, proc.returncode, proc.stdout)
