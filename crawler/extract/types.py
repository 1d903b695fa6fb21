"""Data types shared by the extractor and its callers: the extracted `Article` and per-site `ExtractionRules`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class ExtractionError(ValueError):
    """Raised when input cannot be read as an HTML page at all (empty, binary, not HTML)."""


@dataclass(frozen=True)
class ExtractionRules:
    """Per-site extraction overrides (from the site's TOML `[extract]` table); selectors are CSS.

    A selector that is set wins over the generic path; `remove` selectors are deleted before anything
    is read. `publisher`, `language` and `timezone` are defaults used when the page gives none.
    """

    title: str | None = None
    subtitle: str | None = None
    body: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: str | None = None
    section: str | None = None
    tags: str | None = None
    remove: tuple[str, ...] = ()
    publisher: str | None = None
    language: str | None = None
    timezone: str | None = None  # None: from the page (crawler/extract/zones.py), Asia/Seoul for Korean pages


@dataclass
class Image:
    """An image of the article with its caption (caption empty when the page gives none)."""

    url: str
    caption: str = ""


@dataclass
class Article:
    """The structured result of extracting one article page."""

    url: str
    title: str = ""
    subtitle: str | None = None
    body: str = ""  # clean text, paragraphs separated by one blank line
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 with offset
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    publisher: str | None = None
    canonical_url: str | None = None
    top_image: str | None = None
    images: list[Image] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """Body paragraphs in order."""
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def captions(self) -> list[str]:
        """Image captions, each once, in page order."""
        return [im.caption for im in self.images if im.caption]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field (the `newsarchive extract` output shape)."""
        return asdict(self)
