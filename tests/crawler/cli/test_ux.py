"""The CLI as a daily user meets it (issue 16): a terminal that is not flooded, data never read as markup,
one-line errors, filters and paths that are checked, and counts that agree everywhere."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from crawler.demo.server import DemoSite
from storage import Archive

ROOT = Path(__file__).parents[3]
FIX = ROOT / "tests" / "fixtures" / "cli"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_")}
    return {**env, **extra}


def run(*args: str, cwd: Path = ROOT, columns: int = 80, timeout: float = 300) -> subprocess.CompletedProcess:
    """The CLI in a subprocess, output to pipes (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=_env(COLUMNS=str(columns), PYTHONPATH=str(ROOT)))


def run_in_pty(*args: str, cwd: Path, columns: int = 80, timeout: float = 300) -> tuple[int, str, float]:
    """The CLI with a real pseudo-terminal as stdin/stdout/stderr: (exit code, everything it wrote, seconds)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, stdin=slave, stdout=slave,
                            stderr=slave, env=_env(TERM="xterm-256color", PYTHONPATH=str(ROOT)), close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            if time.monotonic() - start > timeout:
                proc.kill()
                pytest.fail(f"{args} still running after {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    code = proc.wait(timeout=30)
    return code, b"".join(chunks).decode("utf-8", "replace"), time.monotonic() - start


def lines_of(text: str) -> list[str]:
    return [line for line in ANSI.sub("", text).replace("\r\n", "\n").split("\n")]


@pytest.fixture(scope="module")
def demo():
    """The demo site served on a free port for this module."""
    with DemoSite() as site:
        yield site


@pytest.fixture(scope="module")
def crawled(demo, tmp_path_factory):
    """The demo site crawled once: the archive path and the crawl's JSON summary."""
    db = tmp_path_factory.mktemp("ux") / "news.db"
    proc = run("--db", str(db), "crawl", "demo", "--base-url", demo.base_url, "--no-progress", "--json")
    assert proc.returncode == 0, proc.stderr
    (summary,) = json.loads(proc.stdout)
    return db, summary


@pytest.fixture(scope="module")
def markup_db(tmp_path_factory):
    """An archive holding articles whose text looks like Rich markup (tests/fixtures/cli)."""
    db = tmp_path_factory.mktemp("markup") / "m.db"
    proc = run("--db", str(db), "import", str(FIX / "markup_articles.jsonl"))
    assert proc.returncode == 0, proc.stderr
    return db


# ------------------------------------------------------------------ terminal (issue 16 item 1, issue 13 item 1)


def test_crawl_in_a_terminal_shows_progress_and_summary_only(demo, tmp_path):
    db = tmp_path / "t.db"
    code, text, seconds = run_in_pty("--db", str(db), "crawl", "demo", "--base-url", demo.base_url, cwd=tmp_path)
    lines = lines_of(text)
    assert code == 0, text[-2000:]
    # before: ~54,000 lines (every DEBUG record, each scraped item with its raw HTML)
    assert len(lines) < 40, len(lines)
    assert "DEBUG" not in text and "Scraped from" not in text
    assert seconds < 240  # the flood took minutes; a generous bound for a loaded 2-core machine
    assert "crawl summary" in text and f"crawl log: {db.with_suffix('.crawl.log')}" in lines
    log = db.with_suffix(".crawl.log").read_text(encoding="utf-8")
    assert "Spider opened" in log and "Scraped from" not in log  # INFO in the file, not the item dumps
    # the live display was drawn (a spinner line naming the site), and left no progress lines behind
    plain = ANSI.sub("", text)
    assert "demo fetched" in plain or "demo starting" in plain


def test_live_line_ends_on_the_summary_counts(demo, tmp_path):
    code, text, _ = run_in_pty("--db", str(tmp_path / "c.db"), "crawl", "demo", "--base-url", demo.base_url,
                               cwd=tmp_path, columns=160)
    assert code == 0, text[-2000:]
    plain = ANSI.sub("", text)
    frames = re.findall(r"demo ((?:[a-z]+ \d+  ){8}[a-z]+ \d+)", plain)
    assert frames, plain[-3000:]
    live = [int(n) for n in re.findall(r"\d+", frames[-1])]
    (row,) = [line for line in lines_of(text) if line.startswith("│ demo")]
    summary = [int(n) for n in row.split("│")[3:-1]]
    # before: the display stopped on a frame up to half a second old ("failed 1" against "fail 3")
    assert live == summary


