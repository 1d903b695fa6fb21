"""`crawler.page_head`: the base URL read from a page's first bytes is Scrapy's `get_base_url` on every fixture page
(in several declared encodings, `<base href>` pages included), and an article page's links are joined without
decoding the whole page when its head has no `<base`."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_base_url

from crawler.page_head import base_url
from crawler.spiders.site import _urljoin

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(FIXTURES.rglob("*.html"))
SEED = FIXTURES / "seed" / "article.html"
URL = "https://news.example.com/section/a/1.html?x=1"
LINKS = ["/news/2.html", "3.html", "//cdn.example.com/4.html", "https://other.example.org/5", "../6?a=b#c", ""]


class CountingResponse(HtmlResponse):
    """An HtmlResponse that counts how often its whole body is decoded (`.text`)."""

    decoded = 0

    @property
    def text(self) -> str:
        self.decoded += 1
        return super().text


def _response(body: bytes, charset: str | None, cls: type = HtmlResponse) -> HtmlResponse:
    headers = {"Content-Type": f"text/html; charset={charset}" if charset else "text/html"}
    return cls(URL, body=body, headers=headers, request=Request(URL))


def test_fixture_pages_include_base_tags():
    with_base = [p for p in PAGES if get_base_url(_response(p.read_bytes(), None)) != URL]
    assert len(PAGES) > 300 and with_base


@pytest.mark.parametrize("charset", [None, "utf-8", "cp949", "latin-1", "utf-16"])
def test_same_base_and_joins_as_scrapy_on_every_fixture_page(charset):
    for page in PAGES:
        body = page.read_bytes()
        expected = get_base_url(_response(body, charset))
        assert base_url(_response(body, charset)) == expected, page
        response = _response(body, charset)
        assert [_urljoin(response, link) for link in LINKS] == [_response(body, charset).urljoin(link) for link in LINKS]


@pytest.mark.parametrize("encoding", ["utf-8", "cp949", "utf-16"])
def test_base_tag_found_in_any_case_and_encoding(encoding):
    html = '<html><head><BASE HREF="https://static.example.net/root/"><title>기사</title></head><body>본문</body></html>'
    response = _response(html.encode(encoding), encoding)
    assert base_url(response) == "https://static.example.net/root/"
    assert _urljoin(response, "a/7.html") == "https://static.example.net/root/a/7.html"


def test_article_link_joined_without_decoding_the_page():
    response = _response(SEED.read_bytes(), None, CountingResponse)
    assert _urljoin(response, "/news/2.html") == "https://news.example.com/news/2.html"
    assert response.decoded == 0
