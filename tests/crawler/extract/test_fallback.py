"""The trafilatura fallback is installed and runs; a missing one fails loudly (issue 11, item 8)."""

import sys
from pathlib import Path

import pytest

from crawler.extract.extractor import _trafilatura_paragraphs, parse_html

PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "real_trafilatura" / "nytimes_com_blackouts.html"


def test_lxml_html_clean_is_installed():
    """trafilatura imports lxml.html.clean, a separate package since lxml 5.2 (declared in pyproject.toml)."""
    import lxml.html.clean  # noqa: F401
    import trafilatura  # noqa: F401


def test_fallback_returns_paragraphs():
    paragraphs = _trafilatura_paragraphs(parse_html(PAGE.read_bytes()))
    assert len(paragraphs) >= 10
    assert any("rolling blackouts" in p for p in paragraphs)


def test_missing_trafilatura_is_not_swallowed(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # what a failed import looks like to `import`
    with pytest.raises(ImportError):
        _trafilatura_paragraphs(parse_html(PAGE.read_bytes()))
