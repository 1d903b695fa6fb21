"""kill -9 at random points of crawls and imports never damages the archive or loses work.

Ten crawls of the demo site (real sockets on 127.0.0.1) and ten imports are killed with SIGKILL at random
moments (from start-up to the last write); then one crawl / one import runs to its end. The archive must equal
that of an uninterrupted run: the same articles (grouped by every URL they are known under, whichever of them
became canonical), the same aliases, no raw page stored twice, a consistent search index, and no crawl run
left "running" (the next start marks the killed ones interrupted). The seed is printed for a failing run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import DemoSite
from storage import Archive, ArchiveError, body_hash

ROOT = Path(__file__).resolve().parents[2]
KILLS_PER_KIND = 10
COPIES = 40  # the import file holds the demo export this many times (under other URLs): a few seconds of writes


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def start(argv: list[str], cwd: Path) -> subprocess.Popen:
    """A newsarchive command in its own process group (so SIGKILL takes all of it)."""
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *argv], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=_env(), start_new_session=True)


def finish(proc: subprocess.Popen) -> None:
    """Wait for a command that must succeed."""
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err[-2000:]


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the command's process group after `delay` s; False if it had already ended by then."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        return True


def kill_when(proc: subprocess.Popen, db: Path, target: int, timeout: float = 120) -> bool:
    """SIGKILL the command's process group as soon as the archive holds `target` articles; False if it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if articles(db) >= target:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=60)
            return True
        time.sleep(0.01)
    proc.communicate(timeout=60)
    return False


