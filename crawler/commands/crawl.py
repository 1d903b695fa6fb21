"""`scrapy crawl SITE`: Scrapy's own command, but a crawl refused because another process crawls that site into
the same archive (crawler.site_lock_middleware) exits 1, as a failed run should — Scrapy's command exits 0 for any
crawl that started, however it ended."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.site_lock_middleware import refused_as_busy


class Command(ScrapyCrawl):
    """Scrapy's `crawl`, exiting 1 when the crawl was refused (site busy)."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Run one spider; exit code 1 when Scrapy's would be, or when the site lock refused the crawl."""
        if len(args) < 1:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or refused_as_busy(crawler):
            self.exitcode = 1
