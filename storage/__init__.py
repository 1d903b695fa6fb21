"""newsarchive storage: the SQLite archive, its Korean-aware search, import/export and Datasette plugin.

Usage::

    from storage import Archive, RawPage, default_db_path

    with Archive(default_db_path()) as a:
        a.save_article({"url": "https://news.example.kr/1", "title": "기준금리 동결", "body": "…"})
        for hit in a.search("기준금리 -미국", site="yna").results:
            print(hit.published, hit.title, hit.snippet)
"""

from storage.archive import Archive, RawPage, SaveResult, body_hash, content_hash, to_utc, utcnow
from storage.errors import ArchiveError, ArchiveFull, ArchiveLocked, ArchiveNotFound, ArchiveReadOnly
from storage.paths import default_db_path
from storage.tokens import SEARCH_INDEX_VERSION, search_text

__all__ = [
    "Archive", "ArchiveError", "ArchiveFull", "ArchiveLocked", "ArchiveNotFound", "ArchiveReadOnly", "RawPage", "SaveResult", "SEARCH_INDEX_VERSION", "body_hash", "content_hash",
    "default_db_path", "search_text", "to_utc", "utcnow",
    "QuerySyntaxError", "SearchHit", "SearchResults", "ImportReport",
]  # fmt: skip


def __getattr__(name: str):  # lazy: the core archive API must not pay for search/exchange imports
    if name in ("SearchHit", "SearchResults"):
        from storage import search

        return getattr(search, name)
    if name == "QuerySyntaxError":
        from storage.query import QuerySyntaxError

        return QuerySyntaxError
    if name == "ImportReport":
        from storage.exchange import ImportReport

        return ImportReport
    raise AttributeError(f"module 'storage' has no attribute {name!r}")
