from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import Archive

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search"


@pytest.fixture
def archive(tmp_path: Path):
    a = Archive(tmp_path / "test.db")
    yield a
    a.close()


@pytest.fixture(scope="session")
def labelled() -> tuple[list[dict], list[dict]]:
    """The hand-labelled Korean search set: (articles, queries)."""
    articles = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
    queries = json.loads((FIXTURES / "queries.json").read_text(encoding="utf-8"))
    return articles, queries


@pytest.fixture(scope="session")
def labelled_db(tmp_path_factory, labelled) -> Path:
    """A file archive holding the labelled articles (ids = fixture ids); reuse read-only."""
    path = tmp_path_factory.mktemp("labelled") / "labelled.db"
    with Archive(path) as a:
        for art in labelled[0]:
            res = a.save_article({k: v for k, v in art.items() if k != "id"})
            assert res.id == art["id"], "fixture ids must be 1..N in file order"
    return path
