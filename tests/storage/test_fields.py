"""`title:` field queries (storage/fields.py) through Archive.search."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Archive
from storage.fields import parse_query
from storage.query import parse

FIX = Path(__file__).parents[1] / "fixtures" / "cli" / "markup_articles.jsonl"


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "f.db") as a:
        assert a.import_jsonl(FIX).imported == 3
        yield a


def titles(archive: Archive, query: str) -> list[str]:
    return sorted(h.title for h in archive.search(query, limit=10).results)


def test_title_field_matches_titles_only(archive):
    assert titles(archive, "삼성") == ["삼성 광고 캠페인", "예산안 표결 [속보]"]  # title and body
    assert titles(archive, "title:삼성") == ["삼성 광고 캠페인"]
    assert titles(archive, "삼성 -title:삼성") == ["예산안 표결 [속보]"]
    assert titles(archive, 'title:"광고 캠페인"') == ["삼성 광고 캠페인"]
    assert titles(archive, "TITLE:budget") == ["Budget vote [updated]"]
    assert titles(archive, "title:통과시켰다") == []  # only in a body


def test_field_terms_are_highlighted_and_other_colons_stay_literal(archive):
    (hit,) = archive.search("title:캠페인", limit=5).results
    assert any(hit.snippet[s:e] == "캠페인" for s, e in hit.highlights)
    assert parse_query("note:삼성").match == parse("note:삼성").match  # not a field: the usual parse
