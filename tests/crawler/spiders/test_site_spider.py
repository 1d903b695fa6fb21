"""SiteSpider callbacks on saved pages (no network): discovery, article requests, article items."""

import json
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from crawler.spiders.loader import SiteSpiderLoader
from scrapy.settings import Settings

FIX = Path(__file__).parents[2] / "fixtures"
SEED = FIX / "seed" / "expected.json"
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def spider():
    settings = Settings()
    settings.setmodule("crawler.settings")
    spidercls = SiteSpiderLoader(settings).load("demo")
    crawler = get_crawler(spidercls, settings_dict={"NEWSARCHIVE_DB": ":memory:"})
    crawler.stats.open_spider()
    spider = spidercls.from_crawler(crawler)
    return spider


def _response(url, path, cls=HtmlResponse, **meta):
    request = Request(url, meta=meta)
    return cls(url, body=(FIX / path).read_bytes(), request=request, encoding="utf-8")


def test_listing_yields_canonical_article_requests_once_and_next_page(spider):
    listing = spider.site.discovery.listings[0]
    out = list(spider.parse_listing(_response(f"{BASE}/section/economy", "pages/listing.html"), listing, 1))
    articles = [r.url for r in out if r.meta.get("article")]
    assert articles == [
        f"{BASE}/news/articleView.html?idxno=1001",
        f"{BASE}/news/articleView.html?idxno=1002",
        f"{BASE}/read/economy/1853871.htm",
    ]
    pages = [r for r in out if not r.meta.get("article")]
    assert [p.url for p in pages] == [f"{BASE}/section/economy?page=2"]
    assert pages[0].cb_kwargs["page"] == 2


def test_a_listing_with_a_stray_end_html_before_its_body_still_yields_its_links(spider):
    # `</head></html><body>…` (business-punk.com's template, tests/fixtures/open_web): browsers read on, lxml stops
    listing = spider.site.discovery.listings[0]
    out = list(spider.parse_listing(_response(f"{BASE}/section/economy", "pages/listing_early_end_html.html"), listing, 1))
    assert [r.url for r in out if r.meta.get("article")] == [
        f"{BASE}/news/articleView.html?idxno=1001",
        f"{BASE}/news/articleView.html?idxno=1002",
        f"{BASE}/read/economy/1853871.htm",
    ]
    assert [r.url for r in out if not r.meta.get("article")] == [f"{BASE}/section/economy?page=2"]


def test_listing_stops_at_max_pages(spider):
    listing = spider.site.discovery.listings[0]
    out = list(spider.parse_listing(_response(f"{BASE}/section/economy", "pages/listing.html"), listing, listing.max_pages))
    assert all(r.meta.get("article") for r in out)


def test_feed_and_news_sitemap_links(spider):
    feed = list(spider.parse_feed(_response(f"{BASE}/rss/allArticle.xml", "discovery/rss.xml", TextResponse)))
    assert [r.meta["hint"].title for r in feed][0] == "한국은행, 기준금리 연 3.25%로 동결"
    sm = list(spider.parse_sitemap(_response(f"{BASE}/sitemap-news.xml", "discovery/news_sitemap.xml", TextResponse)))
    assert len(sm) == 0  # both URLs were already requested from the feed in this crawl
    idx = list(spider.parse_sitemap(_response(f"{BASE}/sitemap.xml", "discovery/sitemap_index.xml", TextResponse)))
    # the news sitemap was read above: a sitemap is requested once per crawl
    assert [r.url for r in idx] == [f"{BASE}/sitemap-articles.xml"]
    assert idx[0].cb_kwargs == {"depth": 1}


def test_malformed_feed_is_counted_not_raised(spider):
    out = list(spider.parse_feed(_response(f"{BASE}/rss/allArticle.xml", "discovery/html_not_feed.xml", TextResponse)))
    assert out == []
    assert spider.crawler.stats.get_value("newsarchive/discovery_failed") == 1


def test_seed_article_item(spider):
    url = f"{BASE}/read/economy/1853871.htm"
    response = _response(url, "seed/article.html", canonical=url)
    (item,) = list(spider.parse_article(response))
    expected = json.loads(SEED.read_text(encoding="utf-8"))
    # the page's canonical link points off-site, so the demo URL stays the identity
    assert item["url"] == url
    assert item["title"] == expected["title"]
    assert item["section"] == expected["section"]
    assert item["published"] == expected["published"]
    assert item["body"].split("\n\n") == expected["body_paragraphs"]
    assert item["raw"].body == response.body and item["site"] == "demo"
    assert spider.crawler.stats.get_value("newsarchive/fetched") == 1


def _spider_with_archive(db):
    settings = Settings()
    settings.setmodule("crawler.settings")
    spidercls = SiteSpiderLoader(settings).load("demo")
    crawler = get_crawler(spidercls, settings_dict={"NEWSARCHIVE_DB": str(db), "NEWSARCHIVE_GUARD_PAGE_BYTES": 1000})
    crawler.stats.open_spider()
    return spidercls.from_crawler(crawler)


def test_large_page_is_marked_failed_while_it_is_extracted(tmp_path, monkeypatch):
    # should extraction hang and the crawl be killed, the mark stays and the page backs off next time
    from crawler import page_job as site_module  # extraction runs in process_page, in-process here
    from crawler.archive_access import archive_for, close_archive
    from storage.fetch_failures import FetchFailures

    spider = _spider_with_archive(tmp_path / "a.db")
    url = f"{BASE}/read/economy/1853871.htm"
    failures = FetchFailures(archive_for(spider.crawler).db)
    during = []
    real = site_module.extract_article

    def watching(*args, **kwargs):
        during.append(failures.get(url))
        return real(*args, **kwargs)

    monkeypatch.setattr(site_module, "extract_article", watching)
    (item,) = list(spider.parse_article(_response(url, "seed/article.html", canonical=url)))
    assert item["body"]
    assert during[0] is not None and during[0]["last_status"] == "extraction_unfinished"
    assert failures.get(url) is None  # extraction finished: the mark is gone
    close_archive(spider.crawler)


def test_redirected_article_is_stored_under_final_url_with_first_as_alias(spider):
    first = f"{BASE}/news/articleView.html?idxno=1"
    final = f"{BASE}/read/economy/1853871.htm"
    request = Request(final, meta={"canonical": first, "link": first, "redirect_urls": [first]})
    response = HtmlResponse(final, body=(FIX / "seed" / "article.html").read_bytes(), request=request,
                            encoding="utf-8")
    (item,) = list(spider.parse_article(response))
    assert item["url"] == final and item["aliases"] == [first]
    assert spider.crawler.stats.get_value("newsarchive/redirected") == 1


def test_an_extractor_bug_in_process_is_an_unreadable_page_not_a_lost_one(spider, monkeypatch):
    """With workers off, an exception the extractor does not mean (a bug) fails the page like it does in a worker
    (`CallFailed`): an item with `extraction_error`, which validate drops and the store keeps raw, backing off."""
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("crawler.page_job.extract_article", broken)  # no real page triggers a known bug
    url = f"{BASE}/read/economy/1853871.htm"
    (item,) = list(spider.parse_article(_response(url, "seed/article.html", canonical=url)))
    assert item["url"] == url and item["body"] == "" and item["raw"].body
    assert item["extraction_error"] == "extractor error: ValueError: a bug"
