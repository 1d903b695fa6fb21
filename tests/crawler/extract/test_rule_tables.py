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
    monkeypatch.setattr(rule_tables, "_READ_AFTER", 0)
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


def test_script_needs_are_read_from_the_parse() -> None:
    latin, hangul, han = 1, 1 << 7, 1 << 9
    needs = {rx.pattern: rule_tables._read(rx)[1] for rx in (
        re.compile(r"\bNetiquette\b", re.I), re.compile(r"구독\s*하기"), re.compile(r"^(?:Anzeige|广告)$"),
        re.compile(r"(?:네이버|다음)\s*Facebook"), re.compile(r"^\W*\d+$"), re.compile(r"^(?:x|\d)"))}
    assert needs[r"\bNetiquette\b"] == (latin,)
    assert needs[r"구독\s*하기"] == (hangul,)
    assert needs[r"^(?:Anzeige|广告)$"] == (latin | han,)  # either branch: a line with one of the two scripts
    assert set(needs[r"(?:네이버|다음)\s*Facebook"]) == {hangul, latin}  # both
    assert needs[r"^\W*\d+$"] == () and needs[r"^(?:x|\d)"] == ()  # a digit needs no script


def test_a_line_tries_only_the_patterns_of_its_scripts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rule_tables, "_BUILD_AFTER", 10**9)  # no joins: each pattern on its own
    table = (re.compile(r"^Читайте также"), re.compile(r"구독하고"), re.compile(r"^\d+$"), re.compile(r"newsletter", re.I))
    rule_tables._split.pop(id(table), None)
    first_match(table, "x")  # read at once (the fixture)
    plan = rule_tables._split[id(table)]
    assert plan.tried(rule_tables._scripts_of("뉴스레터를 구독하고 싶다", plan.scripts)) == ((), (table[1], table[2]))
    assert plan.tried(rule_tables._scripts_of("Newsletter", plan.scripts)) == ((), (table[2], table[3]))


@pytest.mark.parametrize("text", ["\u212aontakt", "\u017fponsored", "Copyr\u0131ght", "SPONSORED L\u0130NKS"])
def test_letters_ignorecase_matches_outside_their_script(text: str) -> None:
    # the Kelvin sign is a `k`, the long s an `s`, dotless and dotted i an `i` under IGNORECASE: a line of them is
    # tested as holding the patterns' (Latin) script
    table = (re.compile(r"^kontakt$", re.I), re.compile(r"^sponsored", re.I), re.compile(r"copyright", re.I),
             re.compile(r"links$", re.I))
    assert _one_by_one(table, text) is not None
    assert _same(first_match(table, text), _one_by_one(table, text))


def test_case_sensitive_parts_and_lookarounds() -> None:
    table = (re.compile(r"(?i:ab)(?-i:C)"), re.compile(r"(?<=가)x"), re.compile(r"(?=.*Ü)Z"), re.compile(r"^(?!абв)д"))
    for text in ("ABC", "abc", "가x", "나x", "ZÜ", "Zü", "Z", "дом", "абвд"):
        assert _same(first_match(table, text), _one_by_one(table, text)), text
