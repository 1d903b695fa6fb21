"""Corpus evaluation shared by `bench/extraction_eval.py` and the corpus test: ours vs trafilatura on labelled pages."""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from crawler.extract.metrics import BodyScore, body_score, norm_title, same_authors, same_minute


@dataclass
class Page:
    """One labelled page: raw bytes and the hand-written expected fields."""

    name: str
    html: bytes
    expected: dict[str, Any]
    folder: str = ""

    @property
    def key(self) -> str:
        """Unique name across folders (`folder/name`)."""
        return f"{self.folder}/{self.name}" if self.folder else self.name

    @property
    def language(self) -> str:
        """Primary language subtag of the expected label (`und` when unknown)."""
        return (self.expected.get("language") or "und").split("-")[0].lower()

    @property
    def expected_body(self) -> str:
        return "\n\n".join(self.expected.get("body_paragraphs") or [])


@dataclass
class Prediction:
    """What one extractor produced for a page, and how long it took."""

    body: str = ""
    title: str = ""
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Report:
    """Corpus-level figures for one extractor."""

    name: str
    body: BodyScore
    title_exact: float
    published_minute: float
    published_day: float
    authors_exact: float
    median_pages_per_s: float
    throughput_pages_per_s: float
    per_page: dict[str, dict[str, Any]]
    pages: int = 0
    low_f1: int = 0  # pages whose body F1 is below LOW_F1

    @property
    def f1(self) -> float:
        """Body F1 (shortcut)."""
        return self.body.f1


LOW_F1 = 0.5


def load_pages(folder: str | Path) -> list[Page]:
    """NAME.html + NAME.json pairs in a folder (and article.html + expected.json, the seed layout)."""
    folder = Path(folder)
    pages = []
    for html_path in sorted(folder.glob("*.html")):
        json_path = html_path.with_suffix(".json")
        if not json_path.exists() and html_path.name == "article.html":
            json_path = folder / "expected.json"
        if json_path.exists():
            pages.append(Page(html_path.stem if html_path.name != "article.html" else folder.name, html_path.read_bytes(),
                              json.loads(json_path.read_text(encoding="utf-8")), folder.name))
    return pages


class TrafilaturaUnavailable(RuntimeError):
    """trafilatura cannot be imported, so there is no baseline (and no extractor fallback)."""


def require_trafilatura() -> None:
    """Import trafilatura or raise `TrafilaturaUnavailable` naming the cause: a benchmark must never silently lose its baseline."""
    try:
        import trafilatura  # noqa: F401
    except ImportError as exc:  # lxml >= 5.2 moved lxml.html.clean to the lxml_html_clean package
        raise TrafilaturaUnavailable(f"trafilatura cannot be imported ({exc}); install the project's dependencies "
                                     "(pip install -e . brings trafilatura and lxml_html_clean)") from exc


def run_ours(page: Page) -> Prediction:
    """Our extractor on one page."""
    from crawler.extract import extract_article

    t0 = time.perf_counter()
    try:
        art = extract_article(page.html, page.expected.get("url", ""))
    except Exception as exc:  # noqa: BLE001 - a crash scores as an empty result and is named, not a lost run
        print(f"newsarchive raised on {page.key}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return Prediction("", "", None, [], time.perf_counter() - t0)
    dt = time.perf_counter() - t0
    return Prediction(art.body, art.title, art.published, art.authors, dt)


def run_trafilatura(page: Page) -> Prediction:
    """trafilatura 2.x (`extract(..., with_metadata=True, output_format="json")`) on one page's bytes."""
    require_trafilatura()
    import trafilatura

    t0 = time.perf_counter()
    out = trafilatura.extract(page.html, url=page.expected.get("url"), with_metadata=True, output_format="json")
    dt = time.perf_counter() - t0
    data = json.loads(out) if out else {}
    authors = [a.strip() for a in (data.get("author") or "").split(";") if a.strip()]
    body = "\n\n".join(line for line in (data.get("text") or "").split("\n") if line.strip())
    return Prediction(body, data.get("title") or "", data.get("date"), authors, dt)


def predict(pages: list[Page], runner: Callable[[Page], Prediction], repeats: int = 1) -> dict[str, Prediction]:
    """Run one extractor over the pages (keyed by `Page.key`); timing is the best of `repeats` runs per page."""
    preds: dict[str, Prediction] = {}
    for page in pages:
        best = None
        for _ in range(max(1, repeats)):
            pred = runner(page)
            if best is None or pred.seconds < best.seconds:
                best = pred
        preds[page.key] = best
    return preds


def evaluate(pages: list[Page], name: str, runner: Callable[[Page], Prediction], repeats: int = 1) -> Report:
    """Score one extractor over the pages; timing is the best of `repeats` runs per page."""
    return score(pages, name, predict(pages, runner, repeats))


def score(pages: list[Page], name: str, preds: dict[str, Prediction]) -> Report:
    """Corpus figures of one extractor's predictions over these pages (any subset of what was predicted)."""
    per_page: dict[str, dict[str, Any]] = {}
    titles = dates_min = dates_day = authors = 0
    for page in pages:
        p, e = preds[page.key], page.expected
        exp_pub = e.get("published")
        t_ok = norm_title(p.title) == norm_title(e.get("title"))
        dm_ok = same_minute(exp_pub, p.published) if p.published and len(p.published) > 10 else False
        dd_ok = bool(exp_pub and p.published and p.published[:10] == exp_pub[:10]) or (not exp_pub and not p.published)
        a_ok = same_authors(e.get("authors") or [], p.authors)
        titles, dates_min, dates_day, authors = titles + t_ok, dates_min + dm_ok, dates_day + dd_ok, authors + a_ok
        per_page[page.key] = {"f1": body_score([(page.expected_body, p.body)]).f1, "title": t_ok, "published": dm_ok,
                               "published_day": dd_ok, "authors": a_ok, "got_title": p.title, "got_published": p.published,
                               "got_authors": p.authors, "seconds": p.seconds}
    n = max(1, len(pages))
    secs = [preds[p.key].seconds for p in pages] or [1.0]
    return Report(
        name=name,
        body=body_score([(p.expected_body, preds[p.key].body) for p in pages]),
        title_exact=titles / n, published_minute=dates_min / n, published_day=dates_day / n, authors_exact=authors / n,
        median_pages_per_s=1.0 / max(statistics.median(secs), 1e-9), throughput_pages_per_s=len(secs) / max(sum(secs), 1e-9),
        per_page=per_page, pages=len(pages), low_f1=sum(row["f1"] < LOW_F1 for row in per_page.values()),
    )


def breakdown(pages: list[Page], name: str, preds: dict[str, Prediction]) -> dict[str, Report]:
    """Reports per folder (`folder:NAME`), per language (`lang:CODE`) and over all pages (`all`)."""
    groups: dict[str, list[Page]] = {}
    for page in pages:
        groups.setdefault(f"folder:{page.folder}", []).append(page)
    for page in pages:
        groups.setdefault(f"lang:{page.language}", []).append(page)
    groups["all"] = list(pages)
    return {label: score(group, name, preds) for label, group in groups.items()}


def losses(ours: Report, theirs: Report, margin: float = 0.1) -> list[tuple[str, float, float]]:
    """Pages where `theirs` beats `ours` on body F1 by more than `margin`: (page key, our F1, their F1), worst first."""
    rows = [(key, row["f1"], theirs.per_page[key]["f1"]) for key, row in ours.per_page.items()
            if key in theirs.per_page and theirs.per_page[key]["f1"] - row["f1"] > margin]
    return sorted(rows, key=lambda r: r[1] - r[2])
