"""Watches: matching only new/changed articles, exactly-once JSONL/Atom, webhook retries, restarts, backfill."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from storage import Archive
from storage import watches as W
from storage.watch_delivery import deliver, watch_dir
from tests.storage.conftest import FIXTURES

ARTICLES = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))


def _record(art: dict, **changes: object) -> dict:
    return {k: v for k, v in art.items() if k != "id"} | changes


def _save(db: Path, arts: list[dict]) -> None:
    with Archive(db) as a:
        for art in arts:
            a.save_article(_record(art))


def _ids_matching(db: Path, query: str) -> set[int]:
    with Archive(db, readonly=True) as a:
        return {h.id for h in a.search(query, limit=1000, rank_window=None)}


def _jsonl_ids(db: Path, name: str) -> list[int]:
    path = watch_dir(db) / f"{name}.jsonl"
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _atom_ids(db: Path, name: str) -> list[int]:
    feed = feedparser.parse(str(watch_dir(db) / f"{name}.atom"))
    assert not feed.bozo, feed.bozo_exception  # well-formed XML and a feed the parser understands
    assert feed.version == "atom10"
    return [int(e.id.rsplit(":", 1)[1]) for e in feed.entries]


def test_new_articles_delivered_once_to_atom_and_jsonl(tmp_path: Path):
    db = tmp_path / "a.db"
    _save(db, ARTICLES[:30])
    with Archive(db) as a:
        W.add_watch(a, "rates", "금리")
    deliver(db)
    assert _jsonl_ids(db, "rates") == []  # added to a full archive: no flood of old articles
    _save(db, ARTICLES[30:])
    want = _ids_matching(db, "금리") - set(range(1, 31))
    assert want, "the fixture must have new matching articles"
    report = deliver(db)
    assert report.new == {"rates": len(want)} and not report.errors
    deliver(db)  # again: nothing new
    assert sorted(_jsonl_ids(db, "rates")) == sorted(want)
    assert sorted(_atom_ids(db, "rates")) == sorted(want)
    feed = feedparser.parse(str(watch_dir(db) / "rates.atom"))
    by_id = {int(e.id.rsplit(":", 1)[1]): e for e in feed.entries}
    with Archive(db, readonly=True) as a:
        some = min(want)
        assert by_id[some].link == a.get_article(some)["url"]
        assert by_id[some].title == a.get_article(some)["title"]


def test_backfill_delivers_the_archive(tmp_path: Path):
    db = tmp_path / "a.db"
    _save(db, ARTICLES)
    with Archive(db) as a:
        W.add_watch(a, "all-rates", "금리", backfill=True)
    deliver(db)
    assert sorted(_jsonl_ids(db, "all-rates")) == sorted(_ids_matching(db, "금리"))


def test_edit_that_newly_matches_is_a_hit_and_old_hits_are_not_repeated(tmp_path: Path):
    db = tmp_path / "a.db"
    with Archive(db) as a:
        W.add_watch(a, "w", "금리")
    _save(db, ARTICLES)
    deliver(db)
    first = _jsonl_ids(db, "w")
    other = next(int(x["id"]) for x in ARTICLES if int(x["id"]) not in first)
    hit = first[0]
    with Archive(db) as a:
        for article_id, extra in ((other, " 한편 시장금리는 올랐다."), (hit, " 추가 문단.")):
            art = ARTICLES[article_id - 1]
            assert a.save_article(_record(art, body=art["body"] + extra)).status == "updated"
    report = deliver(db)
    assert report.new == {"w": 1}
    assert _jsonl_ids(db, "w") == first + [other]
    assert sorted(_atom_ids(db, "w")) == sorted(first + [other])


def test_site_filter(tmp_path: Path):
    db = tmp_path / "a.db"
    with Archive(db) as a:
        W.add_watch(a, "w", "금리", sites=["yna"])
    _save(db, ARTICLES)
    deliver(db)
    with Archive(db, readonly=True) as a:
        want = {h.id for h in a.search("금리", site="yna", limit=1000)}
    assert set(_jsonl_ids(db, "w")) == want and want


def test_crash_between_append_and_commit_is_not_delivered_twice(tmp_path: Path):
    db = tmp_path / "a.db"
    with Archive(db) as a:
        W.add_watch(a, "w", "금리")
    _save(db, ARTICLES[:30])
    deliver(db)
    before = (watch_dir(db) / "w.jsonl").read_bytes()
    _save(db, ARTICLES[30:])
    # A delivery that appended lines and died before committing: the lines are there, the rows still pending.
    with open(watch_dir(db) / "w.jsonl", "ab") as f:
        f.write(b'{"id": 99999, "half": tr')
    deliver(db)
    ids = _jsonl_ids(db, "w")
    assert (watch_dir(db) / "w.jsonl").read_bytes().startswith(before)
    assert len(ids) == len(set(ids)) and 99999 not in ids
    assert set(ids) == _ids_matching(db, "금리")


def test_webhook_retried_with_backoff_and_failures_recorded(tmp_path: Path):
    db = tmp_path / "a.db"
    with Archive(db) as a:
        W.add_watch(a, "w", "금리", webhook="http://127.0.0.1:9/hook")
    _save(db, ARTICLES)
    calls: list[bytes] = []
    pauses: list[float] = []

    def down(url: str, body: bytes) -> None:
        calls.append(body)
        raise ConnectionRefusedError("connection refused")

    report = deliver(db, post=down, sleep=pauses.append, retry_seconds=0)
    assert len(calls) == 3 and pauses == [0.5, 1.0]
    assert report.errors and "connection refused" in report.errors[0]
    with Archive(db) as a:
        hits = W.recent_hits(a, "w", 1000)
    assert hits and all(h["webhook_state"] == "pending" and h["webhook_attempts"] == 1 and "refused" in h["webhook_error"] for h in hits)
    assert _jsonl_ids(db, "w"), "a failing webhook must not hold up the files"

    received: list[dict] = []
    report = deliver(db, post=lambda url, body: received.append(json.loads(body)), sleep=pauses.append, retry_seconds=0)
    assert not report.errors
    ids = [art["id"] for payload in received for art in payload["articles"]]
    assert sorted(ids) == sorted(h["id"] for h in hits)
    deliver(db, post=lambda url, body: received.append(json.loads(body)))
    assert len(received) == 1  # delivered ones are not sent again


def test_bad_input_is_a_clear_error(tmp_path: Path):
    with Archive(tmp_path / "a.db") as a:
        with pytest.raises(ValueError, match="invalid watch name"):
            W.add_watch(a, "../x", "금리")
        with pytest.raises(ValueError, match="exclusions"):
            W.add_watch(a, "x", "-금리")
        with pytest.raises(ValueError, match="webhook"):
            W.add_watch(a, "x", "금리", webhook="file:///etc/passwd")
        W.add_watch(a, "x", "금리")
        with pytest.raises(ValueError, match="exists"):
            W.add_watch(a, "x", "물가")
        assert W.remove_watch(a, "x") and not W.remove_watch(a, "x")


def test_cli_one_line_errors_and_listing(tmp_path: Path):
    from typer.testing import CliRunner

    from crawler.cli import app

    db = tmp_path / "a.db"
    _save(db, ARTICLES[:5])

    def run(*args: str):
        return CliRunner().invoke(app, ["--db", str(db), "watch", *args])

    assert run("list").exit_code == 0
    bad = run("add", "bad name", "금리")
    assert bad.exit_code == 2 and "invalid watch name" in bad.output and "Traceback" not in bad.output
    assert run("add", "w", "금리", "--site", "yna").exit_code == 0
    assert run("add", "w", "물가").exit_code == 2
    listed = run("list", "--json")
    assert [(w["name"], w["sites"]) for w in json.loads(listed.stdout)] == [("w", ["yna"])]
    assert run("show", "nope").exit_code == 2
    assert run("remove", "w").exit_code == 0 and run("remove", "w").exit_code == 2
    missing = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "watch", "list"])
    assert missing.exit_code == 1 and "no archive" in missing.output
