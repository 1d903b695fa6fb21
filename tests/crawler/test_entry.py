"""The `newsarchive` console script (crawler.entry): `extract` runs without the CLI app and behaves like it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed" / "article.html"
# What the extract path must not import: the archive, the crawler, the scheduler, and the CLI app's typer/rich/pydantic.
HEAVY = ("storage", "scrapy", "sqlite_utils", "twisted", "apscheduler", "typer", "pydantic", "rich", "trafilatura")


def entry(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`newsarchive ARGS` through the console-script function, in a fresh interpreter."""
    code = "import sys\nfrom crawler.entry import main\nsys.argv = ['newsarchive', *sys.argv[1:]]\nmain()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def app(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`newsarchive ARGS` through the typer app."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_extract_path_imports_nothing_heavy():
    code = ("import sys\nfrom crawler.entry import main\nsys.argv = ['newsarchive', 'extract', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"]
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_extract_output_matches_the_app():
    for args in (["extract", str(SEED)], ["extract", "--format", "text", "--url", "https://news.example.kr/a/1", str(SEED)]):
        fast, full = entry(*args), app(*args)
        assert (fast.returncode, fast.stdout) == (full.returncode, full.stdout) == (0, full.stdout)
        assert full.stdout


def test_extract_errors_match_the_app(tmp_path):
    for args in (["extract", str(tmp_path / "missing.html")], ["extract", "--format", "xml", str(SEED)], ["extract"]):
        fast, full = entry(*args), app(*args)
        assert fast.returncode == full.returncode != 0, (args, fast.stderr, full.stderr)
        assert fast.stdout == "" and "Traceback" not in fast.stderr


def test_extract_checks_the_config_file_like_the_app(tmp_path):
    (tmp_path / "newsarchive.toml").write_text("db_path = [", encoding="utf-8")
    fast, full = entry("extract", str(SEED), cwd=tmp_path), app("extract", str(SEED), cwd=tmp_path)
    assert fast.returncode == full.returncode == 2
    assert fast.stderr.startswith("error: ") and fast.stderr.count("\n") == 1 and fast.stdout == ""


def test_other_commands_and_help_go_to_the_app():
    proc = entry("extract", "--help")
    assert proc.returncode == 0 and "--format" in proc.stdout and "Usage" in proc.stdout  # typer's help, not argparse's
    proc = entry("--version")
    assert proc.returncode == 0 and proc.stdout.strip()
