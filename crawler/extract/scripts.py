"""Article text that a page ships only inside a script payload (client-rendered pages): Next.js `__NEXT_DATA__` and
`self.__next_f.push(…)` (React server components), Arc XP `Fusion.globalContent`, and similar JSON states."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from crawler.extract.clean import norm_space
from crawler.extract.regex_cache import re_compile

_MIN_PARAGRAPH = 40  # chars: shorter strings in a JSON state are labels, ids and captions
_MIN_TEXT = 200  # a payload with less text than this is not an article
_FUSION_RE = re_compile(r"Fusion\.globalContent\s*=\s*")
_NEXT_F_RE = re_compile(r"self\.__next_f\.push\(\s*\[\s*\d+\s*,\s*(\"(?:[^\"\\]|\\.)*\")\s*\]\s*\)", re.S)
_RSC_TEXT_RE = re_compile(r'"children"\s*:\s*"((?:[^"\\]|\\.){%d,})"' % _MIN_PARAGRAPH)
_TAG_RE = re_compile(r"<\s*(?:p|br|div|h[2-6]|li)\b", re.I)
# inline markup alone (Arc's text elements: `<a href=…>El Ministerio de Salud</a> comenzó …`): read as HTML too
_INLINE_TAG_RE = re_compile(r"<(?:a|b|i|em|strong|span|sup|sub|u|mark)\b[^<>]*>", re.I)
_TEXT_TYPES = {"text", "paragraph", "p", "header", "heading", "list_item", "blockquote", "quote"}
_TEXT_KEYS = ("content", "text", "html", "value")
_BODY_KEYS = {"articlebody", "body", "bodyhtml", "body_html", "content_html", "contenthtml", "html", "content", "text"}
_SKIP_KEYS = {"comments", "related", "recommendations", "recirc", "promo_items", "navigation", "footer", "header", "ads"}


def _paragraphs_from_html(fragment: str) -> list[str]:
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [p for p in (norm_space(x) for x in re.split(r"\n+", fragment)) if p]
    for bad in root.xpath(".//script|.//style|.//figure|.//figcaption|.//iframe"):
        bad.drop_tree()
    out: list[str] = []
    for block in root.iter("p", "h2", "h3", "h4", "li", "blockquote"):
        if block.getparent() is not None and block.getparent().tag in ("blockquote", "li") and block.tag == "p":
            continue
        text = norm_space(block.text_content())
        if text:
            out.append(text)
    if not out:
        out = [p for p in (norm_space(x) for x in root.text_content().split("\n")) if p]
    return out


def text_paragraphs(value: str) -> list[str]:
    """Paragraphs of a payload's text value: HTML markup read as HTML (blocks, inline tags dropped), else lines."""
    if _TAG_RE.search(value) or _INLINE_TAG_RE.search(value):
        return _paragraphs_from_html(value)
    return [p for p in (norm_space(x) for x in re.split(r"\n+", value)) if p]


def _walk(node: Any, key: str = "") -> Iterator[list[str]]:
    """Candidate bodies in a JSON state: long strings under body-like keys, and lists of typed text elements."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k.lower() in _SKIP_KEYS:
                continue
            yield from _walk(v, k)
    elif isinstance(node, list):
        typed = [el for el in node if isinstance(el, dict) and str(el.get("type", "")).lower() in _TEXT_TYPES]
        if len(typed) >= 2:
            paragraphs: list[str] = []
            for el in typed:
                value = next((el[k] for k in _TEXT_KEYS if isinstance(el.get(k), str)), "")
                paragraphs.extend(text_paragraphs(value))
            yield paragraphs
        for v in node:
            yield from _walk(v, key)
    elif isinstance(node, str) and key.lower() in _BODY_KEYS and len(node) >= _MIN_TEXT:
        yield text_paragraphs(node)


def _best(candidates: Iterator[list[str]]) -> list[str]:
    best: list[str] = []
    best_len = 0
    for paragraphs in candidates:
        size = sum(len(p) for p in paragraphs if len(p) >= _MIN_PARAGRAPH)
        if size > best_len:
            best, best_len = paragraphs, size
    return best if best_len >= _MIN_TEXT else []


def _json_after(text: str, start: int) -> Any:
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
        return value
    except ValueError:
        return None


def script_paragraphs(doc: HtmlElement) -> list[str]:
    """The article's paragraphs from a script payload, or [] when no payload holds an article."""
    candidates: list[list[str]] = []
    next_f: list[str] = []
    for script in doc.iter("script"):
        text = script.text or ""
        if len(text) < _MIN_TEXT:
            continue
        if script.get("id") == "__NEXT_DATA__" or (script.get("type") or "").lower() == "application/json":
            state = _json_after(text.strip(), 0)
            if state is not None:
                candidates.append(_best(_walk(state)))
            continue
        m = _FUSION_RE.search(text)
        if m:
            state = _json_after(text, m.end())
            if state is not None:
                candidates.append(_best(_walk(state)))
            continue
        if "__next_f" in text:  # one RSC stream cut into many pushes, often across many scripts
            for m in _NEXT_F_RE.finditer(text):
                try:
                    next_f.append(json.loads(m.group(1)))
                except ValueError:
                    continue
    if next_f:
        texts = []
        for t in _RSC_TEXT_RE.findall("".join(next_f)):
            try:
                texts.append(norm_space(json.loads(f'"{t}"')))
            except ValueError:
                continue
        candidates.append(texts)
    return _best(iter(candidates))
