"""Decoding: EUC-KR declared, wrong declared charset, no declared charset, BOM, binary."""

import pytest

from crawler.extract import ExtractionError, decode_html, extract_article

KO_TEXT = "뷁 똠방각하 펲시콜라. 서울 아파트 전셋값이 44주 연속 올랐다. 한국부동산원이 20일 발표했다."
PAGE = ("<html><head>{meta}<title>전셋값 44주 연속 상승</title></head><body><div id='articleText'><p>" + KO_TEXT + "</p>"
        "<p>" + KO_TEXT + " 두 번째 문단입니다.</p></div></body></html>")


def page(meta: str, encoding: str) -> bytes:
    return PAGE.format(meta=meta).encode(encoding)


def test_euckr_declared_decodes_as_cp949_superset():
    # 뷁/똠/펲 are outside EUC-KR proper: only cp949 decodes them
    text, enc = decode_html(page('<meta charset="euc-kr">', "cp949"), None)
    assert enc == "cp949" and KO_TEXT in text


def test_caller_declared_euckr():
    text, enc = decode_html(page("", "cp949"), "EUC-KR")
    assert enc == "cp949" and KO_TEXT in text


def test_wrong_declared_charset_utf8_page_labelled_euckr():
    text, enc = decode_html(page('<meta charset="euc-kr">', "utf-8"), "euc-kr")
    assert enc == "utf-8" and KO_TEXT in text


def test_wrong_declared_charset_cp949_page_labelled_utf8():
    text, _ = decode_html(page('<meta charset="utf-8">', "cp949"), "utf-8")
    assert KO_TEXT in text


def test_wrong_declared_latin1_from_server():
    text, enc = decode_html(page("", "cp949"), "iso-8859-1")
    assert enc == "cp949" and KO_TEXT in text


def test_no_declared_charset():
    for encoding in ("utf-8", "cp949"):
        text, _ = decode_html(page("", encoding), None)
        assert KO_TEXT in text


def test_bom_wins():
    text, enc = decode_html(b"\xef\xbb\xbf" + page('<meta charset="euc-kr">', "utf-8"), "euc-kr")
    assert enc == "utf-8" and KO_TEXT in text


def test_extract_article_reads_euckr_body():
    art = extract_article(page('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">', "cp949"), "http://x/", encoding="euc-kr")
    assert KO_TEXT in art.body and "\ufffd" not in art.body


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"\x00\x01\x02" * 1000])
def test_unusable_bytes_raise(data):
    with pytest.raises(ExtractionError):
        extract_article(data, "http://x/")


def test_a_utf8_page_with_one_broken_character_stays_utf8() -> None:
    """radiomaryja.pl (real page, `real_world8`): UTF-8 throughout except a teaser title cut mid-character. Read as
    another charset, every Polish letter became mojibake and the body F1 fell to 0.16."""
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "fixtures" / "real_world8"
    raw = (folder / "radiomaryja_pl.html").read_bytes()
    expected = json.loads((folder / "radiomaryja_pl.json").read_text(encoding="utf-8"))
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the page really is not valid UTF-8
    article = extract_article(raw, expected["url"])
    assert article.title == expected["title"]
    assert "ą" in article.body or "ę" in article.body or "ł" in article.body
