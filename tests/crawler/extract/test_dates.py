"""Korean and English date formats; published vs modified; timezone assumption."""

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.dates import labelled_dates, parse_date, to_iso
from crawler.extract.zones import page_zone


@pytest.mark.parametrize("text,iso", [
    ("2021-04-07 00:00", "2021-04-07T00:00:00+09:00"),
    ("2021.04.07 오후 3:12", "2021-04-07T15:12:00+09:00"),
    ("2021.04.07. 오전 12:05", "2021-04-07T00:05:00+09:00"),
    ("2021년 4월 7일 15시 12분", "2021-04-07T15:12:00+09:00"),
    ("2021. 4. 7. 15:12", "2021-04-07T15:12:00+09:00"),
    ("20210407151200", "2021-04-07T15:12:00+09:00"),
    ("2021-04-07T00:00:00+09:00", "2021-04-07T00:00:00+09:00"),
    ("2021-04-07T06:12:00Z", "2021-04-07T06:12:00+00:00"),
    ("2021-04-07T06:12:00", "2021-04-07T06:12:00+09:00"),
    ("Wed, 07 Apr 2021 06:00:00 GMT", "2021-04-07T06:00:00+00:00"),
    ("April 7, 2021 3:12 PM", "2021-04-07T15:12:00+09:00"),
])
def test_formats(text, iso):
    assert to_iso(parse_date(text)) == iso


def test_relative_needs_now():
    now = datetime(2021, 4, 7, 12, 0)
    assert parse_date("5분 전") is None
    assert to_iso(parse_date("5분 전", now=now)) == "2021-04-07T11:55:00+09:00"
    assert to_iso(parse_date("3시간 전", now=now)) == "2021-04-07T09:00:00+09:00"
    assert to_iso(parse_date("2 hours ago", now=now)) == "2021-04-07T10:00:00+09:00"


def test_published_and_modified_told_apart():
    pub, mod = labelled_dates("입력 2021.04.07 00:00 | 수정 2021.04.07 오전 9:10")
    assert to_iso(pub) == "2021-04-07T00:00:00+09:00" and to_iso(mod) == "2021-04-07T09:10:00+09:00"
    pub, mod = labelled_dates("최종수정 2021-04-08 10:00 기사입력 2021-04-07 15:12")
    assert to_iso(pub) == "2021-04-07T15:12:00+09:00" and to_iso(mod) == "2021-04-08T10:00:00+09:00"


def test_other_timezone_from_rules():
    from crawler.extract import ExtractionRules

    html = ("<html><head><meta property='article:published_time' content='2021-04-07 09:00'></head>"
            "<body><article><p>" + "A long enough paragraph of article text to count as a body. " * 3 + "</p></article></body></html>")
    art = extract_article(html, "http://x/", ExtractionRules(timezone="Europe/London"))
    assert art.published == "2021-04-07T09:00:00+01:00"


def test_on_page_labels_when_no_metadata():
    html = ("<html><body><div class='info'>홍길동 기자 | 입력 2021.04.07 오후 3:12 | 수정 2021.04.08 09:00</div>"
            "<div id='articleBody'>" + "정부가 새 대책을 발표했다. 시장은 대체로 긍정적인 반응을 보였다.<br><br>" * 4 + "</div></body></html>")
    art = extract_article(html, "http://x/")
    assert art.published == "2021-04-07T15:12:00+09:00"
    assert art.modified == "2021-04-08T09:00:00+09:00"


_REAL = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("page,expected", [
    ("real_postlight/qdaily_com", "2017-03-01T14:27:02+08:00"),  # Chinese text, no lang, no offset, a .com host
    ("real_final/gne_cjn_1", "2020-10-04T20:30:00+08:00"),
    ("real_readability/aclu", "2018-04-05T06:00:00+00:00"),  # English, .org, nothing says where: UTC, not Seoul
])
def test_naive_times_outside_korea_use_the_pages_own_signals(page, expected):
    html = (_REAL / f"{page}.html").read_bytes()
    url = json.loads((_REAL / f"{page}.json").read_text(encoding="utf-8"))["url"]
    assert extract_article(html, url).published == expected


@pytest.mark.parametrize("args,zone", [
    (("https://example.com/a", "en-GB", False, []), "Europe/London"),  # language tag with a country
    (("https://example.com/a", "en", False, [], ["en_AU"]), "Australia/Sydney"),  # og:locale
    (("https://example.com/a", "en", False, [], ["en_US"]), "UTC"),  # a CMS default, six zones: no guess
    (("https://www.koreaherald.com/view.php", "en", False, []), "Asia/Seoul"),  # the country in the host
    (("https://example.com/a", None, False, [], [], ["The Japan Times"]), "Asia/Tokyo"),  # …or in the outlet's name
    (("https://example.com/a", None, True, []), "Asia/Seoul"),  # Korean pages keep KST
])
def test_page_zone_signals(args, zone):
    assert str(page_zone(*args)) == zone


