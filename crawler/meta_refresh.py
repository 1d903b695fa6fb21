"""`HeadMetaRefreshMiddleware`: Scrapy's `MetaRefreshMiddleware`, without decoding every whole page to find none.

Scrapy looks for `<meta http-equiv="refresh">` in the first 4,096 characters of `response.text`, which decodes the
whole body first. `crawler.page_head.may_refresh` rules a refresh out from the body's first bytes (the reasoning is
in that module); every page it cannot rule out goes to Scrapy's own middleware unchanged, which decides.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

from crawler.page_head import may_refresh


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, asked only of pages whose head may hold a refresh."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        """The response itself when its head cannot hold a refresh, else what Scrapy's middleware does with it."""
        if isinstance(response, HtmlResponse) and not may_refresh(response):
            return response
        return super().process_response(request, response)
