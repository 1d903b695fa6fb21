"""newsarchive storage: the SQLite archive, its Korean-aware search, import/export and Datasette plugin.

Usage::

    from storage import Archive, RawPage, default_db_path

    with Archive(default_db_path()) as a:
        a.save_article({"url": "https://news.example.kr/1", "title": "기준금리 동결", "body": "…"})
        for hit in a.search("기준금리 -미국", site="yna").results:
            print(hit.published, hit.title, hit.snippet)
"""

import importlib

# Every name is imported on first use (PEP 562): an extraction worker imports `storage.fingerprints` alone, without
# SQLite, sqlite-utils and the archive (~0.6 s and ~14 MiB per worker), and the archive API does not pay for search.
_HOME = {
    **dict.fromkeys(("Archive", "RawPage", "SaveResult", "body_hash", "content_hash", "to_utc", "utcnow"), "storage.archive"),
    **dict.fromkeys(("ArchiveError", "ArchiveFull", "ArchiveLocked", "ArchiveNotFound", "ArchiveReadOnly"), "storage.errors"),
    "default_db_path": "storage.paths", "SEARCH_INDEX_VERSION": "storage.tokens", "search_text": "storage.tokens",
    "SearchHit": "storage.search", "SearchResults": "storage.search", "QuerySyntaxError": "storage.query",
    "ImportReport": "storage.exchange",
}  # fmt: skip

__all__ = [
    "Archive", "ArchiveError", "ArchiveFull", "ArchiveLocked", "ArchiveNotFound", "ArchiveReadOnly", "RawPage", "SaveResult", "SEARCH_INDEX_VERSION", "body_hash", "content_hash",
    "default_db_path", "search_text", "to_utc", "utcnow",
    "QuerySyntaxError", "SearchHit", "SearchResults", "ImportReport",
]  # fmt: skip


def __getattr__(name: str):  # noqa: ANN202 - PEP 562
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value