def test_demo_in_a_terminal_prints_under_60_lines(tmp_path):
    code, text, _ = run_in_pty("--db", str(tmp_path / "d.db"), "demo", cwd=tmp_path)
    assert code == 0, text[-2000:]
    assert len(lines_of(text)) < 60, len(lines_of(text))


def test_verbose_crawl_logs_to_the_terminal_at_info_not_debug(demo, tmp_path):
    code, text, _ = run_in_pty("-v", "--db", str(tmp_path / "v.db"), "crawl", "demo", "--base-url", demo.base_url,
                               "--limit", "3", cwd=tmp_path)
    assert code == 0, text[-2000:]
    assert "Spider opened" in text and "DEBUG" not in text and "Scraped from" not in text


# ------------------------------------------------------------------ markup in data (item 2)


def test_markup_in_titles_and_bodies_is_printed_as_text(markup_db, tmp_path):
    code, text, _ = run_in_pty("--db", str(markup_db), "show", "1", cwd=tmp_path, columns=200)
    plain = ANSI.sub("", text)
    assert code == 0, plain
    assert "Budget vote [updated]" in plain and "The vote [/] passed [bold]late[/bold]" in plain
    assert "[red]Kim[/red]" in plain
    code, text, _ = run_in_pty("--db", str(markup_db), "search", "budget", cwd=tmp_path, columns=200)
    assert code == 0 and "Budget vote [updated]" in ANSI.sub("", text)


def test_error_messages_with_brackets_do_not_crash(markup_db):
    proc = run("--db", str(markup_db), "show", "[/]")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"error: no article '[/]' in {markup_db}"


# ------------------------------------------------------------------ --limit (item 3)


def test_limit_counts_new_article_pages(demo, tmp_path):
    db = tmp_path / "l.db"
    news = []
    for _ in range(2):
        proc = run("--db", str(db), "crawl", "demo", "--base-url", demo.base_url, "--limit", "5", "--json")
        assert proc.returncode == 0, proc.stderr
        news.append(json.loads(proc.stdout)[0]["counts"]["new"])
    assert news == [5, 5]  # before: [5, 0] — the second crawl spent its limit on archived links
    with Archive(db) as archive:
        assert archive.stats()["articles"] == 10


# ------------------------------------------------------------------ wide characters (item 4)


def _column(table: str, index: int) -> str:
    """The text of one column of a Rich table, all rows joined, spaces dropped."""
    cells = []
    for line in table.splitlines():
        if line.startswith("│"):
            parts = line.split("│")
            cells.append(parts[index + 1])
    return re.sub(r"\s+", "", "".join(cells))


@pytest.mark.parametrize("query", ["금리", "반도체", "삼성", "정부"])
@pytest.mark.parametrize("columns", [60, 80])
def test_search_table_never_drops_a_korean_syllable(crawled, query, columns):
    db, _ = crawled
    hits = json.loads(run("--db", str(db), "search", query, "--json").stdout)["results"]
    assert hits
    table = run("--db", str(db), "search", query, columns=columns).stdout
    snippets = re.sub(r"\s+", "", "".join(h["snippet"] for h in hits))
    # before: 21개월 printed as "21개 …" — the syllable that did not fit a line end was gone
    assert _column(table, 4) == snippets
    titles = _column(table, 3)
    for h in hits:
        assert re.sub(r"\s+", "", h["title"]) in titles


def test_search_table_leads_to_show(crawled):
    db, _ = crawled
    hits = json.loads(run("--db", str(db), "search", "반도체", "--json").stdout)["results"]
    table = run("--db", str(db), "search", "반도체", columns=120).stdout
    ids = [row.split("│")[1].strip() for row in table.splitlines() if row.startswith("│")]
    assert [str(h["id"]) for h in hits] == [i for i in ids if i]
    assert "idxno=" in table and "http://" not in table  # a short URL under each title
    assert "newsarchive show ID" in table


# ------------------------------------------------------------------ config keys (item 5)


