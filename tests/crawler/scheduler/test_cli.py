"""`newsarchive schedule …` and `newsarchive runs` as a user runs them (subprocesses, fake crawl)."""

from __future__ import annotations

import json
import time

from tests.crawler.scheduler.conftest import Harness, wait_for


def test_run_now_without_daemon_crawls_in_the_foreground(harness: Harness):
    h = harness
    h.site("alpha", 60)
    h.env["FAKE_CRAWL_SECONDS"] = "0.1"
    res = h.cli("schedule", "run-now", "alpha")
    assert res.returncode == 0, res.stderr
    assert "foreground" in res.stderr
    (row,) = h.runs("alpha")
    assert row["trigger"] == "manual" and row["status"] == "ok" and row["counts"]["new"] == 2


def test_crashed_crawl_is_recorded_failed_with_an_error_summary(harness: Harness):
    h = harness
    h.site("alpha", 60)
    res = h.cli("schedule", "run-now", "alpha", env={"FAKE_CRAWL_MODES": "alpha=crash"})
    assert res.returncode == 1
    (row,) = h.runs("alpha")
    assert row["status"] == "failed" and row["exit_code"] == 3
    assert row["error"].startswith("crawl exited 3: ERROR: something broke")
    assert row["finished_at"]


def test_bad_input_is_one_line_and_exit_2(harness: Harness):
    h = harness
    res = h.invoke("schedule", "run-now", "nope")
    assert res.exit_code == 2
    assert res.stderr.startswith("error: unknown site 'nope'") and "Traceback" not in res.stderr
    res = h.invoke("runs")
    assert res.exit_code == 2 and res.stderr.startswith("error: no archive at")
    (h.sites_dir / "broken.toml").write_text("[site]\nkey = 'Bad Key'\n")
    for args in (("schedule", "list"), ("schedule", "start"), ("schedule", "run-now", "alpha")):
        res = h.invoke(*args)
        assert res.exit_code == 2 and res.stderr.startswith("error:") and "Bad Key" in res.stderr, args
    assert not h.log_file.exists()  # a bad config never got as far as starting a daemon


def test_runs_lists_filters_and_flags_unhealthy_sites(harness: Harness):
    h = harness
    h.site("good", 60)
    h.site("broken", 60)
    h.site("stale", 60)
    h.configure(health_failure_streak=2, health_zero_new_runs=2, health_max_extraction_failure_rate=0.5)
    h.record_run("good", fetched=3, new=2)
    h.record_run("broken", fetched=4, new=1)
    h.record_run("broken", "failed", fetched=0, new=0, failed=5)
    h.record_run("broken", "failed", fetched=0, new=0, failed=5)
    h.record_run("stale", fetched=3, new=0)
    h.record_run("stale", fetched=3, new=0)
    h.record_run("layout", fetched=10, new=1, extraction_failed=8)

    rows = json.loads(h.invoke("runs", "--json").stdout)
    assert [r["site"] for r in rows] == ["layout", "stale", "stale", "broken", "broken", "broken", "good"]
    failed = json.loads(h.invoke("runs", "--failed", "--json").stdout)
    assert [r["site"] for r in failed] == ["broken", "broken"]
    only = json.loads(h.invoke("runs", "--site", "good", "--json").stdout)
    assert len(only) == 1 and only[0]["counts"]["new"] == 2
    assert len(json.loads(h.invoke("runs", "--limit", "2", "--json").stdout)) == 2
    table = h.invoke("runs").stdout
    assert "broken" in table and "failed" in table and "all requests failed" in table

    res = h.invoke("runs", "--health", "--json")
    assert res.exit_code == 1  # something is unhealthy: usable from monitoring
    health = {v["site"]: v for v in json.loads(res.stdout)}
    assert health["good"]["healthy"]
    assert health["broken"]["problems"] == ["2 failed runs in a row (last: crawl ended: all requests failed)"]
    assert health["stale"]["problems"] == ["no new articles in 2 consecutive runs"]
    assert health["layout"]["problems"] == ["extraction failed for 80% of fetched pages in the latest run"]
    assert health["demo"]["runs"] == 0 and health["demo"]["healthy"]
    text = h.invoke("runs", "--health").stdout
    assert "failed runs in a row" in text and "no runs yet" in text
    assert "newsarchive doctor broken layout stale" in text  # the health view points at the per-check view
    assert h.invoke("runs", "--health", "--site", "good").exit_code == 0


def test_schedule_list_shows_every_site(harness: Harness):
    h = harness
    h.site("alpha", 60)
    h.site("cronny", schedule='cron = "30 6 * * *"\ntimezone = "Asia/Seoul"')
    h.site("off", 60, enabled=False)
    h.record_run("alpha", fetched=1, new=1)
    data = json.loads(h.invoke("schedule", "list", "--json").stdout)
    assert data["daemon_pid"] is None
    jobs = {j["site"]: j for j in data["jobs"]}
    assert jobs["alpha"]["last_status"] == "ok" and jobs["alpha"]["next_run"]
    assert jobs["cronny"]["schedule"] == "cron '30 6 * * *' (Asia/Seoul)"
    assert jobs["cronny"]["next_run"].endswith("+09:00") and "T06:30:00" in jobs["cronny"]["next_run"]
    assert jobs["off"]["enabled"] is False and jobs["off"]["next_run"] is None
    text = h.invoke("schedule", "list").stdout
    assert "daemon not running" in text and "alpha" in text and "disabled" in text


def test_run_now_queued_without_daemon_runs_at_next_start(harness: Harness):
    h = harness
    h.site("alpha", 60)
    h.env["FAKE_CRAWL_SECONDS"] = "0.1"
    h.record_run("alpha", fetched=1, new=1)  # crawled recently, so the schedule is not due at start
    res = h.invoke("schedule", "run-now", "alpha", "--queue")
    assert res.exit_code == 0 and "next daemon start" in res.stderr
    assert h.invoke("schedule", "run-now", "alpha", "--queue").exit_code == 0  # same pending request reused
    assert json.loads(h.invoke("schedule", "list", "--json").stdout)["jobs"][0]["queued"]
    proc = h.start()
    wait_for(lambda: len([r for r in h.runs("alpha") if r["status"] == "ok"]) == 2, 10, what="queued run")
    time.sleep(0.5)
    assert h.stop(proc)[0] == 0
    assert [r["trigger"] for r in h.runs("alpha")] == ["schedule", "manual"]
