"""The CPU-bound, pure work on one fetched article page, as one picklable call for an extraction worker.

`process_page` runs in a `crawler.workpool` worker process (or, the same function, in the crawl process when the
pool is off): the extractor, the raw page's compression for the archive, and what the pipelines would compute
from the article before touching the archive — its cleaned fields (`pipelines.clean`), its body hash, its
near-duplicate fingerprint (`storage.fingerprints`) and its search columns (`storage.tokens.text_columns`). The
pipelines and the archive writer use these (`Prepared`) instead of computing them in the crawl's process. It
imports neither Scrapy nor SQLite nor the archive.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

from crawler.extract import ExtractionError, extract_article
from crawler.extract.types import Article, ExtractionRules
from pipelines.clean import clean_fields
from storage.compression import compress_page
from storage.fingerprints import Fingerprint, NearDupParams, body_hash, fingerprint
from storage.tokens import TextColumns, text_columns

#: Target of the extraction workers (`crawler.workpool.WorkerPool`).
TARGET = "crawler.page_job:process_page"

# The extractor's fields an item carries as they are (title, language and publisher have fallbacks).
EXTRACTED_FIELDS = ("subtitle", "body", "authors", "published", "modified", "section", "tags", "top_image", "images",
                    "emails")


@dataclass(frozen=True)
class Fill:
    """What a page lacks is filled from: the feed/sitemap entry's title, the site's language and publisher."""

    title: str = ""
    language: str | None = None
    publisher: str | None = None


@dataclass
class Prepared:
    """An article's item fields, cleaned, with its body hash and near-duplicate fingerprint.

    Carried by the item (`ArticleItem.prepared`): `CleanPipeline` and `DedupePipeline` use it only while the item's
    body is still `fields["body"]` and the fingerprint was made with their own parameters.
    """

    fields: dict[str, Any]
    body_hash: str
    fingerprint: Fingerprint | None  # None: near duplicates off
    near_dup: NearDupParams | None
    text_columns: TextColumns | None = None  # the archive's search_title / search_body of these fields

    def current(self, body: Any) -> bool:
        """True while the item's body is the one these values were computed from."""
        return body is self.fields["body"] or body == self.fields["body"]


@dataclass
class PageResult:
    """What the worker sends back: the article (or why there is none) and the page as the archive stores it."""

    article: Article | None
    error: str | None  # ExtractionError's one-line message
    raw_zlib: bytes | None  # the body compressed at `zlib_level` (None: not asked for)
    pid: int  # the process that did the work
    prepared: Prepared | None = None  # None when there is no article (or preparing was not asked for)


def extracted_fields(article: Article, fill: Fill) -> dict[str, Any]:
    """The item fields of an extracted `Article` (the values of `Article.to_dict()`); `fill` supplies
    title/language/publisher the page lacks."""
    # Field by field instead of `to_dict()`: `dataclasses.asdict` deep-copies every field of the article (each
    # string through `copy.deepcopy`), ~0.1 ms per page in the workers, for fields half of which are not used here.
    fields = {name: _plain(getattr(article, name)) for name in EXTRACTED_FIELDS}
    fields.update(title=article.title or fill.title, language=article.language or fill.language,
                  publisher=article.publisher or fill.publisher)
    return fields


def _plain(value: Any) -> Any:
    """`value` as `dataclasses.asdict` gives it: lists copied, dataclasses (an `Image`) as dicts."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value  # str, None: immutable, so the same object is as good as asdict's copy


def prepare(article: Article, fill: Fill, near_dup: NearDupParams | None) -> Prepared:
    """Cleaned item fields, body hash and fingerprint (with `near_dup`'s parameters; None: none) of an article."""
    fields = extracted_fields(article, fill)
    clean_fields(fields)
    fp = fingerprint(fields["body"], near_dup) if near_dup is not None else None
    columns = text_columns(fields.get("title"), fields.get("subtitle"), fields["body"])
    return Prepared(fields, body_hash(fields["body"]), fp, near_dup, columns)


def process_page(body: bytes, url: str, rules: ExtractionRules | None, encoding: str | None,
                 zlib_level: int | None, fill: Fill | None = None,
                 near_dup: NearDupParams | None = None) -> PageResult:
    """Extract one page, compress its bytes and (given `fill`) prepare the article for the pipelines; an unusable
    page is a result with `error`, never an exception."""
    raw = compress_page(body, zlib_level) if zlib_level is not None else None
    try:
        article = extract_article(body, url, rules, encoding=encoding)
    except ExtractionError as exc:
        return PageResult(None, str(exc), raw, os.getpid())
    prepared = prepare(article, fill, near_dup) if fill is not None else None
    return PageResult(article, None, raw, os.getpid(), prepared)
