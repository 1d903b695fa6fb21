"""An import onto a disk that fills up (a real 1 MB tmpfs): one line, exit 1, and an archive that is still whole
(every committed batch kept, the rest absent, never half a batch)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage import Archive
from tests.storage.mounts import tmpfs

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "search" / "articles.json"


def test_import_on_a_full_disk_stops_with_one_line(tmp_path: Path):
    source = tmp_path / "many.jsonl"
    articles = json.loads(ARTICLES.read_text(encoding="utf-8"))
    with open(source, "w", encoding="utf-8") as f:
        for copy in range(40):  # ~2,500 articles, ~2 MB of text: more than the disk holds
            for art in articles:
                rec = {k: v for k, v in art.items() if k != "id"}
                f.write(json.dumps({**rec, "url": f"{rec['url']}?copy={copy}"}, ensure_ascii=False) + "\n")
    with tmpfs(tmp_path / "small", "1m") as disk:
        db = disk / "news.db"
        proc = subprocess.run([sys.executable, "-m", "crawler.cli", "--db", str(db), "import", str(source)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines() == [f"error: disk full: cannot write to archive {db} (free some space, then run again)"]
        with Archive(db, readonly=True) as a:
            assert a.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = a.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert stored % 2000 == 0  # whole batches only (the CLI imports 2,000 lines per transaction)
