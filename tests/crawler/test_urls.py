"""Canonical URLs: tracking parameters, AMP and mobile variants, per-site article-id parameters."""

import pytest

from crawler.urls import canonical_url, same_site


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.example.com/a/1?utm_source=x&utm_medium=y", "https://www.example.com/a/1"),
        ("https://www.example.com/a/1?b=2&a=1&fbclid=zz#comments", "https://www.example.com/a/1?a=1&b=2"),
        ("HTTPS://WWW.Example.com:443/a/1", "https://www.example.com/a/1"),
        ("https://www.example.com/a/1/amp", "https://www.example.com/a/1"),
        ("https://www.example.com/amp/a/1", "https://www.example.com/a/1"),
        ("https://www.example.com/a/1?outputType=amp", "https://www.example.com/a/1"),
        ("https://m.example.com/a/1", "https://www.example.com/a/1"),
    ],
)
def test_variants_collapse(url, expected):
    assert canonical_url(url, site_host="www.example.com") == expected


def test_id_params_keep_only_the_article_id():
    url = "http://127.0.0.1:8765/news/articleView.html?idxno=12&sc_section_code=S1N1&utm_source=naver"
    assert canonical_url(url, id_params=("idxno",)) == "http://127.0.0.1:8765/news/articleView.html?idxno=12"


def test_meaningful_params_survive_without_id_rule():
    assert canonical_url("https://n.example.com/read.php?aid=7&sid=100") == "https://n.example.com/read.php?aid=7"


def test_same_site_includes_subdomains():
    assert same_site("https://news.example.com/x", ("example.com",))
    assert not same_site("https://example.com.evil.org/x", ("example.com",))
