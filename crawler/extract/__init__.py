"""Article extraction: HTML bytes + URL (+ site rules) → `Article`. See `extract_article`.

The names below are loaded on first use (PEP 562): importing a light submodule such as `crawler.extract.types`
(site configuration does) must not compile the extractor's ~160 regular expressions.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Article": "types", "ExtractionError": "types", "ExtractionRules": "types", "Image": "types",
    "decode_html": "decode", "extract_article": "extractor", "extract_from_tree": "extractor", "parse_html": "extractor",
}
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from crawler.extract.decode import decode_html
    from crawler.extract.extractor import extract_article, extract_from_tree, parse_html
    from crawler.extract.types import Article, ExtractionError, ExtractionRules, Image


def __getattr__(name: str) -> Any:
    """`crawler.extract.NAME`: import the submodule that defines it."""
    if name not in _WHERE:
        raise AttributeError(f"module 'crawler.extract' has no attribute {name!r}")
    value = getattr(import_module(f"crawler.extract.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
