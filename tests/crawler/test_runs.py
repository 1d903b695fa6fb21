"""`crawler.runs`: the run rows of a crawl process — one heartbeat for all the sites a process crawls."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.archive_access import archive_for, close_archive
from crawler.runs import _ProcessHeartbeat
from storage import Archive


def test_one_heartbeat_statement_covers_every_site_of_the_process(tmp_path: Path):
    db = tmp_path / "a.db"
    crawlers = [get_crawler(settings_dict={"NEWSARCHIVE_DB": str(db)}) for _ in range(3)]  # a group of 3 sites
    with Archive(db) as a:
        run_ids = [a.start_run(f"site{i}") for i in range(3)]
        a.db.execute("UPDATE crawl_runs SET heartbeat_at = '2020-01-01T00:00:00Z'")
        a.db.conn.commit()
    beats = _ProcessHeartbeat()
    statements: list[str] = []
    try:
        for crawler, run_id in zip(crawlers, run_ids):
            beats.add(run_id, crawler)
            archive_for(crawler).db.conn.set_trace_callback(statements.append)
        beats.remove(run_ids[2])  # that site's crawl ended: no more beats for it
        beats.beat()
    finally:
        for crawler in crawlers:
            beats.remove(run_ids[crawlers.index(crawler)])
            close_archive(crawler)
    assert sum("UPDATE crawl_runs SET heartbeat_at" in s for s in statements) == 1  # was one per site
    with Archive(db, readonly=True) as a:
        beat = dict(a.db.execute("SELECT id, heartbeat_at FROM crawl_runs").fetchall())
    assert beat[run_ids[0]] > "2021" and beat[run_ids[1]] > "2021" and beat[run_ids[2]] == "2020-01-01T00:00:00Z"
    assert beats._loop is not None and not beats._loop.running  # the last run removed stops the timer
