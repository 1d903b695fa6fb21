from __future__ import annotations

import csv
import io
import json

from storage import Archive


def _dump(a: Archive, **kw) -> list[dict]:
    buf = io.StringIO()
    a.export(buf, **kw)
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_export_import_round_trip(tmp_path, labelled):
    articles, _ = labelled
    src = Archive(tmp_path / "src.db")
    for art in articles:
        src.save_article({k: v for k, v in art.items() if k != "id"} | {"aliases": [art["url"] + "?utm_source=rss"]})
    src.mark_duplicate(3, 1, 0.91)
    path = tmp_path / "out.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        assert src.export(f) == len(articles)
    dst = Archive(tmp_path / "dst.db")
    report = dst.import_jsonl(path)
    assert report.errors == [] and report.new == len(articles) and report.lines == len(articles)
    assert _dump(dst) == _dump(src)  # same articles, aliases, duplicate links, first/last seen
    assert dst.get_article(3)["duplicate_of"] == 1
    assert dst.search("기준금리").total == src.search("기준금리").total == 4
    # importing again changes nothing
    again = dst.import_jsonl(path)
    assert again.unchanged == len(articles) and again.new == 0
    src.close()
    dst.close()


def test_export_filters_and_csv(tmp_path, labelled):
    articles, _ = labelled
    a = Archive(tmp_path / "a.db")
    for art in articles:
        a.save_article({k: v for k, v in art.items() if k != "id"})
    assert {r["id"] for r in _dump(a, query="기준금리")} == {1, 2, 6, 54}
    assert {r["site"] for r in _dump(a, site="yna")} == {"yna"}
    assert all(r["published"] >= "2024-06" for r in _dump(a, since="2024-06-01"))
    buf = io.StringIO()
    n = a.export(buf, format="csv", query="LG")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows) == 5
    assert json.loads(rows[0]["authors"])[0].endswith("기자")
    a.close()


def test_import_reports_bad_lines(tmp_path):
    lines = [
        json.dumps({"url": "https://x/1", "title": "제목", "body": "본문", "published": "2024-05-01"}),
        "{not json",
        "",
        json.dumps(["a list"]),
        json.dumps({"url": "", "title": "t", "body": "b"}),
        json.dumps({"url": "https://x/2", "title": "t"}),
        json.dumps({"url": "https://x/3", "title": "t", "body": "b", "published": "next tuesday"}),
        json.dumps({"url": "https://x/4", "title": "t", "body": "b", "authors": [1, 2]}),
        json.dumps({"url": "https://x/5", "title": "좋은 줄", "body": "본문", "authors": "한 명", "site": "demo"}),
    ]
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Archive(tmp_path / "a.db") as a:
        r = a.import_jsonl(p)
        assert r.new == 2 and r.lines == 8
        assert [n for n, _ in r.errors] == [2, 4, 5, 6, 7, 8]
        assert all("\n" not in m for _, m in r.errors)
        assert a.get_article("https://x/5")["authors"] == ["한 명"]
        assert a.db["articles"].count == 2 and a.check_index()


def test_import_not_utf8(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(json.dumps({"url": "https://news.example/u", "title": "t", "body": "b"}).encode() + b"\n" + "한글".encode("cp949") + b"\n")
    with Archive(tmp_path / "a.db") as a:
        r = a.import_jsonl(p)
        assert r.errors and "UTF-8" in r.errors[0][1]


def test_import_not_utf8_line_is_skipped_rest_kept(tmp_path):
    p = tmp_path / "mixed.jsonl"
    good = [json.dumps({"url": f"https://news.example/u{i}", "title": "제목", "body": "본문"}, ensure_ascii=False).encode() for i in range(3)]
    p.write_bytes(good[0] + b"\n" + '{"url": "x", "title": "한글", "body": ""}'.encode("cp949") + b"\n" + good[1] + b"\n" + good[2] + b"\n")
    with Archive(tmp_path / "a.db") as a:
        r = a.import_jsonl(p)
        assert r.new == 3 and [n for n, _ in r.errors] == [2]


def test_import_in_batches_and_line_by_line_agree(tmp_path, labelled, monkeypatch):
    """The bulk path and its line-by-line fallback store the same articles, links and times."""
    articles, _ = labelled
    src = Archive(tmp_path / "src.db")
    for art in articles:
        src.save_article({k: v for k, v in art.items() if k != "id"})
    src.mark_duplicate(1, 5, 0.9)  # an original that comes later in the export
    lines = [json.dumps(r, ensure_ascii=False) for r in _dump(src)]
    lines.insert(7, '{"url": "https://x/bad", "title": 3}')
    bulk = Archive(tmp_path / "bulk.db")
    report = bulk.import_jsonl(lines, batch=10)
    assert report.new == len(articles) and report.errors == [(8, "'title' must be a string")]

    def refuse(*args, **kwargs):
        raise ValueError("bulk path refused")

    single = Archive(tmp_path / "single.db")
    monkeypatch.setattr(single, "save_articles", refuse)
    fallback = single.import_jsonl(lines, batch=10)
    assert (fallback.new, fallback.errors) == (report.new, report.errors)
    assert _dump(bulk) == _dump(single) == _dump(src)
    assert bulk.get_article(1)["duplicate_of"] == 5
    src.close(), bulk.close(), single.close()
