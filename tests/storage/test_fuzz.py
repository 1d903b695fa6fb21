"""10,000+ random queries (quotes, operators, brackets, unicode, empty): none may raise anything but
QuerySyntaxError, and every compiled expression must be valid FTS5."""

from __future__ import annotations

import random
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Archive, QuerySyntaxError
from storage.datasette_plugin import match_expression

PIECES = [
    "삼성전자", "기준금리", "그룹", "LG", "AI", "X-Ray", "H2O.ai", "가", "의", "투자를", "반도체", "전기 자동차",
    "AND", "OR", "NOT", "NEAR", "NEAR(", "near/3", "and", "-", "--", "*", "**", '"', '""', "'", "(", ")", "[", "]",
    "{", "}", ":", "title:", "search_body:", "^", "+", "\\", "/", "%", "_", "\x00", "\t", "\n", " ", "  ",
    "🙂", "\u200b", "\u0301", "é", "ＬＧ", "ㅋㅋ", "中國", "ا", "\ud800", "\uffff", "0", "3.5%", "2024-05-01",
    "rank", "bm25(", "MATCH", ";", "DROP TABLE articles", "'; --", "\"a\"*", "-\"x y\"", "a*b", "*a", "OR-", "NOT-",
]


def random_query(rng: random.Random) -> str:
    n = rng.choice([0, 1, 1, 2, 3, 4, 6, 10])
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.7:
            parts.append(rng.choice(PIECES))
        elif r < 0.85:
            parts.append("".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(rng.randint(1, 6))))
        else:
            parts.append("".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randint(1, 4))))
    sep = rng.choice([" ", "", " ", "  "])
    return sep.join(parts)


def test_fuzz_10000_queries(labelled_db):
    rng = random.Random(20240501)
    errors = handled = 0
    with Archive(labelled_db, readonly=True) as a:
        for i in range(10_000):
            q = random_query(rng)
            kwargs = {}
            if i % 7 == 0:
                kwargs["sort"] = rng.choice(["relevance", "newest", "oldest"])
            if i % 11 == 0:
                kwargs["site"] = "yna"
            if i % 13 == 0:
                kwargs["collapse_duplicates"] = True
            try:
                res = a.search(q, limit=5, **kwargs)
                assert res.total >= len(res.results)
            except QuerySyntaxError as e:
                assert "\n" not in str(e)
                handled += 1
            except Exception as e:  # noqa: BLE001 - this is what the test counts
                errors += 1
                raise AssertionError(f"query {q!r} raised {type(e).__name__}: {e}") from e
    assert errors == 0
    assert handled < 5000  # most random input is still searchable as literal text


def test_fuzz_sql_function_always_valid(labelled_db):
    rng = random.Random(7)
    conn = sqlite3.connect(labelled_db)
    conn.create_function("newsarchive_match", 1, match_expression)
    for _ in range(3000):
        q = random_query(rng)
        conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH newsarchive_match(?)", [q.encode("utf-8", "replace").decode("utf-8")]).fetchone()
    conn.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_hypothesis_any_text(labelled_db, text):
    with Archive(labelled_db, readonly=True) as a:
        try:
            a.search(text, limit=3)
        except QuerySyntaxError:
            pass