def kill_repeatedly(argv: list[str], cwd: Path, db: Path, rng: random.Random, took: float, total: int) -> int:
    """Start `argv` and SIGKILL it, `KILLS_PER_KIND` times; returns how many kills landed between two writes.

    Two kills in three come once a random, small number of further articles is stored (mid-writes, where a kill
    could do harm), every third at a random moment (start-up, discovery, writes). A run that ends before its
    kill is not counted.
    """
    kills = partial = attempts = 0
    while kills < KILLS_PER_KIND:
        attempts += 1
        assert attempts <= 3 * KILLS_PER_KIND, f"only {kills} of {attempts} runs could be killed before they ended"
        before = articles(db)
        proc = start(argv, cwd)
        if kills % 3 == 2 or total - before < 2:
            killed = kill_after(proc, rng.uniform(0.2, 0.9 * took))
        else:
            killed = kill_when(proc, db, before + rng.randint(1, max(1, (total - before) // 8)))
        kills += killed
        partial += killed and before < articles(db) < total
    return partial


def state(db: Path) -> dict[str, Any]:
    """What must survive any kill: articles as URL groups with their text, raw pages, runs, index health."""
    with Archive(db, readonly=True) as a:
        urls: dict[int, set[str]] = {}
        for article_id, url in a.db.execute("SELECT article_id, url FROM article_urls"):
            urls.setdefault(article_id, set()).add(url)
        groups = {}
        for article_id, url, title, body in a.db.execute("SELECT id, url, title, body FROM articles"):
            groups[frozenset(urls.get(article_id, set()) | {url})] = body_hash(body)
        raw = Counter(url for (url,) in a.db.execute("SELECT url FROM raw_pages"))
        running = a.db.execute("SELECT count(*) FROM crawl_runs WHERE status = 'running'").fetchone()[0]
        integrity = a.db.execute("PRAGMA integrity_check").fetchone()[0]
    with Archive(db) as a:  # FTS5's integrity-check is an INSERT: SQLite refuses it on a read-only connection
        index_ok = a.check_index()
    return {"groups": groups, "raw": raw, "running": running, "index_ok": index_ok, "integrity": integrity}


def articles(db: Path) -> int:
    """Articles stored so far (0 while the file is missing or a killed first run left it half-created)."""
    try:
        with Archive(db, readonly=True) as a:
            return a.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except ArchiveError:
        return 0


@pytest.fixture(scope="module")
def rng() -> random.Random:
    seed = int(os.environ.get("KILL9_SEED", time.time_ns() % 1_000_000))
    print(f"kill -9 test seed: KILL9_SEED={seed}")
    return random.Random(seed)


@pytest.fixture(scope="module")
def demo() -> DemoSite:
    with DemoSite() as site:
        yield site


@pytest.fixture(scope="module")
def reference(tmp_path_factory, demo: DemoSite) -> tuple[Path, float]:
    """An uninterrupted crawl of the demo site, and how long it took."""
    root = tmp_path_factory.mktemp("reference")
    t0 = time.monotonic()
    finish(start(["--db", str(root / "ref.db"), "crawl", "demo", "--base-url", demo.base_url, "--no-progress"], root))
    return root / "ref.db", time.monotonic() - t0


def test_crawls_killed_at_random_points_end_as_one_uninterrupted_crawl(tmp_path: Path, demo: DemoSite, reference, rng):
    ref_db, took = reference
    expected = state(ref_db)
    assert expected["running"] == 0 and expected["groups"] and expected["index_ok"]
    db = tmp_path / "killed.db"
    argv = ["--db", str(db), "crawl", "demo", "--base-url", demo.base_url, "--no-progress"]
    partial = kill_repeatedly(argv, tmp_path, db, rng, took, len(expected["groups"]))
    finish(start(argv, tmp_path))
    got = state(db)
    assert got["integrity"] == "ok" and got["index_ok"]
    assert got["groups"] == expected["groups"]
    assert set(got["raw"]) == set(expected["raw"]) and max(got["raw"].values()) == 1, got["raw"].most_common(3)
    assert got["running"] == 0
    with Archive(db, readonly=True) as a:
        statuses = Counter(r["status"] for r in a.runs(limit=100))
    assert statuses["ok"] >= 1 and set(statuses) <= {"ok", "interrupted"}
    print(f"{partial} of {KILLS_PER_KIND} kills landed while articles were being stored; runs: {dict(statuses)}")
    assert partial >= 1, "no kill landed during the crawl's writes: the test exercised nothing"


def test_imports_killed_at_random_points_end_as_one_uninterrupted_import(tmp_path: Path, reference, rng):
    ref_db, _ = reference
    export = tmp_path / "export.jsonl"
    with Archive(ref_db, readonly=True) as a, open(export, "w", encoding="utf-8") as f:
        a.export(f, format="jsonl")
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "many.jsonl"
    with open(source, "w", encoding="utf-8") as f:
        for copy in range(COPIES):
            for rec in lines:
                moved = {**rec, "url": f"{rec['url']}&copy={copy}", "aliases": [f"{u}&copy={copy}" for u in rec["aliases"]]}
                if rec.get("duplicate_of_url"):
                    moved["duplicate_of_url"] = f"{rec['duplicate_of_url']}&copy={copy}"
                f.write(json.dumps(moved, ensure_ascii=False) + "\n")
    clean = tmp_path / "clean.db"
    t0 = time.monotonic()
    finish(start(["--db", str(clean), "import", str(source)], tmp_path))
    took = time.monotonic() - t0
    expected = state(clean)
    db = tmp_path / "killed.db"
    argv = ["--db", str(db), "import", str(source)]
    partial = kill_repeatedly(argv, tmp_path, db, rng, took, len(expected["groups"]))
    finish(start(argv, tmp_path))
    got = state(db)
    assert got["integrity"] == "ok" and got["index_ok"]
    assert got["groups"] == expected["groups"]
    with Archive(db, readonly=True) as a, Archive(clean, readonly=True) as b:
        links = "SELECT a.url, o.url FROM articles a JOIN articles o ON o.id = a.duplicate_of ORDER BY 1"
        assert a.db.execute(links).fetchall() == b.db.execute(links).fetchall()
    print(f"{partial} of {KILLS_PER_KIND} import kills landed between two committed batches (import took {took:.1f} s)")
    assert partial >= 1, "no kill landed during the import's writes: the test exercised nothing"
