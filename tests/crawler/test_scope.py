"""`crawler.scope`: which URLs a site may request (scheme, allowed_domains, address class). Literal
addresses only here (no resolver involved); tests/hostile crawls exercise names and redirects for real."""

import pytest

from crawler.scope import ScopeMiddleware, is_public, literal_address

PUBLIC_BASE = "https://93.184.215.14"  # a public address, named literally: no lookup (nothing is sent)
DOMAINS = ("news.example.com", "127.0.0.1", "169.254.169.254", "10.0.0.8", "[::1]", "::1", "localhost",
           "[::ffff:127.0.0.1]", "::ffff:127.0.0.1", "8.8.8.8")


def problem(url: str, base: str = PUBLIC_BASE) -> str | None:
    """Run the check to completion: with literal addresses it never waits (pytest already runs a loop)."""
    coro = ScopeMiddleware(None).problem(url, base, DOMAINS)
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise AssertionError(f"{url}: the check waited for a name lookup")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/feed.xml",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata service
    "http://10.0.0.8/admin",
    "http://[::1]/x",
    "http://localhost:5000/x",
    "http://[::ffff:127.0.0.1]/x",  # IPv4-mapped loopback
])
def test_public_site_may_not_reach_non_public_addresses(url):
    assert "non-public address" in problem(url)


def test_public_addresses_are_in_scope():
    assert problem("http://8.8.8.8/x") is None


def test_site_on_a_private_address_may_fetch_private_addresses():
    assert problem("http://10.0.0.8/admin", base="http://127.0.0.1:8765") is None


@pytest.mark.parametrize("url, words", [
    ("file:///etc/passwd", "scheme 'file'"),
    ("ftp://news.example.com/x", "scheme 'ftp'"),
    ("https://elsewhere.example.net/x", "not in allowed_domains"),
    ("https://news.example.com.evil.net/x", "not in allowed_domains"),
])
def test_other_schemes_and_hosts_are_refused(url, words):
    assert words in problem(url)


def test_address_helpers():
    assert literal_address("news.example.com") is None
    assert str(literal_address("localhost")) == "127.0.0.1"
    assert not is_public(literal_address("[fe80::1]")) and is_public(literal_address("1.1.1.1"))
