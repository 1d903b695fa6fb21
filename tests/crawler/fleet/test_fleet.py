"""The crawl fleet for real on one machine: redis-server, two Scrapyd nodes, the daemon and the ingest writer."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from contextlib import closing
from pathlib import Path

from crawler import settings
from crawler.config import Config, SchedulerConfig
from crawler.demo.server import ground_truth
from crawler.fleet import queue
from crawler.fleet.executor import ScrapydExecutor
from crawler.fleet.scrapyd import ScrapydNode
from crawler.scheduler import records
from crawler.sites import load_sites
from storage import Archive
from tests.crawler.fleet.conftest import REPO, Fleet, IngestThread, wait_for

TRUTH = ground_truth()
UNIQUE = len(TRUTH.unique_articles)
ARTICLE_PATH = re.compile(r"/news/(draft/)?articleView\.html\?idxno=\d+|/read/[a-z]+/\d+\.htm")


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    """Rows from the archive, read directly."""
    if not db.exists():
        return []
    with closing(sqlite3.connect(db, timeout=10)) as conn:
        try:
            return conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError:
            return []


def per_site(db: Path) -> dict[str, int]:
    """Article count per site."""
    return dict(query(db, "SELECT site, count(*) FROM articles GROUP BY site"))


def _lagging(fleet: Fleet) -> bool:
    """True while the writer's group has entries unread or unacked."""
    groups = fleet.client.xinfo_groups(queue.STREAM)
    return not groups or any(g["pending"] or g.get("lag") for g in groups)


def executor(fleet: Fleet, db: Path) -> ScrapydExecutor:
    """A fleet executor over both nodes and the extra site files."""
    cfg = Config(db_path=db, scheduler=SchedulerConfig(executor="scrapyd", nodes=tuple(n.url for n in fleet.nodes),
                                                       redis_url=fleet.redis_url))
    sites = load_sites(str(fleet.extra_sites))
    return ScrapydExecutor(cfg, lambda: sites)


def cli(*args: str, cwd: Path) -> list[str]:
    """argv of the newsarchive CLI in this interpreter."""
    return [sys.executable, "-m", "crawler.cli", *args]


