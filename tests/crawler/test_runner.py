"""`crawler.runner.run_crawls`: what it does before Scrapy's crawl process starts."""

from __future__ import annotations

import pytest

import crawler.runner as runner


class _Stop(Exception):
    """Raised where the crawl process would be made: the test ends there."""


def test_the_extraction_workers_start_before_scrapys_crawl_process(tmp_path, monkeypatch) -> None:
    # Their imports (~0.3 s) then overlap Scrapy's set-up and discovery instead of holding the first pages back.
    events: list[tuple[str, int]] = []
    monkeypatch.setattr(runner, "extraction_pool", lambda workers: events.append(("pool", workers)))

    def crawler_process(settings):
        events.append(("process", 0))
        raise _Stop

    monkeypatch.setattr(runner, "CrawlerProcess", crawler_process)
    with pytest.raises(_Stop):
        runner.run_crawls(["demo"], db=tmp_path / "a.db", overrides={"NEWSARCHIVE_EXTRACT_WORKERS": 3})
    assert events == [("pool", 3), ("process", 0)]
    events.clear()
    with pytest.raises(_Stop):  # extraction in the crawl's own process: no pool
        runner.run_crawls(["demo"], db=tmp_path / "b.db", overrides={"NEWSARCHIVE_EXTRACT_WORKERS": 0})
    assert events == [("process", 0)]
