"""The `newsarchive extract` command contract via `run_extract`."""

import io
import json
from pathlib import Path

from crawler.extract.cli import run_extract

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "article.html"


def call(path, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_extract(str(path), stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


def test_json_output():
    code, out, err = call(SEED, url="http://news.tf.co.kr/read/economy/1853871.htm")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["publisher"] == "더팩트" and isinstance(data["body"], str) and data["emails"] == ["likehyo85@tf.co.kr"]
    assert set(data) >= {"title", "subtitle", "body", "authors", "published", "modified", "section", "tags", "language",
                         "publisher", "canonical_url", "top_image", "images", "emails"}


def test_text_output():
    code, out, _ = call(SEED, fmt="text")
    assert code == 0 and out.startswith('"디지털 기술로 고객 감동"')


def test_unusable_input(tmp_path):
    bad = tmp_path / "x.html"
    bad.write_bytes(b"")
    code, out, err = call(bad)
    assert code != 0 and out == "" and err.count("\n") == 1
    code, _, err = call(tmp_path / "missing.html")
    assert code != 0 and err.count("\n") == 1


def test_extract_command_imports_no_storage_or_scheduler():
    """`newsarchive extract` starts fast: the storage and scheduler plugins (SQLite, APScheduler) stay unimported."""
    import subprocess
    import sys

    code = ("import sys\nfrom crawler.cli import main\nsys.argv = ['newsarchive', 'extract', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print(sorted(m for m in ('storage', 'storage.archive', 'sqlite_utils', 'apscheduler', 'crawler.cli.schedule', 'crawler.cli.archive')"
            " if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
