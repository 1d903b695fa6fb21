"""`Archive.save_batch` indexes a batch's new articles for search in one statement at its end: every stored article
is found, one the archive refuses is not, and the index stays consistent — also when a refused entry had
indexed earlier articles of its batch inside its own (rolled back) savepoint."""

from __future__ import annotations

from storage import Archive, RawPage


def _record(n: int, **extra) -> dict:
    words = ["반도체", "수출", "금리", "부동산", "선거", "태풍", "야구", "전기차"]
    return {"url": f"https://news.example.kr/a/{n}", "title": f"{words[n]} 기사 {n}",
            "body": f"{words[n]}에 관한 본문입니다. 고유어{n}번 문장이 들어 있다. " * 3, **extra}


def _integrity(archive: Archive) -> None:
    archive.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")


def _found(archive: Archive, word: str) -> list[str]:
    return [hit.url for hit in archive.search(word).results]


def test_a_batch_is_searchable_and_a_refused_entry_is_not(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        entries = [(_record(0), None), (_record(1), RawPage(url=_record(1)["url"], body=b"<p>x</p>")),
                   (_record(2, published=object()), None), (_record(3), None)]
        out = archive.save_batch(entries)
        assert isinstance(out[2], Exception) and not any(isinstance(o, Exception) for i, o in enumerate(out) if i != 2)
        _integrity(archive)
        assert _found(archive, "반도체") == [_record(0)["url"]]
        assert _found(archive, "수출") == [_record(1)["url"]]
        assert _found(archive, "금리") == []
        assert _found(archive, "부동산") == [_record(3)["url"]]


def test_a_refused_update_does_not_unindex_the_articles_before_it(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        first = _record(0)
        edited_badly = dict(first, body=first["body"] + " 추가 문단.", published=object())
        # the fourth entry updates the first one: the batch's pending index rows are written inside its savepoint
        # before its update fails and the savepoint rolls back
        out = archive.save_batch([(first, None), (_record(1), None), (_record(4), None), (edited_badly, None),
                                  (_record(5), None)])
        assert isinstance(out[3], Exception) and not any(isinstance(o, Exception) for i, o in enumerate(out) if i != 3)
        _integrity(archive)
        for n in (0, 1, 4, 5):
            assert _found(archive, _record(n)["title"].split()[0]) == [_record(n)["url"]], n
        # later batches (an update through the per-row triggers) keep the index right
        archive.save_batch([(dict(first, body="완전히 바뀐 본문입니다. 태풍 소식이 전해졌다. " * 3), None)])
        _integrity(archive)
        assert _found(archive, "반도체") == [first["url"]]  # the title still says so
        assert sorted(_found(archive, "태풍")) == sorted([first["url"], _record(5)["url"]])


def test_search_columns_computed_ahead_are_used_only_for_their_own_texts(tmp_path):
    from storage.archive import TEXT_COLUMNS_KEY
    from storage.tokens import TextColumns, text_columns

    ours, stale = _record(0), _record(1)
    # a marker instead of the real bigrams proves which columns were stored
    ahead = TextColumns(ours["title"], None, ours["body"], "marker", "marker body")
    not_its_own = text_columns(_record(2)["title"], None, _record(2)["body"])  # e.g. a pipeline changed the body
    with Archive(tmp_path / "a.db") as archive:
        archive.save_batch([(dict(ours, **{TEXT_COLUMNS_KEY: ahead}), None),
                            (dict(stale, **{TEXT_COLUMNS_KEY: not_its_own}), None)])
        rows = dict(archive.db.execute("SELECT url, search_title || '|' || search_body FROM articles").fetchall())
    assert rows[ours["url"]] == "marker|marker body"
    fresh = text_columns(stale["title"], None, stale["body"])
    assert rows[stale["url"]] == f"{fresh.search_title}|{fresh.search_body}"


def test_nested_savepoints_roll_back_only_the_failed_block(tmp_path):
    from storage.transactions import writing

    with Archive(tmp_path / "a.db") as archive:
        db = archive.db
        with writing(db):
            db.execute("INSERT INTO meta (key, value) VALUES ('outer', '1')")
            try:
                with writing(db):
                    db.execute("INSERT INTO meta (key, value) VALUES ('inner', '1')")
                    with writing(db):
                        db.execute("INSERT INTO meta (key, value) VALUES ('innermost', '1')")
                    raise ValueError("this block only")
            except ValueError:
                pass
            with writing(db):
                db.execute("INSERT INTO meta (key, value) VALUES ('after', '1')")
        keys = {r[0] for r in db.execute("SELECT key FROM meta WHERE key IN ('outer', 'inner', 'innermost', 'after')")}
    assert keys == {"outer", "after"}
