"""Draft the expected JSON of a real page from a reviewed content file (e.g. readability's expected.html), to be checked by eye.

Usage: .venv/bin/python bench/draft_labels.py PAGE.html CONTENT.(html|txt) [--meta META.json] [--template T] > PAGE.json
       .venv/bin/python bench/draft_labels.py PAGE.html --xpath '//div[@id="main_content"]' > PAGE.json
(with --xpath the body is drafted from the page's own elements that a person picked as the article container)

The draft is only a starting point: the body comes from the content file (blocks → paragraphs, figcaptions → captions),
title/date/authors from the metadata file or the page's own markup. Every draft is then compared with the page by eye
(first and last paragraphs, captions, bylines, boilerplate) and corrected; the folder README says what was changed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import lxml.html

# Elements that start a new paragraph in the content file; a table row is one line, its cells joined by a space.
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "tr", "dt", "dd", "section",
           "article", "ul", "ol", "dl", "table", "figure", "header", "footer", "aside", "main", "center", "hr"}
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "button", "rt", "rp"}  # rt/rp: ruby readings annotate, they are not text
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


def page_encoding(html: bytes) -> str:
    """Declared charset of a page (`<meta charset>` or http-equiv), normalised like the project does (euc-kr → cp949)."""
    m = _CHARSET_RE.search(html[:8192])
    enc = (m.group(1).decode("ascii").lower() if m else "utf-8").replace("_", "-")
    return {"euc-kr": "cp949", "ks-c-5601-1987": "cp949", "utf8": "utf-8"}.get(enc, enc)


def actual_encoding(html: bytes) -> str:
    """The charset the bytes are really in: UTF-8 when they decode as UTF-8 (saved pages often keep a stale
    `<meta charset=gb2312>`; text in a legacy CJK charset practically never decodes as UTF-8), else the declared one."""
    try:
        html.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return page_encoding(html)


def _clean(text: str) -> str:
    return " ".join(text.split())


def content_blocks(root: Any) -> tuple[list[str], list[str]]:
    """Paragraphs and figure captions of a content tree, in document order (`<br>` also ends a paragraph)."""
    paragraphs: list[str] = []
    captions: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _clean("".join(buf))
        if text:
            paragraphs.append(text)
        buf.clear()

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not isinstance(el.tag, str):
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "figcaption":
            flush()
            text = _clean(el.text_content())
            if text:
                captions.append(text)
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCKS
        if block or tag == "br":
            flush()
        if tag in {"td", "th"}:
            buf.append(" ")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if tag in {"td", "th"}:
            buf.append(" ")
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return paragraphs, captions


def page_meta(tree: Any) -> dict[str, Any]:
    """Canonical URL, headline, language and dates the page itself declares (canonical/og, h1, html lang, meta, JSON-LD)."""
    def first(xpath: str) -> str | None:
        for v in tree.xpath(xpath):
            v = _clean(v if isinstance(v, str) else v.text_content())
            if v:
                return v
        return None

    published = first("//meta[@property='article:published_time']/@content") or first("//meta[@itemprop='datePublished']/@content")
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script)
        if m and not published:
            published = m.group(1)
    return {
        "url": first("//link[@rel='canonical']/@href") or first("//meta[@property='og:url']/@content"),
        "h1": first("//h1"),
        "og_title": first("//meta[@property='og:title']/@content"),
        "lang": first("/html/@lang"),
        "published": published,
        "author_meta": first("//meta[@name='author']/@content"),
    }


def _headline(h1: str | None, meta_title: str | None) -> str | None:
    """The page's h1 when the metadata title names the same story (an h1 is often the site name), else the metadata title."""
    if h1 and (not meta_title or h1.lower() in meta_title.lower() or meta_title.lower() in h1.lower()):
        return h1
    return meta_title or h1


def draft(page: Path, content: Path | None, meta_path: Path | None, template: str, xpath: str | None = None) -> dict[str, Any]:
    """One draft label: the project's expected-JSON fields, filled from the content file and the page."""
    html = page.read_bytes()
    # Parse in the real charset so a page without (or with a stale) <meta charset> is not misread.
    tree = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding=actual_encoding(html)))
    pm = page_meta(tree)
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path else {}
    if xpath:
        paragraphs, captions = [], []
        for el in tree.xpath(xpath):
            p, c = content_blocks(el)
            paragraphs += p
            captions += c
    elif content is None:
        raise ValueError("a content file or --xpath is needed")
    elif content.suffix == ".txt":
        paragraphs = [_clean(p) for p in re.split(r"\n\s*\n|\n", content.read_text(encoding="utf-8")) if _clean(p)]
        captions: list[str] = []
    else:
        paragraphs, captions = content_blocks(lxml.html.fromstring(content.read_bytes(), parser=lxml.html.HTMLParser(encoding="utf-8")))
    lang = (meta.get("lang") or pm["lang"] or "").split("-")[0].lower() or None
    byline = meta.get("byline") or pm["author_meta"]
    return {
        "url": pm["url"] or "",
        "template": template,
        "language": lang,
        "encoding": actual_encoding(html),
        "title": _headline(pm["h1"], meta.get("title") or pm["og_title"]),
        "published": meta.get("publishedTime") or pm["published"],
        "modified": None,
        "authors": [_clean(byline)] if byline else [],
        "section": None,
        "captions": captions,
        "body_paragraphs": paragraphs,
        "must_not_contain": [],
    }


def main(argv: list[str] | None = None) -> int:
    """Print one draft label as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("content", type=Path, nargs="?")
    ap.add_argument("--xpath", help="draft the body from these elements of the page instead of a content file")
    ap.add_argument("--meta", type=Path)
    ap.add_argument("--template", default="")
    args = ap.parse_args(argv)
    for path in (args.page, args.content, args.meta):
        if path and not path.exists():
            print(f"error: {path}: no such file", file=sys.stderr)
            return 2
    if not args.content and not args.xpath:
        print("error: give a content file or --xpath", file=sys.stderr)
        return 2
    label = draft(args.page, args.content, args.meta, args.template or args.page.stem, args.xpath)
    print(json.dumps(label, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