def test_label_lookahead_skips_only_positions_no_label_starts_at():
    """The two-character lookahead that speeds up the label search changes no match (any case, any page text)."""
    import re
    from pathlib import Path

    from crawler.extract import dates as D
    from crawler.extract.extractor import parse_html

    plain = re.compile("(?P<label>" + D._LABEL_RE.pattern.split("(?P<label>", 1)[1], re.I)
    assert plain.pattern != D._LABEL_RE.pattern and plain.pattern.startswith("(?P<label>")
    texts = ["PUBLISHED: 2024-06-08 · LAST UPDATED 2024-06-09 10:00", "poſted on June 8, 2024", "최초 입력 2024.01.02 수정2024.01.03",
             "First Published at 11:12 PM EDT, June 8, 2024 | modified 2024-06-09", "기사입력 : 2024-03-16 오후 5:12 갱신"]
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    for page in sorted(fixtures.glob("real_*/*.html"))[::6] + sorted(fixtures.glob("extraction/*.html"))[::4]:
        texts.append(" ".join(parse_html(page.read_bytes()).text_content().split())[:20000])
    for text in texts:
        assert [m.span() for m in D._LABEL_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert labelled_dates("PUBLISHED 2024-06-08 10:00 UPDATED 2024-06-09 11:00", "UTC")[1] is not None


@pytest.mark.parametrize("name", [
    "real_world8/breakingbelizenews_com",  # JSON-LD `…04:11:44Z`, `article:published_time` `…22:11:44-06:00`
    "real_world7/elpais_cr",
    "real_readability/wikia",
])
def test_a_utc_metadata_date_is_given_in_the_offset_another_source_writes(name: str) -> None:
    """The same instant written twice, in UTC and in the page's own offset: the page's offset gives the day the page
    prints (a UTC value put these stories on the next day)."""
    folder = Path(__file__).resolve().parents[2] / "fixtures"
    expected = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((folder / f"{name}.html").read_bytes(), expected.get("url") or "")
    assert article.published is not None and article.published[:10] == expected["published"][:10]
    assert not article.published.endswith("+00:00")


def test_a_text_without_a_modified_label_holds_no_modified_stamp():
    """`may_hold_modified` is False only where `labelled_dates` finds no modified stamp: the English labels in any
    case, the Korean ones before and after their stamp, and the texts of pages."""
    from crawler.extract.dates import may_hold_modified
    from crawler.extract.extractor import parse_html

    texts = ["LAST UPDATED: 2024-06-09 10:00", "upDaTed on June 9, 2024 at 10:00 am", "MODIFIED: 2024-06-09T10:00",
             "Last Updated 2024-06-09 10:00", "최종 수정 2024.01.03 10:00", "2024-04-01 10:44 최종수정", "2024-04-01 10:44 수정",
             "기사입력 2024-03-16 17:12 갱신 2024-03-17 09:00", "업데이트 2024.03.17 09:00", "입력 2024.03.16 17:12",
             "Published 2024-06-08 10:00 (updated)", "Posted June 8, 2024"]
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    for page in sorted(fixtures.glob("real_*/*.html"))[::5] + sorted(fixtures.glob("extraction/*.html"))[::4]:
        doc = parse_html(page.read_bytes())
        texts += [" ".join(el.text_content().split())[:4000] for el in doc.iter("div", "p", "span", "li", "time")][::7]
    with_modified = [t for t in texts if labelled_dates(t, "UTC")[1] is not None]
    assert len(with_modified) >= 12  # the hand-made ones and page texts
    assert all(may_hold_modified(t) for t in with_modified)
    assert not any(may_hold_modified(t) for t in ["입력 2024.03.16 17:12", "Posted June 8, 2024 10:00", "발행 2024-05-03 제12면"])


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("name", ["real_world18/smh_com_au", "real_world19/technologyreview_kr",
                                  "real_world13/ostbelgiendirekt_be"])
def test_a_utc_metadata_stamp_takes_the_offset_the_page_writes_the_same_instant_in(name):
    # The tags say `2022-03-13T13:30:00+00:00`; the page's `<time datetime="2022-03-14T00:30:00+11:00">` (or Dable's
    # `dable:published_time` tag) writes that instant in the outlet's zone: the day a reader there sees.
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article((FIXTURES / f"{name}.html").read_bytes(), expected["url"])
    assert article.published == expected["published"]  # the same instant, written with the page's offset


def test_java_date_to_string_as_older_cms_write_it():
    # Stuttgarter Nachrichten (2011): `<meta name="date" content="Wed May 04 15:47:24 CEST 2011">`; FAZ's JSON-LD too
    from crawler.extract.dates import parse_date

    assert parse_date("Wed May 04 15:47:24 CEST 2011", "Europe/Berlin").isoformat() == "2011-05-04T15:47:24+02:00"
    assert parse_date("Tue Jan 28 15:28:56 CET 2020", "Asia/Seoul").isoformat() == "2020-01-28T15:28:56+01:00"
    assert parse_date("Tue Foo 28 15:28:56 CET 2020", "Asia/Seoul") is None
