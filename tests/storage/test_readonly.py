"""Read-only archives on a real read-only mount (a bind mount remounted ro: refused to root too).

Readers (`stats`, `search`, `show`, `runs`, `export`) work, also on a cleanly closed WAL archive whose `-shm`
cannot be created there; writers (`import`, `crawl`) stop with one line and touch nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storage import Archive, ArchiveReadOnly
from tests.storage.mounts import read_only_view

ROOT = Path(__file__).resolve().parents[2]
IMPORT_FIXTURE = ROOT / "tests" / "fixtures" / "hostile_import" / "mixed.jsonl"


def newsarchive(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", "--db", str(db), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


@pytest.fixture
def ro_archive(tmp_path: Path, labelled):
    """(path of the archive seen through a read-only mount, number of articles in it)."""
    src = tmp_path / "src"
    src.mkdir()
    with Archive(src / "news.db") as a:
        for art in labelled[0]:
            a.save_article({k: v for k, v in art.items() if k != "id"})
        a.start_run("demo")
    assert not (src / "news.db-wal").exists()  # closed cleanly: a reader would have to create -wal/-shm
    with read_only_view(src, tmp_path / "ro") as ro:
        yield ro / "news.db", len(labelled[0])


def test_reader_opens_on_a_read_only_mount(ro_archive):
    db, n = ro_archive
    with pytest.raises(OSError):
        (db.parent / "probe").write_text("x")  # the mount really refuses writes
    with Archive(db, readonly=True) as a:
        assert a.immutable  # no -shm could be made: opened immutable
        assert a.stats()["articles"] == n
        assert a.search("기준금리").total > 0


def test_reading_commands_work_and_writing_commands_say_read_only(ro_archive, tmp_path):
    db, n = ro_archive
    stats = newsarchive(db, "stats", "--json", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == n
    search = newsarchive(db, "search", "기준금리", "--json", cwd=tmp_path)
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)["total"] > 0
    show = newsarchive(db, "show", "1", "--json", cwd=tmp_path)
    assert show.returncode == 0, show.stderr
    runs = newsarchive(db, "runs", "--json", cwd=tmp_path)
    assert runs.returncode == 0, runs.stderr
    for args in (("import", str(IMPORT_FIXTURE)), ("crawl", "demo", "--base-url", "http://127.0.0.1:9", "--no-progress")):
        proc = newsarchive(db, *args, cwd=tmp_path)
        assert proc.returncode != 0
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "read-only" in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr


def test_writer_api_refuses_a_read_only_archive(ro_archive):
    db, _ = ro_archive
    with pytest.raises(ArchiveReadOnly, match="read-only file system"):
        Archive(db)
    with pytest.raises(ArchiveReadOnly, match="read-only file system"):
        Archive(db.parent / "new.db")  # nor can a new archive be made there
