"""The extractor's parser builds the tree lxml.html's own parser builds, with the same element classes, whether it
hands libxml2 the page's bytes or its decoded text."""

from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.decode import decode_html
from crawler.extract.parser import (_END_BR_RE, _XML_DECL_RE, HTML_PARSER, bounded_html, parse_page,
                                    without_early_end_html)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_same_tree_and_element_classes_as_lxml_html():
    pages = [FIXTURES / "mechanics" / "selectors.html", FIXTURES / "seed" / "article.html",
             *sorted(FIXTURES.glob("real_*/*.html"))[::15]]
    for page in pages:
        # lxml refuses a str with an XML declaration (an XHTML page): both parsers get the text without it
        text = _XML_DECL_RE.sub("", page.read_bytes().decode("utf-8", "replace"), count=1)
        ours, theirs = (lxml_html.document_fromstring(text, parser=p) for p in (HTML_PARSER, lxml_html.html_parser))
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert [type(el) for el in ours.iter()] == [type(el) for el in theirs.iter()], page.name
    form = lxml_html.document_fromstring((FIXTURES / "mechanics" / "selectors.html").read_text(), parser=HTML_PARSER)
    assert {type(el).__name__ for el in form.iter("form", "input", "label", "select", "textarea")} == {
        "FormElement", "InputElement", "LabelElement", "SelectElement", "TextareaElement"}


def test_page_bytes_parse_to_the_tree_of_their_decoded_text():
    # UTF-8, CP949/EUC-KR and BOM pages of the fixtures, and a UTF-8 page with invalid bytes in its text
    pages = [FIXTURES / "mechanics" / "invalid_utf8.html", FIXTURES / "seed" / "article.html",
             *sorted(FIXTURES.glob("real_*/*.html"))[::7], *sorted(FIXTURES.glob("extraction*/*.html"))[::5]]
    encodings = set()
    for page in pages:
        raw = page.read_bytes()
        text, used = decode_html(raw)
        encodings.add(used)
        ready = _END_BR_RE.sub("<br>", bounded_html(_XML_DECL_RE.sub("", text.lstrip("\ufeff"), count=1)))
        ready = without_early_end_html(ready)  # (a `</html>` with markup after it: test_open_web_rules)
        expected = lxml_html.document_fromstring(ready, parser=HTML_PARSER)
        ours = parse_page(raw)
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(expected, encoding="unicode"), page.name
        assert [type(el) for el in ours.iter()] == [type(el) for el in expected.iter()], page.name
    assert {"utf-8", "cp949"} <= encodings
    broken = parse_page((FIXTURES / "mechanics" / "invalid_utf8.html").read_bytes())
    assert "\ufffd\ufffd잘못된 바이트" in broken.text_content()
