"""The readable article page `/DB/-/article/ID`: title, byline, date, paragraphs, images with captions, and
links to the original, its other URLs, its earlier versions and its near-duplicates."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ("id", "url", "site", "title", "subtitle", "authors", "published", "modified", "section",
                   "publisher", "language", "top_image", "images", "tags", "body", "duplicate_of", "similarity",
                   "version", "first_seen")


@dataclass
class Image:
    """One picture of the article as the page gave it."""

    url: str
    caption: str = ""


@dataclass
class ArticleView:
    """What the article template shows, decoded and checked."""

    id: int
    url: str
    title: str
    subtitle: str | None
    authors: list[str]
    published: str | None
    modified: str | None
    section: str | None
    site: str | None
    site_name: str | None
    publisher: str | None
    language: str | None
    tags: list[str]
    paragraphs: list[str]
    images: list[Image]
    version: int
    versions: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    original: dict[str, Any] | None = None      # the article this one is a (near) copy of
    similarity: float | None = None
    copies: list[dict[str, Any]] = field(default_factory=list)


def is_web_url(value: Any) -> bool:
    """Whether `value` may be used as a link or image source (http/https only: no javascript: or data:)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def display_time(value: str | None) -> str | None:
    """An ISO timestamp as `YYYY-MM-DD HH:MM` with its UTC offset, as the page gave it; other text unchanged."""
    if not value:
        return None
    if len(value) <= 10:  # a bare date: no time to show
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{text} (UTC{offset[:3]}:{offset[3:]})" if offset else text


def _json_list(article_id: int, column: str, raw: Any) -> list[Any]:
    # The columns are written by the archive as JSON lists; an unreadable value is shown as nothing, not an error.
    if raw in (None, ""):
        return []
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        log.warning("article %s: %s is not JSON, not shown", article_id, column)
        return []
    return value if isinstance(value, list) else []


def _images(article_id: int, raw: Any, top_image: Any) -> list[Image]:
    images = []
    for item in _json_list(article_id, "images", raw):
        if isinstance(item, dict) and is_web_url(item.get("url")):
            images.append(Image(item["url"], str(item.get("caption") or "")))
        elif isinstance(item, str) and is_web_url(item):
            images.append(Image(item))
    if not images and is_web_url(top_image):
        images.append(Image(top_image))
    return images


def load_article(conn: sqlite3.Connection, article_id: int) -> ArticleView | None:
    """The article `article_id` with its versions, aliases and duplicates; None if there is none (runs in Datasette's thread)."""
    def execute(sql: str, params: list[Any]) -> sqlite3.Cursor:
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row  # on this cursor only: the connection is Datasette's
        return cursor.execute(sql, params)

    row = execute(f"select {', '.join(ARTICLE_COLUMNS)} from articles where id = ?", [article_id]).fetchone()
    if row is None:
        return None
    site_name = execute("select name from sources where key = ?", [row["site"]]).fetchone()
    original = None
    if row["duplicate_of"] is not None:
        found = execute("select id, title, url from articles where id = ?", [row["duplicate_of"]]).fetchone()
        original = dict(found) if found else None
    return ArticleView(
        id=row["id"],
        url=row["url"],
        title=row["title"] or f"(untitled article {row['id']})",
        subtitle=row["subtitle"],
        authors=[str(a) for a in _json_list(article_id, "authors", row["authors"]) if a],
        published=display_time(row["published"]),
        modified=display_time(row["modified"]) if row["modified"] != row["published"] else None,
        section=row["section"],
        site=row["site"],
        site_name=site_name[0] if site_name else None,
        publisher=row["publisher"],
        language=row["language"],
        tags=[str(t) for t in _json_list(article_id, "tags", row["tags"]) if t],
        paragraphs=[p.strip() for p in (row["body"] or "").split("\n\n") if p.strip()],
        images=_images(article_id, row["images"], row["top_image"]),
        version=row["version"] or 1,
        versions=[{**dict(r), "saved_at": display_time(r["saved_at"])} for r in execute(
            "select id, version, title, saved_at from article_versions where article_id = ? order by version desc",
            [article_id])],
        aliases=[r[0] for r in execute(
            "select url from article_urls where article_id = ? and url != ? order by first_seen, url", [article_id, row["url"]])],
        original=original,
        similarity=row["similarity"],
        copies=[dict(r) for r in execute(
            "select id, title, url from articles where duplicate_of = ? order by id", [article_id])],
    )
