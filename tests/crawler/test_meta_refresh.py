"""`crawler.meta_refresh`: the crawl's meta-refresh middleware redirects exactly as Scrapy's does, on every fixture
page (refreshing ones included), and leaves a page without a refresh in its head undecoded."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler import settings as project
from crawler.meta_refresh import HeadMetaRefreshMiddleware
from crawler.page_head import may_refresh
from tests.crawler.test_page_head import CountingResponse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(FIXTURES.rglob("*.html"))
SEED = FIXTURES / "seed" / "article.html"


def _middleware(cls: type) -> MetaRefreshMiddleware:
    return build_from_crawler(cls, get_crawler())


def _outcome(result: object) -> object:
    return result.url if isinstance(result, Request) else "response"


def _response(body: bytes, headers: dict[str, str] | None = None) -> HtmlResponse:
    url = "https://news.example.com/a/1.html"
    return HtmlResponse(url, body=body, headers=headers or {"Content-Type": "text/html"}, request=Request(url))


def test_fixture_pages_take_both_paths():
    asked = [p for p in PAGES if may_refresh(_response(p.read_bytes()))]
    assert len(PAGES) > 300
    # real pages with a refresh in their head (e.g. le monde's 1800 s reload) go to Scrapy's middleware
    assert 0 < len(asked) < len(PAGES) // 2


@pytest.mark.parametrize("charset", [None, "utf-8", "cp949", "latin-1", "utf-16"])
def test_same_outcome_as_scrapy_on_every_fixture_page(charset):
    ours, scrapys = _middleware(HeadMetaRefreshMiddleware), _middleware(MetaRefreshMiddleware)
    headers = {"Content-Type": f"text/html; charset={charset}" if charset else "text/html"}
    for page in PAGES:
        body = page.read_bytes()
        request = Request("https://news.example.com/a/1.html")
        expected = _outcome(scrapys.process_response(request, _response(body, headers)))
        assert _outcome(ours.process_response(request, _response(body, headers))) == expected, page


@pytest.mark.parametrize("encoding", ["utf-8", "cp949", "utf-16"])
def test_refresh_found_in_any_case_and_encoding(encoding):
    head = '<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; URL=/moved/1.html"></head><body>기사</body></html>'
    response = _response(head.encode(encoding), {"Content-Type": f"text/html; charset={encoding}"})
    result = _middleware(HeadMetaRefreshMiddleware).process_response(Request(response.url), response)
    assert isinstance(result, Request) and result.url == "https://news.example.com/moved/1.html"


def test_refresh_past_the_head_is_ignored_as_by_scrapy():
    body = b"<html><head><title>t</title></head><body>" + b"x" * 20_000 + (
        b'<meta http-equiv="refresh" content="0; url=/moved/1.html"></body></html>')
    for cls in (HeadMetaRefreshMiddleware, MetaRefreshMiddleware):
        response = _response(body)
        assert _middleware(cls).process_response(Request(response.url), response) is response
    assert not may_refresh(_response(body))


def test_the_crawl_uses_it_and_a_page_without_refresh_is_not_decoded():
    crawler = get_crawler(settings_dict={"DOWNLOADER_MIDDLEWARES": project.DOWNLOADER_MIDDLEWARES})
    crawler._apply_settings()
    from scrapy.core.downloader.middleware import DownloaderMiddlewareManager

    manager = DownloaderMiddlewareManager.from_crawler(crawler)
    refresh = [m for m in manager.middlewares if isinstance(m, MetaRefreshMiddleware)]
    assert len(refresh) == 1
    url = "https://news.example.com/a/1.html"
    response = CountingResponse(url, body=SEED.read_bytes(), headers={"Content-Type": "text/html"}, request=Request(url))
    assert refresh[0].process_response(Request(url), response) is response
    assert response.decoded == 0
