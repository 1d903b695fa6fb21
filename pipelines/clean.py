"""`CleanPipeline`: Unicode NFC, tidy whitespace, and drop boilerplate lines the extractor let through."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import MutableMapping
from typing import Any

from crawler.extract.clean import drop_loose_joiners

# Lines that are never article text on any news site (a safety net behind the extractor's own rules,
# e.g. for bodies taken through a site's CSS selector override).
BOILERPLATE_LINE = re.compile(
    r"(무단\s*전재|재배포\s*금지|저작권자\s*[©ⓒ(]|Copyright\s*[©ⓒ(]|All rights reserved"
    r"|^\s*[▶☞►]\s*\S{0,20}\s*(바로가기|구독|제보|카카오톡|이메일)"
    r"|구독하고\s*\[|^\s*\[(인기기사|관련기사|추천기사)\]\s*$)",
    re.IGNORECASE,
)
# the joiner and non-joiner (U+200C/D) are spelling inside Persian, Hindi, … words: `drop_loose_joiners` (the
# extractor's rule) drops them only where they touch whitespace
INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u2028\u2029\u2060\ufeff\u00ad]")
SPACES = re.compile(r"[ \t\u00a0\u3000\f\v]+")
TEXT_FIELDS = ("title", "subtitle", "section", "publisher", "language")
LIST_FIELDS = ("authors", "tags", "emails")


def clean_text(text: str | None) -> str:
    """NFC-normalise, remove invisible characters and collapse runs of spaces (single line)."""
    if not text:
        return ""
    text = INVISIBLE.sub("", drop_loose_joiners(unicodedata.normalize("NFC", text)))
    return SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def clean_body(body: str | None) -> str:
    """Clean each paragraph, drop boilerplate and repeated paragraphs, join with one blank line."""
    if not body:
        return ""
    out: list[str] = []
    seen: set[str] = set()
    for para in re.split(r"\n\s*\n", unicodedata.normalize("NFC", body)):
        line = clean_text(para)
        if not line or line in seen or BOILERPLATE_LINE.search(line):
            continue
        seen.add(line)
        out.append(line)
    return "\n\n".join(out)


def clean_fields(fields: MutableMapping[str, Any]) -> None:
    """Clean an article's text fields, body and list fields in place (an item's, or `crawler.page_job`'s dict)."""
    for name in TEXT_FIELDS:
        if fields.get(name):
            fields[name] = clean_text(fields[name])
    fields["body"] = clean_body(fields.get("body"))
    for name in LIST_FIELDS:
        values = [clean_text(v) for v in fields.get(name) or []]
        fields[name] = list(dict.fromkeys(v for v in values if v))


class CleanPipeline:
    """Normalises every text field of an article item in place."""

    def process_item(self, item: Any) -> Any:
        """Clean text fields, the body and list fields (already done for an item prepared by `crawler.page_job`)."""
        from itemadapter import ItemAdapter  # here: extraction workers import this module without Scrapy

        adapter = ItemAdapter(item)
        prepared = adapter.get("prepared")
        if prepared is None or not prepared.current(adapter.get("body")):
            clean_fields(adapter)
        return item