def test_documented_config_keys_are_accepted(tmp_path):
    from crawler.config import load_config

    (tmp_path / "newsarchive.toml").write_text(
        'db_path = "x.db"\n[scheduler]\ncrawl_command = ["nice", "-n", "5", "{python}", "-m", "crawler.cli"]\n',
        encoding="utf-8")
    proc = run("schedule", "list", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr  # before: "expected Path" / "expected str"
    os.chdir(tmp_path)
    try:
        cfg = load_config()
    finally:
        os.chdir(ROOT)
    assert cfg.db_path == Path("x.db")
    assert cfg.scheduler.crawl_command == ["nice", "-n", "5", "{python}", "-m", "crawler.cli"]


def test_list_crawl_command_becomes_that_argv(tmp_path):
    import shlex

    from crawler.scheduler.runner import template_argv_builder

    argv = ["nice", "-n", "5", "{python}", "-m", "crawler.cli", "--db", "{db}", "crawl", "{site}", "a b"]
    build = template_argv_builder(shlex.join(argv), tmp_path / "a b.db")
    assert build("demo", 1, "schedule") == ["nice", "-n", "5", sys.executable, "-m", "crawler.cli", "--db",
                                            str(tmp_path / "a b.db"), "crawl", "demo", "a b"]


# ------------------------------------------------------------------ one-line errors (item 6)


def _one_line_error(proc: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error:") and words in errors[0], proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_unreachable_site_is_one_line(tmp_path):
    proc = run("--db", str(tmp_path / "u.db"), "crawl", "demo", "--base-url", "http://127.0.0.1:9")
    # before: 95 lines with 2 tracebacks
    _one_line_error(proc, 1, "crawl of demo failed: nothing could be fetched")
    assert f"log: {tmp_path / 'u.crawl.log'}" in proc.stderr


def test_bad_setting_value_is_one_line(tmp_path):
    proc = run("--db", str(tmp_path / "s.db"), "crawl", "demo", "-s", "NEWSARCHIVE_MIN_BODY_CHARS=abc")
    _one_line_error(proc, 2, "NEWSARCHIVE_MIN_BODY_CHARS: expected an integer, got 'abc'")


def test_db_naming_a_directory_is_one_line(tmp_path):
    for args in (["stats"], ["search", "x"], ["crawl", "demo"]):
        _one_line_error(run("--db", str(tmp_path), *args), 2, "is a directory")


# ------------------------------------------------------------------ wrong paths and filters (item 7)


@pytest.mark.parametrize("args", [["runs", "--health"], ["runs"], ["reindex"], ["stats"], ["search", "x"],
                                  ["show", "1"], ["latest"], ["reextract"], ["export", "--format", "jsonl"]])
def test_missing_archive_same_error_and_no_file_created(tmp_path, args):
    db = tmp_path / "typo.db"
    proc = run("--db", str(db), *args)
    _one_line_error(proc, 2, f"no archive at {db}")
    assert not db.exists()


@pytest.mark.parametrize("args, words", [
    (["--sites", "/no/such/dir", "sites"], "no such site file or directory: /no/such/dir"),
    (["reextract", "--since", "garbage"], "--since takes a date"),
    (["reextract", "--site", "nosuch"], "unknown site 'nosuch'"),
    (["search", "금리", "--site", "nosuch"], "unknown site 'nosuch'"),
    (["latest", "--site", "nosuch"], "unknown site 'nosuch'"),
])
def test_wrong_paths_and_filters_are_refused(crawled, args, words):
    db, _ = crawled
    _one_line_error(run("--db", str(db), *args), 2, words)


# ------------------------------------------------------------------ queries, URLs, site folders (item 9)


def test_query_starting_with_minus_is_a_query(markup_db):
    proc = run("--db", str(markup_db), "search", "-광고 삼성", "--json")
    assert proc.returncode == 0, proc.stderr  # before: "No such option: -광"
    hits = json.loads(proc.stdout)["results"]
    assert [h["title"] for h in hits] == ["예산안 표결 [속보]"]  # 삼성 without 광고
    proc = run("--db", str(markup_db), "search", "--json", "--", "-광고")
    assert proc.returncode == 0 and "삼성 광고 캠페인" not in proc.stdout


def test_show_finds_a_pasted_url_variant(crawled, demo):
    db, _ = crawled
    url = f"{demo.base_url}/news/articleView.html?idxno=1001"
    with Archive(db) as archive:
        article_id = archive.article_id_for_url(url)
    assert article_id is not None
    variant = f"{url}&utm_source=x&fbclid=abc"
    proc = run("--db", str(db), "show", variant, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == article_id


def test_sites_dir_naming_the_working_directory_sites_folder(tmp_path):
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "mine.toml").write_text(
        (ROOT / "tests" / "fixtures" / "sites" / "full.toml").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run("--sites", "sites", "sites", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr  # before: "'…' is already defined in" the same file
    proc = run("--sites", str(tmp_path / "sites"), "sites", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------------------ counts (item 10)


def test_counts_agree_between_summary_runs_and_stats(crawled):
    db, summary = crawled
    counts = summary["counts"]
    assert counts["failed"] > 0 and counts["dropped"] > 0  # the demo site's broken pages
    (row,) = json.loads(run("--db", str(db), "runs", "--json").stdout)
    assert row["counts"] == counts
    text = run("--db", str(db), "runs", columns=200).stdout
    # before: "4 failed" (failed + extraction failures) against the summary's "fail 3"
    assert f"{counts['failed']} fail" in text and f"{counts['dropped']} drop" in text
    stats = json.loads(run("--db", str(db), "stats", "--json").stdout)
    assert stats["near_duplicates"] == counts["near_duplicate"]
    assert "duplicates" not in stats


def test_live_line_uses_the_summary_names():
    from crawler.runner import progress_line
    from crawler.stats import SUMMARY_COLUMNS

    line = progress_line({name: i for i, (name, _) in enumerate(SUMMARY_COLUMNS)})
    assert line.split("  ") == [f"{label} {i}" for i, (_, label) in enumerate(SUMMARY_COLUMNS)]


# ------------------------------------------------------------------ expected and missing


def test_show_piped_is_plain_text(markup_db):
    proc = run("--db", str(markup_db), "show", "1", columns=40)
    assert proc.returncode == 0
    lines = proc.stdout.split("\n")
    assert all(line == line.rstrip() for line in lines)
    assert "\x1b[" not in proc.stdout
    body = json.loads(run("--db", str(markup_db), "show", "1", "--json").stdout)["body"]
    for paragraph in body.split("\n"):
        assert paragraph in lines  # not wrapped at 40 columns


def test_one_syllable_query_says_why_it_found_nothing(markup_db):
    proc = run("--db", str(markup_db), "search", "밤")
    assert proc.returncode == 0
    assert "no articles for '밤'" in proc.stdout and "one-syllable" in proc.stdout


def test_version():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"newsarchive {version}"


def test_latest_lists_newest_first(markup_db):
    rows = json.loads(run("--db", str(markup_db), "latest", "-n", "2", "--json").stdout)
    assert [r["title"] for r in rows] == ["삼성 광고 캠페인", "예산안 표결 [속보]"]
    table = run("--db", str(markup_db), "latest", columns=120).stdout
    assert "Budget vote [updated]" in table and "news.example.org/a/1" in table


def test_csv_export_imports_back(crawled, tmp_path):
    db, _ = crawled
    out = tmp_path / "all.csv"
    assert run("--db", str(db), "export", "--format", "csv", "-o", str(out)).returncode == 0
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    copy = tmp_path / "copy.db"
    proc = run("--db", str(copy), "import", str(out))
    assert proc.returncode == 0, proc.stderr  # before: one "invalid JSON" error per line
    assert f"{len(rows)} new" in proc.stdout
    with Archive(copy) as a, Archive(db) as b:
        first = rows[0]
        assert a.get_article(first["url"])["body"] == b.get_article(first["url"])["body"]
        assert a.get_article(first["url"])["authors"] == json.loads(first["authors"])


def test_help_shows_flags_as_flags_choices_and_help_everywhere():
    from crawler.cli import app
    from typer.main import get_command

    root = get_command(app)

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, cmd in walk(root, []):
        for param in cmd.params:
            if param.param_type_name == "option":
                assert param.help, f"{' '.join(path)} {param.opts} has no help"
        if path and not getattr(cmd, "commands", None):
            text = run(*path, "--help", columns=200).stdout
            assert "<bool>" not in text, path  # before: `--json <bool>`
    text = run("extract", "--help", columns=200).stdout
    assert "json|text" in text
    assert "relevance|newest|oldest" in run("search", "--help", columns=200).stdout


def test_demo_keeps_its_urls_when_port_8765_is_taken(tmp_path):
    import socket

    blocker = socket.socket()
    try:
        blocker.bind(("127.0.0.1", 8765))
        blocker.listen()
    except OSError:
        blocker.close()
        blocker = None  # something else already holds it: the same situation for the demo
    try:
        db = tmp_path / "demo.db"
        first = run("--db", str(db), "demo")
        assert first.returncode == 0, first.stderr
        second = run("--db", str(db), "demo")
        assert second.returncode == 0, second.stderr
    finally:
        if blocker:
            blocker.close()
    with Archive(db) as archive:
        runs = archive.db.execute("SELECT counts FROM crawl_runs ORDER BY id").fetchall()
    again = json.loads(runs[-1][0])
    # before: a new port each run, so every article came back under a new URL (aliases, nothing "seen")
    assert again["new"] == 0 and again["fetched"] == 0 and again["skipped_seen"] > 0
