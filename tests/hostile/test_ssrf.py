"""SSRF guard: a site whose base URL is public never makes the crawler fetch from this machine's own
addresses, whether named literally (127.0.0.1), as localhost, or by a DNS name resolving there."""

from __future__ import annotations

from storage import Archive
from tests.hostile import payloads
from tests.hostile.crawling import run_crawl
from tests.hostile.server import HostileServer

KEY = "hostile-ssrf"
# news.test looks public to the crawler; intranet.news.test (inside allowed_domains) resolves to loopback
HOSTS = "HOSTILE_HOSTS=news.test=93.184.215.14,intranet.news.test=127.0.0.1,localhost=127.0.0.1"
RESOLVER = "TWISTED_DNS_RESOLVER=tests.hostile.resolver.HostsResolver"


def test_public_site_cannot_reach_loopback_addresses(tmp_path):
    with HostileServer("127.0.0.1") as local:
        local.route("/feed.xml", payloads.feed(local.base_url, [(f"{local.base_url}/news/1", "내부 기사")]),
                    ctype="application/rss+xml")
        local.route("/news/1", payloads.article(1, "내부 기사"))
        toml = payloads.site_file("ssrf.toml", base=local.base_url, port=local.port)
        crawl = run_crawl(tmp_path, toml, KEY, tmp_path / "archive.db", HOSTS, RESOLVER)
        assert local.paths() == []
    assert crawl.counts["skipped_offscope"] == 3, crawl.log
    refused = [line for line in crawl.log.splitlines() if "request refused" in line]
    assert len(refused) == 3 and all("non-public address" in line for line in refused)
    assert any("intranet.news.test" in line and "127.0.0.1" in line for line in refused)
    assert "Traceback" not in crawl.log
    with Archive(tmp_path / "archive.db") as archive:
        assert archive.db["articles"].count == 0


def test_refused_requests_are_named_under_the_summary_table(tmp_path):
    # the table has no off-scope column: a crawl that stored nothing because of the guard must still say why
    with HostileServer("127.0.0.1") as local:
        local.route("/feed.xml", payloads.feed(local.base_url, [(f"{local.base_url}/news/1", "내부 기사")]),
                    ctype="application/rss+xml")
        toml = payloads.site_file("ssrf.toml", base=local.base_url, port=local.port)
        crawl = run_crawl(tmp_path, toml, KEY, tmp_path / "archive.db", HOSTS, RESOLVER, table=True)
    assert crawl.returncode == 1, crawl.log  # nothing could be fetched: a failed run, and the reason is named
    assert "3 request(s) refused off-scope" in crawl.log and "is the site reachable" not in crawl.log
    assert "crawl summary" in crawl.stdout
    assert f"{KEY}: 3 refused off-scope" in crawl.stdout, crawl.stdout


def test_site_served_from_loopback_may_fetch_from_loopback(tmp_path):
    # the same guard must not refuse a site whose own base URL is local (the demo site, these tests)
    with HostileServer("127.0.0.1") as local:
        local.route("/feed.xml", payloads.feed(local.base_url, [(f"{local.base_url}/news/1", "내부 기사")]),
                    ctype="application/rss+xml")
        local.route("/news/1", payloads.article(1, "내부 기사"))
        toml = payloads.site_file("ssrf.toml", base=local.base_url, port=local.port).replace(
            'base_url = "http://news.test"', f'base_url = "{local.base_url}"')
        crawl = run_crawl(tmp_path, toml, KEY, tmp_path / "archive.db", HOSTS, RESOLVER)
    assert crawl.counts["new"] == 1 and crawl.counts["skipped_offscope"] == 0, crawl.log
