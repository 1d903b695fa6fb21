"""Sampling a few article pages politely and running the extractor on them, so the user sees what a crawl
would store (title, date, body length, byline) before the first crawl."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.extract import ExtractionError, extract_article
from crawler.extract.types import ExtractionRules
from crawler.onboard.fetch import Fetcher


@dataclass
class Sample:
    """What the extractor made of one article page."""

    url: str
    status: int = 0
    title: str = ""
    published: str | None = None
    body_chars: int = 0
    authors: list[str] = field(default_factory=list)
    problem: str | None = None  # fetch or extraction problem, one line

    def as_dict(self) -> dict:
        """JSON-friendly form."""
        return dict(self.__dict__)


def sample_articles(fetcher: Fetcher, urls: list[str], *, count: int = 5,
                    rules: ExtractionRules | None = None) -> list[Sample]:
    """Fetch up to `count` of `urls` (spread over the list) and extract each."""
    if count <= 0:
        return []
    unique = list(dict.fromkeys(urls))
    if len(unique) > count:
        step = len(unique) / count
        unique = [unique[int(i * step)] for i in range(count)]
    return [sample_one(fetcher, url, rules) for url in unique]


def sample_one(fetcher: Fetcher, url: str, rules: ExtractionRules | None = None) -> Sample:
    """Fetch one article page and extract it."""
    page = fetcher.get(url)
    sample = Sample(url, page.status)
    if not page.ok:
        sample.problem = page.error or f"HTTP {page.status}"
        return sample
    try:
        article = extract_article(page.body, page.url, rules, encoding=page.charset)
    except ExtractionError as exc:
        sample.problem = f"extraction failed: {exc}"
        return sample
    sample.title = article.title
    sample.published = article.published
    sample.body_chars = len(article.body)
    sample.authors = list(article.authors)
    if not article.body:
        sample.problem = "no article body found"
    return sample
