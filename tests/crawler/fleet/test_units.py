"""Fleet pieces that need no servers: placement, configuration, site flag, node health of an absent node."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.config import load_config
from crawler.fleet.report import judge_nodes
from crawler.fleet.scrapyd import NodeStatus, ScrapydNode, place
from crawler.sites import ConfigError, load_sites
from crawler.stats import counts_from_stats
from tests.crawler.fleet.conftest import FLEET_FIXTURES, REPO, free_port

A, B, C = "http://a:6800", "http://b:6800", "http://c:6800"


def test_place_least_busy_then_affinity_and_never_a_down_or_excluded_node() -> None:
    statuses = [NodeStatus(A, True, running=2), NodeStatus(B, True, running=1), NodeStatus(C, True, pending=1)]
    assert place(statuses) == B  # B and C both carry 1: first listed wins without affinity
    assert place(statuses, affinity=C) == C  # equal load: the site's previous node
    assert place(statuses, affinity=A) == B  # affinity never beats a lighter node
    assert place([NodeStatus(A, False, error="down"), NodeStatus(B, True, running=5)]) == B
    assert place(statuses, exclude=[B, C]) == A
    assert place([NodeStatus(A, False)]) is None


def test_config_reads_fleet_keys_and_rejects_bad_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(f'[scheduler]\nexecutor = "scrapyd"\nnodes = ["{A}", "{B}"]\nredis_url = "redis://127.0.0.1:6379/0"\n')
    cfg = load_config(config_file=good)
    assert cfg.scheduler.executor == "scrapyd" and cfg.scheduler.nodes == (A, B)
    assert load_config(config_file=None).scheduler.executor == "local"
    for body, words in (('executor = "k8s"', "must be"), ('executor = "scrapyd"', "needs nodes"), ("nodes = [1]", "expected")):
        bad = tmp_path / "bad.toml"
        bad.write_text(f"[scheduler]\n{body}\n")
        with pytest.raises(ConfigError, match=words):
            load_config(config_file=bad)


def test_site_distributed_flag(tmp_path: Path) -> None:
    text = (FLEET_FIXTURES / "site.toml").read_text()
    for value in ("true", "false"):
        (tmp_path / "x.toml").write_text(text.format(key="x", base_url="http://127.0.0.1:1", host="127.0.0.1", delay=0,
                                                     distributed=value))
        assert load_sites(str(tmp_path / "x.toml"))["x"].distributed is (value == "true")


def test_absent_node_is_reported_down_not_raised() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    status = ScrapydNode(url, timeout=2).status()
    assert not status.ok and status.error and url in status.error


def test_ingest_without_redis_is_one_line_error(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "crawler.cli", "--db", str(tmp_path / "a.db"), "ingest", "--redis",
                          f"redis://127.0.0.1:{free_port()}/0"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "cannot start ingest" in run.stderr


def test_stream_items_are_compressed_and_older_uncompressed_entries_still_read() -> None:
    import pickle

    from crawler.fleet import queue
    from storage import RawPage

    pages = sorted((REPO / "tests" / "fixtures" / "real_news").glob("*.html"))
    page = pages[0].read_bytes()  # a publisher's page, byte for byte
    item = {"url": "http://a.kr/1", "body": "본문", "raw": RawPage(url="http://a.kr/1", body=page, status=200)}
    wire = queue.encode(item)
    assert queue.decode(wire) == item
    assert len(wire) < len(page) / 2  # the raw HTML dominates and compresses
    assert queue.decode(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)) == item  # queued by an older node


def test_node_jobs_share_the_node_cores_among_the_crawls_that_run_at_once(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A job's extraction pool on a node is the node's cores / the crawls running at once (it was every core)."""
    from scrapy.settings import Settings

    from crawler import workpool
    from crawler.fleet import node_settings
    from crawler.fleet.executor import ScrapydExecutor
    from crawler.spiders.site import extract_workers

    conf = tmp_path / "fleet.toml"
    conf.write_text(f'[scheduler]\nexecutor = "scrapyd"\nnodes = ["{A}"]\nredis_url = "redis://127.0.0.1:1/0"\n'
                    "max_parallel = 4\n")
    sites = load_sites()  # the built-in demo site
    site = sites["demo"]
    job = ScrapydExecutor(load_config(config_file=conf), lambda: sites).job_settings(site, 7)
    monkeypatch.setattr(workpool, "usable_cores", lambda: 8)
    monkeypatch.delenv("NEWSARCHIVE_CRAWL_PROCESSES", raising=False)
    monkeypatch.chdir(tmp_path)  # Scrapyd's working directory: its scrapyd.conf is read from there

    def node_job(max_proc: int | None) -> int:
        settings = Settings()
        settings.setmodule(node_settings, priority="project")
        settings.set("NEWSARCHIVE_NODE_MAX_PROC", max_proc, priority="project")
        for name, value in job.items():  # as Scrapyd passes them: `-s NAME=VALUE`
            settings.set(name, value, priority="cmdline")
        return extract_workers(settings)

    assert node_job(None) == 2  # up to 4 crawls at once (max_parallel), maybe all on this node: 8 cores / 4
    (tmp_path / "scrapyd.conf").write_text("[scrapyd]\nmax_proc = 2\n")
    assert node_settings.scrapyd_max_proc() == 2
    assert node_job(node_settings.scrapyd_max_proc()) == 4  # the node itself runs at most 2 jobs at once


def _counts(**given: int) -> dict[str, int]:
    """A node's counts as `NodeRunReport` sends them (every count, the given ones set)."""
    return {**counts_from_stats({}), **given}


def test_a_node_that_reached_nothing_of_a_shared_frontier_does_not_fail_the_run() -> None:
    # the other node took every page; this one met only the site's failing page (CI saw exactly this, once)
    reports = [("ok", None, _counts(fetched=9, new=9), "finished"),
               ("failed", "crawl on n2 ended: finished", _counts(failed=1), "finished")]
    status, error, counts = judge_nodes(reports)
    assert (status, error) == ("ok", None)
    assert counts["fetched"] == 9 and counts["failed"] == 1


def test_a_distributed_run_fails_when_no_node_reached_anything_or_one_broke() -> None:
    nothing = [("failed", "crawl on n1 ended: finished", _counts(discovery_failed=1), "finished"),
               ("failed", "crawl on n2 ended: finished", _counts(failed=1), "finished")]
    assert judge_nodes(nothing)[0] == "failed"
    lost = [("ok", None, _counts(fetched=9), "finished"), ("failed", "n2: lost", {}, None)]
    assert judge_nodes(lost)[:2] == ("failed", "n2: lost")
    store = [("ok", None, _counts(fetched=9), "finished"),
             ("failed", "crawl on n2 ended: finished", _counts(fetched=1, store_failed=1), "finished")]
    assert judge_nodes(store)[0] == "failed"
