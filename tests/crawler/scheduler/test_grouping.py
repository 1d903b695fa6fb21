"""Grouping due sites into crawl processes: the `Grouper` API, and the daemon with the fake crawl."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from crawler.config import load_config
from crawler.scheduler.grouping import Grouper, Member
from crawler.scheduler.runner import default_argv_builder, template_argv_builder
from crawler.sites import ConfigError
from tests.crawler.scheduler.conftest import Harness, no_overlap, wait_for


def _join_all(grouper: Grouper, sites: list[str]) -> list[tuple[str, object, bool]]:
    """Each site joins from its own thread (as APScheduler's job threads do); leaders seal after the window."""
    joined: list[tuple[str, object, bool]] = []
    lock = threading.Lock()

    def one(site: str) -> None:
        group, leader = grouper.join(Member(site, "schedule"))
        with lock:
            joined.append((site, group, leader))
        if leader:
            grouper.wait_window(group)
            grouper.seal(group)
            group.done.set()
        else:
            group.done.wait(30)

    threads = [threading.Thread(target=one, args=(s,)) for s in sites]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return joined


def test_sites_due_together_form_groups_bounded_by_max_sites():
    sites = [f"s{i}" for i in range(7)]
    joined = _join_all(Grouper(max_sites=3, window_s=2.0), sites)
    groups: dict[int, list[str]] = defaultdict(list)
    leaders: dict[int, int] = defaultdict(int)
    for site, group, leader in joined:
        groups[id(group)].append(site)
        leaders[id(group)] += leader
    assert sorted(len(g) for g in groups.values()) == [1, 3, 3]
    assert sorted(s for g in groups.values() for s in g) == sites  # every site in exactly one group
    assert all(n == 1 for n in leaders.values())  # one process started per group


def test_full_group_is_sealed_at_once_and_late_sites_open_a_new_group():
    grouper = Grouper(max_sites=2, window_s=30)
    first, lead = grouper.join(Member("a", "schedule"))
    assert lead
    same, lead_b = grouper.join(Member("b", "manual", request_id=7))
    assert same is first and not lead_b and first.sealed
    t0 = time.monotonic()
    grouper.wait_window(first)  # full: no 30 s wait
    assert time.monotonic() - t0 < 10
    assert [m.request_id for m in first.members] == [None, 7]
    nxt, lead_c = grouper.join(Member("c", "schedule"))
    assert nxt is not first and lead_c


def test_window_closes_a_group_that_is_not_full():
    grouper = Grouper(max_sites=20, window_s=0.3)
    group, _ = grouper.join(Member("a", "schedule"))
    grouper.wait_window(group)
    assert grouper.seal(group) == [Member("a", "schedule")]
    later, lead = grouper.join(Member("b", "schedule"))
    assert later is not group and lead


def test_window_counts_from_the_last_site_that_joined():
    now = [0.0]
    grouper = Grouper(max_sites=20, window_s=1.0, clock=lambda: now[0])
    group, _ = grouper.join(Member("a", "schedule"))
    now[0] = 0.9
    grouper.join(Member("b", "schedule"))  # a burst of due sites still arriving
    now[0] = 1.5  # past the first site's window, within the last one's
    done = threading.Event()
    waiter = threading.Thread(target=lambda: (grouper.wait_window(group), done.set()))
    waiter.start()
    assert not done.wait(0.5)  # still open for more of the burst
    now[0] = 2.0
    assert done.wait(10)
    waiter.join(10)
    assert grouper.seal(group) == [Member("a", "schedule"), Member("b", "schedule")]


def test_max_sites_must_be_positive():
    with pytest.raises(ValueError):
        Grouper(max_sites=0, window_s=1)


@pytest.mark.parametrize("line, words", [
    ("max_sites_per_process = 0", "must be >= 1"),
    ("max_sites_per_process = 2.5", "expected an integer"),
    ("group_window_seconds = 600", "must be 0-60 seconds"),
    ("group_window_seconds = nan", "must be 0-60 seconds"),
])
def test_group_settings_are_checked(tmp_path: Path, line: str, words: str):
    conf = tmp_path / "newsarchive.toml"
    conf.write_text(f"[scheduler]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_config(config_file=conf)


def test_group_settings_default_and_load(tmp_path: Path):
    assert load_config(config_file=None).scheduler.max_sites_per_process == 50
    conf = tmp_path / "newsarchive.toml"
    conf.write_text("[scheduler]\nmax_sites_per_process = 5\ngroup_window_seconds = 0.5\n", encoding="utf-8")
    cfg = load_config(config_file=conf).scheduler
    assert (cfg.max_sites_per_process, cfg.group_window_seconds) == (5, 0.5)


def test_crawl_command_of_a_group_names_every_site_and_its_run(tmp_path: Path):
    db = tmp_path / "a.db"
    default = default_argv_builder(db)(["yna", "hani"], [11, 12], "schedule")
    assert default[default.index("crawl"):] == ["crawl", "yna", "hani", "--trigger", "schedule", "--run-id", "11,12",
                                               "--no-progress", "--log-file", "-"]
    template = template_argv_builder("nice {python} x.py --db {db} --site {site} --run-id {run_id} --tag t-{site}", db)
    assert template(["yna", "hani"], [11, 12], "schedule")[3:] == [
        "--db", str(db), "--site", "yna", "hani", "--run-id", "11,12", "--tag", "t-yna,hani"]
    assert template("yna", 11, "manual")[5:] == ["--site", "yna", "--run-id", "11", "--tag", "t-yna"]


def _finished(h: Harness, site: str, n: int = 1) -> list[dict]:
    rows = [r for r in h.runs(site) if r["status"] != "running"]
    return rows if len(rows) >= n else []


def test_daemon_crawls_due_sites_in_fewer_processes_each_with_its_own_run(harness: Harness):
    h = harness
    sites = ["s1", "s2", "s3", "s4", "s5"]
    for key in sites:
        h.site(key, 0.05)  # 3 s
    h.configure(max_parallel=2, max_sites_per_process=2, group_window_seconds=1.0)
    h.env.update({"FAKE_CRAWL_SECONDS": "1.0", "FAKE_CRAWL_MODES": "s3=crash"})
    proc = h.start()
    wait_for(lambda: all(_finished(h, k, 2) for k in sites), 40, what="two runs of every site")
    assert h.stop(proc)[0] == 0
    starts = [e for e in h.events() if e["kind"] == "start"]
    by_pid: dict[int, set[str]] = defaultdict(set)
    for e in starts:
        by_pid[e["pid"]].add(e["site"])
    assert all(len(s) <= 2 for s in by_pid.values()), by_pid  # max_sites_per_process
    assert len(by_pid) < len(starts), "every site run had a process of its own"
    assert any(len(s) == 2 for s in by_pid.values())
    for key in sites:
        assert no_overlap(h.intervals(key)), f"{key} was crawled twice at once"
    # each site keeps its own row and status; the crash of s3's crawl loses nothing of its group partner
    for key in sites:
        rows = [r for r in h.runs(key) if r["status"] != "running"]
        if key == "s3":
            assert all(r["status"] == "failed" and "exited 3" in r["error"] for r in rows)
        else:
            assert all(r["status"] == "ok" and r["counts"]["new"] == 2 for r in rows), rows
    log = h.log_file.read_text()
    assert all(f"{key} run" in log for key in sites)
    assert "other site(s)" in log
    # each site's log is the group's log file, under the site's own name
    runs_dir = h.root / "archive.db.scheduler.runs"
    assert all(list(runs_dir.glob(f"{key}-*.log")) for key in sites)
