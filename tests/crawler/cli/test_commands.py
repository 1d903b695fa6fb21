"""The `newsarchive` CLI: help for every command, one-line errors with meaningful exit codes."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]
FIX = ROOT / "tests" / "fixtures"
COMMANDS = ["sites", "crawl", "search", "show", "stats", "export", "import", "reindex", "extract", "reextract",
            "runs", "schedule", "demo-site", "demo"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_every_command_has_help():
    top = run("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout, command
        proc = run(command, "--help")
        assert proc.returncode == 0 and "Usage" in proc.stdout, command


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["crawl"], 2, "name at least one site"),
        (["crawl", "nosuchsite"], 2, "unknown site 'nosuchsite'"),
        (["crawl", "demo", "--set", "NOVALUE"], 2, "NAME=VALUE"),
        (["--db", "/nonexistent/dir/x.db", "show", "1"], 2, "no archive"),
        (["--sites", str(FIX / "sites" / "bad" / "typo_key.toml"), "sites"], 2, "download_dealy"),
        (["extract", "/nonexistent.html"], 1, "cannot read"),
        (["crawl", "demo", "--limit", "0"], 2, "--limit"),
        # Rich markup used to eat "[site]" out of this message
        (["--sites", str(FIX / "sites" / "bad" / "no_site_table.toml"), "sites"], 2, "table [site] is required"),
        (["--sites", str(FIX / "sites" / "bad" / "deeply_nested.toml"), "crawl", "demo"], 2,
         "deeply_nested.toml: invalid TOML: nested too deeply"),
        (["--sites", str(FIX / "sites" / "bad" / "delay_inf.toml"), "crawl", "broken"], 2,
         "'politeness.download_delay': must be a finite number, got inf"),
    ],
)
def test_bad_input_is_one_line_and_exit_code(args, code, words, tmp_path):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.strip()]) <= 6  # click's usage box at most


def test_sites_lists_builtin_demo(tmp_path):
    proc = run("sites", "--json", cwd=tmp_path)
    assert proc.returncode == 0
    assert '"key": "demo"' in proc.stdout


def test_crawl_of_unreachable_site_fails_with_exit_1(tmp_path):
    db = tmp_path / "a.db"
    # port 9 (discard) on loopback: nothing listens, so every discovery request is refused at once
    proc = run("--db", str(db), "crawl", "demo", "--base-url", "http://127.0.0.1:9", "--no-progress", "--json",
               cwd=tmp_path)
    assert proc.returncode == 1
    assert '"status": "failed"' in proc.stdout
