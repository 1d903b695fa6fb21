"""Hostile input: truncated, deeply nested, binary, empty and 10 MB pages — no crash, bounded time."""

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import Article, ExtractionError, extract_article

SEED = (Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "article.html").read_bytes()


def run(data) -> Article | None:
    try:
        art = extract_article(data, "http://x/a")
    except ExtractionError as exc:
        assert "\n" not in str(exc) and str(exc)
        return None
    assert isinstance(art, Article) and isinstance(art.body, str)
    return art


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SEED)))
def test_truncated_seed(cut):
    run(SEED[:cut])


@settings(max_examples=100, deadline=2000)
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    run(data)


@settings(max_examples=100, deadline=2000)
@given(st.text(max_size=2000))
def test_random_text(text):
    run(text)


@settings(max_examples=40, deadline=3000)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "텍스트 문장입니다. ", "<a href=x>", "</a>",
                                 "<table><tr><td>", "</td></tr></table>", "<img src=a.jpg alt='사진 설명입니다 길게'>",
                                 "<script>x</script>", "<!-- c -->", "기자 hong@x.co.kr", "&amp;", "<figure>", "</figure>"]),
                max_size=300))
def test_tag_soup(parts):
    run("<html><body>" + "".join(parts))


def test_empty_inputs():
    for data in (b"", "", b"   ", "   \n"):
        assert run(data) is None


def test_not_html():
    assert run(b'{"json": true}') is None
    assert run("just some plain text without any markup at all") is None


def test_deeply_nested():
    for depth in (1000, 20000):
        html = "<html><body>" + "<div>" * depth + "<p>" + "깊은 곳의 본문 문장입니다. " * 10 + "</p>" + "</div>" * depth + "</body></html>"
        t0 = time.perf_counter()
        run(html)
        assert time.perf_counter() - t0 < 10


def test_ten_megabytes():
    para = "<p>" + "대용량 페이지의 본문 문장이 계속 이어집니다. " * 20 + "</p>"
    html = ("<html><head><title>big</title></head><body><div id='articleBody'>" + para * (10_000_000 // len(para.encode())) + "</div></body></html>").encode()
    assert len(html) >= 9_000_000
    t0 = time.perf_counter()
    art = run(html)
    assert time.perf_counter() - t0 < 30
    assert art is not None and len(art.body) > 1_000_000


def test_binary_with_html_extension_content():
    assert run(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000) is None
    assert run(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 20) is None


def test_no_article_body_gives_empty_body():
    art = run("<html><head><title>Home</title></head><body><nav><a href=/a>A</a><a href=/b>B</a></nav></body></html>")
    assert art is not None and art.body == ""
