"""The lxml HTML parser of the extractor: lxml.html's element classes, chosen in C instead of a Python callback.

`lxml.html`'s own parser picks each element's class (`HtmlElement`, `FormElement`, …) in a Python method that runs
every time an element gets a Python proxy — about a thousand times per page. The same mapping as a namespace-class
lookup runs in libxml2's C code. libxml2's HTML parser lower-cases tag names, so the exact-name table gives the
classes `lxml.html` would.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html


def _html_parser() -> lxml_html.HTMLParser:
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity))
    classes = lookup.get_namespace(None)
    for tag, cls in lxml_html.HtmlElementClassLookup._default_element_classes.items():
        classes[tag] = cls
    parser = lxml_html.HTMLParser()
    parser.set_element_class_lookup(lookup)
    return parser


HTML_PARSER = _html_parser()
