"""The demo site's content: stories loaded from package data, their URLs, ordering and live edits."""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

ARTICLE_PATH = "/news/articleView.html?idxno={}"
DRAFT_PATH = "/news/draft/articleView.html?idxno={}"

# kinds of served story; "article" and "copy" are real pages, the rest exercise crawler edge cases
FAILURE_KINDS = ("404", "500", "truncated", "empty")


@dataclass
class Story:
    """One article page of the demo site (an original, a republished copy, a draft or a failure case)."""

    idxno: int
    section: str
    layout: str  # "ndsoft" | "brbody" | "table"
    title: str
    author: str
    email: str
    published: datetime
    modified: datetime | None = None
    subtitle: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[dict[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    dateline: str | None = None
    kind: str = "article"  # article | copy | draft | 404 | 500 | truncated | empty
    original: int | None = None  # for copies: idxno of the story they republish
    charset_header: bool = True  # False: Content-Type without charset (meta only)

    @property
    def path(self) -> str:
        """The absolute path (with query) this story is linked and served under."""
        return (DRAFT_PATH if self.kind == "draft" else ARTICLE_PATH).format(self.idxno)

    @property
    def encoding(self) -> str:
        """Wire encoding: cp949 (declared euc-kr) for the local section, else utf-8."""
        return "cp949" if self.section == "local" else "utf-8"

    @property
    def last_modified(self) -> datetime:
        """The Last-Modified time: the modified time if any, else the publication time."""
        return self.modified or self.published

    @property
    def canonical_idxno(self) -> int:
        """The idxno whose desktop URL is this page's canonical (the original for copies)."""
        return self.original if self.original is not None else self.idxno

    @property
    def summary(self) -> str:
        """A one-line teaser for listings and feeds (first paragraph, shortened)."""
        if not self.paragraphs:
            return ""
        first = self.paragraphs[0]
        return first if len(first) <= 90 else first[:88].rstrip() + "…"


@dataclass(frozen=True)
class Entry:
    """A link target as listings, the feed and the sitemaps show it."""

    path: str
    title: str
    published: datetime
    last_modified: datetime
    summary: str
    author: str
    email: str
    section: str
    kind: str

    @classmethod
    def of(cls, s: Story) -> "Entry":
        """The entry for a story."""
        return cls(s.path, s.title, s.published, s.last_modified, s.summary, s.author, s.email, s.section, s.kind)


def _story(rec: dict[str, Any]) -> Story:
    """Build a Story from one JSON record."""
    rec = dict(rec)
    rec["published"] = datetime.fromisoformat(rec["published"])
    rec["modified"] = datetime.fromisoformat(rec["modified"]) if rec.get("modified") else None
    return Story(**rec)


def _read(name: str) -> str:
    """Read a text file from the package data directory."""
    return resources.files("crawler.demo").joinpath("data", name).read_text(encoding="utf-8")


@cache
def read_bytes(name: str) -> bytes:
    """Read a binary file from the package data directory (cached: these never change)."""
    return resources.files("crawler.demo").joinpath("data", name).read_bytes()


@cache
def _raw() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The parsed JSON data: site config, article records, special records."""
    site = json.loads(_read("site.json"))
    records: list[dict[str, Any]] = []
    for key in site["sections"]:
        records += json.loads(_read(f"articles/{key}.json"))
    special = json.loads(_read("special.json"))
    return site, records, special


class SiteData:
    """All stories of one demo site instance; edits affect only this instance."""

    def __init__(self) -> None:
        site, records, special = _raw()
        self.config: dict[str, Any] = copy.deepcopy(site)
        self.name: str = site["name"]
        self.sections: dict[str, str] = dict(site["sections"])
        self.page_size: int = site["page_size"]
        self.seed_path: str = site["seed"]["path"]
        self.seed_section: str = site["seed"]["section"]
        self.seed_expected: dict[str, Any] = json.loads(_read(site["seed"]["expected"]))
        self._lock = threading.Lock()
        self.stories: dict[int, Story] = {}
        for rec in records + special:
            self._add(_story(rec))
        for rep in site["republished"]:
            orig = self.stories[rep["of"]]
            self._add(replace(copy.deepcopy(orig), idxno=rep["idxno"], section=rep["section"], kind="copy",
                              original=orig.idxno, published=datetime.fromisoformat(rep["published"]), modified=None))
        euc = site["euc_kr_copy"]
        orig = self.stories[euc["of"]]
        self._add(replace(copy.deepcopy(orig), idxno=euc["idxno"], section="local", layout="table", kind="copy",
                          original=orig.idxno, dateline=euc["dateline"],
                          published=datetime.fromisoformat(euc["published"]), modified=None))
        for idxno in site["no_charset_header"]:
            self.stories[idxno].charset_header = False
        self.tracking_path = ARTICLE_PATH.format(site["tracking"]["of"]) + "&" + site["tracking"]["query"]
        self.amp_path = ARTICLE_PATH.format(site["amp"]["of"]) + "&outputType=amp"
        self.amp_of: int = site["amp"]["of"]
        expected = self.seed_expected
        paras = expected["body_paragraphs"]
        self.seed_entry = Entry(
            path=self.seed_path, title=expected["title"], published=datetime.fromisoformat(expected["published"]),
            last_modified=datetime.fromisoformat(expected["published"]), summary=paras[0][:88].rstrip() + "…",
            author=expected["authors"][0], email="", section=self.seed_section, kind="seed")
        self.tracking_of: int = site["tracking"]["of"]

    def _add(self, story: Story) -> None:
        """Register a story, refusing duplicate ids (data error)."""
        if story.idxno in self.stories:
            raise ValueError(f"duplicate idxno {story.idxno} in demo data")
        self.stories[story.idxno] = story

    def get(self, idxno: int) -> Story | None:
        """The story with this idxno, or None."""
        return self.stories.get(idxno)

    def entries(self, section: str | None = None, *, drafts: bool = True) -> list[Entry]:
        """Link targets (stories plus the seed article), newest first; optionally one section only."""
        with self._lock:
            items = [Entry.of(s) for s in self.stories.values() if drafts or s.kind != "draft"]
        items.append(self.seed_entry)
        items = [e for e in items if section is None or e.section == section]
        return sorted(items, key=lambda e: (e.published, e.path), reverse=True)

    def originals(self) -> list[Story]:
        """Stories that are distinct, servable articles (not copies, drafts or failures)."""
        return sorted((s for s in self.stories.values() if s.kind == "article"), key=lambda s: s.idxno)

    def edit(self, idxno: int, *, title: str | None = None, append_paragraph: str | None = None) -> Story:
        """Change a served article in place; bumps its modified time so ETag and Last-Modified change."""
        with self._lock:
            story = self.stories.get(idxno)
            if story is None or story.kind not in ("article", "copy"):
                raise KeyError(f"no editable demo article with idxno {idxno}")
            if title is not None:
                story.title = title
            if append_paragraph is not None:
                story.paragraphs = [*story.paragraphs, append_paragraph]
            # deterministic, strictly later than before (If-Modified-Since has 1-second resolution)
            story.modified = story.last_modified + timedelta(minutes=30)
            return story

    def snapshot(self, idxno: int) -> Story | None:
        """A copy of a story taken under the edit lock, safe to render from another thread."""
        with self._lock:
            story = self.stories.get(idxno)
            return copy.deepcopy(story) if story else None
