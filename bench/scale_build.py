"""Grow a synthetic archive step by step and log the per-article write cost at each size (issue 13's curve).

    nice -n 10 .venv/bin/python bench/scale_build.py --db /work/bench-1m/1m.db --articles 1000000 \
        [--step 50000] [--probe 300] | tee /work/bench-1m/build.log

Each step adds `--step` of `search_bench.py`'s synthetic Korean articles with `Archive.save_articles` (the bulk
path; generation not timed), indexes them for near-duplicate search (the sorted bulk loader, as a catch-up
after an import does), then writes `--probe` more articles the way a crawl's writer does — `Archive.save_batch`
of 100 with a raw page (70 KB of HTML, compressed by the archive) and the near-duplicate index entry in the same
transaction, after the dedupe pipeline's lookups (URL, body hash, LSH candidates) — and prints one JSON line:
articles before the probe, CPU and wall ms/article of the probe's write and lookups, the bulk rate, file size,
load average. The probe's CPU ms/article against archive size is the growth curve. Re-running on an existing
file continues from its article count (the corpus is re-seeded per step, so the text stays Zipf-distributed).

    .venv/bin/python bench/scale_build.py --db ARCHIVE --probe-only [--repeats 3]

only writes `--probe` articles `--repeats` times into ARCHIVE as it stands (the steady-state figure, without the
merge work a bulk load leaves to the next writes) and prints a line per repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.crawl_bench import generated_pages  # noqa: E402
from bench.search_bench import Corpus  # noqa: E402
from storage import Archive, body_hash  # noqa: E402
from storage.archive import RawPage  # noqa: E402
from storage.near_duplicates import NearDuplicateIndex  # noqa: E402


def probe(archive: Archive, corpus: Corpus, first: int, n: int, pages: list[bytes], batch: int = 100) -> dict[str, float]:
    """CPU/wall ms per article of `n` crawl-style writes (dedupe lookups, then save_batch + raw page + near-dup)."""
    index = NearDuplicateIndex(archive.db)
    records = []
    for i in range(n):
        rec = corpus.article(first + i)
        rec["url"] += "?probe"
        rec["body_hash"] = body_hash(rec["body"])
        records.append((rec, RawPage(url=rec["url"], body=pages[i % len(pages)], encoding="utf-8", content_type="text/html")))
    lookup = store = wall = 0.0
    frames = 0
    wal = Path(f"{archive.path}-wal")
    frame_bytes = archive.db.execute("PRAGMA page_size").fetchone()[0] + 24
    # No automatic checkpoint inside a commit: each batch's WAL growth is then the pages its transaction dirtied.
    saved_autocheckpoint = archive.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    archive.db.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(0, n, batch):
        chunk = records[i : i + batch]
        t = time.process_time()
        fps = []
        for rec, _ in chunk:
            archive.article_id_for_url(rec["url"])
            archive.article_id_for_body_hash(rec["body_hash"])
            fps.append(index.fingerprint(rec["body"]))
            index.find(fps[-1])
        lookup += time.process_time() - t
        t, w = time.process_time(), time.perf_counter()
        before = wal.stat().st_size if wal.exists() else 0
        archive.save_batch(chunk, after_save=lambda k, result: index.add(result.id, fps[k]))
        frames += ((wal.stat().st_size if wal.exists() else 0) - before) // frame_bytes
        # Timed: the writer's automatic checkpoint copies these pages into the file (at 1M, every commit).
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store += time.process_time() - t
        wall += time.perf_counter() - w
    archive.db.execute(f"PRAGMA wal_autocheckpoint = {int(saved_autocheckpoint)}")
    return {"write_cpu_ms": store * 1000 / n, "write_wall_ms": wall * 1000 / n, "lookup_cpu_ms": lookup * 1000 / n,
            "wal_pages_per_article": frames / n}


def main() -> int:
    """Grow the archive to --articles, one JSON line per step."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--step", type=int, default=50_000)
    ap.add_argument("--probe", type=int, default=300)
    ap.add_argument("--probe-only", action="store_true", help="no build: probe the archive as it stands")
    ap.add_argument("--repeats", type=int, default=3, help="probes of --probe-only")
    args = ap.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    pages = [html for _, html, _ in generated_pages(50)]
    corpus = Corpus()
    with Archive(args.db) as archive:
        index = NearDuplicateIndex(archive.db)
        index.catch_up()
        done = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        if args.probe_only:
            for r in range(args.repeats):
                corpus.rng = random.Random(7_000_003 + done + r)
                count = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
                print(json.dumps({"articles": count, "repeat": r, **_round(probe(archive, corpus, 2 * 10**9 + count, args.probe, pages)),
                                  "cache_kib": -archive.db.execute("PRAGMA cache_size").fetchone()[0],
                                  "load": [round(x, 2) for x in os.getloadavg()]}), flush=True)
            return 0
        if done == 0:  # the empty archive's figure, the curve's first point
            corpus.rng = random.Random(1_000_003)
            print(json.dumps({"articles": 0, **_round(probe(archive, corpus, 10**9, args.probe, pages)),
                              "load": [round(x, 2) for x in os.getloadavg()]}), flush=True)
        while done < args.articles:
            k = min(args.step, args.articles - done)
            corpus.rng = random.Random(done)  # deterministic per step, and different from step to step
            chunk = [corpus.article(done + j) for j in range(k)]
            t = time.perf_counter()
            archive.save_articles(chunk, batch=4000)
            bulk = time.perf_counter() - t
            t = time.perf_counter()
            index.catch_up()
            near = time.perf_counter() - t
            count = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
            res = probe(archive, corpus, 10**9 + done, args.probe, pages)
            size = sum(p.stat().st_size for p in (args.db, Path(f"{args.db}-wal")) if p.exists())
            print(json.dumps({"articles": count, **_round(res), "bulk_per_s": round(k / bulk), "near_dup_index_s": round(near, 1),
                              "gb": round(size / 1e9, 2), "load": [round(x, 2) for x in os.getloadavg()]}), flush=True)
            done = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return 0


def _round(d: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in d.items()}


if __name__ == "__main__":
    raise SystemExit(main())
