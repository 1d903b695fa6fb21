"""What a user waits for on a large archive: CLI commands, each statement of `stats`, Datasette pages (issue 13).

    .venv/bin/python bench/scale_bench.py --db BIG.db [--repeats 3] [--no-datasette] [--port 18990]

Prints, for an existing archive (e.g. one built by `search_bench.py --articles 1000000`): its size per 1,000
articles; the wall time of `newsarchive stats / runs / latest / show ID / search WORD` as a user runs them (a new
process each, so Python start-up is included: `newsarchive --version` is timed as the floor); the in-process time
of each SQL statement `Archive.stats` runs and of `latest_articles`; and, unless `--no-datasette`, the time to
first byte of Datasette's pages (`datasette serve` on 127.0.0.1): the instance and database pages, the articles
table page (its default view, newest first, with Datasette's row count), an article page and the `search`
canned query. The archive is only read. Every figure comes with the load average: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def loadavg() -> str:
    """The 1/5/15-minute load average."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed_cli(db: Path, args: list[str], repeats: int) -> tuple[float, float, int]:
    """Best and worst wall seconds of `newsarchive --db DB ARGS` over `repeats` runs, and its exit code."""
    times, code = [], 0
    for _ in range(repeats):
        t = time.perf_counter()
        proc = subprocess.run([str(BIN / "newsarchive"), "--db", str(db), *args], capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
        code = proc.returncode
    return min(times), max(times), code


def stats_statements(db: Path) -> list[tuple[float, str]]:
    """Milliseconds of each statement `Archive.stats` runs (traced, then each re-run alone), slowest first."""
    from storage import Archive

    statements: list[str] = []
    with Archive(db, readonly=True) as archive:
        archive.db.conn.set_trace_callback(statements.append)
        archive.stats()
        archive.db.conn.set_trace_callback(None)
        out = []
        for sql in dict.fromkeys(s for s in statements if s.lstrip().upper().startswith("SELECT")):
            t = time.perf_counter()
            archive.db.execute(sql).fetchall()
            out.append(((time.perf_counter() - t) * 1000, " ".join(sql.split())[:110]))
    return sorted(out, reverse=True)


def in_process(db: Path) -> dict[str, float]:
    """Milliseconds of the Python API behind the commands, in one process (no start-up)."""
    from storage import Archive
    from storage.browse import latest_articles

    res: dict[str, float] = {}
    with Archive(db, readonly=True) as archive:
        for name, call in (
            ("stats()", archive.stats),
            ("runs(limit=20)", lambda: archive.runs(limit=20)),
            ("latest_articles(limit=20)", lambda: latest_articles(archive, limit=20)),
            ("latest_articles(sites=[one], limit=20)",
             lambda: latest_articles(archive, sites=[archive.db.execute("SELECT site FROM articles LIMIT 1").fetchone()[0]], limit=20)),
            ("get_article(middle id)", lambda: archive.get_article(archive.db.execute("SELECT max(id) / 2 FROM articles").fetchone()[0])),
        ):
            t = time.perf_counter()
            call()
            res[name] = (time.perf_counter() - t) * 1000
    return res


def datasette_pages(db: Path, port: int, article_id: int, word: str) -> list[tuple[str, float, int]]:
    """(path, seconds to the full response, HTTP status) of Datasette's pages, served from 127.0.0.1."""
    exe = shutil.which("datasette", path=str(BIN)) or shutil.which("datasette")
    if exe is None:
        return [("datasette not installed", 0.0, 0)]
    name = db.stem
    proc = subprocess.Popen([exe, "serve", str(db), "-h", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or proc.poll() is not None:
                    return [("datasette did not start", 0.0, 0)]
                time.sleep(0.3)
        out = []
        q = urllib.request.quote(word)
        for path in ("/", f"/{name}", f"/{name}/articles", f"/{name}/articles?_search={q}",
                     f"/{name}/-/article/{article_id}", f"/{name}/search?q={q}", f"/{name}/crawl_runs"):
            for attempt in range(2):  # the second request shows the warm figure
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + path, timeout=120) as r:  # follows the column redirect
                        r.read()
                        status = r.status
                except urllib.error.HTTPError as e:
                    status = e.code
                out.append((f"{path} ({'first' if attempt == 0 else 'again'})", time.perf_counter() - t, status))
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    """Measure one archive and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--port", type=int, default=18990)
    ap.add_argument("--word", default=None, help="search word (default: the first word of the newest title)")
    ap.add_argument("--no-datasette", action="store_true")
    args = ap.parse_args()
    if not args.db.is_file():
        ap.error(f"--db {args.db}: no such archive")
    import sqlite3

    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    article_id = con.execute("SELECT max(id) / 2 FROM articles").fetchone()[0] or 1
    word = args.word or (con.execute("SELECT title FROM articles ORDER BY id DESC LIMIT 1").fetchone()[0] or "뉴스").split()[0]
    con.close()
    size = sum(p.stat().st_size for p in (args.db, Path(f"{args.db}-wal")) if p.exists())
    print(f"{args.db}: {articles:,} articles, {size / 1e9:.2f} GB = {size / 1e6 / max(articles / 1000, 1e-9):.2f} MB "
          f"per 1,000 articles (load {loadavg()})")
    print(f"CLI, wall seconds best / worst of {args.repeats} (a new process each):")
    for cmd in (["--version"], ["stats", "--json"], ["runs"], ["latest"], ["latest", "--json"],
                ["show", str(article_id)], ["search", word]):
        best, worst, code = timed_cli(args.db, cmd, args.repeats)
        print(f"  {' '.join(cmd):<22} {best:6.2f} / {worst:6.2f} s  exit {code}  (load {loadavg()})")
    print("in-process, ms:")
    for name, ms in in_process(args.db).items():
        print(f"  {name:<40} {ms:9.1f}")
    print(f"Archive.stats statements, ms (slowest first, load {loadavg()}):")
    for ms, sql in stats_statements(args.db):
        print(f"  {ms:9.1f}  {sql}")
    if not args.no_datasette:
        print(f"Datasette (datasette serve, 127.0.0.1:{args.port}), seconds to the whole page:")
        for path, seconds, status in datasette_pages(args.db, args.port, article_id, word):
            print(f"  {seconds:6.2f} s  {status}  {path}")
        print(f"  (load {loadavg()})")
    print(json.dumps({"load_avg_end": [round(x, 2) for x in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
