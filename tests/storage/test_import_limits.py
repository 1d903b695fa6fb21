"""Import of hostile JSON lines: each bad line is reported and skipped, every good line is kept.

Limits per line: size (`MAX_LINE_BYTES`, read in bounded pieces), JSON depth (`MAX_JSON_DEPTH`) and URL scheme
(`url`, `aliases` and `duplicate_of_url` must be http(s) with a host).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage import Archive
from storage.exchange import MAX_JSON_DEPTH, MAX_LINE_BYTES

ROOT = Path(__file__).resolve().parents[2]
MIXED = ROOT / "tests" / "fixtures" / "hostile_import" / "mixed.jsonl"
GOOD_URLS = {f"https://news.example.kr/news/articleView.html?idxno={i}" for i in range(1, 11)}


def stored_urls(a: Archive) -> set[str]:
    return {r[0] for r in a.db.execute("SELECT url FROM articles")}


def test_bad_lines_are_reported_and_every_good_line_kept(tmp_path: Path):
    with Archive(tmp_path / "a.db") as a:
        report = a.import_jsonl(MIXED)
        assert stored_urls(a) == GOOD_URLS
        aliases = {r[0] for r in a.db.execute("SELECT url FROM article_urls")}
    assert report.new == 10 and report.lines == 16
    errors = dict(report.errors)
    assert sorted(errors) == [3, 5, 7, 9, 11, 13]
    assert "http(s) URL" in errors[3] and "javascript:" in errors[3]
    assert "http(s) URL" in errors[5] and "file:" in errors[5]
    assert errors[7] == errors[9] == f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    assert "'aliases'" in errors[11]
    assert "with a host" in errors[13]
    assert not any(u.startswith(("javascript:", "file:")) for u in aliases)


def test_an_overlong_line_is_skipped_unread(tmp_path: Path):
    lines = MIXED.read_text(encoding="utf-8").splitlines()
    huge = json.dumps({"url": "https://news.example.kr/huge", "title": "t", "body": "가" * (MAX_LINE_BYTES // 3 + 10)},
                      ensure_ascii=False)
    path = tmp_path / "with-huge.jsonl"
    path.write_text("\n".join([lines[0], huge, *lines[1:]]) + "\n", encoding="utf-8")
    with Archive(tmp_path / "a.db") as a:
        report = a.import_jsonl(path)
        assert stored_urls(a) == GOOD_URLS
    assert report.errors[0][0] == 2 and report.errors[0][1].startswith("line longer than 16 MiB")


def test_a_gigantic_line_costs_bounded_memory(tmp_path: Path):
    """A 1 GiB line (sparse file: no disk used) under a 400 MB address-space limit: skipped, the rest imported."""
    path = tmp_path / "gigantic.jsonl"
    lines = MIXED.read_text(encoding="utf-8").splitlines()
    with open(path, "wb") as f:
        f.write(("\n".join(lines[:2]) + "\n").encode())
        start = f.tell()
        f.truncate(start + (1 << 30))  # a hole of NUL bytes: one 1 GiB "line"
        f.seek(start + (1 << 30))
        f.write(("\n" + "\n".join(lines[2:]) + "\n").encode())
    code = (
        "import json, resource, sys\n"
        "from storage import Archive\n"
        "a = Archive(sys.argv[1])\n"
        "soft = int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize() + (400 << 20)\n"
        "resource.setrlimit(resource.RLIMIT_AS, (soft, soft))\n"  # a regression fails here, not the machine
        "r = a.import_jsonl(sys.argv[2])\n"
        "print(json.dumps({'new': r.new, 'errors': r.errors}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.db"), str(path)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["new"] == 10
    assert [n for n, _ in out["errors"]][:1] == [3] and "1 GiB" in out["errors"][0][1]
