"""A plain `scrapy crawl SITE` takes the site's lock like `newsarchive crawl`: each refuses while the other runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crawler.demo.server import DemoSite
from crawler.site_lock import SiteLock
from storage import Archive
from tests.crawler.test_crawl_failures import ROOT, _env, crawl_while_another_runs


def scrapy_crawl(db: Path, base_url: str, *settings: str) -> list[str]:
    """argv of `scrapy crawl demo` from the repository root into `db`, warnings and errors on stderr."""
    return [sys.executable, "-m", "scrapy", "crawl", "demo", "-a", f"base_url={base_url}", "-s", f"NEWSARCHIVE_DB={db}",
            "-s", "LOG_LEVEL=WARNING", *(x for s in settings for x in ("-s", s))]


def test_scrapy_crawl_refuses_in_one_line_while_another_process_crawls_the_site(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with DemoSite() as site:
        with SiteLock(db, "demo"):  # this test process is "the other crawl"
            refused = subprocess.run(scrapy_crawl(db, site.base_url), cwd=ROOT, capture_output=True, text=True,
                                     timeout=300, env=_env())
            assert site.request_paths() == []  # not one request, not even robots.txt
        assert refused.returncode == 1, refused.stderr  # a failed run, as Scrapy users expect (it exited 0)
        errors = [ln for ln in refused.stderr.splitlines() if " ERROR: " in ln]
        assert len(errors) == 1 and "site 'demo' is already being crawled into this archive" in errors[0], refused.stderr
        assert "Traceback" not in refused.stderr
        with Archive(db) as archive:
            assert archive.runs() == []  # a refused crawl opens no run
        # once the lock is free, the same command crawls
        done = subprocess.run(scrapy_crawl(db, site.base_url, "NEWSARCHIVE_EXTRACT_WORKERS=1"), cwd=ROOT,
                              capture_output=True, text=True, timeout=300, env=_env())
        assert done.returncode == 0 and "already being crawled" not in done.stderr, done.stderr[-2000:]
        with Archive(db) as archive:
            assert archive.db["articles"].count > 0 and [r["status"] for r in archive.runs()] == ["ok"]


def test_newsarchive_crawl_is_refused_while_scrapy_crawl_runs(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with DemoSite() as site:
        first, second = crawl_while_another_runs(scrapy_crawl(db, site.base_url, "DOWNLOAD_DELAY=0.5"), db,
                                                 site.base_url, cwd=tmp_path, first_cwd=ROOT)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"error: site 'demo' is already being crawled into this archive by pid {first.pid}; "
        f"not starting a second crawl (lock: {db.resolve()}.locks/crawl-demo.lock)"]


def test_scrapy_crawl_on_a_full_disk_stops_with_the_one_disk_full_line(tmp_path: Path) -> None:
    """A full disk when `scrapy crawl` takes the site's lock: one ERROR line (the disk-full line of every other
    write), exit 1, no request, no traceback (it was a traceback from the lock and from the dedupe pipeline)."""
    from tests.storage.mounts import fill, tmpfs

    with DemoSite() as site, tmpfs(tmp_path / "small", "1m") as disk:
        db = disk / "news.db"
        with Archive(db) as other:  # another process holds the archive open: its WAL and shared memory exist
            other.stats()
            fill(disk)
            proc = subprocess.run(scrapy_crawl(db, site.base_url), cwd=ROOT, capture_output=True, text=True,
                                  timeout=300, env=_env())
        assert site.request_paths() == []
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    errors = [ln for ln in proc.stderr.splitlines() if " ERROR: " in ln]
    assert len(errors) == 1 and f"disk full: cannot write to archive {db}" in errors[0], proc.stderr[-3000:]
