"""rule_tables.first_match: the same answer as searching a table's patterns one by one, in its order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler.extract import patterns as P
from crawler.extract import rule_tables
from crawler.extract.clean import norm_space
from crawler.extract.rule_tables import first_match

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(autouse=True)
def join_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # joins are built after many searches and only for large groups in a crawl: here at the first search, any size
    monkeypatch.setattr(rule_tables, "_BUILD_AFTER", 0)
    monkeypatch.setattr(rule_tables, "_MIN_JOIN", 1)


def _one_by_one(table: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for rx in table:
        m = rx.search(text)
        if m:
            return m
    return None


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.re is b.re and a.span() == b.span() and a.groupdict() == b.groupdict()


def test_a_top_level_alternative_is_not_anchored() -> None:
    # `^a|b` starts with `^` but its second branch matches anywhere: it must not be tried at the start only
    table = (re.compile(r"^x|needle"), re.compile(r"^y"))
    assert _same(first_match(table, "hay needle"), _one_by_one(table, "hay needle"))
    assert first_match(table, "hay needle") is not None


def test_the_first_pattern_in_table_order_wins() -> None:
    # an unanchored rule listed before an anchored one that also matches: its match comes back, with its groups
    table = (re.compile(r"(?P<names>Kim)\s+reporter", re.I), re.compile(r"^(?P<names>By \w+)"))
    text = "By Lee — Kim reporter"
    assert first_match(table, text).re is table[0]
    assert first_match(table, text)["names"] == _one_by_one(table, text)["names"]


def test_shared_group_names_and_mixed_flags() -> None:
    table = (re.compile(r"^(?P<n>a+)$"), re.compile(r"^(?P<n>B+)$", re.I), re.compile(r"^(?P<n>c)(?P=n)"))
    for text in ("aaa", "bbb", "BBB", "cc", "c", "ab", ""):
        assert _same(first_match(table, text), _one_by_one(table, text)), text


def test_an_edited_table_is_used_as_edited() -> None:
    table = (re.compile(r"^alpha"),)
    assert first_match(table, "omega") is None
    edited = (*table, re.compile(r"^omega"))
    assert first_match(edited, "omega") is not None


@pytest.mark.parametrize("min_join", [1, 8])
def test_real_tables_over_fixture_lines(monkeypatch: pytest.MonkeyPatch, min_join: int) -> None:
    monkeypatch.setattr(rule_tables, "_MIN_JOIN", min_join)
    monkeypatch.setattr(rule_tables, "_split", {})
    lines: set[str] = set()
    for path in sorted((FIXTURES / "real_korean").glob("*.html")) + sorted((FIXTURES / "real_news").glob("*.html"))[:8]:
        doc = lxml_html.document_fromstring(path.read_bytes())
        lines.update(norm_space(el.text_content()) for el in doc.iter("p", "li", "figcaption", "span", "em"))
    lines.discard("")
    assert len(lines) > 200
    for table in (P.STOP_LINES, P.PROMO_LINES, P.CREDIT_LINES, P.BYLINE_LINES):
        for text in lines:
            assert _same(first_match(table, text), _one_by_one(table, text)), text
