"""crawler.extract.regex_cache: compiled patterns kept across processes, identical to re.compile's."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extract import regex_cache

ROOT = Path(__file__).resolve().parents[3]
PATTERNS = [(r"(?P<name>[가-힣]{2,4})\s*기자", 0), (r"^by\s+(\w+)", re.I | re.M), (rb"charset=([\w-]+)", re.I)]


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    """The module reloaded with empty state, its cache file under tmp_path, bytecode writing allowed."""
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    yield importlib.reload(regex_cache)
    monkeypatch.undo()
    importlib.reload(regex_cache)


def test_a_saved_pattern_is_rebuilt_equal_to_re_compile(fresh):
    first = [fresh.re_compile(p, f) for p, f in PATTERNS]
    assert fresh.save() is True
    assert fresh.cache_path().is_file()
    assert str(fresh.cache_path()).startswith(sys.pycache_prefix)

    again = importlib.reload(regex_cache)
    rebuilt = [again.re_compile(p, f) for p, f in PATTERNS]
    assert again._missed is False  # every pattern came from the file
    assert rebuilt == first == [re.compile(p, f) for p, f in PATTERNS]  # Pattern == compares source, flags and code
    assert rebuilt[0].search("서울 홍길동 기자").group("name") == "홍길동"
    assert again.save() is False  # nothing new: the file is not rewritten


def test_a_damaged_file_is_ignored(fresh):
    path = fresh.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00not marshal at all")
    assert fresh.re_compile(*PATTERNS[1]) == re.compile(*PATTERNS[1])
    assert fresh.save() is True  # replaced by a good one


def test_a_file_from_another_python_is_ignored(fresh):
    import marshal

    path = fresh.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # same key, wrong code: would break matching if it were used
    bogus = {(PATTERNS[1][0], int(PATTERNS[1][1])): (int(PATTERNS[1][1]), [1, 2, 3], 1, {}, (None, None))}
    path.write_bytes(marshal.dumps((("another python",), bogus)))
    assert fresh.re_compile(*PATTERNS[1]) == re.compile(*PATTERNS[1])


def test_a_damaged_entry_is_compiled_afresh(fresh):
    import marshal

    path = fresh.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    bogus = {(PATTERNS[1][0], int(PATTERNS[1][1])): (int(PATTERNS[1][1]), [999999], 0, {}, (None,))}
    path.write_bytes(marshal.dumps((fresh._ENGINE, bogus)))
    assert fresh.re_compile(*PATTERNS[1]) == re.compile(*PATTERNS[1])


def test_nothing_is_written_when_bytecode_writing_is_off(fresh, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert fresh.re_compile(*PATTERNS[0]) == re.compile(*PATTERNS[0])
    assert fresh.save() is False
    assert not fresh.cache_path().exists()


def test_an_unwritable_folder_is_no_error(fresh, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(sys, "pycache_prefix", str(blocker))  # the cache's folder would sit under a file
    fresh.re_compile(*PATTERNS[0])
    assert fresh.save() is False


_CHECK = """
import json, re, _sre
import crawler.extract.extractor
from crawler.extract import regex_cache as rc
differ = [p for (p, f), parts in rc._compiled.items() if _sre.compile(p, *parts) != re.compile(p, f)]
print(json.dumps({"patterns": len(rc._compiled), "missed": rc._missed, "differ": differ}))
"""


def test_the_extractor_patterns_all_come_back_identical(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = [sys.executable, "-X", f"pycache_prefix={tmp_path}", "-c", _CHECK]
    first = json.loads(subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout)
    second = json.loads(subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout)
    assert first["missed"] is False and first["patterns"] > 300  # saved at the end of the import
    assert second["missed"] is False and second["patterns"] == first["patterns"]
    assert first["differ"] == second["differ"] == []
    assert list(tmp_path.rglob("regex_cache.*.marshal"))
