"""Feed, sitemap and robots.txt parsing, including Google News fields and malformed input."""

from pathlib import Path

import pytest

from crawler.discovery import DiscoveryError, parse_feed, parse_sitemap, robots_sitemaps

FIX = Path(__file__).parents[1] / "fixtures" / "discovery"


def test_rss_links_titles_and_dates():
    links = parse_feed((FIX / "rss.xml").read_bytes())
    assert [link.url.rsplit("=", 1)[1] for link in links] == ["1001", "1002"]
    assert links[0].title == "한국은행, 기준금리 연 3.25%로 동결"
    assert links[0].published == "Tue, 03 Nov 2026 09:12:00 +0900"


def test_atom_uses_alternate_link_not_enclosure():
    (entry,) = parse_feed((FIX / "atom.xml").read_bytes())
    assert entry.url == "https://www.example.com/news/2026/101"
    assert entry.published == "2026-11-02T08:00:00Z" and entry.lastmod == "2026-11-02T09:30:00Z"


def test_sitemap_index_children():
    sm = parse_sitemap((FIX / "sitemap_index.xml").read_bytes())
    assert sm.is_index and len(sm.sitemaps) == 2 and not sm.links


@pytest.mark.parametrize("name", ["news_sitemap.xml", "news_sitemap.xml.gz"])
def test_google_news_fields_kept(name):
    sm = parse_sitemap((FIX / name).read_bytes())
    first, second = sm.links
    assert first.title == "한국은행, 기준금리 연 3.25%로 동결"
    assert first.published == "2026-11-03T09:12:00+09:00"
    assert second.lastmod == "2026-11-03T10:00:00+09:00" and second.title is None


def test_truncated_feed_recovers_what_it_can():
    links = parse_feed((FIX / "truncated_feed.xml").read_bytes())
    assert links and links[0].url.endswith("idxno=7")


@pytest.mark.parametrize("body", [b"", b"   ", b"\x1f\x8bnot gzip", b"<html><body>hi</body></html>"])
def test_unreadable_feeds_raise_one_line_error(body):
    with pytest.raises(DiscoveryError) as info:
        parse_feed(body)
    assert "\n" not in str(info.value)


def test_html_is_not_a_sitemap():
    with pytest.raises(DiscoveryError, match="not urlset"):
        parse_sitemap((FIX / "html_not_feed.xml").read_bytes())


def test_robots_sitemaps_any_case():
    text = (FIX / "robots.txt").read_text()
    assert robots_sitemaps(text) == ["http://127.0.0.1:8765/sitemap.xml", "http://127.0.0.1:8765/sitemap-news.xml"]


def test_html_in_feed_titles_becomes_plain_text():
    first, second = parse_feed((FIX / "rss_html_titles.xml").read_bytes())
    assert first.title == '[속보] 한국은행, 기준금리 "동결"'
    assert second.title == "반도체 수출 & 투자 확대"


def test_gzip_is_inflated_with_a_cap_and_concatenated_members_are_read():
    import gzip

    from crawler.discovery import MAX_XML_BYTES, gunzip_capped

    plain = (FIX / "news_sitemap.xml").read_bytes()
    half = len(plain) // 2
    two_members = gzip.compress(plain[:half]) + gzip.compress(plain[half:])
    assert gunzip_capped(two_members, MAX_XML_BYTES, "sitemap") == plain
    assert len(parse_sitemap(two_members).links) == 2
    with pytest.raises(DiscoveryError, match="inflates to more than 0 MB"):
        gunzip_capped(gzip.compress(bytes(2**20)), 2**19, "sitemap")
    with pytest.raises(DiscoveryError, match="truncated"):
        gunzip_capped(gzip.compress(plain)[:-30], MAX_XML_BYTES, "sitemap")


def test_sitemap_reads_at_most_the_protocols_50000_entries():
    from crawler.discovery import MAX_SITEMAP_ENTRIES

    entry = (FIX / "news_sitemap.xml").read_text(encoding="utf-8")
    head, _, rest = entry.partition("<url>")
    one = "<url>" + rest.partition("</url>")[0] + "</url>"
    body = (head + one * (MAX_SITEMAP_ENTRIES + 7) + "</urlset>").encode()
    sm = parse_sitemap(body)
    assert len(sm.links) == MAX_SITEMAP_ENTRIES and sm.skipped == 7
