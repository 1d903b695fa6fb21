"""Scoring of extraction against expected output: the Zyte article-extraction-benchmark body metric and field checks.

Body metric (as in zytedata/article-extraction-benchmark): word 4-gram shingles counted with multiplicity,
per-page TP/FP/FN normalised to sum 1, averaged over pages, then precision/recall/F1 from the averages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from crawler.extract.regex_cache import re_compile

_TOKEN_RE = re_compile(r"\w+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Word tokens (`\\w+`)."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Counter of word n-gram shingles (one shorter shingle for texts under n words)."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def shingle_match(expected: str, predicted: str, n: int = 4) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page; (0, 0, 0) when both texts are empty."""
    true, pred = shingles(expected, n), shingles(predicted, n)
    tp = fp = fn = 0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass
class BodyScore:
    """Averaged body precision, recall and F1 over pages."""

    precision: float
    recall: float
    f1: float


def body_score(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    """Zyte-style precision/recall/F1 over (expected, predicted) body pairs."""
    rows = [shingle_match(e, p) for e, p in pairs]
    if not rows:
        return BodyScore(0.0, 0.0, 0.0)
    tp, fp, fn = (sum(col) / len(rows) for col in zip(*rows))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScore(precision, recall, f1)


def norm_title(text: str | None) -> str:
    """Title comparison form: whitespace collapsed, stripped."""
    return " ".join((text or "").split())


def same_minute(expected: str | None, got: str | None) -> bool:
    """Dates equal as instants to the minute (both ISO 8601); both missing counts as equal."""
    from datetime import datetime

    if not expected:
        return not got
    if not got:
        return False
    try:
        a, b = datetime.fromisoformat(expected), datetime.fromisoformat(got)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def same_authors(expected: list[str], got: list[str]) -> bool:
    """Author lists equal as sets of whitespace-normalised names (order ignored)."""
    return {" ".join(a.split()).lower() for a in expected} == {" ".join(a.split()).lower() for a in got}
