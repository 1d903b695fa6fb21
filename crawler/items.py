"""The item a spider yields for each fetched article page."""

from typing import Any

import scrapy

from crawler.page_job import Fill, extracted_fields


class ArticleItem(scrapy.Item):
    """One extracted article page on its way through the pipelines (clean → validate → dedupe → store)."""

    # identity
    url = scrapy.Field()  # canonical URL (the archive's key)
    fetched_url = scrapy.Field()  # the URL actually fetched
    aliases = scrapy.Field()  # other URLs this article was seen under
    canonical_from_page = scrapy.Field()  # True when the page's rel=canonical named another article URL
    site = scrapy.Field()
    # extracted content (see crawler.extract.types.Article)
    title = scrapy.Field()
    subtitle = scrapy.Field()
    body = scrapy.Field()
    authors = scrapy.Field()
    published = scrapy.Field()
    modified = scrapy.Field()
    section = scrapy.Field()
    tags = scrapy.Field()
    language = scrapy.Field()
    publisher = scrapy.Field()
    top_image = scrapy.Field()
    images = scrapy.Field()
    emails = scrapy.Field()
    # bookkeeping
    fetched_at = scrapy.Field()
    extraction_error = scrapy.Field()
    raw = scrapy.Field()  # storage.RawPage with the fetched bytes; not exported
    body_hash = scrapy.Field()  # set by DedupePipeline
    prepared = scrapy.Field()  # crawler.page_job.Prepared: cleaned fields, body hash, fingerprint; not exported
    duplicate_of = scrapy.Field()
    similarity = scrapy.Field()


# Fields written by `scrapy crawl SITE -O file.jsonl` (the raw bytes stay out of feeds).
EXPORT_FIELDS = [name for name in ArticleItem.fields if name not in ("raw", "prepared")]


def fill_extracted(item: ArticleItem, article: Any, *, title: str = "", language: str | None = None,
                   publisher: str | None = None) -> None:
    """Copy an extracted `Article` into `item`; `title`/`language`/`publisher` fill in what the page lacks."""
    item.update(extracted_fields(article, Fill(title, language, publisher)))
