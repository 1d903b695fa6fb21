from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from crawler.cli.archive import register
from storage import Archive

SEARCH_SET = Path(__file__).resolve().parents[2] / "fixtures" / "search"


@pytest.fixture(scope="module")
def labelled() -> tuple[list[dict], list[dict]]:
    """The hand-labelled Korean search set (tests/fixtures/search): (articles, queries)."""
    return (json.loads((SEARCH_SET / "articles.json").read_text(encoding="utf-8")),
            json.loads((SEARCH_SET / "queries.json").read_text(encoding="utf-8")))


def make_app(db: Path) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = {"db": db}

    register(app)
    return app


@pytest.fixture
def cli(tmp_path, labelled):
    db = tmp_path / "news.db"
    with Archive(db) as a:
        for art in labelled[0]:
            a.save_article({k: v for k, v in art.items() if k != "id"})
    runner = CliRunner()
    app = make_app(db)
    return lambda *args: runner.invoke(app, list(args))


def test_search_table(cli):
    r = cli("search", "기준금리")
    assert r.exit_code == 0, r.output
    assert "4 articles" in r.output and "기준금리" in r.output and "2024-" in r.output


def test_search_json_shape(cli):
    r = cli("search", "그룹", "--json")
    assert r.exit_code == 0
    out = json.loads(r.output)
    assert out["total"] == 3 and len(out["results"]) == 3
    assert set(out["results"][0]) >= {"id", "url", "title", "site", "published", "snippet", "score"}


def test_search_translate_adds_korean_news_for_english_terms(cli):
    plain = json.loads(cli("search", "semiconductor", "--json").output)["total"]
    r = cli("search", "semiconductor", "--translate", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["total"] > plain and any("반도체" in (h["title"] or "") for h in out["results"])


def test_search_jsonl_csv_and_options(cli):
    r = cli("search", "반도체", "--jsonl", "--site", "yna", "--sort", "newest", "--limit", "2")
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert r.exit_code == 0 and len(lines) == 2 and all(x["site"] == "yna" for x in lines)
    assert lines[0]["published"] >= lines[1]["published"]
    r = cli("search", "반도체", "--csv", "--since", "2024-06-01", "--until", "2024-12-31", "--offset", "1")
    assert r.exit_code == 0 and r.output.splitlines()[0] == "id,url,title,site,published,snippet,score"
    r = cli("search", "금리", "--section", "경제", "--author", "김민수", "--collapse-duplicates", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["total"] == 2


@pytest.mark.parametrize(
    "args, code",
    [(("search", "!!!"), 2), (("search", "x", "--since", "soon"), 2), (("search", "x", "--sort", "best"), 2),
     (("search", "x", "--json", "--csv"), 2), (("search", "x", "--limit", "-1"), 2), (("import", "/nonexistent.jsonl"), 2)],
)
def test_bad_input_exit_2_one_line(cli, args, code):
    r = cli(*args)
    assert r.exit_code == code
    assert "Traceback" not in r.output


def test_error_message_is_one_line(cli):
    r = cli("search", "?!")
    assert r.output.strip().startswith("error:") and len(r.output.strip().splitlines()) == 1


def test_missing_archive_exit_2(tmp_path):
    r = CliRunner().invoke(make_app(tmp_path / "none.db"), ["search", "x"])
    assert r.exit_code == 2 and r.output.startswith("error: no archive")


def test_export_import_reindex(cli, tmp_path):
    out = tmp_path / "export.jsonl"
    r = cli("export", "--format", "jsonl", "-o", str(out), "--query", "반도체")
    assert r.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 8
    r = cli("export", "--format", "csv", "--site", "mk")
    assert r.exit_code == 0 and r.stdout.startswith("id,url,") and "exported 12 articles" in r.stderr
    db2 = tmp_path / "copy.db"
    r = CliRunner().invoke(make_app(db2), ["import", str(out)])
    assert r.exit_code == 0 and "8 new" in r.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    r = CliRunner().invoke(make_app(db2), ["import", str(bad)])
    assert r.exit_code == 2 and "bad.jsonl:1: invalid JSON" in r.output
    r = cli("reindex")
    assert r.exit_code == 0 and "reindexed 66 articles" in r.output


def test_reindex_interrupted_by_ctrl_c_says_so_and_continues(tmp_path):
    """A real `newsarchive reindex` process gets SIGINT mid-way: one line, exit 130, and the next run finishes it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    articles = json.loads((SEARCH_SET.parent / "search_relevance" / "articles.json").read_text(encoding="utf-8"))
    db = tmp_path / "news.db"
    with Archive(db) as a:
        a.save_articles([{k: art[k] for k in ("url", "site", "section", "title", "body", "published")} for art in articles])
        a.set_meta("search_index_version", "bigram-old")
    cmd = [sys.executable, "-m", "crawler.cli", "--db", str(db), "reindex", "--batch", "2"]
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    with Archive(db, readonly=True) as reader:
        while int(reader.get_meta("reindex_done_id") or 0) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "interrupted:" in err and "again to continue" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    with Archive(db, readonly=True) as reader:
        assert reader.needs_reindex and int(reader.get_meta("reindex_done_id")) >= 40
    r = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and f"reindexed {len(articles)} articles" in r.stdout, r.stderr
    with Archive(db) as a:  # FTS5's integrity-check is an INSERT: not on a read-only connection
        assert not a.needs_reindex and a.check_index() and a.get_meta("reindex_done_id") is None
