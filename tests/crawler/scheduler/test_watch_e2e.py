"""Watches end to end: the scheduler daemon crawls the demo site (real `newsarchive crawl` subprocesses), an
article is edited between crawls, the daemon is restarted, the webhook receiver on 127.0.0.1 fails at first —
and every new matching article still reaches the Atom feed (read by feedparser) and the receiver exactly once."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from tests.crawler.scheduler.conftest import REPO, Harness, wait_for

server = pytest.importorskip("crawler.demo.server")

EDITED = 1035  # a demo article without the watched word; the edit adds it
ALREADY = 1002  # a demo article with the watched word; edited too, must not be delivered again
MARK = "워치확인어"  # in no demo article before the edit


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers 500 to its first `fail_first` POSTs."""

    def __init__(self, fail_first: int):
        self.fail_first = fail_first
        self.posts: list[dict] = []
        self.failed = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with lock:
                    if outer.failed < outer.fail_first:
                        outer.failed += 1
                        status = 500
                    else:
                        outer.posts.append(json.loads(body))
                        status = 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def ids(self, watch: str) -> list[int]:
        """Article ids received for `watch`, in arrival order (repeats kept)."""
        return [a["id"] for p in self.posts if p["watch"] == watch for a in p["articles"]]


def _feed_ids(h: Harness, name: str) -> list[int]:
    path = h.root / "archive.db.watches" / f"{name}.atom"
    if not path.exists():
        return []
    feed = feedparser.parse(str(path))
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return [int(e.id.rsplit(":", 1)[1]) for e in feed.entries]


def _article_id(h: Harness, idxno: int) -> int:
    with sqlite3.connect(h.db) as db:
        return db.execute("SELECT id FROM articles WHERE url LIKE ?", [f"%idxno={idxno}"]).fetchone()[0]


def _ok_runs(h: Harness) -> int:
    return len([r for r in h.runs("demo") if r["status"] == "ok"])


def test_scheduled_crawls_deliver_each_new_match_once(harness: Harness):
    h = harness
    with server.DemoSite() as site, Receiver(fail_first=4) as hook:
        text = (REPO / "crawler" / "sites" / "demo.toml").read_text(encoding="utf-8")
        text = text.replace("http://127.0.0.1:8765", site.base_url)
        text = re.sub(r"(?m)^interval_minutes = .*$", "interval_minutes = 0.03", text)
        text = text.replace("enabled = false", "enabled = true")
        # re-check archived articles, so the edit is seen (the demo's dates are months old)
        text = text.replace('article_id_params = ["idxno"]', 'article_id_params = ["idxno"]\nrevisit_hours = 1000000')
        (h.sites_dir / "demo.toml").write_text(text, encoding="utf-8")
        h.configure(fake=False, stop_grace_seconds=30, run_timeout_minutes=2)
        with open(h.config_file, "a", encoding="utf-8") as f:
            f.write("[watches]\nwebhook_retry_seconds = 0\nwebhook_timeout_seconds = 10\n")
        for name, query in (("chips", "반도체"), ("mark", MARK)):
            r = h.cli("watch", "add", name, query, "--webhook", hook.url)
            assert r.returncode == 0, r.stderr

        # 1. first crawl: the webhook fails all 3 tries of the first delivery (and once more), then recovers
        proc = h.start()
        wait_for(lambda: _ok_runs(h) >= 1 and _feed_ids(h, "chips"), 90, what="a first crawl delivering")
        assert h.stop(proc)[0] == 0, h.stderr(proc)
        chips_first = set(_feed_ids(h, "chips"))
        assert chips_first and _feed_ids(h, "mark") == []
        assert hook.failed >= 3  # the first delivery's three tries all failed
        edited, already = _article_id(h, EDITED), _article_id(h, ALREADY)
        assert edited not in chips_first and already in chips_first

        # 2. edit two articles on the site, restart the daemon: the edit is re-crawled and delivered once
        site.edit_article(EDITED, append_paragraph=f"한편 정부는 반도체 지원책도 내놨다. {MARK}")
        site.edit_article(ALREADY, append_paragraph="반도체 수출은 다음 달에도 늘 것으로 보인다.")
        runs_before = _ok_runs(h)
        proc = h.start()
        wait_for(lambda: _feed_ids(h, "mark") and _ok_runs(h) >= runs_before + 2, 120, what="the edit delivered")
        assert h.stop(proc)[0] == 0, h.stderr(proc)

        chips, mark = _feed_ids(h, "chips"), _feed_ids(h, "mark")
        assert len(chips) == len(set(chips)) and set(chips) == chips_first | {edited}
        assert mark == [edited]
        with sqlite3.connect(h.db) as db:
            versions = db.execute("SELECT count(*) FROM article_versions WHERE article_id IN (?, ?)", [edited, already]).fetchone()[0]
            pending = db.execute("SELECT count(*) FROM watch_hits WHERE webhook_state != 'delivered'").fetchone()[0]
            attempts = db.execute("SELECT article_id, webhook_attempts FROM watch_hits WHERE watch = 'chips'").fetchall()
        assert versions == 2  # both edits were crawled, and only the new match was delivered
        assert pending == 0
        # the first crawl's hits needed a later delivery: the failed one was recorded as an attempt
        assert all(n >= 2 for i, n in attempts if i in chips_first)
        for name, feed in (("chips", chips), ("mark", mark)):
            assert sorted(hook.ids(name)) == sorted(feed)  # each exactly once at the receiver too
            lines = (h.root / "archive.db.watches" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            assert sorted(json.loads(x)["id"] for x in lines) == sorted(feed)
        shown = h.invoke("watch", "show", "chips", "--json")
        assert shown.exit_code == 0, shown.output
        assert {x["id"] for x in json.loads(shown.stdout)["hits"]} == set(chips)
