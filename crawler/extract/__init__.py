"""Article extraction: HTML bytes + URL (+ site rules) → `Article`. See `extract_article`."""

from crawler.extract.decode import decode_html
from crawler.extract.extractor import extract_article, extract_from_tree, parse_html
from crawler.extract.types import Article, ExtractionError, ExtractionRules, Image

__all__ = ["Article", "ExtractionError", "ExtractionRules", "Image", "decode_html", "extract_article",
           "extract_from_tree", "parse_html"]