def env(**extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: this checkout first on the path."""
    return dict(os.environ, **extra, PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p))


def test_daemon_dispatches_three_sites_over_both_nodes_each_article_once(fleet: Fleet, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    (tmp_path / "newsarchive.toml").write_text(
        "[scheduler]\nexecutor = \"scrapyd\"\nmax_parallel = 3\nrun_timeout_minutes = 3\nstop_grace_seconds = 10\n"
        f"nodes = [\"{fleet.nodes[0].url}\", \"{fleet.nodes[1].url}\"]\nredis_url = \"{fleet.redis_url}\"\n")
    daemon = subprocess.Popen(cli("--db", str(db), "--sites", str(fleet.daemon_sites), "schedule", "start", cwd=tmp_path),
                              cwd=tmp_path, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: len(query(db, "SELECT id FROM crawl_runs WHERE status != 'running'")) >= 3, 90, "three runs")
        wait_for(lambda: fleet.client.xlen(queue.STREAM) >= 3 * UNIQUE and not _lagging(fleet), 30,
                 "every item ingested")
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, stderr.decode()[-2000:]
    runs = query(db, "SELECT site, status, node FROM crawl_runs ORDER BY id")
    assert sorted(r[0] for r in runs) == ["f1", "f2", "f3"] and {r[1] for r in runs} == {"ok"}, runs
    assert {r[2] for r in runs} == {n.url for n in fleet.nodes}, f"not spread over both nodes: {runs}"
    # the three sites serve the same stories: each lands once, the other two sites' URLs become its aliases
    assert sum(per_site(db).values()) == UNIQUE
    with Archive(db, readonly=True) as archive:
        for key in ("f1", "f2", "f3"):
            base = fleet.demos[key].base_url
            missing = [p for p in TRUTH.unique_articles if archive.article_id_for_url(base + p) is None]
            assert not missing, f"{key}: {len(missing)} articles not archived, e.g. {missing[:3]}"
    # each run's counts hold the node's fetch counts and the writer's store counts: every article is new in
    # exactly one run, and in each run every fetched page ended as new, duplicate, near duplicate or dropped
    counts = {site: json.loads(c) for site, c in query(db, "SELECT site, counts FROM crawl_runs")}
    assert sum(c["new"] for c in counts.values()) == UNIQUE, counts
    for site, c in counts.items():
        decided = c["new"] + c["duplicate"] + c["near_duplicate"] + c["dropped"]
        assert c["fetched"] > 0 and decided >= c["fetched"], (site, c)
    shown_json = subprocess.run(cli("--db", str(db), "runs", "--json", cwd=tmp_path), cwd=tmp_path, env=env(),
                                capture_output=True, text=True, timeout=60, check=True).stdout
    assert sum(r["counts"]["new"] for r in json.loads(shown_json)) == UNIQUE
    # the writer published what it stored, so nodes will skip it next time
    assert fleet.client.scard(queue.ARCHIVED) >= 3 * UNIQUE
    shown = subprocess.run(cli("--db", str(db), "runs", cwd=tmp_path), cwd=tmp_path, env=env(COLUMNS="200"), capture_output=True,
                           text=True, timeout=60, check=True).stdout
    assert "node" in shown and str(fleet.nodes[0].port) in shown
    listed = subprocess.run(cli("--db", str(db), "--sites", str(fleet.daemon_sites), "schedule", "list", "--json",
                                cwd=tmp_path), cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=60,
                            check=True).stdout
    nodes_by_site = {j["site"]: j["last_node"] for j in json.loads(listed)["jobs"]}
    assert {nodes_by_site[k] for k in ("f1", "f2", "f3")} == {n.url for n in fleet.nodes}
    health = subprocess.run(cli("nodes", "--json", cwd=tmp_path), cwd=tmp_path, env=env(), capture_output=True,
                            text=True, timeout=60)
    assert health.returncode == 0 and [json.loads(ln)["ok"] for ln in health.stdout.splitlines()] == [True, True]


def test_killed_node_run_is_failed_and_retried_on_the_other_nothing_lost(fleet: Fleet, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    records.ensure_archive(db)
    ingest = IngestThread(db, fleet.redis_url)
    fleet_exec = executor(fleet, db)
    run_id = records.start_run(db, "fslow", "manual")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(fleet_exec.run("fslow", "manual", run_id, timeout_s=120)))
    worker.start()
    try:
        node_url = wait_for(lambda: (records.get_run(db, run_id) or {}).get("node"), 30, "placement")
        wait_for(lambda: fleet.client.xlen(queue.STREAM) >= 5, 60, "the crawl to be under way")
        victim = next(n for n in fleet.nodes if n.url == node_url)
        victim.kill9()
        (tmp_path / "newsarchive.toml").write_text(
            f"[scheduler]\nnodes = [\"{fleet.nodes[0].url}\", \"{fleet.nodes[1].url}\"]\n")
        health = subprocess.run(cli("nodes", "--json", cwd=tmp_path), cwd=tmp_path, env=env(), capture_output=True,
                                text=True, timeout=60)
        assert health.returncode == 1 and "Traceback" not in health.stderr
        assert {json.loads(ln)["node"]: json.loads(ln)["ok"] for ln in health.stdout.splitlines()}[victim.url] is False
        worker.join(150)
        wait_for(lambda: per_site(db).get("fslow", 0) >= UNIQUE, 30, "every article ingested")
    finally:
        worker.join(150)
        ingest.join()
    runs = query(db, "SELECT id, status, node, trigger, error FROM crawl_runs ORDER BY id")
    assert runs[0][:3] == (run_id, "failed", victim.url) and "disappeared" in runs[0][4], runs
    assert len(runs) == 2 and runs[1][1:4] == ("ok", next(n.url for n in fleet.nodes if n is not victim), "retry"), runs
    assert outcome and outcome[0].status == "ok"
    assert per_site(db) == {"fslow": UNIQUE}  # nothing lost, nothing twice
    # what the killed node pushed before it died is counted in the failed run, the rest in the retry
    new = [json.loads(c)["new"] for (c,) in query(db, "SELECT counts FROM crawl_runs ORDER BY id")]
    assert sum(new) == UNIQUE and new[1] > 0, new


def _archive_content(db: Path) -> dict[str, list[tuple]]:
    return {
        "articles": query(db, "SELECT url, site, title, body, body_hash, authors, published, duplicate_of, version "
                              "FROM articles ORDER BY url"),
        "aliases": query(db, "SELECT a.url, u.url FROM article_urls u JOIN articles a ON a.id = u.article_id ORDER BY 1, 2"),
        "raw_pages": query(db, "SELECT url, count(*) FROM raw_pages GROUP BY url ORDER BY url"),
    }


def test_ingest_killed_mid_batch_then_restarted_equals_an_uninterrupted_run(fleet: Fleet, tmp_path: Path) -> None:
    node = ScrapydNode(fleet.nodes[0].url)
    job = node.schedule("fingest", {"NEWSARCHIVE_REDIS_URL": fleet.redis_url})
    wait_for(lambda: node.job_state(job) == "finished", 60, "the crawl")
    assert fleet.client.xlen(queue.STREAM) > UNIQUE
    whole, broken = tmp_path / "whole.db", tmp_path / "broken.db"
    run = subprocess.run(cli("--db", str(whole), "ingest", "--redis", fleet.redis_url, "--group", "whole", "--until-empty",
                             cwd=tmp_path), cwd=tmp_path, env=env(), capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    argv = cli("--db", str(broken), "ingest", "--redis", fleet.redis_url, "--group", "broken", "--batch", "7", cwd=tmp_path)
    victim = subprocess.Popen(argv, cwd=tmp_path, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def mid_batch() -> bool:
        groups = {g["name"]: g for g in fleet.client.xinfo_groups(queue.STREAM)}
        g = groups.get(b"broken") or groups.get("broken")
        return bool(g and g["pending"] > 0 and (g.get("entries-read") or 0) > 7)

    wait_for(mid_batch, 60, "the writer in the middle of a later batch", interval=0.005)
    victim.kill()  # SIGKILL
    victim.wait()
    stored = len(query(broken, "SELECT id FROM articles"))
    assert 0 < stored < UNIQUE, f"kill landed outside the run ({stored} stored)"
    run = subprocess.run(argv + ["--until-empty"], cwd=tmp_path, env=env(), capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    assert _archive_content(broken) == _archive_content(whole)
    assert len(_archive_content(whole)["articles"]) == UNIQUE
    # every item delivered a second time (a fresh group re-reads the whole stream): the archive does not change
    before = _archive_content(whole)
    run = subprocess.run(cli("--db", str(whole), "ingest", "--redis", fleet.redis_url, "--group", "again", "--until-empty",
                             cwd=tmp_path), cwd=tmp_path, env=env(), capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    assert _archive_content(whole) == before


def test_distributed_site_on_two_nodes_fetches_every_page_once(fleet: Fleet, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    records.ensure_archive(db)
    demo = fleet.demos["fdist"]
    demo.clear_log()
    ingest = IngestThread(db, fleet.redis_url)
    try:
        run_id = records.start_run(db, "fdist", "manual")
        outcome = executor(fleet, db).run("fdist", "manual", run_id, timeout_s=120)
        wait_for(lambda: per_site(db).get("fdist", 0) >= UNIQUE, 30, "every article ingested")
    finally:
        ingest.join()
    assert outcome.status == "ok", outcome.error
    assert set((records.get_run(db, run_id) or {})["node"].split(",")) == {n.url for n in fleet.nodes}
    fetched = Counter(demo.request_paths())
    # robots.txt: once per node for its own robots check (RobotsTxtMiddleware, not discovery), once more as the
    # discovering node's sitemap source
    robots = fetched.pop("/robots.txt", 0)
    assert 1 <= robots <= 1 + len(fleet.nodes), robots
    # every other page — feeds, sitemaps, listing pages and their next pages, article pages — once across both
    # nodes; pages the demo serves broken (500, cut short) are retried: 1 + RETRY_TIMES
    broken = {p for p, kind in TRUTH.failures.items() if kind in ("500", "truncated")}
    expected = {p: (1 + settings.RETRY_TIMES if p in broken else 1) for p in fetched}
    assert fetched == expected, {p: n for p, n in fetched.items() if n != expected[p]}
    discovery = [p for p in fetched if not ARTICLE_PATH.search(p)]
    assert "/rss/allArticle.xml" in discovery and any("/section/" in p for p in discovery), discovery
    assert sum(1 for p in fetched if ARTICLE_PATH.search(p)) >= UNIQUE
    assert per_site(db) == {"fdist": UNIQUE}


def test_backfill_job_on_a_node_is_refused_in_one_line_before_any_request(fleet: Fleet, tmp_path: Path) -> None:
    demo = fleet.demos["fingest"]
    demo.clear_log()
    db = tmp_path / "news.db"
    records.ensure_archive(db)
    node = ScrapydNode(fleet.nodes[1].url)
    job = node.schedule("fingest", {"NEWSARCHIVE_REDIS_URL": fleet.redis_url}, args={"since": "2026-01-01"})
    wait_for(lambda: node.job_state(job) == "finished", 60, "the refused job")
    status, error, _ = executor(fleet, db)._report(node.url, job)
    assert status == "failed" and error and "backfill" in error and "newsarchive crawl fingest --since" in error, error
    assert fleet.client.xlen(queue.STREAM) == 0 and demo.request_paths() == []
    log = (fleet.nodes[1].root / "logs" / "newsarchive" / "fingest" / f"{job}.log").read_text()
    errors = [ln for ln in log.splitlines() if " ERROR: " in ln]
    assert "Traceback" not in log and len(errors) == 1 and "does not run on a crawl node" in errors[0], errors
