"""`crawler.log_levels`: during a crawl Scrapy's per-page DEBUG lines are not even made into records when every
handler would drop them, and are when some handler writes DEBUG."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import DemoSite
from crawler.log_levels import lowest_written_level, skip_unwritten_records

ROOT = Path(__file__).parents[2]

# Runs one demo crawl in a child process (a Twisted reactor runs once per process) and prints how many DEBUG records
# Scrapy's engine made ("Crawled (200) …", one per response) and how many article pages were fetched.
CRAWL = """
import json, logging, sys
from crawler.runner import run_crawls
made = []
class Count(logging.Filter):
    def filter(self, record):
        made.append(record.levelno)
        return True
logging.getLogger("scrapy.core.engine").addFilter(Count())
(summary,) = run_crawls(["demo"], db=sys.argv[1], base_url=sys.argv[2], log_level=sys.argv[3], log_file=sys.argv[4])
print(json.dumps({"debug": made.count(logging.DEBUG), "fetched": summary.counts.get("fetched", 0)}))
"""


def _crawl(tmp_path: Path, base_url: str, level: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CRAWL, str(tmp_path / f"{level}.db"), base_url, level,
                           str(tmp_path / f"{level}.log")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_crawl_at_info_makes_no_debug_records_and_one_at_debug_does(tmp_path):
    with DemoSite() as site:
        info = _crawl(tmp_path, site.base_url, "INFO")
        debug = _crawl(tmp_path, site.base_url, "DEBUG")
    assert info["fetched"] > 10 and debug["fetched"] == info["fetched"]
    assert info["debug"] == 0
    assert debug["debug"] >= debug["fetched"]  # at DEBUG the lines are still written
    assert "Crawled (200)" in (tmp_path / "DEBUG.log").read_text(encoding="utf-8")


@pytest.fixture
def hot():
    """A logger like Scrapy's (DEBUG, its children inherit it) whose only handler writes INFO and up; kept apart from
    the root logger, where pytest's own capturing handlers take everything (pytest's logging plugin adds
    them to non-propagating loggers too: the test body sets the handlers itself)."""
    logger = logging.getLogger("newsarchive_test_hot")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO)
    saved = logger.handlers[:]
    yield logger, handler
    logger.handlers[:] = saved
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def test_level_raised_inside_and_restored_after(hot):
    hot, handler = hot
    hot.handlers[:] = [handler]
    child = logging.getLogger(f"{hot.name}.engine")
    with skip_unwritten_records((hot.name,)):
        assert not child.isEnabledFor(logging.DEBUG)
        assert child.isEnabledFor(logging.INFO)
    assert child.isEnabledFor(logging.DEBUG)


def test_a_handler_that_writes_everything_keeps_debug(hot):
    hot, handler = hot
    hot.handlers[:] = [handler, logging.Handler()]  # the second at NOTSET, like pytest's caplog handler
    assert lowest_written_level(hot) == logging.NOTSET
    with skip_unwritten_records((hot.name,)):
        assert logging.getLogger(f"{hot.name}.engine").isEnabledFor(logging.DEBUG)
