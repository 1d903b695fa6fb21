"""The extractor's parser builds the tree lxml.html's own parser builds, with the same element classes."""

from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.parser import HTML_PARSER

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_same_tree_and_element_classes_as_lxml_html():
    pages = [FIXTURES / "mechanics" / "selectors.html", FIXTURES / "seed" / "article.html",
             *sorted(FIXTURES.glob("real_*/*.html"))[::15]]
    for page in pages:
        text = page.read_bytes().decode("utf-8", "replace")
        ours, theirs = (lxml_html.document_fromstring(text, parser=p) for p in (HTML_PARSER, lxml_html.html_parser))
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert [type(el) for el in ours.iter()] == [type(el) for el in theirs.iter()], page.name
    form = lxml_html.document_fromstring((FIXTURES / "mechanics" / "selectors.html").read_text(), parser=HTML_PARSER)
    assert {type(el).__name__ for el in form.iter("form", "input", "label", "select", "textarea")} == {
        "FormElement", "InputElement", "LabelElement", "SelectElement", "TextareaElement"}
