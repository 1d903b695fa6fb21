"""End-to-end checks of the bundled demo news site over real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from crawler.demo import DemoSite, ground_truth
from crawler.demo.store import SiteData

SEED_FIXTURE = Path("/work/shared/fixtures/seed/article.html")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture(scope="module")
def site():
    with DemoSite() as s:
        yield s


@pytest.fixture
def fresh_site():
    with DemoSite() as s:
        yield s


@pytest.fixture(scope="module")
def truth():
    return ground_truth()


def get(site: DemoSite, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET path; returns (status, headers, body) without raising on 4xx/5xx/304."""
    req = urllib.request.Request(site.base_url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def local_path(url: str) -> str:
    """Path+query of an absolute demo URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def discovered_links(site: DemoSite) -> set[str]:
    """Every article-ish path exposed by listings (all pages), the RSS feed and the sitemaps."""
    found: set[str] = set()
    for key in site.data.sections:
        path: str | None = f"/section/{key}"
        while path:
            status, _, body = get(site, path)
            assert status == 200, path
            tree = html.fromstring(body)
            found.update(h for h in tree.xpath("//a/@href") if "articleView" in h or h.startswith("/read/"))
            nxt = tree.xpath('//a[@class="next"]/@href')
            path = nxt[0] if nxt else None
    rss = etree.fromstring(get(site, "/rss/allArticle.xml")[2])
    found.update(local_path(u) for u in rss.xpath("//item/link/text()"))
    for sm in ("/sitemap-articles.xml", "/sitemap-news.xml"):
        found.update(local_path(u) for u in etree.fromstring(get(site, sm)[2]).xpath("//sm:loc/text()", namespaces=NS))
    return found


def test_robots_txt(site):
    status, headers, body = get(site, "/robots.txt")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text and "Disallow: /news/draft/" in text and "Disallow: /admin/" in text
    assert f"Sitemap: {site.base_url}/sitemap.xml" in text.splitlines()


def test_sitemap_index_and_children(site, truth):
    index = etree.fromstring(get(site, "/sitemap.xml")[2])
    assert etree.QName(index).localname == "sitemapindex"
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locs == [site.base_url + "/sitemap-articles.xml", site.base_url + "/sitemap-news.xml"]
    urlset = etree.fromstring(get(site, "/sitemap-articles.xml")[2])
    paths = {local_path(u) for u in urlset.xpath("//sm:url/sm:loc/text()", namespaces=NS)}
    assert set(truth.unique_articles) <= paths
    assert not paths & set(truth.disallowed)
    assert all(urlset.xpath("//sm:url/sm:lastmod/text()", namespaces=NS))


def test_news_sitemap(site):
    doc = etree.fromstring(get(site, "/sitemap-news.xml")[2])
    urls = doc.xpath("//sm:url", namespaces=NS)
    assert len(urls) == 20
    for url in urls:
        assert url.xpath("news:news/news:publication/news:name/text()", namespaces=NS) == ["데모뉴스"]
        assert url.xpath("news:news/news:publication/news:language/text()", namespaces=NS) == ["ko"]
        date = url.xpath("news:news/news:publication_date/text()", namespaces=NS)[0]
        assert date.startswith("2026-") and date.endswith("+09:00")
        assert url.xpath("news:news/news:title/text()", namespaces=NS)[0].strip()


def test_rss_feed(site, truth):
    status, headers, body = get(site, "/rss/allArticle.xml")
    assert status == 200 and "xml" in headers["Content-Type"]
    doc = etree.fromstring(body)
    assert doc.tag == "rss" and doc.get("version") == "2.0"
    items = doc.xpath("//channel/item")
    assert len(items) == 31  # latest 30 plus the (older) seed article
    for item in items:
        for tag in ("title", "link", "pubDate", "description", "category", "author"):
            assert item.findtext(tag) is not None, tag
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822
    links = {local_path(i.findtext("link")) for i in items}
    assert truth.seed_path in links
    assert set(truth.tracking) <= links
    assert set(truth.failures) <= links


def test_seed_article_served_byte_for_byte(site, truth):
    status, headers, body = get(site, truth.seed_path)
    assert status == 200 and body == SEED_FIXTURE.read_bytes()
    assert "ETag" in headers and "Last-Modified" in headers
    listing = get(site, "/section/economy?page=2")[2].decode()
    assert f'href="{truth.seed_path}"' in listing


def test_euc_kr_pages(site, truth):
    assert len(truth.euc_kr) >= 10
    cp949_only = False
    for path in truth.euc_kr:
        status, headers, body = get(site, path)
        text = body.decode("cp949")  # strict: must be valid cp949
        assert status == 200 and '<meta charset="euc-kr">' in text
        if path in truth.no_charset_header:
            assert headers["Content-Type"] == "text/html"
        else:
            assert headers["Content-Type"] == "text/html; charset=euc-kr"
        expected = truth.article(path)
        assert unescape(expected["title"]) in unescape(text)
        try:
            body.decode("euc-kr")
        except UnicodeDecodeError:
            cp949_only = True  # e.g. 똠: outside EUC-KR's 2,350 syllables
    assert cp949_only
    assert len(truth.no_charset_header) == 1
    status, headers, body = get(site, "/section/local")
    assert headers["Content-Type"] == "text/html; charset=euc-kr" and '<meta charset="euc-kr">' in body.decode("cp949")


def test_utf8_article_layouts(site, truth):
    layouts = {}
    for path in truth.unique_articles:
        if path == truth.seed_path:
            continue
        exp = truth.article(path)
        status, headers, body = get(site, path)
        assert status == 200, path
        text = unescape(body.decode(exp["encoding"]))
        for p in exp["paragraphs"]:
            assert p in text, (path, p[:20])
        for cap in exp["captions"]:
            assert text.count(cap) >= 2  # img alt and caption element
        for clutter in ("로그인", "회원가입", "속보", "URL복사", "인기기사", "많이 본 뉴스", "댓글", "▶카카오톡",
                        "무단 전재", "Copyright"):
            assert clutter in text, (path, clutter)
        canon = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
        assert canon == site.base_url + path
        layouts.setdefault(exp["layout"], path)
    assert set(layouts) == {"ndsoft", "brbody", "table"}
    nd = get(site, layouts["ndsoft"])[2].decode()
    assert '<article id="article-view-content-div"' in nd and '"@type": "NewsArticle"' in nd
    br = get(site, layouts["brbody"])[2].decode()
    assert "application/ld+json" not in br and "<br /><br />" in br and "[데모뉴스 | " in br
    tb = get(site, layouts["table"])[2].decode("cp949")
    assert re.search(r"\(\w+=데모뉴스\) \w+ 기자 = ", tb)


def test_duplicates_point_canonical_to_original(site, truth):
    assert len(truth.duplicates) == 5
    for dup, orig in truth.duplicates.items():
        status, _, body = get(site, dup)
        assert status == 200
        text = body.decode("cp949" if dup in truth.euc_kr else "utf-8")
        canon = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
        assert canon == site.base_url + orig, dup
        assert truth.article(dup)["title"] == truth.article(orig)["title"]
        assert truth.article(dup)["paragraphs"] == truth.article(orig)["paragraphs"]
    amp = get(site, next(iter(truth.amp)))[2].decode()
    assert "<html ⚡" in amp and "<amp-img" in amp


def test_failures(site, truth):
    kinds = {v: k for k, v in truth.failures.items()}
    assert set(kinds) == {"404", "500", "truncated", "empty"}
    assert get(site, kinds["404"])[0] == 404
    assert get(site, kinds["500"])[0] == 500
    assert get(site, "/news/articleView.html?idxno=99999")[0] == 404
    status, _, body = get(site, kinds["empty"])
    doc = html.fromstring(body)
    assert status == 200 and doc.xpath("//title") and not "".join(
        doc.xpath('//*[@id="article-view-content-div"]//text()')).strip()


def test_truncated_response_raises(site, truth):
    path = next(p for p, k in truth.failures.items() if k == "truncated")
    with urllib.request.urlopen(site.base_url + path, timeout=10) as r:
        assert int(r.headers["Content-Length"]) > 0
        with pytest.raises(http.client.IncompleteRead):
            r.read()


def test_drafts_disallowed_but_served(site, truth):
    assert len(truth.disallowed) == 2
    listing = get(site, "/section/politics")[2].decode()
    for path in truth.disallowed:
        assert path.startswith("/news/draft/") and f'href="{path}"' in listing
        assert get(site, path)[0] == 200


def test_conditional_get(site, truth):
    path = truth.unique_articles[0]
    status, headers, _ = get(site, path)
    etag, last_mod = headers["ETag"], headers["Last-Modified"]
    assert get(site, path, {"If-None-Match": etag})[0] == 304
    assert get(site, path, {"If-Modified-Since": last_mod})[0] == 304
    assert get(site, path, {"If-None-Match": '"stale"'})[0] == 200
    assert get(site, path, {"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"})[0] == 200


def test_edit_article_changes_etag_and_content(fresh_site):
    path = "/news/articleView.html?idxno=1002"
    _, before, _ = get(fresh_site, path)
    fresh_site.edit_article(1002, title="2월 수출 9.4% 증가 [수정]", append_paragraph="(정정) 본문 일부 수치를 바로잡았습니다. " * 3)
    status, after, body = get(fresh_site, path, {"If-None-Match": before["ETag"]})
    assert status == 200 and after["ETag"] != before["ETag"]
    assert parsedate_to_datetime(after["Last-Modified"]) > parsedate_to_datetime(before["Last-Modified"])
    assert get(fresh_site, path, {"If-Modified-Since": before["Last-Modified"]})[0] == 200
    text = unescape(body.decode())
    assert "2월 수출 9.4% 증가 [수정]" in text and "(정정) 본문 일부" in text
    assert fresh_site.truth().article(path)["title"] == "2월 수출 9.4% 증가 [수정]"
    assert ground_truth().article(path)["title"] != "2월 수출 9.4% 증가 [수정]"  # shipped data untouched
    with pytest.raises(KeyError):
        fresh_site.edit_article(1201, title="x")


def test_listing_pagination(site):
    data = SiteData()
    for key in data.sections:
        n = len(data.entries(key))
        pages = -(-n // 6)
        last = get(site, f"/section/{key}?page={pages}")[2]
        assert b'class="next"' not in last
        if pages > 1:
            assert b'class="next"' in get(site, f"/section/{key}?page=1")[2]
        assert get(site, f"/section/{key}?page={pages + 1}")[0] == 404


def test_ground_truth_consistent_with_served_links(site, truth):
    assert len(truth.unique_articles) >= 60 and len(set(truth.unique_articles)) == len(truth.unique_articles)
    assert len(truth.sections) >= 4 and truth.sections["local"] == "지역"
    links = discovered_links(site)
    assert set(truth.unique_articles) <= links
    assert set(truth.duplicates) <= links
    assert set(truth.failures) <= links
    assert set(truth.disallowed) <= links
    # nothing article-like is linked that the ground truth does not account for
    assert links <= set(truth.all_article_paths)
    # no overlap between categories
    cats = [set(truth.unique_articles), set(truth.duplicates), set(truth.failures), set(truth.disallowed)]
    assert sum(len(c) for c in cats) == len(set().union(*cats))
    assert set(truth.duplicates.values()) <= set(truth.unique_articles)


def test_article_text_quality(truth):
    for path in truth.unique_articles:
        exp = truth.article(path)
        if path == truth.seed_path:
            continue
        assert 4 <= len(exp["paragraphs"]) <= 8, path
        assert all(60 <= len(p) <= 250 for p in exp["paragraphs"]), path
        assert exp["published"].startswith("2026-") and exp["published"].endswith("+09:00")
        assert all(c.endswith("제공") or c.endswith("/연합뉴스") or c.endswith("DB") for c in exp["captions"])
        assert len(exp["captions"]) <= 2 and exp["authors"][0] and exp["emails"][0].endswith("@demo.co.kr")


def test_request_log(fresh_site):
    get(fresh_site, "/robots.txt")
    get(fresh_site, "/nope", {"User-Agent": "demo-test"})
    assert fresh_site.request_paths() == ["/robots.txt", "/nope"]
    rec = fresh_site.requests[1]
    assert rec.method == "GET" and rec.status == 404 and rec.headers["User-Agent"] == "demo-test"
    fresh_site.clear_log()
    assert fresh_site.request_paths() == []
