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
        ("https://mobile.example.com/a/1.amp.html", "https://www.example.com/a/1.html"),
        ("https://amp.example.com/a/1?gclid=1&ga_source=x&mc_cid=2", "https://www.example.com/a/1"),
        ("https://www.example.com/a/1;jsessionid=0A1B2C?PHPSESSID=9&ref=tw", "https://www.example.com/a/1"),
        ("https://www.example.com/a/1?_hsenc=p2&spm=a2&utm_campaign=x&page=2", "https://www.example.com/a/1?page=2"),
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


def test_mobile_host_with_port_and_id_rule():
    url = "http://m.news.example.kr:8080/news/articleView.html?idxno=5&utm_source=naver&sc_section_code=S1"
    expected = "http://news.example.kr:8080/news/articleView.html?idxno=5"
    assert canonical_url(url, site_host="news.example.kr", id_params=("idxno",)) == expected


def test_mobile_host_of_another_site_is_left_alone():
    assert canonical_url("https://m.other.kr/a/1", site_host="www.example.com") == "https://m.other.kr/a/1"


@pytest.mark.parametrize(
    "variant",
    [
        "http://127.0.0.1:8765/news/articleView.html?idxno=1036&outputType=amp",
        "http://127.0.0.1:8765/news/articleView.html?utm_medium=referral&idxno=1036&utm_source=naver",
        "http://127.0.0.1:8765/news/articleView.html?idxno=1036&fbclid=IwAR0x#comments",
        "HTTP://127.0.0.1:8765/news/articleView.html?idxno=1036&mobile=1",
    ],
)
def test_demo_variants_resolve_to_one_article(variant):
    desktop = "http://127.0.0.1:8765/news/articleView.html?idxno=1036"
    assert canonical_url(variant, site_host="127.0.0.1", id_params=("idxno",)) == desktop
    assert canonical_url(variant, site_host="127.0.0.1") == desktop  # also without the per-site id rule
