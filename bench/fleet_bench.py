"""Fleet figures on this machine: crawl throughput with 1 vs 2 Scrapyd nodes, Redis memory per queued item,
and the single writer's ingest rate from Redis. Run by hand (needs redis-server and the `fleet` extra):

    .venv/bin/python bench/fleet_bench.py [--sites 6] [--items 3000] [--batch 200] [--stream copies|distinct]
        [--ingest-only | --crawl-only] [--extract-workers N] [--profile FILE]

Each demo-site copy serves 65 articles (~100 pages with feeds, listings and broken pages) on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import cProfile
import random
import re
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.config import Config, SchedulerConfig  # noqa: E402
from crawler.demo.server import DemoSite  # noqa: E402
from crawler.fleet import queue  # noqa: E402
from crawler.fleet.executor import ScrapydExecutor  # noqa: E402
from crawler.fleet.ingest import Ingestor  # noqa: E402
from crawler.scheduler import records  # noqa: E402
from crawler.sites import load_sites  # noqa: E402
from tests.crawler.fleet.conftest import FLEET_FIXTURES, Node, free_port, wait_for  # noqa: E402


def crawl_all(nodes: list[Node], sites_dir: Path, keys: list[str], redis_url: str, db: Path,
              extract_workers: int | None = None) -> tuple[float, int]:
    """Crawl every site at once over `nodes`; (seconds, pages fetched). `extract_workers`: each crawl's
    NEWSARCHIVE_EXTRACT_WORKERS (None: the node's default)."""
    cfg = Config(db_path=db, scheduler=SchedulerConfig(executor="scrapyd", nodes=tuple(n.url for n in nodes),
                                                       redis_url=redis_url))
    sites = load_sites(str(sites_dir))
    executor = ScrapydExecutor(cfg, lambda: sites)
    if extract_workers is not None:
        base_settings = executor.job_settings
        executor.job_settings = lambda site, run_id: {**base_settings(site, run_id),  # type: ignore[method-assign]
                                                      "NEWSARCHIVE_EXTRACT_WORKERS": str(extract_workers)}
    outcomes: list = []
    t0 = time.monotonic()
    threads = [threading.Thread(target=lambda k=k: outcomes.append(
        executor.run(k, "bench", records.start_run(db, k, "bench")))) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - t0
    bad = [o for o in outcomes if o.status != "ok"]
    if bad:
        sys.exit(f"crawl failed: {bad[0].error}")
    return seconds, sum(o.counts.get("fetched", 0) for o in outcomes)


def synthetic(client, n: int, stream: str) -> None:  # noqa: ANN001 - redis client
    """Append `n` items to the stream, made from the crawled ones under new URLs: `copies` adds one sentence to a
    crawled body (a near duplicate of it: the dedupe's worst case), `distinct` draws each body's sentences at
    random from all crawled bodies (new articles, as most of a real crawl is)."""
    base = [queue.decode(f[b"item"]) for _, f in client.xrange(queue.STREAM)]
    sentences = [s for item in base for s in re.split(r"(?<=다\.)\s+", item.get("body") or "") if len(s) > 20]
    rng = random.Random(7919)
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        item = dict(base[i % len(base)])
        item["url"] = f"{item['url']}&copy={i}"
        if item.get("raw") is not None:  # a page of its own: the writer must not take it for a re-delivery
            item["raw"] = replace(item["raw"], url=item["url"])
        item["aliases"] = []
        if stream == "distinct":
            item["body"] = " ".join(rng.sample(sentences, min(len(sentences), 12)))
        else:
            item["body"] = f"{item.get('body') or ''}\n사본 {i}번 문단: 벤치마크용으로 바뀐 문장 {i * 7919}."
        pipe.xadd(queue.STREAM, {"item": queue.encode(item)})
    pipe.execute()


def main() -> None:
    """Print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sites", type=int, default=6)
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--stream", choices=("copies", "distinct"), default="copies",
                    help="synthetic items: near copies of crawled articles, or new articles")
    ap.add_argument("--batch", type=int, default=200, help="ingest batch size")
    ap.add_argument("--ingest-only", action="store_true", help="crawl once on 2 nodes to fill the stream, then only "
                    "measure the writer")
    ap.add_argument("--crawl-only", action="store_true", help="only the 1 vs 2 node crawl figures")
    ap.add_argument("--extract-workers", type=int, help="extraction workers per crawl process (default: the node's, "
                    "one per core; 0 = in the crawl process)")
    ap.add_argument("--profile", metavar="FILE", help="write a cProfile of the ingest run to FILE")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    demos, nodes, redis_proc = [], [], None
    try:
        port = free_port()
        redis_url = f"redis://127.0.0.1:{port}/0"
        (root / "redis").mkdir()
        redis_proc = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
                                       "127.0.0.1", "--dir", str(root / "redis"), "--save", "", "--appendonly", "no"],
                                      stdout=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=port)
        wait_for(lambda: _ping(client), 10, "redis")
        sites_dir = root / "sites"
        sites_dir.mkdir()
        template = (FLEET_FIXTURES / "site.toml").read_text()
        keys = [f"b{i}" for i in range(args.sites)]
        for key in keys:
            demo = DemoSite().start()
            demos.append(demo)
            (sites_dir / f"{key}.toml").write_text(template.format(key=key, base_url=demo.base_url, host="127.0.0.1",
                                                                   delay=0, distributed="false"))
        nodes = [Node(root / f"node{i}", str(sites_dir)) for i in (1, 2)]
        for node in nodes:
            node.start()
        for count in ((2,) if args.ingest_only else (1, 2)):
            client.flushall()
            db = root / f"crawl{count}.db"
            records.ensure_archive(db)
            used0 = client.info("memory")["used_memory"]
            seconds, pages = crawl_all(nodes[:count], sites_dir, keys, redis_url, db, args.extract_workers)
            items = client.xlen(queue.STREAM)
            print(f"crawl, {count} node(s): {args.sites} sites, {pages} pages in {seconds:.1f} s = "
                  f"{pages / seconds:.1f} pages/s ({items} items queued; extraction workers per crawl: "
                  f"{'node default' if args.extract_workers is None else args.extract_workers}; load average "
                  f"{os.getloadavg()[0]:.1f})")
        if args.crawl_only:
            return
        per_item = (client.info("memory")["used_memory"] - used0) / max(items, 1)
        size = sum(len(f[b"item"]) for _, f in client.xrange(queue.STREAM)) / max(items, 1)
        print(f"redis memory per queued item: {per_item / 1024:.1f} KiB (item payload {size / 1024:.1f} KiB: "
              "record + raw page)")
        synthetic(client, args.items, args.stream)
        total = client.xlen(queue.STREAM)
        ingestor = Ingestor(root / "ingest.db", redis_url, batch_size=args.batch)
        profiler = cProfile.Profile() if args.profile else None
        t0, cpu0 = time.monotonic(), time.process_time()
        if profiler:
            profiler.enable()
        stats = ingestor.run(until_empty=True)
        seconds, cpu = time.monotonic() - t0, time.process_time() - cpu0
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        ingestor.close()
        print(f"single writer: {stats.items} of {total} items in {seconds:.1f} s = {stats.items / seconds:.0f} items/s "
              f"({stats.items / cpu:.0f} per CPU second of the writer; batches of {args.batch}; load average "
              f"{os.getloadavg()[0]:.1f}; counts {stats.counts.get('new', 0)} new, "
              f"{stats.counts.get('near_duplicate', 0)} near-dup, {stats.counts.get('duplicate', 0)} dup)")
    finally:
        for node in nodes:
            node.kill9()
        if redis_proc:
            redis_proc.terminate()
        for demo in demos:
            demo.stop()
        shutil.rmtree(root, ignore_errors=True)


def _ping(client) -> bool:  # noqa: ANN001
    try:
        return bool(client.ping())
    except Exception:
        return False


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
