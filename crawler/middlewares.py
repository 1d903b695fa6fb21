"""`SkipArchivedMiddleware`: article pages already in the archive are not requested again.

It sits between the spider and the scheduler, so a re-crawl of an unchanged site downloads only its
feeds, sitemaps and listings. Sites with `dedupe.revisit_hours` re-check younger articles for edits
(with conditional GET headers, so an unchanged page costs a 304).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.archive_access import archive_for
from crawler.stats import Stat


class SkipArchivedMiddleware(BaseSpiderMiddleware):
    """Drops article requests whose canonical URL (or an alias) is archived and not due for a revisit."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """The request itself, or None when its article is already archived."""
        if not request.meta.get("article"):
            return request
        crawler = self.crawler
        archive = archive_for(crawler)
        url = request.meta.get("canonical", request.url)
        article_id = archive.article_id_for_url(url)
        if article_id is None:
            return request
        site = getattr(crawler.spider, "site", None)
        revisit = site.dedupe.revisit_hours if site else 0
        if revisit:
            row = archive.get_article(article_id)
            first = _parse(row.get("published") or row.get("first_seen")) if row else None
            if first and datetime.now(timezone.utc) - first < timedelta(hours=revisit):
                request.headers.update(archive.conditional_headers(url))
                request.meta["revisit"] = article_id
                return request
        crawler.stats.inc_value(Stat.SKIPPED_SEEN)
        return None


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
